"""Candidate pairs of claims across articles, found through an inverted index on rare keys.

Each claim's keys (its entities and places, action words, other words, counted things and
days) are counted once per article, in bulk: the counts give the rarity weights, the claims'
masses and the articles' vectors alike; a claim is then compared only with the claims it
shares a rare key with, so two long reports are not read pair by pair.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from annotations.aliases import BUILTIN_ALIASES
from annotations.claims import Claim
from annotations.compare.figures import FigureMention
from annotations.compare.match_evidence import (
    ClaimFeatures,
    PairEvidence,
    Rarity,
    claim_features,
    pair_evidence,
)
from annotations.compare.names import Entity, Mention, group_entities

__all__ = ["candidate_evidence"]

_MAX_PER_ARTICLE = 6
"""A key found in more claims than this many an open article (an ECB+ topic opens about 24, so
about 140 claims) is too common to propose candidates: it says little, and in two long reports it
would make every claim a candidate of every other."""

_MAX_CANDIDATES = 10
"""Claims of the other articles scored in full for one claim, the best prefiltered first."""

ClaimAt = tuple[str, int]
"""A claim by its article id and its place among the article's claims."""

_KINDS = ("names", "actions", "words", "figures", "days")
"""The kinds of key a claim holds, each counted and weighed on its own."""

_INDEXED = ("names", "actions", "figures", "days")
"""The kinds of key that propose candidates."""


@dataclass(slots=True)
class _Counts:
    """How many claims of one article hold each key, by kind of key."""

    kinds: dict[str, Counter[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[ClaimFeatures]) -> _Counts:
        # Each claim's keys are sets: all the article's keys in one list, counted at once.
        held: dict[str, list[str]] = {kind: [] for kind in _KINDS}
        names, actions, words, figures, days = (held[kind].extend for kind in _KINDS)
        for row in rows:
            names(row.names)
            actions(row.actions)
            words(row.words)
            if row.figures:
                figures(_keys(row, "figures"))
            if row.dates.days:
                days(row.dates.days)
        return cls({kind: Counter(keys) for kind, keys in held.items()})


def _keys(row: ClaimFeatures, kind: str) -> frozenset[str]:
    """The claim's keys of one kind."""
    if kind == "names":
        return row.names
    if kind == "actions":
        return row.actions
    if kind == "words":
        return row.words
    if kind == "figures":
        return frozenset(f.key for f in row.figures)
    return row.dates.days


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
    # By article, then by start: a claim's names are looked up by an int, not a made tuple.
    entity_of: dict[str, dict[int, tuple[str, str]]] = {a: {} for a in claims_by_article}
    for e in entities:
        labelled = (e.key, e.label)
        for m in e.mentions:
            if (starts := entity_of.get(m.article_id)) is not None:
                starts[m.start] = labelled
    return claim_features(claims_by_article, entity_of, dates or {}, figures)


def _claims_holding(counts: Iterable[_Counts]) -> dict[str, Counter[str]]:
    """How many claims of all the articles hold each key, by kind of key."""
    total: dict[str, Counter[str]] = {kind: Counter() for kind in _KINDS}
    for article in counts:
        for kind in _KINDS:
            total[kind].update(article.kinds[kind])
    return total


def _rarity(holding: Mapping[str, Counter[str]], claims: int) -> Rarity:
    """The rarity of every name, action word and other word over the open articles' claims."""

    def weights(kind: str) -> dict[str, float]:
        return {key: math.log(1 + claims / n) for key, n in holding[kind].items()}

    return Rarity(weights("names"), weights("actions"), weights("words"))


def _set_masses(rows: Iterable[ClaimFeatures], rarity: Rarity) -> None:
    """Each claim's event read in full and its summed rarity of each kind of key (see
    `ClaimFeatures.mass`)."""
    name, action, word = (
        rarity.names.__getitem__,
        rarity.actions.__getitem__,
        rarity.words.__getitem__,
    )
    for row in rows:
        row.read_event()
        e = math.fsum(map(name, row.entities))
        p = math.fsum(map(name, row.places))
        row.mass = {
            "a": math.fsum(map(action, row.actions)),
            "e": e,
            "p": p,
            "w": math.fsum(map(word, row.words)),
            "t": math.fsum(map(action, row.triggers)),
            "n": e + p,
        }


_Vector = tuple[tuple[dict[str, float], ...], float]


def _article_vector(counts: _Counts, rarity: Rarity) -> _Vector:
    """An article as weighted names, action words and other words, with its norm: how far two
    whole reports are about one event, which a single sentence may not show."""
    parts = tuple(
        {key: n * weight[key] for key, n in counts.kinds[kind].items()}
        for kind, weight in (
            ("names", rarity.names),
            ("actions", rarity.actions),
            ("words", rarity.words),
        )
    )
    return parts, math.sqrt(math.fsum(v * v for part in parts for v in part.values()))


def _cosine(a: _Vector, b: _Vector) -> float:
    (parts_a, na), (parts_b, nb) = a, b
    if not na or not nb:
        return 0.0
    products: list[float] = []
    for va, vb in zip(parts_a, parts_b, strict=True):
        if len(va) > len(vb):
            va, vb = vb, va
        products.extend(v * vb[k] for k, v in va.items() if k in vb)
    return math.fsum(products) / (na * nb)


def _pools(
    features: Mapping[str, Sequence[ClaimFeatures]],
    holding: Mapping[str, Counter[str]],
    claims: int,
    most: int,
) -> dict[ClaimAt, list[tuple[ClaimAt, float]]]:
    """Each claim's best candidates in the other articles, prefiltered by the rare keys they
    share, each key weighted by its rarity among the indexed keys."""
    rare = {
        kind: frozenset(key for key, n in holding[kind].items() if n <= most) for kind in _INDEXED
    }
    # The claims that hold each rare key, and each claim's rare keys: only a claim holding one
    # can have candidates, the others are not read again.
    postings: dict[tuple[str, str], list[ClaimAt]] = {}
    held: dict[ClaimAt, list[tuple[str, str]]] = {}
    names, actions, figures, days = (rare[kind] for kind in _INDEXED)
    for article_id, rows in features.items():
        for n, row in enumerate(rows):
            # Kind by kind as `_keys` gives them, without a call and a generator per kind and
            # claim: most claims hold no rare key of most kinds.
            mine: list[tuple[str, str]] = []
            if found := row.names & names:
                mine += [("names", key) for key in found]
            if found := row.actions & actions:
                mine += [("actions", key) for key in found]
            if row.figures and (found := _keys(row, "figures") & figures):
                mine += [("figures", key) for key in found]
            if found := row.dates.days & days:
                mine += [("days", key) for key in found]
            if mine:
                held[(article_id, n)] = mine
                for key in mine:
                    postings.setdefault(key, []).append((article_id, n))
    weight = {key: math.log(1 + claims / len(posting)) for key, posting in postings.items()}
    best_first = itemgetter(1, 0)
    pools: dict[ClaimAt, list[tuple[ClaimAt, float]]] = {}
    for article_id, rows in features.items():
        for n in range(len(rows)):
            keys = held.get((article_id, n))
            if keys is None:
                pools[(article_id, n)] = []
                continue
            shared: dict[ClaimAt, list[float]] = {}
            for key in keys:
                key_weight = weight[key]
                for at in postings[key]:
                    if at[0] != article_id:
                        shared.setdefault(at, []).append(key_weight)
            # Summed exactly, so that the sum does not depend on the order the keys come in
            # (a set's, which varies from run to run): two candidates sharing equally rare
            # keys tie, and the tie goes to the earlier claim.
            pool = {at: math.fsum(weights) for at, weights in shared.items()}
            pools[(article_id, n)] = heapq.nlargest(_MAX_CANDIDATES, pool.items(), key=best_first)
    return pools


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
    claims = sum(len(rows) for rows in features.values())
    counts = {article_id: _Counts.of(rows) for article_id, rows in features.items()}
    holding = _claims_holding(counts.values())
    rarity = _rarity(holding, claims)
    vectors = {article_id: _article_vector(c, rarity) for article_id, c in counts.items()}
    similar = {
        (a, b): _cosine(vectors[a], vectors[b]) for a in features for b in features if a != b
    }
    pools = _pools(features, holding, claims, _MAX_PER_ARTICLE * max(3, len(features)))
    # Only the claims of candidate pairs are read in full and weighed by their masses.
    paired = {at for claim_at, best in pools.items() if best for at in (claim_at, *dict(best))}
    _set_masses((features[article_id][n] for article_id, n in paired), rarity)
    # Each claim's closest claim in each other article; a pair that is each other's closest
    # is the surest kind (the second report of an earthquake has its own toll sentence).
    closest_in: dict[ClaimAt, dict[str, ClaimAt]] = {}
    for at_claim, best in pools.items():
        mine: dict[str, ClaimAt] = {}
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
            pair = pair_evidence(row, features[other_id][n], rarity, near, mutual)
            if pair is not None:
                out.append(pair)
        yield out
