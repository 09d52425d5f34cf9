"""Claims across articles: the same statement as the other report words it."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from annotations.aliases import BUILTIN_ALIASES
from annotations.claims import Claim
from annotations.compare.figures import (
    FigureMention,
    figure_mentions,
    lemma,
    values_compatible,
)
from annotations.compare.names import Entity, Mention, group_entities

__all__ = ["MATCH_THRESHOLD", "ClaimMatch", "match_claims"]

MATCH_THRESHOLD = 0.3
"""Below this score two claims are not shown as the same statement."""

_MAX_POSTING = 150
"""An entity named in more claims than this is too common to propose candidates by itself."""

_MAX_CANDIDATES = 12
"""Claims of another article scored in full for one claim, the best prefiltered first."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")
_STOP = frozenset(
    """a an and or but the this that these those its it their his her our your they them he she
    we you who whom which what were was is are be been being have has had will would could
    should may might in on at from of to by with for into over under near around about as than
    then so such per each said say says told also not no all both some many several there here
    when where while after before since until against via through up down out off one two
    three ago last past according other another""".split()
)


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    """A claim and a claim of another article that states the same thing, with how sure."""

    claim: Claim
    """The claim being matched."""

    match: Claim
    """The most similar claim found in another article."""

    score: float
    """0..1: shared entities, shared figures and shared words, weighted."""

    shared_entities: tuple[str, ...] = ()
    """Keys of the entities both claims name."""

    shared_figures: tuple[str, ...] = ()
    """What the figures both claims give (compatible values) count."""

    word_score: float = 0.0
    """0..1 fuzzy similarity of the claims' content words."""


@dataclass(slots=True)
class _Features:
    claim: Claim
    entities: frozenset[str]
    figures: list[FigureMention]
    words: str


def _content_words(text: str) -> str:
    words = {lemma(w) for w in _WORD.findall(text) if w.casefold() not in _STOP}
    return " ".join(sorted(words))


def _features(
    claims_by_article: Mapping[str, Sequence[Claim]], entity_of: Mapping[tuple[str, int], str]
) -> dict[str, list[_Features]]:
    out: dict[str, list[_Features]] = {}
    for article_id, claims in claims_by_article.items():
        rows: list[_Features] = []
        for claim in claims:
            keys = frozenset(
                entity_of[(article_id, s.start)]
                for s in claim.names
                if (article_id, s.start) in entity_of
            )
            shifted = [
                type(s)(
                    s.start - claim.start, s.end - claim.start, s.kind, s.label, s.text, s.value
                )
                for s in claim.numbers
                if claim.start <= s.start < claim.end
            ]
            figures = [
                f
                for f in figure_mentions(article_id, claim.text, shifted, [(0, len(claim.text))])
                if f.key
            ]
            rows.append(_Features(claim, keys, figures, _content_words(claim.text)))
        out[article_id] = rows
    return out


def _figure_overlap(
    a: Sequence[FigureMention], b: Sequence[FigureMention]
) -> list[tuple[str, float]]:
    """Figures of `a` with a counterpart in `b`: what they count and how closely they agree."""
    shared: list[tuple[str, float]] = []
    for x in a:
        rx = x.range
        best = 0.0
        for y in b:
            ry = y.range
            if x.key != y.key or rx is None or ry is None or not values_compatible(rx, ry):
                continue
            best = max(best, _closeness(x, y))
        if best:
            shared.append((x.counts or (f"{x.label} ({x.unit})" if x.unit else x.label), best))
    return shared


def _closeness(x: FigureMention, y: FigureMention) -> float:
    """How strongly two compatible figures say the same: "120" and "Some 120" more than
    "60" and "more than 60", which only share a bound."""
    if (x.low, x.high) == (y.low, y.high):
        return 1.0
    closed = all(f.high is not None and f.low for f in (x, y))
    return 0.9 if closed else 0.5


def _score(a: _Features, b: _Features, rarity: Mapping[str, float]) -> ClaimMatch | None:
    shared_entities = a.entities & b.entities
    overlap = _figure_overlap(a.figures, b.figures)
    if not shared_entities and not overlap:
        return None
    # Sharing Abu Kamal says more than sharing Syria: entities weigh by how rarely they occur.
    total = sum(rarity[k] for k in a.entities) + sum(rarity[k] for k in b.entities)
    entity_score = 2 * sum(rarity[k] for k in shared_entities) / total if total else 0.0
    words = 0.0
    if a.words and b.words:
        words = fuzz.token_set_ratio(a.words, b.words) + fuzz.token_sort_ratio(a.words, b.words)
        words /= 200
    if a.figures:
        # How much of this claim's figures the other states: its own statement is the measure,
        # so a claim with no figures is not marked down for a match that has some.
        figure_score = sum(c for _, c in overlap) / len(a.figures)
        score = 0.3 * entity_score + 0.4 * figure_score + 0.3 * words
    else:
        score = 0.55 * entity_score + 0.45 * words
    return ClaimMatch(
        claim=a.claim,
        match=b.claim,
        score=round(score, 4),
        shared_entities=tuple(sorted(shared_entities)),
        shared_figures=tuple(dict.fromkeys(name for name, _ in overlap)),
        word_score=round(words, 4),
    )


def _rarity(rows: Sequence[_Features]) -> dict[str, float]:
    """Inverse claim frequency of each entity key over all the articles' claims."""
    counts: dict[str, int] = {}
    for row in rows:
        for key in row.entities:
            counts[key] = counts.get(key, 0) + 1
    return {key: math.log(1 + len(rows) / n) for key, n in counts.items()}


def _index(rows: Sequence[_Features]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for n, row in enumerate(rows):
        for key in {*(f"e:{k}" for k in row.entities), *(f"f:{f.key}" for f in row.figures)}:
            index.setdefault(key, []).append(n)
    return index


def match_claims(
    claims_by_article: Mapping[str, Sequence[Claim]],
    *,
    entities: Sequence[Entity] | None = None,
    aliases: Mapping[str, Sequence[str]] = BUILTIN_ALIASES,
    threshold: float = MATCH_THRESHOLD,
    per_claim: int = 3,
) -> list[ClaimMatch]:
    """For each claim, the most similar claims of the other articles, best first.

    A pair is a candidate only if the claims name a common entity or give a figure for the same
    thing (an inverted index, so long articles are not compared sentence by sentence); its score
    weighs shared entities, compatible figures and `rapidfuzz` similarity of content words. Pairs
    under `threshold` are dropped: articles that share nothing produce no matches.
    `entities` (from `group_entities`) gives the entity keys; without it the claims' own name
    spans are grouped here.
    """
    if entities is None:
        mentions = [
            Mention.of(article_id, span)
            for article_id, claims in claims_by_article.items()
            for claim in claims
            for span in claim.names
        ]
        entities = group_entities(mentions, aliases=aliases)
    entity_of = {(m.article_id, m.start): e.key for e in entities for m in e.mentions}
    features = _features(claims_by_article, entity_of)
    indexes = {article_id: _index(rows) for article_id, rows in features.items()}
    rarity = _rarity([row for rows in features.values() for row in rows])
    matches: list[ClaimMatch] = []
    for article_id, rows in features.items():
        for row in rows:
            found: list[ClaimMatch] = []
            for other_id, other_rows in features.items():
                if other_id == article_id:
                    continue
                found.extend(_best_in(row, other_rows, indexes[other_id], rarity))
            found.sort(key=lambda m: (-m.score, m.match.article_id, m.match.start))
            matches.extend(m for m in found[:per_claim] if m.score >= threshold)
    return matches


def _best_in(
    row: _Features,
    other_rows: Sequence[_Features],
    index: Mapping[str, list[int]],
    rarity: Mapping[str, float],
) -> list[ClaimMatch]:
    keys = {f"e:{k}" for k in row.entities} | {f"f:{f.key}" for f in row.figures}
    postings = sorted((index[k] for k in keys if k in index), key=len)
    if not postings:
        return []
    usable = [p for p in postings if len(p) <= _MAX_POSTING]
    if not usable:
        # Every key is common (ISIS in a long ISIS story): claims sharing the two rarest.
        both = sorted(set(postings[0]).intersection(*postings[1:2]))
        usable = [both[:_MAX_POSTING]] if both else [postings[0][:_MAX_POSTING]]
    weight: dict[int, float] = {}
    for posting in usable:
        idf = math.log(1 + len(other_rows) / max(1, len(posting)))
        for n in posting:
            weight[n] = weight.get(n, 0.0) + idf
    best = heapq.nlargest(_MAX_CANDIDATES, ((w, -n) for n, w in weight.items()))
    scored = (_score(row, other_rows[-n], rarity) for _, n in best)
    return [m for m in scored if m is not None]
