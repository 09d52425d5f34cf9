"""Claims across articles: the other report's claim about the same event, with how sure."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from annotations.aliases import BUILTIN_ALIASES
from annotations.claims import Claim
from annotations.compare.candidates import candidate_evidence
from annotations.compare.figures import FigureMention
from annotations.compare.match_evidence import Evidence, PairEvidence
from annotations.compare.names import Entity

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
    "bias": -2.350,
    "places": 0.207,
    "words": 0.156,
    "figures_clash": -0.430,
    "dates_agree": 0.383,
    "articles": 7.042,
    "mutual": 0.161,
    "people_differ": -0.140,
    "triggers_support": 1.741,
    "stages_differ": -0.354,
    "figures_agree": 0.227,
    "figures_left_out": -0.114,
    "opening": 2.727,
    "actions": 0.000,
    "support": 0.000,
    "places_differ": 0.000,
    "participants": 0.000,
    "triggers": 0.000,
    "dates_clash": 0.000,
}
"""Logistic weights of the evidence, fitted on the tuning half of the ECB+ dev topics by
`bench/fit_matches.py`, so that a score reads as the chance that the match is right."""

MATCH_THRESHOLD = 0.74
"""Below this chance a claim is shown as having no match rather than a weak one."""


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


def chance(values: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS) -> float:
    """The calibrated chance that a pair with this evidence reports one event."""
    z = weights["bias"] + sum(weights[name] * values[name] for name in FEATURES)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


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
        if not found:
            continue
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
