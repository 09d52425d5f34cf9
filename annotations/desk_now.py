"""A desk's tags on their articles' texts as they are now, for the commands that only read."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.store import Desk

__all__ = ["DeskNow", "desk_as_now", "place_on_versions", "versions_to_place"]


@dataclass(frozen=True, slots=True)
class DeskNow:
    """A desk whose tags stand where opening the desk on its articles now would put them."""

    desk: Desk
    """The desk itself when every tag sits on its article's words, else a copy of it in
    memory (with the desk's path, so its analysis cache) whose tags were placed as opening the
    desk places them: carried onto a changed file's new text, orphans where they do not sit
    on their article's words. The desk file is never written."""

    texts: dict[str, str]
    """Texts read here that a caller should use rather than read the file again, by the id
    they have now: the library's copies, the new text of a changed file, and an article some
    of whose tags did not sit on it (its file would be noted as seen, and not checked again)."""

    articles: dict[str, Article]
    """The article found now for each article asked for, by the id the desk knows it by (a
    changed file's new version has another id)."""


def desk_as_now(
    desk: Desk, *, article_ids: Iterable[str] | None = None, read_unchanged: bool = False
) -> DeskNow:
    """The desk with every tag checked against its article as it is now (`DeskNow`).

    Each tagged article (and each of `article_ids`) is looked for as
    `annotations.article_texts.articles_now` finds it: the library's copy, else the file the
    desk remembers. A file the export noted as read and unchanged since (same device, inode,
    size and times: `annotations.claim_cells.noted_digest`) holds the text its tags were
    checked against then, and is not read again unless `read_unchanged`.
    """
    unchanged = None if read_unchanged else _unchanged_files(desk)
    found, placing = versions_to_place(desk, desk.path, article_ids or (), unchanged)
    moved = {version.id for version in placing}
    texts = {
        version.id: version.text
        for article_id, version in found.items()
        if version.id in moved or not _own_file(desk, article_id, version)
    }
    if not placing:
        return DeskNow(desk, texts, found)
    return DeskNow(_placed_copy(desk, placing), texts, found)


def versions_to_place(
    desk: Desk,
    db: str | os.PathLike[str] | None,
    article_ids: Iterable[str] = (),
    unchanged: Callable[[str, str], bool] | None = None,
) -> tuple[dict[str, Article], list[Article]]:
    """The article found now for each tagged article of `desk` and each of `article_ids`
    (`annotations.article_texts.articles_now`, with the library of the desk at `db`), by the
    id asked; and those of them that opening the desk would place tags on (a new version of
    a tagged article, or an article some of whose tags are off its words)."""
    from annotations.article_texts import articles_now

    # Orphans stay orphans until the analyst re-attaches them: only placed tags are checked.
    by_article: dict[str, list[dict[str, Any]]] = {}
    for doc in desk.tag_documents():
        if doc.get("anchor") != "orphan":
            by_article.setdefault(doc["article_id"], []).append(doc)
    wanted = dict.fromkeys([*by_article, *article_ids])
    found = articles_now(wanted, db, desk, unchanged=unchanged)
    placing = [
        version
        for article_id, version in found.items()
        if _off_text(by_article.get(article_id, ()), article_id, version)
    ]
    return found, placing


def place_on_versions(desk: Desk, versions: Iterable[Article]) -> int:
    """Place the tags of `desk` on `versions` as opening the desk on them does
    (`annotations.revisions.carry_tags_forward`); how many were found (exact or moved)."""
    from annotations.revisions import carry_tags_forward, keep_inferred_heading

    found = 0
    for version in versions:
        for report in carry_tags_forward(desk, keep_inferred_heading(desk, version)):
            found += len(report.exact) + len(report.moved)
    return found


def _off_text(docs: Iterable[Mapping[str, Any]], article_id: str, version: Article) -> bool:
    """Whether any of an article's placed tags (their documents) would move if the article
    were opened as `version`: all of them for a new version, else those off its words (as
    `Tag.sits_on` judges them: a tag on spaces alone is off)."""
    if version.id != article_id:
        return any(True for _ in docs)
    from annotations.tags import quote_sits

    text = version.text
    return not all(quote_sits(text, doc["start"], doc["end"], doc["quote"]) for doc in docs)


def _own_file(desk: Desk, article_id: str, version: Article) -> bool:
    """Whether `version` is the same text read from the file the desk remembers, which the
    export reads (and notes as seen) itself."""
    path = (desk.article_info(article_id) or {}).get("path")
    return version.id == article_id and isinstance(path, str) and os.path.isfile(path)


def _unchanged_files(desk: Desk) -> Callable[[str, str], bool] | None:
    """Whether an article's file is as the export last read it, from the desk's analysis
    cache; None for a desk without one."""
    from annotations.analysis_cache import AnalysisCache
    from annotations.claim_cells import noted_digest

    cache = AnalysisCache.for_desk(desk)
    if cache is None:
        return None
    noted = cache.files()
    if not noted:
        return None
    return lambda article_id, path: noted_digest(noted, path, article_id) is not None


def _placed_copy(desk: Desk, versions: Iterable[Article]) -> Desk:
    """A copy of `desk` in memory with the tags placed on `versions` as opening does."""
    from tinydb.storages import MemoryStorage

    from annotations.store import Desk

    memory = MemoryStorage()  # type: ignore[no-untyped-call]
    memory.write(desk.snapshot())
    copy = Desk(memory, path=desk.path)
    place_on_versions(copy, versions)
    return copy
