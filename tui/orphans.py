"""The orphan panel: tags a new version of their article lost, to re-attach or discard."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from annotations.safe_text import single_line

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from annotations.claims import Claim
    from annotations.store import Tag

__all__ = ["OrphanAction", "OrphanPanel", "status_word"]

_DISCARD_KEYS = frozenset({"delete", "D"})
_QUOTE_CELLS = 64
_NOTE_CELLS = 32
_TITLE_CELLS = 40


def _cell(text: str, width: int) -> Text:
    """Untrusted text as a one-line table cell of at most `width` cells, cut with "…"."""
    cell = Text(single_line(text), no_wrap=True)
    cell.truncate(width, overflow="ellipsis")
    return cell


@dataclass(frozen=True, slots=True)
class OrphanAction:
    """What the analyst decided for one orphaned tag; the desk screen carries it out."""

    kind: Literal["reattach", "discard"]
    """"reattach": put the tag on `claim` (`Desk.reattach`); "discard": delete it
    (`Desk.discard`)."""

    tag_id: str
    """The `Tag.id` of the orphan."""

    claim: Claim | None = None
    """For "reattach": the claim the analyst was on when the panel opened."""


def status_word(tag: Tag) -> str:
    """The tag's status as the panel shows it: confirmed, disputed, noted, cleared (kept for a
    colleague's verdict or note in its history), or "" (kept for a link)."""
    if tag.status is not None:
        return str(tag.status)
    return "noted" if tag.note else "cleared" if tag.names_others else ""


class OrphanPanel(ModalScreen[OrphanAction | None]):
    """Orphaned tags with their quote, note, status and article: `a` re-attaches the highlighted
    one to the current claim, delete or D then y discards it, escape closes."""

    DEFAULT_CSS = """
    OrphanPanel {
        align: center middle;
    }
    OrphanPanel > Vertical {
        width: 90%;
        max-width: 160;
        height: 80%;
        padding: 1 2;
        border: thick $warning;
        background: $panel;
    }
    OrphanPanel #orphans-title {
        text-style: bold;
    }
    OrphanPanel #orphans-claim {
        color: $text-muted;
        margin-bottom: 1;
    }
    OrphanPanel DataTable {
        height: 1fr;
    }
    OrphanPanel #orphans-detail {
        height: auto;
        max-height: 8;
        margin-top: 1;
        padding: 0 1;
        background: $boost;
    }
    OrphanPanel #orphans-hint {
        margin-top: 1;
        color: $text-muted;
    }
    OrphanPanel #orphans-hint.confirming {
        color: $text;
        background: $error 30%;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "reattach", "Re-attach here", id="orphans.reattach"),
        Binding("delete,D", "discard", "Discard", key_display="del/D", id="orphans.discard"),
        Binding("y", "confirm_discard", "Yes, discard", show=False, id="orphans.confirm"),
        Binding("escape", "close", "Close", id="orphans.close"),
    ]

    def __init__(
        self, orphans: Sequence[Tag], titles: Mapping[str, str], *, claim: Claim | None
    ) -> None:
        super().__init__()
        self.orphans = list(orphans)
        """The orphaned tags, in the order shown."""
        self.titles = dict(titles)
        """Article titles by article id, for the article column."""
        self.claim = claim
        """The claim the analyst is on, where `a` re-attaches; None if there is none."""
        self.confirming: str | None = None
        """The tag id awaiting "y" to be discarded, if any."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Content(
                    f"{len(self.orphans)} orphaned tag(s): their words are not in the "
                    "article as it is now"
                ),
                id="orphans-title",
            )
            if self.claim is not None:
                where = Content.assemble(
                    "a re-attaches the highlighted tag to: ", single_line(self.claim.text)
                )
            else:
                where = Content("To re-attach a tag, close this panel and move to a claim first.")
            yield Static(where, id="orphans-claim")
            table: DataTable[Text] = DataTable(
                cursor_type="row", zebra_stripes=True, id="orphans-table"
            )
            table.add_column("Quote", key="quote")
            table.add_column("Note", key="note")
            table.add_column("Status", key="status")
            table.add_column("Article", key="article")
            for tag in self.orphans:
                title = self.titles.get(tag.article_id, tag.article_id)
                table.add_row(
                    _cell(tag.quote, _QUOTE_CELLS),
                    _cell(tag.note, _NOTE_CELLS),
                    Text(status_word(tag)),
                    _cell(title, _TITLE_CELLS),
                    key=tag.id,
                )
            yield table
            yield Static(id="orphans-detail", markup=False)
            yield Static(self._hint(), id="orphans-hint")

    def on_mount(self) -> None:
        self.query_one("#orphans-table", DataTable).focus()

    def _hint(self) -> Content:
        if self.confirming is not None:
            return Content(
                "Discard this tag and its note for good? y discards, any other key keeps it"
            )
        if not self.orphans:
            return Content("No orphaned tags. escape closes")
        return Content("a re-attach · del/D discard · escape close")

    def _show_hint(self) -> None:
        hint = self.query_one("#orphans-hint", Static)
        hint.update(self._hint())
        hint.set_class(self.confirming is not None, "confirming")

    def highlighted_id(self) -> str | None:
        """The id of the orphan under the cursor, if any."""
        table = self.query_one("#orphans-table", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return None if row_key.value is None else str(row_key.value)

    def on_key(self, event: events.Key) -> None:
        # Any key but the confirming one takes the question back; bindings run after this.
        if self.confirming is not None and event.key not in _DISCARD_KEYS | {"y"}:
            self.confirming = None
            self._show_hint()
            if event.key == "escape":
                event.stop()
                event.prevent_default()

    @on(DataTable.RowHighlighted, "#orphans-table")
    def show_highlighted_orphan(self) -> None:
        tag_id = self.highlighted_id()
        if self.confirming is not None and self.confirming != tag_id:
            self.confirming = None
            self._show_hint()
        tag = next((t for t in self.orphans if t.id == tag_id), None)
        self.query_one("#orphans-detail", Static).update(self._detail(tag))

    def _detail(self, tag: Tag | None) -> Content:
        """The whole quote and note of an orphan, which the table cuts short."""
        if tag is None:
            return Content("")
        parts = [Content.styled("Quote: ", "bold"), Content(single_line(tag.quote))]
        if tag.old_quote and tag.old_quote != tag.quote:
            parts += [
                Content.styled("\nFirst tagged as: ", "bold"),
                Content(single_line(tag.old_quote)),
            ]
        if tag.note:
            parts += [Content.styled("\nNote: ", "bold"), Content(single_line(tag.note))]
        return Content.assemble(*parts)

    def action_reattach(self) -> None:
        tag_id = self.highlighted_id()
        if tag_id is None:
            return
        if self.claim is None:
            self.notify(
                "No claim to re-attach to: close the panel, move to a claim, and open it again.",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(OrphanAction("reattach", tag_id, self.claim))

    def action_discard(self) -> None:
        self.confirming = self.highlighted_id()
        self._show_hint()

    def action_confirm_discard(self) -> None:
        tag_id = self.confirming
        if tag_id is None:
            return
        self.confirming = None
        self.dismiss(OrphanAction("discard", tag_id))

    def action_close(self) -> None:
        self.dismiss(None)
