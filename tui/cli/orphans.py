"""`newsdesk orphans`: tags whose claim a new version of their article no longer holds."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    LIBRARY_DB,
    Column,
    command_parser,
    desk_for_reading,
    desk_path,
    print_records,
)

if TYPE_CHECKING:
    from annotations.library import Library
    from annotations.store import Desk, Tag

__all__ = ["article_titles", "orphan_records", "parser", "run"]


def article_titles(library: Library, desk: Desk | None) -> dict[str, str]:
    """The title of every article the library or the desk knows, by article id."""
    titles: dict[str, str] = {}
    if desk is not None:
        for info in desk.articles():
            if isinstance(info.get("id"), str) and isinstance(info.get("title"), str):
                titles[info["id"]] = info["title"]
    # The library's title is the one the analyst saw in `newsdesk list`: it wins.
    titles.update((entry.id, entry.title) for entry in library.entries())
    return titles


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk orphans`."""
    return command_parser(
        "orphans",
        "List tags whose claim a new version of their article no longer holds, or that do "
        "not sit on their article's words, checked against each article as it is now (its "
        "library copy, else its file) without changing the desk. Re-attach or discard them "
        "in the desk's orphan panel.",
        json="the orphaned tags",
        db=LIBRARY_DB,
    )


def orphan_records(orphans: Sequence[Tag], titles: Mapping[str, str]) -> list[dict[str, Any]]:
    """The orphaned tags as plain records (id, article, quote, note, status...)."""
    return [
        {
            "id": tag.id,
            "article_id": tag.article_id,
            "article_title": titles.get(tag.article_id),
            "quote": tag.quote,
            "note": tag.note,
            "status": None if tag.status is None else str(tag.status),
            "analyst": tag.analyst,
            "updated_at": tag.updated_at,
        }
        for tag in orphans
    ]


def run(args: argparse.Namespace) -> int:
    """Print the orphaned tags."""
    from annotations.desk_now import desk_as_now
    from annotations.library import Library

    db_path = desk_path(args)
    with desk_for_reading(db_path) as desk:
        # Checked against each article as it is now, as opening the desk checks them.
        now = None if desk is None else desk_as_now(desk).desk
        orphans = [] if now is None else now.orphans()
        titles = article_titles(Library(db_path), now)
    records = orphan_records(orphans, titles)
    print_records(
        records,
        as_json=args.json,
        title=f"{len(records)} orphaned tag(s)",
        empty="No orphaned tags.",
        columns=[
            Column("id", "id", cells=12),
            Column("article", "article_title", share=1),
            Column("quote", "quote", share=3, fold=True),
            Column("note", "note", share=2, fold=True),
            # A kept cleared record (its history names others) has no status: untagged.
            Column("status", lambda record: record["status"] or "untagged", cells=9),
        ],
    )
    return 0
