"""`newsdesk import`: add files and folders to the desk's library; move tags onto new versions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from annotations.safe_text import printable, single_line
from tui.cli.common import (
    EXIT_USAGE,
    LIBRARY_DB,
    command_parser,
    desk_path,
    fail,
    seconds_argument,
)

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.importers import ImportResult, Progress
    from annotations.library import LibraryEntry
    from annotations.revisions import ReanchorReport

__all__ = ["PROGRESS_FROM_FILES", "parse_field_map", "parser", "run"]

PROGRESS_FROM_FILES = 4
"""An import of at least this many files shows a progress bar (on a terminal)."""

MAX_FIELD_LENGTH = 200
"""The longest JSON field name --field takes."""

MAX_WAIT = 7 * 24 * 3600.0
"""The longest --wait: a week (beyond it the lock's deadline is no time a clock can hold)."""

MAX_TIMEOUT = 24 * 3600.0
"""The longest --timeout: a day for one web page."""


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk import`."""
    from annotations.importers import FIELD_NAMES
    from annotations.library import LOCK_TIMEOUT
    from annotations.web_fetch import FETCH_TIMEOUT

    parser = command_parser(
        "import",
        "Import articles into the desk's library: .txt and .md files, saved web pages "
        "(.html), JSON and JSON Lines exports, folders holding them, or web pages by their "
        "http or https address (fetched with certificates checked, no proxy, within --timeout "
        "and 10 MB). A file or URL imported again with a changed text becomes a new version, "
        "and the tags of the old version are moved onto it.",
        db=LIBRARY_DB,
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="files, folders or http(s) addresses to import"
    )
    parser.add_argument(
        "--field",
        metavar="NAME=FIELD",
        action="append",
        default=[],
        help=(
            "read an article part from another JSON field, e.g. text=story_body "
            f"(parts: {', '.join(FIELD_NAMES)}); may be repeated"
        ),
    )
    parser.add_argument(
        "--wait",
        metavar="SECONDS",
        type=seconds_argument(MAX_WAIT),
        default=LOCK_TIMEOUT,
        help=(
            f"how long to wait for another import into the same library (default {LOCK_TIMEOUT:g})"
        ),
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=seconds_argument(MAX_TIMEOUT),
        default=FETCH_TIMEOUT,
        help=f"how long fetching one web page may take (default {FETCH_TIMEOUT:g})",
    )
    return parser


def parse_field_map(pairs: Sequence[str]) -> dict[str, str]:
    """`--field NAME=FIELD` options as a field map; ValueError naming the bad option."""
    from annotations.importers import FIELD_NAMES

    field_map: dict[str, str] = {}
    for pair in pairs:
        name, sep, field = pair.partition("=")
        name, field = name.strip(), field.strip()
        if not sep or not name or not field:
            raise ValueError(f"--field {pair!r}: write it as NAME=FIELD, e.g. text=story_body")
        if any(not part.strip() for part in field.split(".")):
            raise ValueError(
                f"--field {pair!r}: {field!r} has an empty field name; a dot only separates "
                "the names of nested objects, e.g. title=meta.headline"
            )
        if printable(field) != field or "\n" in field or len(field) > MAX_FIELD_LENGTH:
            raise ValueError(
                f"--field {pair!r}: a field name holds no control characters or line breaks "
                f"and is at most {MAX_FIELD_LENGTH} characters"
            )
        if field_map.get(name, field) != field:
            raise ValueError(f"--field {pair!r}: {name} was already read from {field_map[name]!r}")
        if name not in FIELD_NAMES:
            raise ValueError(
                f"--field {pair!r}: {name!r} is not an article part; use one of "
                f"{', '.join(FIELD_NAMES)}"
            )
        field_map[name] = field
    return field_map


@contextmanager
def _progress_bar() -> Iterator[Progress]:
    """A progress callback: a transient Rich bar on a terminal's stderr, else nothing."""
    if not sys.stderr.isatty():
        yield lambda done, total, name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[name]}", markup=False),
        console=Console(stderr=True),
        transient=True,
    )
    tasks: dict[int, Any] = {}

    def show(done: int, total: int, name: str) -> None:
        if total < PROGRESS_FROM_FILES:
            return
        if done == 0:
            if not bar.live.is_started:
                bar.start()
            tasks[0] = bar.add_task("import", total=total, name="")
            return
        # File names are untrusted: the column shows them without markup, on one line.
        bar.update(tasks[0], completed=done, name=single_line(name))

    try:
        yield show
    finally:
        bar.stop()


def _import_all(paths: Sequence[str], field_map: Mapping[str, str], timeout: float) -> ImportResult:
    from annotations.importers import ImportResult, import_path
    from annotations.web_fetch import is_url
    from annotations.web_import import import_url

    result = ImportResult()
    with _progress_bar() as show:
        for path in paths:
            if is_url(path):
                result.extend(import_url(path, timeout=max(0.1, timeout)))
            else:
                result.extend(import_path(path, field_map=field_map, on_progress=show))
    return result


def _print_reanchored(reports: Sequence[tuple[LibraryEntry, ReanchorReport]]) -> None:
    for entry, report in reports:
        counts = report.counts
        print(
            f"  new version of {single_line(entry.title)!r}: tags "
            f"{counts['exact']} exact, {counts['moved']} moved, {counts['orphan']} orphaned"
        )
    if any(report.orphans for _, report in reports):
        print("  orphaned tags are listed by `newsdesk orphans` and in the desk's orphan panel")


def run(args: argparse.Namespace) -> int:
    """Import files and folders into the library; move tags onto new versions."""
    from annotations.library import Library, library_folder
    from annotations.revisions import move_tags_of_replaced

    try:
        field_map = parse_field_map(args.field)
    except ValueError as error:
        return fail(str(error))
    db_path = desk_path(args)
    result = _import_all(args.paths, field_map, args.timeout)
    library = Library(
        db_path,
        lock_timeout=max(0.0, args.wait),
        on_lock_wait=lambda holder: print(
            f"newsdesk: waiting for another newsdesk (process {holder}) to finish changing "
            f"the library {single_line(str(library_folder(db_path)))}…",
            file=sys.stderr,
        ),
    )
    known = {entry.id for entry in library.entries()}
    entries = library.add_many(result.imported)
    fresh: dict[str, LibraryEntry] = {}
    versions: dict[str, tuple[LibraryEntry, Article]] = {}
    for entry, item in zip(entries, result.imported, strict=True):
        if entry.id not in known:
            fresh[entry.id] = entry
        if entry.replaces is not None:
            versions.setdefault(entry.id, (entry, item.article))
    new_versions = sum(1 for article_id in versions if article_id in fresh)
    # The same article read twice (a file named and its folder, one record repeated) is one
    # entry; the repeats are counted apart so every article read is accounted for.
    distinct = {entry.id for entry in entries}
    already = len(distinct - fresh.keys())
    repeats = len(entries) - len(distinct)
    repeated = f", {repeats} repeat(s) of an article read earlier in this import" if repeats else ""
    # What could not be imported, then what was imported with something left out (a record's
    # url that is no web address): each named, all counted.
    problems = [str(problem) for problem in result.problems] + [
        f"{item.article.path or item.article.title}: {warning}"
        for item in result.imported
        for warning in item.article.warnings
    ]
    print(
        f"imported {len(fresh) - new_versions} new article(s), {new_versions} new version(s), "
        f"{already} already in the library{repeated}, from {result.files} "
        f"file(s) into {single_line(str(library.folder))}; {len(problems)} problem(s)"
    )
    for problem in problems:
        print(f"  problem: {single_line(problem)}", file=sys.stderr)
    reports, why_not = move_tags_of_replaced(db_path, list(versions.values()), set(fresh))
    _print_reanchored(reports)
    if why_not is not None:
        fail(why_not)
    return 0 if result.imported else EXIT_USAGE
