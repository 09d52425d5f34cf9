"""One long sentence full of figures costs the comparison work and memory in proportion to
its length, not to its square: four times the figures, at most a little over four times the
work.

The work is counted, not timed: the figure ranges read while matching two claims (each figure
of one claim tried against every figure of the other shows there), and the characters copied
out of the article text while reading what each figure counts (a copy of the whole sentence
for every figure of it shows there)."""

from __future__ import annotations

import math
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.articles import Article
from annotations.compare import compare_articles
from annotations.compare.counted import counted_thing
from annotations.compare.figures import (
    FigureMention,
    _break_within,
    figure_mentions,
    values_compatible,
)
from annotations.compare.match_evidence import ClaimFeatures, _figures
from annotations.detection import detect
from tests.counting import SlicesCounted

GROWTH_BAR = 4.5
"""At most this much more work for four times the input (linear work grows four times;
quadratic work would grow sixteen times)."""


def toll(figures: int, shift: int = 0) -> str:
    """One sentence of `figures` counts of fighters: "The toll was 2 fighters in Zone 0, ..."."""
    counts = "".join(f"{n % 97 + 2 + shift} fighters in Zone {n % 13}, " for n in range(figures))
    return f"The toll was {counts}in all.\n"


def _ranges_read(figures: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """The figure ranges read while comparing two one-sentence tolls of `figures` figures."""
    reads = 0
    plain = cast(Any, FigureMention.range).fget

    def counting(self: FigureMention) -> tuple[float, float] | None:
        nonlocal reads
        reads += 1
        return cast("tuple[float, float] | None", plain(self))

    with monkeypatch.context() as patch:
        patch.setattr(FigureMention, "range", property(counting))
        compare_articles(
            [
                Article(id="a", text=toll(figures), title="a"),
                Article(id="b", text=toll(figures, 1), title="b"),
            ]
        )
    return reads


def test_matching_two_long_sentences_of_figures_reads_each_range_a_few_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small, large = _ranges_read(60, monkeypatch), _ranges_read(240, monkeypatch)
    assert large <= GROWTH_BAR * small, (small, large)


# The figures two claims agree and clash on, as read before the figures were indexed by key:
# every figure of one claim against every figure of the other.


def _figures_one_by_one(
    a: ClaimFeatures, b: ClaimFeatures
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    agree: list[str] = []
    clash: list[str] = []
    left_out = 0
    for x in a.figures:
        rx = x.range
        others = [y for y in b.figures if y.key == x.key and y.range is not None]
        if rx is None or not others:
            left_out += rx is not None
            continue
        name = x.counts or x.label
        if any(values_compatible(rx, y.range) for y in others if y.range is not None):
            agree.append(f"{x.text} {name}")
        else:
            clash.append(f"{x.text} / {others[0].text} {name}")
    return tuple(dict.fromkeys(agree)), tuple(dict.fromkeys(clash)), left_out


_BOUNDS = st.one_of(
    st.none(),
    st.sampled_from([0.0, 1.0, 40.0, 60.0, 80.0, 120.0, math.inf, math.nan]),
    st.floats(min_value=0, max_value=200, allow_nan=False),
)

_FIGURES = st.lists(
    st.builds(
        lambda n, key, low, high, approximate: FigureMention(
            article_id="a",
            start=n,
            end=n + 1,
            text=f"figure{n}",
            label="count",
            low=low,
            high=high,
            unit=None,
            approximate=approximate,
            counts=key.partition("|")[0],
            key=key,
            sentence="",
        ),
        st.integers(0, 20),
        st.sampled_from(["", "count|fighter||", "count|civilian||", "money|||$"]),
        _BOUNDS,
        _BOUNDS,
        st.booleans(),
    ),
    max_size=12,
)


def _claim_with(figures: list[FigureMention]) -> ClaimFeatures:
    none = cast(Any, None)
    empty: frozenset[str] = frozenset()
    return ClaimFeatures(none, empty, empty, empty, empty, empty, figures, none, 0)


@given(_FIGURES, _FIGURES)
def test_figures_indexed_by_key_agree_and_clash_as_one_by_one(
    ours: list[FigureMention], theirs: list[FigureMention]
) -> None:
    a, b = _claim_with(ours), _claim_with(theirs)
    assert _figures(a, b) == _figures_one_by_one(a, b)
    # The index made for `b` serves it again, the other way round too.
    assert _figures(b, a) == _figures_one_by_one(b, a)
    assert _figures(a, b) == _figures_one_by_one(a, b)


def _long_sentence(figures: int) -> str:
    """One sentence of `figures` figures, each of a few words: "... and 3 fighters from ..."."""
    parts = "".join(f"and {n % 90} fighters from Mayadeen " for n in range(figures))
    return f"The ministry said {parts}died.\n"


def _copied_reading(figures: int) -> tuple[int, list[FigureMention]]:
    """The characters copied out of the text reading the figures of a long sentence."""
    text = _long_sentence(figures)
    spans = detect(text)
    counting = SlicesCounted(text)
    SlicesCounted.copied = 0
    mentions = figure_mentions("a", counting, spans)
    return SlicesCounted.copied, mentions


def test_reading_the_figures_of_a_long_sentence_copies_it_once() -> None:
    (small, _), (large, mentions) = _copied_reading(100), _copied_reading(400)
    assert large <= GROWTH_BAR * small, (small, large)
    # Its figures share the one copy of their sentence, as written.
    assert len(mentions) == 400
    assert {id(m.sentence) for m in mentions} == {id(mentions[0].sentence)}
    assert mentions[0].sentence == _long_sentence(400).rstrip()


def test_what_a_figure_counts_is_read_from_the_words_after_it_not_the_rest_of_the_sentence() -> (
    None
):
    text = "Some 120 " + "fighters and others " * 1000 + "died."
    counting = SlicesCounted(text)
    SlicesCounted.copied = 0
    counted = counted_thing(counting, len("Some 120"), len(text))
    assert counted.head == "fighters"
    assert SlicesCounted.copied <= 200


def _copied_reading_bare_counts(sentences: int) -> int:
    """The characters copied reading a toll followed by `sentences` counts with no noun."""
    text = "Some 5 fighters died. " + "".join(f"Then {n % 50 + 1} fled. " for n in range(sentences))
    spans = detect(text)
    counting = SlicesCounted(text)
    SlicesCounted.copied = 0
    figure_mentions("a", counting, spans)
    return SlicesCounted.copied


def test_counts_with_no_noun_do_not_copy_the_text_back_to_the_last_toll() -> None:
    # Each bare count looks for a paragraph break between it and the toll it may add to.
    small, large = _copied_reading_bare_counts(100), _copied_reading_bare_counts(400)
    assert large <= GROWTH_BAR * small, (small, large)


@given(st.text("\nab", max_size=12), st.integers(0, 13), st.integers(0, 13))
def test_paragraph_breaks_found_once_are_those_of_the_text_between(
    text: str, start: int, end: int
) -> None:
    breaks = [n for n in range(len(text)) if text.startswith("\n\n", n)]
    assert _break_within(breaks, start, end) == ("\n\n" in text[start:end])
