"""Pilot tests: the desk on small and middling screens, and which column has focus."""

from __future__ import annotations

from pathlib import Path

from tests.pilot import DeskApp, screen_of, views
from tui.article_view import ArticleView
from tui.widgets import ClaimDetail


def text_lines(view: ArticleView) -> int:
    """How many lines of the view show article text (not blank between paragraphs)."""
    return sum(
        1
        for y in range(view.size.height)
        if "".join(segment.text for segment in view.render_line(y)).strip()
    )


async def test_at_80x24_folding_the_panel_leaves_twelve_lines_of_text(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await pilot.resize_terminal(80, 24)
        await pilot.press("j")
        await pilot.pause()
        first = views(app)[0]
        unfolded = text_lines(first)
        await pilot.press("z")
        await pilot.pause()
        detail = screen_of(app).query_one(ClaimDetail)
        assert detail.has_class("folded") and detail.size.height == 1
        # The panel still names the claim and its status on its one line.
        assert "claim 1 of" in str(detail.render())
        assert text_lines(first) >= 12 > unfolded
        await pilot.press("z")
        await pilot.pause()
        assert text_lines(first) == unfolded


async def test_the_focused_column_is_marked_by_its_heading_and_border(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        columns = list(screen_of(app).query(".article-column"))

        def looks(index: int) -> tuple[object, object, object]:
            title = columns[index].query_one(".column-title")
            return (
                title.styles.background,
                title.styles.color,
                columns[index].styles.border_left,
            )

        lit, plain = looks(0), looks(1)
        assert lit[0] != plain[0] and lit[1] != plain[1] and lit[2] != plain[2]
        await pilot.press("tab")
        await pilot.pause()
        assert looks(1) == lit and looks(0) == plain


async def test_every_label_is_told_apart_in_dark_and_light_themes(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    labels = [
        "number-count",
        "number-quantity",
        "number-percent",
        "number-money",
        "number-date",
        "number-duration",
        "name-person",
        "name-org",
        "name-place",
        "name-group",
    ]
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        for theme in ("textual-dark", "textual-light"):
            app.theme = theme
            await pilot.pause()
            view = views(app)[0]
            looks = {}
            for label in labels:
                style = view._blended_style(f"article-view--{label}")
                looks[label] = (style.color, bool(style.bold), bool(style.italic))
            # No two labels look the same, in colour and shape together...
            assert len(set(looks.values())) == len(labels), (theme, looks)
            # ...and where a colour is shared, the shape alone tells them apart, so a
            # reader who cannot see the hue can still (percent and money carry their sign).
            for a in labels:
                for b in labels:
                    if a < b and looks[a][0] == looks[b][0]:
                        assert looks[a][1:] != looks[b][1:], (theme, a, b)
            # Underline is kept for figures found in one article only.
            assert not any(view._blended_style(f"article-view--{x}").underline for x in labels)
            one_side = view._blended_style("article-view--figure-one-side")
            assert one_side.underline


async def test_toasts_come_one_at_a_time(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        for _ in range(4):
            await pilot.press("u")
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        assert len(app._notifications) == 1
        assert [str(n.message) for n in app._notifications] == ["Nothing to undo."]


async def test_r_names_the_article_and_the_desk_and_csv_keep_it(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    from textual.widgets import Input, Static

    from tests.pilot import settle, stored

    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("tab", "R")
        await pilot.pause()
        app.screen.query_one("#article-title", Input).value = "Moscow says 120 killed"
        app.screen.query_one("#article-source", Input).value = "Gulf Times"
        app.screen.query_one("#article-date", Input).value = "7 October 2017"
        await pilot.press("enter")
        await settle(pilot)
        column = screen_of(app).query(".article-column")[1]
        assert "Moscow says 120 killed" in str(column.query_one(".column-title", Static).render())
        facts = str(column.query_one(".column-facts", Static).render())
        assert "7 October 2017 · Gulf Times" in facts
        await pilot.press("j", "c")
        await settle(pilot)
        assert "Moscow says 120 killed" in str(screen_of(app).query_one("#detail").render())
        assert len(stored(db)) == 1
    # Kept in the desk: the next session shows it, and the CSV names it.
    async with desk_app(db) as (app, pilot):
        column = screen_of(app).query(".article-column")[1]
        assert "Moscow says 120 killed" in str(column.query_one(".column-title", Static).render())
    from annotations.export import rows_for_desk
    from annotations.store import Desk

    with Desk.open(db, lock=False) as desk:
        (row,) = rows_for_desk(desk)
        assert (row.article_title, row.article_source, row.article_date) == (
            "Moscow says 120 killed",
            "Gulf Times",
            "7 October 2017",
        )
