"""Modal dialogs: editing a note, choosing an export file, and the key help."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from annotations.safe_text import single_line

if TYPE_CHECKING:
    from textual.app import ComposeResult

__all__ = ["ExportDialog", "HelpScreen", "NoteDialog"]


class NoteDialog(ModalScreen[str | None]):
    """Edit the note of a claim: enter saves, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, claim_text: str, note: str) -> None:
        super().__init__()
        self._claim_text = claim_text
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Note on the claim", "bold"))
            yield Static(Content(single_line(self._claim_text)), classes="dialog-quote")
            yield Input(value=self._note, placeholder="Your note (empty removes it)", id="note")
            yield Static(Content.styled("enter saves · escape cancels", "dim"))

    @on(Input.Submitted, "#note")
    def save_note(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExportDialog(ModalScreen[str | None]):
    """Choose the CSV file the tagged claims are exported to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, default_path: str) -> None:
        super().__init__()
        self._default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Export tagged claims as CSV", "bold"))
            yield Input(value=self._default_path, id="export-path")
            yield Static(Content.styled("enter exports · escape cancels", "dim"))

    @on(Input.Submitted, "#export-path")
    def choose_path(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


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
            table: DataTable[Content] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Action", "Where")
            for key, description, where in self._rows:
                table.add_row(Content(key), Content(description), Content(where))
            yield table
            yield Static(Content.styled("escape closes", "dim"))

    def action_close(self) -> None:
        self.dismiss(None)
