"""A terminal escape sequence in an article is no word of a source: its parameters ("0m" of
ESC[0m or of the 8-bit CSI) never start, end or make up the source every view shows."""

from __future__ import annotations

import pytest

from annotations.detection import detect
from annotations.safe_text import blank_sequences
from annotations.sourcing import sourcing_of

CASES = {
    "8-bit CSI before the name": ("Some 50 fighters died, the \x9b0m Army said.", "Army"),
    "7-bit CSI before the name": ("Some 50 fighters died, the \x1b[0m Army said.", "Army"),
    "8-bit CSI glued to the name": ("About 30 people died, \x9b31mReuters reported.", "Reuters"),
    "CSI with parameters glued": (
        "About 35 people died, the \x1b[1;31mInterior Ministry said.",
        "Interior Ministry",
    ),
    "CSI after the name": ("Some 50 fighters died, the Army\x1b[0m said.", "Army"),
    "two CSIs in a row": ("Some 50 fighters died, the \x1b[0m\x9b1mArmy said.", "Army"),
    "OSC with BEL": ("Some 45 people died, \x1b]0;T\x07Reuters reported.", "Reuters"),
    "8-bit OSC with ST": ("Some 45 people died, \x9d0;title\x9cReuters reported.", "Reuters"),
}

# Sources found other ways: whatever is found starts and ends outside every sequence.
OTHERS = [
    '"Some 45 people died," said \x9b0m Konashenkov.',
    '"Some 45 people died," said Konashenkov\x1b[0m.',
    "Some 45 people died, according to \x9b0mthe ministry.",
    "Some 45 people died, according to the ministry\x1b[0m.",
    "Some 45 people died, according to the \x1b[31m ministry.",
    "\x1b[0mThe ministry said 45 people died.",
    "Officials\x1b[0m, who said 45 people died, left.",
]


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_source_holds_no_part_of_an_escape_sequence(case: str) -> None:
    text, expected = CASES[case]
    spans = detect(text)
    sources = [s for _, _, s in sourcing_of("a", text, spans).attributions if s]
    assert [s.text for s in sources] == [expected]
    (source,) = sources
    assert text[source.start : source.end] == source.text


@pytest.mark.parametrize("text", OTHERS)
def test_no_source_begins_or_ends_inside_an_escape_sequence(text: str) -> None:
    blanked = blank_sequences(text)
    for _, _, source in sourcing_of("a", text, detect(text)).attributions:
        if source is not None:
            assert blanked[source.start] != " " and blanked[source.end - 1] != " ", source
            assert text[source.start : source.end] == source.text


def test_text_without_sequences_reads_as_it_is() -> None:
    text = "Moscow said 120 [ISIS] fighters; 0m and 1;31m are words here."
    assert blank_sequences(text) is text
    assert blank_sequences("a\x1b[0mb\x9b1;2Hc") == "a    b     c"
