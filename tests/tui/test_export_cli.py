"""The export command: every claim the analyst touched, chosen by status, untagged too."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from annotations.store import ClaimStatus, Desk
from tests.domain.test_store import ARTICLE, FIRST, SECOND
from tui import cli


def test_export_command_takes_untagged_and_refuses_an_unknown_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.remember_article(ARTICLE)
        desk.set_note(FIRST, "only a note", "ana")
        desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    assert cli.main(["export", "--db", str(db), "--status", "untagged"]) == 0
    out, _ = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert [(r["status"], r["note"]) for r in rows] == [("untagged", "only a note")]
    assert cli.main(["export", "--db", str(db)]) == 0
    out, _ = capsys.readouterr()
    assert len(list(csv.DictReader(io.StringIO(out, newline="")))) == 2
    assert cli.main(["export", "--db", str(db), "--status", "noted"]) != 0
    _, err = capsys.readouterr()
    assert "unknown status noted" in err and "untagged" in err and "Traceback" not in err


@pytest.mark.parametrize("form", ["csv", "jsonl", "w3c"])
def test_an_output_of_a_dash_is_standard_output_not_a_file_named_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "--db", str(db), "-o", "-", "--format", form]) == 0
    out, _ = capsys.readouterr()
    assert "disputed" in out and not (tmp_path / "-").exists()
    # A file of that name is still written when asked for by its path.
    assert cli.main(["export", "--db", str(db), "-o", "./-", "--format", form]) == 0
    assert "disputed" in (tmp_path / "-").read_text(encoding="utf-8")
