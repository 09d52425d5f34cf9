"""Merging again into an existing team desk keeps what the team desk holds.

`merge a b -o team.json` over a team desk an editor had settled once replaced it whole and
deleted its journal unread: every settlement gone. The team desk now counts as one more input.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotations.desk_documents import DECISION_FIELDS
from annotations.files import FileLock
from annotations.storage import DeskError
from annotations.store import ClaimStatus, Desk
from annotations.team import in_conflict
from annotations.team.desks import merge_desk_files, read_desk
from annotations.team.merge import MERGED_TABLES
from tests.domain.test_store import ARTICLE, FIRST, SECOND
from tui.cli import main


def _desk(path: Path, analyst: str, status: ClaimStatus) -> Path:
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, status, analyst)
        desk.set_note(FIRST, f"{analyst}'s reason", analyst)
    return path


@pytest.fixture
def settled(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two analysts at odds, their team desk, and an editor's settlement left in its journal
    (as a newsdesk killed before compacting leaves it)."""
    a = _desk(tmp_path / "checker.json", "checker", ClaimStatus.CONFIRMED)
    b = _desk(tmp_path / "reviewer.json", "reviewer", ClaimStatus.DISPUTED)
    team = tmp_path / "team.json"
    merge_desk_files([a, b], team)
    kept = tmp_path / "kept"
    kept.mkdir()
    with Desk.open(team) as desk:
        desk.set_status(FIRST, ClaimStatus.DISPUTED, "editor")
        desk.set_note(SECOND, "editor's own claim", "editor")
        desk.add_alias("Damascus", "the capital")
        for name in ("team.json", "team.json.journal"):
            shutil.copyfile(tmp_path / name, kept / name)
    for name in ("team.json", "team.json.journal"):
        shutil.copyfile(kept / name, tmp_path / name)
    assert b"editor" in (tmp_path / "team.json.journal").read_bytes()
    return a, b, team


def test_merging_again_into_a_team_desk_keeps_its_settlements(
    settled: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, team = settled
    with Desk.open(a) as desk:
        desk.set_status(SECOND, ClaimStatus.CONFIRMED, "checker")  # the checker tags more
    assert main(["merge", str(a), str(b), "-o", str(team)]) == 0
    out = capsys.readouterr().out
    assert f"into the existing team desk {team}" in out and "0 in conflict" in out
    with Desk.open(team, lock=False) as desk:
        first = desk.tag_at(FIRST.article_id, FIRST.start, FIRST.end)
        second = desk.tag_at(SECOND.article_id, SECOND.start, SECOND.end)
        assert first is not None and not in_conflict(first)
        assert [(c.analyst, c.field) for c in first.history].count(("editor", "resolved")) == 1
        assert second is not None and "editor's own claim" in second.note
        assert {c.analyst for c in second.history} == {"checker", "editor"}
        assert desk.aliases() == {"Damascus": ["the capital"]}
    # Merging the same again changes nothing: idempotent, into the team desk too.
    before = json.loads(team.read_text())
    assert main(["merge", str(b), str(a), "-o", str(team)]) == 0
    after = json.loads(team.read_text())
    assert {k: v for k, v in after.items() if k != "journal"} == {
        k: v for k, v in before.items() if k != "journal"
    }


def test_an_open_team_desk_or_a_foreign_journal_is_refused_untouched(
    settled: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, team = settled
    state = {p.name: p.read_bytes() for p in team.parent.iterdir() if p.is_file()}
    held = FileLock.acquire(team.with_name("team.json.lock"))
    try:
        assert main(["merge", str(a), str(b), "-o", str(team)]) == 2
        assert "open" in capsys.readouterr().err
    finally:
        held.release()
    # A journal that is not this file's: refused, never deleted unread.
    stranger = team.with_name("stranger.json")
    journal = team.with_name("team.json.journal")
    shutil.copyfile(journal, stranger.with_name("stranger.json.journal"))
    assert main(["merge", str(a), str(b), "-o", str(stranger)]) == 2
    assert stranger.with_name("stranger.json.journal").read_bytes() == state["team.json.journal"]
    assert not stranger.exists()
    for name in ("team.json", "team.json.journal"):
        assert (team.parent / name).read_bytes() == state[name]


def test_every_table_a_desk_holds_is_merged(tmp_path: Path) -> None:
    """A desk holding one document in each table: each survives the merge. A table added to
    the desk without merge support fails here."""
    path = tmp_path / "full.json"
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
        desk.set_status(SECOND, ClaimStatus.DISPUTED, "checker")
        desk.link_claims(FIRST, SECOND, "contradicts", "checker")
        desk.add_merge({"key_a": "a", "key_b": "b"})
        desk.add_split({"entity_key": "a", "text": "A"})
        desk.add_alias("Damascus", "the capital")
        desk.add_figure_merge({"figure_a": "1", "figure_b": "2"})
        desk.add_figure_split({"figure": "3"})
        desk.add_claim_decision("split", {"claim": "c1", "at": "12"})
        desk.add_claim_decision("join", {"first": "c2", "second": "c3"})
    content = read_desk(path)[0]
    tables = {name for name, docs in content.items() if docs}
    assert tables >= {"meta", "tags", "articles", "links", *DECISION_FIELDS}
    assert tables == set(MERGED_TABLES)
    team = merge_desk_files([path], tmp_path / "team.json").team.content
    for name in tables - {"meta", "articles", "tags", "links"}:
        assert sorted(map(json.dumps, team[name].values())) == sorted(
            map(json.dumps, content[name].values())
        ), name
    assert all(len(team[name]) == len(content[name]) for name in tables), "a document lost"
    with Desk.open(tmp_path / "team.json", lock=False) as merged:
        assert merged.claim_decisions("split") == [{"claim": "c1", "at": "12"}]
        assert merged.claim_decisions("join") == [{"first": "c2", "second": "c3"}]


def test_a_desk_with_a_table_merge_does_not_know_is_refused(tmp_path: Path) -> None:
    path = _desk(tmp_path / "a.json", "checker", ClaimStatus.CONFIRMED)
    document = json.loads(path.read_text())
    document["claim_colours"] = {"1": {"claim": "c1", "colour": "red"}}
    path.write_text(json.dumps(document))
    with pytest.raises(DeskError, match="claim_colours"):
        merge_desk_files([path], tmp_path / "team.json")
    assert not (tmp_path / "team.json").exists()
