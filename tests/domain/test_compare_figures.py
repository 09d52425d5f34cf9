"""Tests for figure alignment across reports: what a figure counts, agree, clash, one side."""

from __future__ import annotations

import pytest

from annotations.articles import Article
from annotations.claims import Claim
from annotations.compare import Comparison, FigureGroup, align_figures, counted_thing, lemma
from annotations.spans import Span
from tests.domain.comparing import article_of, number

# Figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure", "head", "modifiers"),
    [
        ("its strikes killed 120 ISIS fighters and 60 more", "120", "fighters", ("ISIS",)),
        ("killed 60 foreign mercenaries from Egypt", "60", "mercenaries", ("foreign",)),
        ("accused it of killing 14 civilians, including 3 children", "14", "civilians", ()),
        ("including 3 children in an air raid", "3", "children", ()),
        ("Some 120 Daesh (the so-called IS) fighters and 60", "Some 120", "fighters", ("Daesh",)),
        ("and up to 80 (IS) fighters including nine natives", "up to 80", "fighters", ()),
        ("and that 60 of them were foreign fighters from", "60", "fighters", ("foreign",)),
        ("only one soldier was wounded", "one", "soldier", ()),
    ],
)
def test_counted_thing_reads_the_noun_a_figure_counts(
    sentence: str, figure: str, head: str, modifiers: tuple[str, ...]
) -> None:
    end = sentence.index(figure) + len(figure)
    counted = counted_thing(sentence, end)
    assert counted.head == head
    assert counted.modifiers == modifiers


def test_of_them_is_part_of_the_figure_before() -> None:
    sentence = "It killed 120 fighters and 60 of them were foreign fighters."
    assert counted_thing(sentence, sentence.index("60") + 2).part_of_previous
    assert not counted_thing(sentence, sentence.index("120") + 3).part_of_previous


def test_counted_thing_finds_nothing_when_no_noun_follows() -> None:
    sentence = "The toll rose to 45, officials said."
    assert counted_thing(sentence, sentence.index("45") + 2).head == ""


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("fighters", "fighter"),
        ("mercenaries", "mercenary"),
        ("civilians", "civilian"),
        ("children", "child"),
        ("natives", "native"),
        ("people", "person"),
        ("boxes", "box"),
        ("houses", "house"),
        ("press", "press"),
    ],
)
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_synonyms_count_the_same_thing_but_civilians_do_not() -> None:
    def what(sentence: str, figure: str) -> tuple[str, tuple[str, ...]]:
        counted = counted_thing(sentence, sentence.index(figure) + len(figure))
        return counted.what, counted.qualifiers

    assert what("120 militants died", "120") == what("120 fighters died", "120")
    assert what("60 foreign fighters", "60") == what("60 foreign mercenaries", "60")
    assert what("60 mercenaries", "60") == what("60 foreign fighters", "60")
    assert what("60 foreign fighters", "60") != what("60 fighters", "60")
    assert what("14 civilians", "14") != what("14 fighters", "14")


def two_reports(
    first: str, second: str, figures: list[tuple[int, str, float | None, float | None, bool]]
) -> list[FigureGroup]:
    articles = [article_of(first, "one"), article_of(second, "two")]
    spans: list[list[Span]] = [[], []]
    for side, needle, low, high, approximate in figures:
        text = articles[side].text
        spans[side].append(number(text, needle, low, high, approximate=approximate))
    return align_figures([(articles[0], spans[0]), (articles[1], spans[1])])


def test_hedged_figure_agrees_with_the_plain_one() -> None:
    groups = two_reports(
        "Strikes killed 120 fighters.",
        "Some 120 fighters were killed.",
        [(0, "120", 120, 120, False), (1, "Some 120", 120, 120, True)],
    )
    assert [g.status for g in groups] == ["agree"]
    assert groups[0].counts == "fighters"


def test_different_values_for_the_same_thing_clash() -> None:
    groups = two_reports(
        "Strikes killed 120 fighters.",
        "Strikes killed 300 militants.",
        [(0, "120", 120, 120, False), (1, "300", 300, 300, False)],
    )
    assert [g.status for g in groups] == ["clash"]
    assert {m.article_id for m in groups[0].mentions} == {"one", "two"}


def test_approximate_widening_has_limits() -> None:
    near = two_reports(
        "Some 120 fighters died.",
        "Strikes killed 130 fighters.",
        [(0, "Some 120", 120, 120, True), (1, "130", 130, 130, False)],
    )
    far = two_reports(
        "Some 120 fighters died.",
        "Strikes killed 160 fighters.",
        [(0, "Some 120", 120, 120, True), (1, "160", 160, 160, False)],
    )
    assert [g.status for g in near] == ["agree"]
    assert [g.status for g in far] == ["clash"]


def test_different_things_counted_never_align() -> None:
    groups = two_reports(
        "Strikes killed 14 civilians.",
        "Strikes killed 14 fighters.",
        [(0, "14", 14, 14, False), (1, "14", 14, 14, False)],
    )
    assert sorted(g.status for g in groups) == ["one-side", "one-side"]


def figure_group(groups: list[FigureGroup], article: str, text: str) -> FigureGroup:
    found = [g for g in groups for m in g.mentions if m.article_id == article and m.text == text]
    assert found, f"no figure {text!r}"
    return found[0]


def test_seed_figures_align(
    seeds: list[tuple[Article, list[Span], list[Claim]]], seed_comparison: Comparison
) -> None:
    first, second = seeds[0][0].id, seeds[1][0].id
    groups = seed_comparison.figures

    fighters = figure_group(groups, second, "Some 120")
    assert fighters.status == "agree"
    assert (first, "120") in {(m.article_id, m.text) for m in fighters.mentions}

    foreign = figure_group(groups, first, "60")
    assert foreign.status == "agree"
    texts = {(m.article_id, m.text) for m in foreign.mentions}
    assert (second, "60") in texts
    # "more than 60 foreign mercenaries" restates the same figure: it joins, without clashing.
    assert (second, "more than 60") in texts
    assert "foreign" in foreign.counts

    for article, text in ((first, "14"), (first, "3"), (second, "up to 80"), (second, "some 40")):
        group = figure_group(groups, article, text)
        assert group.status == "one-side", text
        assert group.article_ids == {article}
    assert figure_group(groups, first, "14").counts == "civilians"
    assert figure_group(groups, first, "3").counts == "children"


def test_dates_are_not_aligned(seed_comparison: Comparison) -> None:
    labels = {m.label for g in seed_comparison.figures for m in g.mentions}
    assert "date" not in labels and "count" in labels


def test_three_reports_of_one_figure_agree_in_one_group() -> None:
    texts = ["Strikes killed 120 fighters.", "Some 120 militants died.", "About 120 fighters died."]
    articles = [article_of(t, f"r{n}") for n, t in enumerate(texts)]
    needles = [("120", False), ("Some 120", True), ("About 120", True)]
    spans = [
        [number(a.text, needle, 120, 120, approximate=approx)]
        for a, (needle, approx) in zip(articles, needles, strict=True)
    ]
    groups = align_figures(list(zip(articles, spans, strict=True)))
    assert [g.status for g in groups] == ["agree"]
    assert groups[0].article_ids == {"r0", "r1", "r2"}


def test_a_clash_pairs_the_closest_figures_and_leaves_the_rest_one_side() -> None:
    second = "Up to 130 fighters died in X, 80 fighters in Y, 40 fighters in Z."
    groups = two_reports(
        "Strikes killed 150 fighters.",
        second,
        [
            (0, "150", 150, 150, False),
            (1, "Up to 130", 0, 130, False),
            (1, "80", 80, 80, False),
            (1, "40", 40, 40, False),
        ],
    )
    clash = [g for g in groups if g.status == "clash"]
    assert len(clash) == 1
    assert {m.text for m in clash[0].mentions} == {"150", "Up to 130"}
    assert sorted(m.text for g in groups if g.status == "one-side" for m in g.mentions) == [
        "40",
        "80",
    ]
