"""Pilot tests: on a claim analysts disagree on, the detail panel shows each analyst's own note
once, on their verdict's line, as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import TextArea

from annotations.team.desks import merge_desk_files
from tests.pilot import DeskApp, detail_text, settle
from tests.tui.test_tui_conflicts import NOTE, _tag

CHECKER_NOTE = "[b]SOHR[/b] says 120 \u202eRTL"
CHECKER_SHOWN = "[b]SOHR[/b] says 120 \ufffdRTL"
REVIEWER_SHOWN = "[@click=app.quit] 60, not 120 ␛[31m per SOHR"


async def _team(desk_app: DeskApp, folder: Path, checker_note: str, reviewer_note: str) -> Path:
    checker, reviewer = folder / "checker.json", folder / "reviewer.json"
    await _tag(desk_app, checker, "checker", ["j", "c", "j", "c"], checker_note)
    await _tag(desk_app, reviewer, "reviewer", ["j", "c", "j", "d"], reviewer_note)
    team = folder / "team.json"
    merge_desk_files([checker, reviewer], team)
    return team


def _lines(shown: str) -> dict[str, str]:
    """The panel's lines by their first word (the analyst's name on a verdict line)."""
    return {line.split()[0]: line for line in shown.splitlines() if line.strip()}


async def _conflict_panel(desk_app: DeskApp, team: Path) -> str:
    async with desk_app(team, analyst="editor") as (app, pilot):
        await pilot.press("i")
        await pilot.pause()
        shown = detail_text(app)
        assert "≠ in conflict" in shown
        return shown


async def test_each_analysts_note_is_shown_once_on_their_verdict_line(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    team = await _team(desk_app, tmp_path, CHECKER_NOTE, NOTE)
    shown = await _conflict_panel(desk_app, team)
    lines = _lines(shown)
    assert lines["checker"].endswith(f"note: {CHECKER_SHOWN}")
    assert f"note: {REVIEWER_SHOWN}   c / d / x settle it" in lines["reviewer"]
    assert shown.count(CHECKER_SHOWN) == 1 and shown.count(REVIEWER_SHOWN) == 1
    assert "Note:" not in lines and "no note" not in shown


def _forget_note_changes(team: Path) -> None:
    """Make `team` a desk from before notes had a history: the verdicts are there, the note
    changes are not."""
    stored = json.loads(team.read_text(encoding="utf-8"))
    for doc in stored["tags"].values():
        doc["history"] = [change for change in doc["history"] if change[2] != "note"]
    team.write_text(json.dumps(stored), encoding="utf-8")


@pytest.mark.parametrize("history_names_the_note", [True, False])
async def test_the_later_analysts_note_is_on_their_line_and_not_repeated_below(
    tmp_path: Path, desk_app: DeskApp, history_names_the_note: bool
) -> None:
    team = await _team(desk_app, tmp_path, "", NOTE)
    if not history_names_the_note:
        _forget_note_changes(team)
    shown = await _conflict_panel(desk_app, team)
    lines = _lines(shown)
    assert lines["checker"].endswith("no note")
    assert f"note: {REVIEWER_SHOWN}" in lines["reviewer"]
    assert shown.count(REVIEWER_SHOWN) == 1 and "Note:" not in lines


async def test_a_note_of_someone_without_a_verdict_keeps_its_own_line(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    team = await _team(desk_app, tmp_path, "", NOTE)
    async with desk_app(team, analyst="editor") as (app, pilot):
        await pilot.press("i", "n")
        await pilot.pause()
        app.screen.query_one("#note", TextArea).text = "ask the [red]desk[/red]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = detail_text(app)
    lines = _lines(shown)
    # A note settles nothing: both verdicts stand, each with its own note, and the editor's
    # note is on the Note line, once.
    assert "≠ in conflict" in shown
    assert lines["checker"].endswith("no note")
    assert f"note: {REVIEWER_SHOWN}" in lines["reviewer"]
    assert lines["Note:"] == "Note:    ask the [red]desk[/red]"
    assert shown.count(REVIEWER_SHOWN) == 1
