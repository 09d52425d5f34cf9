"""`newsdesk list`: the articles in the desk's library, with their tagged claims."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING, Any

from annotations.safe_text import single_line
from tui.cli.common import (
    Parser,
    add_db_option,
    add_json_option,
    desk_for_reading,
    desk_path,
    print_json,
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
    parser = Parser(
        prog="newsdesk list",
        description="List the articles in the desk's library, with their tagged claims.",
    )
    add_db_option(parser, "the desk database; its library is the folder beside it")
    add_json_option(parser, "the articles")
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
    from annotations.library import Library

    db_path = desk_path(args)
    library = Library(db_path)
    with desk_for_reading(db_path) as desk:
        counts = tagged_counts(desk) if desk is not None else Counter[str]()
    entries = library.entries(latest_only=not args.all)
    records = [_entry_record(entry, counts[entry.id]) for entry in entries]
    if args.json:
        print_json(records)
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not records:
        console.print(
            Text(
                f"The library {single_line(str(library.folder))} is empty; "
                "add articles with `newsdesk import PATH`."
            )
        )
        return 0
    table = Table(title=Text(f"Library: {single_line(str(library.folder))}"))
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=3)
    table.add_column("source", ratio=1)
    table.add_column("date", no_wrap=True)
    table.add_column("path or url", ratio=2, overflow="fold")
    table.add_column("tagged", justify="right")
    for record in records:
        where = record["url"] if record["url"] and not record["path"] else record["path"]
        table.add_row(
            *(
                Text(single_line(value or ""))
                for value in (
                    record["id"],
                    record["title"],
                    record["source"],
                    record["date"],
                    where,
                )
            ),
            Text(str(record["tagged_claims"])),
        )
    console.print(table)
    return 0
