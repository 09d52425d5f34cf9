"""Terminal escape sequences in an article's text neither act nor cut names: detection reads
the text as if they were not there, and every span points into the text as it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.detection import detect
from annotations.safe_text import TERMINAL_SEQUENCE, without_sequences
from annotations.sourcing import sourcing_of
from tui.cli import main

SEQUENCES = [
    "\x1b[0m",
    "\x1b[1;31m",
    "\x9b31m",
    "\x1b]0;pwned 2024\x07",
    "\x9d8;;https://x.example/\x9c",
    "\x1b]8;;http://evil.example/ 120\x1b\\",
    "\x1bM",
    "\x1b[2J\x1b[H",
]

TEXT = (
    "MOSCOW, Oct 7 (Reuters) - Russian air strikes killed 120 Islamic State fighters near "
    "Mayadeen, the Interior Ministry said on Saturday, according to Reuters. Some 60 of them "
    "were foreign fighters from Egypt and Tunisia, Gen. Igor Konashenkov told reporters."
)

_SEQUENCE = re.compile(TERMINAL_SEQUENCE)


def _read(spans: list, text: str) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    """What each span says with the sequences taken out of its text."""
    for span in spans:
        assert text[span.start : span.end] == span.text
        # A span never starts or ends inside (or on) a sequence.
        for found in _SEQUENCE.finditer(text):
            assert not found.start() <= span.start < found.end()
            assert not found.start() < span.end <= found.end()
    return [(s.kind, s.label, without_sequences(s.text)[0]) for s in spans]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(TEXT)), st.sampled_from(SEQUENCES)), min_size=1, max_size=6
    )
)
def test_sequences_anywhere_change_nothing_detection_reads(
    inserted: list[tuple[int, str]],
) -> None:
    text = TEXT
    for at, sequence in sorted(inserted, reverse=True):
        text = text[:at] + sequence + text[at:]
    assert _read(detect(text), text) == _read(detect(TEXT), TEXT)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The \x1b[1;31mInterior Ministry said 40 people died.", "Interior Ministry"),
        ("The Interior\x1b[0m Ministry said 40 people died.", "Interior Ministry"),
        ("The Inter\x9b1mior Ministry said 40 people died.", "Interior Ministry"),
        ("Officials in \x1b]0;title\x07Raqqa and Homs said 40 people died.", "Raqqa"),
    ],
)
def test_a_sequence_never_cuts_a_name(text: str, name: str) -> None:
    names = [without_sequences(s.text)[0] for s in detect(text) if s.kind == "name"]
    assert any(found.endswith(name) for found in names), names
    assert not any(found in ("Ministry", "ior Ministry", "aqqa") for found in names)


@pytest.mark.parametrize(
    "text",
    [
        "Some 45 people died, according to \x1b[0mReuters.",
        "Some 45 people died, according to \x9b0mReuters.",
        "Some 45 people died, according to Reu\x1b[0mters.",
        "Some 45 people died, according to \x1b]0;x\x07Reuters\x1b[0m.",
    ],
)
def test_a_sequence_in_the_middle_of_a_source_hides_no_source(text: str) -> None:
    ((_, _, source),) = sourcing_of("a", text, detect(text)).attributions
    assert source is not None and source.cue == "according-to"
    assert without_sequences(text[source.start : source.end])[0] == "Reuters"


def test_the_detect_command_finds_names_and_figures_behind_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "hostile.txt"
    text = "The \x1b[1;31mInterior Ministry said \x1b[1m120\x1b[0m fighters died near Mayadeen.\n"
    article.write_text(text, encoding="utf-8")
    assert main(["detect", "--jsonl", str(article)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out  # nothing raw reaches the terminal
    spans = [json.loads(line) for line in out.splitlines()]
    found = {(s["kind"], without_sequences(s["text"])[0]) for s in spans}
    assert ("number", "120") in found
    assert any(kind == "name" and t.endswith("Interior Ministry") for kind, t in found)
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
