"""Keys that come in one burst with the key closing a dialog with a text field (a paste, a
script, a laggy link): the dialog takes exactly the text on screen when enter was pressed, and
the keys after it act, in order, on what is under it, as if typed slowly."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.pilot import DeskApp, burst, screen_of, settle, stored, views
from tui.search import Searching


async def test_keys_after_enter_in_search_step_on_from_the_hit_and_dispute(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await burst(pilot, "slash", *"Moscow", "enter", "j", "d")
        await settle(pilot)
        desk = screen_of(app)
        assert isinstance(desk, Searching)
        assert desk.searching
        # The first hit (no claim was chosen yet), then j steps to the claim after it.
        view = next(v for v in views(app) if "moscow" in v.text.lower())
        hit = view.claim_index_at(view.text.lower().index("moscow"))
        assert desk.current_view is view
        assert view.current_claim == hit + 1
        after = view.claims[hit + 1].start
    assert stored(db) == [(view.article_id, after, "disputed", "")]


async def test_keys_after_enter_in_export_act_on_the_desk(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    out = tmp_path / "out.csv"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "d", "e")
        await pilot.press("ctrl+a", "ctrl+k")  # the proposed path cleared
        await burst(pilot, *str(out), "enter", "j", "d")
        await settle(pilot)
        screen_of(app)
        assert views(app)[0].current_claim == 1
    (first, second) = stored(db)
    assert first[2:] == second[2:] == ("disputed", "")
    assert second[1] > first[1]
    # Written before the second dispute, as typed: the keys after enter came after it.
    with out.open(newline="") as file:
        assert [row["status"] for row in csv.DictReader(file)] == ["disputed"]
