"""The library commands: `newsdesk import`, `newsdesk list` and `newsdesk orphans`."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.importers import FIELD_NAMES, ImportResult, import_path
from annotations.library import Library, LibraryEntry, LibraryError
from annotations.revisions import ReanchorReport, move_tags_of_replaced
from annotations.safe_text import single_line
from annotations.store import Desk, DeskError, Tag
from tui.commandline import EXIT_USAGE, Command, add_db_option, desk_path, fail

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.importers import Progress

__all__ = [
    "LIBRARY_COMMANDS",
    "PROGRESS_FROM_FILES",
    "article_titles",
    "import_parser",
    "list_parser",
    "orphan_records",
    "orphans_parser",
    "parse_field_map",
    "run_import",
    "run_list",
    "run_orphans",
    "tagged_counts",
]

PROGRESS_FROM_FILES = 4
"""An import of at least this many files shows a progress bar (on a terminal)."""


def _add_json(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--json", action="store_true", help=f"print {what} as a JSON list")


def _print_json(records: list[dict[str, Any]]) -> None:
    json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


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


def tagged_counts(desk: Desk) -> Counter[str]:
    """How many claims of each article carry a status or a note (orphans not counted)."""
    return Counter(
        tag.article_id
        for tag in desk.tags()
        if tag.anchor != "orphan" and (tag.status is not None or tag.note)
    )


@contextmanager
def _desk_for_reading(db_path: Path) -> Iterator[Desk | None]:
    """The desk without its lock (the TUI may hold it), or None when there is no desk yet.

    A missing desk is not created: listing must not leave files behind.
    """
    if not db_path.exists():
        yield None
        return
    desk = Desk.open(db_path, lock=False)
    try:
        yield desk
    finally:
        desk.close()


# --- newsdesk import -----------------------------------------------------------------------


def import_parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk import`."""
    parser = argparse.ArgumentParser(
        prog="newsdesk import",
        description=(
            "Import articles into the desk's library: .txt and .md files, saved web pages "
            "(.html), JSON and JSON Lines exports, or folders holding them. A file or URL "
            "imported again with a changed text becomes a new version, and the tags of the "
            "old version are moved onto it."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    add_db_option(parser, "the desk database; its library is the folder beside it")
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
    return parser


def parse_field_map(pairs: Sequence[str]) -> dict[str, str]:
    """`--field NAME=FIELD` options as a field map; ValueError naming the bad option."""
    field_map: dict[str, str] = {}
    for pair in pairs:
        name, sep, field = pair.partition("=")
        name, field = name.strip(), field.strip()
        if not sep or not name or not field:
            raise ValueError(f"--field {pair!r}: write it as NAME=FIELD, e.g. text=story_body")
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


def _import_all(paths: Sequence[str], field_map: Mapping[str, str]) -> ImportResult:
    result = ImportResult()
    with _progress_bar() as show:
        for path in paths:
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


def run_import(args: argparse.Namespace) -> int:
    """Import files and folders into the library; move tags onto new versions."""
    try:
        field_map = parse_field_map(args.field)
    except ValueError as error:
        return fail(str(error))
    db_path = desk_path(args)
    result = _import_all(args.paths, field_map)
    library = Library(db_path)
    known = {entry.id for entry in library.entries()}
    try:
        entries = library.add_many(result.imported)
    except LibraryError as error:
        return fail(str(error))
    fresh: dict[str, LibraryEntry] = {}
    versions: dict[str, tuple[LibraryEntry, Article]] = {}
    for entry, item in zip(entries, result.imported, strict=True):
        if entry.id not in known:
            fresh[entry.id] = entry
        if entry.replaces is not None:
            versions.setdefault(entry.id, (entry, item.article))
    new_versions = sum(1 for article_id in versions if article_id in fresh)
    # The same article read twice (a file named and its folder) counts once.
    already = len({entry.id for entry in entries} - fresh.keys())
    print(
        f"imported {len(fresh) - new_versions} new article(s), {new_versions} new version(s), "
        f"{already} already in the library, from {result.files} "
        f"file(s) into {single_line(str(library.folder))}; {len(result.problems)} problem(s)"
    )
    for problem in result.problems:
        print(f"  problem: {single_line(str(problem))}", file=sys.stderr)
    reports, why_not = move_tags_of_replaced(db_path, list(versions.values()), set(fresh))
    _print_reanchored(reports)
    if why_not is not None:
        fail(why_not)
    return 0 if result.imported else EXIT_USAGE


# --- newsdesk list -------------------------------------------------------------------------


def list_parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk list`."""
    parser = argparse.ArgumentParser(
        prog="newsdesk list",
        description="List the articles in the desk's library, with their tagged claims.",
    )
    add_db_option(parser, "the desk database; its library is the folder beside it")
    _add_json(parser, "the articles")
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


def run_list(args: argparse.Namespace) -> int:
    """Print the library."""
    db_path = desk_path(args)
    library = Library(db_path)
    try:
        with _desk_for_reading(db_path) as desk:
            counts = tagged_counts(desk) if desk is not None else Counter[str]()
    except DeskError as error:
        return fail(str(error))
    entries = library.entries(latest_only=not args.all)
    records = [_entry_record(entry, counts[entry.id]) for entry in entries]
    if args.json:
        _print_json(records)
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


# --- newsdesk orphans ----------------------------------------------------------------------


def orphans_parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk orphans`."""
    parser = argparse.ArgumentParser(
        prog="newsdesk orphans",
        description=(
            "List tags whose claim a new version of their article no longer holds. Re-attach "
            "or discard them in the desk's orphan panel."
        ),
    )
    add_db_option(parser, "the desk database; its library is the folder beside it")
    _add_json(parser, "the orphaned tags")
    return parser


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


def run_orphans(args: argparse.Namespace) -> int:
    """Print the orphaned tags."""
    db_path = desk_path(args)
    try:
        with _desk_for_reading(db_path) as desk:
            orphans = desk.orphans() if desk is not None else []
            titles = article_titles(Library(db_path), desk)
    except DeskError as error:
        return fail(str(error))
    records = orphan_records(orphans, titles)
    if args.json:
        _print_json(records)
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not records:
        console.print(Text("No orphaned tags."))
        return 0
    table = Table(title=Text(f"{len(records)} orphaned tag(s)"))
    for column in ("id", "article", "quote", "note", "status"):
        table.add_column(column, overflow="fold")
    for record in records:
        table.add_row(
            *(
                Text(single_line(record[name] or ""))
                for name in ("id", "article_title", "quote", "note", "status")
            )
        )
    console.print(table)
    return 0


LIBRARY_COMMANDS: dict[str, Command] = {
    "import": (import_parser, run_import),
    "list": (list_parser, run_list),
    "orphans": (orphans_parser, run_orphans),
}
"""The library's subcommands, to merge into `tui.cli.COMMANDS`."""
