"""Hostile desks given to merge and agreement: names and notes that try to steer the
terminal, output paths that are not files, and desks that are not desks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.store import ClaimStatus, Desk
from tests.domain.test_store import ARTICLE, FIRST
from tui.cli import main

EVIL = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eroot[@click=app.quit]"


def _desk(path: Path, analyst: str, status: ClaimStatus, note: str = "") -> Path:
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, status, analyst)
        if note:
            desk.set_note(FIRST, note, analyst)
    return path


def test_hostile_analyst_names_and_notes_reach_no_terminal_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _desk(tmp_path / "a.json", EVIL, ClaimStatus.CONFIRMED, EVIL)
    b = _desk(tmp_path / "b.json", "reviewer", ClaimStatus.DISPUTED)
    assert main(["merge", str(a), str(b), "-o", str(tmp_path / "team.json")]) == 0
    assert main(["agreement", str(a), str(b)]) == 0
    assert main(["agreement", "--json", str(tmp_path / "team.json")]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\u202e")
    assert "␛]52;c;ZXZpbA==␇" in out
    document = json.loads(out[out.index("{") :])
    assert EVIL in document["analysts"]  # the JSON keeps the name exactly, escaped


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("missing-folder/team.json", "cannot write the team desk"),
        ("", "a folder"),
    ],
)
def test_an_output_that_cannot_be_written_ends_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str, message: str
) -> None:
    a = _desk(tmp_path / "a.json", "a", ClaimStatus.CONFIRMED)
    target = tmp_path / output if output else tmp_path
    status = main(["merge", str(a), "-o", str(target)])
    err = capsys.readouterr().err
    assert status == 2 and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b'{"meta": {"1": {"schema": 99}}}',
        b'{"meta": {"1": {"schema": 1}}, "tags": {"1": {"id": "x", "article_id": "a", '
        b'"start": 5, "end": 1, "quote": "q", "status": "confirmed"}}}',
        b'{"meta": {"1": {"schema": 1}}, "tags": {"1": {"id": "x", "article_id": "a", '
        b'"start": 0, "end": 1, "quote": "q", "status": "confirmed", "history": [[1, 2]]}}}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_desk_that_is_not_a_desk_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    a = _desk(tmp_path / "a.json", "a", ClaimStatus.CONFIRMED)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    team = tmp_path / "team.json"
    status = main(["merge", str(a), str(bad), "-o", str(team)])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert not team.exists() and bad.read_bytes() == content
    assert main(["agreement", str(bad)]) == 2
