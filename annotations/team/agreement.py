"""How far analysts agree: observed agreement, Cohen's kappa, Krippendorff's alpha (nominal)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from annotations.analysts import shown_analyst
from annotations.claim_history import UNTAGGED, VERDICTS

if TYPE_CHECKING:
    from annotations.tags import Tag

__all__ = [
    "Agreement",
    "Disagreement",
    "cohen_kappa",
    "krippendorff_alpha_nominal",
    "measure_agreement",
    "observed_agreement",
    "ratings_of",
]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A claim analysts gave different verdicts."""

    claim_id: str
    """The claim's tag id on the team desk."""

    claim: str
    """The claim's text."""

    article_id: str
    """Its article."""

    article_title: str
    """The article's title, "" if the desks do not know it."""

    verdicts: dict[str, str]
    """Analyst -> verdict ("confirmed", "disputed"), by analyst name."""


@dataclass(frozen=True, slots=True)
class Agreement:
    """The figures `newsdesk agreement` prints."""

    analysts: list[str]
    """Every analyst who gave a verdict on a claim another analyst also judged."""

    claims: int
    """Claims with verdicts from at least two analysts (the units measured)."""

    observed: float | None
    """Share of agreeing pairs of verdicts per claim, averaged over the claims; None if none."""

    kappa: float | None
    """Cohen's kappa, when exactly two analysts gave verdicts and it is defined."""

    alpha: float | None
    """Krippendorff's alpha for nominal data, any number of analysts, when defined."""

    notes: list[str] = field(default_factory=list)
    """Why a figure is missing ("kappa is undefined: ...")."""

    disagreements: list[Disagreement] = field(default_factory=list)
    """The claims where verdicts differ, in desk order."""

    judges: list[str] = field(default_factory=list)
    """Every analyst who gave a verdict at all (one alone has nobody to agree with)."""

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON document."""
        return {
            "analysts": self.analysts,
            "analysts_with_verdicts": self.judges,
            "claims": self.claims,
            "observed_agreement": self.observed,
            "cohen_kappa": self.kappa,
            "krippendorff_alpha": self.alpha,
            "notes": self.notes,
            "disagreements": [
                {
                    "claim_id": d.claim_id,
                    "claim": d.claim,
                    "article_id": d.article_id,
                    "article_title": d.article_title,
                    "verdicts": d.verdicts,
                }
                for d in self.disagreements
            ],
        }


def ratings_of(tag: Tag) -> dict[str, str]:
    """Each analyst's own latest verdict on the claim (a withdrawn one, back to untagged, is
    none), read from its history; resolutions are not anyone's rating."""
    ratings: dict[str, str] = {}
    for change in tag.history:
        if change.field == "status":
            ratings[change.analyst] = change.after
    if not ratings and tag.status is not None:
        ratings[tag.analyst] = tag.status_name
    # Only the verdicts newsdesk knows: a desk holding another was refused when read.
    return {a: v for a, v in sorted(ratings.items()) if v in VERDICTS and v != UNTAGGED}


def observed_agreement(units: Sequence[Sequence[str]]) -> float | None:
    """The share of pairs of verdicts on a claim that agree, averaged over the claims (for two
    analysts: the share of claims they agree on). Units with fewer than two verdicts are left
    out; None if none is left."""
    shares = []
    for values in units:
        pairs = list(combinations(values, 2))
        if pairs:
            shares.append(sum(a == b for a, b in pairs) / len(pairs))
    return sum(shares) / len(shares) if shares else None


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' verdicts on the same items; None when undefined (no items,
    or chance agreement is certain: both raters used one and the same category only)."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha_nominal(units: Sequence[Sequence[str]]) -> float | None:
    """Krippendorff's alpha for nominal values, any number of raters, missing values allowed
    (each unit lists the values it was given). None when undefined: fewer than two pairable
    values, or only one category among them (no disagreement is expected by chance)."""
    coincidences: defaultdict[tuple[str, str], float] = defaultdict(float)
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidences[a, b] += 1 / (m - 1)
    totals: defaultdict[str, float] = defaultdict(float)
    for (a, _), weight in coincidences.items():
        totals[a] += weight
    n = sum(totals.values())
    disagreeing = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    if n <= 1 or expected == 0:
        return None
    return 1.0 - (n - 1) * disagreeing / expected


def measure_agreement(tags: Sequence[Tag], titles: Mapping[str, str]) -> Agreement:
    """Agreement over the claims of a team desk's `tags` that two or more analysts judged."""
    rated = [(tag, ratings_of(tag)) for tag in tags]
    judges = sorted({analyst for _, ratings in rated for analyst in ratings})
    rated = [(tag, ratings) for tag, ratings in rated if len(ratings) >= 2]
    analysts = sorted({analyst for _, ratings in rated for analyst in ratings})
    units = [list(ratings.values()) for _, ratings in rated]
    notes: list[str] = []
    kappa = None
    if not judges:
        notes.append("no analyst gave a verdict: nothing to measure")
    elif len(judges) == 1:
        notes.append(
            f"only one analyst gave verdicts ({shown_analyst(judges[0])}): agreement needs "
            "two analysts' verdicts on the same claims; give each analyst's desk"
        )
    elif not rated:
        notes.append("no claim was tagged by two analysts: nothing to measure")
    elif len(analysts) != 2:
        notes.append(
            f"Cohen's kappa is for two analysts; {len(analysts)} gave verdicts: "
            "read Krippendorff's alpha"
        )
    else:
        first, second = analysts
        kappa = cohen_kappa([(ratings[first], ratings[second]) for _, ratings in rated])
        if kappa is None:
            notes.append("Cohen's kappa is undefined: both analysts gave one verdict only")
    alpha = krippendorff_alpha_nominal(units)
    if rated and alpha is None:
        notes.append("Krippendorff's alpha is undefined: every verdict is the same")
    disagreements = [
        Disagreement(tag.id, tag.quote, tag.article_id, titles.get(tag.article_id, ""), ratings)
        for tag, ratings in rated
        if len(set(ratings.values())) > 1
    ]
    return Agreement(
        analysts=analysts,
        claims=len(rated),
        observed=observed_agreement(units),
        kappa=kappa,
        alpha=alpha,
        notes=notes,
        disagreements=disagreements,
        judges=judges,
    )
