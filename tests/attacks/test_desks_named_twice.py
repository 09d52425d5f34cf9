"""merge and agreement take each analyst's desk once: the same file named twice (the same
path, a link to it, a hard link) is refused in one line; a one-analyst desk is said to be so."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotations.store import ClaimStatus, Desk
from tests.domain.test_store import ARTICLE, FIRST
from tui.cli import main


def _desk(path: Path, analyst: str, status: ClaimStatus) -> Path:
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, status, analyst)
    return path


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "relative path"])
@pytest.mark.parametrize("command", ["merge", "agreement"])
def test_one_desk_named_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str, command: str
) -> None:
    desk = _desk(tmp_path / "hl.json", "checker", ClaimStatus.CONFIRMED)
    other = tmp_path / "hl_link.json"
    if how == "symlink":
        other.symlink_to(desk)
    elif how == "hard link":
        os.link(desk, other)
    elif how == "relative path":
        other = Path(os.path.relpath(desk))
    else:
        other = desk
    argv = [command, str(desk), str(other)]
    if command == "merge":
        argv += ["-o", str(tmp_path / "team.json")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "same file" in err and "hl.json" in err
    assert not (tmp_path / "team.json").exists()


def test_two_desks_are_still_merged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _desk(tmp_path / "a.json", "checker", ClaimStatus.CONFIRMED)
    b = _desk(tmp_path / "b.json", "reviewer", ClaimStatus.DISPUTED)
    assert main(["merge", str(a), str(b), "-o", str(tmp_path / "team.json")]) == 0
    assert "merged 2 desk(s)" in capsys.readouterr().out


def test_agreement_of_one_analysts_desk_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = _desk(tmp_path / "d1.json", "checker", ClaimStatus.CONFIRMED)
    assert main(["agreement", str(desk)]) == 0
    out = capsys.readouterr().out
    assert "analysts: none on the same claim (verdicts by checker)" in out
    assert "only one analyst gave verdicts (checker)" in out
    assert main(["agreement", "--json", str(desk)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["analysts_with_verdicts"] == ["checker"] and document["analysts"] == []
    empty = tmp_path / "empty.json"
    with Desk.open(empty) as fresh:
        fresh.remember_article(ARTICLE)
    assert main(["agreement", str(empty)]) == 0
    assert "no analyst gave a verdict" in capsys.readouterr().out
