"""The line under each column's title counts the claims as they are now: a split, a join, a
claim drawn or its undoing shows there at once, in both numbers."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from tests.pilot import DeskApp, settle
from tests.tui.test_tui_drawn import SENTENCE, on_the_sentence
from tui.app import NewsdeskApp
from tui.article_view import ArticleView
from tui.widgets import ArticleColumn


def header_counts(app: NewsdeskApp, view: ArticleView) -> tuple[int, int, int]:
    """(claims, tagged, of how many) as the column of `view` says them."""
    column = next(c for c in app.screen.query(ArticleColumn) if c.view is view)
    line = str(column.query_one(".column-progress", Static).render())
    found = re.search(r"(\d+) claims? · tagged (\d+) of (\d+)", line)
    assert found is not None, line
    claims, tagged, total = map(int, found.groups())
    return claims, tagged, total


async def test_a_split_a_join_and_a_drawn_claim_are_counted_at_once(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with on_the_sentence(tmp_path / "desk.json", desk_app) as (app, pilot, view, count):
        assert header_counts(app, view) == (count, 0, count)
        await pilot.press("right", "right", "right", "vertical_line")
        await settle(pilot)
        assert len(view.claims) == count + 1
        assert header_counts(app, view) == (count + 1, 0, count + 1)
        await pilot.press("c")
        await settle(pilot)
        assert header_counts(app, view) == (count + 1, 1, count + 1)
        await pilot.press("J")  # joined again: one claim fewer, its halves drawn inside
        await settle(pilot)
        claims, tagged, total = header_counts(app, view)
        assert claims == total == len(view.claims)
        await pilot.press("u", "u")
        await settle(pilot)
        assert header_counts(app, view) == (count + 1, 0, count + 1)
        await pilot.press("u")
        await settle(pilot)
        assert header_counts(app, view) == (count, 0, count)
        assert view.claims[view.current_claim].text.startswith(SENTENCE[:20])
