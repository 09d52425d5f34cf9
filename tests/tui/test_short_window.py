"""Pilot tests: in a window too short to show the current claim, no key records anything
about it; the analyst is told why, and once the claim shows again the keys work."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from tests.pilot import DeskApp, detail_text, screen_of, settle, stored, views
from tui.dialogs import NoteDialog


def _told(app: App[None]) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def _d_disputes(pilot: object, db: Path, view: object, claim_index: int) -> None:
    """`d` records a dispute of claim `claim_index` of `view`, and only that, on disk."""
    from textual.pilot import Pilot

    from tui.article_view import ArticleView

    assert isinstance(pilot, Pilot) and isinstance(view, ArticleView)
    await pilot.press("d")
    await settle(pilot)
    claim = view.claims[claim_index]
    assert stored(db) == [(claim.article_id, claim.start, "disputed", "")]


async def _on_second_claim_at(pilot: object, size: tuple[int, int]) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await pilot.resize_terminal(80, 24)
    await pilot.press("j", "j")
    await pilot.resize_terminal(*size)
    await pilot.pause()
    await pilot.pause()


async def test_a_claim_squeezed_out_of_sight_is_not_tagged_until_the_panel_folds(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await _on_second_claim_at(pilot, (80, 16))
        first = views(app)[0]
        title = app.screen.articles[0].title  # type: ignore[attr-defined]
        assert not first.claim_on_screen(first.current_claim)
        # The panel does not put the article's title where the claim's words would be.
        heading = detail_text(app).splitlines()[0]
        assert "claim 2 of" in heading and title[:20] not in heading and "not in view" in heading
        for key in ("d", "c", "x", "n", "l", "vertical_line", "J"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is screen_of(app), key  # no note or link dialog opened
        assert stored(db) == []
        assert first.marks == {}
        told = _told(app)
        assert told and all("too short to show the claim" in line for line in told)
        assert "fold the panel (z)" in told[-1]
        await pilot.press("z")
        await pilot.pause()
        await pilot.pause()
        assert first.claim_on_screen(first.current_claim)
        assert title[:40] in detail_text(app).splitlines()[0]  # the title, cut to the row
        await _d_disputes(pilot, db, first, 1)


async def test_enlarging_the_window_brings_the_claim_back_and_d_works(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await _on_second_claim_at(pilot, (40, 8))
        first = views(app)[0]
        await pilot.press("j", "d")
        await settle(pilot)
        assert stored(db) == []
        # j moved on out of sight: the claim it reached is the one shown once there is room.
        reached = first.current_claim
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        await pilot.pause()
        assert first.current_claim == reached and first.claim_on_screen(reached)
        await _d_disputes(pilot, db, first, reached)


async def test_a_pane_of_one_row_shows_the_current_claim_and_tags_it(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await _on_second_claim_at(pilot, (80, 20))
        first = views(app)[0]
        # One row of text is room enough: it shows the claim, not the line above it.
        assert first.size.height == 1 and first.claim_on_screen(first.current_claim)
        await _d_disputes(pilot, db, first, 1)


async def test_a_name_or_a_drawn_span_out_of_sight_is_not_tagged(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.resize_terminal(80, 24)
        await pilot.press("j", "j", "right")
        await pilot.resize_terminal(80, 14)
        await pilot.pause()
        first = views(app)[0]
        assert first.mention is not None
        await pilot.press("c")
        await settle(pilot)
        assert stored(db) == [] and not any(claim.drawn for claim in first.claims)
        await pilot.press("v", "w", "d")
        await settle(pilot)
        assert stored(db) == [] and not any(claim.drawn for claim in first.claims)
        # The span drawn stays, to be tagged once it shows.
        span = first.selection
        assert span is not None
        assert len(_told(app)) >= 1 and "too short" in _told(app)[-1]
        await pilot.press("z")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        assert [(start, status) for _, start, status, _ in stored(db)] == [(span[0], "disputed")]
        assert first.selection is None


async def test_n_opens_no_note_on_an_unseen_claim(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await _on_second_claim_at(pilot, (80, 16))
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NoteDialog)
        await pilot.resize_terminal(80, 40)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)


async def test_a_name_out_of_sight_is_neither_split_nor_merged(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    from annotations.store import Desk
    from tests.tui.test_tui_compare import go_to_claim, go_to_mention, wait_for_comparison
    from tui.dialogs import EntityPanel

    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await wait_for_comparison(pilot)
        first = views(app)[0]
        await go_to_claim(pilot, first, "Gen. Igor Konashenkov said")
        await go_to_mention(pilot, first, "Abu Kamal")
        await pilot.resize_terminal(80, 16)
        await pilot.pause()
        await pilot.press("S")
        await settle(pilot)
        assert "too short to show the claim" in _told(app)[-1]
        assert _told(app)[-1].endswith("then split it.")
        await pilot.press("M")
        await pilot.pause()
        assert not isinstance(app.screen, EntityPanel)
        assert _told(app)[-1].endswith("then merge it.")
    with Desk.open(db, lock=False) as desk:
        assert desk.splits() == [] and desk.merges() == []
