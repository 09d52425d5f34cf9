"""The brief and the export of a team desk show where analysts disagree and who said what.

A claim two analysts judged differently was listed under the latest verdict alone, with the
latest analyst's note: the other's verdict and note never reached the editor. Links did not
say who made them, though a team desk can hold one claim linked both ways by two analysts.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from annotations.articles import load_article
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.safe_text import printable
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths
from tui.cli import main

CHECKER_NOTE = "=HYPERLINK(\"http://x\")<script>alert(1)</script>\x1b[2J[link=x]y[/]"
REVIEWER_NOTE = "@SUM(1) the figure is from \u202eelsewhere"


def _analyst_desk(path: Path, analyst: str, status: ClaimStatus, note: str, relation: str) -> None:
    with Desk.open(path) as desk:
        claims = []
        for seed in seed_paths()[:2]:
            article = load_article(seed)
            desk.remember_article(article)
            claims.append(find_claims(article.id, article.text, detect(article.text)))
        desk.set_status(claims[0][2], status, analyst)
        desk.set_note(claims[0][2], note, analyst)
        desk.set_status(claims[1][1], ClaimStatus.CONFIRMED, analyst)
        desk.link_claims(claims[0][2], claims[1][1], relation, analyst)  # type: ignore[arg-type]


@pytest.fixture
def team(tmp_path: Path) -> Path:
    _analyst_desk(
        tmp_path / "c.json", "checker", ClaimStatus.CONFIRMED, CHECKER_NOTE, "corroborates"
    )
    _analyst_desk(
        tmp_path / "r.json", "reviewer", ClaimStatus.DISPUTED, REVIEWER_NOTE, "contradicts"
    )
    team = tmp_path / "team.json"
    out = [str(tmp_path / name) for name in ("c.json", "r.json")]
    assert main(["merge", *out, "-o", str(team)]) == 0
    return team


def test_merge_says_who_made_the_links(team: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merge", str(team.with_name("c.json")), "-o", str(team.with_name("t2.json"))]) == 0
    assert "1 link(s) (by checker 1)" in capsys.readouterr().out


def _brief(team: Path, out: Path, starts: str, ends: str) -> tuple[str, str]:
    """The brief `report` writes to `out`, and its part from `starts` to `ends`."""
    assert main(["report", "--db", str(team), "-o", str(out)]) == 0
    document = out.read_text()
    return document, document[document.index(starts) : document.index(ends)]


def test_the_markdown_brief_marks_the_conflict_with_each_verdict_and_note(
    team: Path, tmp_path: Path
) -> None:
    document, conflict = _brief(
        team, tmp_path / "brief.md", "## Claims in conflict (1)", "## Disputed"
    )
    text = html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(conflict)))
    assert "≠ in conflict" in text
    assert "checker: confirmed" in text and "reviewer: disputed" in text
    assert f"note (checker): {printable(CHECKER_NOTE)}" in text
    assert f"note (reviewer): {printable(REVIEWER_NOTE)}" in text
    assert "corroborates (by checker)" in text and "contradicts (by reviewer)" in text
    # Listed under conflict alone, not again under the latest analyst's verdict.
    assert "Disputed claims (0)" in document
    assert "\x1b" not in document and "\u202e" not in document
    assert "<script" not in MarkdownIt("commonmark", {"html": True}).render(document)


def test_the_html_brief_marks_the_conflict_with_each_verdict_and_note(
    team: Path, tmp_path: Path
) -> None:
    page, conflict = _brief(team, tmp_path / "brief.html", 'id="conflict"', 'id="disputed"')
    assert "≠ in conflict" in conflict
    assert "checker: <b>confirmed</b>" in conflict and "reviewer: <b>disputed</b>" in conflict
    assert html.escape(printable(CHECKER_NOTE), quote=True) in conflict
    assert html.escape(printable(REVIEWER_NOTE), quote=True) in conflict
    assert "(by checker)" in conflict and "(by reviewer)" in conflict
    assert "<script>" not in page and "\x1b" not in page and "\u202e" not in page


def test_the_export_gives_each_analysts_note_and_who_linked(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.csv"
    assert main(["export", "--db", str(team), "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    (row,) = [r for r in rows if r["conflict"] == "yes"]
    assert json.loads(row["note"]) == {"checker": CHECKER_NOTE, "reviewer": REVIEWER_NOTE}
    assert " by checker" in row["links"] and " by reviewer" in row["links"]
    # One analyst's note alone stays the note, neutralised for spreadsheets.
    single = tmp_path / "c.csv"
    assert main(["export", "--db", str(tmp_path / "c.json"), "-o", str(single)]) == 0
    rows = list(csv.DictReader(io.StringIO(single.read_text(encoding="utf-8"), newline="")))
    assert [r["note"] for r in rows if r["note"]] == ["'" + CHECKER_NOTE]
