"""Choosing articles from the desk's library: a filterable list, space to choose, enter to open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from annotations.safe_text import single_line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from annotations.library import LibraryEntry

__all__ = ["LibraryPicker", "entry_matches"]

_CHOSEN_MARK = "✓"
_TITLE_CELLS = 72
_SOURCE_CELLS = 28
_COLUMNS = (("Title", "title"), ("Source", "source"), ("Date", "date"), ("Size", "chars"))
# A keystroke in the filter lists the first matches only; more are listed as the list scrolls
# toward its end, so a keystroke costs the same with 5,000 articles as with 100.
_FIRST_ROWS = 100


class _Cell(Text):
    """A table cell the table never measures: every column of the picker has a fixed width.

    Textual's DataTable measures each cell of every row it is given, and each measure asks
    the terminal for its size: re-listing 5,000 articles after a keystroke spent most of a
    second there. Without `__rich_measure__` a cell counts as one cell wide, which a fixed
    width column ignores.
    """

    __rich_measure__ = None  # type: ignore[assignment]


def _cell(text: str | None, width: int) -> Text:
    """Untrusted text as a one-line table cell of at most `width` cells, cut with "…"."""
    cell = _Cell(single_line(text or ""), no_wrap=True)
    cell.truncate(width, overflow="ellipsis")
    return cell


def _haystack(entry: LibraryEntry) -> str:
    return " ".join(part for part in (entry.title, entry.source, entry.date) if part).casefold()


def entry_matches(entry: LibraryEntry, query: str) -> bool:
    """Whether every word of `query` is in the entry's title, source or date (any case)."""
    folded = _haystack(entry)
    return all(word in folded for word in query.casefold().split())


def _column_widths(entries: Sequence[LibraryEntry]) -> list[int]:
    """The widths of the title, source, date and size columns: their widest cell, at most
    the cells they are cut to, and at least their header."""
    from rich.cells import cell_len

    widths = [len(header) for header, _ in _COLUMNS]
    limits = (_TITLE_CELLS, _SOURCE_CELLS, _SOURCE_CELLS, _SOURCE_CELLS)
    for entry in entries:
        values = (entry.title, entry.source, entry.date, _size(entry.chars))
        for n, value in enumerate(values):
            if value:
                widths[n] = max(widths[n], min(cell_len(single_line(value)), limits[n]))
    return widths


def _size(chars: int) -> str:
    if chars < 1000:
        return f"{chars}"
    if chars < 1_000_000:
        return f"{chars / 1000:.1f}k"
    return f"{chars / 1_000_000:.1f}M"


class LibraryPicker(ModalScreen[list[str] | None]):
    """The library's articles: type to filter, space chooses, enter opens, escape cancels.

    Dismisses with the chosen article ids in the order they were chosen (the order they will
    stand side by side), or the highlighted one if none was chosen; None if cancelled.
    """

    DEFAULT_CSS = """
    LibraryPicker {
        align: center middle;
    }
    LibraryPicker > Vertical {
        width: 90%;
        max-width: 140;
        height: 80%;
        padding: 1 2;
        border: thick $accent;
        background: $panel;
    }
    LibraryPicker #picker-title {
        text-style: bold;
        margin-bottom: 1;
    }
    LibraryPicker #picker-filter {
        margin-bottom: 1;
    }
    LibraryPicker DataTable {
        height: 1fr;
    }
    LibraryPicker #picker-hint {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("space", "choose", "Choose", id="picker.choose"),
        Binding("down", "to_list", "To the list", show=False, id="picker.to_list"),
        Binding("slash", "to_filter", "Filter", key_display="/", id="picker.filter"),
    ]

    def __init__(self, entries: Sequence[LibraryEntry]) -> None:
        super().__init__()
        self.entries = list(entries)
        """Every article offered, in the order shown."""
        self.chosen: list[str] = []
        """Ids of the chosen articles, in the order they were chosen."""
        self._by_id = {entry.id: entry for entry in self.entries}
        self._haystacks = [_haystack(entry) for entry in self.entries]
        self._widths = _column_widths(self.entries)
        self._cells: dict[str, tuple[Text, Text, Text, Text]] = {}
        self._matches: list[LibraryEntry] = []
        self._listing = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Open articles from the library"), id="picker-title")
            yield Input(placeholder="Filter by title, source or date", id="picker-filter")
            table: DataTable[Text] = DataTable(
                cursor_type="row", zebra_stripes=True, id="picker-table"
            )
            table.add_column(" ", key="mark", width=1)
            for (header, key), width in zip(_COLUMNS, self._widths, strict=True):
                table.add_column(header, key=key, width=width)
            yield table
            yield Static(self._hint(), id="picker-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-filter", Input).focus()
        table = self.table
        self.watch(table, "scroll_y", lambda _: self._list_ahead(), init=False)
        self.watch(table, "cursor_coordinate", lambda _: self._list_ahead(), init=False)

    @property
    def table(self) -> DataTable[Text]:
        """The list of articles."""
        return self.query_one("#picker-table", DataTable)

    def shown_ids(self) -> list[str]:
        """The ids of the articles the filter lets through, in list order."""
        return [entry.id for entry in self._matches]

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        self._matches = [
            entry
            for entry, folded in zip(self.entries, self._haystacks, strict=True)
            if all(word in folded for word in words)
        ]
        cursor_to = self.highlighted_id()
        self.table.clear()
        # The article under the cursor stays under it: its rows are listed down to it.
        at = next((n for n, e in enumerate(self._matches) if e.id == cursor_to), -1)
        self._add_rows(max(_FIRST_ROWS, at + _FIRST_ROWS))
        if at >= 0:
            self.table.move_cursor(row=at)

    def _add_rows(self, count: int) -> None:
        """List up to `count` more of the matching articles."""
        table = self.table
        self._listing = True  # each add_row sets the cursor again, which calls _list_ahead
        try:
            self._add_row_cells(self._matches[table.row_count : table.row_count + count])
        finally:
            self._listing = False

    def _add_row_cells(self, entries: Sequence[LibraryEntry]) -> None:
        table = self.table
        for entry in entries:
            cells = self._cells.get(entry.id)
            if cells is None:
                cells = (
                    _cell(entry.title, _TITLE_CELLS),
                    _cell(entry.source, _SOURCE_CELLS),
                    _cell(entry.date, _SOURCE_CELLS),
                    _cell(_size(entry.chars), _SOURCE_CELLS),
                )
                self._cells[entry.id] = cells
            table.add_row(
                _cell(_CHOSEN_MARK if entry.id in self.chosen else "", 1), *cells, key=entry.id
            )

    def _list_ahead(self) -> None:
        """Keep two screens of rows below what the list shows, as it scrolls down."""
        table = self.table
        if not self._listing and table.row_count < len(self._matches):
            ahead = table.row_count - table.scroll_offset.y - table.size.height
            if ahead < 2 * max(table.size.height, 1):
                self._add_rows(_FIRST_ROWS)

    def _hint(self) -> Content:
        chosen = f"{len(self.chosen)} chosen · " if self.chosen else ""
        return Content.styled(
            f"{chosen}space chooses · enter opens · / filters · escape cancels", "dim"
        )

    def highlighted_id(self) -> str | None:
        """The id of the article under the cursor, if the list shows any."""
        table = self.table
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return None if row_key.value is None else str(row_key.value)

    @on(Input.Changed, "#picker-filter")
    def filter_articles(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def open_from_filter(self) -> None:
        self.action_open()

    @on(DataTable.RowSelected, "#picker-table")
    def open_from_list(self) -> None:
        self.action_open()

    def action_choose(self) -> None:
        article_id = self.highlighted_id()
        if article_id is None:
            return
        if article_id in self.chosen:
            self.chosen.remove(article_id)
        else:
            self.chosen.append(article_id)
        mark = _CHOSEN_MARK if article_id in self.chosen else ""
        self.table.update_cell(article_id, "mark", _cell(mark, 1))
        self.query_one("#picker-hint", Static).update(self._hint())

    def action_to_list(self) -> None:
        self.table.focus()

    def action_to_filter(self) -> None:
        self.query_one("#picker-filter", Input).focus()

    def action_open(self) -> None:
        if self.chosen:
            self.dismiss(list(self.chosen))
            return
        article_id = self.highlighted_id()
        if article_id is None:
            self.notify("No article matches the filter.", severity="warning", markup=False)
            return
        self.dismiss([article_id])

    def action_cancel(self) -> None:
        self.dismiss(None)
