"""The article view: the claim cursor's keys, and spans the analyst draws by keyboard or mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType

from tui.article_lines import wrap_paragraph
from tui.article_text import GUTTER, STATUS_MARKS
from tui.claim_cursor import ClaimCursor

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotations.selection import Selection, TextUnits

__all__ = ["GUTTER", "STATUS_MARKS", "ArticleView", "wrap_paragraph"]


_KEY_SIGNS = {
    "right": "→",
    "left": "←",
    "comma": ",",
    "semicolon": ";",
    "right_parenthesis": ")",
    "left_parenthesis": "(",
    "shift+down": "shift+↓",
    "shift+up": "shift+↑",
    "shift+right": "shift+→",
    "shift+left": "shift+←",
}


def _grow(
    unit: str, key: str, description: str, *, show: bool = False, starts: bool = False
) -> Binding:
    """A key that grows the selection by a `unit`; one that `starts` a selection at the
    cursor when there is none (the shift+arrow keys, as in an editor)."""
    return Binding(
        key,
        f"extend('{unit}', {starts})",
        description + (" (starts a selection)" if starts else " (selecting)"),
        show=show,
        key_display=_KEY_SIGNS.get(key, key),
        id=f"selection.{unit}" + (".start" if starts else ""),
    )


class ArticleView(ClaimCursor):
    """One article's text with its numbers and names highlighted and its claims marked.

    `v` starts drawing a claim at the cursor; the selection grows by word, figure or name,
    clause, sentence or line, snapped to whole words, across sentences and paragraphs if
    need be; `c` or `d` makes it a claim with that verdict (the screen stores it), escape
    drops it. The mouse may drag a selection too.
    """

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # While a span is drawn these come first; otherwise they give way to the keys below.
        _grow("word_forward", "w", "Next word", show=True),
        _grow("word_back", "b", "Previous word", show=True),
        _grow("word_end", "e", "To the word's end"),
        _grow("mention_forward", "right", "To the next figure or name"),
        _grow("mention_back", "left", "Back to the previous figure or name"),
        _grow("clause_forward", "comma", "To the clause's end (comma, and, but …)"),
        _grow("clause_back", "semicolon", "Back to the clause's start"),
        _grow("sentence_forward", "right_parenthesis", "To the sentence's end"),
        _grow("sentence_back", "left_parenthesis", "Back to the sentence's start"),
        _grow("line_forward", "shift+down", "A line down", starts=True),
        _grow("line_back", "shift+up", "A line up", starts=True),
        _grow("word_forward", "shift+right", "Next word", starts=True),
        _grow("word_back", "shift+left", "Previous word", starts=True),
        Binding(
            "o", "swap_ends", "Move the other end (selecting)", show=False, id="selection.swap"
        ),
        Binding("c", "tag_selection('confirmed')", "Confirm the span", id="selection.confirm"),
        Binding("d", "tag_selection('disputed')", "Dispute the span", id="selection.dispute"),
        Binding("escape", "cancel_selection", "Drop the selection", id="selection.cancel"),
        Binding("v", "select", "Select a span to tag as a claim", show=False, id="selection.start"),
        Binding("j,down", "next_claim", "Next claim", key_display="j/↓", id="claim.next"),
        Binding("k,up", "previous_claim", "Prev claim", key_display="k/↑", id="claim.previous"),
        Binding(
            "right",
            "next_mention",
            "Next name/figure",
            show=False,
            key_display="→",
            id="mention.next",
        ),
        Binding(
            "left",
            "previous_mention",
            "Prev name/figure",
            show=False,
            key_display="←",
            id="mention.previous",
        ),
        Binding("g,home", "scroll_top", "Top", show=False, id="view.top"),
        Binding("G,end", "scroll_bottom", "Bottom", show=False, id="view.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="view.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="view.page_up"),
    ]

    class SelectionChanged(ClaimCursor.ViewMessage):
        """The span being drawn changed (None when the selection ended)."""

        chatty = True

        def __init__(self, view: ClaimCursor, span: tuple[int, int] | None) -> None:
            super().__init__(view)
            self.span = span

    class SpanTagged(ClaimCursor.ViewMessage):
        """The analyst gave the span they drew a verdict: it is to become a claim."""

        def __init__(self, view: ClaimCursor, start: int, end: int, status: str) -> None:
            super().__init__(view)
            self.start = start
            self.end = end
            self.status = status

    _units: TextUnits | None = None
    _selection: Selection | None = None
    _selection_asked = False
    """True while a `v` typed before the claims were known waits for them."""
    _drag_from: int | None = None
    """Where a mouse drag started, while the button is down."""

    # --- the selection ---------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The span being drawn, (start, end), if any."""
        selection = self._selection
        return None if selection is None else (selection.start, selection.end)

    @property
    def units(self) -> TextUnits:
        """The words, clauses and sentences of the text (found on first use)."""
        if self._units is None or len(self._units.spans) != len(self._spans):
            from annotations.selection import TextUnits

            self._units = TextUnits(self._text, self._spans)
        return self._units

    def _select(self, selection: Selection | None) -> None:
        self._selection = selection
        span = self.selection
        self.show_selection(span)
        if span is not None:
            self._bring_into_view(self._selection.head if self._selection else span)
        self.post_message(self.SelectionChanged(self, span))

    def _bring_into_view(self, span: tuple[int, int]) -> None:
        line = self.line_of(span[0])
        first, height = self.rows_in_sight()
        height = height or self.scrollable_content_region.height
        top = self.scroll_offset.y + first
        if not top <= line < top + height:
            self.scroll_to(y=max(line - first - height // 3, 0), animate=False, immediate=True)

    def start_selection(self) -> None:
        """Start drawing a span on the word where the analyst is looking: the name or figure
        they are on, else the current claim's first word; before the first j, the first word
        of the claim j would go to, if it is in view; else the first line in view."""
        self._selection_asked = False
        mention = self.mention
        at = mention.start if mention is not None else self.looking_at
        self._select(self.units.start_at(at))

    @property
    def _selecting(self) -> bool:
        """True while a span is drawn, or `v` waits for the claims to draw one."""
        return self._selection is not None or self._selection_asked

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("swap_ends", "tag_selection", "cancel_selection"):
            return self._selecting
        if action == "extend":
            return self._selecting or parameters[1:] == (True,)
        return True

    def action_select(self) -> None:
        """v: start a selection at the cursor, or drop the one being drawn."""
        if self._selecting:
            self.when_claims_ready(lambda: self._select(None))
        else:
            # Keys typed before the claims are known wait for them, in order: the selection
            # keys after this `v` wait with it, instead of going to the desk's own keys.
            self._selection_asked = not self.claims_ready
            self.when_claims_ready(self.start_selection)

    def action_cancel_selection(self) -> None:
        self.when_claims_ready(lambda: self._select(None))

    def action_swap_ends(self) -> None:
        self.when_claims_ready(self._swap_ends)

    def _swap_ends(self) -> None:
        if self._selection is not None:
            self._select(self._selection.swapped())

    def _steps(self) -> dict[str, Callable[[tuple[int, int]], tuple[int, int] | None]]:
        units = self.units
        return {
            "word_forward": units.next_word,
            "word_back": units.previous_word,
            "word_end": units.next_word,
            "mention_forward": units.next_mention,
            "mention_back": units.previous_mention,
            "clause_forward": units.clause_end,
            "clause_back": units.clause_start,
            "sentence_forward": units.sentence_end,
            "sentence_back": units.sentence_start,
            "line_forward": lambda head: self._line_step(head, +1),
            "line_back": lambda head: self._line_step(head, -1),
        }

    def _line_step(self, head: tuple[int, int], step: int) -> tuple[int, int] | None:
        """The word below (or above) the head, in the same column as near as the line allows."""
        layout = self._ensure_layout()
        line = layout.line_of(head[0]) + step
        if not 0 <= line < len(layout.starts):
            return None
        column = head[0] - layout.starts[line - step]
        at = min(layout.starts[line] + column, max(layout.ends[line] - 1, layout.starts[line]))
        return self.units.word_at(at)

    def action_extend(self, unit: str, starts: bool = False) -> None:
        """Grow or shrink the selection by moving its head one `unit` (starting a selection
        at the cursor first for the shift+arrow keys)."""
        self.when_claims_ready(lambda: self._extend(unit))

    def _extend(self, unit: str) -> None:
        if self._selection is None:
            self.start_selection()
            if self._selection is None:
                return
        self._select(self._selection.to(self._steps()[unit](self._selection.head)))

    def action_tag_selection(self, status: str) -> None:
        """c / d on a selection: ask the screen to make it a claim with that verdict."""
        self.when_claims_ready(lambda: self._tag_selection(status))

    def _tag_selection(self, status: str) -> None:
        span = self.selection
        if span is None:
            return
        # The screen ends the selection once the span is a claim: one it cannot see (the
        # window too short) is kept, to be tagged once it shows.
        self.post_message(self.SpanTagged(self, span[0], span[1], status))

    # --- the mouse may draw a span too ------------------------------------------------------

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drag_from = self.offset_at(event.x, event.y)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None or offset == self._drag_from:
            return
        anchor = self.units.word_at(self._drag_from)
        head = self.units.word_at(offset)
        if anchor is not None and head is not None:
            from annotations.selection import Selection

            self.capture_mouse()
            self._select(Selection(anchor, head))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._drag_from = None
        self.release_mouse()
