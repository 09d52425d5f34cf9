"""The picker's list of articles, drawn line by line: only the rows in sight are ever drawn."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from annotations.safe_text import single_line
from tui.one_layout import OneLayoutScrollView

if TYPE_CHECKING:
    from textual import events

__all__ = ["ArticleList", "cell_text", "list_cells"]

CHOSEN_MARK = "✓"

MARKS_PER_LETTER = 2
"""Combining marks kept on one letter in a list cell: accents and a stroke, not a stack."""

# What joins characters into one picture (ZWJ, variation selectors, skin tones): terminals
# disagree on how many cells the picture takes, and a row whose width the terminal does not
# share pushes the list's border out of line. A list cell shows the parts side by side.
_JOINERS = dict.fromkeys([0x200D, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400)])


def cell_text(value: str | None) -> str:
    """`value` as a list cell shows it: one safe line whose width every terminal counts the
    same (`rich.cells.cell_len` included): NFC, without joiners, and at most
    `MARKS_PER_LETTER` combining marks on a letter (none where there is no letter)."""
    text = single_line(value or "")
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text).translate(_JOINERS)
    kept: list[str] = []
    marks = MARKS_PER_LETTER  # none on the cell's first character: it has no letter
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
            if marks < MARKS_PER_LETTER:
                kept.append(char)
                marks += 1
            continue
        marks = 0
        kept.append(char)
    return "".join(kept)


def list_cells(values: Sequence[str | None], widths: Sequence[int]) -> str:
    """One row of the list: each untrusted value on one line, cut with "…" or padded to its
    column's width, with a cell of space either side (as a table pads its cells)."""
    cells = []
    for value, width in zip(values, widths, strict=True):
        text = cell_text(value)
        if cell_len(text) > width:
            text = set_cell_size(text, max(width - 1, 0)) + "…"
        cells.append(f" {set_cell_size(text, width)} ")
    return "".join(cells)


class ArticleList(OneLayoutScrollView, can_focus=True):
    """Rows of articles (their cells ready as text), a cursor, and a mark on the chosen ones.

    A new filter hands over the rows to show, as positions in the full list: the list
    draws the rows in sight from text made once per article, so a keystroke costs the same
    with 5,000 articles as with 50, and the screen is never laid out again for it.
    """

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .article-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        &:dark > .article-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .article-list--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .article-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article-list--cursor", "article-list--even-row"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=False, id="picker.list.open"),
        Binding("up", "move(-1)", "Up", show=False, id="picker.list.up"),
        Binding("down", "move(1)", "Down", show=False, id="picker.list.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="picker.list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="picker.list.page_down"),
        Binding("home", "move_to(0)", "First", show=False, id="picker.list.first"),
        Binding("end", "move_to(-1)", "Last", show=False, id="picker.list.last"),
    ]

    cursor: reactive[int] = reactive(0, init=False, repaint=False)
    """Position in the shown rows of the highlighted one."""

    class Selected(Message):
        """Enter, or a click on the highlighted row: open what is chosen."""

        def __init__(self, listing: ArticleList) -> None:
            super().__init__()
            self.listing = listing

        @property
        def control(self) -> ArticleList:
            """The list the row was selected in."""
            return self.listing

    def __init__(
        self, ids: Sequence[str], row: Callable[[int], str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._ids = list(ids)
        self._row = row
        """The text of the row at a position in the full list (asked once, when first drawn)."""
        self._rows: dict[int, str] = {}
        self._shown: list[int] = list(range(len(self._ids)))
        self._marked: set[str] = set()
        self._strips: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)

    # --- what is shown ------------------------------------------------------------------------

    @property
    def shown_ids(self) -> list[str]:
        """The ids of the rows shown, in order."""
        return [self._ids[index] for index in self._shown]

    @property
    def shown_positions(self) -> list[int]:
        """The positions in the full list of the rows shown, in order."""
        return list(self._shown)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the row under the cursor, if any row is shown."""
        if 0 <= self.cursor < len(self._shown):
            return self._ids[self._shown[self.cursor]]
        return None

    def show(self, positions: list[int]) -> None:
        """Show these rows (positions in the full list, in order); the highlighted article
        stays under the cursor if it is among them, else the cursor goes to the first row."""
        keep = self.highlighted_id
        self._shown = positions
        at = next((n for n, p in enumerate(positions) if self._ids[p] == keep), 0)
        self._update_virtual_size()
        self.set_reactive(ArticleList.cursor, at)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._cursor_into_view()
        self.refresh()

    def set_marked(self, article_id: str, marked: bool) -> None:
        """Draw the chosen mark on an article's row, or take it away."""
        if marked:
            self._marked.add(article_id)
        else:
            self._marked.discard(article_id)
        self._refresh_row(
            next((n for n, p in enumerate(self._shown) if self._ids[p] == article_id), -1)
        )

    def _text_of(self, position: int) -> str:
        text = self._rows.get(position)
        if text is None:
            text = self._rows[position] = self._row(position)
        return text

    def row_text(self, y: int) -> str:
        """The text drawn on line `y` of the list (what the analyst reads there)."""
        return self.render_line(y).text

    # --- geometry ------------------------------------------------------------------------------

    def _update_virtual_size(self) -> None:
        width = cell_len(self._text_of(0)) + 3 if self._ids else 0
        size = Size(width, len(self._shown))
        if size.width == self.virtual_size.width and self.is_mounted:
            # A new filter changes only how many rows there are: no layout for that.
            self.set_reactive(ArticleList.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    def on_mount(self) -> None:
        self._update_virtual_size()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif height and self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def _refresh_row(self, row: int) -> None:
        top = round(self.scroll_offset.y)
        if 0 <= row - top < self.scrollable_content_region.height:
            self.refresh_line(row - top)

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._cursor_into_view()

    # --- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if not 0 <= row < len(self._shown):
            return Strip.blank(width, self.rich_style)
        position = self._shown[row]
        look = (row == self.cursor) * 2 + (row % 2) + 4 * (self._ids[position] in self._marked)
        key = (position, look, width)
        strip = self._strips.get(key)
        if strip is None:
            style = self.rich_style
            if row == self.cursor:
                style += self.get_component_rich_style("article-list--cursor")
            elif row % 2:
                style += self.get_component_rich_style("article-list--even-row")
            mark = CHOSEN_MARK if look & 4 else " "
            text = f" {mark} " + self._text_of(position)
            strip = Strip([Segment(text, style)]).crop_extend(0, width, style)
            self._strips[key] = strip
        return strip

    # --- keys and the mouse ------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self._shown:
            self.cursor = min(max(self.cursor + step, 0), len(self._shown) - 1)

    def action_page(self, step: int) -> None:
        self.action_move(step * max(self.scrollable_content_region.height - 1, 1))

    def action_move_to(self, row: int) -> None:
        if self._shown:
            self.cursor = row % len(self._shown)

    def action_select(self) -> None:
        if self._shown:
            self.post_message(self.Selected(self))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_offset.y) + event.y
        if 0 <= row < len(self._shown):
            if row == self.cursor:
                self.post_message(self.Selected(self))
            self.cursor = row
