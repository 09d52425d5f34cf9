"""One article's analysis as plain lists: its spans, sources and hedges, looked up per claim.

The export reads every claim's cells from here, whether the analysis was just computed or read
back from the analysis cache, so the two give the same cells by construction. Nothing here
imports the detector, the grouping or the sourcing rules: a cached analysis needs none of them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import astuple
from typing import TYPE_CHECKING, Any

from annotations.spans import NAME_LABELS, NUMBER_LABELS, NumberValue, Span

if TYPE_CHECKING:
    from annotations.attribution import Source
    from annotations.sourcing import ArticleSourcing

__all__ = ["ArticleAnalysis", "EntityPlaces"]

LABELS: tuple[str, ...] = (*NUMBER_LABELS, *NAME_LABELS)
"""A span's label by its number in the lists; the first ones are figures, the rest names."""
_FIRST_NAME = len(NUMBER_LABELS)
_LABEL_NUMBER = {label: n for n, label in enumerate(LABELS)}
_SOURCE_FIELDS = 9
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


def _ints(value: object, width: int) -> list[int] | None:
    """`value` if it is a flat list of whole numbers in rows of `width`, else None."""
    if type(value) is not list or len(value) % width:
        return None
    return value if all(type(v) is int for v in value) else None


def _sorted_rows(flat: Sequence[int], width: int, limit: int) -> bool:
    """Rows (start, end, …) of `flat` ordered by start, each 0 <= start <= end <= limit."""
    starts = flat[0::width]
    ends = flat[1::width]
    if any(s > e for s, e in zip(starts, ends, strict=True)):
        return False
    if starts and (starts[0] < 0 or max(ends) > limit):
        return False
    return all(a <= b for a, b in zip(starts, starts[1:], strict=False))


class ArticleAnalysis:
    """The spans (by start), the sentences with their sources, and the hedges of one article."""

    __slots__ = (
        "_ends",
        "_hedge_starts",
        "_labels",
        "_sourcing",
        "_starts",
        "_texts",
        "_values",
        "text",
    )

    def __init__(
        self,
        text: str | None,
        flat_spans: list[int],
        values: list[list[Any]],
        sourcing: tuple[list[int], list[list[Any]], list[list[Any]]] | None,
        span_texts: list[str] | None = None,
    ) -> None:
        self.text = text
        """The article's text; None when only the spans are known (their texts are kept)."""
        self._starts = flat_spans[0::3]
        self._ends = flat_spans[1::3]
        self._labels = flat_spans[2::3]
        self._values = values
        self._texts = span_texts
        self._sourcing = sourcing
        self._hedge_starts = [h[0] for h in sourcing[2]] if sourcing is not None else []

    @classmethod
    def of(
        cls, text: str | None, spans: Sequence[Span], sourcing: ArticleSourcing | None
    ) -> ArticleAnalysis:
        """The analysis from detected `spans` and, when the text was read for them, `sourcing`."""
        ordered = sorted(spans, key=lambda span: span.start)
        flat: list[int] = []
        values: list[list[Any]] = []
        for n, span in enumerate(ordered):
            flat += (span.start, span.end, _LABEL_NUMBER[span.label])
            value = span.value
            if value is not None:
                values.append([n, value.low, value.high, value.approximate, value.unit, value.iso])
        rows = None
        if sourcing is not None and text is not None:
            sources: dict[Source, int] = {}
            sentences: list[int] = []
            for start, end, source in sourcing.attributions:
                index = -1 if source is None else sources.setdefault(source, len(sources))
                sentences += (start, end, index)
            rows = (
                sentences,
                [list(astuple(source)) for source in sources],
                [[h.start, h.end, h.text, h.kind] for h in sourcing.hedges],
            )
        texts = None if text is not None else [span.text for span in ordered]
        return cls(text, flat, values, rows, texts)

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
        starts, ends, labels = self._starts, self._ends, self._labels
        numbers: list[str] = []
        names: list[str] = []
        n = bisect_left(starts, start)
        while n < len(starts) and starts[n] < end:
            if ends[n] <= end:
                (numbers if labels[n] < _FIRST_NAME else names).append(self._text_of(n))
            n += 1
        return numbers, names

    def spans(self, *, names_only: bool = False) -> list[Span]:
        """The spans as the detector gave them, by start (only the names with `names_only`)."""
        values = {row[0]: NumberValue(*row[1:]) for row in self._values}
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
        if self._sourcing is None:
            return None
        sentences, sources, hedges = self._sourcing
        starts = sentences[0::3]
        first = bisect_right(starts, start) - 1
        last = bisect_left(starts, end) - 1
        best = -1
        for n in range(max(first, 0), max(last, first) + 1):
            if n < len(starts) and sentences[3 * n + 2] >= 0:
                best = sentences[3 * n + 2]
        hedge_starts = self._hedge_starts
        low, high = bisect_left(hedge_starts, start), bisect_left(hedge_starts, end)
        hedged = "; ".join(f"{h[2]} ({h[3]})" for h in hedges[low:high] if h[1] <= end)
        if best < 0:
            return "", "", hedged
        source = sources[best]
        return source[2], source[4] or "", hedged

    def sourcing(self, article_id: str) -> ArticleSourcing | None:
        """The sources and hedges as `annotations.sourcing.sourcing_of` gave them."""
        if self._sourcing is None:
            return None
        from annotations.attribution import Source
        from annotations.hedges import Hedge
        from annotations.sourcing import ArticleSourcing

        sentences, rows, hedges = self._sourcing
        sources = [Source(*row) for row in rows]
        return ArticleSourcing(
            article_id,
            [
                (start, end, sources[i] if i >= 0 else None)
                for start, end, i in zip(
                    sentences[0::3], sentences[1::3], sentences[2::3], strict=True
                )
            ],
            [Hedge(*row) for row in hedges],
        )

    # --- as stored ---------------------------------------------------------------------------

    def to_document(self) -> dict[str, Any]:
        """The analysis as JSON data (see `from_document`)."""
        assert self._sourcing is not None
        flat = [x for row in zip(self._starts, self._ends, self._labels, strict=True) for x in row]
        sentences, sources, hedges = self._sourcing
        return {
            "spans": flat,
            "values": self._values,
            "sentences": sentences,
            "sources": sources,
            "hedges": hedges,
        }

    @classmethod
    def from_document(cls, text: str, document: object) -> ArticleAnalysis | None:
        """The analysis of `text` stored as `document`, or None if anything in it is not what
        `to_document` writes for a text of that length (types, offsets, labels, order)."""
        if type(document) is not dict:
            return None
        limit = len(text)
        spans = _ints(document.get("spans"), 3)
        sentences = _ints(document.get("sentences"), 3)
        values, sources, hedges = (document.get(k) for k in ("values", "sources", "hedges"))
        if spans is None or sentences is None or not _sorted_rows(spans, 3, limit):
            return None
        if not _sorted_rows(sentences, 3, limit):
            return None
        if not all(0 <= label < len(LABELS) for label in spans[2::3]):
            return None
        if not isinstance(values, list) or not _valid_values(values, len(spans) // 3):
            return None
        if not isinstance(sources, list):
            return None
        if not all(_valid_source(row, limit) for row in sources):
            return None
        if not all(-1 <= i < len(sources) for i in sentences[2::3]):
            return None
        if type(hedges) is not list or not all(_valid_hedge(row, limit) for row in hedges):
            return None
        if not _sorted_rows([x for h in hedges for x in h[:2]], 2, limit):
            return None
        return cls(text, spans, values, (sentences, sources, hedges))


def _valid_values(values: list[Any], count: int) -> bool:
    for row in values:
        if type(row) is not list or len(row) != 6 or type(row[0]) is not int:
            return False
        if not 0 <= row[0] < count or type(row[3]) is not bool:
            return False
        if not all(v is None or type(v) in (int, float) for v in row[1:3]):
            return False
        if not all(v is None or type(v) is str for v in row[4:]):
            return False
    return True


def _valid_source(row: object, limit: int) -> bool:
    if type(row) is not list or len(row) != _SOURCE_FIELDS:
        return False
    if not all(type(v) in kinds for v, kinds in zip(row, _SOURCE_TYPES, strict=True)):
        return False
    return bool(0 <= row[0] <= row[1] <= limit)


def _valid_hedge(row: object, limit: int) -> bool:
    if type(row) is not list or len(row) != 4:
        return False
    start, end, text, kind = row
    return (
        type(start) is int
        and type(end) is int
        and type(text) is str
        and type(kind) is str
        and 0 <= start <= end <= limit
    )


class EntityPlaces:
    """The entity name of every name mention of a grouping, by article and offset."""

    __slots__ = ("_articles", "_names")

    def __init__(self, articles: dict[str, list[int]], names: list[str]) -> None:
        self._articles = {
            article_id: (flat[0::3], flat[1::3], flat[2::3])
            for article_id, flat in articles.items()
        }
        self._names = names

    @classmethod
    def of(cls, places: dict[str, list[tuple[int, int, str]]]) -> EntityPlaces:
        """From each article's (start, end, entity name) mentions."""
        numbers: dict[str, int] = {}
        articles = {}
        for article_id, found in places.items():
            flat: list[int] = []
            for start, end, name in sorted(found):
                flat += (start, end, numbers.setdefault(name, len(numbers)))
            articles[article_id] = flat
        return cls(articles, list(numbers))

    def names_in(self, article_id: str, start: int, end: int) -> list[str]:
        """The distinct entity names of the mentions wholly within start..end, in order."""
        found = self._articles.get(article_id)
        names: list[str] = []
        if found is None:
            return names
        starts, ends, numbers = found
        at = bisect_left(starts, start)
        while at < len(starts) and starts[at] < end:
            name = self._names[numbers[at]]
            if ends[at] <= end and name not in names:
                names.append(name)
            at += 1
        return names

    def to_document(self) -> dict[str, Any]:
        """As JSON data (see `from_document`)."""
        articles = {
            article_id: [x for row in zip(*found, strict=True) for x in row]
            for article_id, found in self._articles.items()
        }
        return {"names": self._names, "articles": articles}

    @classmethod
    def from_document(cls, document: object, article_ids: set[str]) -> EntityPlaces | None:
        """The places stored as `document` for articles among `article_ids`, or None if it
        is not what `to_document` writes."""
        if type(document) is not dict:
            return None
        names, articles = document.get("names"), document.get("articles")
        if type(names) is not list or not all(type(name) is str for name in names):
            return None
        if type(articles) is not dict or not set(articles) <= article_ids:
            return None
        for flat in articles.values():
            rows = _ints(flat, 3)
            if rows is None or not _sorted_rows(rows, 3, 1 << 62):
                return None
            if not all(0 <= n < len(names) for n in rows[2::3]):
                return None
        return cls(articles, names)
