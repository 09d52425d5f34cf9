"""A claim read as ASCII bytes has the lemma sets that reading its words by the regex gives."""

from __future__ import annotations

import random
import re
import string

from annotations.compare.events import ClaimWords, _run_lemma, claim_lemmas
from annotations.compare.word_runs import ascii_lemma_sets

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
"""The event rules' word, as the reference reads it."""

_ASCII_PIECES = [
    "killed", "the", "Konashenkov", "quake", "Saturday", "strikes", "Gen", "x5", "5", "it",
    "a", "dismissal", "_x", "2017", "re-elected", "O'Neill", "ss", "rattled", "__", "9-11",
]  # fmt: skip
_UNICODE_PIECES = ["\u0130stanbul", "Zo\u00eb", "\u00b2nd", "caf\u00e9", "\u041c\u043e\u0441"]
_ASCII_GLUE = [" ", " ", "", "-", "'", "_", ", ", ". ", "\n", "--", "3", "(", "\t"]
_UNICODE_GLUE = ["\u2019", "\u2014", "\u00a0", "\u2019s "]


def _claim(rng: random.Random, ascii_only: bool) -> tuple[str, list[tuple[int, int]]]:
    """A text of news words glued so that words may run across a name's edge, and names that
    may touch, overlap, be empty or run past its end."""
    pieces = _ASCII_PIECES if ascii_only else _ASCII_PIECES + _UNICODE_PIECES
    glue = _ASCII_GLUE if ascii_only else _ASCII_GLUE + _UNICODE_GLUE
    text = "".join(rng.choice(pieces) + rng.choice(glue) for _ in range(rng.randrange(14)))
    names = []
    for _ in range(rng.randrange(5)):
        a, b = rng.randrange(len(text) + 3), rng.randrange(len(text) + 3)
        names.append((min(a, b), max(a, b)))
    if rng.random() < 0.5:
        # Names at word edges, as detection gives them: the fast path is taken.
        edges = [m.span() for m in _WORD.finditer(text)]
        names = rng.sample(edges, min(len(edges), rng.randrange(4)))
    if names and rng.random() < 0.3:
        # Two names that touch: one cut in two, at an edge or inside a word.
        start, end = names.pop()
        middle = rng.randint(start, end)
        names += [(start, middle), (middle, end)]
    return text, names


def _reference(text: str, names: list[tuple[int, int]]) -> tuple[frozenset[str], frozenset[str]]:
    """The lemmas of the words between the names, each stretch read alone (the actions), and
    those of every other word of the whole text."""
    gaps, at = [], 0
    for start, end in sorted(names):
        gaps.append(text[at:start])
        at = max(at, end)
    gaps.append(text[at:])
    actions = frozenset().union(*(ClaimWords.of(gap).lemmas() for gap in gaps))
    return actions, ClaimWords.of(text).lemmas() - actions


def test_claims_read_as_bytes_have_the_lemmas_of_their_words() -> None:
    rng = random.Random(20240611)
    fast = 0
    for n in range(6000):
        text, names = _claim(rng, ascii_only=n % 3 != 0)
        assert claim_lemmas(text, names) == _reference(text, names), (text, names)
        if text.isascii():
            fast += ascii_lemma_sets(text, sorted(names), _run_lemma) is not None
    assert fast > 1500  # the bytes were read, not only the regex fallback


def test_runs_hold_the_words_of_the_regex() -> None:
    rng = random.Random(7)
    alphabet = string.ascii_letters * 4 + string.printable  # every printable ASCII character
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        assert claim_lemmas(text) == (ClaimWords.of(text).lemmas(), frozenset()), text


def test_empty_text_and_names() -> None:
    assert claim_lemmas("") == (frozenset(), frozenset())
    assert claim_lemmas("", [(0, 0)]) == (frozenset(), frozenset())
    assert claim_lemmas("Police killed", [(0, 6)]) == (frozenset({"kill"}), frozenset({"polic"}))
