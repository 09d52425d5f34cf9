"""Merging desks gives one result whatever the order, the grouping or the repetition."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.claim_history import ClaimChange
from annotations.tags import ClaimStatus, Link, Tag
from annotations.team.merge import DeskContent, merge_contents
from annotations.team.verdicts import in_conflict, verdicts_of

CLAIMS = [("art-a", 0, 30), ("art-a", 31, 60), ("art-b", 0, 40)]
ANALYSTS = ["checker", "reviewer", "editor", "intern"]
STATUSES = ["confirmed", "disputed", "untagged"]


def _merge(*contents: DeskContent) -> DeskContent:
    tags = [[Tag.from_doc(doc) for doc in c["tags"].values()] for c in contents]
    links = [[Link.from_doc(doc) for doc in c["links"].values()] for c in contents]
    return merge_contents(contents, tags, links)


@st.composite
def desks(draw: st.DrawFn, analyst: str, last_second: int = 9) -> DeskContent:
    """One analyst's desk: some claims tagged and noted over time, links, an alias
    (`last_second` 0: every change made in the same second as every other desk's)."""
    tags: dict[str, dict[str, Any]] = {}
    chosen = draw(st.lists(st.sampled_from(range(len(CLAIMS))), unique=True, max_size=3))
    for n, index in enumerate(chosen, start=1):
        article_id, start, end = CLAIMS[index]
        seconds = sorted(draw(st.lists(st.integers(0, last_second), min_size=1, max_size=4)))
        history, status, note = [], "untagged", ""
        for second in seconds:
            at = f"2026-12-01T10:00:0{second}Z"
            if draw(st.booleans()):
                after = draw(st.sampled_from([s for s in STATUSES if s != status]))
                history.append(ClaimChange(analyst, at, "status", status, after))
                status = after
            else:
                after = draw(st.sampled_from(["", "two sources", "only one outlet"]))
                if after != note:
                    history.append(ClaimChange(analyst, at, "note", note, after))
                    note = after
        if status == "untagged" and not note:
            continue
        tags[str(n)] = Tag(
            id=f"t{index}{draw(st.sampled_from('ab'))}{analyst}",  # unique in a desk
            article_id=article_id,
            start=start,
            end=end,
            quote=f"claim {index}",
            prefix="",
            suffix="",
            status=None if status == "untagged" else ClaimStatus(status),
            note=note,
            analyst=analyst,
            updated_at=history[-1].at if history else "2026-12-01T10:00:00Z",
            history=tuple(history),
        ).to_doc()
    ids = [doc["id"] for doc in tags.values()]
    links: dict[str, dict[str, Any]] = {}
    if len(ids) >= 2 and draw(st.booleans()):
        relation = draw(st.sampled_from(["corroborates", "contradicts"]))
        links["1"] = Link(
            "l" + analyst, ids[0], ids[1], relation, analyst, "2026-12-01T10:00:05Z"
        ).to_doc()
    article = {"id": "art-a", "title": draw(st.sampled_from(["", "Strikes", "Raid"]))}
    article["position"] = draw(st.integers(0, 50))
    aliases = {"1": {"canonical": "Islamic State", "alias": draw(st.sampled_from(["IS", "ISIL"]))}}
    return {
        "meta": {"1": {"schema": 1}},
        "tags": tags,
        "articles": {"1": article},
        "links": links,
        "aliases": aliases,
    }


@st.composite
def three_desks(
    draw: st.DrawFn, last_second: int = 9
) -> tuple[DeskContent, DeskContent, DeskContent]:
    # One analyst a desk: an analyst works one desk at a time.
    names = draw(st.permutations(ANALYSTS))
    return (
        draw(desks(names[0], last_second)),
        draw(desks(names[1], last_second)),
        draw(desks(names[2], last_second)),
    )


ANY_DESKS = st.one_of(three_desks(), three_desks(last_second=0), three_desks(last_second=1))
"""Desks whose changes fall in any second, or all in one or two: same-second ties."""


@settings(max_examples=150, deadline=None)
@given(ANY_DESKS)
def test_merge_is_commutative_associative_and_idempotent(
    trio: tuple[DeskContent, DeskContent, DeskContent],
) -> None:
    a, b, c = trio
    assert _merge(a, b) == _merge(b, a)
    assert _merge(a, a) == _merge(a)
    assert _merge(_merge(a)) == _merge(a)
    assert _merge(_merge(a, b), c) == _merge(a, _merge(b, c)) == _merge(a, b, c)
    assert _merge(_merge(a, b), _merge(a, b)) == _merge(a, b)


@settings(max_examples=100, deadline=None)
@given(ANY_DESKS)
def test_nothing_is_dropped(trio: tuple[DeskContent, DeskContent, DeskContent]) -> None:
    merged = _merge(*trio)
    changes = {ClaimChange(*change) for doc in merged["tags"].values() for change in doc["history"]}
    for desk in trio:
        for doc in desk["tags"].values():
            assert {ClaimChange(*change) for change in doc["history"]} <= changes
    keys = {(d["article_id"], d["start"], d["end"]) for d in merged["tags"].values()}
    assert len(keys) == len(merged["tags"])
    assert keys == {
        (d["article_id"], d["start"], d["end"]) for desk in trio for d in desk["tags"].values()
    }
    aliases = {d["alias"] for d in merged["aliases"].values()}
    assert aliases == {d["alias"] for desk in trio for d in desk["aliases"].values()}


@settings(max_examples=60, deadline=None)
@given(desks("checker"))
def test_a_desk_merged_with_its_later_self_is_its_later_self(early: DeskContent) -> None:
    # The same desk saved later: every claim noted once more. The earlier copy adds nothing.
    later = copy.deepcopy(early)
    for doc in later["tags"].values():
        at = "2026-12-01T10:01:00Z"
        doc["history"].append(["checker", at, "note", doc["note"], "checked again"])
        doc.update(note="checked again", updated_at=at)
    assert _merge(early, later) == _merge(later)


@settings(max_examples=150, deadline=None)
@given(ANY_DESKS)
def test_no_verdict_is_lost_to_a_note_and_differing_verdicts_are_a_conflict(
    trio: tuple[DeskContent, DeskContent, DeskContent],
) -> None:
    merged = {tag.key: tag for tag in map(Tag.from_doc, _merge(*trio)["tags"].values())}
    given_verdicts: dict[tuple[str, int, int], set[tuple[str, str]]] = {}
    notes: dict[tuple[str, int, int], set[str]] = {}
    for desk in trio:
        for tag in map(Tag.from_doc, desk["tags"].values()):
            if tag.status is not None:
                given_verdicts.setdefault(tag.key, set()).add((tag.analyst, tag.status_name))
            if tag.note:
                notes.setdefault(tag.key, set()).add(tag.note)
    for key, tag in merged.items():
        verdicts = {(v.analyst, v.status) for v in verdicts_of(tag)}
        # Every analyst's own verdict stands after the merge, whatever their colleagues noted.
        assert verdicts == given_verdicts.get(key, set())
        assert (tag.status is None) == (not verdicts)
        assert tag.status is None or any(tag.status_name == v for _, v in verdicts)
        assert in_conflict(tag) == (len({v for _, v in verdicts}) > 1)
        # A verdict never takes the place of a note either.
        assert (tag.note != "") == bool(notes.get(key)) and (not tag.note or tag.note in notes[key])
