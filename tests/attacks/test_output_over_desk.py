"""An output file (export, brief, team desk) never replaces the desk or what it keeps beside it.

Writing a CSV over `desk.json`, or a brief over `desk.json.journal`, once lost every tag: each
command now refuses, in one line, before it writes anything, whichever way the path is spelled.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotations.claims import Claim
from annotations.store import ClaimStatus, Desk
from tui.cli import main


def _tagged_desk(folder: Path) -> Path:
    db = folder / "desk.json"
    with Desk.open(db) as desk:
        claim = Claim("a" * 16, 0, 30, "Some 120 fighters were killed.")
        desk.set_status(claim, ClaimStatus.CONFIRMED, "checker")
    return db


def _spellings(db: Path) -> list[str]:
    folder = db.parent
    (folder / "sub").mkdir(exist_ok=True)
    link = folder / "link.csv"
    if not link.is_symlink():
        link.symlink_to(db.name + ".journal")
    (folder / "desk.library").mkdir(exist_ok=True)
    return [
        str(db),
        str(db) + ".journal",
        str(db) + ".lock",
        str(folder / "sub" / ".." / "desk.json"),
        str(link),
        str(folder / "desk.library" / "brief.md"),
        str(folder / "desk.analysis" / "x.md"),
        os.path.relpath(db),
    ]


def _state(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--db", "{db}", "-o", "{out}"],
        ["export", "--db", "{db}", "--format", "jsonl", "-o", "{out}"],
        ["report", "--db", "{db}", "--format", "md", "-o", "{out}"],
        ["merge", "{db}", "{other}", "-o", "{out}"],
    ],
)
def test_no_command_writes_over_a_desk_file(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = _tagged_desk(tmp_path)
    (tmp_path / "other").mkdir()
    other = _tagged_desk(tmp_path / "other")
    for out in _spellings(db):
        before = _state(tmp_path)
        argv = [part.format(db=db, out=out, other=other) for part in command]
        assert main(argv) != 0, out
        err = capsys.readouterr().err
        assert "would replace" in err and err.count("\n") == 1, err
        assert _state(tmp_path) == before, out
    with Desk.open(db) as desk:
        assert [tag.status for tag in desk.tags()] == [ClaimStatus.CONFIRMED]


def test_a_file_beside_the_desk_is_still_written(tmp_path: Path) -> None:
    db = _tagged_desk(tmp_path)
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "desk.json.csv")]) == 0
    assert "Some 120 fighters" in (tmp_path / "desk.json.csv").read_text()


@pytest.mark.parametrize("which", ["desk.json", "desk.json.journal"])
@pytest.mark.parametrize("command", [["export"], ["report", "--format", "md"], ["agreement"]])
def test_a_fifo_given_as_a_desk_or_its_journal_is_refused_not_waited_on(
    tmp_path: Path, which: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    if which == "desk.json.journal":
        _tagged_desk(tmp_path)
        (tmp_path / which).unlink(missing_ok=True)
    os.mkfifo(tmp_path / which)
    argv = [*command, str(db)] if command == ["agreement"] else [*command, "--db", str(db)]
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert "not a regular file" in err and err.count("\n") == 1, err
