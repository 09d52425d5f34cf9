"""The claims the analyst shapes: sentences split or joined, and spans drawn inside them.

A split or a join is a decision kept in the desk like an entity merge; it names sentences by
their words, not their offsets, so it holds in every version of the article that still has
them and in every view (the desk, `newsdesk claims --db`). A drawn claim is a tag marked
`drawn`: its quote and context find it again after an edit, like any tag.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from annotations.claims import Claim

if TYPE_CHECKING:
    from annotations.spans import Span
    from annotations.tags import Tag

__all__ = [
    "arrange_claims",
    "drawn_claim",
    "in_reading_order",
    "join_decision",
    "split_decision",
]


def _inside(spans: Sequence[Span], starts: Sequence[int], start: int, end: int) -> tuple[Span, ...]:
    """The spans that start in [start, end) (`starts` are the spans' starts, sorted)."""
    first = bisect_left(starts, start)
    last = bisect_left(starts, end, first)
    return tuple(spans[first:last])


def _claim(
    article_id: str,
    text: str,
    bounds: tuple[int, int],
    spans: Sequence[Span],
    starts: Sequence[int],
    *,
    drawn: bool = False,
) -> Claim:
    start, end = bounds
    inside = _inside(spans, starts, start, end)
    if drawn:  # the analyst drew around these words: a name running past them is not in it
        inside = tuple(span for span in inside if span.end <= end)
    return Claim(article_id, start, end, text[start:end], inside, drawn)


def drawn_claim(article_id: str, text: str, start: int, end: int, spans: Sequence[Span]) -> Claim:
    """The claim the analyst drew over text[start:end], with the names and figures in it;
    ValueError if it holds no words (spaces or line breaks alone are no claim)."""
    if not text[start:end].strip():
        raise ValueError("nothing to tag: the selection holds no words")
    ordered = sorted(spans, key=lambda span: span.start)
    return _claim(article_id, text, (start, end), ordered, [s.start for s in ordered], drawn=True)


def in_reading_order(claims: Iterable[Claim]) -> list[Claim]:
    """Claims as `j` visits them: by start, a sentence before the claims drawn inside it."""
    return sorted(claims, key=lambda claim: (claim.start, -claim.end, claim.drawn))


def split_decision(claim: Claim, at: int) -> dict[str, str]:
    """The decision that `claim` is two claims, split at text offset `at`; ValueError when
    either part would be empty."""
    cut = at - claim.start
    if not claim.text[:cut].strip() or not claim.text[cut:].strip():
        raise ValueError("a claim splits between two of its words, not at either end")
    return {"claim": claim.text, "at": str(cut)}


def join_decision(first: Claim, second: Claim) -> dict[str, str]:
    """The decision that `first` and the claim after it, `second`, are one claim."""
    return {"first": first.text, "second": second.text}


def _split_once(
    bounds: list[tuple[int, int]], text: str, splits: Mapping[str, set[int]]
) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in bounds:
        cuts = sorted(c for c in splits.get(text[start:end], ()) if 0 < c < end - start)
        for cut in cuts:
            left = text[start : start + cut]
            result.append((start, start + len(left.rstrip())))
            start += cut + len(text[start + cut : end]) - len(text[start + cut : end].lstrip())
        result.append((start, end))
    return result


def _join_once(
    bounds: list[tuple[int, int]], text: str, joins: set[tuple[str, str]]
) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for start, end in bounds:
        if result:
            last_start, last_end = result[-1]
            if (text[last_start:last_end], text[start:end]) in joins:
                result[-1] = (last_start, end)
                continue
        result.append((start, end))
    return result


def arrange_claims(
    article_id: str,
    text: str,
    sentences: Sequence[Claim],
    spans: Sequence[Span],
    *,
    splits: Sequence[Mapping[str, str]] = (),
    joins: Sequence[Mapping[str, str]] = (),
    drawn: Iterable[Tag] = (),
) -> list[Claim]:
    """The article's claims as the analyst shaped them, in reading order.

    The sentence claims (`annotations.claims.find_claims`) are split and joined as the desk's
    decisions say, until none applies any more (a part split off may be joined again). Each
    tag of the article (`drawn`) that is not an orphan and sits on no such claim adds a drawn
    claim right after the claim it starts in, so that a sentence's drawn claims follow it: a
    span the analyst drew, and also a tag on a part of a sentence joined since, which is
    shown rather than hidden.
    """
    drawn = list(drawn)
    if not (splits or joins or drawn):
        return list(sentences)  # the usual case, at no cost for a long article
    by_claim: dict[str, set[int]] = {}
    for split in splits:
        if split.get("at", "").isdigit():
            by_claim.setdefault(split.get("claim", ""), set()).add(int(split["at"]))
    pairs = {(join.get("first", ""), join.get("second", "")) for join in joins}
    bounds = [(claim.start, claim.end) for claim in sentences]
    for _ in range(len(by_claim) + len(pairs) + 1):
        shaped = _join_once(_split_once(bounds, text, by_claim), text, pairs)
        if shaped == bounds:
            break
        bounds = shaped
    ordered = sorted(spans, key=lambda span: span.start)
    starts = [span.start for span in ordered]
    kept = {(claim.start, claim.end): claim for claim in sentences}
    claims = [kept.get(b) or _claim(article_id, text, b, ordered, starts) for b in bounds]
    on_claims = set(bounds)
    for tag in drawn:
        if (
            (tag.start, tag.end) not in on_claims
            and tag.article_id == article_id
            and tag.anchor != "orphan"
            and tag.sits_on(text)
        ):
            claims.append(
                _claim(article_id, text, (tag.start, tag.end), ordered, starts, drawn=True)
            )
    return in_reading_order(claims)
