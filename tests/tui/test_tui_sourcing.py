"""Pilot tests of sources and hedges in the desk, and of the figures board screen."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from annotations.store import Desk
from tests.pilot import DeskApp, detail_text, drawn_in, settle, views
from tests.tui.test_tui_compare import go_to_claim, wait_for_comparison
from tui.figures_board import FiguresBoardScreen


async def open_board(pilot: Pilot[None]) -> FiguresBoardScreen:
    """Wait for the comparison, press f, and return the board screen."""
    await wait_for_comparison(pilot)
    await pilot.press("f")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FiguresBoardScreen)
    return screen


async def test_the_detail_panel_says_who_says_the_claim_and_its_hedges(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await wait_for_comparison(pilot)
        first, second = views(app)
        await go_to_claim(pilot, first, "It said that its strikes killed 120")
        await pilot.pause()
        text = detail_text(app)
        assert "Source:  Syrian Central Military Media (named before)" in text
        assert "Hedges: none" in text
        await go_to_claim(pilot, first, "The Syrian army and allied forces")
        await pilot.pause()
        text = detail_text(app)
        assert "Source:  none named" in text and "Hedges: reportedly (reporting)" in text
        # The hedge is drawn in the text too.
        start = first.text.index("reportedly")
        assert (start, start + len("reportedly")) in first._hedges


async def test_f_shows_the_board_and_enter_jumps_to_the_figure(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        board = await open_board(pilot)
        rows = board.board.rows
        statuses = [row.status for row in rows]
        assert statuses == sorted(statuses, key=["clash", "agree", "one-side"].index)
        civilians = next(n for n, row in enumerate(rows) if row.counts == "civilians")
        table = board.query_one(DataTable)
        table.move_cursor(row=civilians, column=2)  # the A1 column
        await pilot.press("enter")
        await settle(pilot)
        first = views(app)[0]
        assert app.focused is first
        claim = first.claims[first.current_claim]
        assert claim.text.startswith("The most recent charge")
        assert first.mention is not None and first.mention.text == "14"
        assert drawn_in(first, "mention") == ["14"]


async def test_a_split_on_the_board_is_kept_in_the_desk(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        board = await open_board(pilot)
        fighters = next(
            n for n, r in enumerate(board.board.rows) if r.counts == "militants/fighters"
        )
        board.query_one(DataTable).move_cursor(row=fighters, column=3)  # A2: "Some 120"
        await pilot.press("s")
        await pilot.pause()
        alone = [r for r in board.board.rows if [e.mention.text for e in r.entries] == ["Some 120"]]
        assert len(alone) == 1 and alone[0].status == "one-side"
        await pilot.press("escape")
        await settle(pilot)
    with Desk.open(db, lock=False) as desk:
        (split,) = desk.figure_splits()
        assert split["figure"].endswith(f":{alone[0].entries[0].mention.start}")


async def test_M_on_the_board_merges_two_sources_like_entities(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        board = await open_board(pilot)
        rows = board.board.rows
        table = board.query_one(DataTable)
        fighters = next(n for n, r in enumerate(rows) if r.counts == "militants/fighters")
        table.move_cursor(row=fighters, column=3)  # A2 "Some 120": the defense ministry in Moscow
        await pilot.press("M")
        dozens = next(n for n, r in enumerate(rows) if r.entries[0].mention.text == "Dozens")
        table.move_cursor(row=dozens, column=2)  # A1 "Dozens": the Russian Defense Ministry
        await pilot.press("M")
        await pilot.pause()
        labels = {e.source_label for r in board.board.rows for e in r.entries}
        assert "the defense ministry in Moscow = Russian Defense Ministry" in labels
        await pilot.press("escape")
        await settle(pilot)
    with Desk.open(db, lock=False) as desk:
        (merge,) = desk.merges()
        assert merge["key_a"] == "source:defense ministry in moscow"
