"""Comparing the open articles: the worker, lit-up entities, the matching claim, and links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from tui.claim_context import short_label
from tui.desk_base import DeskBase

if TYPE_CHECKING:
    from annotations.claims import Claim
    from annotations.compare import Comparison, Entity, FigureGroup
    from annotations.spans import Span
    from tui.article_view import ArticleView

__all__ = ["COMPARE_LIMIT", "Comparing"]

COMPARE_LIMIT = 8_000_000
"""Characters, all open articles together, up to which the desk compares them as you read."""


class Comparing(DeskBase):
    """The comparison of the open articles, worked out off the event loop, and what the
    analyst does with it: `m` brings the matching claim beside this one, `l` links them."""

    _link_target: ArticleView | None = None
    _not_compared = "Still comparing the articles…"
    _still_comparing = _not_compared
    _match_asked: tuple[str, int] | None = None
    """The claim (article id, start) whose match `m` asked for before the comparison was
    ready: it is brought beside it when the comparison comes, if the analyst is still there."""

    def say_not_compared(self) -> None:
        """Tell the analyst why there is no comparison: not yet, or not at all."""
        self.notify(self._not_compared)

    def compare_when_detected(self) -> None:
        """Compare the articles once every one of them has its names and figures."""
        # The same text opened twice (a file and its copy) is one article.
        distinct = {article.id for article in self.articles}
        if len(distinct) < 2:
            self._not_compared = (
                "There is nothing to compare: open two different reports "
                "(the same text opened twice is one article)."
            )
            return
        if len(self._claims) < len(distinct):
            return
        size = sum(len(article.text) for article in self.articles)
        if size <= COMPARE_LIMIT:
            self.compare_articles()
        else:
            self._not_compared = (
                "These articles are too long to compare here: use newsdesk compare."
            )
            self.notify(
                f"These articles hold {size / 1e6:.0f} million characters: too many to "
                "compare while you read. Use newsdesk compare on the command line.",
                severity="warning",
                timeout=15,
                markup=False,
            )

    @work(thread=True, exclusive=True, group="compare")
    def compare_articles(self) -> None:
        # Imported here: the comparison's tables are start-up time nobody needs to wait for.
        from annotations.compare import compare
        from annotations.entity_decisions import entity_decisions

        decisions = entity_decisions(self.desk)
        distinct = {article.id: article for article in reversed(self.articles)}
        prepared = [
            (article, self._spans[article.id], self._claims[article.id])
            for article in self.articles
            if distinct[article.id] is article
        ]
        comparison = compare(prepared, **decisions)
        self.app.call_from_thread(self._show_comparison, comparison)

    def _show_comparison(self, comparison: Comparison) -> None:
        if self.closing:
            return  # the desk was closed while the worker compared
        self.comparison = comparison
        self.keep_out_of_collector()
        statuses: dict[str, dict[int, str]] = {}
        for group in comparison.figures:
            for mention in group.mentions:
                statuses.setdefault(mention.article_id, {})[mention.start] = group.status
        for view in self.views:
            view.set_figure_status(statuses.get(view.article_id, {}))
        self.light_up(self.current_view.mention)
        self.refresh_detail()
        asked, self._match_asked = self._match_asked, None
        claim = self.current_claim()
        if asked is not None and claim is not None and asked == (claim.article_id, claim.start):
            self._jump_to_match(claim)

    def light_up(self, span: Span | None) -> None:
        """Light up every mention of the entity (or figure group) the analyst is on."""
        ranges: dict[str, list[tuple[int, int]]] = {}
        comparison = self.comparison
        view = self.current_view
        if span is not None and comparison is not None:
            group: Entity | FigureGroup | None
            if span.kind == "name":
                group = comparison.entity_of(view.article_id, span.start)
            else:
                group = comparison.figure_group_of(view.article_id, span.start)
            for mention in group.mentions if group is not None else ():
                ranges.setdefault(mention.article_id, []).append((mention.start, mention.end))
        for each in self.views:
            each.set_focus_ranges(ranges.get(each.article_id, []))

    def action_jump_to_match(self) -> None:
        # Typed the moment the desk appears (after a j), m waits for the claims as j does.
        self.on_claim(self._jump_to_match, verb=None)  # records nothing

    def _jump_to_match(self, claim: Claim | None) -> None:
        if claim is None:
            self.notify("Move onto a claim first (j).", severity="warning", markup=False)
            return
        if self.comparison is None:
            if self._not_compared == self._still_comparing:
                # Pressed while the worker compares (a slow machine, long articles): the
                # match comes beside the claim as soon as there is one, not a retry later.
                self._match_asked = (claim.article_id, claim.start)
                self.notify(
                    "Still comparing the articles… the match will be shown when ready.",
                    markup=False,
                )
                return
            self.say_not_compared()
            return
        match = self.comparison.best_match(claim.article_id, claim.start)
        target = self.view_of(match.match.article_id) if match else None
        if match is None or target is None:
            from annotations.compare.matching import MATCH_THRESHOLD

            self.notify(
                f"No match: no claim of the other reports reaches {MATCH_THRESHOLD:.2f}"
                " for this event.",
                markup=False,
            )
            return
        source = self.current_view
        index = target.claim_index_at(match.match.start)
        if index < 0:
            return
        target.current_claim = index
        self._link_target = target
        # Put the two claims on the same screen row, so they sit side by side: keep the
        # source where it is if the target can scroll that far, else move both up.
        source_line, target_line = source.line_of(claim.start), target.line_of(match.match.start)
        row = source_line - round(source.scroll_offset.y)
        row = min(max(row, 0), max(source.scrollable_content_region.height - 3, 0), target_line)
        source.scroll_to(y=source_line - row, animate=False, immediate=True)
        target.scroll_to(y=target_line - row, animate=False, immediate=True)

    def link_candidates(self, claim: Claim) -> list[tuple[str, Claim, str | None]]:
        """Claims to offer for a link with `claim`, each with why it is offered and the link
        it already has with `claim`: the match, the claim selected in each other article,
        the claims already linked, then every claim of the other open articles."""
        found: list[tuple[str, Claim, str | None]] = []
        seen: set[tuple[str, int]] = set()
        linked: dict[tuple[str, int], tuple[str, str]] = {}
        tag = self.desk.tag_on(claim)
        for link in self.desk.links_of(claim.article_id, claim.start, claim.end):
            end = self.desk.tag_by_id(link.other(tag.id)) if tag is not None else None
            if end is not None:
                linked[(end.article_id, end.start)] = (link.id, link.relation)

        def offer(why: str, other: Claim) -> None:
            if (other.article_id, other.start) in seen:
                return
            seen.add((other.article_id, other.start))
            link = linked.get((other.article_id, other.start))
            if link is not None:
                why = f"linked: {link[1]}"
            found.append((why, other, link[0] if link else None))

        match = (
            self.comparison.best_match(claim.article_id, claim.start) if self.comparison else None
        )
        if match is not None:
            offer(f"match {match.score:.2f}", match.match)
        views = [view for view in self.views if view.article_id != claim.article_id]
        for view in views:
            if 0 <= view.current_claim < len(view.claims):
                offer("selected there", view.claims[view.current_claim])
        for view in self.views:
            for other in view.claims:
                if (other.article_id, other.start) in linked:
                    offer("linked", other)
        for view in views:
            for other in view.claims:
                offer("", other)
        return found

    def action_link(self) -> None:
        self.on_claim(self._link_from, verb="link")

    def _link_from(self, claim: Claim | None) -> None:
        if claim is None or len(self.views) < 2:
            self.notify(
                "Move onto a claim first (j); links join claims of two articles.",
                severity="warning",
                markup=False,
            )
            return
        candidates = self.link_candidates(claim)
        analyst = self.analyst

        def save(choice: tuple[str, int] | None) -> None:
            if choice is None:
                return
            action, index = choice
            _why, other, link_id = candidates[index]
            if action == "unlink":
                if link_id is None:
                    self.notify("These two claims are not linked.", markup=False)
                    return
                self.save_then_resync(lambda desk: desk.unlink(link_id), "Unlink")
                return
            selector_a, selector_b = self.selector(claim), self.selector(other)
            self.save_then_resync(
                lambda desk: desk.link_claims(
                    claim,
                    other,
                    action,  # type: ignore[arg-type]
                    analyst,
                    selector_a=selector_a,
                    selector_b=selector_b,
                ),
                "Link",
            )

        rows = [
            (why, short_label(self.articles, other.article_id), other.text)
            for why, other, _ in candidates
        ]
        from tui.dialogs import LinkPicker

        self.app.push_screen(LinkPicker(claim.text, rows), save)
