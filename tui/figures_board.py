"""The figures board screen: every counted thing by article, who states it, clashes first."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from annotations.compare.name_decisions import MergeDecision
from annotations.figures_board import (
    BoardRow,
    FigureMerge,
    FiguresBoard,
    FigureSplit,
    figures_board,
    range_text,
)
from annotations.safe_text import single_line
from annotations.sourcing import source_key

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from annotations.articles import Article
    from annotations.claims import Claim
    from annotations.compare import Comparison
    from annotations.sourcing import ArticleSourcing
    from annotations.spans import Span

__all__ = ["FigureDecision", "FiguresBoardScreen"]

FigureDecision = FigureSplit | FigureMerge | MergeDecision
"""What the analyst decided on the board, for the desk to keep: a row split or merge, or two
sources that are one (kept with the entity merges)."""

_VERDICT_STYLE = {"agree": "bold green", "clash": "bold red", "one-side": "yellow"}
_FIXED_COLUMNS = 2
"""verdict and counts come before the article columns."""


class FiguresBoardScreen(ModalScreen[tuple[str, int] | None]):
    """The figures board: enter jumps to a figure's claim (dismissing with its article id and
    offset), s splits the figure under the cursor out of its row, m marks a row and merges it
    with the next row marked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="dialog.cancel"),
        Binding("s", "split", "Split figure out", id="board.split"),
        Binding("m", "merge", "Mark / merge rows", id="board.merge"),
        Binding(
            "M", "merge_source", "Mark / merge sources", key_display="M", id="board.merge_source"
        ),
    ]

    def __init__(
        self,
        articles: Sequence[tuple[Article, Sequence[Span], Sequence[Claim]]],
        comparison: Comparison,
        sourcing: Mapping[str, ArticleSourcing],
        *,
        merges: Sequence[FigureMerge | Mapping[str, str]] = (),
        splits: Sequence[FigureSplit | Mapping[str, str]] = (),
        source_merges: Sequence[Mapping[str, str]] = (),
        decide: Callable[[FigureDecision], object] | None = None,
    ) -> None:
        super().__init__()
        self._articles = list(articles)
        self._comparison = comparison
        self._sourcing = dict(sourcing)
        self._merges = list(merges)
        self._splits = list(splits)
        self._source_merges = [dict(merge) for merge in source_merges]
        self._decide = decide
        self._marked: str | None = None
        self._marked_source: str | None = None
        self.board = self._build()
        """The board as shown, rebuilt after each split or merge."""

    def _build(self) -> FiguresBoard:
        return figures_board(
            self._articles,
            self._comparison,
            sourcing=self._sourcing,
            merges=self._merges,
            splits=self._splits,
            source_merges=self._source_merges,
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help figures-board"):
            yield Static(
                Content.styled("Figures board: every counted thing, clashes first", "bold")
            )
            yield DataTable(cursor_type="cell", zebra_stripes=True, id="board")
            legend = " · ".join(
                f"A{n + 1}: {single_line(article.title)}"
                for n, (article, _, _) in enumerate(self._articles)
            )
            yield Static(Content(legend), classes="dialog-quote")
            yield Static(
                Content.styled(
                    "enter jumps to the claim · s splits this figure out of its row · "
                    "m marks a row, m on another merges them · M the same for sources · "
                    "escape closes",
                    "dim",
                ),
                id="board-help",
            )

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()

    def _fill(self, keep: tuple[int, int] | None = None) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(24, (self.app.size.width - 48) // max(1, len(self._articles)))
        table.add_column("verdict", width=8)
        table.add_column("counts", width=22)
        for n, _ in enumerate(self._articles):
            table.add_column(f"A{n + 1}", width=width)
        for row in self.board.rows:
            marked = row.id == self._marked
            table.add_row(
                Text(("● " if marked else "") + row.status, style=_VERDICT_STYLE[row.status]),
                Text(single_line(row.counts), style="reverse" if marked else ""),
                *(self._cell(row, article.id) for article, _, _ in self._articles),
                key=row.id,
                height=None,
            )
        if keep is not None and table.row_count:
            table.move_cursor(row=min(keep[0], table.row_count - 1), column=keep[1])
        elif table.row_count:
            table.move_cursor(row=0, column=_FIXED_COLUMNS)

    @staticmethod
    def _cell(row: BoardRow, article_id: str) -> Text:
        lines: list[Text] = []
        for entry, times in row.distinct(article_id):
            line = Text(single_line(entry.mention.text), style="bold")
            if times > 1:
                line.append(f" ×{times}")
            line.append(f"  {range_text(entry.mention)}", style="dim")
            if entry.source_label:
                line.append("\n← " + single_line(entry.source_label))
            if entry.hedges:
                hedges = ", ".join(single_line(h.text) for h in entry.hedges)
                line.append(f"\nhedged: {hedges}", style="italic dim")
            lines.append(line)
        return Text("\n").join(lines) if lines else Text("—", style="dim")

    def _here(self) -> tuple[BoardRow, str | None] | None:
        """The row under the cursor and the article of its column (None: a fixed column)."""
        table: DataTable[Text] = self.query_one(DataTable)
        if not table.row_count:
            return None
        row_index, column = table.cursor_coordinate
        row = self.board.rows[row_index]
        if column < _FIXED_COLUMNS:
            return row, None
        return row, self._articles[column - _FIXED_COLUMNS][0].id

    @on(DataTable.CellSelected)
    def jump(self) -> None:
        here = self._here()
        if here is None:
            return
        row, article_id = here
        entries = row.cell(article_id) if article_id else row.entries
        if entries:
            self.dismiss((entries[0].mention.article_id, entries[0].mention.start))

    def action_split(self) -> None:
        here = self._here()
        article_id = here[1] if here is not None else None
        if here is None or article_id is None:
            self.notify("Move onto an article's figure first (→).", markup=False)
            return
        entries = here[0].cell(article_id)
        if not entries or len(entries) == len(here[0].entries):
            self.notify("This figure is already a row of its own.", markup=False)
            return
        self._record(*(FigureSplit(entry.id) for entry in entries))

    def action_merge(self) -> None:
        here = self._here()
        if here is None:
            return
        row = here[0]
        if self._marked is None or self._marked == row.id:
            self._marked = None if self._marked == row.id else row.id
            self._fill(self._cursor())
            return
        marked, self._marked = self._marked, None
        self._record(FigureMerge(marked, row.id))

    def action_merge_source(self) -> None:
        here = self._here()
        entries = here[0].cell(here[1]) if here is not None and here[1] is not None else []
        entry = entries[0] if entries else None
        if entry is None or entry.source is None:
            self.notify("Move onto a figure that has a source first (→).", markup=False)
            return
        key = source_key(self._comparison, entry.mention.article_id, entry.source)
        if self._marked_source is None or self._marked_source == key:
            self._marked_source = None if self._marked_source == key else key
            what = "unmarked" if self._marked_source is None else "marked: M on another merges"
            self.notify(f"Source {single_line(entry.source.text)} {what}.", markup=False)
            return
        marked, self._marked_source = self._marked_source, None
        self._record(MergeDecision(marked, key))

    def _cursor(self) -> tuple[int, int]:
        coordinate = self.query_one(DataTable).cursor_coordinate
        return coordinate.row, coordinate.column

    def _record(self, *decisions: FigureDecision) -> None:
        for decision in decisions:
            if isinstance(decision, FigureSplit):
                self._splits.append(decision)
            elif isinstance(decision, FigureMerge):
                self._merges.append(decision)
            else:
                self._source_merges.append(decision.to_dict())
            if self._decide is not None:
                self._decide(decision)
        self.board = self._build()
        self._fill(self._cursor())

    def action_cancel(self) -> None:
        self.dismiss(None)
