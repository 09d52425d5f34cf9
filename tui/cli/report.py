"""`newsdesk report`: a brief of the desk for an editor, as Markdown or one HTML page."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from annotations.safe_text import printable, single_line
from tui.cli.common import (
    add_output_options,
    command_parser,
    desk_path,
    fail,
    output_over_desk,
)

__all__ = ["SUFFIXES", "parser", "run"]

SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
"""The format a file's suffix asks for."""


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk report`."""
    parser = command_parser(
        "report",
        "A brief of the desk for an editor: its articles (title, outlet, date), the figures "
        "that agree and clash with who states them, the confirmed and disputed claims with "
        "notes, links and analysts, and the names more than one article gives. The format "
        "follows the file's suffix (.html, .md); Markdown to stdout.",
        db="the desk database",
    )
    add_output_options(
        parser,
        output="brief.html or brief.md",
        formats=("md", "html"),
        default=None,
        format_help="md or html, whatever the suffix (default: from the suffix, else md)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the brief."""
    from annotations.brief import build_brief
    from annotations.brief_html import brief_html
    from annotations.brief_markdown import brief_markdown
    from annotations.export import write_export
    from annotations.store import Desk

    output: Path | None = args.output
    kind = args.format
    if kind is None and output is not None:
        kind = SUFFIXES.get(output.suffix.lower())
        if kind is None:
            return fail(
                f"cannot tell the format of {output}: name it .html or .md, or give --format"
            )
    db_path = desk_path(args)
    if not db_path.exists():
        return fail(f"no desk database at {db_path}")
    if (refused := output_over_desk(output, db_path)) is not None:
        return fail(refused)
    with Desk.open(db_path, lock=False) as desk:
        brief = build_brief(desk)
    generated = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    write = brief_html if kind == "html" else brief_markdown
    document = write(brief, generated=generated)
    if output is None:
        sys.stdout.write(printable(document) if sys.stdout.isatty() else document)
        return 0

    def written(out: TextIO, _: bool) -> int:
        return out.write(document)

    write_export(output, written)
    print(
        f"wrote the brief ({len(brief.claims)} claim(s), {len(brief.figures)} figure row(s)) "
        f"to {single_line(str(output))}",
        file=sys.stderr,
    )
    return 0
