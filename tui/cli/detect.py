"""`newsdesk detect`: every name and figure detected in the files, as a table or JSON lines."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.safe_text import single_line
from tui.cli.common import EXIT_USAGE, command_parser, fail, load_articles, print_json

if TYPE_CHECKING:
    from rich.text import Text

    from annotations.spans import Span

__all__ = ["parser", "run", "span_record"]


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk detect`."""
    parser = command_parser(
        "detect", "Print every number and name detected in the files.", files="articles"
    )
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


def _value(span: Span) -> str:
    if span.value is None:
        return ""
    if span.value.iso:
        return span.value.iso
    low = "" if span.value.low is None else f"{span.value.low:g}"
    high = "∞" if span.value.high is None else f"{span.value.high:g}"
    value = f"{'~' if span.value.approximate else ''}{low}..{high}"
    return f"{value} {span.value.unit}" if span.value.unit else value


def run(args: argparse.Namespace) -> int:
    """Detect numbers and names in each file."""
    articles, problems = load_articles(args.files)
    for problem in problems:
        fail(problem)
    if args.jsonl:
        for article in articles:
            name = Path(article.path or "").name
            records = []
            for span, standing in _detected(article.text, args.standing):
                record = span_record(name, span)
                if standing:
                    record["standing"] = True
                records.append(record)
            print_json(records, lines=True)
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
                cells: list[str | Text] = [
                    str(span.start),
                    str(span.end),
                    span.kind,
                    span.label,
                    Text(single_line(span.text)),
                    Text(single_line(_value(span))),
                ]
                if args.standing:
                    cells.append("yes" if standing else "")
                table.add_row(*cells)
            console.print(table)
    return EXIT_USAGE if problems and not articles else 0
