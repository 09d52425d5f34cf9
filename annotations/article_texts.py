"""Finding the text of articles a desk's tags sit on, to check that the tags still sit there."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.store import Desk

__all__ = ["find_texts"]


def find_texts(
    article_ids: Iterable[str],
    db: str | os.PathLike[str] | None,
    desk: Desk | None = None,
    described: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, str]:
    """The text of every article among `article_ids` that can be found: in the library of the
    desk at `db`, or at the path `desk` (or else `described`, details by article id) gives
    for it, when that file still holds the same text."""
    from annotations.articles import ArticleError, load_article
    from annotations.library import Library, LibraryError

    texts: dict[str, str] = {}
    library = Library(db) if db is not None else None
    for article_id in dict.fromkeys(article_ids):
        try:
            if library is not None:
                texts[article_id] = library.get(article_id).text
                continue
        except (KeyError, LibraryError, OSError):
            pass
        on_desk = None if desk is None else desk.article_info(article_id)
        for info in (on_desk, (described or {}).get(article_id)):
            path = (info or {}).get("path")
            if not isinstance(path, str) or not path:
                continue
            try:
                article = load_article(path)
            except (ArticleError, OSError, ValueError):
                continue
            if article.id == article_id:
                texts[article_id] = article.text
                break
    return texts
