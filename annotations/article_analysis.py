"""One article's analysis as plain lists: its spans, sources and hedges, looked up per claim.

The export reads every claim's cells from here, whether the analysis was just computed or read
back from the analysis cache, so the two give the same cells by construction. Nothing here
imports the detector, the grouping or the sourcing rules: a cached analysis needs none of them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import astuple
from operator import le, lt
from typing import TYPE_CHECKING, Any, NamedTuple

from annotations.spans import NAME_LABELS, NUMBER_LABELS, NumberValue, Span

if TYPE_CHECKING:
    from annotations.attribution import Source
    from annotations.sourcing import ArticleSourcing

__all__ = ["VALUE_FIELDS", "ArticleAnalysis", "Column", "EntityPlaces", "SourcingColumns"]

LABELS: tuple[str, ...] = (*NUMBER_LABELS, *NAME_LABELS)
"""A span's label by its number in the lists; the first ones are figures, the rest names."""
_FIRST_NAME = len(NUMBER_LABELS)
_LABEL_NUMBER = {label: n for n, label in enumerate(LABELS)}
_SOURCE_FIELDS = 9
VALUE_FIELDS = ("low", "high", "approximate", "unit", "iso")
"""The fields of a figure's `NumberValue`, in order."""
_SOURCE_TYPES: tuple[tuple[type, ...], ...] = (
    (int,),
    (int,),
    (str,),
    (str,),
    (str, type(None)),
    (int, type(None)),
    (str,),
    (int, type(None)),
    (str,),
)


Column = Sequence[int]
"""Whole numbers, one per row: a list when computed, an `array` when read back."""


class SourcingColumns(NamedTuple):
    """The sentences with their sources, and the hedges, of one article, column by column."""

    sentence_starts: Column
    sentence_ends: Column
    sentence_sources: Column
    """The number of the sentence's source in `sources`, -1 for none."""
    sources: list[list[Any]]
    """Each distinct source once, its `Source` fields in order."""
    hedge_starts: Column
    hedge_ends: Column
    hedge_texts: list[str]
    hedge_kinds: list[str]


class ArticleAnalysis:
    """The spans (by start), the sentences with their sources, and the hedges of one article."""

    __slots__ = ("_ends", "_labels", "_sourcing", "_starts", "_texts", "_values", "text")

    def __init__(
        self,
        text: str | None,
        spans: tuple[Column, Column, Column],
        values: dict[str, Any],
        sourcing: SourcingColumns | None,
        span_texts: list[str] | None = None,
    ) -> None:
        self.text = text
        """The article's text; None when only the spans are known (their texts are kept)."""
        self._starts, self._ends, self._labels = spans
        self._values = values
        self._texts = span_texts
        self._sourcing = sourcing

    @classmethod
    def of(
        cls, text: str | None, spans: Sequence[Span], sourcing: ArticleSourcing | None
    ) -> ArticleAnalysis:
        """The analysis from detected `spans` and, when the text was read for them, `sourcing`."""
        ordered = sorted(spans, key=lambda span: span.start)
        valued = [(n, span.value) for n, span in enumerate(ordered) if span.value is not None]
        values: dict[str, Any] = {"at": [n for n, _ in valued]}
        for field in VALUE_FIELDS:
            values[field] = [getattr(value, field) for _, value in valued]
        columns = None
        if sourcing is not None and text is not None:
            sources: dict[Source, int] = {}
            numbers = [
                -1 if source is None else sources.setdefault(source, len(sources))
                for _, _, source in sourcing.attributions
            ]
            hedges = sourcing.hedges
            columns = SourcingColumns(
                [a[0] for a in sourcing.attributions],
                [a[1] for a in sourcing.attributions],
                numbers,
                [list(astuple(source)) for source in sources],
                [h.start for h in hedges],
                [h.end for h in hedges],
                [h.text for h in hedges],
                [h.kind for h in hedges],
            )
        texts = None if text is not None else [span.text for span in ordered]
        rows = (
            [s.start for s in ordered],
            [s.end for s in ordered],
            [_LABEL_NUMBER[s.label] for s in ordered],
        )
        return cls(text, rows, values, columns, texts)

    @property
    def has_sourcing(self) -> bool:
        """Whether the sources and hedges were read (they need the article's text)."""
        return self._sourcing is not None

    def _text_of(self, n: int) -> str:
        if self._texts is not None:
            return self._texts[n]
        assert self.text is not None
        return self.text[self._starts[n] : self._ends[n]]

    def inside(self, start: int, end: int) -> tuple[list[str], list[str]]:
        """The texts of the figures and of the names wholly within start..end, in order."""
        starts = self._starts
        low = bisect_left(starts, start)
        high = bisect_left(starts, end, low)
        if low == high:
            return [], []
        ends, labels, text = self._ends, self._labels, self.text
        inside = [n for n in range(low, high) if ends[n] <= end]
        numbers = [n for n in inside if labels[n] < _FIRST_NAME]
        names = [n for n in inside if labels[n] >= _FIRST_NAME]
        if text is None:
            texts = self._texts
            assert texts is not None
            return [texts[n] for n in numbers], [texts[n] for n in names]
        return [text[starts[n] : ends[n]] for n in numbers], [
            text[starts[n] : ends[n]] for n in names
        ]

    def spans(self, *, names_only: bool = False) -> list[Span]:
        """The spans as the detector gave them, by start (only the names with `names_only`)."""
        columns = [self._values[field] for field in VALUE_FIELDS]
        labels = self._labels
        # Figures carry the values: only names' (none, as detection gives them) with names_only.
        values = {
            n: NumberValue(*row)
            for n, *row in zip(self._values["at"], *columns, strict=True)
            if not names_only or labels[n] >= _FIRST_NAME
        }
        return [
            Span(
                self._starts[n],
                self._ends[n],
                "number" if label < _FIRST_NAME else "name",
                LABELS[label],
                self._text_of(n),
                values.get(n),
            )
            for n, label in enumerate(self._labels)
            if not names_only or label >= _FIRST_NAME
        ]

    def source_cells(self, start: int, end: int) -> tuple[str, str, str] | None:
        """(source, source_via, hedges) cells of the claim start..end; None without sourcing.

        The claim's source is that of the sentence it starts in, or of the last of the
        sentences it runs over that has one (`annotations.attribution.source_at`); its hedges
        are those wholly inside it, each "text (kind)".
        """
        found = self._sourcing
        if found is None:
            return None
        starts, numbers = found.sentence_starts, found.sentence_sources
        first = bisect_right(starts, start) - 1
        last = bisect_left(starts, end) - 1
        best = -1
        for n in range(max(first, 0), max(last, first) + 1):
            if n < len(starts) and numbers[n] >= 0:
                best = numbers[n]
        low = bisect_left(found.hedge_starts, start)
        high = bisect_left(found.hedge_starts, end)
        hedged = "; ".join(
            f"{found.hedge_texts[n]} ({found.hedge_kinds[n]})"
            for n in range(low, high)
            if found.hedge_ends[n] <= end
        )
        if best < 0:
            return "", "", hedged
        source = found.sources[best]
        return source[2], source[4] or "", hedged

    def sourcing(self, article_id: str) -> ArticleSourcing | None:
        """The sources and hedges as `annotations.sourcing.sourcing_of` gave them."""
        found = self._sourcing
        if found is None:
            return None
        from annotations.attribution import Source
        from annotations.hedges import Hedge
        from annotations.sourcing import ArticleSourcing

        sources = [Source(*row) for row in found.sources]
        attributions = [
            (start, end, sources[n] if n >= 0 else None)
            for start, end, n in zip(
                found.sentence_starts, found.sentence_ends, found.sentence_sources, strict=True
            )
        ]
        hedges = [
            Hedge(*row)  # type: ignore[arg-type]
            for row in zip(
                found.hedge_starts,
                found.hedge_ends,
                found.hedge_texts,
                found.hedge_kinds,
                strict=True,
            )
        ]
        return ArticleSourcing(article_id, attributions, hedges)

    # --- as stored ---------------------------------------------------------------------------

    def to_parts(self) -> tuple[dict[str, Any], dict[str, Column]]:
        """The analysis as JSON data and columns of whole numbers (see `from_parts`)."""
        found = self._sourcing
        assert found is not None
        columns = {
            "span_starts": self._starts,
            "span_ends": self._ends,
            "span_labels": self._labels,
            "value_at": self._values["at"],
            "sentence_starts": found.sentence_starts,
            "sentence_ends": found.sentence_ends,
            "sentence_sources": found.sentence_sources,
            "hedge_starts": found.hedge_starts,
            "hedge_ends": found.hedge_ends,
        }
        data = {
            "values": {field: self._values[field] for field in VALUE_FIELDS},
            "sources": found.sources,
            "hedge_texts": found.hedge_texts,
            "hedge_kinds": found.hedge_kinds,
        }
        return data, columns

    @classmethod
    def from_parts(
        cls, text: str, data: object, columns: Mapping[str, Column]
    ) -> ArticleAnalysis | None:
        """The analysis of `text` stored as `to_parts` gave it, or None if anything in it is
        not what `to_parts` writes for a text of that length (types, offsets, labels, order)."""
        limit = len(text)
        try:
            spans = (columns["span_starts"], columns["span_ends"], columns["span_labels"])
            sentences = (
                columns["sentence_starts"],
                columns["sentence_ends"],
                columns["sentence_sources"],
            )
            hedges = (columns["hedge_starts"], columns["hedge_ends"])
            value_at = columns["value_at"]
        except KeyError:
            return None
        if type(data) is not dict:
            return None
        values, sources = data.get("values"), data.get("sources")
        texts, kinds = data.get("hedge_texts"), data.get("hedge_kinds")
        if len(spans[2]) != len(spans[0]) or len(sentences[2]) != len(sentences[0]):
            return None
        if not _rows_within(spans[0], spans[1], limit) or not _within(spans[2], 0, len(LABELS)):
            return None
        if not _rows_within(sentences[0], sentences[1], limit) or not _rows_within(*hedges, limit):
            return None
        if not isinstance(sources, list) or not _valid_sources(sources, limit):
            return None
        if not _within(sentences[2], -1, len(sources)):
            return None
        if not _valid_values(values, value_at, len(spans[0])):
            return None
        if not _strings(texts, len(hedges[0])) or not _strings(kinds, len(hedges[0])):
            return None
        assert isinstance(values, dict) and isinstance(texts, list) and isinstance(kinds, list)
        found = SourcingColumns(
            sentences[0], sentences[1], sentences[2], sources, hedges[0], hedges[1], texts, kinds
        )
        return cls(text, spans, {"at": value_at, **values}, found)


def _within(column: Column, low: int, high: int) -> bool:
    """Every number of `column` in low..high-1."""
    return not column or (min(column) >= low and max(column) < high)


def _rows_within(starts: Column, ends: Column, limit: int) -> bool:
    """Rows ordered by start, each with 0 <= start <= end <= limit."""
    if len(starts) != len(ends):
        return False
    if not starts:
        return True
    if min(starts) < 0 or max(ends) > limit or not all(map(le, starts, ends)):
        return False
    return all(map(le, starts[:-1], starts[1:]))


def _strings(column: object, count: int) -> bool:
    return isinstance(column, list) and len(column) == count and set(map(type, column)) <= {str}


_NUMBER_TYPES = {int, float, type(None)}
_TEXT_TYPES = {str, type(None)}


def _valid_values(values: object, at: Column, count: int) -> bool:
    if type(values) is not dict or set(values) != set(VALUE_FIELDS):
        return False
    if not _within(at, 0, count) or not all(map(lt, at[:-1], at[1:])):
        return False
    columns = [values[field] for field in VALUE_FIELDS]
    if not all(type(column) is list and len(column) == len(at) for column in columns):
        return False
    low, high, approximate, unit, iso = columns
    return (
        set(map(type, low)) <= _NUMBER_TYPES
        and set(map(type, high)) <= _NUMBER_TYPES
        and set(map(type, approximate)) <= {bool}
        and set(map(type, unit)) <= _TEXT_TYPES
        and set(map(type, iso)) <= _TEXT_TYPES
    )


def _valid_sources(rows: list[Any], limit: int) -> bool:
    """Rows of `Source` fields, each of its type, with 0 <= start <= end <= limit."""
    if not rows:
        return True
    if not set(map(type, rows)) <= {list} or set(map(len, rows)) != {_SOURCE_FIELDS}:
        return False
    columns = list(zip(*rows, strict=True))
    for column, kinds in zip(columns, _SOURCE_TYPES, strict=True):
        if not set(map(type, column)) <= set(kinds):
            return False
    starts, ends = columns[0], columns[1]
    return min(starts) >= 0 and max(ends) <= limit and all(map(le, starts, ends))


class EntityPlaces:
    """The entity name of every name mention of a grouping, by article and offset."""

    __slots__ = ("_articles", "_names")

    def __init__(
        self, articles: dict[str, tuple[Column, Column, Column]], names: list[str]
    ) -> None:
        self._articles = articles
        self._names = names

    @classmethod
    def of(cls, places: dict[str, list[tuple[int, int, str]]]) -> EntityPlaces:
        """From each article's (start, end, entity name) mentions."""
        numbers: dict[str, int] = {}
        articles: dict[str, tuple[Column, Column, Column]] = {}
        for article_id, found in places.items():
            ordered = sorted(found)
            articles[article_id] = (
                [start for start, _, _ in ordered],
                [end for _, end, _ in ordered],
                [numbers.setdefault(name, len(numbers)) for _, _, name in ordered],
            )
        return cls(articles, list(numbers))

    def names_in(self, article_id: str, start: int, end: int) -> list[str]:
        """The distinct entity names of the mentions wholly within start..end, in order."""
        found = self._articles.get(article_id)
        names: list[str] = []
        if found is None:
            return names
        starts, ends, numbers = found
        at = bisect_left(starts, start)
        count = len(starts)
        while at < count and starts[at] < end:
            name = self._names[numbers[at]]
            if ends[at] <= end and name not in names:
                names.append(name)
            at += 1
        return names

    def to_parts(self) -> tuple[dict[str, Any], dict[str, Column]]:
        """As JSON data and columns of whole numbers (see `from_parts`)."""
        columns: dict[str, Column] = {}
        for n, found in enumerate(self._articles.values()):
            for part, column in zip(("starts", "ends", "names"), found, strict=True):
                columns[f"{n}.{part}"] = column
        return {"names": self._names, "articles": list(self._articles)}, columns

    @classmethod
    def from_parts(
        cls, data: object, columns: Mapping[str, Column], article_ids: set[str]
    ) -> EntityPlaces | None:
        """The places stored as `to_parts` gave them, for articles among `article_ids`, or
        None if they are not what `to_parts` writes."""
        if type(data) is not dict:
            return None
        names, order = data.get("names"), data.get("articles")
        if not isinstance(names, list) or not _strings(names, len(names)):
            return None
        if not isinstance(order, list) or not _strings(order, len(order)):
            return None
        if len(set(order)) != len(order) or not set(order) <= article_ids:
            return None
        articles: dict[str, tuple[Column, Column, Column]] = {}
        for n, article_id in enumerate(order):
            found = tuple(columns.get(f"{n}.{part}", ()) for part in ("starts", "ends", "names"))
            starts, ends, numbers = found
            if not _rows_within(starts, ends, 1 << 62) or len(numbers) != len(starts):
                return None
            if not _within(numbers, 0, len(names)):
                return None
            articles[article_id] = (starts, ends, numbers)
        return cls(articles, names)
