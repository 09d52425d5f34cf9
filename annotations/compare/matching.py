"""Claims across articles: the other report's claim about the same event, with how sure."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from annotations.aliases import BUILTIN_ALIASES
from annotations.claims import Claim
from annotations.compare.figures import FigureMention
from annotations.compare.match_evidence import (
    ClaimFeatures,
    Evidence,
    PairEvidence,
    claim_features,
    pair_evidence,
    rarity,
    set_mass,
)
from annotations.compare.names import Entity, Mention, group_entities

__all__ = [
    "FEATURES",
    "MATCH_THRESHOLD",
    "MatchOptions",
    "WEIGHTS",
    "ClaimMatch",
    "Evidence",
    "PairEvidence",
    "candidate_evidence",
    "match_claims",
    "match_events",
]

FEATURES: tuple[str, ...] = (
    "actions",
    "participants",
    "places",
    "words",
    "figures_agree",
    "figures_clash",
    "figures_left_out",
    "dates_agree",
    "dates_clash",
    "articles",
    "support",
    "mutual",
    "opening",
    "people_differ",
    "places_differ",
    "triggers",
    "triggers_support",
    "stages_differ",
)
"""What the score weighs, in the order of `WEIGHTS` (see `PairEvidence.values`)."""

WEIGHTS: dict[str, float] = {
    "bias": -1.223,
    "places": 0.252,
    "words": 0.197,
    "figures_clash": -0.385,
    "dates_agree": 0.413,
    "articles": 4.425,
    "support": 0.551,
    "mutual": 0.116,
    "people_differ": -0.221,
    "places_differ": -0.024,
    "triggers": 0.005,
    "triggers_support": 1.268,
    "stages_differ": -0.226,
    "figures_agree": 0.316,
    "figures_left_out": -0.158,
    "opening": 2.211,
    "dates_clash": 0.000,
    "actions": 0.000,
    "participants": 0.000,
}
"""Logistic weights of the evidence, fitted on the tuning half of the ECB+ dev topics by
`bench/fit_matches.py`, so that a score reads as the chance that the match is right."""

MATCH_THRESHOLD = 0.8
"""Below this chance a claim is shown as having no match rather than a weak one."""

_MAX_PER_ARTICLE = 6
"""A key found in more claims than this many an open article (an ECB+ topic opens about 24, so
about 140 claims) is too common to propose candidates: it says little, and in two long reports it
would make every claim a candidate of every other."""

_MAX_CANDIDATES = 10
"""Claims of the other articles scored in full for one claim, the best prefiltered first."""


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    """A claim and a claim of another article about the same event, with how sure."""

    claim: Claim
    """The claim being matched."""

    match: Claim
    """The claim found in another article."""

    score: float
    """0..1: the chance that the two report the same event (calibrated on the dev half)."""

    evidence: Evidence = field(default_factory=Evidence)
    """Why: shared action words, entities, places, figures and dates."""

    @property
    def shared_entities(self) -> tuple[str, ...]:
        """Keys of the entities (places included) both claims name."""
        return (*self.evidence.participants, *self.evidence.places)

    @property
    def shared_figures(self) -> tuple[str, ...]:
        """What the figures both claims give with compatible values count."""
        return self.evidence.figures


def _keys(row: ClaimFeatures) -> set[str]:
    return {
        *(f"e:{k}" for k in row.entities | row.places),
        *(f"a:{w}" for w in row.actions),
        *(f"f:{f.key}" for f in row.figures),
        *(f"d:{d}" for d in row.dates.days),
    }


def _article_vectors(
    claims: Mapping[str, Sequence[ClaimFeatures]], weight: Mapping[str, float]
) -> dict[str, tuple[dict[str, float], float]]:
    """Each article as weighted names and action words, with its norm: how far two whole
    reports are about one event, which a single sentence may not show."""
    out: dict[str, tuple[dict[str, float], float]] = {}
    for article_id, rows in claims.items():
        vector: dict[str, float] = {}
        for row in rows:
            for key in (
                *(f"e:{k}" for k in row.entities | row.places),
                *(f"a:{w}" for w in row.actions),
                *(f"w:{w}" for w in row.words),
            ):
                vector[key] = vector.get(key, 0.0) + weight[key]
        out[article_id] = (vector, math.sqrt(sum(v * v for v in vector.values())))
    return out


def _cosine(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
    (va, na), (vb, nb) = a, b
    if not na or not nb:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(v * vb.get(k, 0.0) for k, v in va.items()) / (na * nb)


def chance(values: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS) -> float:
    """The calibrated chance that a pair with this evidence reports one event."""
    z = weights["bias"] + sum(weights[name] * values[name] for name in FEATURES)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def _prepare(
    claims_by_article: Mapping[str, Sequence[Claim]],
    entities: Sequence[Entity] | None,
    aliases: Mapping[str, Sequence[str]],
    dates: Mapping[str, str | None] | None,
    figures: Mapping[str, Sequence[FigureMention]] | None,
) -> dict[str, list[ClaimFeatures]]:
    if entities is None:
        mentions = [
            Mention.of(article_id, span)
            for article_id, claims in claims_by_article.items()
            for claim in claims
            for span in claim.names
        ]
        entities = group_entities(mentions, aliases=aliases)
    entity_of = {(m.article_id, m.start): (e.key, e.label) for e in entities for m in e.mentions}
    return claim_features(claims_by_article, entity_of, dates or {}, figures)


def candidate_evidence(
    claims_by_article: Mapping[str, Sequence[Claim]],
    *,
    entities: Sequence[Entity] | None = None,
    aliases: Mapping[str, Sequence[str]] = BUILTIN_ALIASES,
    dates: Mapping[str, str | None] | None = None,
    figures: Mapping[str, Sequence[FigureMention]] | None = None,
) -> Iterator[list[PairEvidence]]:
    """For each claim, its candidate claims in the other articles with their evidence.

    A pair is a candidate only if the claims share a rare enough name, action word, counted
    thing or day (an inverted index, so long articles are not compared sentence by sentence).
    """
    features = _prepare(claims_by_article, entities, aliases, dates, figures)
    rows = [row for found in features.values() for row in found]
    weight = rarity(rows)
    set_mass(rows, weight)
    vectors = _article_vectors(features, weight)
    index: dict[str, list[tuple[str, int]]] = {}
    keys = {article_id: [_keys(row) for row in found] for article_id, found in features.items()}
    for article_id, found_keys in keys.items():
        for n, row_keys in enumerate(found_keys):
            for key in row_keys:
                index.setdefault(key, []).append((article_id, n))
    key_weight = {key: math.log(1 + len(rows) / len(posting)) for key, posting in index.items()}
    similar = {
        (a, b): _cosine(vectors[a], vectors[b]) for a in features for b in features if a != b
    }
    most = _MAX_PER_ARTICLE * max(3, len(features))
    pools: dict[tuple[str, int], list[tuple[tuple[str, int], float]]] = {}
    for article_id, found_keys in keys.items():
        for at_row, row_keys in enumerate(found_keys):
            pool: dict[tuple[str, int], float] = {}
            for key in row_keys:
                posting = index[key]
                if len(posting) > most:
                    continue
                for at in posting:
                    if at[0] != article_id:
                        pool[at] = pool.get(at, 0.0) + key_weight[key]
            pools[(article_id, at_row)] = heapq.nlargest(
                _MAX_CANDIDATES, pool.items(), key=lambda item: (item[1], item[0])
            )
    # Each claim's closest claim in each other article; a pair that is each other's closest
    # is the surest kind (the second report of an earthquake has its own toll sentence).
    closest_in: dict[tuple[str, int], dict[str, tuple[str, int]]] = {}
    for at_claim, best in pools.items():
        mine: dict[str, tuple[str, int]] = {}
        for at, _ in best:
            mine.setdefault(at[0], at)
        closest_in[at_claim] = mine
    for (article_id, at_row), best in pools.items():
        row = features[article_id][at_row]
        out = []
        for (other_id, n), _ in best:
            near = similar[(article_id, other_id)]
            mutual = closest_in[(article_id, at_row)].get(other_id) == (other_id, n) and (
                closest_in[(other_id, n)].get(article_id) == (article_id, at_row)
            )
            pair = pair_evidence(row, features[other_id][n], weight, near, mutual)
            if pair is not None:
                out.append(pair)
        yield out


ClaimKey = tuple[str, int]
"""A claim by its article id and its first character."""


class MatchOptions(TypedDict, total=False):
    """How to match: the keywords of `match_claims` and `match_events`."""

    entities: Sequence[Entity] | None
    aliases: Mapping[str, Sequence[str]]
    dates: Mapping[str, str | None] | None
    figures: Mapping[str, Sequence[FigureMention]] | None
    threshold: float
    per_claim: int


def match_events(
    claims_by_article: Mapping[str, Sequence[Claim]], **options: Unpack[MatchOptions]
) -> tuple[list[ClaimMatch], dict[ClaimKey, frozenset[ClaimKey]]]:
    """`match_claims`, and every pair of claims of two articles that reach `threshold`: the
    claims taken to report one event, best shown or not (figure alignment asks for them)."""
    threshold = options.get("threshold", MATCH_THRESHOLD)
    per_claim = options.get("per_claim", 1)
    entities = options.get("entities")
    aliases = options.get("aliases", BUILTIN_ALIASES)
    dates = options.get("dates")
    matches: list[ClaimMatch] = []
    same: dict[ClaimKey, set[ClaimKey]] = {}
    found_all = candidate_evidence(
        claims_by_article,
        entities=entities,
        aliases=aliases,
        dates=dates,
        figures=options.get("figures"),
    )
    for found in found_all:
        scored = [
            ClaimMatch(p.claim, p.match, round(chance(p.values), 4), p.evidence) for p in found
        ]
        scored.sort(key=lambda m: (-m.score, m.match.article_id, m.match.start))
        for m in scored:
            if m.score < threshold:
                break
            a, b = (m.claim.article_id, m.claim.start), (m.match.article_id, m.match.start)
            same.setdefault(a, set()).add(b)
            same.setdefault(b, set()).add(a)
        matches.extend(m for m in scored[:per_claim] if m.score >= threshold)
    return matches, {key: frozenset(others) for key, others in same.items()}


def match_claims(
    claims_by_article: Mapping[str, Sequence[Claim]], **options: Unpack[MatchOptions]
) -> list[ClaimMatch]:
    """For each claim, the claims of the other articles most likely about the same event.

    The score weighs shared action words (lemmatised), participants (entities as grouped by
    the comparison), places, days (normalised against each article's date in `dates`),
    figures for the same counted thing that agree or clash, and how far the two articles as
    a whole share names and actions, each name and word weighted by its rarity over the open
    articles. Matches under `threshold` are dropped: articles about different events
    produce none; each claim keeps its `per_claim` best (1). `entities` (from
    `group_entities`) gives the entity keys; without it the claims' own name spans are
    grouped here.
    """
    return match_events(claims_by_article, **options)[0]
