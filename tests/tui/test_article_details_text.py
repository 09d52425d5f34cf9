"""Pilot tests: R shows an article's details safely and stores only what the analyst changed,
never the stand-ins it shows for control and bidi characters."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

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


async def test_a_title_read_from_the_text_is_stored_as_written_and_shown_safe(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    from annotations.articles import load_article
    from annotations.export import rows_for_desk
    from tests.pilot import screen_of
    from tui.widgets import ArticleColumn

    headline = "Evil \x1b[31mRED\x1b[0m title \x1b]0;pwned\x07 \u202eesrever"
    file = tmp_path / "evil.txt"
    file.write_text(f"{headline}\n\nSome 120 fighters were killed in Mayadeen, officials said.\n")
    opened = load_article(file)
    db = tmp_path / "desk.json"
    async with desk_app(db, [opened]) as (app, pilot):
        heading = screen_of(app).query_one(ArticleColumn).query_one(".column-title", Static)
        shown = "".join(segment.text for segment in heading.render_line(0))
        assert "Evil ␛[31mRED␛[0m title" in shown
        assert not any(char in shown for char in RAW)
        await pilot.press("j", "c")
        await settle(pilot)
        # R then enter: the title read from the text is not made the analyst's.
        await pilot.press("R")
        await pilot.pause()
        assert not any(char in line for line in field_lines(app) for char in RAW)
        await pilot.press("enter")
        await settle(pilot)
    with Desk.open(db, lock=False) as desk:
        assert [info["title"] for info in desk.articles()] == [headline]
        (row,) = rows_for_desk(desk)
    assert row.article_title == headline


def test_a_title_given_by_an_imported_record_is_kept_exactly(tmp_path: Path) -> None:
    import json

    from annotations.importers import import_path

    record = {"title": "Strikes \u202eesrever\x1b[2J", "text": "Some 120 fighters died."}
    file = tmp_path / "in.json"
    file.write_text(json.dumps(record), encoding="ascii")
    (imported,) = import_path(file).articles
    assert imported.title == record["title"]
