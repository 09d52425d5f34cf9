"""`newsdesk merge` of analysts' changes made in the same second: no verdict lost to a note."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations import desk_documents
from annotations.store import ClaimStatus, Desk
from annotations.team.verdicts import in_conflict
from tests.tui.test_team_cli import FIRST, TEXT, _claim
from tui.cli import main

SECOND_OF_BOTH = "2026-12-01T10:00:00Z"


def _work(db: Path, article: Path, analyst: str, status: ClaimStatus | None, note: str) -> None:
    from annotations.articles import load_article

    claim, prefix, suffix = _claim(article, FIRST)
    with Desk.open(db) as desk:
        desk.remember_article(load_article(article))
        if status is not None:
            desk.set_status(claim, status, analyst, prefix=prefix, suffix=suffix)
        if note:
            desk.set_note(claim, note, analyst, prefix=prefix, suffix=suffix)


def _merged_export(
    tmp_path: Path, desks: list[Path], capsys: pytest.CaptureFixture[str]
) -> dict[str, object]:
    team = tmp_path / "team.json"
    team.unlink(missing_ok=True)
    assert main(["merge", *map(str, desks), "-o", str(team)]) == 0
    out = tmp_path / "team.jsonl"
    assert main(["export", "--format", "jsonl", "--db", str(team), "-o", str(out)]) == 0
    capsys.readouterr()
    (record,) = map(json.loads, out.read_text(encoding="utf-8").splitlines())
    assert isinstance(record, dict)
    return record


@pytest.mark.parametrize(
    ("verdict_by", "note_by"), [("checker", "reviewer"), ("zed", "amy"), ("amy", "zed")]
)
def test_a_note_made_in_the_same_second_never_wins_over_a_verdict(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    verdict_by: str,
    note_by: str,
) -> None:
    monkeypatch.setattr(desk_documents, "now", lambda: SECOND_OF_BOTH)
    article = tmp_path / "strikes.txt"
    article.write_text(TEXT, encoding="utf-8")
    verdict, noted = tmp_path / "verdict.json", tmp_path / "noted.json"
    _work(verdict, article, verdict_by, ClaimStatus.DISPUTED, "")
    _work(noted, article, note_by, None, "two sources agree")
    for order in ([verdict, noted], [noted, verdict]):
        record = _merged_export(tmp_path, order, capsys)
        assert record["status"] == "disputed"
        assert record["note"] == "two sources agree"
        assert record["conflict"] is False
        fields = [(h["analyst"], h["field"], h["after"]) for h in record["history"]]  # type: ignore[attr-defined]
        assert sorted(fields) == sorted(
            [(verdict_by, "status", "disputed"), (note_by, "note", "two sources agree")]
        )
    with Desk.open(tmp_path / "team.json") as desk:
        (tag,) = desk.tags()
        assert tag.status is ClaimStatus.DISPUTED and tag.note == "two sources agree"


def test_verdicts_that_differ_in_the_same_second_are_a_conflict_whatever_the_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_documents, "now", lambda: SECOND_OF_BOTH)
    article = tmp_path / "strikes.txt"
    article.write_text(TEXT, encoding="utf-8")
    checker, reviewer = tmp_path / "checker.json", tmp_path / "reviewer.json"
    _work(checker, article, "checker", ClaimStatus.CONFIRMED, "seen the video")
    _work(reviewer, article, "reviewer", ClaimStatus.DISPUTED, "")
    first = _merged_export(tmp_path, [checker, reviewer], capsys)
    with Desk.open(tmp_path / "team.json") as desk:
        stored = [tag.to_doc() for tag in desk.tags()]
    second = _merged_export(tmp_path, [reviewer, checker], capsys)
    with Desk.open(tmp_path / "team.json") as desk:
        assert [tag.to_doc() for tag in desk.tags()] == stored
    assert first == second
    assert first["conflict"] is True
    assert first["verdicts"] == [
        {"analyst": "checker", "status": "confirmed"},
        {"analyst": "reviewer", "status": "disputed"},
    ]
    assert first["note"] == "seen the video"
    with Desk.open(tmp_path / "team.json") as desk:
        (tag,) = desk.tags()
        assert in_conflict(tag)
