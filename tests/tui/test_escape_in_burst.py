"""Escape and a letter in one read of the terminal (a script, a paste of keys, a laggy link)
reach Textual as alt+letter. Outside a text field they act as the two keys typed slowly: the
dialog escape closes, then the letter on the desk; never the letter inside the dialog (escape
j d in the link picker linked the claim as contradicting)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.pilot import DeskApp, burst, settle, stored
from tests.tui.test_table_dialog_burst import as_typed_slowly
from tui.dialogs import NoteDialog


@pytest.mark.parametrize(
    ("at_once", "slowly"),
    [
        (("j", "l", "alt+j", "d"), ("j", "l", "escape", "j", "d")),
        (("j", "l", "down", "alt+j", "c"), ("j", "l", "down", "escape", "j", "c")),
        (("E", *"mayad", "alt+j", "d"), ("E", *"mayad", "escape", "j", "d")),
        (("E", "alt+j", "j", "d"), ("E", "escape", "j", "j", "d")),
        (("j", "alt+j", "d"), ("j", "escape", "j", "d")),
        (("right", "M", "alt+j", "d"), ("right", "M", "escape", "j", "d")),
    ],
    ids=["link", "link-row", "entities", "entities-at-once", "desk", "merge"],
)
async def test_escape_and_a_letter_in_one_read_act_as_the_two_keys(
    tmp_path: Path, desk_app: DeskApp, at_once: tuple[str, ...], slowly: tuple[str, ...]
) -> None:
    _place, _tags, links, merges = await as_typed_slowly(tmp_path, desk_app, at_once, slowly)
    assert links == [] and merges == 0  # the dialog was left, not acted in


async def test_in_the_note_editor_alt_and_a_letter_stay_textuals(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    # An Option key typing in a text field must not cancel the dialog and drop the text.
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "n", *"ab")
        await burst(pilot, "alt+j")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note", TextArea).text.startswith("ab")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert stored(db)[0][3].startswith("ab")
