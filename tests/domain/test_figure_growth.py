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
from annotations.compare.figures import FigureMention, values_compatible
from annotations.compare.match_evidence import ClaimFeatures, _figures

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
