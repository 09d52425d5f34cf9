"""Modal dialogs: editing a note, choosing an export file, and the key help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static, TextArea

from annotations.safe_text import single_line
from tui.keys_in_turn import DialogInput, FieldDialog, KeysInTurn, close_dialog

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from textual.app import ComposeResult

    from annotations.articles import Article
    from annotations.compare import Entity

__all__ = [
    "ArticleDetailsDialog",
    "EntityPanel",
    "ExportDialog",
    "HelpScreen",
    "LinkPicker",
    "NoteDialog",
    "SearchDialog",
]


class _TypedTable(DataTable[Text]):
    """A table whose dialog may take typed keys (a filter) before the table's own."""

    def __init__(
        self,
        *,
        typed: Callable[[events.Key], bool] | None = None,
        chosen: Callable[[str], object] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._typed = typed
        self._chosen = chosen

    async def _on_key(self, event: events.Key) -> None:
        if self._typed is not None and self._typed(event):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)


class DialogTable(KeysInTurn, _TypedTable):
    """A dialog's table of rows to choose from: `typed` takes the keys it wants first (a
    filter's letters: True if taken); enter gives `chosen` the key of the row under the
    cursor at once, not after the keys queued behind it. Keys act in turn, a burst as keys
    typed slowly (`KeysInTurn`)."""

    def action_select_cursor(self) -> None:
        if self._chosen is None:
            super().action_select_cursor()
        elif self.row_count:
            row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
            self._chosen(str(row_key.value))


class NoteArea(KeysInTurn, TextArea):
    """The note's text area: a paste keeps its text in order, each control character in it
    (but tab and line breaks) shown and kept as its picture, as the input filter gives it;
    escape cancels its dialog (`screen.cancel`), unsaved text dropped. Keys act in turn, a
    burst as keys typed slowly (`KeysInTurn`)."""

    # With tab_behavior "indent" TextArea spends escape on moving focus, and this is the
    # dialog's only focusable widget: escape would never cancel as the dialog's hint says.
    BOUND_FIRST = frozenset({"escape"})

    async def _on_paste(self, event: events.Paste) -> None:
        from tui.paste_input import stand_ins

        event.text = stand_ins(event.text)  # TextArea's own handler, next, inserts it


class NoteDialog(FieldDialog, ModalScreen[str | None]):
    """Edit the note of a claim, over as many lines as it takes: ctrl+s saves, escape cancels.

    A text area, so that enter starts a new line, a typed tab stays a tab and a pasted
    paragraph keeps its lines.
    """

    AUTO_FOCUS = "#note"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Save note", id="dialog.save"),
    ]

    def __init__(self, claim_text: str, note: str) -> None:
        from tui.paste_input import stand_ins

        super().__init__()
        self._claim_text = claim_text
        # A stored note may come from an annotation file: the editor draws its text as it is,
        # so what would steer the terminal is shown as its stand-in, and saved as stored
        # wherever the analyst left it untouched (`unedited_kept`).
        self._stored = note
        self._note = stand_ins(note)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Note on the claim", "bold"))
            yield Static(Content(single_line(self._claim_text)), classes="dialog-quote")
            note = NoteArea(
                self._note,
                soft_wrap=True,
                tab_behavior="indent",
                placeholder="Your note (empty removes it)",
                id="note",
            )
            note.indent_type = "tabs"  # a typed tab is kept as the analyst typed it
            note.move_cursor(note.document.end)
            yield note
            yield Static(
                Content.styled("ctrl+s saves · enter starts a new line · escape cancels", "dim")
            )

    def action_save(self) -> None:
        # The note as it is on screen now: keys after ctrl+s are not for it.
        from tui.paste_input import unedited_kept

        text = unedited_kept(self._stored, self.query_one("#note", NoteArea).text)
        close_dialog(self, lambda: self.dismiss(text))

    def action_cancel(self) -> None:
        close_dialog(self, lambda: self.dismiss(None))


class ArticleDetailsDialog(ModalScreen[tuple[str | None, str | None, str | None] | None]):
    """The title, outlet and date of an article, as the analyst names them: enter saves,
    escape cancels; an empty field goes back to what the file says.

    It gives back each field the analyst changed, None for one left as it was: a stored value
    may hold control or bidi characters (an outlet from a JSON record), which an Input would
    write to the terminal as they are, so each field shows its safe form, and an unchanged
    field must keep the stored text, not become its stand-ins."""

    AUTO_FOCUS = "#article-title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    FIELDS = ("title", "source", "date")

    def __init__(self, title: str, source: str, date: str) -> None:
        super().__init__()
        self._shown = tuple(single_line(value) for value in (title, source, date))

    def compose(self) -> ComposeResult:
        title, source, date = self._shown
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Name this article", "bold"))
            yield Static(Content("Title"))
            yield Input(value=title, id="article-title")
            yield Static(Content("Outlet"))
            yield Input(value=source, id="article-source")
            yield Static(Content("Date, as the article gives it"))
            yield Input(value=date, id="article-date")
            yield Static(Content.styled("tab next field · enter saves · escape cancels", "dim"))

    @on(Input.Submitted)
    def save(self) -> None:
        typed = [self.query_one(f"#article-{name}", Input).value for name in self.FIELDS]
        changed = tuple(
            value if value != shown else None
            for value, shown in zip(typed, self._shown, strict=True)
        )
        self.dismiss(changed)  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(FieldDialog, ModalScreen[str | None]):
    """Choose the CSV file the tagged claims are exported to."""

    AUTO_FOCUS = "#export-path"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, default_path: str) -> None:
        super().__init__()
        self._default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Export tagged claims as CSV", "bold"))
            yield DialogInput(value=self._default_path, id="export-path")
            yield Static(Content.styled("enter exports · escape cancels", "dim"))

    def action_submit(self) -> None:
        path = self.query_one("#export-path", Input).value.strip() or None
        close_dialog(self, lambda: self.dismiss(path))

    def action_cancel(self) -> None:
        close_dialog(self, lambda: self.dismiss(None))


class HelpScreen(ModalScreen[None]):
    """Every key of the desk, from the same binding tables the footer uses."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self._rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Content.styled("newsdesk keys", "bold"))
            # Rich Text cells: DataTable measures Content cells as one cell wide.
            table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Action", "Where")
            for key, description, where in self._rows:
                table.add_row(Text(key, style="bold"), Text(description), Text(where))
            yield table
            yield Static(Content.styled("escape closes", "dim"))

    def action_close(self) -> None:
        self.dismiss(None)


class LinkPicker(FieldDialog, ModalScreen[tuple[str, int] | None]):
    """Choose the claim to link the current one with: its match, the claim selected in each
    other article, a claim already linked, or any claim of another open article.

    c marks the highlighted claim as corroborating, d as contradicting, x unlinks it; the
    dialog gives back (relation or "unlink", row index). The keys after c, d or x in one
    burst act on the desk, in order (`DialogTable`)."""

    AUTO_FOCUS = "DialogTable"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose('corroborates')", "Corroborates", id="link.corroborates"),
        Binding("d", "choose('contradicts')", "Contradicts", id="link.contradicts"),
        Binding("x", "choose('unlink')", "Unlink", id="link.unlink"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, claim_text: str, rows: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self._claim_text = claim_text
        self._rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Content.styled("Link the claim you are on…", "bold"))
            yield Static(Content(single_line(self._claim_text)), classes="dialog-quote")
            table = DialogTable()
            table.add_column("Why", width=24)
            table.add_column("Where", width=10)
            table.add_column("Claim", width=90)
            for index, (why, where, text) in enumerate(self._rows):
                table.add_row(
                    Text(single_line(why), style="bold"),
                    Text(single_line(where)),
                    Text(single_line(text)),
                    key=str(index),
                )
            yield table
            yield Static(
                Content.assemble(
                    ("c", "bold $text-success"),
                    " corroborates · ",
                    ("d", "bold $text-error"),
                    " contradicts · ",
                    ("x", "bold"),
                    " unlinks · escape cancels",
                )
            )

    def action_choose(self, action: str) -> None:
        table = self.query_one(DialogTable)
        if table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            row = int(row_key.value or 0)
            close_dialog(self, lambda: self.dismiss((action, row)))

    def action_cancel(self) -> None:
        close_dialog(self, lambda: self.dismiss(None))


class EntityPanel(FieldDialog, ModalScreen[str | None]):
    """Every entity with how often each article names it; typing filters by any spelling,
    enter picks one. The keys after enter in one burst act on the desk, in order, not as more
    letters of the filter (`DialogTable`)."""

    AUTO_FOCUS = "DialogTable"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="dialog.cancel"),
    ]

    def __init__(
        self,
        entities: Sequence[Entity],
        articles: Sequence[Article],
        *,
        current: str | None = None,
        prompt: str = "Entities: enter jumps to a mention",
        exclude: str | None = None,
    ) -> None:
        super().__init__()
        self._entities = sorted(
            (e for e in entities if e.key != exclude),
            key=lambda e: (-len(e.article_ids), -len(e.mentions), e.name.lower()),
        )
        self._articles = list(articles)
        self._current = current
        self._prompt = prompt
        self._filter = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Static(Content.styled(single_line(self._prompt), "bold"))
            table = DialogTable(typed=self._typed, chosen=self._choose)
            table.add_column("Entity", width=34)
            table.add_column("Label", width=6)
            for index, _article in enumerate(self._articles):
                table.add_column(f"A{index + 1}", width=4)
            table.add_column("Spellings", width=60)
            self._fill(table)
            yield table
            yield Static(Content.styled("type to filter by any spelling", "dim"), id="filter")
            legend = " · ".join(
                f"A{index + 1}: {single_line(article.title)}"
                for index, article in enumerate(self._articles)
            )
            yield Static(Content(legend), classes="dialog-quote")
            yield Static(Content.styled("enter chooses · escape closes", "dim"))

    def on_mount(self) -> None:
        table = self.query_one(DialogTable)
        if self._current is not None:
            keys = [entity.key for entity in self._entities]
            if self._current in keys:
                table.move_cursor(row=keys.index(self._current))

    def _fill(self, table: DataTable[Text]) -> None:
        table.clear()
        wanted = self._filter.casefold()
        for entity in self._entities:
            if wanted and not any(wanted in s.casefold() for s in (entity.name, *entity.spellings)):
                continue
            counts = [
                Text(str(sum(1 for m in entity.mentions if m.article_id == article.id)))
                for article in self._articles
            ]
            name_style = "bold reverse" if entity.key == self._current else "bold"
            table.add_row(
                Text(single_line(entity.name), style=name_style),
                Text(entity.label),
                *counts,
                Text(" / ".join(single_line(s) for s in entity.spellings)),
                key=entity.key,
            )

    def _typed(self, event: events.Key) -> bool:
        """Take a letter or backspace for the filter (True if taken)."""
        if event.is_printable and event.character:
            self._filter += event.character
        elif event.key == "backspace" and self._filter:
            self._filter = self._filter[:-1]
        else:
            return False
        self._fill(self.query_one(DialogTable))
        shown = f"filter: {self._filter}" if self._filter else "type to filter by any spelling"
        self.query_one("#filter", Static).update(Content.styled(single_line(shown), "dim"))
        return True

    def _choose(self, key: str) -> None:
        close_dialog(self, lambda: self.dismiss(key))

    @on(DataTable.RowSelected)
    def choose(self, event: DataTable.RowSelected) -> None:
        # A click on a row (enter chooses at once, in `_choose`).
        if event.row_key.value is not None:
            self._choose(event.row_key.value)

    def action_cancel(self) -> None:
        close_dialog(self, lambda: self.dismiss(None))


class SearchDialog(FieldDialog, ModalScreen[str | None]):
    """Ask what to search for in the open articles."""

    AUTO_FOCUS = "#search"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Search every open article", "bold"))
            yield DialogInput(
                placeholder="words to find (any case); a name finds all its spellings",
                id="search",
            )
            yield Static(Content.styled("enter searches · escape cancels", "dim"))

    def action_submit(self) -> None:
        query = self.query_one("#search", Input).value
        close_dialog(self, lambda: self.dismiss(query))

    def action_cancel(self) -> None:
        close_dialog(self, lambda: self.dismiss(None))
