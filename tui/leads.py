"""What is left to do: jump to the next untagged, disputed, clashing or one-side claim, in
this article or across all open ones, and a progress line under each column's title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.claim_context import short_label
from tui.comparing import Comparing

if TYPE_CHECKING:
    from tui.article_view import ArticleView

__all__ = ["LEADS", "Leads"]

LEADS: tuple[str, ...] = ("untagged", "disputed", "clash", "one-side")
"""What the jump keys look for, in the order `t` goes through them."""

_NAMES = {
    "conflict": "claim in conflict (analysts gave different verdicts)",
    "untagged": "untagged claim",
    "disputed": "disputed claim",
    "clash": "claim with a clashing figure",
    "one-side": "claim with a figure only one report gives",
}


class Leads(Comparing):
    """] and [ go to the next and previous claim of the kind the analyst looks for in this
    article, } and { across every open article; t changes the kind."""

    lead: str = LEADS[0]
    """The kind of claim the jump keys look for."""

    def lead_indexes(self, view: ArticleView, kind: str | None = None) -> list[int]:
        """The claims of `view` of the kind looked for (`kind`, else the lead), in order
        (figure kinds need the comparison; before it is done there are none)."""
        kind = kind or self.lead
        if kind in ("untagged", "disputed", "conflict"):
            marks = view.marks
            if kind != "untagged":
                return sorted(i for i, mark in marks.items() if mark == kind)
            return [i for i in range(len(view.claims)) if marks.get(i) not in LEAD_TAGGED]
        found: set[int] = set()
        for group in self.comparison.figures if self.comparison is not None else ():
            if group.status != kind:
                continue
            for mention in group.mentions:
                if mention.article_id == view.article_id:
                    index = view.claim_index_at(mention.start)
                    if index >= 0:
                        found.add(index)
        return sorted(found)

    def action_cycle_lead(self) -> None:
        self.lead = LEADS[(LEADS.index(self.lead) + 1) % len(LEADS)]
        self.notify(
            f"] [ and }} {{ now go to the next {_NAMES[self.lead]}.", timeout=3, markup=False
        )

    def action_next_lead(self) -> None:
        self.current_view.when_claims_ready(lambda: self._jump(+1, everywhere=False))

    def action_previous_lead(self) -> None:
        self.current_view.when_claims_ready(lambda: self._jump(-1, everywhere=False))

    def action_next_lead_anywhere(self) -> None:
        self.current_view.when_claims_ready(lambda: self._jump(+1, everywhere=True))

    def action_previous_lead_anywhere(self) -> None:
        self.current_view.when_claims_ready(lambda: self._jump(-1, everywhere=True))

    def action_next_conflict(self) -> None:
        self.current_view.when_claims_ready(
            lambda: self._jump(+1, everywhere=True, kind="conflict")
        )

    def action_previous_conflict(self) -> None:
        self.current_view.when_claims_ready(
            lambda: self._jump(-1, everywhere=True, kind="conflict")
        )

    def _jump(self, step: int, *, everywhere: bool, kind: str | None = None) -> None:
        kind = kind or self.lead
        if kind in ("clash", "one-side") and self.comparison is None:
            self.notify("Still comparing the articles…", markup=False)
            return
        views = self.views
        here = views.index(self.current_view)
        order = views[here:] + views[:here] if everywhere else [views[here]]
        if step < 0:
            order = [order[0], *reversed(order[1:])]
        current = self.current_view.current_claim
        for turn, view in enumerate(order + ([order[0]] if everywhere else [])):
            indexes = self.lead_indexes(view, kind)
            if turn == 0:
                # In the article the analyst is in: only past the current claim.
                indexes = [i for i in indexes if (i - current) * step > 0]
            elif turn == len(order):
                # Back round to the start of this article.
                indexes = [i for i in indexes if (i - current) * step < 0]
            if indexes:
                target = indexes[0] if step > 0 else indexes[-1]
                self.set_focus(view)
                view.current_claim = target
                return
        where = (
            "any open article"
            if everywhere
            else (
                f"{short_label(self.articles, views[here].article_id)} "
                f"{'after' if step > 0 else 'before'} this one (}} {{ look in every article)"
            )
        )
        self.notify(f"No {_NAMES[kind]} in {where}.", timeout=4, markup=False)

    def refresh_status(self) -> None:
        super().refresh_status()
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Say under each column's title how much of it is tagged."""
        from tui.widgets import ArticleColumn

        for column in self.query(ArticleColumn):
            view = column.view
            if not view.claims_ready:
                continue
            tagged = sum(1 for mark in view.marks.values() if mark in LEAD_TAGGED)
            column.show_tagged(tagged, len(view.claims))


LEAD_TAGGED = frozenset({"confirmed", "disputed", "conflict"})
"""Marks that count as tagged: a claim with a verdict, or several (a note alone leaves it
untagged)."""
