"""Finding a sentence's source reads only what it needs: "according to" is looked for only in
the sentences with its letters. Each shortcut finds what the plain definition, reading
everything, finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.source_cues import _ACCORDING, _ACCORDING_HINT

_CASES = ["according to", "ACCORDING TO", "AcCoRdInG\tto", "accord\u0131ng to", "accord\u0130ng to"]
_CASES += ["\u212a", "ccord", "CCORD", "acc", "ord", "ing to ", " ", "-", "x", "\u00df", "\u0130"]


@given(st.lists(st.sampled_from(_CASES), max_size=12).map("".join))
@settings(max_examples=500, deadline=None)
def test_every_sentence_according_to_matches_in_holds_the_hint(sentence: str) -> None:
    assert _ACCORDING.search(sentence) is None or _ACCORDING_HINT in sentence.lower()

