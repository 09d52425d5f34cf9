"""Pilot tests of the library picker: filtering, choosing, and titles shown as written."""

from __future__ import annotations

from textual.widgets import Input, Static

from annotations.library import LibraryEntry
from tests.pilot import Host
from tui.article_list import ArticleList
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


def drawn(picker: LibraryPicker) -> list[str]:
    """The lines the list draws on screen, top to bottom."""
    listing = picker.listing
    return [listing.row_text(y) for y in range(listing.scrollable_content_region.height)]


async def test_a_long_library_scrolls_to_its_end_and_a_new_filter_replaces_it() -> None:
    many = [
        entry(f"{i:016x}", f"{'Strikes' if i % 2 else 'Shelling'} report {i}", "Wire", None)
        for i in range(1500)
    ]
    strikes = [e.id for e in many if e.title.startswith("Strikes")]
    shelling = [e.id for e in many if e.title.startswith("Shelling")]
    picker = LibraryPicker(many)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"strikes")
        assert picker.shown_ids() == strikes
        lines = drawn(picker)
        assert "Strikes report 1 " in lines[0] and "Strikes report 3 " in lines[1]
        # The cursor goes all the way down, and the list with it.
        await pilot.press("down", *["pagedown"] * 45)
        await pilot.pause()
        assert picker.highlighted_id() == strikes[-1]
        assert "Strikes report 1499 " in "".join(drawn(picker))
        # A new filter: nothing of the old list is left.
        await pilot.press("slash", *["backspace"] * 7, *"shelling")
        assert picker.shown_ids() == shelling
        lines = drawn(picker)
        assert "Shelling report 0 " in lines[0] and not any("Strikes" in line for line in lines)
        # The cursor's article stays under the cursor when the filter changes, even one
        # far down the list, and in sight.
        await pilot.press("down", *["pagedown"] * 12)
        highlighted = picker.highlighted_id()
        assert highlighted in shelling[150:]
        await pilot.press("slash", *["backspace"] * 8)
        await pilot.pause()
        assert picker.highlighted_id() == highlighted
        assert picker.shown_ids() == [e.id for e in many]
        title = next(e.title for e in many if e.id == highlighted)
        assert any(f"{title} " in line for line in drawn(picker))


async def test_a_narrower_filter_and_a_wider_one_list_the_same_as_a_fresh_one() -> None:
    many = [
        entry(f"{i:016x}", f"{('Strikes', 'Shelling', 'Shells')[i % 3]} near {i}", "Wire", None)
        for i in range(300)
    ]
    picker = LibraryPicker(many)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        for typed in ("s", "sh", "she", "shel", "shell", "shells", "shell", "she", "s", ""):
            await pilot.press(*["backspace"] * 8, *typed)
            expected = [e.id for e in many if entry_matches(e, typed)]
            assert picker.shown_ids() == expected, typed
        await pilot.press(*"she 1")
        assert picker.shown_ids() == [e.id for e in many if entry_matches(e, "she 1")]


def marked(picker: LibraryPicker) -> set[str]:
    """The ids of the rows the picker draws with the chosen mark (a short list: all in sight)."""
    return {
        article_id
        for article_id, line in zip(picker.shown_ids(), drawn(picker), strict=False)
        if "✓" in line
    }


def hint(picker: LibraryPicker) -> str:
    """The line under the list: how many are chosen, and the keys."""
    return str(picker.query_one("#picker-hint", Static).render())


async def test_space_chooses_and_enter_returns_the_chosen_in_order() -> None:
    picker = LibraryPicker(ENTRIES)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        assert isinstance(app.focused, ArticleList)
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
        listing = picker.listing
        row = picker.shown_ids().index("d" * 16)
        line = listing.row_text(row)
        # The brackets are text, not styles or links.
        assert "[bold]Loud[/] headline" in line and "[@click=app.quit]x" in line
        assert not any(segment.style and segment.style.meta for segment in listing.render_line(row))
