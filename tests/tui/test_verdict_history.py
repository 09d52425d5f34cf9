"""A verdict counts without a history, and a history newsdesk never writes is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import load_article
from annotations.store import ClaimStatus, Desk, DeskCorruptError
from tests.domain.desks import FIRST, SECOND
from tests.tui.test_formats_cli import _desk
from tui import cli


def _analyst_desk(tmp_path: Path, analyst: str, first: ClaimStatus, second: ClaimStatus) -> Path:
    """`analyst`'s desk: these verdicts on the two claims of the article at hand."""
    db = tmp_path / f"{analyst}.json"
    article = load_article(tmp_path / "blast.txt")
    with Desk.open(db) as desk:
        desk.remember_article(article)
        for claim, status in ((FIRST, first), (SECOND, second)):
            placed = claim.__class__(article.id, claim.start, claim.end, claim.text)
            desk.set_status(placed, status, analyst)
    return db


def _reviewer(tmp_path: Path) -> Path:
    """The reviewer's desk: the opposite verdicts to the checker's."""
    return _analyst_desk(tmp_path, "reviewer", ClaimStatus.DISPUTED, ClaimStatus.CONFIRMED)


def _without_history_in_w3c(tmp_path: Path, db: Path) -> Path:
    exported = tmp_path / "chk.w3c.json"
    assert cli.main(["export", "--db", str(db), "--format", "w3c", "-o", str(exported)]) == 0
    trimmed = exported.read_text(encoding="utf-8")
    document = json.loads(trimmed)
    for annotation in document["first"]["items"]:
        annotation.pop("newsdesk:history", None)
    imported = tmp_path / "nh.json"
    nohist = tmp_path / "nohist.w3c.json"
    nohist.write_text(json.dumps(document), encoding="utf-8")
    assert cli.main(["import-annotations", str(nohist), "--db", str(imported)]) == 0
    return imported


def _without_history_by_hand(tmp_path: Path, db: Path) -> Path:
    data = json.loads(db.read_text(encoding="utf-8"))
    for doc in data["tags"].values():
        doc["history"] = []
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    return edited


@pytest.mark.parametrize("trim", [_without_history_in_w3c, _without_history_by_hand])
def test_a_verdict_without_history_counts_in_merge_and_agreement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], trim: Any
) -> None:
    _desk(tmp_path / "desk.json")  # the article file at hand
    checker = _analyst_desk(tmp_path, "checker", ClaimStatus.CONFIRMED, ClaimStatus.DISPUTED)
    trimmed = trim(tmp_path, checker)
    reviewer = _reviewer(tmp_path)
    team = tmp_path / "team.json"
    capsys.readouterr()
    assert cli.main(["merge", str(trimmed), str(reviewer), "-o", str(team)]) == 0
    assert "2 in conflict" in capsys.readouterr()[0]
    assert cli.main(["agreement", str(trimmed), str(reviewer), "--json"]) == 0
    agreement = json.loads(capsys.readouterr()[0])
    assert agreement["analysts"] == ["checker", "reviewer"]
    assert agreement["claims"] == 2 and len(agreement["disagreements"]) == 2


BAD_ENTRIES = {
    "unknown verdict": ["checker", "2026-12-01T10:00:00Z", "status", "untagged", "maybe"],
    "unknown field": ["checker", "2026-12-01T10:00:00Z", "mood", "calm", "angry"],
    "not a time": ["checker", "not a time", "status", "untagged", "confirmed"],
    "future time": ["checker", "9999-12-31T23:59:59Z", "status", "untagged", "confirmed"],
}


@pytest.fixture(params=BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def entry(request: pytest.FixtureRequest) -> list[str]:
    """A history entry newsdesk never writes."""
    return list(request.param)


@pytest.fixture
def checker(tmp_path: Path) -> Path:
    """The checker's desk, its article file beside it."""
    path = tmp_path / "checker.json"
    _desk(path)
    return path


def test_a_hand_edited_history_entry_is_refused_everywhere_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: list[str], checker: Path
) -> None:
    reviewer = _reviewer(tmp_path)
    data = json.loads(checker.read_text(encoding="utf-8"))
    doc_id, doc = next(iter(data["tags"].items()))
    doc["history"] = [*doc["history"], entry]
    checker.write_text(json.dumps(data), encoding="utf-8")
    edited = checker.read_bytes()
    with pytest.raises(DeskCorruptError, match=f"tag document {doc_id} is damaged") as info:
        Desk.open(checker)
    (copy,) = tmp_path.glob("checker.json.corrupt-*")
    assert copy.read_bytes() == edited and str(copy) in str(info.value)
    capsys.readouterr()
    for command in (
        ["merge", str(checker), str(reviewer), "-o", str(tmp_path / "team.json")],
        ["agreement", str(checker), str(reviewer)],
        ["export", "--db", str(checker)],
    ):
        assert cli.main(command) != 0
        out, err = capsys.readouterr()
        assert err.count("\n") == 1 and f"tag document {doc_id}" in err, (command, err)
        assert "maybe" not in out
    assert checker.read_bytes() == edited and not (tmp_path / "team.json").exists()


def test_an_imported_history_entry_newsdesk_never_writes_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: list[str], checker: Path
) -> None:
    exported = tmp_path / "chk.w3c.json"
    assert cli.main(["export", "--db", str(checker), "--format", "w3c", "-o", str(exported)]) == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    names = ("analyst", "at", "field", "before", "after")
    document["first"]["items"][0]["newsdesk:history"].append(dict(zip(names, entry, strict=True)))
    bad = tmp_path / "bad.w3c.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["import-annotations", str(bad), "--db", str(tmp_path / "k.json")]) == 2
    err = capsys.readouterr()[1]
    assert err.count("\n") == 1 and "annotation 1" in err and "history entry" in err
