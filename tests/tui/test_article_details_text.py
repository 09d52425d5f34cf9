"""Pilot tests: R shows an article's details safely and stores only what the analyst changed,
never the stand-ins it shows for control and bidi characters."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from annotations.articles import Article, article_from_text
from annotations.store import Desk
from tests.pilot import DeskApp, settle

TITLE = "Evil \x1b[31mRED\x1b[0m title \x1b]0;pwned\x07 \u202eesrever"
OUTLET = "Wire \x1b]8;;http://x.example/\x1b\\link\x1b]8;;\x1b\\ \u202edetrats"
RAW = ("\x1b", "\x07", "\u202e")


def article() -> Article:
    return article_from_text(
        "Some 120 fighters were killed in Mayadeen, the ministry said on Saturday.\n",
        path="evil.txt",
        source=OUTLET,
        date="7 October 2017",
    )


def desk_with_title(db: Path, shown: Article) -> None:
    """A desk whose analyst-set title holds escape sequences and a bidi override, as one read
    back from another tool's annotation file may."""
    with Desk.open(db) as desk:
        desk.remember_article(shown)
        desk.set_article_details(shown.id, title=TITLE)


def stored_details(db: Path, article_id: str) -> tuple[str, str]:
    with Desk.open(db, lock=False) as desk:
        info = desk.article_info(article_id)
    assert info is not None
    return info["title"], info["source"]


def desk_files(folder: Path) -> dict[str, bytes]:
    """The desk file and the journal beside it, byte for byte."""
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def field_lines(app: object) -> list[str]:
    from textual.app import App

    assert isinstance(app, App)
    return [
        "".join(segment.text for segment in field.render_line(0))
        for field in app.screen.query(Input)
    ]


async def test_r_then_enter_changes_nothing_and_shows_nothing_raw(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    shown = article()
    desk_with_title(db, shown)
    async with desk_app(db, [shown]) as (app, pilot):
        before = desk_files(tmp_path)
        await pilot.press("R")
        await pilot.pause()
        values = [field.value for field in app.screen.query(Input)]
        lines = field_lines(app)
        assert values[0].startswith("Evil ␛[31mRED␛[0m title") and values[1].startswith("Wire ␛")
        for text in (*values, *lines):
            assert not any(char in text for char in RAW), text
        await pilot.press("enter")
        await settle(pilot)
        assert desk_files(tmp_path) == before
        assert stored_details(db, shown.id) == (TITLE, OUTLET)


async def test_r_editing_the_outlet_keeps_the_title_exactly(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    shown = article()
    desk_with_title(db, shown)
    async with desk_app(db, [shown]) as (app, pilot):
        await pilot.press("R")
        await pilot.pause()
        outlet = app.screen.query_one("#article-source", Input)
        outlet.value = ""
        outlet.focus()
        await pilot.press(*"Gulf Times")
        await pilot.press("enter")
        await settle(pilot)
        assert stored_details(db, shown.id) == (TITLE, "Gulf Times")
        # The date the file gives is not made the analyst's either.
        with Desk.open(db, lock=False) as desk:
            (info,) = [a for a in desk.articles() if a["id"] == shown.id]
        assert info["date"] == "7 October 2017"
