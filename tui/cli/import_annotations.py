"""`newsdesk import-annotations`: read a W3C Web Annotation export back into a desk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotations.desk_documents import quoted
from annotations.safe_text import single_line
from tui.cli.common import EXIT_FAILURE, command_parser, desk_path, fail

__all__ = ["parser", "run"]


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk import-annotations`."""
    parser = command_parser(
        "import-annotations",
        "Read a W3C Web Annotation file written by `newsdesk export --format w3c` into the "
        "desk: each claim's verdict, note, links, analyst, times and history. A claim the "
        "desk already tags differently keeps the desk's tag.",
        db="the desk database to read into",
    )
    parser.add_argument("file", metavar="FILE", type=Path, help="the .w3c.json file")
    return parser


def run(args: argparse.Namespace) -> int:
    """Import the annotations; exit 1 if some claims kept the desk's own, different tag."""
    from annotations.formats.w3c_import import (
        AnnotationFileError,
        article_texts,
        check_against_texts,
        read_annotation_file,
        store_annotations,
    )
    from annotations.store import Desk

    db = desk_path(args)
    try:
        read = read_annotation_file(args.file)
        # Checked against the articles before the desk is opened (a bad file leaves no
        # desk), and again against those only the open desk knows the files of.
        check_against_texts(read, article_texts(read, db), str(args.file))
    except AnnotationFileError as error:
        return fail(str(error))
    with Desk.open(db) as desk:
        texts = article_texts(read, desk.path, desk)
        try:
            check_against_texts(read, texts, str(args.file))
        except AnnotationFileError as error:
            return fail(str(error))
        result = store_annotations(desk, read, texts)
    print(
        f"imported {result.added} claim(s) and {result.links} link(s) from "
        f"{single_line(str(args.file))}"
        + (f"; {result.already} were already on the desk" if result.already else "")
        + _unchecked(result.unchecked),
        file=sys.stderr,
    )
    for quote, differs in result.kept:
        what = "different verdict" if differs == "verdict" else f"{differs} (same verdict)"
        fail(f"kept the desk's own {what} on {quote[:60]!r}")
    return EXIT_FAILURE if result.kept else 0


def _unchecked(articles: tuple[str, ...]) -> str:
    """What the summary says of the claims stored without being checked against their text."""
    if not articles:
        return ""
    names = ", ".join(single_line(quoted(name)) for name in sorted(set(articles)))
    return (
        f"; stored {len(articles)} claim(s) unchecked: their article ({names}) was not found "
        "in the library or at the path the file gives; each is checked when the article is "
        "opened, and one off its words is listed by `newsdesk orphans`"
    )
