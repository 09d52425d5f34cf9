"""What a figure counts when the noun is left out ("Another 40 died") or it is a share ("half")."""

from __future__ import annotations

import pytest

from annotations.articles import Article
from annotations.compare import Comparison, FigureMention, align_figures, figure_mentions
from annotations.detection import detect
from annotations.figures_board import figures_board
from tests.domain.comparing import Prepared


def figures(text: str) -> dict[str, FigureMention]:
    """Each figure of `text` by the text it is written as."""
    return {m.text: m for m in figure_mentions("a", text, detect(text))}


@pytest.mark.parametrize(
    "follow_up",
    [
        "Another 40 died in Raqqa.",
        "Another 40 were killed in Raqqa.",
        "A further 40 died in Raqqa.",
        "An additional 40 died near Raqqa.",
        "In Raqqa, 40 more were killed.",
        "40 others died in Raqqa.",
    ],
)
def test_a_count_that_adds_to_the_one_before_counts_the_same_thing(follow_up: str) -> None:
    found = figures(f"Some 120 fighters were killed near Mayadeen on Sunday. {follow_up}")
    assert found["40"].key == found["Some 120"].key != ""
    assert found["40"].counts == "fighters"


def test_another_40_lines_up_with_some_40_fighters_of_the_other_report() -> None:
    one = Article(
        id="one", title="one", text="Some 120 fighters were killed on Sunday. Another 40 died."
    )
    two = Article(id="two", title="two", text="The ministry said some 40 IS fighters were killed.")
    groups = align_figures([(one, detect(one.text)), (two, detect(two.text))])
    forty = [g for g in groups if any(m.text == "40" for m in g.mentions)]
    assert len(forty) == 1
    assert forty[0].status == "agree"
    assert {m.text for m in forty[0].mentions} == {"40", "some 40"}
    assert forty[0].counts == "fighters"


def test_wounded_after_the_count_says_it_is_not_more_of_the_dead() -> None:
    found = figures("Some 120 fighters were killed on Sunday. A further 12 were wounded.")
    assert found["12"].key not in ("", found["Some 120"].key)
    assert found["12"].counts == "wounded fighters"


@pytest.mark.parametrize(
    "text",
    [
        # nothing before it to add to
        "Another 40 died in Raqqa.",
        # the earlier count is in another paragraph
        "Some 120 fighters were killed on Sunday.\n\nAnother 40 died in Raqqa.",
        # no word says it adds to anything
        "Some 120 fighters were killed on Sunday. On Monday 40 died in Raqqa.",
    ],
)
def test_a_bare_count_without_a_count_to_add_to_counts_nothing_known(text: str) -> None:
    assert figures(text)["40"].key == ""


@pytest.mark.parametrize(
    ("text", "written", "percent"),
    [
        ("IS remains in control of half of Deir Ezzor province.", "half", 50.0),
        ("IS holds three quarters of the province.", "three quarters", 75.0),
        ("The party won two thirds of the vote.", "two thirds", 200 / 3),
    ],
)
def test_a_fraction_is_a_share_of_something_not_a_count(
    text: str, written: str, percent: float
) -> None:
    found = figures(text)[written]
    assert found.label == "percent"
    assert found.unit == "%"
    assert found.low == found.high == pytest.approx(percent)


def test_a_share_lines_up_with_the_same_share_in_percent() -> None:
    one = Article(
        id="one", title="one", text="IS remains in control of half of Deir Ezzor province."
    )
    two = Article(id="two", title="two", text="IS controls 50% of Deir Ezzor province.")
    groups = align_figures([(one, detect(one.text)), (two, detect(two.text))])
    assert [(g.status, sorted(m.text for m in g.mentions)) for g in groups] == [
        ("agree", ["50%", "half"])
    ]


def test_quarters_that_are_not_a_share_stay_a_count() -> None:
    found = figures("The match went on for three quarters before the rain.")
    assert all(m.label == "count" for m in found.values())


def test_the_seed_board_reads_half_as_a_share(seeds: Prepared, seed_comparison: Comparison) -> None:
    board = figures_board(seeds, seed_comparison)
    half = [r for r in board.rows for e in r.entries if e.mention.text == "half"]
    assert [r.counts for r in half] == ["percent (%)"]
    assert all(r.counts != "count" for r in board.rows)
