"""Keys that come in one burst with the key closing the note editor (a paste, a script, a
laggy link): the note keeps exactly what was on screen, and the keys after it act on the desk,
in order, as if typed slowly."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from tests.pilot import DeskApp, burst, screen_of, settle, stored, views
from tui.dialogs import NoteDialog


async def test_keys_after_ctrl_s_move_and_dispute_on_the_desk(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "n", *"abc")
        assert isinstance(app.screen, NoteDialog)
        await burst(pilot, "ctrl+s", "j", "d")
        await settle(pilot)
        screen_of(app)
        assert views(app)[0].current_claim == 1
    (noted, disputed) = stored(db)
    assert noted[2:] == (None, "abc")
    assert disputed[2:] == ("disputed", "")
    assert disputed[1] > noted[1]


async def test_keys_after_escape_move_and_dispute_on_the_desk(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "n", *"abc")
        await burst(pilot, "escape", "j", "d")
        await settle(pilot)
        screen_of(app)
        assert views(app)[0].current_claim == 1
    assert [row[2:] for row in stored(db)] == [("disputed", "")]


async def test_bound_keys_of_the_text_area_keep_their_place_in_a_burst(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        # A backspace and a cursor move are the text area's own bound keys: in order too.
        await pilot.press("j", "n")
        await burst(pilot, *"abx", "backspace", "c", "left", "Z", "ctrl+s", "j", "d")
        await settle(pilot)
        screen_of(app)
        assert not app.screen.query(TextArea)
    (noted, disputed) = stored(db)
    assert noted[2:] == (None, "abZc")
    assert disputed[2:] == ("disputed", "")
