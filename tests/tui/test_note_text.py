"""Pilot tests: a stored note that holds control or bidi characters (read from another tool's
annotation file, merged from a colleague's desk) is shown as their pictures in the note editor,
and saved as stored wherever the analyst did not edit it: n then ctrl+s changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from annotations.store import Desk
from tests.pilot import DeskApp, settle, views
from tests.tui.test_article_details_text import desk_files
from tui.dialogs import NoteDialog

NOTE = "Count \x1b[31mdisputed\x1b[0m by \u202eSOHR\u202c.\nSee the wire\x07 copy."
FLAG = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
OTHER_NOTES = {
    # A flag is kept whole by the safe-text path: its tag characters are no controls there.
    "flag": f"\x1b[31mred\x1b[0m {FLAG} Scotland",
    # The editor writes one kind of line end: the stored ones stay as they were.
    "line ends": "line one\nline two\r\nline three\rfour \x1b[1m",
}
RAW = ("\x1b", "\x07", "\u202e", "\u202c")


async def _desk_with_note(db: Path, desk_app: DeskApp, note: str = NOTE) -> None:
    """A desk whose first claim a colleague noted with escape sequences and bidi overrides."""
    async with desk_app(db) as (app, pilot):
        claim = views(app)[0].claims[0]
    with Desk.open(db) as desk:
        desk.set_note(claim, note, "colleague")


def _notes(db: Path) -> list[str]:
    with Desk.open(db, lock=False) as desk:
        return [tag.note for tag in desk.tags()]


async def _edit(pilot: object, app: object, *keys: str) -> str:
    """Open the note editor on the current claim, press `keys` in it, save; the text shown."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.press("n")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, NoteDialog)
    shown = screen.query_one("#note", TextArea).text
    await pilot.press(*keys, "ctrl+s")
    await settle(pilot)
    return shown


@pytest.mark.parametrize("note", [NOTE, *OTHER_NOTES.values()], ids=["controls", *OTHER_NOTES])
async def test_n_then_ctrl_s_leaves_a_stored_note_byte_for_byte(
    tmp_path: Path, desk_app: DeskApp, note: str
) -> None:
    db = tmp_path / "desk.json"
    await _desk_with_note(db, desk_app, note)
    async with desk_app(db) as (app, pilot):
        await pilot.press("j")
        before = desk_files(tmp_path)
        shown = await _edit(pilot, app)
        # Shown as pictures, never raw: the editor draws its text as it is.
        assert shown.startswith(("Count ␛[31mdisputed", "␛[31mred", "line one"))
        assert not any(c in shown for c in RAW)
        assert desk_files(tmp_path) == before  # nothing written, no history line
    assert _notes(db) == [note]


EDITS: dict[str, tuple[list[tuple[str, ...]], str]] = {
    # Added at the end, then a word typed at the start, in two sessions of the editor.
    "end, then start": ([tuple(" Checked."), ("up", "home", *"Ours: ")], f"Ours: {NOTE} Checked."),
    "both ends at once": ([("up", "home", *"OK ", "down", "end", "!")], f"OK {NOTE}!"),
    # The cursor opens at the end: backspace takes the BEL's picture, then the "e".
    "a picture deleted": (
        [("left",) * 6 + ("backspace", "backspace")],
        NOTE.replace("wire\x07 ", "wir "),
    ),
}


@pytest.mark.parametrize(("sessions", "after"), EDITS.values(), ids=EDITS.keys())
async def test_an_edit_keeps_what_it_did_not_touch_as_stored(
    tmp_path: Path, desk_app: DeskApp, sessions: list[tuple[str, ...]], after: str
) -> None:
    db = tmp_path / "desk.json"
    await _desk_with_note(db, desk_app)
    async with desk_app(db) as (app, pilot):
        await pilot.press("j")
        for keys in sessions:
            await _edit(pilot, app, *keys)
    assert _notes(db) == [after]
