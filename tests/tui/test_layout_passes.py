"""How much of the screen a key redraws: one layout when the detail panel changes height,
none for a letter typed in the picker's filter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.screen import Screen

from tests.pilot import SIZE, DeskApp, Host, screen_of, settle
from tests.tui.test_picker import entry
from tui.picker import LibraryPicker
from tui.widgets import ClaimDetail


@contextmanager
def layouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The screens laid out while the block runs, one entry per layout pass."""
    passes: list[str] = []
    original = Screen._refresh_layout

    def counted(screen: Screen[object], *args: object, **kwargs: object) -> None:
        passes.append(type(screen).__name__)
        original(screen, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    yield passes


async def test_a_detail_panel_of_another_height_lays_the_desk_out_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await settle(pilot)
        panel = screen_of(app).query_one(ClaimDetail)
        changed = 0
        # Moving between claims, and tagging one twice (its History line comes with the save).
        for key in ["j", "c", "d", "j", "j", "c", "d", "j", "j", "j", "c", "d"]:
            height = panel.size.height
            with layouts(monkeypatch) as passes:
                await pilot.press(key)
                await settle(pilot)
                await pilot.pause(0.05)
            if panel.size.height != height:
                changed += 1
                assert passes == ["DeskScreen"], f"{len(passes)} layouts for one new height"
            else:
                assert passes == []
        assert changed >= 2  # the panel took and gave back rows


async def test_a_letter_in_the_picker_filter_lays_nothing_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    many = [entry(f"{i:016x}", f"Strikes near town {i}", "Wire", None) for i in range(2000)]
    picker = LibraryPicker(many)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        with layouts(monkeypatch) as passes:
            await pilot.press(*"town 1", "backspace", "backspace")
            await pilot.pause(0.1)
        assert passes == []
        assert picker.shown_ids() == [e.id for e in many if "town" in e.title.casefold()]
