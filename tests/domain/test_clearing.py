"""Clearing a claim (x) never erases another analyst's verdict, note or resolution: the record
stays, untagged, with a line for the clearing; a claim only its clearer touched still goes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from annotations import desk_documents
from annotations.export import export_desk_csv
from annotations.formats.w3c import annotation_collection, export_w3c
from annotations.formats.w3c_import import import_w3c
from annotations.store import ClaimStatus, Desk
from annotations.team.agreement import measure_agreement
from annotations.team.desks import merge_desk_files, read_desk
from annotations.team.verdicts import in_conflict, verdicts_of
from tests.domain.desks import ARTICLE, FIRST, OTHER, OTHER_FIRST, SECOND

FIRST_KEY = (ARTICLE.id, FIRST.start, FIRST.end)
SECOND_KEY = (ARTICLE.id, SECOND.start, SECOND.end)


def _rows(desk: Desk, **kwargs: Any) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    export_desk_csv(desk, out, **kwargs)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def _steps(desk: Desk, key: tuple[str, int, int]) -> list[tuple[str, str, str, str]]:
    tag = desk.tag_at(*key)
    assert tag is not None
    return [(c.analyst, c.field, c.before, c.after) for c in tag.history]


def _doc(desk: Desk, key: tuple[str, int, int]) -> dict[str, Any]:
    tag = desk.tag_at(*key)
    assert tag is not None
    return tag.to_doc()


def test_clearing_a_colleagues_verdict_keeps_it_on_record(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "root")
    with Desk.open(path) as desk:
        cleared = desk.set_status(FIRST, None, "checker")
        assert cleared is not None and cleared.status is None and cleared.note == ""
        assert cleared.analyst == "checker" and cleared.names_others
        assert desk.counts() == {"confirmed": 0, "disputed": 0, "noted": 0}
        # The journal holds the record, not a deletion.
        journal = path.with_name(path.name + ".journal").read_text(encoding="utf-8")
        assert '["tags","1",null]' not in journal.replace(" ", "")
    with Desk.open(path) as desk:
        assert _steps(desk, FIRST_KEY) == [
            ("root", "status", "untagged", "confirmed"),
            ("checker", "status", "confirmed", "untagged"),
        ]
        (row,) = _rows(desk)
        assert row["status"] == "untagged" and row["analyst"] == "checker"
        assert "root: untagged → confirmed" in row["history"]
        assert "checker: confirmed → untagged" in row["history"]
        assert [r["claim"] for r in _rows(desk, statuses=["untagged"])] == [FIRST.text]
        assert _rows(desk, statuses=["confirmed", "disputed"]) == []
        # Clearing it again changes nothing; c brings a verdict back on the same record.
        assert desk.set_status(FIRST, None, "checker") == cleared
        again = desk.set_status(FIRST, ClaimStatus.DISPUTED, "checker")
        assert again is not None and again.id == cleared.id


def test_undo_of_the_clearing_brings_back_exactly_the_record_before(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
        desk.set_status(FIRST, ClaimStatus.DISPUTED, "reviewer")
        before = _doc(desk, FIRST_KEY)
        cleared = desk.set_status(FIRST, None, "reviewer")
        assert cleared is not None and cleared.status is None
        assert desk.undo() is not None
        assert _doc(desk, FIRST_KEY) == before
    with Desk.open(path) as desk:
        assert _doc(desk, FIRST_KEY) == before
        assert desk.counts()["disputed"] == 1
        desk.set_status(FIRST, None, "reviewer")
        desk.undo()
        desk.redo_step()
        assert _steps(desk, FIRST_KEY)[-1] == ("reviewer", "status", "disputed", "untagged")
    with Desk.open(path) as desk:
        assert [a for a, *_ in _steps(desk, FIRST_KEY)] == ["checker", "reviewer", "reviewer"]


def test_a_claim_only_its_clearer_touched_still_goes(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
        desk.set_note(FIRST, "two sources", "checker")
        desk.set_note(FIRST, "", "checker")
        # One name in two Unicode forms, and spaces around it, is one analyst.
        assert desk.set_status(FIRST, None, " checker ") is None
        assert desk.tags() == []
        assert desk.undo() is not None and desk.tag_at(*FIRST_KEY) is not None
        desk.redo_step()
        desk.set_status(SECOND, ClaimStatus.DISPUTED, "Jose\u0301")
        assert desk.set_status(SECOND, None, "Jos\u00e9") is None
    with Desk.open(path) as desk:
        assert desk.tags() == [] and _rows(desk) == []


def test_removing_a_colleagues_note_keeps_the_record(tmp_path: Path) -> None:
    with Desk.open(tmp_path / "desk.json") as desk:
        desk.remember_article(ARTICLE)
        desk.set_note(FIRST, "ask the ministry", "root")
        kept = desk.set_note(FIRST, "", "checker")
        assert kept is not None and kept.status is None and kept.note == ""
        assert _steps(desk, FIRST_KEY)[-1] == ("checker", "note", "ask the ministry", "")
        (row,) = _rows(desk)
        assert row["status"] == "untagged" and "note removed" in row["history"]
        assert desk.counts() == {"confirmed": 0, "disputed": 0, "noted": 0}


def test_a_verdict_and_note_saved_before_histories_keep_their_analyst(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "root")
        desk.set_note(SECOND, "ask the ministry", "root")
    stored = json.loads(path.read_text(encoding="utf-8"))
    for doc in stored["tags"].values():
        doc["history"] = []  # a desk from before claims had a history
    path.write_text(json.dumps(stored), encoding="utf-8")
    path.with_name(path.name + ".journal").unlink(missing_ok=True)
    with Desk.open(path) as desk:
        assert desk.set_status(FIRST, None, "checker") is not None
        assert desk.set_note(SECOND, "", "checker") is not None
        first, second = _steps(desk, FIRST_KEY), _steps(desk, SECOND_KEY)
        assert first == [
            ("root", "status", "untagged", "confirmed"),
            ("checker", "status", "confirmed", "untagged"),
        ]
        assert second == [
            ("root", "note", "", "ask the ministry"),
            ("checker", "note", "ask the ministry", ""),
        ]
        assert len(_rows(desk)) == 2


def test_a_cleared_record_outlives_its_last_link(tmp_path: Path) -> None:
    with Desk.open(tmp_path / "desk.json") as desk:
        for article in (ARTICLE, OTHER):
            desk.remember_article(article)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "root")
        link = desk.link_claims(FIRST, OTHER_FIRST, "corroborates", "checker")
        desk.set_status(FIRST, None, "checker")
        desk.unlink(link.id)
        assert desk.tag_at(*FIRST_KEY) is not None  # root's verdict is still on record
        assert desk.tag_at(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end) is None


def test_a_cleared_record_goes_through_w3c_and_back(tmp_path: Path) -> None:
    with Desk.open(tmp_path / "desk.json") as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "root")
        desk.set_status(FIRST, None, "checker")
        (item,) = annotation_collection(desk)["first"]["items"]
        assert item["motivation"] == "assessing" and item["body"] == []
        assert [c["analyst"] for c in item["newsdesk:history"]] == ["root", "checker"]
        exported = tmp_path / "claims.w3c.json"
        with exported.open("w", encoding="utf-8") as out:
            export_w3c(desk, out, for_terminal=False)
        original = _doc(desk, FIRST_KEY)
    with Desk.open(tmp_path / "copy.json") as copy:
        assert import_w3c(copy, exported).added == 1
        assert _doc(copy, FIRST_KEY) == original


def _team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team desk of two analysts' desks, in conflict on FIRST; the editor works on it
    minutes later (merges order one second's changes by analyst, not as made)."""
    monkeypatch.setattr(desk_documents, "now", lambda: "2026-12-01T10:00:00Z")
    verdicts = (("checker", ClaimStatus.CONFIRMED), ("reviewer", ClaimStatus.DISPUTED))
    for analyst, status in verdicts:
        with Desk.open(tmp_path / f"{analyst}.json") as desk:
            desk.remember_article(ARTICLE)
            desk.set_status(FIRST, status, analyst)
            desk.set_status(SECOND, ClaimStatus.CONFIRMED, analyst)
    desks = [tmp_path / "checker.json", tmp_path / "reviewer.json"]
    result = merge_desk_files(desks, tmp_path / "team.json")
    assert [in_conflict(tag) for tag in result.team.tags] == [True, False]
    monkeypatch.setattr(desk_documents, "now", lambda: "2026-12-01T10:05:00Z")
    return tmp_path / "team.json"


def _agreement(path: Path) -> tuple[list[str], int]:
    _, tags, _, _ = read_desk(path)
    agreement = measure_agreement(tags, {})
    return agreement.analysts, len(agreement.disagreements)


def test_the_editors_x_settles_a_conflict_as_untagged_and_keeps_every_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = _team(tmp_path, monkeypatch)
    with Desk.open(team) as desk:
        conflicted = desk.tag_at(*FIRST_KEY)
        assert conflicted is not None and in_conflict(conflicted)
        before = conflicted.to_doc()
        settled = desk.set_status(FIRST, None, "editor")
        assert settled is not None and settled.status is None
        assert not in_conflict(settled) and verdicts_of(settled) == []
        assert _steps(desk, FIRST_KEY)[-1] == (
            "editor",
            "resolved",
            "checker: confirmed; reviewer: disputed",
            "untagged",
        )
        # u brings the conflict back, exactly as it was.
        desk.undo()
        assert _doc(desk, FIRST_KEY) == before
        desk.redo_step()
    with Desk.open(team) as desk:
        tag = desk.tag_at(*FIRST_KEY)
        assert tag is not None and tag.status is None and not in_conflict(tag)
        rows = {row["claim"]: row for row in _rows(desk)}
        assert rows[FIRST.text]["status"] == "untagged"
        assert rows[FIRST.text]["conflict"] == ""
        resolved = "resolved (checker: confirmed; reviewer: disputed) as untagged"
        assert resolved in rows[FIRST.text]["history"]
    # The analysts' verdicts still count in their agreement.
    assert _agreement(team) == (["checker", "reviewer"], 1)
    # Merging the analysts' desks again keeps the settlement.
    merge_desk_files([tmp_path / "checker.json", tmp_path / "reviewer.json"], team)
    with Desk.open(team) as desk:
        tag = desk.tag_at(*FIRST_KEY)
        assert tag is not None and tag.status is None and not in_conflict(tag)


def test_clearing_a_resolution_keeps_the_conflict_it_settled_on_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = _team(tmp_path, monkeypatch)
    with Desk.open(team) as desk:
        resolved = desk.set_status(FIRST, ClaimStatus.DISPUTED, "editor")
        assert resolved is not None and resolved.history[-1].field == "resolved"
        before = resolved.to_doc()
        cleared = desk.set_status(FIRST, None, "editor")
        assert cleared is not None and cleared.status is None and not in_conflict(cleared)
        assert _steps(desk, FIRST_KEY)[-1] == ("editor", "status", "disputed", "untagged")
        desk.undo()
        assert _doc(desk, FIRST_KEY) == before
        desk.redo_step()
    with Desk.open(team) as desk:
        assert [row["status"] for row in _rows(desk)] == ["untagged", "confirmed"]
    assert _agreement(team) == (["checker", "reviewer"], 1)
