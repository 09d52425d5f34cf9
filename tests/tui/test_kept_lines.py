"""Pilot tests: when the detail panel takes or gives back rows, the articles keep the lines
they drew and repaint only the rows they gain, and what the screen shows is still each
article's text as it stands."""

from __future__ import annotations

from pathlib import Path

from tests.pilot import DeskApp, drawn_rows, new_app, seeds, settle, views
from tui.app import NewsdeskApp
from tui.article_view import ArticleView


def on_screen(app: NewsdeskApp, view: ArticleView, width: int) -> list[str]:
    """The rows the screen shows where the view's text is, as the terminal would get them."""
    screen = app.screen._compositor.render_strips()
    region = view.content_region
    return [
        "".join(segment.text for segment in screen[y])[region.x : region.x + width]
        for y in range(region.y, region.bottom)
    ]


def _same(app: NewsdeskApp) -> None:
    for view in views(app):
        drawn = drawn_rows(view)
        assert on_screen(app, view, len(drawn[0])) == drawn


async def test_the_articles_show_their_text_whatever_the_panel_height(tmp_path: Path) -> None:
    with new_app(tmp_path / "desk.json", seeds()) as app:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            heights = set()
            # Folding and unfolding the panel, moving on, tagging twice (the History line
            # comes), in both articles.
            keys = ["j", "z", "z", "j", "c", "d", "z", "j", "j", "z", "tab", "j", "c", "d", "z"]
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
                heights.add(views(app)[0].size.height)
                _same(app)
            assert len(heights) >= 3  # the views did change height


async def test_a_taller_panel_then_a_shorter_one_on_a_scrolled_article(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        view = views(app)[0]
        for key in ["j"] * 11 + ["c", "d"]:
            await pilot.press(key)
            await settle(pilot)
        assert view.scroll_offset.y > 0
        for key in ["j", "k", "x", "k", "j"]:
            await pilot.press(key)
            await settle(pilot)
            _same(app)
