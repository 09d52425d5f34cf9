"""`newsdesk list`: the articles in the desk's library, with their tagged claims."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from annotations.safe_text import single_line
from tui.cli.common import LIBRARY_DB, command_parser, desk_for_reading, desk_path, print_records

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
    from annotations.library import Library

    db_path = desk_path(args)
    library = Library(db_path)
    with desk_for_reading(db_path) as desk:
        counts = tagged_counts(desk) if desk is not None else Counter[str]()
    entries = library.entries(latest_only=not args.all)
    records = [_entry_record(entry, counts[entry.id]) for entry in entries]
    folder = single_line(str(library.folder))
    if records and not args.json:
        # Streamed: a table that measures every row first took seconds for thousands.
        sys.stdout.write(f"Library: {folder}\n")
        _print_library_rows(records, sys.stdout)
        return 0
    print_records(
        records,
        as_json=args.json,
        title=f"Library: {folder}",
        empty=f"The library {folder} is empty; add articles with `newsdesk import PATH`.",
        columns=[
            ("id", "id", {"no_wrap": True}),
            ("title", "title", {"ratio": 3}),
            ("source", "source", {"ratio": 1}),
            ("date", "date", {"no_wrap": True}),
            ("path or url", _where, {"ratio": 2, "overflow": "fold"}),
            ("tagged", "tagged_claims", {"justify": "right"}),
        ],
    )
    return 0


def _where(record: Mapping[str, Any]) -> object:
    """Where an article came from: its file, or its URL when it had none."""
    return record["url"] if record["url"] and not record["path"] else record["path"]


def _fit(text: str | None, width: int, *, keep_end: bool = False) -> str:
    """Untrusted text on one line, exactly `width` cells: cut with "…" or padded."""
    from rich.cells import cell_len, set_cell_size

    line = single_line(text or "")
    if cell_len(line) <= width:
        return set_cell_size(line, width)
    if keep_end:
        tail = line[-width:]
        while cell_len(tail) > width - 1:
            tail = tail[1:]
        return set_cell_size("…" + tail, width)
    return set_cell_size(line, width - 1) + "…"


def _print_library_rows(records: Sequence[Mapping[str, Any]], out: TextIO) -> None:
    """One line per article as it comes, in columns sized to the terminal, not to the rows.

    A table that measures every row before printing the first took seconds for a few
    thousand articles and printed nothing meanwhile.
    """
    import shutil

    width = max(shutil.get_terminal_size((160, 24)).columns, 80)
    id_cells, date_cells, tagged_cells = 16, 18, 6
    rest = width - id_cells - date_cells - tagged_cells - 5 * 2
    title_cells, source_cells = rest * 3 // 6, rest // 6
    where_cells = rest - title_cells - source_cells
    out.write(
        "  ".join(
            (
                _fit("id", id_cells),
                _fit("title", title_cells),
                _fit("source", source_cells),
                _fit("date", date_cells),
                _fit("path or url", where_cells),
                "tagged".rjust(tagged_cells),
            )
        ).rstrip()
        + "\n"
    )
    for record in records:
        where = record["url"] if record["url"] and not record["path"] else record["path"]
        line = "  ".join(
            (
                _fit(record["id"], id_cells),
                _fit(record["title"], title_cells),
                _fit(record["source"], source_cells),
                _fit(record["date"], date_cells),
                _fit(where, where_cells, keep_end=True),
                str(record["tagged_claims"]).rjust(tagged_cells),
            )
        )
        out.write(line + "\n")
