"""`newsdesk export`: the desk's tagged claims as CSV, JSON Lines or W3C Web Annotations."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from annotations.safe_text import single_line
from tui.cli.common import (
    add_output_options,
    command_parser,
    desk_path,
    fail,
    output_over_desk,
)

if TYPE_CHECKING:
    from annotations.desk_now import DeskNow

__all__ = ["FORMATS", "parser", "run"]

FORMATS = ("csv", "jsonl", "w3c")
"""What `--format` accepts."""


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk export`."""
    parser = command_parser(
        "export",
        "Write the tagged claims of the desk as CSV, JSON Lines (one typed object per claim) "
        "or a W3C Web Annotation collection (JSON-LD). On a terminal, control and bidi "
        "characters are shown as safe stand-ins (as \\uXXXX escapes in JSON); a file or a "
        "pipe gets the text exactly.",
        db="the desk database",
    )
    add_output_options(
        parser,
        output="file to write",
        formats=FORMATS,
        default="csv",
        format_help="csv (default), jsonl (one JSON object per claim) or w3c (W3C Web Annotations)",
    )
    parser.add_argument(
        "--status",
        metavar="LIST",
        default="confirmed,disputed,untagged",
        help="comma-separated statuses to export: confirmed, disputed, untagged (a claim with "
        "only a note); default: all three",
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="CSV: do not neutralise cells a spreadsheet would run as formulas (for scripts)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Export the desk's tagged claims."""
    from annotations.desk_now import desk_as_now
    from annotations.export import EXPORT_STATUSES
    from annotations.store import Desk

    statuses = [part.strip() for part in args.status.split(",") if part.strip()]
    unknown = [status for status in statuses if status not in EXPORT_STATUSES]
    if unknown:
        return fail(f"unknown status {', '.join(unknown)}; use {', '.join(EXPORT_STATUSES)}")
    if not statuses:
        # An empty list would export nothing, not even the header: a mistake, not a choice.
        return fail(f"--status names no status; use {', '.join(EXPORT_STATUSES)}")
    db_path = desk_path(args)
    if not db_path.exists():
        return fail(f"no desk database at {db_path}")
    if (refused := output_over_desk(args.output, db_path)) is not None:
        return fail(refused)
    with _few_full_collections(), Desk.open(db_path, lock=False) as desk:
        # Each tag as it stands on its article's file now, as opening the desk would place it.
        rows = _export(desk_as_now(desk), args, statuses)
    if args.output:
        what = "tagged claim(s)" if args.format != "w3c" else "annotation(s)"
        print(f"exported {rows} {what} to {single_line(str(args.output))}", file=sys.stderr)
    return 0


def _export(now: DeskNow, args: argparse.Namespace, statuses: list[str]) -> int:
    """Write the export in the chosen format to the file or stdout; how many items."""
    from annotations.export import export_desk_csv, export_rows, write_export
    from annotations.formats import claim_records, export_jsonl, export_w3c

    desk, texts = now.desk, now.texts
    if args.format == "csv":
        if args.output:
            return export_desk_csv(
                desk, args.output, texts=texts, statuses=statuses, neutralise=not args.raw
            )
        return export_desk_csv(
            desk,
            sys.stdout,
            texts=texts,
            statuses=statuses,
            neutralise=not args.raw,
            for_terminal=sys.stdout.isatty(),
        )

    def write(out: TextIO, to_terminal: bool) -> int:
        if args.format == "w3c":
            return export_w3c(desk, out, statuses=statuses, for_terminal=to_terminal)
        records = claim_records(desk, export_rows(desk, texts=texts, statuses=statuses))
        return export_jsonl(records, out, for_terminal=to_terminal)

    if args.output:
        return write_export(args.output, write)
    return write(sys.stdout, sys.stdout.isatty())


@contextmanager
def _few_full_collections() -> Iterator[None]:
    """Keep the collector's full passes away while the block runs, then put it back.

    An export holds the desk's tags and every article's spans at once: hundreds of thousands
    of long-lived objects without cycles, which full collections walked again and again as
    they grew (a sixth of a 30k-tag export, more at 100k). Young collections still run.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
