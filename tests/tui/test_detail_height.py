"""The detail panel is as tall as its content, though a tag no longer lays out the screen."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content

from tests.pilot import DeskApp, screen_of
from tui.widgets import ClaimDetail


def _fits(detail: ClaimDetail) -> bool:
    """Whether the panel has exactly the rows its content takes (within its limits)."""
    content = detail.visual
    assert isinstance(content, Content)
    rows = len(content.wrap(detail.content_region.width))
    return detail.content_region.height == min(max(rows, 4), 11)


async def test_the_panel_follows_its_content_through_tags_moves_and_resizes(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await pilot.resize_terminal(100, 40)
        await pilot.press("j")
        await pilot.pause()
        detail = screen_of(app).query_one(ClaimDetail)
        heights = {detail.size.height}
        assert _fits(detail)
        for keys in (["c"], ["d"], ["j"], ["k"], ["x"], ["n", *"checked", "ctrl+s"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert _fits(detail), keys
            heights.add(detail.size.height)
        # A tag adds who made it to the heading, which then wraps: the panel grew for it.
        assert len(heights) > 1
        await pilot.resize_terminal(60, 40)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert _fits(detail)
