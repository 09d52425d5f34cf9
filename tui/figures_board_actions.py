"""`f` on the desk: the figures board opened and its decisions kept; hedges drawn once read.

The board (a table over every figure) is imported when first opened, not when the desk starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.store import Desk
from tui.article_view import ArticleView
from tui.comparing import Comparing

if TYPE_CHECKING:
    from annotations.sourcing import ArticleSourcing
    from tui.figures_board import FigureDecision
    from tui.widgets import ArticleColumn

__all__ = ["SOURCING_LIMIT", "FiguresBoardActions"]

SOURCING_LIMIT = 4_000_000
"""Characters of one article up to which the desk finds its sources and hedges as you read
(about 1.5 s a megabyte, on the detection worker); `newsdesk claims` reads any size."""


class FiguresBoardActions(Comparing):
    """`f` opens the figures board; the hedges of each article are drawn once read, and the
    board's splits and merges are kept in the desk."""

    def show_sourcing(self, column: ArticleColumn, sourcing: ArticleSourcing) -> None:
        """Keep an article's sources and hedges, draw its hedges, and show the claim's."""
        views = column.query(ArticleView)
        if not column.is_attached or not views:
            return  # the desk is closing: the worker read on while its widgets went
        self.sourcing[sourcing.article_id] = sourcing
        self.keep_out_of_collector()
        views.first().set_hedges([(h.start, h.end) for h in sourcing.hedges])
        self.refresh_detail()

    def action_figures_board(self) -> None:
        if self.comparison is None:
            self.notify("Still comparing the articles…", markup=False)
            return

        def chosen(place: tuple[str, int] | None) -> None:
            if place is not None:
                self.go_to(*place)

        from annotations.compare.name_decisions import MergeDecision
        from annotations.figures_board import FigureSplit
        from tui.figures_board import FiguresBoardScreen

        def keep(decision: FigureDecision) -> None:
            if isinstance(decision, MergeDecision):
                # An entity merge like any other: the articles are compared again once saved.
                self.writer.submit(
                    lambda desk: desk.add_merge(decision),
                    lambda _result: self.compare_articles(),
                    lambda error: self.post_message(self.Reported(f"Merge failed: {error}", True)),
                )
                return
            store = (
                Desk.add_figure_split
                if isinstance(decision, FigureSplit)
                else Desk.add_figure_merge
            )
            self.writer.submit(
                lambda desk: store(desk, decision),
                lambda _result: None,
                lambda error: self.post_message(
                    self.Reported(f"Board change failed: {error}", True)
                ),
            )

        prepared = [(a, self._spans[a.id], self._claims[a.id]) for a in self.articles]
        board = FiguresBoardScreen(
            prepared,
            self.comparison,
            self.sourcing,
            merges=self.desk.figure_merges(),
            splits=self.desk.figure_splits(),
            source_merges=self.desk.merges(),
            decide=keep,
        )
        self.app.push_screen(board, chosen)
