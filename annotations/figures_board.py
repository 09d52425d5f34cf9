"""The figures board: every counted thing as a row, one column per article, clashes first."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotations.compare.decisions import Decision
from annotations.compare.figures import FigureMention, FigureStatus, values_compatible
from annotations.sourcing import (
    ArticleSourcing,
    MergedKeys,
    entity_name,
    hedges_json,
    source_json,
    sourcing_of,
)

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.attribution import Source
    from annotations.claims import Claim
    from annotations.compare import Comparison
    from annotations.hedges import Hedge
    from annotations.spans import Span

__all__ = [
    "BoardEntry",
    "BoardRow",
    "FigureMerge",
    "FigureSplit",
    "FiguresBoard",
    "figure_id",
    "figures_board",
    "range_text",
]

STATUS_ORDER: Mapping[str, int] = {"clash": 0, "agree": 1, "one-side": 2}
"""Rows sort clash first: a clash is what the analyst has to look at."""


def figure_id(article_id: str, start: int) -> str:
    """The stable name of one figure of one article, as decisions store it."""
    return f"{article_id}:{start}"


@dataclass(frozen=True, slots=True)
class FigureSplit(Decision):
    """The analyst's call that a figure does not count what its row counts."""

    figure: str
    """The `figure_id` of the figure taken out of its row."""


@dataclass(frozen=True, slots=True)
class FigureMerge(Decision):
    """The analyst's call that two rows count the same thing."""

    figure_a: str
    """The `figure_id` of a figure of one row."""

    figure_b: str
    """The `figure_id` of a figure of the other row."""


@dataclass(frozen=True, slots=True)
class BoardEntry:
    """One figure in one article's cell: as written, its range, who states it, its hedges."""

    mention: FigureMention
    """The figure, with what it counts and its claim."""

    source: Source | None
    """Who the claim it stands in is attributed to."""

    source_entity: str | None
    """The entity of the source's name, if it has one."""

    hedges: tuple[Hedge, ...]
    """The hedges of its claim, and its own qualifier ("up to"); not other figures'."""

    claim: tuple[int, int]
    """(start, end) of the claim it stands in; the figure's own span if it is in none."""

    @property
    def id(self) -> str:
        """The figure's `figure_id`."""
        return figure_id(self.mention.article_id, self.mention.start)

    @property
    def source_label(self) -> str:
        """The source as the board shows it, as written ("" if none), and the outlet it told."""
        if self.source is None:
            return ""
        label = self.source.text
        if self.source.name_start is None and self.source_entity:
            label += f" = {self.source_entity}"  # merged by the analyst with an entity
        return f"{label} (via {self.source.via})" if self.source.via else label


@dataclass(slots=True)
class BoardRow:
    """One counted thing across the articles."""

    counts: str
    """What the row counts ("foreign fighters/mercenaries")."""

    status: FigureStatus
    """agree, clash or one-side, across the row."""

    entries: list[BoardEntry] = field(default_factory=list)
    """Its figures, in article order."""

    @property
    def id(self) -> str:
        """The row's name: the id of its first figure."""
        return self.entries[0].id if self.entries else ""

    def cell(self, article_id: str) -> list[BoardEntry]:
        """The row's figures in one article, those with a source first."""
        found = [e for e in self.entries if e.mention.article_id == article_id]
        return sorted(found, key=lambda e: (e.source is None, e.mention.start))

    def distinct(self, article_id: str) -> list[tuple[BoardEntry, int]]:
        """The cell's figures, a figure restated with the same source and hedges once, with
        how many times it is stated ("120" in a headline, its repeat and the body)."""
        seen: dict[tuple[str, str, tuple[str, ...]], list[Any]] = {}
        for entry in self.cell(article_id):
            key = (entry.mention.text, entry.source_label, tuple(h.text for h in entry.hedges))
            if key in seen:
                seen[key][1] += 1
            else:
                seen[key] = [entry, 1]
        return [(entry, times) for entry, times in seen.values()]


@dataclass(slots=True)
class FiguresBoard:
    """The board: the articles (columns) and the rows, clashes first."""

    article_ids: list[str]
    """The articles, in column order."""

    rows: list[BoardRow]
    """The counted things, clash first, then agree, then one side."""

    def to_json(self, file_name_of: Callable[[str], str]) -> dict[str, Any]:
        """Plain JSON data; `file_name_of` turns an article id into its file's base name."""
        return {
            "files": [file_name_of(a) for a in self.article_ids],
            "rows": [
                {
                    "id": row.id,
                    "counts": row.counts,
                    "status": row.status,
                    "cells": {
                        file_name_of(a): [_entry_json(e) for e in row.cell(a)]
                        for a in self.article_ids
                    },
                }
                for row in self.rows
            ],
        }


def _entry_json(entry: BoardEntry) -> dict[str, Any]:
    m = entry.mention
    return {
        "text": m.text,
        "start": m.start,
        "end": m.end,
        "range": range_text(m),
        "low": m.low,
        "high": m.high,
        "unit": m.unit,
        "approximate": m.approximate,
        "counts": m.counts,
        "source": source_json(entry.source, entry.source_entity),
        "hedges": hedges_json(entry.hedges),
        "claim": {"start": entry.claim[0], "end": entry.claim[1]},
    }


def _number(value: float, rough: bool = False) -> str:
    if rough and value >= 10:
        value = round(value)
    if value >= 1e9 and value % 1e7 == 0:
        return f"{value / 1e9:g}bn"
    if value >= 1e6 and value % 1e4 == 0:
        return f"{value / 1e6:g}m"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def range_text(mention: FigureMention) -> str:
    """The normalised range of a figure: "120", "≈106–134", "≤80", "≥60", "1.7m–5.1m USD"."""
    rng = mention.range
    if rng is None:
        return "?"
    low, high = rng
    rough = mention.approximate
    if math.isinf(high):
        text = f"≥{_number(low, rough)}"
    elif low <= 0 < high and (mention.low is None or mention.low == 0) and mention.high:
        text = f"≤{_number(high, rough)}"
    elif low == high:
        text = _number(low)
    else:
        text = f"{_number(low, rough)}–{_number(high, rough)}"
    if mention.approximate and not math.isinf(high):
        text = "≈" + text
    return f"{text} {mention.unit}" if mention.unit else text


def figures_board(
    articles: Sequence[tuple[Article, Sequence[Span], Sequence[Claim]]],
    comparison: Comparison,
    *,
    sourcing: Mapping[str, ArticleSourcing] | None = None,
    merges: Iterable[FigureMerge | Mapping[str, str]] = (),
    splits: Iterable[FigureSplit | Mapping[str, str]] = (),
    source_merges: Sequence[Mapping[str, str]] = (),
) -> FiguresBoard:
    """Lay the comparison's figure groups out as a board, with sources and hedges, after the
    analyst's splits and merges of rows, and merges of sources with entities (`source_merges`,
    the desk's entity merge decisions). `sourcing` may hold each article's sources already
    found."""
    found = dict(sourcing or {})
    claim_ends: dict[tuple[str, int], int] = {}
    for article, spans, claims in articles:
        if article.id not in found:
            found[article.id] = sourcing_of(article.id, article.text, spans)
        for claim in claims:
            claim_ends[(article.id, claim.start)] = claim.end
    order = [article.id for article, _, _ in articles]
    rank = {article_id: n for n, article_id in enumerate(order)}

    merged_sources = MergedKeys(source_merges)  # followed once for every entry

    def entry(m: FigureMention) -> BoardEntry:
        # A figure outside every claim (a headline over a dateline) stands for itself.
        end = claim_ends.get((m.article_id, m.sentence_start))
        start = m.sentence_start if end is not None else m.start
        end = end if end is not None else m.end
        article_sourcing = found[m.article_id]
        source = article_sourcing.source_of(start, end)
        hedges = tuple(
            h
            for h in article_sourcing.hedges_of(start, end)
            if h.kind != "figure" or m.start <= h.start < m.end
        )
        entity = entity_name(comparison, m.article_id, source, merged_sources)
        return BoardEntry(m, source, entity, hedges, (start, end))

    groups: list[tuple[str, FigureStatus, list[BoardEntry]]] = [
        (g.counts, g.status, [entry(m) for m in g.mentions])
        for g in comparison.figures
        if g.mentions
    ]
    rows = _decide(groups, merges, splits)
    rows.sort(
        key=lambda r: (
            STATUS_ORDER[r.status],
            rank.get(r.entries[0].mention.article_id, len(rank)),
            r.entries[0].mention.start,
        )
    )
    for row in rows:
        row.entries.sort(key=lambda e: (rank.get(e.mention.article_id, len(rank)), e.mention.start))
    return FiguresBoard(order, rows)


def _field(decision: object, name: str) -> str:
    if isinstance(decision, Mapping):
        return str(decision.get(name, ""))
    return str(getattr(decision, name, ""))


def _decide(
    groups: Sequence[tuple[str, FigureStatus, list[BoardEntry]]],
    merges: Iterable[FigureMerge | Mapping[str, str]],
    splits: Iterable[FigureSplit | Mapping[str, str]],
) -> list[BoardRow]:
    """Rows from the automatic groups, then the analyst's splits and merges in that order."""
    rows = [BoardRow(counts, status, list(entries)) for counts, status, entries in groups]
    changed: set[int] = set()
    for split in splits:
        figure = _field(split, "figure")
        for row in rows:
            if len(row.entries) > 1 and any(e.id == figure for e in row.entries):
                taken = [e for e in row.entries if e.id == figure]
                row.entries = [e for e in row.entries if e.id != figure]
                changed.add(id(row))
                alone = BoardRow(taken[0].mention.counts or row.counts, "one-side", taken)
                rows.append(alone)
                break
    for merge in merges:
        a, b = _field(merge, "figure_a"), _field(merge, "figure_b")
        row_a = next((r for r in rows if any(e.id == a for e in r.entries)), None)
        row_b = next((r for r in rows if any(e.id == b for e in r.entries)), None)
        if row_a is None or row_b is None or row_a is row_b:
            continue
        row_a.entries.extend(row_b.entries)
        if row_b.counts and row_b.counts not in row_a.counts.split(" + "):
            row_a.counts = f"{row_a.counts} + {row_b.counts}"
        rows.remove(row_b)
        changed.add(id(row_a))
    for row in rows:
        if id(row) in changed:
            row.status = row_status(row.entries)
    return rows


def row_status(entries: Sequence[BoardEntry]) -> FigureStatus:
    """agree if every pair of figures from different articles can hold together, clash if
    some pair cannot, one-side if the figures come from one article."""
    ranges = [(e.mention.article_id, e.mention.range) for e in entries]
    if len({article for article, _ in ranges}) < 2:
        return "one-side"
    for n, (article_a, range_a) in enumerate(ranges):
        for article_b, range_b in ranges[n + 1 :]:
            if article_a == article_b or range_a is None or range_b is None:
                continue
            if not values_compatible(range_a, range_b):
                return "clash"
    return "agree"
