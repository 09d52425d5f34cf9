"""Agreement figures against published worked examples and against nltk's AnnotationTask."""

from __future__ import annotations

import math
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask

from annotations.claim_history import ClaimChange
from annotations.tags import ClaimStatus, Tag
from annotations.team.agreement import (
    cohen_kappa,
    krippendorff_alpha_nominal,
    measure_agreement,
    observed_agreement,
)

# Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication, University of Pennsylvania, section C ("nominal data, any number of observers,
# missing data"): four observers, twelve units, values 1-5, "." missing; alpha = 0.743.
KRIPPENDORFF_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def _units(table: dict[str, str]) -> list[list[str]]:
    rows = [row.split() for row in table.values()]
    return [[row[i] for row in rows if row[i] != "."] for i in range(len(rows[0]))]


def _nltk(table: dict[str, str]) -> AnnotationTask:
    return AnnotationTask(
        [
            (coder, str(unit), value)
            for coder, row in table.items()
            for unit, value in enumerate(row.split())
            if value != "."
        ]
    )


def test_alpha_matches_krippendorffs_worked_example() -> None:
    alpha = krippendorff_alpha_nominal(_units(KRIPPENDORFF_2011))
    assert alpha is not None and round(alpha, 3) == 0.743
    assert alpha == pytest.approx(_nltk(KRIPPENDORFF_2011).alpha())


def test_kappa_matches_the_wikipedia_worked_example() -> None:
    # Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by two readers,
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10
    pairs += [("no", "no")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert observed_agreement([list(p) for p in pairs]) == pytest.approx(0.7)
    task = AnnotationTask(
        [(coder, str(i), pair[k]) for i, pair in enumerate(pairs) for k, coder in enumerate("ab")]
    )
    assert task.kappa() == pytest.approx(0.4)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["confirmed", "disputed"]), st.sampled_from(["confirmed", "disputed"])
        ),
        min_size=1,
        max_size=30,
    )
)
def test_kappa_and_alpha_agree_with_nltk_on_two_analysts(pairs: list[tuple[str, str]]) -> None:
    task = AnnotationTask(
        [(coder, str(i), pair[k]) for i, pair in enumerate(pairs) for k, coder in enumerate("ab")]
    )
    kappa = cohen_kappa(pairs)
    if kappa is None:
        assert len({value for pair in pairs for value in pair}) == 1
    else:
        assert kappa == pytest.approx(task.kappa())
    alpha = krippendorff_alpha_nominal([list(pair) for pair in pairs])
    if alpha is not None:
        assert alpha == pytest.approx(task.alpha())
    assert observed_agreement([list(p) for p in pairs]) == pytest.approx(task.avg_Ao())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["confirmed", "disputed", "noted"]), min_size=3, max_size=3),
        min_size=2,
        max_size=20,
    )
)
def test_alpha_agrees_with_nltk_for_three_analysts(units: list[list[str]]) -> None:
    alpha = krippendorff_alpha_nominal(units)
    if alpha is None:
        assert len({value for unit in units for value in unit}) == 1
        return
    task = AnnotationTask(
        [(coder, str(i), unit[k]) for i, unit in enumerate(units) for k, coder in enumerate("abc")]
    )
    assert alpha == pytest.approx(task.alpha())
    shares = [sum(a == b for a, b in combinations(u, 2)) / 3 for u in units]
    assert observed_agreement(units) == pytest.approx(sum(shares) / len(shares))


def _tag(tag_id: str, verdicts: dict[str, str]) -> Tag:
    history = tuple(
        ClaimChange(analyst, f"2026-12-01T10:00:0{i}Z", "status", "untagged", status)
        for i, (analyst, status) in enumerate(verdicts.items())
    )
    last = list(verdicts.values())[-1]
    return Tag(
        tag_id,
        "art",
        int(tag_id) * 10,
        int(tag_id) * 10 + 5,
        f"claim {tag_id}",
        "",
        "",
        ClaimStatus(last),
        "",
        list(verdicts)[-1],
        history[-1].at,
        history=history,
    )


def test_the_desks_figures_and_disagreements() -> None:
    tags = [
        _tag("1", {"checker": "confirmed", "reviewer": "confirmed"}),
        _tag("2", {"checker": "confirmed", "reviewer": "disputed"}),
        _tag("3", {"checker": "disputed"}),  # one analyst only: not measured
    ]
    result = measure_agreement(tags, {"art": "Strikes"})
    assert (result.claims, result.observed, result.analysts) == (2, 0.5, ["checker", "reviewer"])
    assert result.kappa == 0.0 and result.alpha == 0.0
    (clash,) = result.disagreements
    assert (clash.claim_id, clash.article_title, clash.verdicts) == (
        "2",
        "Strikes",
        {"checker": "confirmed", "reviewer": "disputed"},
    )
    assert result.to_json()["disagreements"][0]["verdicts"] == clash.verdicts


def test_degenerate_desks_say_why_a_figure_is_missing() -> None:
    same = [_tag(str(i), {"checker": "confirmed", "reviewer": "confirmed"}) for i in range(1, 4)]
    result = measure_agreement(same, {})
    assert result.observed == 1.0 and result.kappa is None and result.alpha is None
    assert any("kappa is undefined" in note for note in result.notes)
    assert not any(isinstance(v, float) and math.isnan(v) for v in result.to_json().values())
    nobody = measure_agreement([_tag("1", {"checker": "confirmed"})], {})
    assert nobody.claims == 0 and nobody.observed is None
    assert nobody.notes == [
        "only one analyst gave verdicts (checker): agreement needs two analysts' verdicts on "
        "the same claims; give each analyst's desk"
    ]
    apart = measure_agreement(
        [_tag("1", {"checker": "confirmed"}), _tag("2", {"reviewer": "disputed"})], {}
    )
    assert apart.notes == ["no claim was tagged by two analysts: nothing to measure"]
    assert apart.judges == ["checker", "reviewer"] and apart.analysts == []
    three = measure_agreement(
        [_tag("1", {"a": "confirmed", "b": "disputed", "c": "disputed"})] * 2, {}
    )
    assert three.kappa is None and "for two analysts" in three.notes[0]
    assert three.alpha is not None


def test_a_withdrawn_verdict_is_not_a_rating() -> None:
    tag = _tag("1", {"checker": "confirmed", "reviewer": "disputed"})
    withdrawn = Tag(
        **{
            **{f: getattr(tag, f) for f in Tag.__slots__},  # type: ignore[attr-defined]
            "history": (
                *tag.history,
                ClaimChange("reviewer", "2026-12-01T10:00:09Z", "status", "disputed", "untagged"),
            ),
        }
    )
    assert measure_agreement([withdrawn], {}).claims == 0
