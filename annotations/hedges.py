"""Hedges: the words that weaken or qualify a claim ("reportedly", "may", "up to 80")."""

# The epistemic lexicon starts from Ken Hyland's list of hedges (K. Hyland, "Metadiscourse:
# Exploring Interaction in Writing", Continuum 2005, Appendix 1, "Metadiscourse items
# investigated"), keeping the items that hedge a report's statement of fact. Dropped: items
# that mostly do other work in news copy ("about" and "around" as prepositions, "would" and
# "should" of reported plans, "often", "quite", "feel", "argue", "certain"), and "about",
# "around", "approximately", "roughly" live on as figure qualifiers instead, where the number
# detector already reads them. The reporting hedges (distancing the writer from a claim) are
# this project's own, from wire copy: "reportedly", "allegedly", "is said to", "unconfirmed".

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotations.spans import Span

__all__ = ["HEDGE_KINDS", "Hedge", "HedgeKind", "find_hedges", "hedges_in"]

HedgeKind = Literal["reporting", "epistemic", "figure"]

HEDGE_KINDS: tuple[HedgeKind, ...] = ("reporting", "epistemic", "figure")
"""reporting: the writer distances the claim ("reportedly"); epistemic: the claim is possible,
not certain ("may", "believed to"); figure: a qualifier on a number ("up to", "some")."""


@dataclass(frozen=True, slots=True)
class Hedge:
    """One hedge in the article text."""

    start: int
    """Index of the first character."""

    end: int
    """Index one past the last character."""

    text: str
    """The words as written ("reportedly", "is said to", "up to")."""

    kind: HedgeKind
    """reporting, epistemic or figure (see HEDGE_KINDS)."""


_REPORTING = (
    r"reportedly|allegedly|purportedly|supposedly|ostensibly"
    r"|alleged|purported|unconfirmed|unverified|rumou?red"
    r"|(?:is|are|was|were|been|being)\s+(?:said|reported|claimed|alleged|rumou?red)\s+to"
    r"|according\s+to\s+(?:unconfirmed|unverified|some|initial|early|local)\s+reports?"
    r"|(?:it\s+)?(?:is|was)\s+(?:claimed|alleged|rumou?red)"
    r"|claimed\s+to"
)
_EPISTEMIC = (
    r"may|might|could|maybe|perhaps|possibly|possible|probably|probable|likely|unlikely"
    r"|presumably|apparently|apparent|seemingly|arguably|conceivably|plausibly"
    r"|appears?|appeared|appearing|seems?|seemed|seeming"
    r"|(?:is|are|was|were|been|being)\s+(?:believed|thought|understood|suspected|presumed"
    r"|estimated|expected)\s+to"
    r"|suspected|suggests?|suggested|indicates?|indicated"
    r"|unclear|uncertain|not\s+clear|estimated|an\s+estimated"
)
# The leading lookahead (the cues' first letters) lets the engine skip to the next candidate.
_CUE = re.compile(
    rf"(?=[abceilmnoprsuwABCEILMNOPRSUW])(?<![\w'\u2019-])(?:(?P<reporting>{_REPORTING})|(?P<epistemic>{_EPISTEMIC}))(?![\w-])",
    re.IGNORECASE,
)

_FIGURE_QUALIFIER = re.compile(
    r"(?:up\s+to|as\s+many\s+as|as\s+few\s+as|some|about|around|roughly|approximately|approx\."
    r"|nearly|almost|close\s+to|more\s+than|over|at\s+least|at\s+most|fewer\s+than|less\s+than"
    r"|under|no\s+more\s+than|no\s+fewer\s+than|an\s+estimated|estimated|upwards\s+of"
    r"|in\s+excess\s+of|well\s+over|just\s+over|just\s+under|an?\s+few|several|dozens|scores"
    r"|hundreds|thousands|tens\s+of\s+thousands|millions)(?![\w-])",
    re.IGNORECASE,
)
_CAPITAL_MODALS = frozenset({"may", "might", "could"})
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'\u2019]*)[^\w\n]*$")
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'\u2019]*|\d)")
_NEGATION = re.compile(r"\s+(?:not|never|n't)\b|n't\b", re.IGNORECASE)
_PREDICATE = re.compile(r"\b(?:is|was|are|were|be|been|very|quite|readily|all too)\s+$", re.I)
_SENTENCE_OPENERS = frozenset("\n.!?\"'\u201c\u2018([:;\u2014\u2013-")


def find_hedges(text: str, spans: Sequence[Span] = ()) -> list[Hedge]:
    """Every hedge in `text`, in order, without overlaps.

    `spans` are the detected names and figures: a cue word inside a name or a date is not a
    hedge ("May 2017", "Theresa May", "Might and Main Ltd"), and a figure's leading qualifier
    ("up to 80", "Some 120", "more than 60") is one of kind "figure".
    """
    taken = sorted((s.start, s.end) for s in spans if s.kind == "name" or s.label == "date")
    found: list[Hedge] = []
    for match in _CUE.finditer(text):
        if _inside(taken, match.start(), match.end()):
            continue
        word = match.group(0)
        if not _is_hedge_use(text, match.start(), match.end(), word):
            continue
        kind: HedgeKind = "reporting" if match.group("reporting") else "epistemic"
        found.append(Hedge(match.start(), match.end(), word, kind))
    for span in spans:
        if span.kind != "number" or span.label == "date":
            continue
        qualifier = _FIGURE_QUALIFIER.match(span.text)
        if qualifier is None:
            continue
        q_end = qualifier.end()
        if qualifier.group(0).casefold() in ("dozens", "scores", "hundreds", "thousands"):
            q_end = len(span.text)  # the whole vague figure is the qualifier
        found.append(Hedge(span.start, span.start + q_end, span.text[:q_end], "figure"))
    found.sort(key=lambda h: (h.start, -h.end))
    out: list[Hedge] = []
    for hedge in found:
        if out and hedge.start < out[-1].end:
            continue
        out.append(hedge)
    return out


def hedges_in(
    hedges: Sequence[Hedge], start: int, end: int, starts: Sequence[int] | None = None
) -> list[Hedge]:
    """The hedges that lie within [start, end) (a claim's sentence); `hedges` in order, and
    `starts`, their start offsets, saves rebuilding them on every call."""
    if starts is None:
        starts = [h.start for h in hedges]
    first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return [h for h in hedges[first:last] if h.end <= end]


def _inside(taken: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """True if [start, end) overlaps one of the sorted `taken` ranges."""
    n = bisect.bisect_right(taken, (start, 1 << 62)) - 1
    return any(s < end and start < e for s, e in taken[max(0, n) : n + 2])


def _is_hedge_use(text: str, start: int, end: int, word: str) -> bool:
    """Reject the cue words' other senses that the name and date spans do not catch."""
    first = word.split()[0]
    low = first.casefold()
    if first[0].isupper() and low in _CAPITAL_MODALS:
        # "May" the month or the surname, "Could" in a title: a capitalised modal is a hedge
        # only where a sentence starts and a verb or pronoun follows ("May it be ...").
        before = text[max(0, start - 3) : start].rstrip(" \t")
        at_start = not before or before[-1] in _SENTENCE_OPENERS
        following = _NEXT_WORD.match(text, end)
        if not at_start or following is None or not following.group(1)[0].islower():
            return False
    if low == "may" and _NEXT_WORD.match(text, end) and text[end : end + 3].strip()[:1].isdigit():
        return False  # "may 2017" written in lower case
    if low in ("possible", "likely", "unlikely", "apparent", "suspected", "estimated"):
        # Adjectives that hedge only as predicates or before a noun of the claim: "a possible
        # chemical attack", "the suspected bomber"; "as soon as possible" states no doubt.
        before = text[max(0, start - 12) : start].casefold()
        if before.endswith(("as soon as ", "if ", "everything ", "all ")):
            return False
    if low in ("could", "might") and _NEGATION.match(text, end):
        return False  # "could not go forward" states an inability, not a doubt
    if low == "apparent" and _PREDICATE.search(text[max(0, start - 20) : start]):
        return False  # "the scene was quite apparent": obvious, not doubted
    if low in ("likely", "unlikely") and text[max(0, start - 5) : start].casefold() in (
        "more ",
        "less ",
        "most ",
    ):
        return False  # "more likely than whites to oppose": a comparison of rates
    if low == "suggested" and text[max(0, start - 4) : start].casefold() == "the ":
        return False
    return True
