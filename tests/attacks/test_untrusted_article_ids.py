"""An annotation file's article id is only a claim: the quote is what was tagged.

A W3C file can give a tag the id of any text (the hash of a file that does not exist yet)
with the quote of another. Opening that text drew the tag as confirmed on words nobody
tagged, and export and the brief said it sat there exactly ("anchor=exact", the figures and
names of the words at its offsets), while `o` and `orphans` listed it as an orphan.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from tui.cli import main

FIRST = "Officials said 120 fighters were killed in Mayadeen on Saturday."
TEXT = (
    f"{FIRST} The ministry in Moscow said up to 80 fighters died near Deir ez-Zor. "
    "Reuters reported that 60 foreign mercenaries were among the dead.\n"
)
REBELS = "Rebels said 999 civilians were saved in Aleppo by the brave army."


def article_id_of(text: str) -> str:
    """The id newsdesk gives a text: the start of its SHA-256."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def forged_annotations(folder: Path, later_text: str, later_name: str = "later.txt") -> Path:
    """A W3C export of the tag on FIRST (a confirmed sentence of a.txt), its target's id and
    file changed to those of `later_text` at `folder / later_name` (not written yet)."""
    arts = folder / "arts"
    arts.mkdir(exist_ok=True)
    (arts / "a.txt").write_text(TEXT)
    article = load_article(arts / "a.txt")
    with Desk.open(folder / "d1.json") as desk:
        desk.remember_article(article)
        claims = find_claims(article.id, article.text, detect(article.text))
        desk.set_status(claims[0], ClaimStatus.CONFIRMED, "checker")
    exported = folder / "e1.w3c.json"
    desk_file = str(folder / "d1.json")
    assert main(["export", "--db", desk_file, "--format", "w3c", "-o", str(exported)]) == 0
    document = json.loads(exported.read_text())
    (item,) = document["first"]["items"]
    assert item["target"]["selector"][0]["exact"] == FIRST
    source = item["target"]["source"]
    source["id"] = "urn:newsdesk:article:" + article_id_of(later_text)
    source["dcterms:source"] = str(arts / later_name)
    forged = folder / "g.w3c.json"
    forged.write_text(json.dumps(document))
    return forged


def imported_then_written(tmp_path: Path, later_text: str) -> Path:
    """The desk g.json holding the forged tag, with the later text now written; its path."""
    forged = forged_annotations(tmp_path, later_text)
    db = tmp_path / "g.json"
    assert main(["import-annotations", "--db", str(db), str(forged)]) == 0
    (tmp_path / "arts" / "later.txt").write_text(later_text)
    return db


def csv_rows(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    capsys.readouterr()
    assert main(["export", "--db", str(db)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_a_tag_whose_id_claims_another_text_is_an_orphan_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    later = TEXT.replace(FIRST, REBELS)
    db = imported_then_written(tmp_path, later)
    before = db.read_bytes()
    (row,) = csv_rows(db, capsys)
    assert row["anchor"] == "orphan" and row["claim"] == FIRST
    # The figures and names are the tagged words', never those now at its offsets.
    assert row["numbers"] == "120" and "Mayadeen" in row["names"]
    assert "999" not in row.values() and "Aleppo" not in row["names"]
    assert "Rebels" not in row["source"]
    # The title is that of the text as it is, not the one the annotation file gave.
    assert row["article_title"].startswith("Rebels said")

    assert main(["orphans", "--db", str(db), "--json"]) == 0
    (orphan,) = json.loads(capsys.readouterr().out)
    assert orphan["quote"] == FIRST

    assert main(["report", "--db", str(db)]) == 0
    brief = capsys.readouterr().out
    confirmed = brief[brief.index("## Confirmed claims") :]
    assert "orphan" in confirmed and "says Rebels" not in confirmed

    out = tmp_path / "again.w3c.json"
    assert main(["export", "--db", str(db), "--format", "w3c", "-o", str(out)]) == 0
    (item,) = json.loads(out.read_text())["first"]["items"]
    assert item["newsdesk:anchor"] == "orphan"
    # Only read: the desk file is as it was.
    assert db.read_bytes() == before


def test_a_tag_whose_quote_is_elsewhere_in_the_text_is_an_orphan_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Off its words at its offsets, it is not moved on a guess: the analyst re-attaches it."""
    lead = "Moscow (Agencies) - "
    db = imported_then_written(tmp_path, lead + TEXT)
    (row,) = csv_rows(db, capsys)
    assert row["anchor"] == "orphan" and row["claim"] == FIRST
    assert (int(row["start"]), int(row["end"])) == (0, len(FIRST))
    assert main(["orphans", "--db", str(db), "--json"]) == 0
    assert [o["quote"] for o in json.loads(capsys.readouterr().out)] == [FIRST]


def test_a_tag_past_the_end_of_the_text_its_id_claims_is_an_orphan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = imported_then_written(tmp_path, "Short.\n")
    (row,) = csv_rows(db, capsys)
    assert row["anchor"] == "orphan" and row["numbers"] == "120"


def test_opening_the_text_makes_the_tag_an_orphan_on_the_desk(tmp_path: Path) -> None:
    from tui.cli.open_desk import follow_edits

    later = TEXT.replace(FIRST, REBELS)
    db = imported_then_written(tmp_path, later)
    article = load_article(tmp_path / "arts" / "later.txt")
    with Desk.open(db) as desk:
        messages = follow_edits(desk, [article])
        (tag,) = desk.tags()
        assert tag.anchor == "orphan" and desk.orphans() == [tag]
        # Not on the claim its offsets cover, nor drawn there.
        assert desk.tag_at(article.id, tag.start, tag.end) is None
        assert (desk.article_info(article.id) or {})["title"].startswith("Rebels said")
        # Undo cannot put it back on those words (the import itself can be taken back).
        while desk.can_undo:
            desk.undo()
            assert desk.tag_at(article.id, tag.start, tag.end) is None
    assert len(messages) == 1 and "1 tag(s) were not on its words" in messages[0]


def test_a_merge_takes_the_tag_as_the_orphan_it_is(tmp_path: Path) -> None:
    db = imported_then_written(tmp_path, TEXT.replace(FIRST, REBELS))
    team = tmp_path / "team.json"
    assert main(["merge", str(db), "-o", str(team)]) == 0
    with Desk.open(team, lock=False) as desk:
        (tag,) = desk.tags()
        assert tag.quote == FIRST and tag.anchor == "orphan"
        assert desk.tag_at(tag.article_id, tag.start, tag.end) is None


def test_list_does_not_count_it_as_a_tagged_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = imported_then_written(tmp_path, TEXT.replace(FIRST, REBELS))
    assert main(["import", "--db", str(db), str(tmp_path / "arts" / "later.txt")]) == 0
    capsys.readouterr()
    assert main(["list", "--db", str(db), "--json"]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["title"].startswith("Rebels said") and entry["tagged_claims"] == 0
