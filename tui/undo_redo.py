"""Undo and redo on the desk: each says what it took back and goes to the claim it changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message

from annotations.safe_text import single_line
from tui.article_details import ArticleDetails
from tui.claim_context import short_label
from tui.comparing import Comparing
from tui.saving import Saving

if TYPE_CHECKING:
    from collections.abc import Sequence

    from annotations.articles import Article
    from annotations.store import Step
    from annotations.tags import ClaimKey
    from tui.article_view import ArticleView

__all__ = ["UndoRedo", "claim_place", "step_message"]


def claim_place(
    views: Sequence[ArticleView], key: ClaimKey | None
) -> tuple[ArticleView, int] | None:
    """The open view and claim index of the claim `key`, if it is open."""
    if key is None:
        return None
    article_id, start, end = key
    for view in views:
        if view.article_id != article_id:
            continue
        index = view.places.index_of(start, end)  # a sentence, or a claim drawn in one
        if index >= 0:
            return view, index
    return None


def step_message(
    step: Step | None, *, redo: bool, articles: Sequence[Article], index: int | None
) -> str:
    """What to tell the analyst: "undid: confirmed → untagged, claim 4 of A1"."""
    if step is None:
        return "Nothing to redo." if redo else "Nothing to undo."
    where = ""
    if step.key is not None:
        if index is not None:
            where = f", claim {index + 1} of {short_label(articles, step.key[0])}"
        else:
            title = next((a.title for a in articles if a.id == step.key[0]), "")
            where = f", a claim of {single_line(title)}" if title else ", a claim not open"
    return f"{'redid' if redo else 'undid'}: {step.what}{where}"


class UndoRedo(Saving, Comparing, ArticleDetails):
    """u undoes the last change of the desk and U (or ctrl+r) makes it again; each says what
    it did, goes to the claim, and regroups the names when it was a merge or a split."""

    @dataclass
    class StepTaken(Message):
        """The writer has undone or redone a change (`step` is None when there was none)."""

        step: Step | None
        redo: bool

    def action_undo(self) -> None:
        self._take_back(redo=False)

    def action_redo(self) -> None:
        self._take_back(redo=True)

    def _take_back(self, *, redo: bool) -> None:
        verb = "Redo" if redo else "Undo"
        self.writer.submit(
            lambda desk: desk.redo_step() if redo else desk.undo_step(),
            lambda step: self.post_message(self.StepTaken(step, redo)),
            lambda error: self.post_message(self.Reported(f"{verb} failed: {error}", True)),
        )

    @on(StepTaken)
    def show_step(self, event: StepTaken) -> None:
        """Show what undo or redo changed, go to its claim, and say what it was."""
        self.resync()
        step = event.step
        place = claim_place(self.views, step.key if step else None)
        if place is not None:
            view, index = place
            self.set_focus(view)
            view.current_claim = index
        if step is not None and step.kind == "decision":
            self.compare_articles()  # the grouping the undone merge or split made goes now
        if step is not None and step.kind == "article":
            self.show_article_details()
        message = step_message(
            step, redo=event.redo, articles=self.articles, index=place[1] if place else None
        )
        self.notify(message, timeout=4, markup=False)
