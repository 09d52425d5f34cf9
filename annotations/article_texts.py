"""Finding the text of articles a desk's tags sit on, to check that the tags still sit there."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.library import Library
    from annotations.store import Desk

__all__ = ["articles_now", "find_texts"]


def articles_now(
    article_ids: Iterable[str],
    db: str | os.PathLike[str] | None,
    desk: Desk | None = None,
    described: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    unchanged: Callable[[str, str], bool] | None = None,
) -> dict[str, Article]:
    """The article as it is now for each of `article_ids` that can be found, by the id asked.

    The library of the desk at `db` holds each article it has under its own id. Else the
    file at the path `desk` gives for it is read: the same text, or a new version (another
    id) when the file changed since; and, for the same text only, the path `described`
    (details by article id, from an annotation file) gives. A file `unchanged(article_id,
    path)` says is as the desk last saw it is not read (left out). Files that are gone or
    cannot be read are left out.
    """
    from annotations.library_files import library_folder

    found: dict[str, Article] = {}
    library = None
    # An export of a desk with no library (the common case) need not load its code.
    if db is not None and os.path.lexists(library_folder(db)):
        from annotations.library import Library

        library = Library(db)
    for article_id in dict.fromkeys(article_ids):
        if library is not None and (article := _in_library(library, article_id)) is not None:
            found[article_id] = article
            continue
        on_desk = None if desk is None else desk.article_info(article_id)
        for own, info in ((True, on_desk), (False, (described or {}).get(article_id))):
            path = (info or {}).get("path")
            if not isinstance(path, str) or not path:
                continue
            if own and unchanged is not None and unchanged(article_id, path):
                break
            from annotations.articles import ArticleError, load_article

            try:
                article = load_article(path)
            except (ArticleError, OSError, ValueError):
                continue
            if article.id == article_id or own:
                found[article_id] = article
            if article.id == article_id:
                break
    return found


def _in_library(library: Library, article_id: str) -> Article | None:
    """The library's copy of the article, or None."""
    from annotations.library import LibraryError

    try:
        return library.get(article_id)
    except (KeyError, LibraryError, OSError):
        return None


def find_texts(
    article_ids: Iterable[str],
    db: str | os.PathLike[str] | None,
    desk: Desk | None = None,
    described: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, str]:
    """The text of every article among `article_ids` that can be found: in the library of the
    desk at `db`, or at the path `desk` (or else `described`, details by article id) gives
    for it, when that file still holds the same text."""
    found = articles_now(article_ids, db, desk, described)
    return {article_id: a.text for article_id, a in found.items() if a.id == article_id}
