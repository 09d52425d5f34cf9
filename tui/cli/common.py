"""What every `newsdesk` subcommand shares: its parser, the desk's place, --db, safe output."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotations.safe_text import escape_json, escape_json_bytes, printable, single_line
from tui.cli.columns import Column, print_columns

if TYPE_CHECKING:
    from _typeshed import SupportsWrite
    from rich.console import Console

    from annotations.articles import Article
    from annotations.entity_decisions import EntityDecisions
    from annotations.store import Desk

__all__ = [
    "COMMANDS",
    "Column",
    "EXIT_FAILURE",
    "EXIT_USAGE",
    "LIBRARY_DB",
    "Parser",
    "add_output_options",
    "command_parser",
    "default_db_path",
    "desk_decisions",
    "desk_for_reading",
    "desk_path",
    "fail",
    "load_articles",
    "print_article_legend",
    "print_json",
    "print_records",
    "seconds_argument",
]

EXIT_USAGE = 2
"""Exit status for bad input: a file or a database that cannot be used, or nothing done."""

EXIT_FAILURE = 1
"""Exit status when the input was fine but the work failed (a full disk, no permission)."""

COMMANDS: dict[str, str] = {
    "export": "export",
    "detect": "detect",
    "compare": "compare",
    "claims": "claims",
    "figures": "figures",
    "alias": "alias",
    "import": "import_articles",
    "list": "list_library",
    "orphans": "orphans",
    "merge": "merge",
    "agreement": "agreement",
    "import-annotations": "import_annotations",
    "report": "report",
}
"""Each subcommand and the module of `tui.cli` that runs it (with `parser()` and `run(args)`);
`newsdesk --help` lists them from here."""

LIBRARY_DB = "the desk database; its library is the folder beside it"
"""What --db serves in the commands that work on the library."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose every message (usage, help, errors quoting the command line)
    reaches the terminal through the safe-text path: an argument can hold escape sequences."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse swallows a failed write (help to /dev/full would then exit 0): write here
        # so the one error boundary reports it and the command fails.
        if message:
            (file or sys.stderr).write(printable(message))

    def error(self, message: str) -> Any:
        # One line, as every failure is (the usage argparse prints first runs to several
        # lines for a command with many options); --help has the usage.
        self.exit(
            EXIT_USAGE,
            f"{self.prog}: error: {single_line(message)} (see {self.prog} --help)\n",
        )


def default_db_path() -> Path:
    """The desk database in the user data directory."""
    from platformdirs import user_data_path

    return user_data_path("newsdesk", appauthor=False) / "desk.json"


def desk_path(args: argparse.Namespace) -> Path:
    """The desk database a command was given with --db, else the default one."""
    db: Path | None = args.db
    return db if db is not None else default_db_path()


def _db_argument(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("give the path of a desk file, not an empty string")
    path = Path(text)
    if path.name in ("", ".", ".."):
        raise argparse.ArgumentTypeError(f"{text!r} is a folder; give the path of a desk file")
    return path


def seconds_argument(maximum: float) -> Callable[[str], float]:
    """The argparse type of a number of seconds: a finite number from 0 to `maximum`; any
    other value (nan, inf, negative, too large, not a number) is a usage error (exit 2)."""

    def seconds(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not math.isfinite(value) or not 0 <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"{text!r}: give a number of seconds from 0 to {maximum:g}"
            )
        return value

    seconds.__name__ = "seconds"
    return seconds


def command_parser(
    command: str,
    description: str,
    *,
    files: str | None = None,
    json: str | None = None,
    db: str | None = None,
    db_default: bool = True,
    epilog: str | None = None,
) -> Parser:
    """The parser of `newsdesk COMMAND` ("" for the desk itself) with the arguments commands
    share: FILE... when `files` (their help), --json when `json` (what it prints), and
    --db PATH when `db` (what the desk serves; its default path named when `db_default`,
    else the command reads no desk unless given one)."""
    parser = Parser(prog=f"newsdesk {command}".rstrip(), description=description, epilog=epilog)
    if files is not None:
        parser.add_argument("files", nargs="+", metavar="FILE", help=files)
    if json is not None:
        parser.add_argument("--json", action="store_true", help=f"print {json} as JSON")
    if db is not None:
        # argparse %-formats help text: a "%" in a home folder's name must stay a "%".
        default = str(default_db_path()).replace("%", "%%")
        parser.add_argument(
            "--db",
            metavar="PATH",
            type=_db_argument,
            help=f"{db} (default: {default})" if db_default else db,
        )
    return parser


def desk_decisions(db_path: Path | None) -> EntityDecisions:
    """The entity decisions and aliases kept in the desk at `db_path`, as the keywords of
    `compare`; none when no desk was given or it does not exist yet."""
    if db_path is not None:
        with desk_for_reading(db_path) as desk:
            if desk is not None:
                from annotations.entity_decisions import entity_decisions

                return entity_decisions(desk)
    return {"aliases": {}, "merges": [], "splits": []}


def _output_file(given: str) -> Path | None:
    """The file -o names; None for "-", standard output as in most tools ("./-" is a file)."""
    return None if given == "-" else Path(given)


def add_output_options(
    parser: argparse.ArgumentParser,
    *,
    output: str,
    formats: Sequence[str],
    default: str | None,
    format_help: str,
) -> None:
    """Add -o/--output FILE (`output` says what file, stdout by default) and --format."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=_output_file,
        help=f"{output} (default: stdout, as for -o -)",
    )
    parser.add_argument("--format", choices=formats, default=default, help=format_help)


def output_over_desk(output: Path | None, db_path: Path) -> str | None:
    """Why `output` must not be written (it would replace this desk or any other, an open
    desk, a journal, a lock, a library or analysis folder), or None when it may."""
    from annotations.desk_paths import output_refusal

    return None if output is None else output_refusal(output, (db_path,))


def fail(message: str, status: int = EXIT_USAGE) -> int:
    """Print a one-line message (never control characters) and return `status`."""
    print(f"newsdesk: {single_line(message)}", file=sys.stderr)
    return status


def print_json(document: object, *, lines: bool = False) -> None:
    """Print JSON with control, bidi and lone surrogate characters as `\\uXXXX` escapes."""
    if lines and isinstance(document, Sequence):
        # One write of all the lines: a long report yields about 17 thousand spans a megabyte,
        # and the standard encoder's set-up for each of them cost more than detecting them.
        # Each line is added as it is made: orjson hands back a line in a buffer of some 4 KB,
        # and holding them all for a join took 1.3 GB for the spans of a 20 MB text.
        written = bytearray()
        for record in document:
            written += _json_line(record)
        _write_utf8(escape_json_bytes(bytes(written)))
        return
    try:
        # orjson first: the standard encoder with indent runs in pure Python, seconds on the
        # comparison of two long reports. It refuses lone surrogates; json escapes them.
        data = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        sys.stdout.write(escape_json(json.dumps(document, ensure_ascii=False, indent=1)) + "\n")
        return
    _write_utf8(escape_json_bytes(data))


def _json_line(record: object) -> bytes:
    """One compact JSON line, UTF-8; lone surrogates, which orjson refuses, go through json
    (and are escaped there: UTF-8 cannot hold them)."""
    try:
        return orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return escape_json(json.dumps(record, ensure_ascii=False)).encode() + b"\n"


def _write_utf8(data: bytes) -> None:
    """Write UTF-8 bytes to stdout: straight to its buffer when it writes UTF-8 (a comparison
    of two long reports is megabytes: decoding them to encode them again was wasted), else
    as text, encoded as the stream says."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    if buffer is None or encoding != "utf8":
        stream.write(data.decode())
        return
    stream.flush()
    buffer.write(data)


def print_records(
    records: Sequence[Mapping[str, Any]],
    *,
    as_json: bool,
    title: str,
    empty: str,
    columns: Sequence[Column],
) -> None:
    """Print records as a JSON list, or under `title` in `columns`, one row as it comes
    (`empty` when there are none).

    Every cell is untrusted text: shown on one line, without markup or control characters.
    """
    if as_json:
        print_json(list(records))
        return
    if not records:
        sys.stdout.write(single_line(empty) + "\n")
        return
    sys.stdout.write(single_line(title) + "\n")
    print_columns(records, columns, sys.stdout)


def load_articles(paths: Sequence[str], *, once: bool = False) -> tuple[list[Article], list[str]]:
    """Load every path; return the articles and one message per file that failed or warned.

    `once`: a text given twice (a file and its copy, a path named twice) is one article,
    read from the first path that holds it; each other is named in a message. Shown or
    compared twice, one article would be counted twice and tagged in one column while the
    other still showed it untagged.
    """
    from annotations.articles import ArticleError, load_article

    articles: list[Article] = []
    problems: list[str] = []
    first_at: dict[str, str] = {}
    for path in paths:
        try:
            article = load_article(path)
        except ArticleError as error:
            problems.append(str(error))
            continue
        if once:
            if article.id in first_at:
                problems.append(
                    f"{path}: the same text as {first_at[article.id]}, read once from there"
                )
                continue
            first_at[article.id] = path
        articles.append(article)
        problems.extend(article.warnings)
    return articles, problems


@contextmanager
def desk_for_reading(db_path: Path) -> Iterator[Desk | None]:
    """The desk without its lock (the TUI may hold it), or None when there is no desk yet.

    A missing desk is not created: reading must not leave files behind.
    """
    from annotations.store import Desk

    if not db_path.exists():
        yield None
        return
    desk = Desk.open(db_path, lock=False)
    try:
        yield desk
    finally:
        desk.close()


def print_article_legend(console: Console, articles: Sequence[Article]) -> dict[str, str]:
    """Print "A1  title  path" for each article; return each article's short label by id."""
    from rich.text import Text

    short = {article.id: f"A{n + 1}" for n, article in enumerate(articles)}
    for article in articles:
        console.print(
            Text(f"{short[article.id]}  {single_line(article.title)}  ")
            + Text(single_line(article.path or ""), style="dim")
        )
    return short
