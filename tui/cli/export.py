"""`newsdesk export`: the desk's tagged claims as CSV, to a file or to stdout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.safe_text import single_line
from tui.cli.common import command_parser, desk_path, fail

__all__ = ["parser", "run"]


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk export`."""
    parser = command_parser(
        "export",
        "Write the tagged claims of the desk as CSV. On a terminal, control and bidi "
        "characters in the cells are shown as safe stand-ins; a file or a pipe gets the "
        "text exactly.",
        db="the desk database",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, help="CSV file (default: stdout)"
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
        help="do not neutralise cells a spreadsheet would run as formulas (for scripts)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Export the desk's tagged claims."""
    from annotations.export import EXPORT_STATUSES, export_desk_csv
    from annotations.store import Desk

    statuses = [part.strip() for part in args.status.split(",") if part.strip()]
    unknown = [status for status in statuses if status not in EXPORT_STATUSES]
    if unknown:
        return fail(f"unknown status {', '.join(unknown)}; use {', '.join(EXPORT_STATUSES)}")
    db_path = desk_path(args)
    if not db_path.exists():
        return fail(f"no desk database at {db_path}")
    with Desk.open(db_path, lock=False) as desk:
        chosen = statuses
        if args.output:
            rows = export_desk_csv(desk, args.output, statuses=chosen, neutralise=not args.raw)
        else:
            rows = export_desk_csv(
                desk,
                sys.stdout,
                statuses=chosen,
                neutralise=not args.raw,
                for_terminal=sys.stdout.isatty(),
            )
    if args.output:
        print(
            f"exported {rows} tagged claim(s) to {single_line(str(args.output))}", file=sys.stderr
        )
    return 0
