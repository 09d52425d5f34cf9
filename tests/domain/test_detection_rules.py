"""Tests for the second round of highlighter rules: boilerplate, words that look like counts."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.detection import boilerplate_stretches, detect
from annotations.detection.boilerplate import _is_stop, _sentence_start
from annotations.detection.quick import quick_span, quick_value
from annotations.spans import NumberValue, Span
from tui import cli

STANDING_NOTE = (
    "Near Mosul, five strikes engaged an ISIL tactical unit.\n"
    "Accordingly, CJTF-OIR does not report the number or type of aircraft employed in a strike. "
    "The information used to compile the daily strike releases is based on 'Z' or Greenwich Mean "
    "Time.\nGround-based artillery fired in counter-fire are not classified as a strike as "
    "defined by CJTF-OIR.\nThe strikes were conducted as part of Operation Inherent Resolve in "
    "Iraq, with the U.S. and Jordan."
)


def _numbers(text: str) -> list[str]:
    return [s.text for s in detect(text) if s.kind == "number"]


def _names(text: str) -> list[str]:
    return [s.text for s in detect(text) if s.kind == "name"]


def test_standing_note_of_a_strike_release_is_left_plain() -> None:
    names = _names(STANDING_NOTE)
    assert "CJTF-OIR" not in names
    assert not any("Greenwich" in n for n in names)
    # The day's news before and after the note is still read.
    assert "Mosul" in names and "ISIL" in names and "Iraq" in names and "Jordan" in names
    assert _numbers(STANDING_NOTE) == ["five"]


def test_boilerplate_stretches_are_whole_sentences() -> None:
    stretches = boilerplate_stretches(STANDING_NOTE)
    pieces = [STANDING_NOTE[a:b] for a, b in stretches]
    assert pieces[0].startswith("Accordingly") and pieces[0].endswith("Mean Time.")
    assert pieces[1].startswith("Ground-based") and pieces[1].rstrip().endswith("CJTF-OIR.")
    assert boilerplate_stretches("Near Mosul, five strikes engaged an ISIL unit.") == []


def test_the_standing_roll_of_coalition_members_is_left_plain() -> None:
    # The roll closing every strike release says who has ever struck, not who struck that day;
    # the desk greys it rather than paint a dozen country names in every release.
    text = (
        "Near Mosul, two strikes hit ISIL. Coalition nations which have conducted strikes in "
        "Iraq include Australia, the U.S. and France. Coalition nations that have conducted "
        "strikes in Syria include Bahrain and the United States.\nJordan said it would help."
    )
    assert _names(text) == ["Mosul", "ISIL", "Jordan"]
    # The two rolls run on, so they make one greyed stretch, from after the day's news.
    rolls = [text[a:b] for a, b in boilerplate_stretches(text)]
    assert rolls == [
        " Coalition nations which have conducted strikes in Iraq include Australia, the U.S. "
        "and France. Coalition nations that have conducted strikes in Syria include Bahrain and "
        "the United States."
    ]


def test_standing_text_is_kept_when_asked_for() -> None:
    text = "Coalition nations which have conducted strikes in Iraq include Australia and France."
    assert detect(text) == []
    names = [s.text for s in detect(text, standing=True) if s.kind == "name"]
    assert "Australia" in names and "France" in names and "Iraq" in names


def test_a_roll_that_is_not_the_standing_text_stays_highlighted() -> None:
    names = _names("Nations which took part include Australia, the U.S. and France.")
    assert "Australia" in names and "France" in names


@pytest.mark.parametrize(
    "sentence",
    [
        "There were attacks in Iraq today, including one in Baghdad.",
        "There is only one way to end this conflict.",
        "They gather evidence so that one day Asad will answer for it.",
        "It will strengthen the co-operation between our 2 countries.",
        "Our two countries continue to work together.",
    ],
)
def test_one_and_two_as_words_are_not_figures(sentence: str) -> None:
    assert _numbers(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("One in five children is out of school.", "One"),
        ("The talks lasted one day.", "one day"),
        ("Only one strike hit the target.", "Only one"),
        ("The two countries sent 3 envoys.", "3"),
        ("They met two governments' envoys and killed two fighters.", "two"),
    ],
)
def test_counts_that_look_like_idioms_are_still_figures(sentence: str, figure: str) -> None:
    assert figure in _numbers(sentence)


def test_an_exercise_name_and_its_edition_are_not_highlighted() -> None:
    text = (
        "Troops will join Jordan in Exercise Eager Lion 16, one of the largest.\n\n"
        "Exercise Eager Lion 16 will last a week."
    )
    assert _numbers(text) == []
    names = _names(text)
    assert names == ["Jordan"]


def test_a_count_after_an_ordinary_name_is_kept() -> None:
    assert "16" in _numbers("Jordan sent 16 aircraft and Turkey 12.")


def test_quick_span_is_the_same_as_span() -> None:
    made = quick_span(3, 9, "number", "count", "twelve", NumberValue(12, 12))
    plain = Span(3, 9, "number", "count", "twelve", NumberValue(12, 12))
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert quick_span(0, 4, "name", "place", "Homs") == Span(0, 4, "name", "place", "Homs")
    # The shortcut skips Span.__init__: it must stay a plain dataclass with nothing to run.
    assert not hasattr(Span, "__post_init__")
    assert [f.name for f in dataclasses.fields(Span)] == [
        "start",
        "end",
        "kind",
        "label",
        "text",
        "value",
    ]


def test_quick_value_is_the_same_as_number_value() -> None:
    assert quick_value(60, None, approximate=True, unit="km") == NumberValue(
        60, None, approximate=True, unit="km"
    )
    made, plain = quick_value(None, None, iso="2017-10"), NumberValue(None, None, iso="2017-10")
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert not hasattr(NumberValue, "__post_init__")
    assert [f.name for f in dataclasses.fields(NumberValue)] == [
        "low",
        "high",
        "approximate",
        "unit",
        "iso",
    ]


@given(
    st.lists(
        st.sampled_from(
            [
                "are not classified as a strike",
                "nations which have conducted strikes in",
                "Iraq",
                "include",
                "France",
                "the",
                "U.S.",
                ".",
                "\n",
                " ",
                "one",
                "strike",
                "Exercise",
                "Eager",
                "Lion",
                "16",
                "our",
                "two",
                "countries",
                "that",
                "day",
                "in",
                "only",
                "way",
                "CJTF-OIR.",
            ]
        ),
        max_size=40,
    )
)
@settings(max_examples=300, deadline=None)
def test_boilerplate_and_word_rules_keep_spans_sound(parts: list[str]) -> None:
    text = " ".join(parts)
    spans = detect(text)
    last_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text) and span.start >= last_end
        assert span.text == text[span.start : span.end]
        last_end = span.end
    for start, end in boilerplate_stretches(text):
        assert 0 <= start < end <= len(text)
        assert not any(start <= s.start and s.end <= end for s in spans)


def test_a_long_run_of_stops_after_a_cue_stays_quick() -> None:
    text = "x does not report the number or type of aircraft " + "." * 200_000 + " Iraq or France."
    assert detect(text) == []


def _sentence_start_read_whole(text: str, at: int) -> int:
    """The plain definition: after the last line break, then back over the full stops."""
    start = text.rfind("\n", 0, at) + 1
    stop = text.rfind(".", start, at)
    while stop >= 0:
        if _is_stop(text, stop):
            return stop + 1
        stop = text.rfind(".", start, stop)
    return start


@given(
    st.lists(st.sampled_from([".", "\n", " ", "U", "S", "ab", "x.", ". "]), max_size=300).map(
        "".join
    ),
    st.data(),
)
@settings(max_examples=300, deadline=None)
def test_a_standing_sentence_starts_after_the_nearest_stop(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text)))
    assert _sentence_start(text, at) == _sentence_start_read_whole(text, at)


class _ReadsCounted(str):
    """A text that counts the characters its searches read: up to what they find, or all
    they are given when they find nothing."""

    read = 0

    def find(self, sub, start=0, end=None):  # type: ignore[no-untyped-def,override]
        end = len(self) if end is None else end
        at = str.find(self, sub, start, end)
        _ReadsCounted.read += (end if at < 0 else at + len(sub)) - start
        return at

    def rfind(self, sub, start=0, end=None):  # type: ignore[no-untyped-def,override]
        end = len(self) if end is None else end
        at = str.rfind(self, sub, start, end)
        _ReadsCounted.read += end - (start if at < 0 else at)
        return at


@pytest.mark.parametrize("between", [". ", "\n"], ids=["one-line", "no-full-stop"])
def test_finding_standing_sentences_reads_back_only_to_each_ones_start(between: str) -> None:
    # Every sentence of a long roll holds a cue: each was read back to the start of its line,
    # time quadratic in the sentences of a line.
    def read(sentences: int) -> int:
        roll = "Coalition nations which have conducted strikes in Iraq: Jordan" + between
        _ReadsCounted.read = 0
        assert boilerplate_stretches(_ReadsCounted(roll * sentences))
        return _ReadsCounted.read

    small, large = read(500), read(2_000)
    assert large <= 4.5 * small, (small, large)  # four times the sentences; quadratic: 16


@pytest.mark.parametrize(
    "sentence",
    [
        "Read it at http://www.defense.gov/News/Article/123456 today.",
        "Write to press@state.gov or follow @USEmbassy2 for news.",
        "Call the desk on +44 20 7008 1500 after noon.",
    ],
)
def test_addresses_handles_and_telephone_numbers_are_left_plain(sentence: str) -> None:
    spans = detect(sentence)
    inside = [s for s in spans if s.text not in ("Read", "Write", "Call")]
    assert [s.text for s in inside] == []


@pytest.mark.parametrize(
    "sequence",
    [
        "\x1b]0;title 2019\x07",  # OSC: set the window title
        "\x1b]52;c;aGVsbG8=\x1b\\",  # OSC 52: write the clipboard
        "\x1b[31;1m",  # CSI: colour
        "\x1b[2J",  # CSI: clear the screen
        "\x9b6n",  # C1 CSI: report the cursor
        "\x9d0;evil 99\x9c",  # C1 OSC
    ],
)
def test_digits_inside_terminal_escape_sequences_are_not_figures(sequence: str) -> None:
    text = f"Near Mosul {sequence} 40 fighters were killed."
    assert [s.text for s in detect(text) if s.kind == "number"] == ["40"]


def test_a_figure_beside_an_address_is_still_a_figure() -> None:
    spans = detect("The site www.gov.uk lists 45 strikes and a +3 percent rise.")
    assert [s.text for s in spans if s.kind == "number"] == ["45", "3 percent"]


def test_a_unit_designator_belongs_to_the_unit_name() -> None:
    spans = detect("Soldiers of 1-37 Armor joined Task Force 3-21 near Mosul.")
    assert [(s.kind, s.text) for s in spans if s.kind != "name" or "-" in s.text] == [
        ("name", "1-37 Armor"),
        ("name", "Task Force 3-21"),
    ]


def test_a_range_after_a_place_stays_a_figure() -> None:
    spans = detect("Losses in Syria 5-6 were reported.")
    assert ("number", "5-6") in [(s.kind, s.text) for s in spans]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Leaders of the Group of Seven met in Rome.", "Group of Seven"),
        ("The band One Direction played in Erbil.", "One Direction"),
    ],
)
def test_a_capitalised_number_word_inside_a_sentence_is_part_of_a_name(
    sentence: str, name: str
) -> None:
    spans = detect(sentence)
    assert [s.text for s in spans if s.kind == "number"] == []
    assert any(name in s.text and s.kind == "name" for s in spans)


def test_a_capitalised_number_word_opening_a_clause_is_a_figure() -> None:
    spans = detect("Two soldiers died. After that, Two more died.")
    assert [s.text for s in spans if s.kind == "number"] == ["Two", "Two"]


@pytest.mark.parametrize(
    "sentence",
    ["It was a one-off payment.", "They held one-on-one talks.", "He met his one-time ally."],
)
def test_one_in_a_hyphenated_idiom_is_not_a_figure(sentence: str) -> None:
    assert [s.text for s in detect(sentence) if s.kind == "number"] == []


def test_one_in_a_hyphenated_measure_is_a_figure() -> None:
    spans = detect("It marked the one-year anniversary.")
    assert [s.text for s in spans if s.kind == "number"] == ["one-year"]


DEFINITION = (
    "Near Sinjar, one strike destroyed a VBIED factory.\n"
    "A strike, as defined in the CJTF releases, means one or more kinetic events in one place.\n"
    "So having a single aircraft deliver a single weapon against a lone ISIL vehicle is one "
    "strike, but so is multiple aircraft delivering dozens of weapons against a compound.\n"
    "Accordingly, CJTF-OIR does not report the number or type of aircraft employed in a strike.\n"
    "Near Mosul, two strikes hit ISIL."
)


def test_the_standing_definition_of_a_strike_keeps_its_names_but_not_its_counts() -> None:
    # Its "one strike" defines a unit; highlighted, it would match the day's "one strike".
    assert _numbers(DEFINITION) == ["one", "two"]
    assert [s.start for s in detect(DEFINITION) if s.kind == "number"][0] < 20
    names = _names(DEFINITION)
    assert "CJTF" in names and names.count("ISIL") == 2 and "Sinjar" in names


ROLL_RELEASE = (
    "Near Mosul, two strikes hit an ISIL unit.\n"
    "Coalition nations which have conducted strikes in Iraq include Australia, Canada and "
    "France.\n"
)


def test_detect_command_lists_standing_text_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = tmp_path / "release.txt"
    release.write_text(ROLL_RELEASE, encoding="utf-8")
    assert cli.main(["detect", "--jsonl", str(release)]) == 0
    plain = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["text"] for row in plain] == ["Mosul", "two", "ISIL"]
    assert not any("standing" in row for row in plain)

    assert cli.main(["detect", "--jsonl", "--standing", str(release)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    standing = [row["text"] for row in rows if row.get("standing")]
    assert standing[:1] == ["Coalition"] and {"Australia", "Canada", "France"} <= set(standing)
    assert [row["text"] for row in rows if not row.get("standing")] == ["Mosul", "two", "ISIL"]

    assert cli.main(["detect", "--standing", str(release)]) == 0
    assert "standing" in capsys.readouterr().out
