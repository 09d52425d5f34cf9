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
# A keystroke in the filter shows the first matches within the frame; the rest follow a
# batch per frame, so typing never waits for thousands of rows to be built.
_FIRST_ROWS = 100
_ROWS_PER_FRAME = 400


def _cell(text: str | None, width: int) -> Text:
    """Untrusted text as a one-line table cell of at most `width` cells, cut with "…"."""
    cell = Text(single_line(text or ""), no_wrap=True)
    cell.truncate(width, overflow="ellipsis")
    return cell


def _haystack(entry: LibraryEntry) -> str:
    return " ".join(part for part in (entry.title, entry.source, entry.date) if part).casefold()


def entry_matches(entry: LibraryEntry, query: str) -> bool:
    """Whether every word of `query` is in the entry's title, source or date (any case)."""
    folded = _haystack(entry)
    return all(word in folded for word in query.casefold().split())


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
        self._cells: dict[str, tuple[Text, Text, Text, Text]] = {}
        self._rows_to_add: list[LibraryEntry] = []
        self._cursor_to: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Open articles from the library"), id="picker-title")
            yield Input(placeholder="Filter by title, source or date", id="picker-filter")
            table: DataTable[Text] = DataTable(
                cursor_type="row", zebra_stripes=True, id="picker-table"
            )
            table.add_column(" ", key="mark", width=1)
            table.add_column("Title", key="title")
            table.add_column("Source", key="source")
            table.add_column("Date", key="date")
            table.add_column("Size", key="chars")
            yield table
            yield Static(self._hint(), id="picker-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-filter", Input).focus()

    @property
    def table(self) -> DataTable[Text]:
        """The list of articles."""
        return self.query_one("#picker-table", DataTable)

    def shown_ids(self) -> list[str]:
        """The ids of the articles the filter lets through, in list order."""
        return [str(row.value) for row in self.table.rows]

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        matches = [
            entry
            for entry, folded in zip(self.entries, self._haystacks, strict=True)
            if all(word in folded for word in words)
        ]
        self._cursor_to = self.highlighted_id()
        self.table.clear()
        self._rows_to_add = matches
        self._add_rows(_FIRST_ROWS)

    def _add_rows(self, count: int) -> None:
        """Add the next `count` matching rows; schedule the rest for the following frames."""
        table = self.table
        batch, self._rows_to_add = self._rows_to_add[:count], self._rows_to_add[count:]
        for entry in batch:
            cells = self._cells.get(entry.id)
            if cells is None:
                cells = (
                    _cell(entry.title, _TITLE_CELLS),
                    _cell(entry.source, _SOURCE_CELLS),
                    _cell(entry.date, _SOURCE_CELLS),
                    Text(_size(entry.chars)),
                )
                self._cells[entry.id] = cells
            table.add_row(
                Text(_CHOSEN_MARK if entry.id in self.chosen else ""), *cells, key=entry.id
            )
        if self._cursor_to is not None and self._cursor_to in table.rows:
            table.move_cursor(row=table.get_row_index(self._cursor_to))
            self._cursor_to = None
        if self._rows_to_add:
            pending = self._rows_to_add
            # Only if no newer keystroke has replaced the list meanwhile.
            self.call_after_refresh(
                lambda: self._add_rows(_ROWS_PER_FRAME) if self._rows_to_add is pending else None
            )

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
        self.table.update_cell(article_id, "mark", Text(mark))
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
