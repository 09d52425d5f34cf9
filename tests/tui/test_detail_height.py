"""The detail panel is as tall as its content; a tag does not change how tall that is."""

from __future__ import annotations

from pathlib import Path

import pytest
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
        first = detail.size.height
        assert _fits(detail)
        long_note = ["n", *"the ministry's count, not the monitor's; " * 3, "ctrl+s"]
        for keys in (["c"], ["d"], ["j"], ["k"], ["x"], ["n", *"checked", "ctrl+s"], long_note):
            await pilot.press(*keys)
            await pilot.pause()
            assert _fits(detail), keys
            if keys[0] in "cdx":
                # A tag keeps the panel's height (the heading stays on one row).
                assert detail.size.height == first, keys
        # A note that takes another row: the panel grew for it.
        assert detail.size.height == first + 1
        await pilot.resize_terminal(60, 40)
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert _fits(detail)


@pytest.mark.parametrize("width", [200, 120, 80, 60, 48, 30])
def test_the_history_line_takes_one_row_keeping_who_did_what_last(width: int) -> None:
    from annotations.claim_history import ClaimChange
    from tui.widgets import _history_line

    history = (
        ClaimChange("root", "2026-12-03T22:12:00Z", "status", "untagged", "confirmed"),
        ClaimChange("bob", "2026-12-03T22:13:00Z", "status", "confirmed", "disputed"),
    )
    line = _history_line(history, width).plain
    assert len(line) <= width
    if width >= 48:
        # The time gives way before who made the latest change and what it was.
        assert line.endswith("bob confirmed → disputed"), line
    if width >= 120:
        assert "2026-12-03 22:12:00 root untagged → confirmed" in line
