"""The desk: articles side by side, the current claim's detail, and the tagging keys."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from annotations.anchoring import selector_for
from annotations.export import export_desk_csv
from annotations.store import ClaimStatus, Desk
from annotations.tags import claim_key
from tui.article_view import ArticleView
from tui.claim_context import context_lines
from tui.dialogs import EntityPanel, ExportDialog, LinkDialog, NoteDialog, SearchDialog
from tui.orphans import OrphanAction, OrphanPanel
from tui.undo_redo import StepTaken, claim_place, step_message
from tui.widgets import ArticleColumn, ClaimDetail, ClaimDetailState, Legend, StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult

    from annotations.articles import Article
    from annotations.claims import Claim
    from annotations.compare import Comparison, Entity
    from annotations.spans import Span
    from annotations.tags import ClaimKey, Selector, Tag
    from annotations.writer import DeskWriter
    from tui.app import NewsdeskApp

__all__ = ["DeskScreen"]

COMPARE_LIMIT = 8_000_000
"""Characters, all open articles together, up to which the desk compares them as you read."""


@dataclass
class Search:
    """A search in one article: its hits and which one the analyst is on."""

    view: ArticleView
    query: str
    hits: list[tuple[int, int]]
    index: int = -1


def find_hits(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of `query` in `text`, as (start, end)."""
    if not query:
        return []
    return [match.span() for match in re.finditer(re.escape(query), text, re.IGNORECASE)]


def mark_of(tag: Tag | None) -> str | None:
    """The mark a tag shows in the text: its status, or "noted" for a note alone."""
    if tag is None:
        return None
    if tag.status is not None:
        return str(tag.status)
    return "noted" if tag.note else None


class DeskScreen(Screen[None]):
    """Two or more articles side by side, tagged claim by claim."""

    @dataclass
    class ChangeSaved(Message):
        """The writer has a claim's change on disk."""

        key: ClaimKey
        tag: Tag | None

    @dataclass
    class ChangeFailed(Message):
        """The writer could not save a claim's change; it is held for retry."""

        key: ClaimKey
        error: Exception

    @dataclass
    class TagsChanged(Message):
        """An undo or a link is on disk: the shown tags must be read again."""

    @dataclass
    class DecisionSaved(Message):
        """An entity merge or split is on disk: compare again."""

        verb: str

    @dataclass
    class Reported(Message):
        """Something the analyst should read (an export finished or failed)."""

        text: str
        error: bool = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_article", "Next article", id="article.next"),
        Binding("shift+tab", "previous_article", "Prev article", show=False, id="article.previous"),
        Binding("c", "confirm", "Confirm", id="claim.confirm"),
        Binding("d", "dispute", "Dispute", id="claim.dispute"),
        Binding("x", "clear", "Clear", show=False, id="claim.clear"),
        Binding("n", "note", "Note", id="claim.note"),
        Binding("u", "undo", "Undo", id="desk.undo"),
        Binding("U,ctrl+r", "redo", "Redo", show=False, key_display="U", id="desk.redo"),
        Binding("e", "export", "Export CSV", show=False, id="desk.export"),
        Binding("m", "jump_to_match", "Match", id="compare.match"),
        Binding("l", "link", "Link claims", show=False, id="compare.link"),
        Binding(
            "E", "entities", "Entities", show=False, key_display="E", id="compare.entities"
        ),
        Binding(
            "M", "merge_entity", "Merge entity", show=False, key_display="M", id="compare.merge"
        ),
        Binding(
            "S", "split_entity", "Split entity", show=False, key_display="S", id="compare.split"
        ),
        Binding("slash", "search", "Search", show=False, key_display="/", id="search.start"),
        Binding("n", "next_hit", "Next hit (search)", id="search.next"),
        Binding("N", "previous_hit", "Prev hit (search)", key_display="N", id="search.previous"),
        Binding("escape", "end_search", "End search", id="search.end"),
        Binding("h", "toggle_highlights", "Highlights", show=False, id="view.highlights"),
        Binding("f", "fold_detail", "Fold panel", show=False, id="view.fold"),
        Binding("r", "retry_writes", "Retry saving", show=False, id="desk.retry"),
        Binding("o", "orphans", "Orphans", show=False, id="desk.orphans"),
    ]

    def __init__(self, articles: list[Article], desk: Desk, writer: DeskWriter) -> None:
        super().__init__()
        self.articles = articles
        self.desk = desk
        self.writer = writer
        self._tags: dict[ClaimKey, Tag | None] = {}
        self._pending: dict[ClaimKey, int] = {}
        self._spans: dict[str, list[Span]] = {}
        self._claims: dict[str, list[Claim]] = {}
        self.comparison: Comparison | None = None
        self._link_target: ArticleView | None = None
        self._search: Search | None = None
        self._shown_save_state: tuple[int, int] = (-1, -1)
        self._deferred: list[
            tuple[Callable[[Desk], object], Callable[[Any], object], Callable[[Exception], object]]
        ] = []

    @property
    def newsdesk(self) -> NewsdeskApp:
        from tui.app import NewsdeskApp

        app = self.app
        assert isinstance(app, NewsdeskApp)
        return app

    def compose(self) -> ComposeResult:
        yield Legend(id="legend")
        with Horizontal(id="columns"):
            for index, article in enumerate(self.articles):
                yield ArticleColumn(article, index=index)
        yield ClaimDetail(id="detail")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        for article in self.articles:
            self.writer.submit(partial(Desk.remember_article, article=article))
        views = list(self.query(ArticleView))
        if views:
            views[0].focus()
        # After the first frame: the text shows before detection takes the interpreter.
        self.call_after_refresh(self._start_detection)
        self.refresh_status()
        # The writer works on its own thread: look at its counters a few times a second, so
        # the status line catches up with writes that no message of ours follows.
        self.set_interval(0.2, self._watch_writer)

    def _save_state(self) -> tuple[int, int]:
        # Changes shown but not yet handed to the writer count as pending too.
        pending = max(self.writer.pending, sum(self._pending.values()))
        return pending, self.writer.failed

    def _watch_writer(self) -> None:
        # Compare with what the line shows, not with the last poll: the writer may call
        # back before it updates its own counters, so the line can be drawn from stale ones.
        if self._save_state() != self._shown_save_state:
            self.refresh_status()

    # --- detection runs off the event loop: the text shows at once, highlights follow ---------

    def _start_detection(self) -> None:
        for column in self.query(ArticleColumn):
            self.detect_column(column)

    @work(thread=True, group="detect")
    def detect_column(self, column: ArticleColumn) -> None:
        # A part at a time: a long report shows its progress, and quitting need not wait
        # for the whole text (a thread cannot be interrupted, but it can stop between parts).
        # Imported here: compiling the detector's patterns is start-up time nobody needs to wait.
        from annotations.claims import find_claims
        from annotations.detection import boilerplate_stretches, detect_in_parts

        worker = get_current_worker()
        article = column.article
        spans: list[Span] = []
        for done, part in detect_in_parts(article.text):
            if worker.is_cancelled:
                return
            spans.extend(part)
            if done < 1:
                self.app.call_from_thread(column.show_progress, done)
        if worker.is_cancelled:
            return
        claims = find_claims(article.id, article.text, spans)
        tags = {claim_key(claim): self.desk.tag_at(*claim_key(claim)) for claim in claims}
        standing = boilerplate_stretches(article.text)
        self.app.call_from_thread(self._show_detection, column, spans, claims, tags, standing)

    def _show_detection(
        self,
        column: ArticleColumn,
        spans: list[Span],
        claims: list[Claim],
        tags: dict[ClaimKey, Tag | None],
        standing: list[tuple[int, int]],
    ) -> None:
        self._spans[column.article.id] = spans
        view = column.view
        view.set_standing(standing)
        view.set_spans(spans)
        view.set_claims(claims)
        for key, tag in tags.items():
            if key not in self._pending:
                self._tags[key] = tag
        for index, claim in enumerate(claims):
            self._show_tag(view, index, self._tags.get(claim_key(claim)))
        column.detection_done(len(spans), len(claims), len(standing))
        self._claims[column.article.id] = claims
        self.refresh_detail()
        self.refresh_status()
        if len(self._claims) == len(self.articles) and len(self.articles) > 1:
            size = sum(len(article.text) for article in self.articles)
            if size <= COMPARE_LIMIT:
                self.compare_articles()
            else:
                self.notify(
                    f"These articles hold {size / 1e6:.0f} million characters: too many to "
                    "compare while you read. Use newsdesk compare on the command line.",
                    severity="warning",
                    timeout=15,
                    markup=False,
                )

    # --- comparing the articles: a worker, then marks and lookups --------------------------------

    @work(thread=True, exclusive=True, group="compare")
    def compare_articles(self) -> None:
        from annotations.compare import compare

        merges = [(d["key_a"], d["key_b"]) for d in self.desk.merges()]
        splits = [(d["entity_key"], d["text"]) for d in self.desk.splits()]
        prepared = [
            (article, self._spans[article.id], self._claims[article.id])
            for article in self.articles
        ]
        comparison = compare(prepared, aliases=self.desk.aliases(), merges=merges, splits=splits)
        self.app.call_from_thread(self._show_comparison, comparison)

    def _show_comparison(self, comparison: Comparison) -> None:
        self.comparison = comparison
        statuses: dict[str, dict[int, str]] = {}
        for group in comparison.figures:
            for mention in group.mentions:
                statuses.setdefault(mention.article_id, {})[mention.start] = group.status
        for view in self.views:
            view.set_figure_status(statuses.get(view.article_id, {}))
        self._light_up(self.current_view.mention)
        self.refresh_detail()

    # --- where the analyst is ---------------------------------------------------------------

    @property
    def pending_keys(self) -> set[ClaimKey]:
        """Claims whose latest change is shown but not yet on disk."""
        return set(self._pending)

    @property
    def views(self) -> list[ArticleView]:
        """The article views, left to right."""
        return list(self.query(ArticleView))

    @property
    def current_view(self) -> ArticleView:
        """The focused article view (the first if none is focused)."""
        focused = self.focused
        if isinstance(focused, ArticleView):
            return focused
        return self.views[0]

    def current_column(self) -> ArticleColumn:
        """The column of the focused view."""
        column = self.current_view.parent
        assert isinstance(column, ArticleColumn)
        return column

    def current_claim(self) -> Claim | None:
        """The claim the analyst is on, if any."""
        view = self.current_view
        if 0 <= view.current_claim < len(view.claims):
            return view.claims[view.current_claim]
        return None

    @on(ArticleView.ClaimChanged)
    def claim_moved(self, event: ArticleView.ClaimChanged) -> None:
        if event.view is self.current_view:
            self.refresh_detail()

    @on(ArticleView.MentionChanged)
    def mention_moved(self, event: ArticleView.MentionChanged) -> None:
        if event.view is self.current_view:
            self._light_up(event.span)
            self.refresh_detail()

    def _light_up(self, span: Span | None) -> None:
        """Light up every mention of the entity (or figure group) the analyst is on."""
        ranges: dict[str, list[tuple[int, int]]] = {}
        comparison = self.comparison
        view = self.current_view
        if span is not None and comparison is not None:
            places: list[tuple[str, int, int]] = []
            if span.kind == "name":
                entity = comparison.entity_of(view.article_id, span.start)
                if entity is not None:
                    places = [(m.article_id, m.start, m.end) for m in entity.mentions]
            else:
                group = comparison.figure_group_of(view.article_id, span.start)
                if group is not None:
                    places = [(m.article_id, m.start, m.end) for m in group.mentions]
            for article_id, start, end in places:
                ranges.setdefault(article_id, []).append((start, end))
        for each in self.views:
            each.set_focus_ranges(ranges.get(each.article_id, []))

    def on_descendant_focus(self) -> None:
        self._light_up(self.current_view.mention)
        self.refresh_detail()

    def action_next_article(self) -> None:
        self._move_article(+1)

    def action_previous_article(self) -> None:
        self._move_article(-1)

    def _move_article(self, step: int) -> None:
        views = self.views
        index = views.index(self.current_view)
        # Focus now, not on the next idle (Widget.focus): keys already queued behind this
        # one (a fast typist, a script) must reach the newly chosen article.
        self.set_focus(views[(index + step) % len(views)])

    def action_fold_detail(self) -> None:
        """Fold the detail panel to its first line (more article on a small screen), or unfold."""
        self.query_one(ClaimDetail).toggle_class("folded")

    def action_toggle_highlights(self) -> None:
        for view in self.views:
            view.show_highlights = not view.show_highlights

    # --- tagging ----------------------------------------------------------------------------

    def action_confirm(self) -> None:
        self._set_status(ClaimStatus.CONFIRMED)

    def action_dispute(self) -> None:
        self._set_status(ClaimStatus.DISPUTED)

    def action_clear(self) -> None:
        self._set_status(None)

    def _selector(self, claim: Claim) -> Selector:
        """The claim's quote and context in its article, stored with its tag."""
        article = next(a for a in self.articles if a.id == claim.article_id)
        return selector_for(article.text, claim.start, claim.end)

    def _surroundings(self, claim: Claim) -> tuple[str, str]:
        selector = self._selector(claim)
        return selector.prefix, selector.suffix

    def _on_claim(self, action: Callable[[Claim | None], object]) -> None:
        """Run `action` on the focused article's current claim once its claims are known (keys
        typed the moment the desk appears wait for detection, in order), after bringing the
        cursor back on screen if the view was scrolled away from it."""
        view = self.current_view

        def act() -> None:
            view.claim_into_view()
            index = view.current_claim
            action(view.claims[index] if 0 <= index < len(view.claims) else None)

        view.when_claims_ready(act)

    def _set_status(self, status: ClaimStatus | None) -> None:
        self._on_claim(partial(self._set_status_of, status=status))

    def _set_status_of(self, claim: Claim | None, *, status: ClaimStatus | None) -> None:
        if claim is None:
            self.notify("This article has no claim to tag.", severity="warning", markup=False)
            return
        previous = self._tags.get(claim_key(claim))
        if status is None and previous is None:
            return
        prefix, suffix = self._surroundings(claim)
        analyst = self.newsdesk.analyst
        self._show_provisional(claim, status, previous.note if previous else "")
        self._submit(
            claim,
            lambda desk: desk.set_status(claim, status, analyst, prefix=prefix, suffix=suffix),
        )

    def action_note(self) -> None:
        self._on_claim(self._edit_note)

    def _edit_note(self, claim: Claim | None) -> None:
        if claim is None:
            self.notify("This article has no claim to annotate.", severity="warning", markup=False)
            return
        tag = self._tags.get(claim_key(claim))

        def save(note: str | None) -> None:
            if note is None or note == (tag.note if tag else ""):
                return
            prefix, suffix = self._surroundings(claim)
            analyst = self.newsdesk.analyst
            self._show_provisional(claim, tag.status if tag else None, note)
            self._submit(
                claim,
                lambda desk: desk.set_note(claim, note, analyst, prefix=prefix, suffix=suffix),
            )

        self.app.push_screen(NoteDialog(claim.text, tag.note if tag else ""), save)

    def _show_provisional(self, claim: Claim, status: ClaimStatus | None, note: str) -> None:
        """Show a change at once, marked as saving until the writer has it on disk."""
        key = claim_key(claim)
        self._pending[key] = self._pending.get(key, 0) + 1
        self._set_view_mark(key, str(status) if status else ("noted" if note else None))
        self.refresh_detail(provisional=(key, status, note))
        self.refresh_status()

    def _submit(self, claim: Claim, change: Callable[[Desk], Tag | None]) -> None:
        # The writer thread answers with messages: post_message is thread-safe and never
        # waits for the event loop, so a flush on quit cannot deadlock.
        key = claim_key(claim)
        self._deferred.append(
            (
                change,
                lambda tag: self.post_message(self.ChangeSaved(key, tag)),
                lambda error: self.post_message(self.ChangeFailed(key, error)),
            )
        )
        # After the next frame: the write serialises the whole desk and holds the interpreter
        # for a while on a big desk; the analyst sees the mark first.
        self.call_after_refresh(self.hand_over_changes)

    def hand_over_changes(self) -> None:
        """Give the writer every change shown but not yet handed over, in order."""
        deferred, self._deferred = self._deferred, []
        for change, on_done, on_error in deferred:
            self.writer.submit(change, on_done, on_error)

    @on(ChangeSaved)
    def show_saved(self, event: ChangeSaved) -> None:
        key, tag = event.key, event.tag
        self._tags[key] = tag
        remaining = self._pending.get(key, 1) - 1
        if remaining <= 0:
            self._pending.pop(key, None)
            self._set_view_mark(key, mark_of(tag))
        else:
            self._pending[key] = remaining
        self.refresh_detail()
        self.refresh_status()

    @on(ChangeFailed)
    def show_failed(self, event: ChangeFailed) -> None:
        self.refresh_status()
        self.notify(
            f"Not saved: {str(event.error).rstrip('.')}. The change is kept; press r to retry.",
            title="Saving failed",
            severity="error",
            timeout=30,
            markup=False,
        )

    def action_retry_writes(self) -> None:
        if self.writer.failed:
            self.writer.retry()
            self.refresh_status()

    def action_undo(self) -> None:
        self._take_back(redo=False)

    def action_redo(self) -> None:
        self._take_back(redo=True)

    def _take_back(self, *, redo: bool) -> None:
        verb = "Redo" if redo else "Undo"
        self.writer.submit(
            lambda desk: desk.redo_step() if redo else desk.undo_step(),
            lambda step: self.post_message(StepTaken(step, redo)),
            lambda error: self.post_message(self.Reported(f"{verb} failed: {error}", error=True)),
        )

    @on(StepTaken)
    def show_step(self, event: StepTaken) -> None:
        """Show what undo or redo changed, go to its claim, and say what it was."""
        self._resync()
        step = event.step
        place = claim_place(self.views, step.key if step else None)
        if place is not None:
            view, index = place
            self.set_focus(view)
            view.current_claim = index
        if step is not None and step.kind == "decision":
            self.compare_articles()  # the grouping the undone merge or split made goes now
        message = step_message(
            step, redo=event.redo, articles=self.articles, index=place[1] if place else None
        )
        self.notify(message, timeout=4, markup=False)

    @on(TagsChanged)
    def show_undone(self) -> None:
        self._resync()

    @on(Reported)
    def show_report(self, event: Reported) -> None:
        self.notify(
            event.text,
            severity="error" if event.error else "information",
            timeout=15 if event.error else 6,
            markup=False,
        )

    def _resync(self) -> None:
        """Re-read every shown claim's tag from the desk (after an undo)."""
        for view in self.views:
            for index, claim in enumerate(view.claims):
                key = claim_key(claim)
                if key in self._pending:
                    continue
                tag = self.desk.tag_at(*key)
                self._tags[key] = tag
                self._show_tag(view, index, tag)
        self.refresh_detail()
        self.refresh_status()

    @staticmethod
    def _show_tag(view: ArticleView, index: int, tag: Tag | None) -> None:
        view.set_mark(index, mark_of(tag))
        view.set_moved(index, tag is not None and tag.anchor == "moved")

    def _set_view_mark(self, key: ClaimKey, mark: str | None) -> None:
        for view in self.views:
            for index, claim in enumerate(view.claims):
                if claim_key(claim) == key:
                    view.set_mark(index, mark)
                    return

    # --- search -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        searching = self._search is not None
        if action in ("next_hit", "previous_hit", "end_search"):
            return searching
        if action == "note":
            return not searching
        return True

    def action_search(self) -> None:
        view = self.current_view

        def run(query: str | None) -> None:
            if not query:
                return
            hits = find_hits(view.text, query)
            if not hits:
                self.notify(f"No hit for {query!r} in this article.", markup=False)
                return
            self._end_search()
            self._search = Search(view, query, hits)
            view.set_search_hits(hits)
            claim = self.current_claim()
            position = claim.start if claim is not None else 0
            self._search.index = bisect_left(hits, (position, 0)) - 1
            self._step_hit(+1)
            self.refresh_bindings()

        self.app.push_screen(SearchDialog(), run)

    def _step_hit(self, step: int) -> None:
        search = self._search
        if search is None:
            return
        search.index = (search.index + step) % len(search.hits)
        start, end = search.hits[search.index]
        view = search.view
        self.set_focus(view)
        index = view.claim_index_at(start)
        if index >= 0:
            view.current_claim = index
        line = view.line_of(start)
        height = view.scrollable_content_region.height
        if not view.scroll_offset.y <= line < view.scroll_offset.y + height:
            view.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)
        self.notify(
            f"{search.index + 1} of {len(search.hits)} hits for {search.query!r}"
            " · n next · N previous · escape ends",
            timeout=3,
            markup=False,
        )

    def action_next_hit(self) -> None:
        self._step_hit(+1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def action_end_search(self) -> None:
        self._end_search()

    def _end_search(self) -> None:
        if self._search is not None:
            self._search.view.set_search_hits([])
            self._search = None
            self.refresh_bindings()

    # --- comparing: the matching claim, links, entity decisions ---------------------------------

    def _view_of(self, article_id: str) -> ArticleView | None:
        return next((view for view in self.views if view.article_id == article_id), None)

    def action_jump_to_match(self) -> None:
        claim = self.current_claim()
        if claim is None:
            self.notify("Move onto a claim first (j).", severity="warning", markup=False)
            return
        if self.comparison is None:
            self.notify("Still comparing the articles…", markup=False)
            return
        match = self.comparison.best_match(claim.article_id, claim.start)
        target = self._view_of(match.match.article_id) if match else None
        if match is None or target is None:
            self.notify("No matching claim in the other reports.", markup=False)
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

    def _other_claim(self) -> Claim | None:
        """The claim selected in the other article: the last `m` target, else the next column."""
        source = self.current_view
        target = self._link_target
        if target is None or target is source or target not in self.views:
            views = self.views
            target = views[(views.index(source) + 1) % len(views)]
        if target is source or not 0 <= target.current_claim < len(target.claims):
            return None
        return target.claims[target.current_claim]

    def action_link(self) -> None:
        claim, other = self.current_claim(), self._other_claim()
        if claim is None or other is None:
            self.notify(
                "Select a claim in each article first (j, then m or tab j).",
                severity="warning",
                markup=False,
            )
            return
        analyst = self.newsdesk.analyst

        def save(relation: str | None) -> None:
            if relation is None:
                return
            selector_a, selector_b = self._selector(claim), self._selector(other)
            self.writer.submit(
                lambda desk: desk.link_claims(
                    claim,
                    other,
                    relation,  # type: ignore[arg-type]
                    analyst,
                    selector_a=selector_a,
                    selector_b=selector_b,
                ),
                lambda _link: self.post_message(self.TagsChanged()),
                lambda error: self.post_message(self.Reported(f"Link failed: {error}", True)),
            )

        self.app.push_screen(LinkDialog(claim.text, other.text), save)

    def _entity_here(self) -> tuple[Entity, Span] | None:
        span = self.current_view.mention
        if span is None or span.kind != "name" or self.comparison is None:
            return None
        entity = self.comparison.entity_of(self.current_view.article_id, span.start)
        return (entity, span) if entity is not None else None

    def action_entities(self) -> None:
        if self.comparison is None:
            self.notify("Still comparing the articles…", markup=False)
            return
        here = self._entity_here()

        def chosen(key: str | None) -> None:
            if key is not None:
                self._go_to_entity(key)

        self.app.push_screen(
            EntityPanel(
                self.comparison.entities, self.articles, current=here[0].key if here else None
            ),
            chosen,
        )

    def _go_to_entity(self, key: str) -> None:
        if self.comparison is None:
            return
        entity = next((e for e in self.comparison.entities if e.key == key), None)
        if entity is None:
            return
        view = self.current_view
        mention = next((m for m in entity.mentions if m.article_id == view.article_id), None)
        mention = mention or entity.mentions[0]
        view = self._view_of(mention.article_id) or view
        self.set_focus(view)
        index = view.claim_index_at(mention.start)
        if index >= 0:
            view.current_claim = index
            spans = view.claims[index].spans
            view.current_mention = next(
                (i for i, span in enumerate(spans) if span.start == mention.start), -1
            )

    def action_merge_entity(self) -> None:
        here = self._entity_here()
        if here is None or self.comparison is None:
            self.notify("Move onto a name first (→).", severity="warning", markup=False)
            return
        entity = here[0]

        def merge(key: str | None) -> None:
            if key is None or key == entity.key:
                return
            decision = {"key_a": entity.key, "key_b": key}
            self._decide(lambda desk: desk.add_merge(decision), "Merged")

        self.app.push_screen(
            EntityPanel(
                self.comparison.entities,
                self.articles,
                current=entity.key,
                prompt=f"Merge {entity.name} with…",
            ),
            merge,
        )

    def action_split_entity(self) -> None:
        here = self._entity_here()
        if here is None:
            self.notify("Move onto a name first (→).", severity="warning", markup=False)
            return
        entity, span = here
        if len(entity.spellings) < 2 and len(entity.mentions) < 2:
            self.notify("This name is already an entity of its own.", markup=False)
            return
        decision = {"entity_key": entity.key, "text": span.text}
        self._decide(lambda desk: desk.add_split(decision), "Split")

    def _decide(self, change: Callable[[Desk], object], verb: str) -> None:
        self.writer.submit(
            change,
            lambda _result: self.post_message(self.DecisionSaved(verb)),
            lambda error: self.post_message(self.Reported(f"{verb} failed: {error}", True)),
        )

    @on(DecisionSaved)
    def recompare(self, event: DecisionSaved) -> None:
        self.notify(f"{event.verb}: names regrouped.", markup=False)
        self.compare_articles()

    # --- orphans: tags whose sentence is gone from an edited article -----------------------------

    def action_orphans(self) -> None:
        orphans = self.desk.orphans()
        if not orphans:
            self.notify("No orphaned tags: every tag sits on its sentence.", markup=False)
            return
        titles = {info["id"]: info.get("title") or "" for info in self.desk.articles()}
        self.app.push_screen(
            OrphanPanel(orphans, titles, claim=self.current_claim()), self._carry_out
        )

    def _carry_out(self, action: OrphanAction | None) -> None:
        if action is None:
            return
        if action.kind == "reattach" and action.claim is not None:
            claim = action.claim
            prefix, suffix = self._surroundings(claim)

            def change(desk: Desk) -> object:
                return desk.reattach(action.tag_id, claim, prefix=prefix, suffix=suffix)

        else:

            def change(desk: Desk) -> object:
                return desk.discard(action.tag_id)

        verb = "Re-attach" if action.kind == "reattach" else "Discard"
        self.writer.submit(
            change,
            lambda _tag: self.post_message(self.TagsChanged()),
            lambda error: self.post_message(self.Reported(f"{verb} failed: {error}", True)),
        )

    # --- export -----------------------------------------------------------------------------

    def action_export(self) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        default = str(Path.cwd() / f"newsdesk-export-{stamp}.csv")

        def export(path: str | None) -> None:
            if path:
                self.export_to(Path(path).expanduser())

        self.app.push_screen(ExportDialog(default), export)

    def export_to(self, path: Path) -> None:
        """Export through the writer queue, so every change made before is in the file."""
        spans = dict(self._spans)

        self.writer.submit(
            lambda desk: export_desk_csv(desk, path, spans=spans),
            lambda rows: self.post_message(
                self.Reported(f"Exported {rows} tagged claim(s) to {path}")
            ),
            lambda error: self.post_message(self.Reported(f"Export failed: {error}", error=True)),
        )

    # --- panels ------------------------------------------------------------------------------

    def refresh_detail(
        self, provisional: tuple[ClaimKey, ClaimStatus | None, str] | None = None
    ) -> None:
        """Show the current claim in the detail panel."""
        claim = self.current_claim()
        detail = self.query_one(ClaimDetail)
        view = self.current_view
        column = self.current_column()
        state = ClaimDetailState(
            claim=claim,
            article_title=column.article.title,
            position=f"{view.current_claim + 1}",
            claims_in_article=len(view.claims),
        )
        if claim is not None:
            key = claim_key(claim)
            tag = self._tags.get(key)
            if tag is not None:
                state.status = str(tag.status) if tag.status else None
                state.note = tag.note
                state.analyst = tag.analyst
                state.updated_at = tag.updated_at
                state.history = tag.history
            if provisional is not None and provisional[0] == key:
                state.status = str(provisional[1]) if provisional[1] else None
                state.note = provisional[2]
            state.pending = key in self._pending
            state.extra = context_lines(
                claim,
                view.mention,
                articles=self.articles,
                comparison=self.comparison,
                desk=self.desk,
                tag=tag,
            )
        detail.show(state)

    def refresh_status(self) -> None:
        """Update the counts and the saving indicator."""
        counts: dict[str, int] = {"confirmed": 0, "disputed": 0, "noted": 0}
        for view in self.views:
            for mark in view.marks.values():
                counts[mark] = counts.get(mark, 0) + 1
        pending, failed = self._shown_save_state = self._save_state()
        self.query_one(StatusLine).show(
            counts, pending=pending, failed=failed, db=self.newsdesk.db_label
        )
