"""What Pilot tests of the desk share: opening the app on a desk file, waiting, reading back."""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from rich.style import Style
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Static

from annotations.articles import Article, load_article
from annotations.store import Desk
from annotations.writer import DeskWriter
from seeds import seed_paths
from tui.app import NewsdeskApp
from tui.article_view import GUTTER, ArticleView
from tui.desk_screen import DeskScreen
from tui.widgets import ClaimDetail

__all__ = [
    "SIZE",
    "DeskApp",
    "Host",
    "burst",
    "desk_app",
    "detail_text",
    "drawn_in",
    "drawn_rows",
    "gutter_of",
    "has_bar",
    "help_rows",
    "held_tag_writes",
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


@asynccontextmanager
async def desk_opened_on(
    db: Path, articles: list[Article], *, analyst: str = "checker"
) -> AsyncIterator[tuple[NewsdeskApp, Pilot[None], list[str]]]:
    """The desk app as `newsdesk --db DB FILE...` opens it (the desk's tags placed on the
    files as they are now, `follow_edits`), running with detection settled; and the warnings
    that placing gave."""
    from annotations.revisions import follow_edits

    desk = Desk.open(db)
    warnings = follow_edits(desk, articles)
    writer = DeskWriter(desk)
    app = NewsdeskApp(articles, desk, writer, analyst=analyst, db_label=str(db))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            yield app, pilot, warnings
    finally:
        writer.flush()
        writer.close()
        desk.close()


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until detection has finished and every pending write is on disk and shown."""
    app = pilot.app
    assert isinstance(app, NewsdeskApp)
    await app.workers.wait_for_complete()
    for _ in range(200):
        await pilot.pause(0.01)
        screen = app.screen
        waiting = isinstance(screen, DeskScreen) and screen.pending_keys
        # Keys whose change failed to save wait for a retry, which nothing here will make.
        if not app.writer.pending and (not waiting or app.writer.failed):
            break
    await pilot.pause()


async def burst(pilot: Pilot[Any], *keys: str) -> None:
    """Press `keys` as one read of the terminal brings them (a paste, a script, a laggy ssh
    link): all are queued before the app handles the first. `Pilot.press` waits for the app
    to go idle after each key, a typist's pace, which never shows what overtakes what."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    app = pilot.app
    for key in keys:
        # Named and given a character as `Pilot.press` does (Textual 8.2).
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        char: str | None
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        if key.startswith("alt+") and len(key) == 5:
            char = key[-1]  # escape and a letter in one read: the terminal parser's alt+letter
        app.post_message(events.Key(key, char).set_sender(app))
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


def drawn_rows(view: ArticleView) -> list[str]:
    """The text of every row the view draws now, gutter included."""
    return [
        "".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)
    ]


def _drawn_styles(view: ArticleView) -> dict[int, Style]:
    """The style each character of the article on screen is drawn in, by text offset."""
    top = round(view.scroll_offset.y)
    offsets = range(len(view.text) + 1)
    styles: dict[int, Style] = {}
    for y in range(view.size.height):
        start = bisect_left(offsets, top + y, key=view.line_of)
        end = min(bisect_left(offsets, top + y + 1, key=view.line_of), len(view.text))
        if view.line_of(start) != top + y:
            continue  # past the end of the article
        cells = [(char, segment.style) for segment in view.render_line(y) for char in segment.text]
        for column, (char, style) in enumerate(cells[GUTTER:]):
            offset = start + column
            if offset >= end or char != view.text[offset]:
                break
            styles[offset] = style or Style()
    return styles


def drawn_in(view: ArticleView, name: str) -> list[str]:
    """The stretches of article text on screen drawn in the view's `article-view--NAME` style
    ("focus", "search", "figure-agree", ...), left to right."""
    layer = view._blended_style(f"article-view--{name}")
    runs: list[str] = []
    last = -2
    for offset, style in sorted(_drawn_styles(view).items()):
        if style + layer != style:
            continue
        if offset == last + 1 and runs:
            runs[-1] += view.text[offset]
        else:
            runs.append(view.text[offset])
        last = offset
    return [run.strip() for run in runs if run.strip()]


def gutter_of(view: ArticleView, claim: int) -> str:
    """The two gutter cells drawn beside the first line of a claim: the current-claim bar (or
    the moved mark) and the tag's mark. The claim must be on screen."""
    row = view.line_of(view.claims[claim].start) - round(view.scroll_offset.y)
    assert 0 <= row < view.size.height, f"claim {claim} is not on screen"
    return drawn_rows(view)[row][:GUTTER]


def has_bar(view: ArticleView, claim: int) -> bool:
    """True if the current-claim bar is drawn beside a row of the claim on screen (a claim
    that starts mid-line has it from its second row)."""
    top = round(view.scroll_offset.y)
    first = view.line_of(view.claims[claim].start) - top
    last = view.line_of(view.claims[claim].end - 1) - top
    rows = drawn_rows(view)
    return any(rows[row].startswith("▌") for row in range(max(first, 0), min(last + 1, len(rows))))


def held_tag_writes(monkeypatch: Any) -> threading.Event:
    """Make every tag write wait for the disk until the returned event is set (10 s at most)."""
    release = threading.Event()
    set_status = Desk.set_status

    def held(self: Desk, *args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return set_status(self, *args, **kwargs)

    monkeypatch.setattr(Desk, "set_status", held)
    return release
