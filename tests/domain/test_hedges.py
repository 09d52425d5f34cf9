"""Hedges: each kind of cue, and the words that only look like one."""

from __future__ import annotations

import pytest

from annotations.detection import detect
from annotations.hedges import find_hedges


def hedges(text: str) -> list[tuple[str, str]]:
    return [(h.text, h.kind) for h in find_hedges(text, detect(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army has reportedly closed in on Mayadeen.", [("reportedly", "reporting")]),
        ("The allegedly stolen oil was sold in Raqqa.", [("allegedly", "reporting")]),
        ("The commander is said to have fled to Iraq.", [("is said to", "reporting")]),
        (
            "Some 300 fled, according to unconfirmed reports.",
            [("Some", "figure"), ("according to unconfirmed reports", "reporting")],
        ),
        ("The strike may have killed civilians.", [("may", "epistemic")]),
        ("Fighters might regroup near Raqqa.", [("might", "epistemic")]),
        ("The convoy could reach Mosul by night.", [("could", "epistemic")]),
        ("The attack was apparently planned in Raqqa.", [("apparently", "epistemic")]),
        ("The leader is believed to be hiding in Iraq.", [("is believed to", "epistemic")]),
        ("The building appears to be empty.", [("appears", "epistemic")]),
        ("May it never happen again, the mayor said.", [("May", "epistemic")]),
    ],
)
def test_reporting_and_epistemic_hedges_are_found(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert hedges(text) == expected


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("A command post and up to 80 fighters were destroyed.", "up to"),
        ("Some 120 Daesh fighters were killed.", "Some"),
        ("As a result more than 60 mercenaries were killed.", "more than"),
        ("At least 14 civilians were killed in the raid.", "At least"),
        ("Nearly 300 families fled the town.", "Nearly"),
    ],
)
def test_a_figure_qualifier_is_a_figure_hedge(text: str, qualifier: str) -> None:
    assert hedges(text) == [(qualifier, "figure")]


@pytest.mark.parametrize(
    "text",
    [
        "The offensive began in May 2017 near Raqqa.",
        "On 5 May the coalition struck 12 targets.",
        "Prime Minister Theresa May said Britain would send 40 trainers.",
        "British officials met May in London.",
        "The ministry's said-to-be-final report lists 120 dead.",
        "Says Who?",
        "Exactly 120 fighters were killed.",
        "The maybelline factory employs 300 people.",
    ],
)
def test_words_that_only_look_like_hedges_are_not(text: str) -> None:
    assert hedges(text) == []


def test_hedge_offsets_index_the_text() -> None:
    text = "Officials said 12 people may have died, reportedly in Raqqa."
    for hedge in find_hedges(text, detect(text)):
        assert text[hedge.start : hedge.end] == hedge.text


@pytest.mark.parametrize(
    "text",
    [
        "The project could not go forward without 12 permits.",
        "Two things were very apparent in the 12th round.",
        "Surveys found 40 percent more likely than others to vote.",
    ],
)
def test_negated_modals_obvious_things_and_comparisons_are_not_hedges(text: str) -> None:
    assert [kind for _, kind in hedges(text) if kind != "figure"] == []
