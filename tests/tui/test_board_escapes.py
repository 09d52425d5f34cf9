"""Sources in text holding terminal escape sequences, 8-bit (C1) or 7-bit: the figures board
and the detail panel show the source's name, never a sequence's parameters ("0m Army")."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from annotations.articles import load_article
from tests.pilot import DeskApp, detail_text, views
from tests.tui.test_tui_compare import go_to_claim
from tests.tui.test_tui_sourcing import open_board

FIRST = (
    "Clashes in the north\n\n"
    "Some 50 fighters were killed on Monday, the \x9b0m Army said.\n\n"
    "About 30 civilians died, \x1b[1;31mReuters reported.\n"
)
SECOND = (
    "Fighting in the north\n\n"
    "About 40 fighters were killed on Monday, the Army said.\n\n"
    "Some 35 civilians died in the shelling, Reuters reported.\n"
)


async def test_the_board_and_the_panel_show_sources_without_escape_parameters(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path, text in zip(paths, (FIRST, SECOND), strict=True):
        path.write_text(text, encoding="utf-8")
    async with desk_app(tmp_path / "desk.json", [load_article(p) for p in paths]) as (
        app,
        pilot,
    ):
        await go_to_claim(pilot, views(app)[0], "Some 50 fighters")
        await pilot.pause()
        assert "Source:  Army" in detail_text(app)
        board = await open_board(pilot)
        table: DataTable[object] = board.query_one(DataTable)
        cells = [
            str(table.get_cell_at((row, column)))
            for row in range(table.row_count)
            for column in range(len(table.columns))
        ]
        sources = sorted(line for cell in cells for line in cell.split("\n") if "←" in line)
        assert sources == ["← Army", "← Army", "← Reuters", "← Reuters"]
        assert not any("0m" in cell or "31m" in cell for cell in cells)
