"""How much of the screen a key redraws: no layout for a tag key (the detail panel keeps its
height), one when the panel changes height, none for a letter typed in the picker's filter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.screen import Screen

from tests.pilot import SIZE, DeskApp, Host, detail_text, held_tag_writes, screen_of, settle
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
        # A note that takes two rows, on the second claim.
        await pilot.press("j", "j", "n", *"the ministry's figure, " * 12, "ctrl+s")
        await settle(pilot)
        # Tagging never changes the panel's height; moving to and from the noted claim does.
        for key in ["j", "c", "d", "x", "k", "c", "d", "x", "j", "k", "j"]:
            height = panel.size.height
            with layouts(monkeypatch) as passes:
                await pilot.press(key)
                await settle(pilot)
                await pilot.pause(0.05)
            if panel.size.height != height:
                assert key not in ("c", "d", "x"), f"{key} changed the panel's height"
                changed += 1
                assert passes == ["DeskScreen"], f"{len(passes)} layouts for one new height"
            else:
                assert passes == []
        assert changed >= 2  # the panel took and gave back rows


@pytest.mark.parametrize("size", [(200, 50), (120, 40), (80, 24), (60, 30)])
async def test_a_tag_key_keeps_the_panel_height_and_lays_nothing_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, desk_app: DeskApp, size: tuple[int, int]
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await pilot.resize_terminal(*size)
        await settle(pilot)
        panel = screen_of(app).query_one(ClaimDetail)
        for claim in range(3):
            await pilot.press("j")
            await settle(pilot)
            await pilot.pause(0.05)
            height = panel.size.height
            # On the first claim the disk is late: "saving…" comes into the heading.
            release = held_tag_writes(monkeypatch) if claim == 0 else None
            # The claim's first change, its second (the History line would come), cleared.
            for key in "cdx":
                with layouts(monkeypatch) as passes:
                    await pilot.press(key)
                    if release:
                        await pilot.pause(0.3)
                    else:
                        await settle(pilot)
                        await pilot.pause(0.05)
                assert panel.size.height == height, f"{key} on claim {claim + 1}"
                assert passes == [], f"{key} on claim {claim + 1}"
                assert "(saving…)" in detail_text(app) or not release
                heading = panel._shown[1][0] if panel._shown else None
                assert heading is not None and heading.cell_length <= panel.content_region.width
            if release:
                with layouts(monkeypatch) as passes:
                    release.set()
                    await settle(pilot)
                    await pilot.pause(0.05)
                assert panel.size.height == height and passes == []
                assert "(saving…)" not in detail_text(app)


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
