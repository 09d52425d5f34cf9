"""Snapshot tests: what the desk looks like, colours included, at a fixed size on fixed data.

A changed picture fails the test; look at the report pytest writes, and if the new look is
right, accept it with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from annotations import desk_documents
from annotations.articles import Article, article_from_text
from seeds import seed_paths
from tests.pilot import new_app
from tui.app import NewsdeskApp
from tui.desk_screen import DeskScreen

SIZE = (150, 45)

SnapCompare = Callable[..., bool]

RELEASE = (
    "Coalition strikes continue against ISIL in Syria and Iraq\n\n"
    "Near Mosul, two strikes engaged an ISIL tactical unit and destroyed a vehicle.\n\n"
    "Near Raqqah, one strike destroyed an ISIL fighting position.\n\n"
    "Coalition nations which have conducted strikes in Iraq include Australia, Belgium, "
    "Canada, Denmark, France, Jordan, the Netherlands, the United Kingdom, and the United "
    "States.\n"
)


def seed_articles() -> list[Article]:
    # Built from text with a relative path, so the folder shown is the same on every machine.
    return [
        article_from_text(path.read_text(encoding="utf-8"), path=f"seeds/{path.name}")
        for path in seed_paths()
    ]


@pytest.fixture
def desk_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[list[Article]], NewsdeskApp]]:
    """A desk app, not yet running, on a fresh desk with a fixed clock (for stable pictures)."""
    monkeypatch.setattr(desk_documents, "now", lambda: "2026-01-01T00:00:00Z")
    numbers = itertools.count()
    with ExitStack() as opened:

        def make(articles: list[Article]) -> NewsdeskApp:
            db = tmp_path / f"desk-{next(numbers)}.json"
            return opened.enter_context(
                new_app(db, articles, analyst="analyst", db_label="desk.json")
            )

        yield make


async def settled(pilot: Pilot[Any]) -> None:
    """Wait for detection and comparison, and for every change to be saved and shown."""
    app = pilot.app
    assert isinstance(app, NewsdeskApp)
    await app.workers.wait_for_complete()
    for _ in range(300):
        await pilot.pause(0.01)
        screen = app.screen
        if not app.writer.pending and not (isinstance(screen, DeskScreen) and screen.pending_keys):
            break
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_the_seeds_side_by_side(snap_compare: SnapCompare, desk_app: Any) -> None:
    assert snap_compare(desk_app(seed_articles()), terminal_size=SIZE, run_before=settled)


def test_a_confirmed_claim_beside_its_match(snap_compare: SnapCompare, desk_app: Any) -> None:
    async def confirm_and_match(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press("j", "j", "j", "c", "right", "m")
        await settled(pilot)

    app = desk_app(seed_articles())
    assert snap_compare(app, terminal_size=SIZE, run_before=confirm_and_match)


def test_standing_text_is_greyed(snap_compare: SnapCompare, desk_app: Any) -> None:
    release = article_from_text(RELEASE, path="releases/strike-release.txt")
    app = desk_app([release, seed_articles()[1]])
    assert snap_compare(app, terminal_size=(120, 24), run_before=settled)


def test_the_seeds_in_a_light_theme(snap_compare: SnapCompare, desk_app: Any) -> None:
    async def light_and_on_a_name(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await settled(pilot)
        await pilot.press("j", "j", "j", "j", "c", "tab", "j", "d", "right")
        await settled(pilot)

    app = desk_app(seed_articles())
    assert snap_compare(app, terminal_size=SIZE, run_before=light_and_on_a_name)


def test_a_small_screen_with_the_panel_folded(snap_compare: SnapCompare, desk_app: Any) -> None:
    async def fold(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        await pilot.press("j", "z")
        await settled(pilot)

    app = desk_app(seed_articles())
    assert snap_compare(app, terminal_size=(80, 24), run_before=fold)
