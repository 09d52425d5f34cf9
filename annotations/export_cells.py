"""The analysis cells of exported claims: figures, names, entities, source, hedges."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from annotations.claim_cells import ClaimSpans, SourcingCells, entity_names

if TYPE_CHECKING:
    pass

__all__ = ["ClaimCells", "ClaimCellsOf", "ClaimCellsReader", "PreparedCells"]

ClaimCells = tuple[str, str, str, str, str, str]
"""A claim's numbers, names, entities, source, source_via and hedges cells."""

ClaimCellsOf = Callable[[str, str, int, int, str, bool], ClaimCells]
"""(tag id, article id, start, end, quote, orphan) -> the claim's `ClaimCells`."""

_Known = dict[tuple[str, int, int], ClaimCells]

PreparedCells = tuple[_Known, ClaimCellsOf]
"""The cells of claims by (article id, start, end), and the function that gives the cells of
a claim they lack (its article's text is not at hand) or of an orphan."""


class ClaimCellsReader:
    """The numbers, names, entities, source, source_via and hedges cells of exported claims.

    Each claim's cells come from its article's analysis (read from the analysis cache, or
    computed once per article), with its names grouped across the desk's articles. The cells
    of the claims of an article are then kept in the cache too, under its text and the
    grouping: a later export of the same claims reads them back without loading the analysis
    or the grouping at all, and works out only the claims tagged since.
    """

    def __init__(self, claim_spans: ClaimSpans) -> None:
        self._desk = claim_spans.desk
        self._cache = claim_spans.cache
        self._claim_spans = claim_spans
        self._sourcing = SourcingCells(claim_spans)
        self._key: str | None = None

    def prepared(self, exported: Sequence[Sequence[Any]]) -> PreparedCells:
        """Work out the cells of the `exported` claims (each as `Tag.checked_fields` gives
        it). Return them by (article id, start, end), and the function that gives the cells
        of a claim they lack or of an orphan."""
        article_ids = {fields[1] for fields in exported}
        known = self._known_cells(article_ids)
        missing = [fields for fields in exported if fields[1:4] not in known]
        if missing:
            self._work_out(missing, article_ids, known)
        self._claim_spans.note_files()
        sourcing = self._sourcing
        in_quote = self._claim_spans.in_quote
        texts = self._claim_spans.texts

        def cells(
            tag_id: str, article_id: str, start: int, end: int, quote: str, orphan: bool
        ) -> ClaimCells:
            found = known.get((article_id, start, end))
            if found is not None and orphan:
                # Its sentence is gone from the text: who says it is read in the quote. The
                # words at its offsets are its own only if it sits there (an annotation
                # file's tag may not); a text not at hand is one checked before (unchanged).
                text = texts.get(article_id)
                if text is None or text[start:end] == quote:
                    return (*found[:3], *sourcing.of_quote(article_id, quote))
                found = None
            if found is None:  # the article's text is not at hand: its quote alone
                numbers, names = in_quote(article_id, quote)
                names_cell = "; ".join(names)
                source = sourcing.of_quote(article_id, quote)
                return ("; ".join(numbers), names_cell, names_cell, *source)
            return found

        return known, cells

    def _grouping(self, article_ids: Iterable[str]) -> str | None:
        """The key of the grouping of names across the desk's articles and `article_ids`, or
        None when the cache cannot hold it (no cache, spans the caller gave)."""
        cache = self._cache
        if cache is None:
            return None
        everything = sorted(set(article_ids) | {info["id"] for info in self._desk.articles()})
        if not self._claim_spans.given.isdisjoint(everything):
            return None  # the caller's own spans: not this code's analysis
        digests = {a: self._claim_spans.digest(a) for a in everything}
        at_hand = {a: d for a, d in digests.items() if d is not None}
        desk = self._desk
        decisions = {"aliases": desk.aliases(), "merges": desk.merges(), "splits": desk.splits()}
        return cache.grouping_key(at_hand, decisions)

    def _known_cells(self, article_ids: set[str]) -> _Known:
        """The cells the cache holds for the articles' claims, by (article id, start, end)."""
        self._key = self._grouping(article_ids)
        known: _Known = {}
        if self._key is None or self._cache is None:
            return known
        for article_id in sorted(article_ids):
            digest = self._claim_spans.digest(article_id)
            if digest is not None:
                known.update(self._cache.claim_cells(digest, self._key, article_id))
        return known

    def _work_out(self, missing: list[Sequence[Any]], article_ids: set[str], known: _Known) -> None:
        """Add the cells of the `missing` claims to `known`, from their articles' analyses,
        and keep each article's cells in the cache."""
        claim_spans = self._claim_spans
        claim_spans.detect_without_text((fields[1], fields[4]) for fields in missing)
        places = entity_names(self._desk, article_ids, claim_spans, self._cache)
        added: set[str] = set()
        analyses = {article_id: claim_spans.analysis(article_id) for article_id in article_ids}
        for fields in missing:
            article_id, start, end, quote = fields[1:5]
            analysis = analyses[article_id]
            if analysis is None:
                continue
            numbers, names = analysis.inside(start, end)
            names_cell = "; ".join(names)
            entities = places.names_in(article_id, start, end)
            source = analysis.source_cells(start, end)
            if source is None:  # spans given without their text
                source = self._sourcing.of_quote(article_id, quote)
            known[article_id, start, end] = (
                "; ".join(numbers),
                names_cell,
                "; ".join(entities) if entities else names_cell,
                *source,
            )
            added.add(article_id)
        if self._key is None or self._cache is None:
            return
        by_article: dict[str, dict[tuple[int, int], ClaimCells]] = {}
        for (article_id, start, end), cells in known.items():
            if article_id in added:
                by_article.setdefault(article_id, {})[start, end] = cells
        for article_id, of_article in by_article.items():
            digest = claim_spans.digest(article_id)
            if digest is not None:
                self._cache.store_claim_cells(digest, self._key, of_article)
