"""Standing text that strike releases repeat word for word, which states no claim of the day."""

from __future__ import annotations

import re

__all__ = ["BOILERPLATE_CUES", "boilerplate_stretches"]

BOILERPLATE_CUES: tuple[str, ...] = (
    # The standing note on how strikes are counted and timed.
    "does not report the number or type of aircraft",
    "compile the daily strike releases",
    "are not classified as a strike",
)
"""Phrases found only in the standing paragraphs of strike releases, never in the day's news."""

# A sentence ends at a line break or at a full stop after a lowercase letter, digit or bracket,
# so "the U.S." inside the roll of members does not end it.
_END = re.compile(r"\n|(?<=[a-z\d)])\.(?=\s|$)")


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins."""
    start = text.rfind("\n", 0, at) + 1
    stop = text.rfind(".", start, at)
    while stop >= 0:
        if stop > 0 and (text[stop - 1].islower() or text[stop - 1] in "0123456789)") and (
            stop + 1 >= len(text) or text[stop + 1].isspace()
        ):
            return stop + 1
        stop = text.rfind(".", start, stop)
    return start


def boilerplate_stretches(text: str) -> list[tuple[int, int]]:
    """Start and end of every sentence holding a boilerplate cue, in order, merged.

    A sentence runs from after the previous full stop or line break to its own full stop.
    """
    found: list[tuple[int, int]] = []
    for cue in BOILERPLATE_CUES:
        at = text.find(cue)
        while at >= 0:
            start = _sentence_start(text, at)
            stop = _END.search(text, at)
            end = stop.end() if stop else len(text)
            found.append((start, end))
            at = text.find(cue, end)
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
