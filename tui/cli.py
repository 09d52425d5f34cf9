"""The `newsdesk` command: open articles in the desk, or detect, export, compare from the shell."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

from annotations.articles import Article, ArticleError, load_article
from annotations.library import Library
from annotations.safe_text import single_line
from annotations.spans import Span
from annotations.store import Desk, DeskError
from tui.commandline import EXIT_USAGE, Command, add_db_option, default_db_path, desk_path, fail
from tui.library_cli import LIBRARY_COMMANDS

__all__ = ["default_db_path", "main"]


def _version() -> str:
    try:
        return version("newsdesk")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """--version that reads the installed version only when asked (it costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object, **__: object) -> None:
        print(f"newsdesk {_version()}")
        parser.exit()


def _analyst(name: str | None) -> str:
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers; fall back quietly
        return "analyst"


def load_articles(paths: Sequence[str]) -> tuple[list[Article], list[str]]:
    """Load every path; return the articles and one message per file that failed or warned."""
    articles: list[Article] = []
    problems: list[str] = []
    for path in paths:
        try:
            article = load_article(path)
        except ArticleError as error:
            problems.append(str(error))
            continue
        articles.append(article)
        problems.extend(article.warnings)
    return articles, problems


# --- newsdesk [FILE ...] -------------------------------------------------------------------


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description=(
            "Read reports of one event side by side, see their names and figures highlighted, "
            "and tag each claim as confirmed or disputed. With no FILE, opens the bundled seeds."
        ),
        epilog=(
            "other commands: newsdesk export | detect | compare | alias | import | list | orphans "
            "(each takes --help). "
            "Press ? inside newsdesk for the keys."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="articles to open (.txt, .md)")
    add_db_option(parser)
    parser.add_argument("--analyst", metavar="NAME", help="who tags (default: your login name)")
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    return parser


def run_desk(args: argparse.Namespace) -> int:
    """Open the desk on the given files (or the seeds) until the analyst quits."""
    from annotations.writer import DeskWriter
    from seeds import seed_paths
    from tui.app import NewsdeskApp

    db_path = desk_path(args)
    library = None
    if args.files:
        # Absolute paths, so that a later run from another folder recognises the same file.
        paths = [os.path.abspath(path) for path in args.files]
    else:
        library = _library_with_entries(db_path)
        paths = [] if library is not None else [str(path) for path in seed_paths()]
    articles, problems = load_articles(paths)
    if not articles and library is None:
        for problem in problems:
            fail(problem)
        return EXIT_USAGE
    try:
        desk = Desk.open(db_path)
    except DeskError as error:
        return fail(str(error))
    try:
        problems.extend(_follow_edits(desk, articles))
    except DeskError as error:
        desk.close()
        return fail(str(error))
    writer = DeskWriter(desk)
    app = NewsdeskApp(
        articles,
        desk,
        writer,
        analyst=_analyst(args.analyst),
        db_label=str(db_path),
        warnings=problems,
        library=library,
    )
    try:
        app.run()
    finally:
        writer.flush()
        unsaved = writer.failed
        writer.close()
        desk.close()
    if unsaved:
        return fail(
            f"{unsaved} change(s) could not be written to {db_path}; "
            "they were shown as not saved in the desk. Check the disk and tag them again."
        )
    return 0


def _library_with_entries(db_path: Path) -> Library | None:
    """The desk's library if anything was imported into it, else None (open the seeds)."""
    from annotations.library import Library, LibraryError

    try:
        library = Library(db_path)
        return library if library.entries(latest_only=True) else None
    except (LibraryError, OSError):
        return None


def _follow_edits(desk: Desk, articles: list[Article]) -> list[str]:
    """Carry tags onto articles whose file changed since they were tagged; say what happened."""
    from annotations.revisions import carry_tags_forward

    messages: list[str] = []
    for article in articles:
        for report in carry_tags_forward(desk, article):
            counts = report.counts
            message = (
                f"{single_line(article.title)}: the file changed since it was tagged. "
                f"{counts['exact']} tag(s) found unchanged, {counts['moved']} moved"
            )
            if counts["orphan"]:
                message += (
                    f", {counts['orphan']} lost their sentence (orphans: press o to see them)"
                )
            messages.append(message + ".")
    return messages


# --- newsdesk export -----------------------------------------------------------------------


def _export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk export", description="Write the tagged claims of the desk as CSV."
    )
    add_db_option(parser)
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


def run_export(args: argparse.Namespace) -> int:
    """Export the desk's tagged claims."""
    from annotations.export import EXPORT_STATUSES, ExportError, export_desk_csv

    statuses = [part.strip() for part in args.status.split(",") if part.strip()]
    unknown = [status for status in statuses if status not in EXPORT_STATUSES]
    if unknown:
        return fail(f"unknown status {', '.join(unknown)}; use {', '.join(EXPORT_STATUSES)}")
    db_path = desk_path(args)
    if not db_path.exists():
        return fail(f"no desk database at {db_path}")
    try:
        desk = Desk.open(db_path, lock=False)
    except DeskError as error:
        return fail(str(error))
    try:
        target: Path | TextIO = args.output if args.output else sys.stdout
        rows = export_desk_csv(desk, target, statuses=statuses, neutralise=not args.raw)
    except ExportError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}")
    finally:
        desk.close()
    if args.output:
        print(
            f"exported {rows} tagged claim(s) to {single_line(str(args.output))}", file=sys.stderr
        )
    return 0


# --- newsdesk detect -----------------------------------------------------------------------


def _detect_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk detect", description="Print every number and name detected in the files."
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object a line")
    parser.add_argument(
        "--standing",
        action="store_true",
        help="also list spans in standing text (the paragraphs a strike release repeats every "
        'time, greyed in the desk), marked "standing": true',
    )
    return parser


def span_record(file_name: str, span: Span) -> dict[str, object]:
    """The JSON form of a detected span, as `newsdesk detect --jsonl` prints it."""
    record: dict[str, object] = {
        "file": file_name,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "kind": span.kind,
        "label": span.label,
    }
    if span.value is not None:
        record.update(
            low=span.value.low,
            high=span.value.high,
            approximate=span.value.approximate,
            unit=span.value.unit,
        )
        if span.value.iso is not None:
            record["iso"] = span.value.iso
    return record


def _detected(text: str, standing: bool) -> list[tuple[Span, bool]]:
    """The spans `newsdesk detect` prints, each with whether it lies in standing text."""
    from annotations.detection import boilerplate_stretches, detect

    if not standing:
        return [(span, False) for span in detect(text)]
    stretches = boilerplate_stretches(text)
    return [
        (span, any(start <= span.start and span.end <= end for start, end in stretches))
        for span in detect(text, standing=True)
    ]


def run_detect(args: argparse.Namespace) -> int:
    """Detect numbers and names in each file."""
    articles, problems = load_articles(args.files)
    for problem in problems:
        fail(problem)
    if args.jsonl:
        out = sys.stdout
        for article in articles:
            name = Path(article.path or "").name
            for span, standing in _detected(article.text, args.standing):
                record = span_record(name, span)
                if standing:
                    record["standing"] = True
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        console = Console()
        for article in articles:
            table = Table(title=Text(single_line(article.title)), title_justify="left")
            columns = ["start", "end", "kind", "label", "text", "value"]
            if args.standing:
                columns.append("standing")
            for column in columns:
                table.add_column(column)
            for span, standing in _detected(article.text, args.standing):
                value = ""
                if span.value is not None:
                    low = "" if span.value.low is None else f"{span.value.low:g}"
                    high = "∞" if span.value.high is None else f"{span.value.high:g}"
                    value = f"{'~' if span.value.approximate else ''}{low}..{high}"
                    if span.value.unit:
                        value += f" {span.value.unit}"
                    if span.value.iso:
                        value = span.value.iso
                cells: list[str | Text] = [
                    str(span.start),
                    str(span.end),
                    span.kind,
                    span.label,
                    Text(single_line(span.text)),
                    Text(value),
                ]
                if args.standing:
                    cells.append("yes" if standing else "")
                table.add_row(*cells)
            console.print(table)
    return EXIT_USAGE if problems and not articles else 0


# --- newsdesk compare ----------------------------------------------------------------------


def _compare_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk compare",
        description=(
            "Compare reports of one event: the same names across articles, figures that agree, "
            "clash or appear on one side only, and the best matching claims."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="two or more articles")
    parser.add_argument("--json", action="store_true", help="one JSON document")
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help="use the merges, splits and aliases kept in this desk database",
    )
    return parser


def desk_decisions(db_path: Path | None) -> dict[str, object]:
    """The analyst's entity decisions and aliases stored in a desk, as compare() keywords."""
    if db_path is None or not db_path.exists():
        return {}
    from annotations.entity_decisions import entity_decisions

    desk = Desk.open(db_path, lock=False)
    try:
        return dict(entity_decisions(desk))
    finally:
        desk.close()


def run_compare(args: argparse.Namespace) -> int:
    """Compare the files and print entities, figure alignment and claim matches."""
    from annotations.compare import compare_articles

    articles, problems = load_articles(args.files)
    for problem in problems:
        fail(problem)
    if len(articles) < 2:
        return fail("compare needs at least two readable articles")
    try:
        decisions = desk_decisions(args.db)
    except DeskError as error:
        return fail(str(error))
    comparison = compare_articles(articles, **decisions)  # type: ignore[arg-type]
    names = {article.id: Path(article.path or article.id).name for article in articles}
    if args.json:
        document = comparison.to_json(lambda article_id: names.get(article_id, article_id))
        json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    _print_comparison(comparison, articles)
    return 0


def _print_comparison(comparison: Any, articles: list[Article]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    order = [article.id for article in articles]
    short = {article.id: f"A{index + 1}" for index, article in enumerate(articles)}
    for article in articles:
        console.print(
            Text(f"{short[article.id]}  {single_line(article.title)}  ")
            + Text(single_line(article.path or ""), style="dim")
        )
    entities = Table(title="Names: one entity, many spellings", title_justify="left")
    entities.add_column("entity")
    entities.add_column("label")
    for article_id in order:
        entities.add_column(short[article_id], justify="right")
    entities.add_column("spellings")
    shared = sorted(
        comparison.entities, key=lambda e: (-len(e.article_ids), -len(e.mentions), e.name)
    )
    for entity in shared:
        counts = [
            str(sum(1 for m in entity.mentions if m.article_id == article_id))
            for article_id in order
        ]
        entities.add_row(
            Text(single_line(entity.name)),
            entity.label,
            *counts,
            Text(" / ".join(single_line(s) for s in entity.spellings)),
        )
    console.print(entities)
    figures = Table(title="Figures: agree, clash, or one side only", title_justify="left")
    figures.add_column("status")
    figures.add_column("counts")
    figures.add_column("figures")
    style = {"agree": "green", "clash": "bold red", "one-side": "yellow"}
    for group in sorted(
        comparison.figures, key=lambda g: ("agree", "clash", "one-side").index(g.status)
    ):
        figures.add_row(
            Text(group.status, style=style.get(group.status, "")),
            Text(single_line(group.counts)),
            Text(
                "\n".join(
                    f"{short.get(m.article_id, '?')}: {single_line(m.text)}"
                    f" — {single_line(m.sentence)[:90]}"
                    for m in group.mentions
                )
            ),
        )
    console.print(figures)
    matches = Table(title="Claims: the same statement in another report", title_justify="left")
    matches.add_column("score", justify="right")
    matches.add_column("claim")
    matches.add_column("best match")
    best: dict[tuple[str, int], Any] = {}
    for match in comparison.matches:
        key = (match.claim.article_id, match.claim.start)
        if key not in best or match.score > best[key].score:
            best[key] = match
    for match in sorted(best.values(), key=lambda m: -m.score):
        matches.add_row(
            f"{match.score:.2f}",
            Text(f"{short[match.claim.article_id]}: {single_line(match.claim.text)}"),
            Text(f"{short[match.match.article_id]}: {single_line(match.match.text)}"),
        )
    console.print(matches)


# --- newsdesk alias ------------------------------------------------------------------------


def _alias_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk alias",
        description=(
            "List the names newsdesk treats as one entity (ISIS, IS, ISIL, Daesh, ...), or add "
            "one: newsdesk alias 'Islamic State' 'Daech'. Added aliases are kept in the desk."
        ),
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="CANONICAL ALIAS to add one")
    add_db_option(parser)
    return parser


def run_alias(args: argparse.Namespace) -> int:
    """Add an alias to the desk, or list the built-in and the desk's aliases."""
    from annotations.aliases import BUILTIN_ALIASES

    if len(args.names) not in (0, 2):
        return fail("give a canonical name and its alias, or nothing to list them")
    db_path = desk_path(args)
    try:
        desk = Desk.open(db_path, lock=bool(args.names))
    except DeskError as error:
        return fail(str(error))
    try:
        if args.names:
            canonical, alias = args.names
            try:
                desk.add_alias(canonical, alias)
            except ValueError as error:
                return fail(str(error))
            print(f"{single_line(alias)} is now another name for {single_line(canonical)}")
            return 0
        added = desk.aliases()
    finally:
        desk.close()
    for canonical, aliases in BUILTIN_ALIASES.items():
        print(f"{single_line(canonical)}: {', '.join(single_line(a) for a in aliases)}")
    for canonical, extra in added.items():
        names = ", ".join(single_line(a) for a in extra)
        print(f"{single_line(canonical)}: {names}  (added in this desk)")
    return 0


COMMANDS: dict[str, Command] = {
    "export": (_export_parser, run_export),
    "detect": (_detect_parser, run_detect),
    "compare": (_compare_parser, run_compare),
    "alias": (_alias_parser, run_alias),
    **LIBRARY_COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsdesk` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in COMMANDS:
        make_parser, run = COMMANDS[arguments[0]]
        return run(make_parser().parse_args(arguments[1:]))
    return run_desk(_open_parser().parse_args(arguments))


if __name__ == "__main__":
    sys.exit(main())
