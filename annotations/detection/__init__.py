"""The highlighter: every number and name in an article, as plain spans."""

from __future__ import annotations

from collections.abc import Iterator

from annotations.detection.boilerplate import boilerplate_stretches
from annotations.detection.names import detect_names
from annotations.detection.numbers import detect_numbers
from annotations.spans import Span

__all__ = [
    "PART_SIZE",
    "boilerplate_stretches",
    "detect",
    "detect_in_parts",
    "detect_names",
    "detect_numbers",
]

PART_SIZE = 1 << 20
"""Characters detected at a time by `detect_in_parts`: about half a second of work."""


def _glued(text: str, name: Span, number: Span) -> bool:
    """True for a bare count written right after a name: "Rossiya 24", "CTF 50", "Su 24"."""
    return (
        number.start == name.end + 1
        and text[name.end] == " "
        and number.label == "count"
        and number.text.isdigit()
    )


def detect(text: str) -> list[Span]:
    """Numbers and names in `text`, sorted by start and never overlapping; never raises.

    The standing note of strike releases on how strikes are counted is left plain: it repeats
    in every release and states nothing about the day.
    """
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
    merged.sort(key=lambda s: s.start)
    stretches = boilerplate_stretches(text)
    return _outside(merged, stretches) if stretches else merged


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
