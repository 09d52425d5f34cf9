"""What the detail panel says about drawn claims: which one is current, and what a sentence
holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from annotations.safe_text import single_line
from tui.article_text import STATUS_MARKS

if TYPE_CHECKING:
    from tui.article_view import ArticleView

__all__ = ["drawn_lines", "nesting", "selection_line"]

_MARK_STYLES = {
    "confirmed": "bold $text-success",
    "disputed": "bold $text-error",
    "noted": "$text-secondary",
}


def nesting(view: ArticleView, index: int) -> str:
    """ " · drawn 1 of 2 in it" for a drawn claim current in its sentence, " · drawn after
    it" (or "before it") for one outside every sentence; "" otherwise."""
    places = view.places
    holder = places.holder(index)
    if holder < 0 or holder == index:
        if not 0 <= index < len(places) or holder >= 0:
            return ""
        return " · drawn after it" if places.sentences_before(index) else " · drawn before it"
    inside = places.drawn_in(holder)
    return f" · drawn {inside.index(index) + 1} of {len(inside)} in it"


def drawn_lines(view: ArticleView, index: int) -> list[Content]:
    """The drawn claims of the current claim's sentence, each with its mark, the current one
    pointed at: "Drawn:   ▸✓ its strikes killed 120 ISIS fighters · ✗ 60 of them …"."""
    places = view.places
    inside = places.drawn_in(places.holder(index))
    if not inside:
        return []
    marks = view.marks
    parts: list[str | tuple[str, str]] = [("Drawn:   ", "bold")]
    for number, drawn in enumerate(inside):
        if number:
            parts.append(" · ")
        mark = marks.get(drawn)
        parts.append(("▸" if drawn == index else "", "bold $text-accent"))
        parts.append(
            (STATUS_MARKS.get(mark, "·") if mark else "·", _MARK_STYLES.get(mark or "", "dim"))
        )
        parts.append((f" {single_line(view.claims[drawn].text)}", "bold" if drawn == index else ""))
    return [Content.assemble(*parts)]


def selection_line(view: ArticleView) -> list[Content]:
    """The span being drawn and the keys that finish it."""
    span = view.selection
    if span is None:
        return []
    return [
        Content.assemble(
            ("Drawing: ", "bold $text-accent"),
            (single_line(view.text[span[0] : span[1]]), "italic"),
            (
                "   c confirms · d disputes · escape drops it · w b e words · → ← figures"
                " and names · , ; clauses · ) ( sentences · o other end",
                "dim",
            ),
        )
    ]
