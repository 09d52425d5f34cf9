"""What Pilot tests of the desk share: opening the app on a desk file, waiting, reading back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from annotations.articles import Article, load_article
from annotations.store import Desk
from annotations.writer import DeskWriter
from seeds import seed_paths
from tui.app import NewsdeskApp
from tui.article_view import ArticleView
from tui.desk_screen import DeskScreen
from tui.widgets import ClaimDetail

__all__ = [
    "SIZE",
    "DeskApp",
    "Host",
    "desk_app",
    "detail_text",
    "help_rows",
    "new_app",
    "screen_of",
    "seeds",
    "settle",
    "stored",
    "views",
]

SIZE = (200, 50)
"""The terminal size of the desk in Pilot tests: two columns of readable width."""

DeskApp = Callable[..., AbstractAsyncContextManager[tuple[NewsdeskApp, Pilot[None]]]]
"""`desk_app(db, articles=None, *, analyst="tester")`, as the conftest fixture gives it."""


def seeds() -> list[Article]:
    """The two bundled seed articles, as `newsdesk` opens them with no files."""
    return [load_article(path) for path in seed_paths()]


@contextmanager
def new_app(
    db: Path, articles: list[Article], *, analyst: str = "tester", db_label: str | None = None
) -> Iterator[NewsdeskApp]:
    """The desk app on the desk file `db`, not yet running; its desk is closed afterwards."""
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    try:
        yield NewsdeskApp(articles, desk, writer, analyst=analyst, db_label=db_label or str(db))
    finally:
        writer.flush()
        writer.close()
        desk.close()


@asynccontextmanager
async def desk_app(
    db: Path, articles: list[Article] | None = None, *, analyst: str = "tester"
) -> AsyncIterator[tuple[NewsdeskApp, Pilot[None]]]:
    """The desk app running on `db` (the seeds if no articles), once detection has settled."""
    with new_app(db, articles or seeds(), analyst=analyst) as app:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            yield app, pilot


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until detection has finished and every pending write is on disk and shown."""
    app = pilot.app
    assert isinstance(app, NewsdeskApp)
    await app.workers.wait_for_complete()
    for _ in range(200):
        await pilot.pause(0.01)
        screen = app.screen
        if not app.writer.pending and not (isinstance(screen, DeskScreen) and screen.pending_keys):
            break
    await pilot.pause()


def screen_of(app: NewsdeskApp) -> DeskScreen:
    """The desk screen the app shows (fails if a dialog or the picker is on top)."""
    screen = app.screen
    assert isinstance(screen, DeskScreen)
    return screen


def views(app: NewsdeskApp) -> list[ArticleView]:
    """The article views of the desk, left to right."""
    return screen_of(app).views


def stored(db: Path) -> list[tuple[str, int, str | None, str]]:
    """(article id, start, status, note) of every tag in the database file, read afresh."""
    with Desk.open(db, lock=False) as desk:
        return sorted(
            (tag.article_id, tag.start, tag.status and str(tag.status), tag.note)
            for tag in desk.tags()
        )


def help_rows(app: NewsdeskApp) -> set[tuple[str, ...]]:
    """What the help screen on top shows, row by row: key, action, where it works."""
    from textual.widgets import DataTable

    from tui.dialogs import HelpScreen

    assert isinstance(app.screen, HelpScreen)
    table = app.screen.query_one(DataTable)
    return {tuple(cell.plain for cell in table.get_row_at(row)) for row in range(table.row_count)}


def detail_text(app: NewsdeskApp) -> str:
    """What the claim detail panel shows."""
    return str(screen_of(app).query_one(ClaimDetail).render())


class Host(App[None]):
    """A bare app that pushes one modal screen and keeps what it returned."""

    def __init__(self, screen: Any) -> None:
        super().__init__()
        self.modal = screen
        self.results: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self.modal, self.results.append)
