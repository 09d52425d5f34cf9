"""The analyst names an article: its title, outlet and date, kept in the desk."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textual import on
from textual.message import Message

from tui.desk_base import DeskBase
from tui.widgets import ArticleColumn

if TYPE_CHECKING:
    from annotations.store import Desk

__all__ = ["ArticleDetails"]


class ArticleDetails(DeskBase):
    """R renames the focused article and sets its outlet and date, for articles whose
    inferred title is a first sentence or a hash file name; the desk keeps them."""

    @dataclass
    class DetailsSaved(Message):
        """The writer has an article's new title, outlet or date on disk."""

    @on(DetailsSaved)
    def show_saved_details(self) -> None:
        self.show_article_details()

    def show_article_details(self) -> None:
        """Show each column with the title, outlet and date the desk has for it."""
        for column in self.query(ArticleColumn):
            article = self.articles[column.index]
            info = self.desk.article_info(article.id) or {}
            shown = replace(
                article,
                title=info.get("title") or article.title,
                source=info.get("source") or article.source,
                date=info.get("date") or article.date,
            )
            self.articles[column.index] = shown
            column.show_article(shown)
        self.refresh_detail()

    def action_edit_article(self) -> None:
        article = self.article(self.current_view.article_id)

        def save(details: tuple[str | None, str | None, str | None] | None) -> None:
            # A field left as it was (None) keeps its stored text; none changed, no change.
            if details is None or details == (None, None, None):
                return
            title, source, date = details

            def change(desk: Desk) -> dict[str, Any]:
                return desk.set_article_details(article.id, title=title, source=source, date=date)

            self.writer.submit(
                change,
                lambda _info: self.post_message(self.DetailsSaved()),
                lambda error: self.post_message(self.Reported(f"Renaming failed: {error}", True)),
            )

        from tui.dialogs import ArticleDetailsDialog

        self.app.push_screen(
            ArticleDetailsDialog(article.title, article.source or "", article.date or ""), save
        )
