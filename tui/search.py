"""Searching an article: its hits lit up, and stepping from one to the next."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from tui.article_view import ArticleView
from tui.desk_base import DeskBase
from tui.dialogs import SearchDialog

__all__ = ["Search", "Searching", "find_hits"]


@dataclass
class Search:
    """A search in one article: its hits and which one the analyst is on."""

    view: ArticleView
    """The view searched."""

    query: str
    """What the analyst typed."""

    hits: list[tuple[int, int]]
    """Every occurrence, as (start, end) in the article text, in order."""

    index: int = -1
    """The hit the analyst is on."""


def find_hits(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of `query` in `text`, as (start, end)."""
    if not query:
        return []
    return [match.span() for match in re.finditer(re.escape(query), text, re.IGNORECASE)]


class Searching(DeskBase):
    """`/` searches the current article; n and N step through its hits, escape ends it."""

    _search: Search | None = None

    @property
    def searching(self) -> bool:
        """True while a search's hits are lit up (n and N step through them)."""
        return self._search is not None

    def action_search(self) -> None:
        view = self.current_view

        def run(query: str | None) -> None:
            if not query:
                return
            hits = find_hits(view.text, query)
            if not hits:
                self.notify(f"No hit for {query!r} in this article.", markup=False)
                return
            self._end_search()
            self._search = Search(view, query, hits)
            view.set_search_hits(hits)
            claim = self.current_claim()
            position = claim.start if claim is not None else 0
            self._search.index = bisect_left(hits, (position, 0)) - 1
            self._step_hit(+1)
            self.refresh_bindings()

        self.app.push_screen(SearchDialog(), run)

    def _step_hit(self, step: int) -> None:
        search = self._search
        if search is None:
            return
        search.index = (search.index + step) % len(search.hits)
        start, end = search.hits[search.index]
        view = search.view
        self.set_focus(view)
        index = view.claim_index_at(start)
        if index >= 0:
            view.current_claim = index
        line = view.line_of(start)
        height = view.scrollable_content_region.height
        if not view.scroll_offset.y <= line < view.scroll_offset.y + height:
            view.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)
        self.notify(
            f"{search.index + 1} of {len(search.hits)} hits for {search.query!r}"
            " · n next · N previous · escape ends",
            timeout=3,
            markup=False,
        )

    def action_next_hit(self) -> None:
        self._step_hit(+1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def action_end_search(self) -> None:
        self._end_search()

    def _end_search(self) -> None:
        if self._search is not None:
            self._search.view.set_search_hits([])
            self._search = None
            self.refresh_bindings()
