"""Standing text that strike releases repeat word for word, which states no claim of the day."""

from __future__ import annotations

import re

__all__ = ["BOILERPLATE_CUES", "DEFINITION_CUES", "boilerplate_stretches"]

BOILERPLATE_CUES: tuple[str, ...] = (
    # The closing roll of coalition members, repeated in every daily release: it says who has
    # ever struck, not who struck that day.
    "nations which have conducted strikes in",
    "nations that have conducted strikes in",
    # The standing note on how strikes are counted and timed.
    "does not report the number or type of aircraft",
    "compile the daily strike releases",
    "are not classified as a strike",
)
"""Phrases found only in the standing paragraphs of strike releases, never in the day's news.

The sentences holding them are "standing text": not highlighted, not compared across articles,
and shown greyed in the desk so the analyst sees why.
"""

DEFINITION_CUES: tuple[str, ...] = (
    # The standing definition of a strike: "a single weapon against a lone ISIL vehicle is one
    # strike". Its counts define a unit and report nothing, so they must not match the day's
    # "one strike" when articles are compared; its names stay highlighted.
    "as defined in the CJTF releases",
    "is one strike, but so is",
)
"""Phrases of the standing definition of a strike, whose figures are left plain."""

_STOP = re.compile(r"\n|\.(?=\s|$)")


def _is_stop(text: str, at: int) -> bool:
    """True when the character at `at` ends a sentence: a line break, or a full stop after a
    word of two or more letters with no stop inside it, so "the U.S." does not end one."""
    if text[at] == "\n":
        return True
    word_start = at
    # Look back a bounded way, so a long string of full stops stays linear.
    floor = max(0, at - 40)
    while word_start > floor and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:at]
    return len(word) > 1 and "." not in word and (at + 1 >= len(text) or text[at + 1].isspace())


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins: after the nearest stop before it."""
    while True:
        mark = _last_mark(text, at)
        if mark < 0 or _is_stop(text, mark):
            return mark + 1
        at = mark


def _last_mark(text: str, at: int) -> int:
    """The offset of the last full stop or line break before `at`, or -1.

    Read back in windows that double, never further than twice the distance to the mark: a
    text of a thousand sentences on one line, or of a thousand lines with no full stop, is
    not read back to its beginning for each of them."""
    size = 256
    while True:
        lo = max(0, at - size)
        mark = max(text.rfind(".", lo, at), text.rfind("\n", lo, at))
        if mark >= 0 or lo == 0:
            return mark
        size *= 2


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence holding offset `at` ends, past its stop."""
    for stop in _STOP.finditer(text, at):
        if _is_stop(text, stop.start()):
            return stop.end()
    return len(text)


def boilerplate_stretches(
    text: str, cues: tuple[str, ...] = BOILERPLATE_CUES
) -> list[tuple[int, int]]:
    """Start and end of every sentence holding one of `cues`, in order, merged.

    A sentence runs from after the previous full stop or line break to its own full stop.
    """
    found: list[tuple[int, int]] = []
    for cue in cues:
        at = text.find(cue)
        while at >= 0:
            start = _sentence_start(text, at)
            end = _sentence_end(text, at)
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
