"""Undo and redo on the desk: each says what it took back and goes to the claim it changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from annotations.safe_text import single_line
from tui.claim_context import short_label

if TYPE_CHECKING:
    from collections.abc import Sequence

    from annotations.articles import Article
    from annotations.store import Step
    from tui.article_view import ArticleView

__all__ = ["StepTaken", "claim_place", "step_message"]


@dataclass
class StepTaken(Message):
    """The writer has undone or redone a change (`step` is None when there was none)."""

    step: Step | None
    redo: bool


def claim_place(
    views: Sequence[ArticleView], key: tuple[str, int, int] | None
) -> tuple[ArticleView, int] | None:
    """The open view and claim index of the claim `key`, if it is open."""
    if key is None:
        return None
    article_id, start, end = key
    for view in views:
        if view.article_id != article_id:
            continue
        index = view.claim_index_at(start)
        if index >= 0 and view.claims[index].end == end:
            return view, index
    return None


def step_message(
    step: Step | None, *, redo: bool, articles: Sequence[Article], index: int | None
) -> str:
    """What to tell the analyst: "undid: confirmed → untagged, claim 4 of A1"."""
    verb = "redid" if redo else "undid"
    if step is None:
        return "Nothing to redo." if redo else "Nothing to undo."
    where = ""
    if step.key is not None:
        label = short_label(articles, step.key[0])
        if index is not None:
            where = f", claim {index + 1} of {label}"
        else:
            title = next((a.title for a in articles if a.id == step.key[0]), "")
            where = f", a claim of {single_line(title)}" if title else ", a claim not open"
    return f"{verb}: {step.what}{where}"
