"""Candidate pairs of claims across articles, found through an inverted index on rare keys.

Each claim's keys (its entities and places, action words, other words, counted things and
days, as "e:", "a:", "w:", "f:" and "d:" strings) are made once and serve the rarity weights,
the claims' masses, the articles' vectors and the index alike; a claim is then compared only
with the claims it shares a rare key with, so two long reports are not read pair by pair.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter

from annotations.aliases import BUILTIN_ALIASES
from annotations.claims import Claim
from annotations.compare.figures import FigureMention
from annotations.compare.match_evidence import (
    ClaimFeatures,
    PairEvidence,
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


@dataclass(slots=True)
class _Keys:
    """One claim's keys, made once: the strings every weight, mass and index is kept by."""

    names: tuple[str, ...]
    """Entities and places ("e:")."""

    entities: tuple[str, ...]
    """Entities other than places ("e:"), for the claim's mass."""

    places: tuple[str, ...]
    """Places ("e:"), for the claim's mass."""

    actions: tuple[str, ...]
    """Action words ("a:")."""

    words: tuple[str, ...]
    """Other content words ("w:")."""

    triggers: tuple[str, ...]
    """The action words that name the event itself ("a:"), for the claim's mass."""

    indexed: set[str]
    """What proposes candidates: names, actions, counted things ("f:") and days ("d:")."""

    @classmethod
    def of(cls, row: ClaimFeatures) -> _Keys:
        names = tuple(f"e:{k}" for k in row.entities | row.places)
        actions = tuple(f"a:{w}" for w in row.actions)
        # Built as a set display from tuples, element by element, so that it is iterated in
        # the same order as ever: a candidate's prefilter score sums its keys in that order.
        indexed = {
            *names,
            *actions,
            *tuple(f"f:{f.key}" for f in row.figures),
            *tuple(f"d:{d}" for d in row.dates.days),
        }
        return cls(
            names,
            tuple(f"e:{k}" for k in row.entities),
            tuple(f"e:{k}" for k in row.places),
            actions,
            tuple(f"w:{w}" for w in row.words),
            tuple(f"a:{w}" for w in row.triggers),
            indexed,
        )


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


def _weights(
    keys: Mapping[str, Sequence[_Keys]], claims: int
) -> tuple[dict[str, float], dict[str, list[ClaimAt]]]:
    """The rarity of every key over the open articles' claims (a name every claim shares says
    little, one that two claims share says much), and the claims that hold each indexed key."""
    postings: dict[str, list[ClaimAt]] = {}
    words: dict[str, int] = {}
    for article_id, found in keys.items():
        for n, row in enumerate(found):
            at = (article_id, n)
            for key in row.indexed:
                posting = postings.get(key)
                if posting is None:
                    postings[key] = [at]
                else:
                    posting.append(at)
            for key in row.words:
                words[key] = words.get(key, 0) + 1
    weight = {
        key: math.log(1 + claims / len(posting))
        for key, posting in postings.items()
        if key[0] in "ea"
    }
    weight.update((key, math.log(1 + claims / n)) for key, n in words.items())
    return weight, postings


def _set_masses(
    features: Mapping[str, Sequence[ClaimFeatures]],
    keys: Mapping[str, Sequence[_Keys]],
    weight: Mapping[str, float],
) -> None:
    """Each claim's summed rarity of each kind of key (see `ClaimFeatures.mass`)."""
    of = weight.__getitem__
    for article_id, rows in features.items():
        for row, row_keys in zip(rows, keys[article_id], strict=True):
            e = sum(map(of, row_keys.entities))
            p = sum(map(of, row_keys.places))
            row.mass = {
                "a": sum(map(of, row_keys.actions)),
                "e": e,
                "p": p,
                "w": sum(map(of, row_keys.words)),
                "t": sum(map(of, row_keys.triggers)),
                "n": e + p,
            }


_Vector = tuple[dict[str, float], float]


def _article_vectors(
    keys: Mapping[str, Sequence[_Keys]], weight: Mapping[str, float]
) -> dict[str, _Vector]:
    """Each article as weighted names and action words, with its norm: how far two whole
    reports are about one event, which a single sentence may not show."""
    out: dict[str, _Vector] = {}
    for article_id, found in keys.items():
        vector: dict[str, float] = {}
        get = vector.get
        for row in found:
            for part in (row.names, row.actions, row.words):
                for key in part:
                    vector[key] = get(key, 0.0) + weight[key]
        out[article_id] = (vector, math.sqrt(sum(v * v for v in vector.values())))
    return out


def _cosine(a: _Vector, b: _Vector) -> float:
    (va, na), (vb, nb) = a, b
    if not na or not nb:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(v * vb.get(k, 0.0) for k, v in va.items()) / (na * nb)


def _pools(
    keys: Mapping[str, Sequence[_Keys]], postings: Mapping[str, list[ClaimAt]], most: int
) -> dict[ClaimAt, list[tuple[ClaimAt, float]]]:
    """Each claim's best candidates in the other articles, prefiltered by the rare keys they
    share, each key weighted by its rarity among the indexed keys."""
    claims = sum(len(found) for found in keys.values())
    rare = {
        key: (posting, math.log(1 + claims / len(posting)))
        for key, posting in postings.items()
        if len(posting) <= most
    }
    # Only a claim holding a rare key can have candidates: the others are not read again.
    holders = {at for posting, _ in rare.values() for at in posting}
    best_first = itemgetter(1, 0)
    pools: dict[ClaimAt, list[tuple[ClaimAt, float]]] = {}
    for article_id, found in keys.items():
        for n, row in enumerate(found):
            if (article_id, n) not in holders:
                pools[(article_id, n)] = []
                continue
            pool: dict[ClaimAt, float] = {}
            for key in row.indexed:
                known = rare.get(key)
                if known is None:
                    continue
                posting, key_weight = known
                for at in posting:
                    if at[0] != article_id:
                        pool[at] = pool.get(at, 0.0) + key_weight
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
    keys = {article_id: [_Keys.of(row) for row in found] for article_id, found in features.items()}
    weight, postings = _weights(keys, sum(len(found) for found in features.values()))
    _set_masses(features, keys, weight)
    vectors = _article_vectors(keys, weight)
    similar = {
        (a, b): _cosine(vectors[a], vectors[b]) for a in features for b in features if a != b
    }
    pools = _pools(keys, postings, _MAX_PER_ARTICLE * max(3, len(features)))
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
            pair = pair_evidence(row, features[other_id][n], weight, near, mutual)
            if pair is not None:
                out.append(pair)
        yield out
