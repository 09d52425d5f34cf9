"""The picker's rows keep their columns and the list's border whatever the titles hold:
wide emoji, joined emoji, skin tones, flags, stacked or baseless combining marks."""

from __future__ import annotations

import random
import unicodedata

from rich.cells import cell_len

from tests.pilot import Host
from tests.tui.test_picker import SIZE, drawn, entry
from tui.article_list import cell_text
from tui.picker import LibraryPicker

HOSTILE = [
    "Emoji 😀😀😀 wide title",
    "Flag 🏳️‍🌈 and family 👨‍👩‍👧 title",
    "Combining x\u0338y\u0338z\u0338 title",
    "\u0338 starts with a mark",
    "Zalgo " + "a" + "\u0338\u0301\u0302\u0303\u0304" * 30 + " end",
    "Heart ❤️ and sign ☔ and thumbs 👍🏽",
    "漢字のタイトル wide CJK " * 4,
    "Café in NFD: Cafe\u0301",
    "Plain title",
]


def _wcwidth(text: str) -> int:
    """Cells as a terminal counts them, one code point at a time."""
    return sum(_cells(char) for char in text)


def _cells(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _hostile_titles(count: int) -> list[str]:
    pick = random.Random(7)
    pieces = [*"abc ", "😀", "👨\u200d👩\u200d👧", "\u0338", "\u0301", "\ufe0f", "🏽", "漢", "🇫🇷"]
    return HOSTILE + [
        "".join(pick.choice(pieces) for _ in range(pick.randint(1, 60))) for _ in range(count)
    ]


def test_a_cell_is_as_wide_for_rich_as_for_a_terminal() -> None:
    for title in _hostile_titles(1000):
        shown = cell_text(title)
        assert cell_len(shown) == _wcwidth(shown), repr(shown)


async def test_every_row_keeps_its_width_and_the_border() -> None:
    titles = _hostile_titles(60)
    entries = [entry(f"{n:016x}", title, "Src", "2017-10-08") for n, title in enumerate(titles)]
    picker = LibraryPicker(entries)
    app = Host(picker)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = 0
        for _ in range(len(entries) // 10 + 1):
            rows = [row for row in drawn(picker) if row.strip()]
            widths = {(_wcwidth(row), cell_len(row)) for row in rows}
            assert len(widths) == 1, widths
            # The source column starts at the same cell on every row.
            starts = {_wcwidth(row[: row.index(" Src ")]) for row in rows}
            assert len(starts) == 1, starts
            seen += len(rows)
            await pilot.press("pagedown")
            await pilot.pause()
        assert seen >= len(entries)
