"""A long analyst name never pushes a colleague's verdict, note or the settle hint out of the
detail panel: every name on screen is one line of bounded width."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import TextArea

from annotations.analysts import MAX_ANALYST_LENGTH, SHOWN_CELLS
from annotations.team.desks import merge_desk_files
from tests.pilot import DeskApp, screen_of, settle, views
from tui.app import NewsdeskApp
from tui.widgets import ClaimDetail

LONG = "A" * 10_240
LONGEST = "B" * MAX_ANALYST_LENGTH
WIDE = "\u6f22\u5b57" * (MAX_ANALYST_LENGTH // 2)  # two cells each
COMBINING = "x\u0338" * (MAX_ANALYST_LENGTH // 2)


def shown_rows(app: NewsdeskApp) -> list[str]:
    """The rows the detail panel draws now, as they are on screen."""
    detail = screen_of(app).query_one(ClaimDetail)
    return [
        "".join(segment.text for segment in detail.render_line(y)).rstrip()
        for y in range(detail.size.height)
    ]


async def _team(desk_app: DeskApp, tmp_path: Path, name: str) -> Path:
    """A team desk where `name` confirmed the first claim and reviewer disputed it, with a
    note; a name longer than any entry point takes is written in by hand, as an edited or
    older desk may hold it."""
    desks = []
    first = name if len(name) <= MAX_ANALYST_LENGTH else "PLACEHOLDER"
    for analyst, verdict, note in ((first, "c", ""), ("reviewer", "d", "60, not 120, per SOHR")):
        db = tmp_path / f"{len(desks)}.json"
        async with desk_app(db, analyst=analyst) as (app, pilot):
            await pilot.press("j", verdict)
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one("#note", TextArea).text = note or "checked"
            await pilot.press("ctrl+s")
            await settle(pilot)
        desks.append(db)
    team = tmp_path / "team.json"
    merge_desk_files(desks, team)
    for file in (team, team.with_name(team.name + ".journal")):
        if file.exists():
            escaped = json.dumps(name)[1:-1]
            file.write_text(file.read_text("utf-8").replace("PLACEHOLDER", escaped), "utf-8")
    return team


@pytest.mark.parametrize(
    "name", [LONG, LONGEST, WIDE, COMBINING], ids=["hand-edited", "longest", "wide", "combining"]
)
@pytest.mark.parametrize("size", [(200, 50), (80, 24)], ids=["200x50", "80x24"])
async def test_a_long_name_leaves_the_other_verdict_in_sight(
    tmp_path: Path, desk_app: DeskApp, name: str, size: tuple[int, int]
) -> None:
    team = await _team(desk_app, tmp_path, name)
    async with desk_app(team, analyst="editor") as (app, pilot):
        await pilot.resize_terminal(*size)
        await pilot.press("i")
        await settle(pilot)
        assert views(app)[0].marks.get(0) == "conflict"
        rows = shown_rows(app)
        screen = " ".join(" ".join(rows).split())  # a line wrapped to the next row is in sight
        assert "reviewer disputed" in screen, screen
        assert "60, not 120, per SOHR" in screen, screen
        assert "c / d / x settle it" in screen, screen
        # The name is cut with "…": no word on screen is wider than a shown name.
        assert "…" in screen
        assert max(cell_len(part) for row in rows for part in row.split(" ")) <= SHOWN_CELLS
