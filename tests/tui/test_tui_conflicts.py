"""Pilot tests: a team desk marks the claims analysts disagree on, jumps to them, shows each
verdict and note, and settles them by tagging."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from annotations.store import Desk
from annotations.team.desks import merge_desk_files
from tests.pilot import (
    DeskApp,
    detail_text,
    gutter_of,
    help_rows,
    screen_of,
    settle,
    views,
)
from tui.app import NewsdeskApp
from tui.widgets import StatusLine

NOTE = "[@click=app.quit] 60, not 120 \x1b[31m per SOHR"


def last_message(app: NewsdeskApp) -> str:
    return str(list(app._notifications)[-1].message)


async def _tag(desk_app: DeskApp, db: Path, analyst: str, keys: list[str], note: str) -> None:
    async with desk_app(db, analyst=analyst) as (app, pilot):
        await pilot.press(*keys)
        await settle(pilot)
        if note:
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one("#note", TextArea).text = note
            await pilot.press("ctrl+s")
            await settle(pilot)


async def _team(desk_app: DeskApp, tmp_path: Path) -> Path:
    checker, reviewer = tmp_path / "checker.json", tmp_path / "reviewer.json"
    await _tag(desk_app, checker, "checker", ["j", "c", "j", "c"], "")
    await _tag(desk_app, reviewer, "reviewer", ["j", "c", "j", "d"], NOTE)
    team = tmp_path / "team.json"
    merge_desk_files([checker, reviewer], team)
    return team


async def test_the_conflict_key_finds_the_claim_and_tagging_settles_it(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    team = await _team(desk_app, tmp_path)
    async with desk_app(team, analyst="editor") as (app, pilot):
        first = views(app)[0]
        assert first.marks == {0: "confirmed", 1: "conflict"}
        # The margin draws it: ≠ beside the claim in conflict, ✓ beside the agreed one.
        assert gutter_of(first, 0)[1] == "✓" and gutter_of(first, 1)[1] == "≠"
        status = str(screen_of(app).query_one(StatusLine).render())
        assert "≠ in conflict 1" in status
        await pilot.press("i")
        await pilot.pause()
        assert app.focused is first and first.current_claim == 1
        shown = detail_text(app)
        assert "≠ in conflict" in shown
        assert "checker confirmed" in shown and "no note" in shown
        # The reviewer's note, as text: no markup acted on, no escape sequence let through.
        assert "reviewer disputed" in shown
        assert "[@click=app.quit] 60, not 120 ␛[31m per SOHR" in shown
        # How to settle it is said once, not once per analyst.
        assert shown.count("c / d / x settle it") == 1
        # Analysts who tagged apart did not overrule each other: no "changed it" warning.
        assert "changed it" not in shown
        assert app.is_running
        # The previous conflict, from anywhere, comes round to the same one.
        await pilot.press("k", "k", "I")
        await pilot.pause()
        assert first.current_claim == 1
        await pilot.press("d")
        await settle(pilot)
        assert first.marks == {0: "confirmed", 1: "disputed"}
        assert gutter_of(first, 1) == "▌✗"
        assert "≠ in conflict" not in detail_text(app)
        assert "resolved as disputed" in detail_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert "No claim in conflict" in last_message(app)
    with Desk.open(team, lock=False) as desk:
        tags = sorted(desk.tags(), key=lambda tag: tag.start)
        settled = tags[1]
        assert str(settled.status) == "disputed"
        last = settled.history[-1]
        assert (last.analyst, last.field, last.before, last.after) == (
            "editor",
            "resolved",
            "checker: confirmed; reviewer: disputed",
            "disputed",
        )


async def test_undo_brings_the_conflict_back(tmp_path: Path, desk_app: DeskApp) -> None:
    team = await _team(desk_app, tmp_path)
    async with desk_app(team, analyst="editor") as (app, pilot):
        first = views(app)[0]
        await pilot.press("i", "c")
        await settle(pilot)
        assert first.marks == {0: "confirmed", 1: "confirmed"}
        await pilot.press("u")
        await settle(pilot)
        assert first.marks == {0: "confirmed", 1: "conflict"}
        assert last_message(app) == "undid: confirmed → disputed, claim 2 of A1"


async def test_a_desk_without_conflicts_says_so(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await pilot.press("j", "c", "i")
        await settle(pilot)
        assert "No claim in conflict" in last_message(app)
        assert "in conflict" not in str(screen_of(app).query_one(StatusLine).render())


async def test_help_and_palette_offer_the_conflict_keys(tmp_path: Path, desk_app: DeskApp) -> None:
    team = await _team(desk_app, tmp_path)
    async with desk_app(team, analyst="editor") as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        shown = help_rows(app)
        assert ("i", "Next conflict", "desk") in shown and ("I", "Prev conflict", "desk") in shown
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Team: next conflict")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        first = views(app)[0]
        assert app.focused is first and first.current_claim == 1


async def test_analysts_who_agreed_apart_are_not_shown_as_changing_each_other(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    team = await _team(desk_app, tmp_path)
    async with desk_app(team, analyst="editor") as (app, pilot):
        await pilot.press("j")
        await settle(pilot)
        assert views(app)[0].current_claim == 0
        shown = detail_text(app)
        # Both confirmed it on their own desks: the merged history holds two verdicts, and
        # neither analyst changed the other's.
        assert "● confirmed" in shown
        assert "changed it" not in shown
