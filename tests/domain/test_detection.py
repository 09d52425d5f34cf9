"""Tests for the number and name highlighter."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.detection import clear_shared_caches, detect
from annotations.spans import NAME_LABELS, NUMBER_LABELS, NumberValue, Span
from seeds import seed_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _seed_text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))


@pytest.fixture(scope="module")
def seed_spans() -> list[Span]:
    return detect(_seed_text())


def _texts(spans: list[Span], kind: str) -> set[str]:
    return {s.text for s in spans if s.kind == kind}


def _check_invariants(text: str, spans: list[Span]) -> None:
    last_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= last_end
        last_end = span.end
        assert span.text == text[span.start : span.end]
        if span.kind == "number":
            assert span.label in NUMBER_LABELS
            assert isinstance(span.value, NumberValue)
        else:
            assert span.kind == "name"
            assert span.label in NAME_LABELS


@pytest.mark.parametrize(
    "figure",
    [
        "Some 120",
        "up to 80",
        "some 40",
        "more than 60",
        "Dozens",
        "nine",
        "$1.7 million",
        "1,800 square km",
        "700 square miles",
        "24 hours",
        "08 October 2017",
    ],
)
def test_seed_figures_are_whole_spans(seed_spans: list[Span], figure: str) -> None:
    # Whole: one number span covers the figure from its first to its last character
    # (it may be wider, as "between $1.7 million and $5.1 million" is).
    text = _seed_text()
    at = text.index(figure)
    covering = [s for s in seed_spans if s.kind == "number" and s.start <= at < s.end]
    assert covering and covering[0].end >= at + len(figure)


@pytest.mark.parametrize("figure", ["120", "60", "14", "3", "2014", "2015"])
def test_seed_plain_figures_are_found(seed_spans: list[Span], figure: str) -> None:
    assert figure in _texts(seed_spans, "number")


@pytest.mark.parametrize(
    "name",
    [
        "al-Mayadin",
        "Deir el-Zour",
        "Abu Omar al-Shishani",
        "Syrian Observatory for Human Rights",
        "Igor Konashenkov",
    ],
)
def test_seed_names_keep_their_particles(seed_spans: list[Span], name: str) -> None:
    assert any(name in s.text for s in seed_spans if s.kind == "name")


def test_bashar_al_assad_is_one_person(seed_spans: list[Span]) -> None:
    hits = [s for s in seed_spans if s.kind == "name" and "Bashar Al-Assad" in s.text]
    assert hits and hits[0].label == "person"


def test_rossiya_24_is_a_name(seed_spans: list[Span]) -> None:
    assert any(s.text == "Rossiya 24" and s.kind == "name" for s in seed_spans)
    text = _seed_text()
    at = text.index("Rossiya 24") + len("Rossiya ")
    assert not any(s.kind == "number" and s.start <= at < s.end for s in seed_spans)


@pytest.mark.parametrize("word", ["Meanwhile", "Backed", "According"])
def test_sentence_openers_are_not_names(word: str) -> None:
    text = (
        f"{word} to the ministry, Syrian forces backed by Russia took the town. "
        "Meanwhile, according to reports, it was backed by aircraft."
    )
    spans = detect(text)
    assert not any(s.kind == "name" and s.text.startswith(word) for s in spans)


def test_seed_spans_keep_invariants(seed_spans: list[Span]) -> None:
    _check_invariants(_seed_text(), seed_spans)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_never_raises_and_spans_are_sound(text: str) -> None:
    _check_invariants(text, detect(text))


@given(
    st.lists(
        st.sampled_from(
            [
                "Some",
                "120",
                "up",
                "to",
                "$",
                "1.7",
                "million",
                "al-",
                "Deir",
                "el-Zour",
                "Dec.",
                "6th",
                " ",
                "\n",
                ".",
                ",",
                "-",
                "–",
                "the",
                "past",
                "24",
                "hours",
                "Gen.",
                "U.S.",
                "’s",
                "%",
                "square",
                "km",
                "between",
                "and",
                "Monday,",
                "12/09/2016",
                "half",
                "a",
                "Dozens",
                "of",
            ]
        ),
        max_size=40,
    )
)
@settings(max_examples=300, deadline=None)
def test_near_miss_phrases_keep_invariants(parts: list[str]) -> None:
    text = " ".join(parts)
    _check_invariants(text, detect(text))


def test_empty_and_huge_lines() -> None:
    assert detect("") == []
    line = "Some 120 fighters near al-Mayadin, up to 80 more. " * 4000
    spans = detect(line)
    _check_invariants(line, spans)
    assert len([s for s in spans if s.kind == "number"]) == 8000


def test_offsets_stay_true_when_lowercasing_changes_length() -> None:
    # "İ" lowercases to two characters; number words must still be found at true offsets.
    text = "İİİ said that twenty-five fighters and one hundred civilians left İstanbul."
    spans = detect(text)
    _check_invariants(text, spans)
    assert [s.text for s in spans if s.kind == "number"] == ["twenty-five", "one hundred"]


def test_the_seeds_detect_the_same_warm_and_cold() -> None:
    texts = [path.read_text(encoding="utf-8") for path in seed_paths()]
    colds = []
    for text in texts:
        clear_shared_caches()
        colds.append(detect(text))
    clear_shared_caches()
    for _ in range(2):
        assert [detect(text) for text in texts] == colds
        assert [detect(text) for text in reversed(texts)] == colds[::-1]
