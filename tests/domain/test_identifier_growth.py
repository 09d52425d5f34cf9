"""Addresses, handles and telephone numbers are found by trying each start once: a long word
packed with cues ("a@a@a@…", "ab+ab+…") costs a try per character, not 256 per cue."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import annotations.detection as detection
from annotations.detection import _IDENTIFIER, _IDENTIFIER_CUES, _IDENTIFIER_REACH, _identifiers


def _identifiers_trying_every_start(text: str) -> list[tuple[int, int]]:
    """The plain definition: for each cue, every start from its word's start (at most 256
    back) to the cue is tried, in order."""
    cues = sorted(at for cue in _IDENTIFIER_CUES for at in _all(text, cue))
    found: list[tuple[int, int]] = []
    done = 0
    for at in cues:
        if at < done:
            continue
        begin = at
        floor = max(done, at - 256)
        while begin > floor and not text[begin - 1].isspace() and text[begin - 1] not in "<>\"'“”(":
            begin -= 1
        reach = min(len(text), at + _IDENTIFIER_REACH)
        for start in range(begin, at + 1):
            match = _IDENTIFIER.match(text, start, reach)
            if match is not None:
                found.append(match.span())
                done = match.end()
                break
    return found


def _all(text: str, cue: str) -> list[int]:
    return [m.start() for m in re.finditer(f"(?={re.escape(cue)})", text)]


_PIECES = ["a", "B", "1", "44", ".", "-", "+", "@", "://", "http", "www.", " ", "(", ")", "°"]
_PIECES += ["N", "[", "]", "[3]", "x@y.org", "@AFP", "+44 20 7008 1500", "\u201c", "\n", ","]


@given(st.lists(st.sampled_from(_PIECES), max_size=200).map("".join))
@settings(max_examples=1_000, deadline=None)
def test_each_start_tried_once_finds_what_trying_every_start_for_every_cue_finds(
    text: str,
) -> None:
    assert _identifiers(text) == _identifiers_trying_every_start(text)


_MAIL_CUT_EVERY_WAY = re.compile(_IDENTIFIER.pattern.replace(r"[\w.+-]++@", r"[\w.+-]+@"))
"""The identifier pattern as it was: a mail address's name could be given back a character at
a time (it never ends before an "@" it holds: "@" is none of its characters)."""


@given(st.lists(st.sampled_from(["a", ".", "+", "-", "@", "b", " ", "1"]), max_size=30))
@settings(max_examples=1_000, deadline=None)
def test_a_mail_address_is_read_as_before(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _MAIL_CUT_EVERY_WAY.pattern != _IDENTIFIER.pattern
    for start in range(len(text) + 1):
        old, new = _MAIL_CUT_EVERY_WAY.match(text, start), _IDENTIFIER.match(text, start)
        assert (old and old.span()) == (new and new.span())


class _TriesCounted:
    """The identifier pattern, counting the starts tried."""

    tries = 0

    def match(self, text: str, start: int, end: int) -> re.Match[str] | None:
        _TriesCounted.tries += 1
        return _IDENTIFIER.match(text, start, end)


@pytest.mark.parametrize("word", ["a@", "ab+", "x://", "aaaaaaaa@"])
def test_a_word_packed_with_cues_tries_each_start_once(
    word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 25 KB of "ab+" took 13 s: every one of its 8,000 cues tried the 256 starts before it.
    monkeypatch.setattr(detection, "_IDENTIFIER", _TriesCounted())
    text = word * 5_000
    _TriesCounted.tries = 0
    _identifiers(text)
    assert _TriesCounted.tries <= len(text) + 1
