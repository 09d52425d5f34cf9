"""What two claims share that says they report one event, and what sets them apart."""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import fsum

from annotations.claims import Claim
from annotations.compare.events import (
    ClaimDates,
    ClaimWords,
    article_day,
    claim_dates,
    claim_lemmas,
    dates_relation,
    legal_stages,
)
from annotations.compare.figures import FigureMention, figure_mentions

__all__ = [
    "ClaimFeatures",
    "Evidence",
    "PairEvidence",
    "Rarity",
    "claim_features",
    "pair_evidence",
]

_LEAD = 4
"""Claims that make a report's lead, for the `opening` evidence."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why two claims are taken to report the same event: what they share, what clashes."""

    actions: tuple[str, ...] = ()
    """Action words both use, as the claim writes them ("killed", "strikes")."""

    participants: tuple[str, ...] = ()
    """Entities (other than places) both name, as entity keys."""

    places: tuple[str, ...] = ()
    """Places both name, as entity keys."""

    figures: tuple[str, ...] = ()
    """What the figures that agree count ("fighter")."""

    clashes: tuple[str, ...] = ()
    """What figures that disagree count, for the same thing."""

    dates: tuple[str, ...] = ()
    """Days both give, normalised against the articles' dates ("2017-10-07")."""

    dates_differ: bool = False
    """True when both give days and none is shared."""

    steps_differ: tuple[str, ...] = ()
    """The steps of a case each claim names, as written, when they share none ("charged",
    "guilty"): two events of one story, which lowers the score."""

    @property
    def identifies(self) -> bool:
        """True if the pair shares something that says which event: an action, a participant
        or a place. A day, a figure ("about 30km") or an opening position alone does not."""
        return bool(self.actions or self.participants or self.places)

    def summary(self, names: Mapping[str, str] | None = None) -> str:
        """One line for the analyst: "event kill, strike · names ISIS · figures 120 fighter"."""
        shown = names or {}
        parts = []
        if self.actions:
            parts.append("event " + ", ".join(self.actions))
        if self.participants:
            parts.append("names " + ", ".join(shown.get(k, k) for k in self.participants))
        if self.places:
            parts.append("place " + ", ".join(shown.get(k, k) for k in self.places))
        if self.figures:
            parts.append("figures agree: " + ", ".join(self.figures))
        if self.clashes:
            parts.append("figures clash: " + ", ".join(self.clashes))
        if self.dates:
            parts.append("date " + ", ".join(self.dates))
        elif self.dates_differ:
            parts.append("dates differ")
        if self.steps_differ:
            parts.append("steps of the case differ: " + " / ".join(self.steps_differ))
        return " · ".join(parts) if parts else "similar wording only"


@dataclass(slots=True)
class ClaimFeatures:
    """A claim as the matcher reads it: its entities, places, people, action words, other
    words, figures, dates and place among the article's claims."""

    claim: Claim
    entities: frozenset[str]
    places: frozenset[str]
    people: frozenset[str]
    actions: frozenset[str]
    words: frozenset[str]
    figures: list[FigureMention]
    dates: ClaimDates
    rank: int
    written: dict[str, str] = field(default_factory=dict)
    """Each action lemma as the claim writes it ("killed"), for the analyst."""
    triggers: frozenset[str] = frozenset()
    """Action lemmas that read as the event itself: verbs and nouns of action."""
    stages: frozenset[int] = frozenset()
    """Steps of a case the claim names (arrest, charge, trial, verdict, sentence ...)."""
    names: frozenset[str] = frozenset()
    """Its entities and places together."""
    unread: list[tuple[int, int]] | None = None
    """The offsets of its names in its text, until `read_event` has read what only a candidate
    pair needs of its words (most claims never meet another, and need only their lemmas)."""
    mass: dict[str, float] = field(default_factory=dict)
    """Summed rarity of each kind of key ("a" actions, "e" entities, "p" places, "w" words,
    "n" entities and places, "t" event words), set once the rarities are known."""
    figures_by_key: dict[str, _OneThingCounted] | None = None
    """Its figures with a range by what they count, made the first time it is paired."""

    def read_event(self) -> None:
        """Read what the claim's words say of its event for a candidate pair: the action words
        as written, the triggers and the steps of a case (the rest of the claims need only
        their lemmas)."""
        if self.unread is not None:
            read = ClaimWords.of(self.claim.text, self.unread)
            self.written, self.triggers, self.stages = read.event()
            self.unread = None


@dataclass(frozen=True, slots=True)
class Rarity:
    """How rare each name, action word and other word is over the open articles' claims: a
    name every claim shares says little, one that two claims share says much."""

    names: dict[str, float]
    """Entity and place keys."""

    actions: dict[str, float]
    """Action lemmas."""

    words: dict[str, float]
    """Other content words' lemmas."""


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """A candidate pair with the evidence the score weighs (for fitting the weights)."""

    claim: Claim
    match: Claim
    values: dict[str, float]
    evidence: Evidence


def claim_features(
    claims_by_article: Mapping[str, Sequence[Claim]],
    entity_of: Mapping[str, Mapping[int, tuple[str, str]]],
    dates: Mapping[str, str | None],
    figures: Mapping[str, Sequence[FigureMention]] | None = None,
) -> dict[str, list[ClaimFeatures]]:
    """Each article's claims as the matcher reads them. `entity_of` gives each article's
    entities by the start of their mentions, as (key, label). `figures`, each article's figures
    read with its claims as sentences (`article_figures`), saves reading them again claim by
    claim."""
    out: dict[str, list[ClaimFeatures]] = {}
    for article_id, claims in claims_by_article.items():
        day = article_day(dates.get(article_id))
        entity_at = entity_of.get(article_id, {}).get
        rows: list[ClaimFeatures] = []
        in_claim: dict[int, list[FigureMention]] | None = None
        if figures is not None and article_id in figures:
            in_claim = {}
            for f in figures[article_id]:
                if f.key:
                    in_claim.setdefault(f.sentence_start, []).append(f)
        for claim in claims:
            at = claim.start
            names: list[tuple[int, int]] = []
            entities: list[str] = []
            places: list[str] = []
            people: list[str] = []
            for s in claim.spans:
                if s.kind == "name":
                    names.append((s.start - at, s.end - at))
                    found = entity_at(s.start)
                    if found is None:
                        continue
                    key, label = found
                    if label == "place":
                        places.append(key)
                    else:
                        entities.append(key)
                        if label == "person":
                            people.append(key)
            actions, others = claim_lemmas(claim.text, names)
            if in_claim is not None:
                counted = in_claim.get(at, [])
            else:
                counted = _figures_alone(claim)
            named, placed = frozenset(entities), frozenset(places)
            rows.append(
                ClaimFeatures(
                    claim,
                    named,
                    placed,
                    frozenset(people),
                    actions,
                    others,
                    counted,
                    claim_dates(claim.text, claim.spans, day),
                    len(rows),
                    names=named | placed,
                    unread=names,
                )
            )
        out[article_id] = rows
    return out


def _figures_alone(claim: Claim) -> list[FigureMention]:
    """The claim's counted figures read from its own text, when its article's are not given."""
    at = claim.start
    shifted = [
        type(s)(s.start - at, s.end - at, s.kind, s.label, s.text, s.value)
        for s in claim.spans
        if at <= s.start < claim.end
    ]
    read = figure_mentions(claim.article_id, claim.text, shifted, [(0, len(claim.text))])
    return [f for f in read if f.key]


def _dice(
    shared: frozenset[str],
    weight: Mapping[str, float],
    a: ClaimFeatures,
    b: ClaimFeatures,
    kind: str,
) -> float:
    """Rarity-weighted Dice overlap of one kind of key (see `ClaimFeatures.mass`)."""
    total = a.mass[kind] + b.mass[kind]
    if not shared or not total:
        return 0.0
    return 2 * fsum(map(weight.__getitem__, shared)) / total


@dataclass(frozen=True, slots=True)
class _OneThingCounted:
    """A claim's figures that count one thing, laid out to say at once whether any of them
    fits a value: a long sentence of figures against another would otherwise try every one
    of them for each figure of the other."""

    first: FigureMention
    """The first of them in the claim, the one a clash names."""

    lows: list[float]
    """Their lowest values, in order (ranges with no value, NaN, fit nothing and are left out)."""

    reach: list[float]
    """reach[n]: the highest value any of the figures with the n + 1 smallest lows allows."""

    def any_fits(self, rng: tuple[float, float]) -> bool:
        """True if one of the figures overlaps `rng`, as `values_compatible` reads it."""
        if math.isnan(rng[0]) or math.isnan(rng[1]):
            return False
        # The figures starting at or below rng's top overlap it if one reaches up to its bottom.
        n = bisect.bisect_right(self.lows, rng[1])
        return n > 0 and self.reach[n - 1] >= rng[0]


def _figures_by_key(row: ClaimFeatures) -> dict[str, _OneThingCounted]:
    """The claim's figures with a range, by what they count (made once per claim)."""
    if row.figures_by_key is None:
        ranges: dict[str, list[tuple[float, float]]] = {}
        first: dict[str, FigureMention] = {}
        for y in row.figures:
            rng = y.range
            if rng is None:
                continue
            first.setdefault(y.key, y)
            if not (math.isnan(rng[0]) or math.isnan(rng[1])):
                ranges.setdefault(y.key, []).append(rng)
        index: dict[str, _OneThingCounted] = {}
        for key, mention in first.items():
            ordered = sorted(ranges.get(key, []))
            reach = [high for _, high in ordered]
            for n in range(1, len(reach)):
                reach[n] = max(reach[n], reach[n - 1])
            index[key] = _OneThingCounted(mention, [low for low, _ in ordered], reach)
        row.figures_by_key = index
    return row.figures_by_key


def _figures(a: ClaimFeatures, b: ClaimFeatures) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """What agreeing figures count, what clashing ones count (same thing, other value), and
    how many of the claim's figures the other leaves out (nothing counts the same thing)."""
    agree: list[str] = []
    clash: list[str] = []
    left_out = 0
    others_by_key = _figures_by_key(b) if a.figures else {}
    for x in a.figures:
        rx = x.range
        others = others_by_key.get(x.key)
        if rx is None or others is None:
            left_out += rx is not None
            continue
        name = x.counts or x.label
        if others.any_fits(rx):
            agree.append(f"{x.text} {name}")
        else:
            clash.append(f"{x.text} / {others.first.text} {name}")
    return tuple(dict.fromkeys(agree)), tuple(dict.fromkeys(clash)), left_out


def pair_evidence(
    a: ClaimFeatures,
    b: ClaimFeatures,
    rarity: Rarity,
    articles: float,
    mutual: bool,
) -> PairEvidence | None:
    """The evidence of one pair, `articles` being how close the two whole reports are; None
    when they share nothing that says which event (see `Evidence.identifies`)."""
    shared_actions = a.actions & b.actions
    shared_entities = a.entities & b.entities
    shared_places = a.places & b.places
    if not (shared_actions or shared_entities or shared_places):
        return None
    actions = _dice(shared_actions, rarity.actions, a, b, "a")
    triggers = _dice(a.triggers & b.triggers, rarity.actions, a, b, "t")
    words = _dice(a.words & b.words, rarity.words, a, b, "w")
    names = _dice(shared_entities | shared_places, rarity.names, a, b, "n")
    sentence = (actions + names + words) / 3
    agree, clash, left_out = _figures(a, b)
    days = dates_relation(a.dates, b.dates)
    steps_differ = bool(a.stages and b.stages and not a.stages & b.stages)
    evidence = Evidence(
        actions=tuple(sorted(a.written.get(k, k) for k in shared_actions)),
        participants=tuple(sorted(shared_entities)),
        places=tuple(sorted(shared_places)),
        figures=agree,
        clashes=clash,
        dates=days or (),
        dates_differ=days == (),
        steps_differ=(_steps(a), _steps(b)) if steps_differ else (),
    )
    values = {
        "actions": actions,
        "participants": _dice(shared_entities, rarity.names, a, b, "e"),
        "places": _dice(shared_places, rarity.names, a, b, "p"),
        "words": words,
        # Each figure more that agrees on the same counted thing is more evidence: two tolls
        # that agree (120 fighters, 60 of them foreign) say more than one.
        "figures_agree": float(min(len(agree), 3)),
        "figures_clash": 1.0 if clash and not agree else 0.0,
        "figures_left_out": float(min(left_out, 3)) if b.figures else 0.0,
        "dates_agree": 1.0 if days else 0.0,
        "dates_clash": 1.0 if days == () else 0.0,
        "articles": articles,
        # Two reports of one event make a sentence-level likeness count for more; alone,
        # their closeness says nothing about which sentence matches which.
        "support": articles * sentence,
        "mutual": 1.0 if mutual else 0.0,
        # A report states its event in the opening sentences; later ones give background.
        "opening": (_opening(a.rank) + _opening(b.rank)) / 2,
        # Another person in the same role, another town: the same kind of event, not this one.
        "people_differ": 1.0 if a.people and b.people and not a.people & b.people else 0.0,
        "places_differ": 1.0 if a.places and b.places and not shared_places else 0.0,
        # The words that name the event itself (verbs, nouns of action), apart from background
        # words, and more so in two reports of one story.
        "triggers": triggers,
        "triggers_support": triggers * articles,
        # "Charged" and "found guilty": two steps of one case are two events.
        "stages_differ": 1.0 if steps_differ else 0.0,
    }
    return PairEvidence(a.claim, b.claim, values, evidence)


def _steps(row: ClaimFeatures) -> str:
    """The words that name the claim's steps of a case, as it writes them ("charged")."""
    return ", ".join(
        sorted(row.written.get(lemma, lemma) for lemma in row.actions if legal_stages((lemma,)))
    )


def _opening(rank: int) -> float:
    # The lead: a report states its event in its first few claims (headline and opening
    # sentences), then gives background; past the fourth claim position says nothing.
    return max(0.0, 1 - rank / _LEAD)
