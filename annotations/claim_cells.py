"""What an exported claim takes from its article: figures, names, entities, source, hedges."""

from __future__ import annotations

import bisect
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from annotations.analysis_cache import text_digest
from annotations.article_analysis import ArticleAnalysis, EntityPlaces

if TYPE_CHECKING:
    from annotations.analysis_cache import AnalysisCache
    from annotations.sourcing import ArticleSourcing
    from annotations.spans import Span
    from annotations.store import Desk

__all__ = [
    "ClaimSpans",
    "SourcingCells",
    "SpanIndex",
    "entity_names",
    "noted_digest",
    "sourcing_of",
]


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


def sourcing_of(article_id: str, text: str, spans: Sequence[Span]) -> ArticleSourcing:
    """`annotations.sourcing.sourcing_of`, whose rules are loaded only when a text is read."""
    from annotations.sourcing import sourcing_of as read_sources

    return read_sources(article_id, text, spans)


_SETTLED_NS = 3_000_000_000


def _fingerprint(info: os.stat_result) -> tuple[int, int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def noted_digest(files: Mapping[str, list[Any]], path: str, article_id: str) -> str | None:
    """The text hash `files` (`AnalysisCache.files`) noted for the file at `path` holding the
    article, if the file is unchanged since (same device, inode, size, modification and
    change times); else None."""
    noted = files.get(path)
    if noted is None or noted[5] != article_id:
        return None
    try:
        now = _fingerprint(os.stat(path))
    except (OSError, ValueError):
        return None
    digest: str = noted[6]
    return digest if list(now) == noted[:5] else None


class ClaimSpans:
    """Finds the figures and names of a tagged claim, analysing each article at most once.

    An article's analysis (spans, sources, hedges) comes from the analysis cache when it holds
    one for exactly its text and this code, else it is computed and stored there. An article
    whose text is not at hand has its tags' quotes detected together, in one pass over the
    distinct quotes, rather than one detection per tag.
    """

    def __init__(
        self,
        desk: Desk,
        spans: Mapping[str, Sequence[Span]],
        texts: Mapping[str, str],
        cache: AnalysisCache | None = None,
    ) -> None:
        self.desk = desk
        """The desk whose tagged articles these are."""
        self._given = dict(spans)
        self._analyses: dict[str, ArticleAnalysis | None] = {}
        self._quote_spans: dict[str, dict[str, list[Span]]] = {}
        self.cache = cache
        """The desk's analysis cache; None for a desk in memory."""
        self.texts: dict[str, str] = dict(texts)
        """Article texts at hand, by id (given by the caller or read from the file), so names
        are grouped as the desk groups them and sources are read in context."""
        self.digests: dict[str, str] = {}
        """The hash of each text at hand, by article id, for the cache's keys."""
        self._unread: set[str] = set()
        self._files: dict[str, list[Any]] | None = None
        self._read_files: dict[str, list[Any]] = {}

    @property
    def given(self) -> frozenset[str]:
        """The articles whose spans the caller gave."""
        return frozenset(self._given)

    def text(self, article_id: str) -> str | None:
        """The article's text if at hand: given by the caller, else read (once) from its file
        if that still holds the text that was tagged."""
        text = self.texts.get(article_id)
        if text is None and article_id not in self._unread:
            text = self._read_file(article_id)
            if text is None:
                self._unread.add(article_id)
            else:
                self.texts[article_id] = text
        return text

    def digest(self, article_id: str) -> str | None:
        """The hash of the article's text when it is at hand and analysed by this code (not
        from spans the caller gave), for the cache's keys; else None."""
        if article_id in self._given:
            return None
        found = self.digests.get(article_id)
        if found is None:
            found = self._unchanged_file(article_id)
        if found is None:
            text = self.text(article_id)
            if text is not None:
                found = text_digest(text)
                if article_id in self._read_files:
                    self._read_files[article_id][-1] = found
        if found is not None:
            self.digests[article_id] = found
        return found

    def _unchanged_file(self, article_id: str) -> str | None:
        """The text hash the cache noted for the article's file, if the file is unchanged
        since (same device, inode, size, modification and change times): no need to read it."""
        if self.cache is None or article_id in self.texts:
            return None
        if self._files is None:
            self._files = self.cache.files()
        path = (self.desk.article_info(article_id) or {}).get("path")
        if not isinstance(path, str):
            return None
        return noted_digest(self._files, path, article_id)

    def note_files(self) -> None:
        """Note in the cache the text hash of each article file read, to skip reading it next
        time while it stays unchanged."""
        if self.cache is None or not self._read_files:
            return
        paths = {info.get("path") for info in self.desk.articles()}
        known = self._files if self._files is not None else self.cache.files()
        kept = {path: noted for path, noted in known.items() if path in paths}
        for article_id, noted in self._read_files.items():
            path = (self.desk.article_info(article_id) or {}).get("path")
            if isinstance(path, str) and noted[-1] is not None:
                kept[path] = noted
        if kept != known:
            self.cache.store_files(kept)

    def analysis(self, article_id: str) -> ArticleAnalysis | None:
        """The article's analysis, or None when neither its text nor its spans are at hand."""
        if article_id not in self._analyses:
            self._analyses[article_id] = self._analyse(article_id)
        return self._analyses[article_id]

    def _analyse(self, article_id: str) -> ArticleAnalysis | None:
        given = self._given.get(article_id)
        if given is not None:  # the caller's own detection: used as it is, never stored
            text = self.texts.get(article_id)
            spans = sorted(given, key=attrgetter("start"))
            found = sourcing_of(article_id, text, spans) if text is not None else None
            return ArticleAnalysis.of(text, spans, found)
        text = self.text(article_id)
        digest = self.digest(article_id)
        if text is None or digest is None:
            return None
        stored = self.cache.article(text, digest) if self.cache is not None else None
        if stored is not None:
            return stored
        from annotations.detection import detect

        spans = sorted(detect(text), key=attrgetter("start"))
        analysis = ArticleAnalysis.of(text, spans, sourcing_of(article_id, text, spans))
        if self.cache is not None:
            self.cache.store_article(analysis, digest)
        return analysis

    def _read_file(self, article_id: str) -> str | None:
        from annotations.articles import ArticleError, load_article

        info = self.desk.article_info(article_id) or {}
        path = info.get("path")
        if not path or not os.path.isfile(path):
            return None
        try:
            before = os.stat(path)
            article = load_article(path)
            after = os.stat(path)
        except (ArticleError, OSError):
            return None
        # The file may have changed since it was tagged: only trust it if it is the same text.
        if article.id != article_id:
            return None
        # Noted only if it did not change while read, and not within the last seconds (a file
        # system whose times are coarse could show a change made now with the same times).
        settled = time.time_ns() - _SETTLED_NS
        if before == after and max(after.st_mtime_ns, after.st_ctime_ns) < settled:
            self._read_files[article_id] = [*_fingerprint(after), article_id, None]
        return article.text

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

    def detect_without_text(self, claims: Iterable[tuple[str, str]]) -> None:
        """Detect, one pass per article, the quotes of the (article id, quote) claims whose
        article is not at hand."""
        quotes: dict[str, list[str]] = {}
        for article_id, quote in claims:
            quotes.setdefault(article_id, []).append(quote)
        for article_id, of_article in quotes.items():
            if self.analysis(article_id) is None:
                self.detect_quotes(article_id, of_article)

    def in_quote(self, article_id: str, quote: str) -> tuple[list[str], list[str]]:
        """The texts of the figures and of the names of a quote whose article is not at hand."""
        by_quote = self._quote_spans.get(article_id)
        if by_quote is None or quote not in by_quote:
            self.detect_quotes(article_id, [quote])
            by_quote = self._quote_spans[article_id]
        inside = by_quote[quote]
        numbers = [span.text for span in inside if span.kind == "number"]
        names = [span.text for span in inside if span.kind == "name"]
        return numbers, names


def entity_names(
    desk: Desk,
    tagged: Iterable[str],
    claim_spans: ClaimSpans,
    cache: AnalysisCache | None = None,
) -> EntityPlaces:
    """The entity name of every name in the articles at hand (those of the `tagged` article
    ids and the desk's), grouped across them with the desk's decisions; from the cache when it
    holds this very grouping."""
    article_ids = sorted(set(tagged) | {info["id"] for info in desk.articles()})
    analyses = [(a, found) for a in article_ids if (found := claim_spans.analysis(a)) is not None]
    digests = {a: claim_spans.digests.get(a) for a, _ in analyses}
    key = None
    if cache is not None and None not in digests.values():
        raw = {"aliases": desk.aliases(), "merges": desk.merges(), "splits": desk.splits()}
        key = cache.grouping_key(digests, raw)  # type: ignore[arg-type]
        stored = cache.entities(key, digests)
        if stored is not None:
            return stored
    mentions = [(a, span) for a, found in analyses for span in found.spans(names_only=True)]
    if not mentions:
        # No article at hand: the grouping (and its start-up) is not needed.
        return EntityPlaces({}, [])
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
    places = EntityPlaces.of(named)
    if cache is not None and key is not None:
        cache.store_entities(key, places)
    return places


class SourcingCells:
    """The source, source_via and hedges cells of claims, reading each article once.

    A claim whose article text is gone (or an orphan, whose sentence is gone from it) is read
    on its own, once per distinct quote: without the article there are no names to say who is
    a person, and a pronoun's speaker is unknown.
    """

    def __init__(self, claim_spans: ClaimSpans) -> None:
        self._claim_spans = claim_spans
        self._quotes: dict[str, tuple[str, str, str]] = {}

    def __call__(
        self, article_id: str, start: int, end: int, quote: str, orphan: bool
    ) -> tuple[str, str, str]:
        """(source, source_via, hedges) of the claim at start..end of the article."""
        analysis = None if orphan else self._claim_spans.analysis(article_id)
        found = analysis.source_cells(start, end) if analysis is not None else None
        if found is not None:
            return found
        return self.of_quote(article_id, quote)

    def of_quote(self, article_id: str, quote: str) -> tuple[str, str, str]:
        """(source, source_via, hedges) of a quote read on its own."""
        cells = self._quotes.get(quote)
        if cells is None:
            read = ArticleAnalysis.of(quote, (), sourcing_of(article_id, quote, ()))
            cells = self._quotes[quote] = read.source_cells(0, len(quote)) or ("", "", "")
        return cells
