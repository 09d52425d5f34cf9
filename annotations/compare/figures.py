"""Figures across articles: whether the reports agree or clash on what each number counts."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

from annotations.claims import sentence_bounds
from annotations.compare.counted import (
    QUALIFIERS,
    Counted,
    continues_count,
    counted_thing,
    is_demonym,
    share_of,
)
from annotations.spans import NumberValue, Span

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.claims import Claim

__all__ = [
    "ALIGNED_LABELS",
    "APPROXIMATE_MARGIN",
    "FigureGroup",
    "FigureMention",
    "FigureStatus",
    "align_figures",
    "article_figures",
    "figure_mentions",
    "group_figures",
    "values_compatible",
]

_START = attrgetter("start")

FigureStatus = Literal["agree", "clash", "one-side"]

ALIGNED_LABELS: tuple[str, ...] = ("count", "money", "quantity", "percent", "duration")
"""Figure labels that are aligned. Dates are left out: "Saturday" and "08 October 2017" say
when, not how many, and relative dates cannot be compared without the publication date."""

_ALIGNED = frozenset(ALIGNED_LABELS)
"""ALIGNED_LABELS, to look a label up in."""

APPROXIMATE_MARGIN = 0.12
"""How far a hedged figure ("some 120", "about 40") reaches either side of its value."""


def values_compatible(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True if the two ranges overlap (bounds inclusive: reports round "more than 60" to 60)."""
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True, slots=True)
class FigureMention:
    """One figure in one article, with what it counts."""

    article_id: str
    """The `Article.id` of the article."""

    start: int
    """Index of the first character of the figure."""

    end: int
    """Index one past its last character."""

    text: str
    """The figure exactly as written ("Some 120")."""

    label: str
    """The span label (count, money, quantity, percent, duration)."""

    low: float | None
    """Lowest value the figure allows."""

    high: float | None
    """Highest value it allows (None: unbounded)."""

    unit: str | None
    """Currency or unit, None for plain counts."""

    approximate: bool
    """True for hedged figures."""

    counts: str
    """The noun phrase it counts, as written ("ISIS fighters"); empty if none was found."""

    key: str
    """What it counts, normalised for alignment ("count|fighter|foreign|"); empty: never aligned."""

    sentence: str
    """The sentence the figure stands in."""

    sentence_start: int = 0
    """Index of the sentence's first character in the article text."""

    part_of_previous: bool = False
    """True for "60 of them": a part of the figure before it in the sentence."""

    @property
    def range(self) -> tuple[float, float] | None:
        """The values the figure allows, widened for hedged figures; None if unknown."""
        if self.low is None and self.high is None:
            return None
        low = 0.0 if self.low is None else self.low
        high = math.inf if self.high is None else self.high
        if self.approximate:
            low, high = low * (1 - APPROXIMATE_MARGIN), high * (1 + APPROXIMATE_MARGIN)
        return (low, high)


@dataclass(slots=True)
class FigureGroup:
    """Figures from the articles that count the same thing, and how they relate."""

    status: FigureStatus
    """agree: compatible values in two or more articles; clash: incompatible values for the
    same thing; one-side: no counterpart in another article."""

    counts: str
    """What the group counts ("foreign fighters/mercenaries")."""

    mentions: list[FigureMention] = field(default_factory=list)
    """The figures, in article order."""

    key: str = ""
    """The normalised counted thing shared by the mentions."""

    @property
    def article_ids(self) -> frozenset[str]:
        """The articles with a figure in this group."""
        return frozenset(m.article_id for m in self.mentions)


def _key_of(label: str, unit: str | None, value: NumberValue | None, counted: Counted) -> str:
    if not counted.lemma and label == "count":
        return ""
    what = counted.what if label == "count" else ""
    key = "|".join((label, what, ",".join(counted.qualifiers), unit or ""))
    # "Dozens" (24..144) fits 40 and 80 alike: a vague figure only lines up with vague ones.
    return f"{key}|vague" if value is not None and _is_vague(value) else key


def _with_qualifiers(key: str, added: Sequence[str]) -> str:
    """`key` with more qualifiers ("count|fighter||" + wounded: "count|fighter|wounded|")."""
    if not added:
        return key
    parts = key.split("|")
    parts[2] = ",".join(sorted({*parts[2].split(","), *added} - {""}))
    return "|".join(parts)


def _is_vague(value: NumberValue) -> bool:
    low, high = value.low, value.high
    return value.approximate and bool(low) and high is not None and high >= 3 * (low or 0)


def figure_mentions(
    article_id: str,
    text: str,
    spans: Sequence[Span],
    sentences: Sequence[tuple[int, int]] | None = None,
) -> list[FigureMention]:
    """The aligned-label figures of one article, each with what it counts and its sentence."""
    bounds = list(sentences) if sentences is not None else sentence_bounds(text)
    starts = [s for s, _ in bounds]
    out: list[FigureMention] = []
    previous: dict[int, FigureMention] = {}
    last_count: FigureMention | None = None
    # The figures of one sentence share one copy of it: a sentence of thousands of figures
    # would otherwise be copied once for each of them.
    sentence_at: tuple[int, int] | None = None
    sentence = ""
    # Every "\n\n" (overlapping ones too), found once: copying the text between two figures
    # to look for one would copy a long run of figures again for each of them.
    breaks = [m.start() for m in re.finditer(r"\n(?=\n)", text)]
    # The figures picked out before they are sorted: most of an article's spans are names.
    figures = [s for s in spans if s.kind == "number" and s.label in _ALIGNED]
    for span in sorted(figures, key=_START):
        n = bisect.bisect_right(starts, span.start) - 1
        s_start, s_end = bounds[n] if n >= 0 and span.start < bounds[n][1] else (0, len(text))
        if sentence_at != (s_start, s_end):
            sentence_at, sentence = (s_start, s_end), text[s_start:s_end]
        value = span.value
        label, unit, shown = span.label, value.unit if value else None, span.text
        low, high = (value.low, value.high) if value else (None, None)
        share = None
        if label == "count" and low is not None and low == high:
            share = share_of(text, span.start, span.end, low)
        if share is not None:
            # "half of the province" is a share of something, not 0.5 of a thing counted.
            label, unit, low = "percent", "%", share[0]
            high, shown = low, text[span.start : share[1]]
        counted = counted_thing(text, span.end if share is None else share[1], s_end)
        key = _key_of(label, unit, value, counted)
        phrase = counted.phrase
        before = previous.get(s_start)
        if counted.part_of_previous and not counted.lemma and before is not None:
            # "60 of them were killed": counts what the figure before it counts.
            key, phrase = before.key, before.counts
        elif (
            label == "count"
            and not counted.lemma
            and last_count is not None
            and not _break_within(breaks, last_count.end, span.start)
            and (adds := continues_count(text, span.start, span.end)) is not None
        ):
            # "Some 120 fighters were killed. Another 40 died": 40 more of the same thing;
            # "a further 12 were wounded": the same people, wounded.
            key = _with_qualifiers(last_count.key, adds)
            phrase = " ".join((*adds, last_count.counts))
        mention = FigureMention(
            article_id=article_id,
            start=span.start,
            end=span.end,
            text=shown,
            label=label,
            low=low,
            high=high,
            unit=unit,
            approximate=value.approximate if value else False,
            counts=phrase,
            key=key if low is not None or high is not None else "",
            sentence=sentence,
            sentence_start=s_start,
            part_of_previous=counted.part_of_previous,
        )
        previous[s_start] = mention
        if label == "count" and mention.key:
            last_count = mention
        out.append(mention)
    return out


def _break_within(breaks: Sequence[int], start: int, end: int) -> bool:
    """True if one of the paragraph breaks ("\n\n" at `breaks`, in order) lies in [start, end)."""
    n = bisect.bisect_left(breaks, start)
    return n < len(breaks) and breaks[n] + 2 <= end


@dataclass(slots=True)
class _Cluster:
    """Figures grouped so far; their ranges all overlap, so one interval says what fits."""

    members: list[FigureMention]
    low: float
    high: float
    status: FigureStatus = "one-side"
    articles: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, mention: FigureMention, rng: tuple[float, float]) -> _Cluster:
        return cls([mention], rng[0], rng[1], "one-side", {mention.article_id})

    @property
    def middle(self) -> float:
        """The value the figures state: "up to 130" states 130, "more than 60" states 60."""
        if math.isinf(self.high):
            return max(self.low, 0.0)
        if self.low <= 0:
            return self.high
        return (self.low + self.high) / 2

    def fits(self, other: _Cluster) -> bool:
        # Ranges on a line that overlap pairwise share a point: the clusters' intersections do.
        return max(self.low, other.low) <= min(self.high, other.high)

    def absorb(self, other: _Cluster, status: FigureStatus) -> None:
        self.members.extend(other.members)
        self.articles |= other.articles
        self.low, self.high = max(self.low, other.low), min(self.high, other.high)
        self.status = status
        other.members = []


def _gap(a: _Cluster, b: _Cluster) -> float:
    if (a.low, a.high) == (b.low, b.high):
        return 0.0
    return 0.01 + abs(math.log1p(a.middle) - math.log1p(b.middle))


_NEIGHBOURS = 6
"""Counterparts considered per figure, the closest in value: keeps long articles near linear."""


def _nearest_pairs(
    clusters: Sequence[_Cluster], *, compatible: bool
) -> list[tuple[float, int, int]]:
    """Candidate (gap, i, j) across articles: each cluster with its closest clusters elsewhere."""
    by_article: dict[str, list[int]] = {}
    for n, c in enumerate(clusters):
        if c.members:
            by_article.setdefault(next(iter(c.articles)), []).append(n)
    ordered = {
        article: sorted(ns, key=lambda n: clusters[n].middle) for article, ns in by_article.items()
    }
    middles = {article: [clusters[n].middle for n in ns] for article, ns in ordered.items()}
    pairs: list[tuple[float, int, int]] = []
    for article, ns in ordered.items():
        for other, others in ordered.items():
            if other <= article:
                continue
            for i in ns:
                a = clusters[i]
                at = bisect.bisect_left(middles[other], a.middle)
                for j in others[max(0, at - _NEIGHBOURS) : at + _NEIGHBOURS]:
                    b = clusters[j]
                    if a.fits(b) == compatible:
                        pairs.append((_gap(a, b), min(i, j), max(i, j)))
    pairs.sort()
    return pairs


SentenceKey = tuple[str, int]
"""A sentence by its article id and its first character."""

SameEvent = Mapping[SentenceKey, frozenset[SentenceKey]]
"""For a sentence, the sentences of other articles that report the same event."""


def _about_one_event(a: _Cluster, b: _Cluster, same_event: SameEvent | None) -> bool:
    if same_event is None:
        return True
    ours = {(m.article_id, m.sentence_start) for m in a.members}
    return any(
        not ours.isdisjoint(same_event.get((m.article_id, m.sentence_start), ())) for m in b.members
    )


def _align_one_thing(
    mentions: list[FigureMention], same_event: SameEvent | None = None
) -> list[_Cluster]:
    # Restatements: the same value for the same thing twice in one article is one figure.
    clusters: list[_Cluster] = []
    seen: dict[tuple[str, tuple[float, float]], _Cluster] = {}
    unknown: list[_Cluster] = []
    for m in mentions:
        rng = m.range
        if rng is None:
            unknown.append(_Cluster([m], 0.0, 0.0, "one-side", {m.article_id}))
            continue
        found = seen.get((m.article_id, rng))
        if found is None:
            found = _Cluster.of(m, rng)
            seen[(m.article_id, rng)] = found
            clusters.append(found)
        else:
            found.members.append(m)

    # Closest compatible figures from different articles first ("Some 120" with "120"); a
    # group takes at most one figure per article here.
    root = list(range(len(clusters)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for _, i, j in _nearest_pairs(clusters, compatible=True):
        ri, rj = find(i), find(j)
        a, b = clusters[ri], clusters[rj]
        if ri == rj or a.articles & b.articles or not a.fits(b):
            continue
        if not _about_one_event(a, b, same_event):
            continue
        a.absorb(b, "agree")
        root[rj] = ri

    # A leftover figure that fits every member and restates the same bound as a figure of its
    # own article joins: "more than 60" (B) next to "60" (B) and "60" (A). "up to 80" and
    # "some 40" in one article are two figures, not one restated.
    bounds: dict[tuple[str, float], list[_Cluster]] = {}
    for c in clusters:
        if c.status == "agree":
            for m in c.members:
                for bound in (m.low, m.high):
                    if bound:
                        bounds.setdefault((m.article_id, bound), []).append(c)
    for c in clusters:
        if c.status != "one-side" or not c.members:
            continue
        options = {
            id(g): g
            for m in c.members
            for bound in (m.low, m.high)
            if bound
            for g in bounds.get((m.article_id, bound), [])
            if g.members and g.fits(c)
        }
        if options:
            best = min(options.values(), key=lambda g: _gap(g, c))
            best.absorb(c, "agree")

    # What is still alone on both sides counts the same thing with other values: a clash.
    alone = [c for c in clusters if c.status == "one-side" and c.members]
    for _, i, j in _nearest_pairs(alone, compatible=False):
        a, b = alone[i], alone[j]
        if a.status == "one-side" and b.status == "one-side" and a.members and b.members:
            if _about_one_event(a, b, same_event):
                a.absorb(b, "clash")

    return [c for c in clusters if c.members] + unknown


def _counts_label(members: Sequence[FigureMention]) -> str:
    heads: list[str] = []
    qualifiers: list[str] = []
    for m in members:
        words = m.counts.split()
        if words and words[-1].casefold() not in heads:
            heads.append(words[-1].casefold())
        for w in words[:-1]:
            if (w.casefold() in QUALIFIERS or is_demonym(w)) and w.casefold() not in qualifiers:
                qualifiers.append(w.casefold())
    if not heads:
        label, unit = members[0].label, members[0].unit
        return f"{label} ({unit})" if unit else label
    return " ".join((*qualifiers, "/".join(heads)))


def align_figures(
    articles_with_spans: Sequence[tuple[Article, Sequence[Span]]],
    *,
    claims: Mapping[str, Sequence[Claim]] | None = None,
    same_event: SameEvent | None = None,
) -> list[FigureGroup]:
    """Group the articles' figures by what they count, and say whether the values agree.

    Dates are not aligned (see ALIGNED_LABELS). A figure whose counted noun cannot be read
    stays one-side rather than risk a false agreement. Sentences come from the claims when
    given (one claim is one sentence), else from `annotations.claims.sentence_bounds`.
    With `same_event`, figures of two articles agree or clash only when their sentences report
    the same event ("about 35km" and "about 30km" of two unrelated incidents stay apart).
    """
    found = article_figures(articles_with_spans, claims)
    mentions = [m for article_id in found for m in found[article_id]]
    return group_figures(
        mentions, order=[a.id for a, _ in articles_with_spans], same_event=same_event
    )


def article_figures(
    articles_with_spans: Sequence[tuple[Article, Sequence[Span]]],
    claims: Mapping[str, Sequence[Claim]] | None = None,
) -> dict[str, list[FigureMention]]:
    """Each article's figures (`figure_mentions`), its claims as its sentences when given."""
    out: dict[str, list[FigureMention]] = {}
    for article, spans in articles_with_spans:
        sentences = None
        if claims is not None and claims.get(article.id):
            sentences = sorted((c.start, c.end) for c in claims[article.id])
        out[article.id] = figure_mentions(article.id, article.text, spans, sentences)
    return out


def group_figures(
    mentions: Sequence[FigureMention],
    order: Sequence[str] = (),
    same_event: SameEvent | None = None,
) -> list[FigureGroup]:
    """Align already-read figure mentions (see `align_figures`)."""
    rank = {article_id: n for n, article_id in enumerate(order)}
    by_key: dict[str, list[FigureMention]] = {}
    groups: list[FigureGroup] = []
    for m in mentions:
        if m.key:
            by_key.setdefault(m.key, []).append(m)
        else:
            groups.append(FigureGroup("one-side", m.counts or m.label, [m], ""))
    for key, members in by_key.items():
        for cluster in _align_one_thing(members, same_event):
            groups.append(FigureGroup(cluster.status, "", cluster.members, key))
    for group in groups:
        group.mentions.sort(key=lambda m: (rank.get(m.article_id, len(rank)), m.start))
        if group.key:
            group.counts = _counts_label(group.mentions)
    status_rank = {"agree": 0, "clash": 1, "one-side": 2}
    groups.sort(
        key=lambda g: (
            status_rank[g.status],
            rank.get(g.mentions[0].article_id, len(rank)),
            g.mentions[0].start,
        )
    )
    return groups
