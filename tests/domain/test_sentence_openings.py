"""Where sentences open: the highlighter's look-back agrees with the patterns that define it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from annotations.detection.article import opens_sentence
from annotations.detection.cues import ABBREVIATED, CREDIT_LABELS

# The definition, as patterns over the whole text: after a stop, colon, bullet or line break,
# or a quote after a space or comma, past quotes, brackets, dashes, spaces and invisible marks;
# at the text's first letter; never after an initial or a listed abbreviation, nor after a
# credit's label.
_MARKS = r"[\s\"'“”‘’(«\[\-–—\u200b-\u200f\u2060\ufeff\xad]*"
_OPENING = re.compile(r"[.!?:;\n•*#|>“]" + _MARKS + r"(?=[^\W\d_])")
_QUOTE_OPENING = re.compile(r"[\s,][\"‘]" + _MARKS + r"(?=[^\W\d_])")
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_LEADING = " \t\n\r\"'“”‘’(«[-–—\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad"
_SHORT_STOP = re.compile(r"[A-Z](?<![A-Za-z][A-Z])([a-z]{0,5})\." + _MARKS + r"(?=[A-Za-z])")
_CREDIT = re.compile(r"\b(?:" + "|".join(sorted(CREDIT_LABELS)) + r"):[ \t]*(?=\S)")


def _openings(text: str) -> set[int]:
    starts = {m.end() for m in _OPENING.finditer(text)}
    starts.update(m.end() for m in _QUOTE_OPENING.finditer(text))
    first = _FIRST_LETTER.search(text)
    if first and not text[: first.start()].strip(_LEADING):
        starts.add(first.start())
    for m in _SHORT_STOP.finditer(text):
        if not m.group(1) or text[m.start() : m.start(1) + len(m.group(1))] in ABBREVIATED:
            starts.discard(m.end())
    for m in _CREDIT.finditer(text):
        starts.discard(m.end())
    return starts


def _agree(text: str) -> None:
    expected = _openings(text)
    for at, char in enumerate(text):
        if char.isalpha():
            assert opens_sentence(text, at) == (at in expected), (text, at)


@pytest.mark.parametrize(
    "text",
    [
        "Gen. Igor Konashenkov said. U.S. forces left.",
        'He said, "Igor left." Then: Wells arrived.\n\n“Yes,” said Mr. Łukasz.',
        "Image: Huebi. Photo:\t Jane Doe\nImage:     Ab",
        "\ufeff\u200b(Abc) — Def; ghi • Jkl | Mno > Pqr # Stu * Vwx",
        "3Image: Ab, St.John and Dept. Heads; x. 'Ab",
    ],
)
def test_openings_written_by_hand(text: str) -> None:
    _agree(text)


def test_openings_of_random_text() -> None:
    pieces = list("Aa .:,\"‘“'\n\t-–(Łé\u200b\xad;!?•*#|>[]«”’_3x") + [
        "Image:", "Photo:", "    ", "Gen.", "Dept.", "Co.", "U.S.", "Mr. "
    ]
    rng = random.Random(13)
    for _ in range(3000):
        _agree("".join(rng.choice(pieces) for _ in range(rng.randint(1, 24))))


def test_openings_of_the_seeds() -> None:
    for path in sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")):
        _agree(path.read_text(encoding="utf-8"))
