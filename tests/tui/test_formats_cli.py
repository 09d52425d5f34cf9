"""`export --format jsonl|w3c` and `import-annotations` from the command line."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import load_article
from annotations.claims import Claim
from annotations.export import COLUMNS, export_rows
from annotations.formats import claim_records, export_jsonl, export_w3c
from annotations.store import ClaimStatus, Desk
from annotations.tags import claim_key
from tests.attacks.support import ESCAPES
from tests.domain.test_store import ARTICLE, FIRST, SECOND
from tui import cli

NOTE = "first line; with a semicolon\n=SUM(A1)\u2028\x85 " + ESCAPES[0]


def _desk(db: Path) -> tuple[Claim, Claim]:
    """Two claims of an article whose file is at hand, so hedges and sources are read."""
    path = db.parent / "blast.txt"
    path.write_text(ARTICLE.text, encoding="utf-8")
    article = load_article(path)
    first, second = (replace(claim, article_id=article.id) for claim in (FIRST, SECOND))
    with Desk.open(db) as desk:
        desk.remember_article(article)
        desk.set_status(first, ClaimStatus.CONFIRMED, "checker")
        desk.set_note(first, NOTE, "reviewer")
        desk.set_status(second, ClaimStatus.DISPUTED, "checker")
        desk.link_claims(first, second, "contradicts", "checker")
    return first, second


def test_jsonl_types_every_csv_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "desk.json"
    _desk(db)
    assert cli.main(["export", "--db", str(db), "--format", "jsonl"]) == 0
    out, _ = capsys.readouterr()
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["note"] == NOTE  # a pipe gets the text exactly, formula sign included
    assert (first["start"], first["end"]) == (0, 34) and first["status"] == "confirmed"
    assert first["numbers"] == ["Up to 80"] and "Mogadishu" in first["names"]
    assert first["old_quote"] is None and first["anchor"] == "exact"
    assert first["hedges"] == [{"text": "Up to", "kind": "figure"}]
    assert first["links"] == [
        {
            "relation": "contradicts",
            "claim_id": second["claim_id"],
            "article_title": first["article_title"],
            "analyst": "checker",
        }
    ]
    assert [(h["analyst"], h["field"], h["after"]) for h in first["history"]] == [
        ("checker", "status", "confirmed"),
        ("reviewer", "note", NOTE),
    ]
    assert first["analyst"] == "reviewer" and second["status"] == "disputed"
    # The keys are the CSV's columns, in its order.
    assert tuple(first) == COLUMNS


def test_on_a_terminal_json_carries_escapes_not_control_characters(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    _desk(db)
    with Desk.open(db, lock=False) as desk:
        out = io.StringIO()
        export_jsonl(claim_records(desk, export_rows(desk)), out, for_terminal=True)
    assert "\x1b" not in out.getvalue() and "\\u001b" in out.getvalue()
    assert json.loads(out.getvalue().splitlines()[0])["note"] == NOTE
    with Desk.open(db, lock=False) as desk:
        out = io.StringIO()
        export_w3c(desk, out, for_terminal=True)
    assert "\x1b" not in out.getvalue()
    bodies = json.loads(out.getvalue())["first"]["items"][0]["body"]
    assert NOTE in [body.get("value") for body in bodies]


def test_w3c_round_trip_through_the_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, copy_db = tmp_path / "desk.json", tmp_path / "copy.json"
    first, second = tmp_path / "a.w3c.json", tmp_path / "b.w3c.json"
    _desk(db)
    assert cli.main(["export", "--db", str(db), "--format", "w3c", "-o", str(first)]) == 0
    assert cli.main(["import-annotations", str(first), "--db", str(copy_db)]) == 0
    assert cli.main(["export", "--db", str(copy_db), "--format", "w3c", "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    _, err = capsys.readouterr()
    assert "imported 2 claim(s) and 1 link(s)" in err
    # The CSV of the copy is the CSV of the original.
    assert cli.main(["export", "--db", str(db)]) == 0
    original, _ = capsys.readouterr()
    assert cli.main(["export", "--db", str(copy_db)]) == 0
    assert capsys.readouterr()[0] == original


def test_a_bad_file_is_refused_in_one_line_and_leaves_no_desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / ("notes" + ESCAPES[1] + ".json")
    bad.write_text('{"type": "AnnotationPage", "items": [{"type": "Annotation"}]}')
    db = tmp_path / "new.json"
    assert cli.main(["import-annotations", str(bad), "--db", str(db)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "annotation 1" in err and "notes" in err
    assert "\x1b" not in err and not db.exists()
    assert cli.main(["import-annotations", str(tmp_path / "gone.json"), "--db", str(db)]) == 2
    assert "gone.json" in capsys.readouterr()[1] and not db.exists()


def test_a_claim_tagged_otherwise_keeps_the_desks_tag_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, other = tmp_path / "desk.json", tmp_path / "other.json"
    exported = tmp_path / "a.w3c.json"
    first, second = _desk(db)
    assert cli.main(["export", "--db", str(db), "--format", "w3c", "-o", str(exported)]) == 0
    with Desk.open(other) as desk:
        desk.set_status(second, ClaimStatus.CONFIRMED, "editor")
    capsys.readouterr()
    assert cli.main(["import-annotations", str(exported), "--db", str(other)]) == 1
    _, err = capsys.readouterr()
    assert "kept the desk's own different verdict" in err and "Traceback" not in err
    with Desk.open(other) as desk:
        tag = desk.tag_at(*claim_key(second))
        assert tag is not None and tag.status is ClaimStatus.CONFIRMED
        assert desk.tag_at(*claim_key(first)) is not None


def _exported_desk(tmp_path: Path) -> Path:
    """The W3C export of `_desk`'s desk."""
    db, exported = tmp_path / "desk.json", tmp_path / "a.w3c.json"
    _desk(db)
    assert cli.main(["export", "--db", str(db), "--format", "w3c", "-o", str(exported)]) == 0
    return exported


def _w3c_items(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return document, document["first"]["items"]


def test_a_claim_with_the_same_verdict_names_what_differs_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other, edited = tmp_path / "other.json", tmp_path / "b.w3c.json"
    exported = _exported_desk(tmp_path)
    assert cli.main(["import-annotations", str(exported), "--db", str(other)]) == 0
    document, items = _w3c_items(exported)
    for body in items[0]["body"]:
        if body["purpose"] == "commenting":
            body["value"] = "another note"
    items[0]["newsdesk:history"][-1]["after"] = "another note"
    items[1]["newsdesk:history"].insert(
        0,
        {
            "analyst": "checker",
            "at": "2020-01-01T00:00:00Z",
            "field": "note",
            "before": "",
            "after": "",
        },
    )
    edited.write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["import-annotations", str(edited), "--db", str(other)]) == 1
    err = capsys.readouterr()[1].splitlines()
    assert len(err) == 3, err
    assert "kept the desk's own note, history (same verdict)" in err[1]
    assert "kept the desk's own history (same verdict)" in err[2]
    assert not any("different" in line for line in err)


def test_a_note_with_carriage_returns_round_trips_exactly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_db = tmp_path / "copy.json"
    edited, again = tmp_path / "b.w3c.json", tmp_path / "c.w3c.json"
    exported = _exported_desk(tmp_path)
    note = "x\ry\r\nz\r"
    document, items = _w3c_items(exported)
    for body in items[0]["body"]:
        if body["purpose"] == "commenting":
            body["value"] = note
    items[0]["newsdesk:history"][-1]["after"] = note
    edited.write_text(json.dumps(document), encoding="utf-8")
    assert cli.main(["import-annotations", str(edited), "--db", str(copy_db)]) == 0
    with Desk.open(copy_db) as desk:
        assert [tag.note for tag in desk.tags() if tag.note] == [note]
    assert cli.main(["export", "--db", str(copy_db), "--format", "w3c", "-o", str(again)]) == 0
    first = _w3c_items(again)[1][0]
    assert first["newsdesk:history"][-1]["after"] == note
    assert [b["value"] for b in first["body"] if b["purpose"] == "commenting"] == [note]
