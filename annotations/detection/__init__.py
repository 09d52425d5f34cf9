"""The highlighter: every number and name in an article, as plain spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import attrgetter

from annotations.collector import collector_paused
from annotations.detection.boilerplate import DEFINITION_CUES, boilerplate_stretches
from annotations.detection.names import clear_shared_caches, detect_names
from annotations.detection.numbers import detect_numbers
from annotations.safe_text import has_sequences, without_sequences
from annotations.spans import Span

__all__ = [
    "PART_SIZE",
    "boilerplate_stretches",
    "clear_shared_caches",
    "collector_paused",
    "detect",
    "detect_in_parts",
    "detect_names",
    "detect_numbers",
]

PART_SIZE = 1 << 20
"""Characters detected at a time by `detect_in_parts`: about half a second of work."""


# Web addresses, mail addresses, handles and telephone numbers are identifiers: the words and
# digits inside them ("defense.gov/News/Article/123456", "+44 20 7008 1500") are neither names
# nor figures. (Terminal escape sequences smuggled into an article, "ESC]0;title BEL",
# "ESC[31m", are taken out before detection reads the text: see `_detect_around_sequences`.)
_COORDINATE = (
    r"\d{1,3}(?:\.\d+)?°(?:\s?\d{1,2}(?:\.\d+)?[′'])?(?:\s?\d{1,2}(?:\.\d+)?[″\"])?\s?[NSEW]\b"
)
_IDENTIFIER = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'“”()]+[^\s<>\"'“”().,;:!?]"
    r"|[\w.+-]++@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w@])@\w+"
    r"|(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\w)"
    # Map coordinates ("33°47′N 44°30′E", "51.5°N, 0.12°W") and wiki citation markers ("[3]",
    # "[citation needed]") are page furniture: neither figures nor names.
    rf"|{_COORDINATE}(?:[,;]?\s*{_COORDINATE})?"
    r"|\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed|clarification needed|dubious"
    r"|better source needed|when\?|who\?|by whom\?|according to whom\?|failed verification"
    r"|page needed|update)\]"
)
_IDENTIFIER_CUES = ("://", "www.", "@", "+", "°", "[")
# A unit designator is part of the unit's name: "Task Force 3-21", "1-37 Armor".
_DESIGNATOR = re.compile(r"\d+|\d{1,3}-\d{1,3}")
_UNIT_WORDS = frozenset(
    "Armor Armored Infantry Cavalry Artillery Aviation Battalion Regiment Brigade Division "
    "Marines Engineer Engineers Airborne Field Special".split()
)
_DESIGNATED = _UNIT_WORDS | {"Force", "Team", "Group"}
_START = attrgetter("start")


def _glued(text: str, name: Span, number: Span) -> bool:
    """True for a bare count or unit designator written right after a name: "Rossiya 24",
    "CTF 50", "Su 24", "Task Force 3-21"."""
    return (
        number.start == name.end + 1
        and text[name.end] == " "
        and number.label == "count"
        and _DESIGNATOR.fullmatch(number.text) is not None
        # "Syria 5-6" reads as a range; only a force or unit takes a hyphenated designator.
        and ("-" not in number.text or name.text.rsplit(" ", 1)[-1] in _DESIGNATED)
    )


def _leads_unit(text: str, number: Span, name: Span) -> bool:
    """True for a designator written right before a unit's name: "1-37 Armor"."""
    return (
        name.start == number.end + 1
        and text[number.end] == " "
        and "-" in number.text
        and _DESIGNATOR.fullmatch(number.text) is not None
        and name.text.split(" ", 1)[0] in _UNIT_WORDS
    )


_IDENTIFIER_REACH = 512
"""How far past its cue an identifier may run (a long web address)."""


def _identifiers(text: str) -> list[tuple[int, int]]:
    """Start and end of every web or mail address, handle and telephone number, in order.

    The pattern is tried only around each cue ("@", "+", "://", ...), from the start of the
    word holding it, so one "@" in a long report does not cost a scan of all of it.
    """
    cues = sorted(at for cue in _IDENTIFIER_CUES for at in _positions(text, cue))
    found: list[tuple[int, int]] = []
    done = 0
    # Every start before `tried` was tried for an earlier cue: cues packed into one long word
    # ("a@a@a@…", 25 KB of "ab+") once tried the same 256 starts again for each, seconds of
    # work for a few kilobytes. (A start tried again with a later cue's longer reach could
    # only newly match a mail address longer than that reach: none is.)
    tried = 0
    for at in cues:
        if at < done:
            continue
        begin = at
        floor = max(done, tried, at - 256)
        while begin > floor and not text[begin - 1].isspace() and text[begin - 1] not in "<>\"'“”(":
            begin -= 1
        # The first identifier starting between the word's start and the cue, as a search
        # from `begin` would find it, without scanning the rest of the reach when none does.
        reach = min(len(text), at + _IDENTIFIER_REACH)
        for start in range(begin, at + 1):
            match = _IDENTIFIER.match(text, start, reach)
            if match is not None:
                found.append(match.span())
                done = match.end()
                break
        tried = at + 1
    return found


def _positions(text: str, cue: str) -> list[int]:
    """Every offset where `cue` occurs in `text`."""
    out = []
    at = text.find(cue)
    while at >= 0:
        out.append(at)
        at = text.find(cue, at + 1)
    return out


def _merge(stretches: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted stretches with overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(stretches):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def detect(text: str, *, standing: bool = False) -> list[Span]:
    """Numbers and names in `text`, sorted by start and never overlapping; never raises.

    Standing text, the paragraphs a strike release repeats every time (the roll of coalition
    members, the note on how strikes are counted; see `boilerplate_stretches`), is left plain
    unless `standing` is true: it states nothing about the day, and its roll of countries would
    otherwise make every pair of releases agree. The desk shows it greyed instead.
    """
    with collector_paused():
        if not has_sequences(text):
            return _detect(text, standing)
        return _detect_around_sequences(text, standing)


def _detect_around_sequences(text: str, standing: bool) -> list[Span]:
    """`_detect` of a text holding terminal escape sequences: detection reads it with them
    taken out (an untrusted sequence neither cuts a name nor hides a figure, and none of its
    characters is a word), and the spans point into `text` itself, trimmed of a sequence at
    either end."""
    plain, kept = without_sequences(text)
    spans = []
    for span in _detect(plain, standing):
        start, end = kept[span.start], kept[span.end - 1] + 1
        spans.append(Span(start, end, span.kind, span.label, text[start:end], span.value))
    return spans


def _detect(text: str, standing: bool) -> list[Span]:
    numbers = detect_numbers(text)
    names = detect_names(text)
    merged: list[Span] = []
    dropped: set[int] = set()
    n = 0
    for name in names:
        # Numbers are sorted and disjoint: skip those ending before this name starts.
        while n < len(numbers) and numbers[n].end <= name.start:
            n += 1
        if n < len(numbers) and numbers[n].start < name.end:
            # A number inside a name ("Mobile Unit Two"): keep the name up to the number.
            cut = text[name.start : numbers[n].start].rstrip(" -")
            last = cut.split()[-1] if cut.split() else ""
            if last[:1].isupper():
                merged.append(Span(name.start, name.start + len(cut), "name", name.label, cut))
            continue
        if n < len(numbers) and _glued(text, name, numbers[n]):
            end = numbers[n].end
            merged.append(Span(name.start, end, "name", name.label, text[name.start : end]))
            dropped.add(n)
            continue
        merged.append(name)
    merged.extend(s for i, s in enumerate(numbers) if i not in dropped)
    merged.sort(key=_START)
    if any("-" in s.text for s in numbers):
        merged = _designators(text, merged)
    stretches = [] if standing else boilerplate_stretches(text)
    # The definition of a strike is read only where the rest of the standing note is.
    definitions = boilerplate_stretches(text, DEFINITION_CUES) if stretches else []
    identifiers = _identifiers(text)
    if identifiers:
        stretches = _merge(stretches + identifiers)
    if stretches:
        merged = _outside(merged, stretches)
    if definitions:
        figures = _outside([s for s in merged if s.kind == "number"], definitions)
        merged = sorted([s for s in merged if s.kind != "number"] + figures, key=_START)
    return merged


def _designators(text: str, spans: list[Span]) -> list[Span]:
    """Join a designator to the unit name right after it ("1-37 Armor")."""
    # A join needs a number followed by a name, so joins never overlap: find them first and
    # copy the list only when there is one.
    joins = [
        k
        for k, span in enumerate(spans[:-1])
        if span.kind == "number"
        and "-" in span.text
        and spans[k + 1].kind == "name"
        and _leads_unit(text, span, spans[k + 1])
    ]
    if not joins:
        return spans
    out: list[Span] = []
    done = 0
    for k in joins:
        number, name = spans[k], spans[k + 1]
        out.extend(spans[done:k])
        out.append(Span(number.start, name.end, "name", name.label, text[number.start : name.end]))
        done = k + 2
    out.extend(spans[done:])
    return out


def _outside(spans: list[Span], stretches: list[tuple[int, int]]) -> list[Span]:
    """The spans that do not lie inside any of the sorted, disjoint `stretches`."""
    out: list[Span] = []
    k = 0
    for span in spans:
        while k < len(stretches) and stretches[k][1] <= span.start:
            k += 1
        if k < len(stretches) and stretches[k][0] <= span.start and span.end <= stretches[k][1]:
            continue
        out.append(span)
    return out


def _part_end(text: str, start: int, size: int) -> int:
    """Where a part that starts at `start` should end: at a paragraph break near `size`."""
    limit = start + size
    if limit >= len(text):
        return len(text)
    for mark in ("\n\n", "\n"):
        cut = text.rfind(mark, start + size // 2, limit)
        if cut >= 0:
            return cut + len(mark)
    cut = text.rfind(" ", start + size // 2, limit)
    return cut + 1 if cut >= 0 else limit


def detect_in_parts(text: str, *, part_size: int = PART_SIZE) -> Iterator[tuple[float, list[Span]]]:
    """Detect a long text a part at a time, yielding (share done, the part's spans).

    Parts end at paragraph breaks, so a caller can show progress and stop between parts (a
    50 MB report need not hold up quitting). Each part is detected on its own, so the evidence
    one part gives about capitalised words does not reach the others; a text no longer than
    `part_size` gives exactly `detect(text)`.
    """
    start = 0
    total = max(len(text), 1)
    while start < len(text):
        end = _part_end(text, start, part_size)
        spans = (
            [
                Span(s.start + start, s.end + start, s.kind, s.label, s.text, s.value)
                for s in detect(text[start:end])
            ]
            if start
            else detect(text[start:end])
        )
        yield end / total, spans
        start = end
