"""Whether a name stands in a headline: `_Lines.headings` finds each offset's line by counting
line breaks when the offsets come in order, by an index of the lines when not, and both must
give the verdict of the line that holds the offset read plainly (none before the text, the
last line after it)."""

from __future__ import annotations

import random

import pytest

from annotations.compare.name_parts import is_heading
from annotations.compare.name_reading import _Lines

LINES = [
    "",
    "Colts Beat Chiefs In Overtime",
    "SYRIAN ARMY ENTERS MAYADEEN",
    "The army said on Monday that al-Assad\u2019s troops had moved.",
    "Abu Bakr al-Baghdadi of Raqqa",
    "Jos\u00e9 de la Cruz Meets Hu Jintao",
    "bin Laden\u2019s Son",
    "K. Chohan, O'Neil and D\u2019Souza Win",
    "a",
    "   ",
    "\u0428\u043e\u0439\u0433\u0443 \u0418 \u041b\u0430\u0432\u0440\u043e\u0432",
    "Reuters \u2014 Deir ez-Zor",
]
"""Headlines, running text and lines that are neither: title case, capitals, particles,
initials, curly apostrophes, non-Latin letters, blank lines."""


def _verdicts(text: str, offsets: list[int]) -> list[bool]:
    """The plain reading: the line holding each offset, judged on its own."""
    lines = text.split("\n")
    return [
        False if offset < 0 else is_heading(lines[text.count("\n", 0, min(offset, len(text)))])
        for offset in offsets
    ]


def _case(seed: int) -> tuple[str, list[int]]:
    rng = random.Random(seed)
    text = "\n".join(rng.choices(LINES, k=rng.randint(0, 30)))
    offsets = [rng.randint(-3, len(text) + 3) for _ in range(rng.randint(0, 60))]
    if rng.random() < 0.7:
        offsets.sort()  # as detection gives them, mostly
    return text, offsets


@pytest.mark.parametrize("seed", range(400))
def test_each_offset_gets_the_verdict_of_its_line(seed: int) -> None:
    text, offsets = _case(seed)
    reader = _Lines(text, {})
    assert reader.headings(offsets) == _verdicts(text, offsets)
    # Asked again (the pieces of a span after the spans), in order or not, lines judged once.
    more = _case(seed + 1000)[1]
    more = [min(o, len(text) + 2) for o in more]
    assert reader.headings(more) == _verdicts(text, more)


@pytest.mark.parametrize(
    ("text", "offsets"),
    [
        ("", []),
        ("", [0, 0, 1]),
        ("A\nB", [-1, 0, 1, 2, 3, 9]),
        ("Colts Beat Chiefs\n\nrunning text here", [0, 17, 18, 19, 25]),
        ("Colts Beat Chiefs\n\nrunning text here", [25, 0, 18]),
        ("\n\n\n", [0, 1, 2, 3, 4]),
    ],
)
def test_the_edges(text: str, offsets: list[int]) -> None:
    assert _Lines(text, {}).headings(offsets) == _verdicts(text, offsets)
