"""CSV export of tagged claims, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from annotations.store import ClaimStatus, Desk, Tag

__all__ = ["COLUMNS", "ExportRow", "export_csv", "neutralise_cell", "rows_for_desk"]


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One tagged claim as a CSV row; the field order is the column order."""

    claim_id: str
    """The tag's stable id."""

    status: str
    """"confirmed" or "disputed"."""

    claim: str
    """The claim's text."""

    note: str
    """The analyst's note, "" if none."""

    article_title: str
    """Title of the article the claim comes from."""

    article_path: str
    """Where that article was read from."""

    article_date: str
    """The article's date as it writes it."""

    article_source: str
    """The outlet the article comes from."""

    start: int
    """Index of the claim's first character in the article text."""

    end: int
    """Index one past its last character."""

    numbers: str
    """The claim's figures, "; "-joined."""

    names: str
    """The claim's names, "; "-joined."""

    analyst: str
    """Who made the latest change."""

    updated_at: str
    """When, ISO 8601 in UTC."""

    anchor: str
    """How the tag is tied to the text ("exact" unless re-anchored)."""

    old_quote: str
    """The quote as first tagged if it has since changed, else ""."""


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ExportRow))
"""The header row."""

_row_cells = attrgetter(*COLUMNS)

# Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP
# "CSV injection"); tab and CR are included because some importers strip them first.
_FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralise_cell(text: str) -> str:
    """Prefix `'` to text a spreadsheet would run as a formula, even after leading spaces."""
    if not text:
        return text
    first = text[0]
    if first in _FORMULA_STARTS:
        return "'" + text
    if first.isspace():
        stripped = text.lstrip()
        if stripped and stripped[0] in _FORMULA_STARTS:
            return "'" + text
    return text


def _cells(rows: Iterable[ExportRow], neutralise: bool) -> Iterator[tuple[object, ...]]:
    for row in rows:
        values: tuple[object, ...] = _row_cells(row)
        if neutralise:
            yield tuple(neutralise_cell(v) if isinstance(v, str) else v for v in values)
        else:
            yield values


def export_csv(rows: Iterable[ExportRow], out: TextIO, *, neutralise: bool = True) -> int:
    """Write a header and one RFC 4180 line per row to `out`; return how many rows were written.

    `out` should be opened with `newline=""` and UTF-8. With `neutralise=False` cells are
    written raw, for scripts that read the file back.
    """
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for cells in _cells(rows, neutralise):
        writer.writerow(cells)
        count += 1
    return count


def rows_for_desk(
    desk: Desk,
    *,
    statuses: Collection[ClaimStatus] | None = None,
    spans_for: Callable[[Tag], tuple[list[str], list[str]]] | None = None,
) -> list[ExportRow]:
    """The desk's tagged claims (those with a status) as rows, by article then position.

    Articles come in the order the desk first remembered them, unknown ones after, by id.
    `spans_for(tag)` gives the claim's number and name texts; without it those cells are empty.
    """
    wanted = None if statuses is None else {str(s) for s in statuses}
    articles = {info["id"]: info for info in desk.articles()}
    order = {article_id: i for i, article_id in enumerate(articles)}
    tags = [
        t
        for t in desk.tags()
        if t.status is not None and (wanted is None or t.status.value in wanted)
    ]
    tags.sort(key=lambda t: (order.get(t.article_id, len(order)), t.article_id, t.start, t.end))
    rows = []
    for tag in tags:
        info = articles.get(tag.article_id, {})
        numbers, names = spans_for(tag) if spans_for is not None else ([], [])
        rows.append(
            ExportRow(
                claim_id=tag.id,
                status=str(tag.status),
                claim=tag.quote,
                note=tag.note,
                article_title=info.get("title") or "",
                article_path=info.get("path") or "",
                article_date=info.get("date") or "",
                article_source=info.get("source") or "",
                start=tag.start,
                end=tag.end,
                numbers="; ".join(numbers),
                names="; ".join(names),
                analyst=tag.analyst,
                updated_at=tag.updated_at,
                anchor=tag.anchor,
                old_quote=tag.old_quote or "",
            )
        )
    return rows
