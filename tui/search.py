"""Searching the open articles: hits lit up in each, listed per article, stepped through."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.article_view import ArticleView
from tui.claim_context import short_label
from tui.desk_base import DeskBase

if TYPE_CHECKING:
    from annotations.compare import Entity

__all__ = ["Search", "Searching", "find_hits"]


@dataclass
class Search:
    """A search across the open articles: its hits and which one the analyst is on."""

    query: str
    """What the analyst typed."""

    hits: list[tuple[ArticleView, int, int]]
    """Every occurrence, as (view, start, end), article by article left to right, in order."""

    entity: str = ""
    """The entity searched for, when the query named one: its hits are every spelling."""

    index: int = -1
    """The hit the analyst is on."""


def find_hits(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of `query` in `text`, as (start, end)."""
    if not query:
        return []
    return [match.span() for match in re.finditer(re.escape(query), text, re.IGNORECASE)]


class Searching(DeskBase):
    """`/` searches every open article (a name of an entity finds all its spellings); n and N
    step through the hits of all of them, escape ends it."""

    _search: Search | None = None

    @property
    def searching(self) -> bool:
        """True while a search's hits are lit up (n and N step through them)."""
        return self._search is not None

    def action_search(self) -> None:
        from tui.dialogs import SearchDialog

        self.app.push_screen(SearchDialog(), self.search_for)

    def search_for(self, query: str | None) -> None:
        """Light up every hit of `query` in every open article and go to the first one
        after the cursor; a query naming an entity finds each of its spellings."""
        if not query:
            return
        views = self.views
        entity = self._entity_named(query)
        hits: list[tuple[ArticleView, int, int]] = []
        for view in views:
            if entity is not None:
                found = sorted(
                    (m.start, m.end) for m in entity.mentions if m.article_id == view.article_id
                )
            else:
                found = find_hits(view.text, query)
            hits.extend((view, start, end) for start, end in found)
        if not hits:
            self.notify(f"No hit for {query!r} in the open articles.", markup=False)
            return
        self._end_search()
        self._search = Search(query, hits, entity.name if entity is not None else "")
        for view in views:
            view.set_search_hits([(a, b) for v, a, b in hits if v is view])
        here, claim = self.current_view, self.current_claim()
        position = (views.index(here), claim.start if claim is not None else 0)
        order = [(views.index(view), start) for view, start, _ in hits]
        self._search.index = bisect_left(order, position) - 1
        self._step_hit(+1)
        self.refresh_bindings()

    def _entity_named(self, query: str) -> Entity | None:
        if self.comparison is None:
            return None
        wanted = query.strip().casefold()
        for entity in self.comparison.entities:
            if wanted in (s.casefold() for s in (entity.name, *entity.spellings)):
                return entity
        return None

    def _step_hit(self, step: int) -> None:
        search = self._search
        if search is None:
            return
        search.index = (search.index + step) % len(search.hits)
        view, start, _end = search.hits[search.index]
        self.set_focus(view)
        index = view.claim_index_at(start)
        if index >= 0:
            view.current_claim = index
        line = view.line_of(start)
        first, height = view.rows_in_sight()
        height = height or view.scrollable_content_region.height
        top = view.scroll_offset.y + first
        if not top <= line < top + height:
            view.scroll_to(y=max(line - first - height // 3, 0), animate=False, immediate=True)
        per_article = " · ".join(
            f"{short_label(self.articles, v.article_id)} {count}"
            for v in self.views
            if (count := sum(1 for hit in search.hits if hit[0] is v))
        )
        what = f"entity {search.entity}" if search.entity else repr(search.query)
        self.notify(
            f"{search.index + 1} of {len(search.hits)} hits for {what} ({per_article})"
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
            for view in self.views:
                view.set_search_hits([])
            self._search = None
            self.refresh_bindings()
