"""`export`, `orphans` and `report` check tags against each article file as it is now.

They reported what the desk last saw: after the file was overwritten (same length, or cut
short), every row said anchor=exact with the old quote and offsets, its figures and names
from the old text, and `orphans` said "No orphaned tags." until the desk was opened again.
They now place the tags as opening the desk would, without writing the desk.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from tests.attacks.test_untrusted_article_ids import FIRST, TEXT
from tui.cli import main

SPAN = "120 fighters were"
SECOND = "The ministry in Moscow said up to 80 fighters died near Deir ez-Zor."


def _rot(text: str) -> str:
    """The same length, other words."""
    return "".join(chr((ord(c) - 97 + 3) % 26 + 97) if c.islower() else c for c in text)


@pytest.fixture
def tagged(tmp_path: Path) -> tuple[Path, Path]:
    """(desk, article file): a drawn claim confirmed and a sentence disputed in e.txt."""
    article_file = tmp_path / "e.txt"
    article_file.write_text(TEXT)
    article = load_article(article_file)
    db = tmp_path / "dr.json"
    with Desk.open(db) as desk:
        desk.remember_article(article)
        start = TEXT.index(SPAN)
        drawn = Claim(article.id, start, start + len(SPAN), SPAN, drawn=True)
        desk.set_status(drawn, ClaimStatus.CONFIRMED, "checker")
        sentences = find_claims(article.id, article.text, detect(article.text))
        desk.set_status(sentences[1], ClaimStatus.DISPUTED, "checker")
    return db, article_file


def _export(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str]]:
    capsys.readouterr()
    assert main(["export", "--db", str(db)]) == 0
    return {row["claim"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}


def _orphans(db: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["orphans", "--db", str(db), "--json"]) == 0
    return sorted(record["quote"] for record in json.loads(capsys.readouterr().out))


def _desk_files(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file()}


@pytest.mark.parametrize(
    "new_text", [_rot(TEXT), TEXT[:16]], ids=["same length", "cut to 16 bytes"]
)
def test_a_replaced_file_makes_its_tags_orphans_in_export_orphans_and_the_brief(
    tagged: tuple[Path, Path], new_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db, article_file = tagged
    assert {row["anchor"] for row in _export(db, capsys).values()} == {"exact"}
    desk_files = _desk_files(db)
    article_file.write_text(new_text)
    rows = _export(db, capsys)
    assert {claim: row["anchor"] for claim, row in rows.items()} == {
        SPAN: "orphan",
        SECOND: "orphan",
    }
    # Cells from the tagged words, not from whatever the file now holds at the offsets.
    assert rows[SPAN]["numbers"] == "120" and rows[SECOND]["numbers"] == "up to 80"
    assert _orphans(db, capsys) == sorted([SPAN, SECOND])
    assert main(["report", "--db", str(db)]) == 0
    brief = capsys.readouterr().out
    assert brief.count("orphan\\: its words are not in the article as it is now") == 2
    # Read only: the desk and its journal are as they were.
    assert _desk_files(db) == desk_files


def test_an_edited_file_moves_its_tags_as_opening_the_desk_does(
    tagged: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, article_file = tagged
    lead = "MOSCOW, Oct 8. "
    edited = lead + TEXT.replace("up to 80 fighters", "up to 85 fighters")
    article_file.write_text(edited)
    rows = _export(db, capsys)
    span = rows[SPAN]
    assert span["anchor"] == "exact"
    assert int(span["start"]) == edited.index(SPAN) and span["old_quote"] == ""
    (moved,) = (row for claim, row in rows.items() if claim != SPAN)
    assert moved["anchor"] == "moved" and moved["old_quote"] == SECOND
    assert moved["claim"] == SECOND.replace("80", "85") and moved["numbers"] == "up to 85"
    assert edited[int(moved["start"]) : int(moved["end"])] == moved["claim"]
    assert _orphans(db, capsys) == []
    # The desk opened on the file later finds the same.
    from tui.cli.open_desk import follow_edits

    with Desk.open(db) as desk:
        follow_edits(desk, [load_article(article_file)])
        assert sorted((t.quote, t.anchor) for t in desk.tags()) == sorted(
            [(SPAN, "exact"), (moved["claim"], "moved")]
        )


def test_an_unchanged_file_keeps_its_tags_exact(
    tagged: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = tagged
    first = _export(db, capsys)
    assert {row["anchor"] for row in first.values()} == {"exact"}
    assert _export(db, capsys) == first
    assert _orphans(db, capsys) == []


def test_the_brief_reads_library_articles_whose_file_is_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A library article is read from the library: its file moved away, or never a file (a
    JSON record, `recs.json#1`), it is on the figures board."""
    a = tmp_path / "a.txt"
    a.write_text(TEXT)
    records = tmp_path / "recs.json"
    other = "Moscow said 130 fighters were killed in al-Mayadin on Saturday. AFP reported 50."
    records.write_text(json.dumps([{"title": "Two", "text": other}]))
    db = tmp_path / "lib.json"
    assert main(["import", "--db", str(db), str(a), str(records)]) == 0
    from annotations.library import Library

    library = Library(db)
    with Desk.open(db) as desk:
        for entry in library.entries():
            article = library.get(entry.id)
            desk.remember_article(article)
            claims = find_claims(article.id, article.text, detect(article.text))
            desk.set_status(claims[0], ClaimStatus.CONFIRMED, "checker")
    a.rename(tmp_path / "a.moved")
    capsys.readouterr()
    assert main(["report", "--db", str(db)]) == 0
    brief = capsys.readouterr().out
    assert "not found" not in brief and "figures board" not in brief
    board = brief[brief.index("## Figures") : brief.index("## Claims in conflict")]
    assert "120" in board and "130" in board and "clash" in board
    assert FIRST.split()[0] in brief[brief.index("## Confirmed") :]
