"""Pilot tests: x on a claim a colleague judged clears it on screen and keeps their verdict on
record (the desk file, export, agreement); on a team desk it settles a conflict as untagged."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from annotations.store import Desk
from annotations.team.desks import merge_desk_files
from tests.pilot import DeskApp, detail_text, screen_of, settle, views
from tests.tui.test_column_header import header_counts
from tests.tui.test_tui_conflicts import _tag
from tui import cli
from tui.widgets import StatusLine


def _record(db: Path, start: int) -> dict[str, Any] | None:
    """The stored document of the tag at `start` of the first seed, read afresh from disk."""
    with Desk.open(db, lock=False) as desk:
        found = [tag for tag in desk.tags() if tag.start == start]
        return found[0].to_doc() if found else None


def _exported(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    capsys.readouterr()
    assert cli.main(["export", "--db", str(db)]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr()[0], newline="")))


async def test_x_on_a_colleagues_verdict_keeps_it_on_record(
    tmp_path: Path, desk_app: DeskApp, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db, analyst="root") as (app, pilot):
        await pilot.press("j", "c")
        await settle(pilot)
        claim = views(app)[0].claims[views(app)[0].current_claim]
    confirmed = _record(db, claim.start)
    assert confirmed is not None and confirmed["status"] == "confirmed"
    async with desk_app(db, analyst="checker") as (app, pilot):
        first = views(app)[0]
        await pilot.press("j")
        while first.claims[first.current_claim].start > claim.start:
            await pilot.press("k")
        assert first.claims[first.current_claim] == claim
        assert first.marks.get(first.current_claim) == "confirmed"
        await pilot.press("x")
        await settle(pilot)
        # Cleared on screen: no mark, not counted, the history says whose verdict it was.
        assert first.current_claim not in first.marks
        assert header_counts(app, first)[1] == 0
        shown = detail_text(app)
        assert "● untagged" in shown
        assert "⚠ checker changed it: was confirmed by root" in shown
        assert "root untagged → confirmed" in shown and "checker confirmed → untagged" in shown
        # On disk: the record, untagged, with root's verdict and checker's clearing.
        cleared = _record(db, claim.start)
        assert cleared is not None and cleared["status"] is None
        assert [(c[0], c[3], c[4]) for c in cleared["history"]] == [
            ("root", "untagged", "confirmed"),
            ("checker", "confirmed", "untagged"),
        ]
        await pilot.press("u")
        await settle(pilot)
        assert first.marks.get(first.current_claim) == "confirmed"
        assert _record(db, claim.start) == confirmed  # exactly the record before
        await pilot.press("U")
        await settle(pilot)
        assert first.current_claim not in first.marks
    (row,) = _exported(db, capsys)
    assert row["status"] == "untagged" and row["claim"] == claim.text
    assert "root: untagged → confirmed" in row["history"]


async def test_the_editors_x_settles_a_conflict_as_untagged(
    tmp_path: Path, desk_app: DeskApp, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two analysts, no note: nothing but the verdicts keeps the claim on the team desk.
    checker, reviewer = tmp_path / "checker.json", tmp_path / "reviewer.json"
    await _tag(desk_app, checker, "checker", ["j", "c", "j", "c"], "")
    await _tag(desk_app, reviewer, "reviewer", ["j", "c", "j", "d"], "")
    team = tmp_path / "team.json"
    merge_desk_files([checker, reviewer], team)
    async with desk_app(team, analyst="editor") as (app, pilot):
        first = views(app)[0]
        assert first.marks == {0: "confirmed", 1: "conflict"}
        await pilot.press("i")
        await pilot.pause()
        assert "c / d / x settle it (x as untagged)" in detail_text(app)
        claim = first.claims[1]
        before = _record(team, claim.start)
        await pilot.press("x")
        await settle(pilot)
        assert first.marks == {0: "confirmed"}
        shown = detail_text(app)
        assert "≠ in conflict" not in shown and "● untagged" in shown
        assert "editor resolved as untagged" in shown
        assert "in conflict" not in str(screen_of(app).query_one(StatusLine).render())
        settled = _record(team, claim.start)
        assert settled is not None and settled["status"] is None
        assert settled["history"][-1][0] == "editor"
        assert settled["history"][-1][2:] == [
            "resolved",
            "checker: confirmed; reviewer: disputed",
            "untagged",
        ]
        await pilot.press("u")
        await settle(pilot)
        assert first.marks == {0: "confirmed", 1: "conflict"}
        assert _record(team, claim.start) == before  # the conflict, exactly as it was
        await pilot.press("U")
        await settle(pilot)
        assert first.marks == {0: "confirmed"}
    rows = {row["claim"]: row for row in _exported(team, capsys)}
    assert rows[claim.text]["status"] == "untagged"
    assert "checker: untagged → confirmed" in rows[claim.text]["history"]
    assert "reviewer: untagged → disputed" in rows[claim.text]["history"]
    assert cli.main(["agreement", str(team), "--json"]) == 0
    agreement = json.loads(capsys.readouterr()[0])
    assert agreement["analysts"] == ["checker", "reviewer"]
    assert len(agreement["disagreements"]) == 1
