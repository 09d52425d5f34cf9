"""Merging analysts' desks: one claim per anchor, every verdict kept, conflicts, resolution."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.claims import Claim
from annotations.storage import DeskError
from annotations.store import ClaimStatus, Desk
from annotations.team.desks import SameDeskError, merge_desk_files, read_desk
from annotations.team.verdicts import in_conflict, verdicts_of
from tests.domain.test_store import ARTICLE, FIRST, SECOND


def _desk(path: Path, analyst: str, verdicts: list[tuple[Claim, ClaimStatus]]) -> Path:
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        for claim, status in verdicts:
            desk.set_status(claim, status, analyst)
    return path


@pytest.fixture
def two_desks(tmp_path: Path) -> tuple[Path, Path]:
    checker = _desk(
        tmp_path / "checker.json",
        "checker",
        [(FIRST, ClaimStatus.CONFIRMED), (SECOND, ClaimStatus.CONFIRMED)],
    )
    reviewer = _desk(
        tmp_path / "reviewer.json",
        "reviewer",
        [(FIRST, ClaimStatus.CONFIRMED), (SECOND, ClaimStatus.DISPUTED)],
    )
    with Desk.open(reviewer) as desk:
        desk.set_note(SECOND, "the ministry gave 60, not 120", "reviewer")
        desk.add_alias("Islamic State", "Daech")
    return checker, reviewer


@pytest.fixture
def team(two_desks: tuple[Path, Path], tmp_path: Path) -> Path:
    merge_desk_files(two_desks, tmp_path / "team.json")
    return tmp_path / "team.json"


def test_the_team_desk_holds_one_claim_per_anchor_with_every_verdict(team: Path) -> None:
    with Desk.open(team) as desk:
        tags = {tag.key: tag for tag in desk.tags()}
        assert len(tags) == 2
        agreed, clashing = (
            tags[FIRST.article_id, FIRST.start, FIRST.end],
            tags[SECOND.article_id, SECOND.start, SECOND.end],
        )
        assert not in_conflict(agreed)
        assert agreed.status is ClaimStatus.CONFIRMED
        assert [(v.analyst, v.status) for v in verdicts_of(agreed)] == [
            ("checker", "confirmed"),
            ("reviewer", "confirmed"),
        ]
        assert in_conflict(clashing)
        verdicts = verdicts_of(clashing)
        assert [(v.analyst, v.status, v.note) for v in verdicts] == [
            ("checker", "confirmed", ""),
            ("reviewer", "disputed", "the ministry gave 60, not 120"),
        ]
        assert all(v.at.endswith("Z") for v in verdicts)
        assert desk.aliases() == {"Islamic State": ["Daech"]}
        assert desk.article_info(ARTICLE.id) is not None


def test_resolving_by_tagging_records_the_verdicts_it_settled(team: Path) -> None:
    with Desk.open(team) as desk:
        # The shown verdict is the latest; tagging it again still settles the conflict.
        shown = desk.tag_at(SECOND.article_id, SECOND.start, SECOND.end)
        assert shown is not None
        tag = desk.set_status(SECOND, shown.status, "editor")
        assert tag is not None and not in_conflict(tag)
        last = tag.history[-1]
        assert (last.analyst, last.field, last.before) == (
            "editor",
            "resolved",
            "checker: confirmed; reviewer: disputed",
        )
        assert last.after == shown.status_name
        assert "resolved (checker: confirmed; reviewer: disputed)" in last.describe()
        assert [(v.analyst, v.status) for v in verdicts_of(tag)] == [("editor", shown.status_name)]
        step = desk.undo_step()
        assert step is not None and step.what == "resolution"
        undone = desk.tag_at(SECOND.article_id, SECOND.start, SECOND.end)
        assert undone is not None and in_conflict(undone)
    # On disk too, after reopening.
    with Desk.open(team) as desk:
        tag = desk.set_status(SECOND, ClaimStatus.DISPUTED, "editor")
    with Desk.open(team) as desk:
        reread = desk.tag_at(SECOND.article_id, SECOND.start, SECOND.end)
        assert reread is not None and not in_conflict(reread)
        assert reread.history[-1].field == "resolved"


def test_one_desk_overruled_knowingly_is_not_a_conflict() -> None:
    desk = Desk.in_memory()
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
    tag = desk.set_status(FIRST, ClaimStatus.DISPUTED, "reviewer")
    assert tag is not None and not in_conflict(tag)
    assert [(v.analyst, v.status) for v in verdicts_of(tag)] == [("reviewer", "disputed")]


def test_a_withdrawn_verdict_is_not_in_conflict(tmp_path: Path) -> None:
    a = _desk(tmp_path / "a.json", "a", [(FIRST, ClaimStatus.CONFIRMED)])
    b = _desk(tmp_path / "b.json", "b", [(FIRST, ClaimStatus.DISPUTED)])
    with Desk.open(b) as desk:
        desk.set_status(FIRST, None, "b")
        desk.set_note(FIRST, "not sure", "b")
    merge_desk_files([a, b], tmp_path / "team.json")
    with Desk.open(tmp_path / "team.json") as desk:
        (tag,) = desk.tags()
        assert not in_conflict(tag)
        assert [(v.analyst, v.status) for v in verdicts_of(tag)] == [("a", "confirmed")]


def test_links_follow_their_claims_and_keep_their_analysts(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path, analyst, relation in ((a, "a", "corroborates"), (b, "b", "contradicts")):
        with Desk.open(path) as desk:
            desk.remember_article(ARTICLE)
            desk.link_claims(FIRST, SECOND, relation, analyst)  # type: ignore[arg-type]
    merge_desk_files([a, b], tmp_path / "team.json")
    with Desk.open(tmp_path / "team.json") as desk:
        assert len(desk.tags()) == 2
        links = desk.links_of(FIRST.article_id, FIRST.start, FIRST.end)
        assert sorted((link.analyst, link.relation) for link in links) == [
            ("a", "corroborates"),
            ("b", "contradicts"),
        ]
        ids = {tag.id for tag in desk.tags()}
        assert all({link.tag_a, link.tag_b} == ids for link in links)


def test_the_team_desk_is_never_written_over_an_input(two_desks: tuple[Path, Path]) -> None:
    before = two_desks[0].read_bytes()
    with pytest.raises(SameDeskError, match="would replace the desk"):
        merge_desk_files(two_desks, two_desks[0])
    link = two_desks[0].with_name("alias.json")
    link.symlink_to(two_desks[0])
    with pytest.raises(SameDeskError):
        merge_desk_files(two_desks, link)
    assert two_desks[0].read_bytes() == before


def test_a_missing_or_damaged_input_is_refused_and_nothing_is_written(
    two_desks: tuple[Path, Path], tmp_path: Path
) -> None:
    team = tmp_path / "team.json"
    with pytest.raises(DeskError, match="no such file"):
        merge_desk_files([two_desks[0], tmp_path / "nope.json"], team)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"tags": {"1": {"id": 3}}, "meta": {"1": {"schema": 1}}}))
    with pytest.raises(DeskError, match="damaged"):
        merge_desk_files([two_desks[0], bad], team)
    assert not team.exists()
    assert not (tmp_path / "nope.json").exists()


def test_an_input_desk_is_only_read(two_desks: tuple[Path, Path], tmp_path: Path) -> None:
    listing = sorted(p.name for p in tmp_path.iterdir())
    stamps = [p.stat().st_mtime_ns for p in two_desks]
    read_desk(two_desks[0])
    merge_desk_files(two_desks, tmp_path / "team.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*listing, "team.json", "team.json.journal", "team.json.lock"]
    )
    assert [p.stat().st_mtime_ns for p in two_desks] == stamps


def test_the_team_desk_is_a_plain_tinydb_file(team: Path) -> None:
    from tinydb import TinyDB

    with TinyDB(team) as db:
        assert {"meta", "tags", "articles", "links", "aliases"} <= db.tables()
        assert len(db.table("tags")) == 2


def test_merging_decisions_takes_memory_in_step_with_them() -> None:
    import tracemalloc

    from annotations.team.merge import DECISION_TABLES, merge_contents

    table = DECISION_TABLES[0]
    decisions = {str(n): {"a": f"entity {n}", "b": f"other {n}"} for n in range(5_000)}
    contents = [{table: decisions}, {table: dict(decisions)}]
    tracemalloc.start()
    try:
        merged = merge_contents(contents, [[], []], [[], []])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(merged[table]) == 5_000  # each decision once
    # Each record's key is its own JSON (some 40 bytes), not a buffer of 4 KB (20 MB here).
    assert peak < 8_000_000
