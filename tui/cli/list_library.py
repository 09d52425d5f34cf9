"""`newsdesk list`: the articles in the desk's library, with their tagged claims."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from annotations.safe_text import single_line
from tui.cli.common import (
    LIBRARY_DB,
    Column,
    command_parser,
    desk_for_reading,
    desk_path,
    print_records,
)

if TYPE_CHECKING:
    from annotations.library import LibraryEntry
    from annotations.store import Desk

__all__ = ["parser", "run", "tagged_counts"]


def tagged_counts(desk: Desk) -> Counter[str]:
    """How many claims of each article carry a status or a note (orphans not counted)."""
    return Counter(
        tag.article_id
        for tag in desk.tags()
        if tag.anchor != "orphan" and (tag.status is not None or tag.note)
    )


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk list`."""
    parser = command_parser(
        "list",
        "List the articles in the desk's library, with their tagged claims.",
        json="the articles",
        db=LIBRARY_DB,
    )
    parser.add_argument(
        "--all", action="store_true", help="also list older versions a newer one replaced"
    )
    return parser


def _entry_record(entry: LibraryEntry, tagged: int) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "source": entry.source,
        "date": entry.date,
        "path": entry.path,
        "url": entry.url,
        "author": entry.author,
        "imported_at": entry.imported_at,
        "chars": entry.chars,
        "replaces": entry.replaces,
        "replaced_by": entry.replaced_by,
        "tagged_claims": tagged,
    }


def run(args: argparse.Namespace) -> int:
    """Print the library."""
    from annotations.desk_now import desk_as_now
    from annotations.library import Library

    db_path = desk_path(args)
    library = Library(db_path)
    with desk_for_reading(db_path) as desk:
        # Counted as the desk would show them: placed on each article as it is now.
        counts = tagged_counts(desk_as_now(desk).desk) if desk is not None else Counter[str]()
    entries = library.entries(latest_only=not args.all)
    records = [_entry_record(entry, counts[entry.id]) for entry in entries]
    folder = single_line(str(library.folder))
    print_records(
        records,
        as_json=args.json,
        title=f"Library: {folder}",
        empty=f"The library {folder} is empty; add articles with `newsdesk import PATH`.",
        columns=[
            Column("id", "id", cells=16),
            Column("title", "title", share=3),
            Column("source", "source", share=1),
            Column("date", "date", cells=18),
            Column("path or url", _where, share=2, keep_end=True),
            Column("tagged", "tagged_claims", cells=6, right=True),
        ],
    )
    return 0


def _where(record: Mapping[str, Any]) -> object:
    """Where an article came from: its file, or its URL when it had none."""
    return record["url"] if record["url"] and not record["path"] else record["path"]
