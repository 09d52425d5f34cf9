"""The export command: every claim the analyst touched, chosen by status, untagged too."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from annotations.articles import Article
from annotations.claims import Claim
from annotations.store import ClaimStatus, Desk
from tui import cli

ARTICLE = Article(
    id="h" * 16,
    text="Up to 80 people died in Mogadishu. More than 60 were hurt on Saturday.",
    title="Blast in Mogadishu",
    path="/news/blast.txt",
)
FIRST = Claim(ARTICLE.id, 0, 34, ARTICLE.text[0:34])
SECOND = Claim(ARTICLE.id, 35, 71, ARTICLE.text[35:71])


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
