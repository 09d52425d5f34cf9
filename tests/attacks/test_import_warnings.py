"""`import` names every record it imported with something left out, counted among the
problems, and checks the JSON field names --field gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.attacks.support import assert_one_line, newsdesk

TEXT = "Officials said 120 fighters were killed in Mayadeen on Saturday."


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "ftp://x",
    ],
)
def test_a_records_left_out_url_is_shown_and_counted(tmp_path: Path, url: str) -> None:
    records = [
        {"title": "Kept", "text": TEXT, "url": "https://example.org/a"},
        {"title": "Hostile", "text": TEXT.replace("120", "80"), "url": url},
    ]
    (tmp_path / "recs.json").write_text(json.dumps(records), "utf-8")
    done = newsdesk("import", "--db", tmp_path / "d.json", tmp_path / "recs.json", home=tmp_path)
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert "imported 2 new article(s)" in out and "; 1 problem(s)" in out
    (line,) = [row for row in err.splitlines() if "problem:" in row]
    assert "recs.json#2" in line and "not an http or https address" in line
    assert "javascript:" not in out + err and "data:" not in out + err


@pytest.mark.parametrize(
    ("field", "says"),
    [
        ("text=a...b", "empty field name"),
        ("text=.body", "empty field name"),
        ("title=meta.", "empty field name"),
        ("text=a. .b", "empty field name"),
        ("text=body\x1b[2J", "control characters"),
        ("text=" + "x" * 300, "at most"),
    ],
)
def test_a_bad_field_name_is_refused_in_one_line(tmp_path: Path, field: str, says: str) -> None:
    (tmp_path / "recs.json").write_text(json.dumps([{"text": TEXT}]), "utf-8")
    db = tmp_path / "d.json"
    done = newsdesk("import", "--db", db, "--field", field, tmp_path / "recs.json", home=tmp_path)
    assert_one_line(done, says=says)
    assert done.returncode == 2 and not db.exists()


def test_one_part_read_from_two_fields_is_refused(tmp_path: Path) -> None:
    (tmp_path / "recs.json").write_text(json.dumps([{"text": TEXT}]), "utf-8")
    args = ("--field", "text=body", "--field", "text=story")
    done = newsdesk(
        "import", "--db", tmp_path / "d.json", *args, tmp_path / "recs.json", home=tmp_path
    )
    assert_one_line(done, says="already read from 'body'")


def test_a_nested_field_still_reads(tmp_path: Path) -> None:
    (tmp_path / "recs.json").write_text(json.dumps([{"meta": {"story": TEXT}}]), "utf-8")
    args = ("--field", "text=meta.story")
    done = newsdesk(
        "import", "--db", tmp_path / "d.json", *args, tmp_path / "recs.json", home=tmp_path
    )
    assert done.returncode == 0 and "imported 1 new article(s)" in done.stdout.decode()
    assert "; 0 problem(s)" in done.stdout.decode()
