"""One comparison of several articles: entities, figure alignment and matching claims together."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby, repeat
from operator import attrgetter, itemgetter
from typing import Any, Generic, TypeVar

from annotations.aliases import with_aliases
from annotations.articles import Article
from annotations.claims import Claim
from annotations.compare.figures import (
    FigureGroup,
    FigureMention,
    article_figures,
    group_figures,
)
from annotations.compare.matching import ClaimMatch, match_events
from annotations.compare.name_parts import name_mentions
from annotations.compare.names import (
    Entity,
    Mention,
    MergeDecision,
    SplitDecision,
    group_entities,
)
from annotations.detection import collector_paused
from annotations.spans import Span

__all__ = ["Comparison", "compare", "compare_articles"]


_T = TypeVar("_T")

_ARTICLE = attrgetter("article_id")
_START = attrgetter("start")
_END = attrgetter("end")
_FIRST = itemgetter(0)


class _Places(Generic[_T]):
    """Non-overlapping (start, end) ranges of one article, found by offset in log time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.rows: list[tuple[int, int, _T]] = []

    def add(self, placed: Sequence[Mention | FigureMention], item: _T) -> None:
        """The places of `item`'s mentions `placed`, all of this article."""
        self.rows.extend(zip(map(_START, placed), map(_END, placed), repeat(item)))

    def sort(self) -> None:
        self.rows.sort(key=_FIRST)
        self.starts = list(map(_FIRST, self.rows))

    def at(self, offset: int) -> _T | None:
        n = bisect.bisect_right(self.starts, offset) - 1
        if n >= 0 and offset < self.rows[n][1]:
            return self.rows[n][2]
        return None


def _index(
    found: Iterable[tuple[Sequence[Mention | FigureMention], _T]],
) -> dict[str, _Places[_T]]:
    """Each article's items by the place of their mentions. Made whole before it is kept, so
    that a lookup from another thread meets a whole index or none."""
    index: dict[str, _Places[_T]] = {}
    for mentions, item in found:
        # A run of one article's mentions at a time: an entity's come article by article.
        for article_id, run in groupby(mentions, _ARTICLE):
            places = index.get(article_id)
            if places is None:
                places = index[article_id] = _Places()
            places.add(list(run), item)
    for places in index.values():
        places.sort()
    return index


class _FileNames(dict[str, str]):
    """Each article's file name by its id, asked of `file_name_of` when first needed: the
    tens of thousands of places of an article share it."""

    __slots__ = ("file_name_of",)

    def __init__(self, file_name_of: Callable[[str], str]) -> None:
        super().__init__()
        self.file_name_of = file_name_of

    def __missing__(self, article_id: str) -> str:
        name = self[article_id] = self.file_name_of(article_id)
        return name


@dataclass(slots=True)
class Comparison:
    """What the articles share: entities, figure groups and claim matches, with lookups."""

    entities: list[Entity]
    """Every named entity, across all articles."""

    figures: list[FigureGroup]
    """Figures grouped by what they count: agree, clash or one-side."""

    matches: list[ClaimMatch]
    """For each claim, its most similar claims in the other articles, best first."""

    _entity_at: dict[str, _Places[Entity]] | None = field(default=None, repr=False)
    """Each article's names by place, made when first looked up: `compare --json` looks up a
    few sources' names among hundreds of thousands of mentions."""
    _figure_at: dict[str, _Places[FigureGroup]] | None = field(default=None, repr=False)
    """Each article's figures by place, made when first looked up."""
    _best: dict[tuple[str, int], ClaimMatch] = field(default_factory=dict, repr=False)
    _by_key: dict[str, list[tuple[int, Entity]]] | None = field(default=None, repr=False)
    """The entities under each key, with their places in `entities`, made when first asked."""

    def __post_init__(self) -> None:
        for match in self.matches:
            at = (match.claim.article_id, match.claim.start)
            if at not in self._best or match.score > self._best[at].score:
                self._best[at] = match

    def entity_of(self, article_id: str, start: int) -> Entity | None:
        """The entity of the name span at `start` (its first character or any inside it)."""
        if self._entity_at is None:
            self._entity_at = _index((e.mentions, e) for e in self.entities)
        places = self._entity_at.get(article_id)
        return places.at(start) if places else None

    def entities_keyed(self, keys: Iterable[str]) -> list[Entity]:
        """The entities whose key is one of `keys`, in the order of `entities`: looked up,
        not searched for (a source's entity is asked for once per claim)."""
        if self._by_key is None:
            by_key: dict[str, list[tuple[int, Entity]]] = {}
            for n, entity in enumerate(self.entities):
                by_key.setdefault(entity.key, []).append((n, entity))
            self._by_key = by_key
        found = [row for key in set(keys) for row in self._by_key.get(key, ())]
        if len(found) > 1:  # (one entity or none, for most keys: nothing to sort)
            found.sort(key=itemgetter(0))
        return [entity for _, entity in found]

    def figure_group_of(self, article_id: str, start: int) -> FigureGroup | None:
        """The figure group of the figure at `start` (its first character or any inside it)."""
        if self._figure_at is None:
            self._figure_at = _index((g.mentions, g) for g in self.figures)
        places = self._figure_at.get(article_id)
        return places.at(start) if places else None

    def best_match(self, article_id: str, claim_start: int) -> ClaimMatch | None:
        """The best match in another article for the claim starting at `claim_start`."""
        return self._best.get((article_id, claim_start))

    def entity_names(self) -> dict[str, str]:
        """Entity key -> the name the analyst reads for it."""
        return {e.key: e.name for e in self.entities}

    def to_json(self, file_name_of: Callable[[str], str]) -> dict[str, Any]:
        """Plain JSON data; `file_name_of` turns an article id into its file's base name."""

        files = _FileNames(file_name_of)

        def place(at: Claim | Mention | FigureMention) -> dict[str, Any]:
            """Where a claim, name or figure sits: its file, offsets and text."""
            return {"file": files[at.article_id], "start": at.start, "end": at.end, "text": at.text}

        names = self.entity_names()
        return {
            "entities": [
                {
                    "key": e.key,
                    "name": e.name,
                    "label": e.label,
                    # The places of names and figures written out here, not by a call of
                    # place() for each: a long report has tens of thousands.
                    "mentions": [
                        {
                            "file": files[m.article_id],
                            "start": m.start,
                            "end": m.end,
                            "text": m.text,
                        }
                        for m in e.mentions
                    ],
                }
                for e in self.entities
            ],
            "figures": [
                {
                    "status": g.status,
                    "counts": g.counts,
                    "mentions": [
                        {
                            "file": files[f.article_id],
                            "start": f.start,
                            "end": f.end,
                            "text": f.text,
                            "low": f.low,
                            "high": f.high,
                            "unit": f.unit,
                            "approximate": f.approximate,
                            "counts": f.counts,
                        }
                        for f in g.mentions
                    ],
                }
                for g in self.figures
            ],
            "matches": [
                {
                    "claim": place(m.claim),
                    "match": place(m.match),
                    "score": m.score,
                    "shared_entities": list(m.shared_entities),
                    "shared_figures": list(m.shared_figures),
                    "why": {
                        "summary": m.evidence.summary(names),
                        "event_words": list(m.evidence.actions),
                        "entities": [names.get(k, k) for k in m.evidence.participants],
                        "places": [names.get(k, k) for k in m.evidence.places],
                        "figures_agree": list(m.evidence.figures),
                        "figures_clash": list(m.evidence.clashes),
                        "dates": list(m.evidence.dates),
                        "dates_differ": m.evidence.dates_differ,
                    },
                }
                for m in self.matches
            ],
        }


def compare(
    articles: Sequence[tuple[Article, Sequence[Span], Sequence[Claim]]],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    merges: Iterable[MergeDecision | tuple[str, str]] = (),
    splits: Iterable[SplitDecision | tuple[str, str]] = (),
) -> Comparison:
    """Compare the articles: entities across them, figures aligned, claims matched.

    `aliases` extends the built-in alias table; `merges` and `splits` are the analyst's
    decisions and win over the automatic grouping.
    """
    # Mentions, features and candidate pairs by the hundred thousand, and no cycles: the
    # collector's passes over them would cost a third of the comparison of two long reports.
    with collector_paused():
        return _compare(articles, with_aliases(aliases), merges, splits)


def _compare(
    articles: Sequence[tuple[Article, Sequence[Span], Sequence[Claim]]],
    table: Mapping[str, Sequence[str]],
    merges: Iterable[MergeDecision | tuple[str, str]],
    splits: Iterable[SplitDecision | tuple[str, str]],
) -> Comparison:
    mentions: list[Mention] = []
    for article, spans, _ in articles:
        mentions.extend(name_mentions(article.id, spans))
    texts = {article.id: article.text for article, _, _ in articles}
    entities = group_entities(mentions, aliases=table, merges=merges, splits=splits, texts=texts)
    claims = {article.id: list(claims) for article, _, claims in articles}
    dates = {article.id: article.date for article, _, _ in articles}
    found = article_figures([(a, s) for a, s, _ in articles], claims)
    matches, same = match_events(
        claims, entities=entities, aliases=table, dates=dates, figures=found
    )
    order = [article.id for article, _, _ in articles]
    figures = group_figures([m for a in order for m in found[a]], order, same_event=same)
    return Comparison(entities, figures, matches)


def compare_articles(
    articles: Sequence[Article],
    *,
    aliases: Mapping[str, Sequence[str]] | None = None,
    merges: Iterable[MergeDecision | tuple[str, str]] = (),
    splits: Iterable[SplitDecision | tuple[str, str]] = (),
) -> Comparison:
    """Detect each article's names, figures and claims, then compare them."""
    from annotations.claims import find_claims
    from annotations.detection import detect

    prepared = []
    for article in articles:
        spans = detect(article.text)
        prepared.append((article, spans, find_claims(article.id, article.text, spans)))
    return compare(prepared, aliases=aliases, merges=merges, splits=splits)
