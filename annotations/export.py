"""CSV export of tagged claims, safe to open in a spreadsheet."""

from __future__ import annotations

import dataclasses
import io
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from annotations.claim_history import UNTAGGED, changed_by_others, describe_history
from annotations.csv_lines import (
    LINE_END,
    CsvCells,
    cell_text,
    neutralise_cell,
    write_lines,
)
from annotations.desk_paths import output_refusal
from annotations.files import (
    describe_os_error,
    remove_stale_temporaries,
    replacing,
    retried_on_full_disk,
)
from annotations.linked_claims import links_by_tag
from annotations.store import ClaimStatus
from annotations.tags import Tag, tags_fields
from annotations.team.verdicts import note_cell, verdict_cells

if TYPE_CHECKING:
    from annotations.export_cells import ClaimCells, PreparedCells
    from annotations.spans import Span
    from annotations.store import Desk

__all__ = [
    "COLUMNS",
    "EXPORT_STATUSES",
    "ExportError",
    "ExportRow",
    "export_csv",
    "export_desk_csv",
    "export_rows",
    "neutralise_cell",
    "rows_for_desk",
    "write_export",
]


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes
# building 100k rows for an export noticeably slower.
@dataclass(slots=True)
class ExportRow:
    """One tagged claim as a CSV row; the field order is the column order."""

    claim_id: str
    """The tag's stable id."""

    status: str
    """"confirmed", "disputed", or "untagged" for a claim with a note and no verdict, or one
    cleared over another analyst's verdict."""

    claim: str
    """The claim's text."""

    note: str
    """The analyst's note, "" if none; where analysts' notes differ, each one's latest as a
    JSON object by analyst."""

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

    links: str = ""
    """The claim's evidence links, "; "-joined, each "relation:claim_id by analyst (article
    title)" naming the other claim and who linked them; last so that the older columns keep
    their positions."""

    entities: str = ""
    """The entities the claim names, "; "-joined, as the analyst's merges, splits and aliases
    group them ("Abu Kamal" for a claim that writes "Albu Kamal")."""

    source: str = ""
    """Who the article attributes the claim to, as written ("Konashenkov"); "" if nobody."""

    source_via: str = ""
    """The outlet the source spoke to ("AFP" for "told AFP"), else ""."""

    hedges: str = ""
    """The words that hedge the claim, "; "-joined, each "text (kind)": "reportedly
    (reporting)", "up to (figure)"."""

    history: str = ""
    """Every change of the claim's status and note, one a line, oldest first: when, who,
    from → to."""

    verdicts: str = ""
    """On a team desk: each analyst's standing verdict, "checker: confirmed; reviewer:
    disputed"; "" while one analyst or none gave one."""

    conflict: str = ""
    """"yes" while analysts' verdicts differ (the claim is in conflict), else ""."""


COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(ExportRow))
"""The header row."""

EXPORT_STATUSES: tuple[str, ...] = (*(status.value for status in ClaimStatus), UNTAGGED)
"""The statuses an export can be limited to; "untagged" is a claim with only a note, or one
cleared over another analyst's verdict."""

_row_cells = attrgetter(*COLUMNS)

_NO_CELLS: ClaimCells = ("", "", "", "", "", "")
_position = itemgetter(2, 3)  # a claim's start and end in `Tag.checked_fields`

ExportClaim = tuple[
    str, str, str, str, tuple[str, str, str, str], int, int, "ClaimCells",
    str, str, str, str, str, str, str, str,
]  # fmt: skip
"""An exported claim's cells: claim_id, status, claim, note, its article's four cells, start,
end, its six analysis cells (`ClaimCells`), analyst, updated_at, anchor, old_quote, links,
history, verdicts, conflict. The article's and the analysis cells are one shared tuple each,
so that a CSV export writes them as text once per article and once per claim."""


def _row(claim: ExportClaim) -> tuple[Any, ...]:
    """The cells of an exported claim in COLUMNS order."""
    (tag_id, status, quote, note, article, start, end, cells, *rest) = claim
    return (tag_id, status, quote, note, *article, start, end, *cells[:2], *rest[:5], *cells[2:],
            *rest[5:])  # fmt: skip


def _write_csv(
    rows: Iterable[Sequence[object]], out: TextIO, neutralise: bool, for_terminal: bool
) -> int:
    """Write the header and `rows` (cells in COLUMNS order); how many rows."""
    text_of = cell_text(neutralise, for_terminal)
    out.write(",".join(COLUMNS) + LINE_END)
    if for_terminal:  # every cell through `printable`
        return write_lines((",".join(map(text_of, row)) + LINE_END for row in rows), out)
    joined = CsvCells(neutralise).joined
    # The claim's text, which often holds a comma, on its own; its neighbours, which rarely
    # need quoting, together (see `CsvCells.joined`).
    return write_lines(
        (
            f"{joined(row[:2])},{text_of(row[2])},{joined(row[3:8])},{row[8]},{row[9]},"  # type: ignore[arg-type]
            f"{joined(row[10:])}{LINE_END}"  # type: ignore[arg-type]
            for row in rows
        ),
        out,
    )


def _write_claims_csv(
    claims: Iterable[ExportClaim], out: TextIO, neutralise: bool, for_terminal: bool
) -> int:
    """`_write_csv` of exported claims: each article's cells and each claim's analysis cells
    are made text once, the cells that rarely hold anything are looked at only when they do,
    and those of few values (status, analyst, anchor) once per value."""
    if for_terminal:  # every cell through `printable`: the plain way
        return _write_csv(map(_row, claims), out, neutralise, for_terminal)
    cells = CsvCells(neutralise)
    text_of, known, joined = cells.text_of, cells.known, cells.joined
    # What to check a cell for in the common case: see `CsvCells.text_of`.
    suspect, needs_quotes = cells.suspect, cells.needs_quotes
    articles: dict[tuple[str, ...], str] = {}

    def lines() -> Iterator[str]:
        for claim in claims:
            tag_id, status, quote, note, article, start, end, analysis, *rest = claim
            analyst, updated_at, anchor, old_quote, links, history, verdicts, conflict = rest
            if tag_id[:1] in suspect or needs_quotes(tag_id):
                tag_id = text_of(tag_id)
            if quote[:1] in suspect or needs_quotes(quote):
                quote = text_of(quote)
            if updated_at[:1] in suspect or needs_quotes(updated_at):
                updated_at = text_of(updated_at)
            if note or old_quote or links:
                note, old_quote, links = map(text_of, (note, old_quote, links))
            tail = joined(rest[5:]) if history or verdicts or conflict else ",,"
            article_text = articles.get(article)
            if article_text is None:
                article_text = articles[article] = joined(article)
            yield (
                f"{tag_id},{known[status]},{quote},{note},{article_text},{start},{end},"
                f"{joined(analysis[:2])},{known[analyst]},{updated_at},{known[anchor]},"
                f"{old_quote},{links},{joined(analysis[2:])},{tail}{LINE_END}"
            )

    out.write(",".join(COLUMNS) + LINE_END)
    return write_lines(lines(), out)


def export_csv(
    rows: Iterable[ExportRow],
    out: TextIO,
    *,
    neutralise: bool = True,
    for_terminal: bool = False,
) -> int:
    """Write a header and one RFC 4180 line per row to `out`; return how many rows were written.

    `out` should be opened with `newline=""` and UTF-8. With `neutralise=False` cells are
    written raw, for scripts that read the file back. With `for_terminal` every control, bidi
    or hidden character is replaced one for one (`printable`) so that nothing in a cell can
    steer the terminal showing it; a file or a pipe gets the text exactly.
    """
    return _write_csv(map(_row_cells, rows), out, neutralise, for_terminal)


def rows_for_desk(
    desk: Desk,
    *,
    statuses: Collection[str] | None = None,
    spans_for: Callable[[Tag], tuple[list[str], list[str]]] | None = None,
) -> list[ExportRow]:
    """The claims the analyst touched (a status or a note) as rows, by article then position,
    and the claims cleared over another analyst's verdict or note (status "untagged", their
    history saying whose).

    `statuses` limits them to some of `EXPORT_STATUSES` (ValueError for another).
    A claim kept only for its links is not exported: its linked claims name it.

    Articles come in the order the desk first remembered them, unknown ones after, by id.
    `spans_for(tag)` gives the claim's number and name texts; without it those cells are empty.
    Orphaned tags (their article's new version no longer holds them) are exported too, with
    anchor "orphan" and their old offsets.
    """
    prepare: Callable[[list[tuple[Any, ...]]], PreparedCells] | None = None
    if spans_for is not None:
        given = spans_for

        def cells(tag_id: str, *_: object) -> ClaimCells:
            tag = desk.tag_by_id(tag_id)
            assert tag is not None
            numbers, names = given(tag)
            return "; ".join(numbers), "; ".join(names), "", "", "", ""

        def prepare(_: list[tuple[Any, ...]]) -> PreparedCells:
            return {}, cells

    return [ExportRow(*_row(claim)) for claim in _rows(desk, statuses, prepare)]


def _rows(
    desk: Desk,
    statuses: Collection[str] | None,
    prepare: Callable[[list[tuple[Any, ...]]], PreparedCells] | None,
) -> list[ExportClaim]:
    """The exported claims, by article then position (as
    `rows_for_desk` says). `prepare` gets the fields (`Tag.checked_fields`) of every claim the
    analyst touched, whatever its status, and gives each claim's numbers, names, entities,
    source, source_via and hedges cells by (article id, start, end), with `cells_of(tag_id,
    article_id, start, end, quote, orphan)` for a claim they lack and for an orphan.

    Read from the tags' documents: building 100k tags costs more than the whole export.
    """
    wanted = set(EXPORT_STATUSES if statuses is None else map(str, statuses))
    unknown_statuses = wanted.difference(EXPORT_STATUSES)
    if unknown_statuses:
        raise ValueError(f"unknown status {', '.join(sorted(unknown_statuses))}")
    articles = {info["id"]: info for info in desk.articles()}
    order = {article_id: i for i, article_id in enumerate(articles)}
    # Only the claims the analyst touched (a status or a note) are exported, and those
    # cleared over another analyst's change (`Tag.names_others`), with their history.
    exported = [
        f
        for f in tags_fields(desk.tag_documents())
        if f[7] is not None or f[8].strip() or (f[13] and changed_by_others(f[13], f[9]))
    ]
    known, cells_of = prepare(exported) if prepare is not None else ({}, None)
    by_article: dict[str, list[tuple[Any, ...]]] = {}
    for fields in exported:
        if (fields[7] or UNTAGGED) in wanted:
            by_article.setdefault(fields[1], []).append(fields)
    last = len(order)
    found = []
    for article_id in sorted(by_article, key=lambda a: (order.get(a, last), a)):
        found += sorted(by_article[article_id], key=_position)
    # The four article cells are the same for every claim of an article: look them up once.
    article_cells = {
        article_id: tuple(info.get(k) or "" for k in ("title", "path", "date", "source"))
        for article_id, info in articles.items()
    }
    unknown = ("", "", "", "")
    # Shared by every claim of an article tagged in the same file (see `ExportClaim`).
    article_of: dict[tuple[str, str | None], tuple[str, str, str, str]] = {}
    links = _links_by_tag(desk, articles)
    rows: list[ExportClaim] = []
    for fields in found:
        tag_id, article_id, start, end, quote = fields[:5]
        article = article_of.get((article_id, fields[15]))
        if article is None:
            title, path, date, source = article_cells.get(article_id, unknown)
            # The file it was tagged in; older tags: the article's.
            article = article_of[article_id, fields[15]] = (title, fields[15] or path, date, source)
        status = fields[7] or UNTAGGED
        note, analyst, updated_at, anchor, old_quote, history = fields[8:14]
        history_cell, verdicts, conflict = "", "", ""
        if history:
            tag = desk.tag_by_id(tag_id)
            assert tag is not None
            history_cell = describe_history(tag.history)
            verdicts, conflict = _verdict_cells(tag)
            note = note_cell(tag)
        claim = known.get(fields[1:4])
        if claim is None or anchor == "orphan":
            claim = (
                cells_of(tag_id, article_id, start, end, quote, anchor == "orphan")
                if cells_of is not None
                else _NO_CELLS
            )
        rows.append(
            (tag_id, status, quote, note, article, start, end, claim, analyst, updated_at,
             anchor, old_quote or "", links.get(tag_id, ""), history_cell, verdicts, conflict)
        )  # fmt: skip
    return rows


def _verdict_cells(tag: Tag) -> tuple[str, str]:
    found = verdict_cells(tag)
    return found.get("verdicts", ""), found.get("conflict", "")


def _links_by_tag(desk: Desk, articles: Mapping[str, Mapping[str, object]]) -> dict[str, str]:
    """The "links" cell of every linked tag, by tag id."""
    cells: dict[str, str] = {}
    for tag_id, found in links_by_tag(desk).items():
        entries = []
        for link, other in found:
            title = (articles.get(other.article_id) or {}).get("title") or ""
            by = f" by {link.analyst}" if link.analyst else ""
            entries.append(f"{link.relation}:{other.id}{by}" + (f" ({title})" if title else ""))
        cells[tag_id] = "; ".join(entries)
    return cells


class ExportError(Exception):
    """The CSV file could not be written; the message names it and says why."""


def export_rows(
    desk: Desk,
    *,
    spans: Mapping[str, Sequence[Span]] | None = None,
    texts: Mapping[str, str] | None = None,
    statuses: Collection[str] | None = None,
) -> list[ExportRow]:
    """The rows of every export format: the claims the analyst touched, with their figures,
    names, entities, source and hedges (see `export_desk_csv` for `spans` and `texts`).

    Each article is detected, its names grouped and its sources read once, whatever the
    number of its tags, and kept in the desk's analysis cache (`annotations.analysis_cache`):
    an article whose text and grouping are unchanged since is not analysed again. A quote
    whose article is gone is detected with the article's other such quotes in one pass, and
    read for its source once however often it is tagged.
    ValueError for an unknown status.
    """
    return [ExportRow(*_row(claim)) for claim in _analysed_rows(desk, spans, texts, statuses)]


def _analysed_rows(
    desk: Desk,
    spans: Mapping[str, Sequence[Span]] | None,
    texts: Mapping[str, str] | None,
    statuses: Collection[str] | None,
) -> list[ExportClaim]:
    """The claims of `export_rows`, as `_rows` gives them."""
    from annotations.analysis_cache import AnalysisCache
    from annotations.claim_cells import ClaimSpans
    from annotations.export_cells import ClaimCellsReader

    cache = AnalysisCache.for_desk(desk)
    reader = ClaimCellsReader(ClaimSpans(desk, spans or {}, texts or {}, cache))
    return _rows(desk, statuses, reader.prepared)


def write_export(target: str | os.PathLike[str], write: Callable[[TextIO, bool], int]) -> int:
    """Write an export file through `files.replacing` and return what `write` returns.

    `write(out, to_terminal)` gets a UTF-8 text stream (text that is not valid Unicode, a file
    name's undecodable bytes, is written as `\\udcXX` escapes) and whether the target is a
    terminal. A failed export leaves no half file; a FIFO or terminal is written in place.
    ExportError (naming the file) if it cannot be written.
    """
    path = Path(target)
    if (refused := output_refusal(path)) is not None:
        raise ExportError(refused)  # any desk, journal, lock or desk folder, whoever's
    # An export killed midway (Ctrl-C, a crash) left its temporary file here: clean it up.
    remove_stale_temporaries(path.parent)

    def written() -> int:
        with replacing(path) as stream:
            out = io.TextIOWrapper(
                stream, encoding="utf-8", errors="backslashreplace", newline="", write_through=True
            )
            try:
                count = write(out, stream.isatty())
                out.flush()
            finally:
                out.detach()
        return count

    try:
        # On a full disk, the whole export once more after the analysis cache gave way.
        count = retried_on_full_disk(written, path)
    except OSError as exc:
        # Not an OSError any more: a failed export must not hold up the desk's own saves.
        raise ExportError(f"cannot write {path}: {describe_os_error(exc)}") from exc
    return count


def export_desk_csv(
    desk: Desk,
    target: str | os.PathLike[str] | TextIO,
    *,
    spans: Mapping[str, Sequence[Span]] | None = None,
    texts: Mapping[str, str] | None = None,
    statuses: Collection[str] | None = None,
    neutralise: bool = True,
    for_terminal: bool = False,
) -> int:
    """Export the desk's tagged claims as CSV to a file path or an open text stream.

    Figures and names come from `spans` (the detection the caller already has, by article id),
    else from the article file if it still holds the tagged text, else from the quote itself.
    `texts` (article texts the caller has, by id) let names group exactly as in the desk, and
    sources and hedges be read in context (else from the file, or the quote alone).
    A file is written through `write_export`. `for_terminal` (or a target that is a terminal)
    shows control and bidi characters safely, as `export_csv` does.
    """
    claims = _analysed_rows(desk, spans, texts, statuses)
    if not isinstance(target, (str, os.PathLike)):
        return _write_claims_csv(claims, target, neutralise, for_terminal)
    return write_export(
        target, lambda out, tty: _write_claims_csv(claims, out, neutralise, for_terminal or tty)
    )
