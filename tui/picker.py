"""Choosing articles from the desk's library: a filterable list, space to choose, enter to open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.article_list import ArticleList, cell_text, list_cells
from tui.keys_in_turn import DialogInput, KeysInTurn, close_dialog

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from annotations.library import LibraryEntry

__all__ = ["LibraryPicker", "entry_matches"]

_TITLE_CELLS = 72
_SOURCE_CELLS = 28
_HEADERS = ("Title", "Source", "Date", "Size")


class FilterInput(DialogInput):
    """The filter: an `Input` that does not lay the screen out again for each letter.

    Textual's `Input` sets its virtual size (as wide as its text) on every keystroke through
    a reactive that asks for a layout of the whole screen; a one-line input of fixed size
    only scrolls within that width, which needs no layout. Keys act in turn, a burst as keys
    typed slowly (`DialogInput`): enter opens what the list shows when it is pressed.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class PickerList(KeysInTurn, ArticleList):
    """The list of articles: keys act in turn, a burst as keys typed slowly (`KeysInTurn`);
    enter opens the highlighted article at once, not after the keys queued behind it."""

    def action_select(self) -> None:
        screen = self.screen
        if self.shown_ids and isinstance(screen, LibraryPicker):
            screen.action_open()


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

    widths = [len(header) for header in _HEADERS]
    limits = (_TITLE_CELLS, _SOURCE_CELLS, _SOURCE_CELLS, _SOURCE_CELLS)
    for entry in entries:
        values = (entry.title, entry.source, entry.date, _size(entry.chars))
        for n, value in enumerate(values):
            if value:
                widths[n] = max(widths[n], min(cell_len(cell_text(value)), limits[n]))
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
    LibraryPicker #picker-header {
        text-style: bold;
        background: $panel;
    }
    LibraryPicker ArticleList {
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
        # Folded once: a keystroke then only looks for its words in these.
        self._haystacks = [_haystack(entry) for entry in self.entries]
        self._widths = _column_widths(self.entries)
        self._query: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Open articles from the library"), id="picker-title")
            yield FilterInput(placeholder="Filter by title, source or date", id="picker-filter")
            yield Static(Content("   " + list_cells(_HEADERS, self._widths)), id="picker-header")
            yield PickerList([entry.id for entry in self.entries], self._row, id="picker-list")
            yield Static(self._hint(), id="picker-hint")

    def on_mount(self) -> None:
        self.query_one("#picker-filter", Input).focus()

    def _row(self, position: int) -> str:
        entry = self.entries[position]
        values = (entry.title, entry.source, entry.date, _size(entry.chars))
        return list_cells(values, self._widths)

    @property
    def listing(self) -> ArticleList:
        """The list of articles."""
        return self.query_one("#picker-list", ArticleList)

    def shown_ids(self) -> list[str]:
        """The ids of the articles the filter lets through, in list order."""
        return self.listing.shown_ids

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        if words == self._query:
            return
        # Words added to the last query can only narrow what it let through.
        narrower = bool(self._query) and all(
            any(old in new for new in words) for old in self._query
        )
        listing = self.listing
        positions = listing.shown_positions if narrower else range(len(self.entries))
        haystacks = self._haystacks
        self._query = words
        listing.show([p for p in positions if all(word in haystacks[p] for word in words)])

    def _hint(self) -> Content:
        chosen = f"{len(self.chosen)} chosen · " if self.chosen else ""
        return Content.styled(
            f"{chosen}space chooses · enter opens · / filters · escape cancels", "dim"
        )

    def highlighted_id(self) -> str | None:
        """The id of the article under the cursor, if the list shows any."""
        return self.listing.highlighted_id

    @on(Input.Changed, "#picker-filter")
    def filter_articles(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(ArticleList.Selected, "#picker-list")
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
        self.listing.set_marked(article_id, article_id in self.chosen)
        self.query_one("#picker-hint", Static).update(self._hint())

    def _filter_now(self) -> None:
        # The list as the filter on screen has it: its Changed message may still be queued
        # behind the key that acts on the list.
        self._fill(self.query_one("#picker-filter", Input).value)

    def action_submit(self) -> None:
        self._filter_now()
        self.action_open()

    # Focus moved at once (`focus` waits for the app): the keys queued behind this one are
    # then handed on to the field they were typed for.
    def action_to_list(self) -> None:
        self._filter_now()
        self.set_focus(self.listing)

    def action_to_filter(self) -> None:
        self.set_focus(self.query_one("#picker-filter", Input))

    def action_open(self) -> None:
        if self.chosen:
            chosen = list(self.chosen)
            close_dialog(self, lambda: self.dismiss(chosen))
            return
        article_id = self.highlighted_id()
        if article_id is None:
            self.notify("No article matches the filter.", severity="warning", markup=False)
            return
        close_dialog(self, lambda: self.dismiss([article_id]))

    def action_cancel(self) -> None:
        close_dialog(self, lambda: self.dismiss(None))
