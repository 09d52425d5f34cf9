"""What an exported claim takes from its article: figures, names, entities, source, hedges."""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from operator import attrgetter
from typing import TYPE_CHECKING

from annotations.sourcing import ArticleSourcing, sourcing_of

if TYPE_CHECKING:
    from annotations.spans import Span
    from annotations.store import Desk
    from annotations.tags import Tag

__all__ = ["ClaimSpans", "SpanIndex", "SourcingCells", "entity_names"]


class SpanIndex:
    """One article's spans sorted by start, so the spans inside a claim are found by bisection."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=attrgetter("start"))
        self._starts = [span.start for span in self.spans]

    def inside(self, start: int, end: int) -> list[Span]:
        """The spans wholly within start..end, in order: O(log n + what is found)."""
        spans = self.spans
        found = []
        i = bisect.bisect_left(self._starts, start)
        while i < len(spans) and spans[i].start < end:
            if spans[i].end <= end:
                found.append(spans[i])
            i += 1
        return found


_QUOTE_BREAK = "\n\n"


class ClaimSpans:
    """Finds the figures and names of a tagged claim, detecting each article at most once.

    An article whose text is not at hand has its tags' quotes detected together, in one pass
    over the distinct quotes, rather than one detection per tag.
    """

    def __init__(
        self, desk: Desk, spans: Mapping[str, Sequence[Span]], texts: Mapping[str, str]
    ) -> None:
        self._desk = desk
        self._index: dict[str, SpanIndex | None] = {
            article_id: SpanIndex(found) for article_id, found in spans.items()
        }
        self._quote_spans: dict[str, dict[str, list[Span]]] = {}
        self.texts: dict[str, str] = dict(texts)
        """Article texts at hand, by id (given by the caller or read from the file), so names
        are grouped as the desk groups them and sources are read in context."""

    def article_index(self, article_id: str) -> SpanIndex | None:
        """The article's spans, or None when its text is not at hand."""
        if article_id not in self._index:
            found = self._detect_from_file(article_id)
            self._index[article_id] = None if found is None else SpanIndex(found)
        return self._index[article_id]

    def _detect_from_file(self, article_id: str) -> Sequence[Span] | None:
        from annotations.articles import ArticleError, load_article
        from annotations.detection import detect

        info = self._desk.article_info(article_id) or {}
        path = info.get("path")
        if not path or not os.path.isfile(path):
            return None
        try:
            article = load_article(path)
        except ArticleError:
            return None
        # The file may have changed since it was tagged: only trust it if it is the same text.
        if article.id != article_id:
            return None
        self.texts[article_id] = article.text
        return detect(article.text)

    def detect_quotes(self, article_id: str, quotes: Iterable[str]) -> None:
        """Detect the distinct `quotes` of an article without text in one pass."""
        from annotations.detection import detect

        distinct = list(dict.fromkeys(quotes))
        text = _QUOTE_BREAK.join(distinct)
        index = SpanIndex(detect(text))
        found: dict[str, list[Span]] = {}
        offset = 0
        for quote in distinct:
            found[quote] = [
                replace(span, start=span.start - offset, end=span.end - offset)
                for span in index.inside(offset, offset + len(quote))
            ]
            offset += len(quote) + len(_QUOTE_BREAK)
        self._quote_spans[article_id] = found

    def detect_without_text(self, tags: Iterable[Tag]) -> None:
        """Detect, one pass per article, the quotes of the tags whose article is not at hand."""
        quotes: dict[str, list[str]] = {}
        for tag in tags:
            if self.article_index(tag.article_id) is None:
                quotes.setdefault(tag.article_id, []).append(tag.quote)
        for article_id, of_article in quotes.items():
            self.detect_quotes(article_id, of_article)

    def inside(self, tag: Tag) -> list[Span]:
        """The spans of the tag's claim: from its article if at hand, else from its quote."""
        index = self.article_index(tag.article_id)
        if index is not None:
            return index.inside(tag.start, tag.end)
        by_quote = self._quote_spans.get(tag.article_id)
        if by_quote is None or tag.quote not in by_quote:
            self.detect_quotes(tag.article_id, [tag.quote])
            by_quote = self._quote_spans[tag.article_id]
        return by_quote[tag.quote]

    def __call__(self, tag: Tag) -> tuple[list[str], list[str]]:
        inside = self.inside(tag)
        numbers = [span.text for span in inside if span.kind == "number"]
        names = [span.text for span in inside if span.kind == "name"]
        return numbers, names


def entity_names(
    desk: Desk, tags: Sequence[Tag], claim_spans: ClaimSpans
) -> dict[tuple[str, int], list[str]]:
    """Each tag's entity names, grouped across the desk's articles with its decisions."""
    article_ids = {tag.article_id for tag in tags} | {info["id"] for info in desk.articles()}
    mentions = []
    for article_id in sorted(article_ids):
        index = claim_spans.article_index(article_id)
        for span in index.spans if index is not None else ():
            if span.kind == "name":
                mentions.append((article_id, span))
    if not mentions:
        return {}  # no article at hand: the grouping (and its start-up) is not needed
    from annotations.aliases import with_aliases
    from annotations.compare import group_entities
    from annotations.entity_decisions import entity_decisions

    decisions = entity_decisions(desk)
    entities = group_entities(
        mentions,
        aliases=with_aliases(decisions["aliases"]),
        merges=decisions["merges"],
        splits=decisions["splits"],
        texts=claim_spans.texts,
    )
    # Every name the grouping found, by article and offset: a span may hold two ("Colts Beat
    # Chiefs" in a headline), each with its own entity.
    named: dict[str, list[tuple[int, int, str]]] = {}
    for entity in entities:
        for m in entity.mentions:
            named.setdefault(m.article_id, []).append((m.start, m.end, entity.name))
    for places in named.values():
        places.sort()
    found: dict[tuple[str, int], list[str]] = {}
    for tag in tags:
        places = named.get(tag.article_id, [])
        names: list[str] = []
        at = bisect.bisect_left(places, (tag.start,))
        while at < len(places) and places[at][0] < tag.end:
            start, end, name = places[at]
            if end <= tag.end and name not in names:
                names.append(name)
            at += 1
        if names:
            found[(tag.id, tag.start)] = names
    return found


class SourcingCells:
    """The source, source_via and hedges cells of claims, reading each article once.

    A claim whose article text is gone (or an orphan, whose sentence is gone from it) is read
    on its own, once per distinct quote: without the article there are no names to say who is
    a person, and a pronoun's speaker is unknown.
    """

    def __init__(self, claim_spans: ClaimSpans) -> None:
        self._claim_spans = claim_spans
        self._articles: dict[str, ArticleSourcing | None] = {}
        self._quotes: dict[str, tuple[str, str, str]] = {}

    def _article(self, article_id: str) -> ArticleSourcing | None:
        if article_id not in self._articles:
            index = self._claim_spans.article_index(article_id)
            text = self._claim_spans.texts.get(article_id)
            self._articles[article_id] = (
                sourcing_of(article_id, text, index.spans)
                if text is not None and index is not None
                else None
            )
        return self._articles[article_id]

    def __call__(
        self, article_id: str, start: int, end: int, quote: str, orphan: bool
    ) -> tuple[str, str, str]:
        """(source, source_via, hedges) of the claim at start..end of the article."""
        sourcing = None if orphan else self._article(article_id)
        if sourcing is not None:
            return _cells(sourcing, start, end)
        cells = self._quotes.get(quote)
        if cells is None:
            cells = self._quotes[quote] = _cells(sourcing_of(article_id, quote, ()), 0, len(quote))
        return cells


def _cells(sourcing: ArticleSourcing, start: int, end: int) -> tuple[str, str, str]:
    source = sourcing.source_of(start, end)
    hedges = "; ".join(f"{h.text} ({h.kind})" for h in sourcing.hedges_of(start, end))
    if source is None:
        return "", "", hedges
    return source.text, source.via or "", hedges
