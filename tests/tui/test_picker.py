"""Pilot tests of the library picker: filtering, choosing, and titles shown as written."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from annotations.library import LibraryEntry
from tests.pilot import Host
from tui.picker import LibraryPicker, entry_matches

SIZE = (120, 40)


def entry(article_id: str, title: str, source: str | None, date: str | None) -> LibraryEntry:
    return LibraryEntry(
        id=article_id,
        title=title,
        source=source,
        date=date,
        path=f"/news/{article_id}.txt",
        url=None,
        author=None,
        imported_at="2026-01-01T00:00:00Z",
        chars=1234,
    )


ENTRIES = [
    entry("a" * 16, "Russian strikes kill 120 Daesh militants", "Example Herald", "2017-10-08"),
    entry("b" * 16, "Observatory: regime forces enter Mayadeen", "SOHR", "2017-10-06"),
    entry("c" * 16, "Homs operations end", "Sana", None),
    entry("d" * 16, "[bold]Loud[/] headline", "[@click=app.quit]x", "2017-10-09"),
]


def test_filter_matches_every_word_in_title_source_or_date() -> None:
    herald, observatory, homs, _ = ENTRIES
    assert entry_matches(herald, "")
    assert entry_matches(herald, "RUSSIAN")
    assert entry_matches(herald, "herald 2017-10")
    assert not entry_matches(observatory, "herald")
    assert entry_matches(homs, "sana homs")
    assert not entry_matches(homs, "2017")


async def test_typing_narrows_the_list() -> None:
    picker = LibraryPicker(ENTRIES)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert picker.shown_ids() == [e.id for e in ENTRIES]
        await pilot.press(*"mayadeen")
        assert picker.shown_ids() == ["b" * 16]
        await pilot.press(*["backspace"] * 8, *"2017")
        assert picker.shown_ids() == ["a" * 16, "b" * 16, "d" * 16]
        await pilot.press(*" herald")
        assert picker.shown_ids() == ["a" * 16]
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [["a" * 16]]


async def test_a_long_library_fills_in_over_frames_and_a_new_filter_replaces_it() -> None:
    many = [
        entry(f"{i:016x}", f"{'Strikes' if i % 2 else 'Shelling'} report {i}", "Wire", None)
        for i in range(1500)
    ]
    picker = LibraryPicker(many)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"strikes")
        # The first matches come at once, the rest a batch per frame: all of them, in order.
        for _ in range(50):
            await pilot.pause(0.02)
        assert picker.shown_ids() == [e.id for e in many if e.title.startswith("Strikes")]
        # A new keystroke while rows are still coming: nothing of the old list is left.
        await pilot.press(*["backspace"] * 7, *"shelling")
        await pilot.press("backspace", *"g")
        for _ in range(50):
            await pilot.pause(0.02)
        assert picker.shown_ids() == [e.id for e in many if e.title.startswith("Shelling")]
        # The cursor's article stays under the cursor when the filter changes.
        await pilot.press("down", *["down"] * 3)
        highlighted = picker.highlighted_id()
        await pilot.press("slash", "backspace")
        for _ in range(50):
            await pilot.pause(0.02)
        assert picker.highlighted_id() == highlighted


def marked(picker: LibraryPicker) -> set[str]:
    """The ids of the rows the picker draws with the chosen mark (among those shown)."""
    table = picker.query_one(DataTable)
    return {str(key.value) for key in table.rows if "✓" in str(table.get_row(key)[0])}


def hint(picker: LibraryPicker) -> str:
    """The line under the list: how many are chosen, and the keys."""
    return str(picker.query_one("#picker-hint", Static).render())


async def test_space_chooses_and_enter_returns_the_chosen_in_order() -> None:
    picker = LibraryPicker(ENTRIES)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        assert isinstance(app.focused, DataTable)
        await pilot.press("down", "down", "space", "up", "up", "space")
        assert marked(picker) == {"c" * 16, "a" * 16} and "2 chosen" in hint(picker)
        # Choosing survives filtering, and space on a chosen article un-chooses it.
        await pilot.press("slash", *"homs")
        assert isinstance(app.focused, Input)
        assert picker.shown_ids() == ["c" * 16]
        await pilot.press("down", "space")
        # "a" is chosen still, though the filter hides it.
        assert marked(picker) == set() and "1 chosen" in hint(picker)
        await pilot.press("space")
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [["a" * 16, "c" * 16]]


async def test_escape_returns_none() -> None:
    app = Host(LibraryPicker(ENTRIES))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"homs", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_a_filter_matching_nothing_opens_nothing() -> None:
    picker = LibraryPicker(ENTRIES)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"zzz", "enter")
        await pilot.pause()
        assert picker.shown_ids() == []
        assert app.results == []
        assert app.screen is picker


async def test_titles_with_markup_are_shown_as_written() -> None:
    picker = LibraryPicker(ENTRIES)
    app = Host(picker)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        table = picker.table
        row = table.get_row("d" * 16)
        # Cells are Text, never markup strings: the brackets are text, not styles or links.
        assert all(isinstance(cell, Text) for cell in row)
        assert [cell.plain for cell in row[1:3]] == ["[bold]Loud[/] headline", "[@click=app.quit]x"]
