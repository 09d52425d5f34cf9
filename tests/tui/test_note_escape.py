"""Escape cancels the note dialog, as its hint says, and what was typed is not saved."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from tests.pilot import DeskApp, detail_text, settle, stored
from tui.dialogs import NoteDialog


async def test_escape_closes_the_note_dialog_without_saving(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        # Typed over several lines, a tab among them: the text area's own keys.
        await pilot.press("j", "n", *"unsaved words", "enter", "tab", "x")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        assert "unsaved words" in app.screen.query_one("#note", TextArea).text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteDialog)
        assert not app.screen.query("#note")
        assert "unsaved" not in detail_text(app)
        # The desk's keys act again at once: c confirms the claim, with no note.
        await pilot.press("c")
        await settle(pilot)
    assert [row[3] for row in stored(db)] == [""]
    assert "unsaved" not in db.read_text(encoding="utf-8")


async def test_escape_keeps_an_existing_note_as_it_was(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "n", *"kept", "ctrl+s")
        await settle(pilot)
        await pilot.press("n", *" more", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, NoteDialog)
        assert "kept" in detail_text(app) and "more" not in detail_text(app)
    assert [row[3] for row in stored(db)] == ["kept"]
