"""Pilot tests: the current claim stays on screen whatever moves the view, and keys typed
before the claims are known are kept and applied in order."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual import events

from annotations.store import Desk
from annotations.writer import DeskWriter
from tests.pilot import DeskApp, has_bar, seeds, settle, stored, views
from tui.app import NewsdeskApp
from tui.article_view import ArticleView


def _on_screen(view: ArticleView) -> bool:
    return view.claim_on_screen(view.current_claim)


async def test_bottom_then_confirm_tags_the_last_claim_on_screen(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        first = views(app)[0]
        await pilot.press("j", "j", "j", "G", "c")
        await settle(pilot)
        last = first.claims[-1]
        assert first.current_claim == len(first.claims) - 1 and _on_screen(first)
        assert first.marks == {len(first.claims) - 1: "confirmed"}
        assert stored(db) == [(last.article_id, last.start, "confirmed", "")]
        # k goes on from there, not from where the cursor was before G.
        await pilot.press("k")
        assert first.current_claim == len(first.claims) - 2
        await pilot.press("g")
        assert first.current_claim == 0 and _on_screen(first)


async def test_page_keys_take_the_cursor_to_the_first_claim_of_the_new_page(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        first = views(app)[0]
        await pilot.press("j")
        seen = [first.current_claim]
        for _ in range(6):
            await pilot.press("space")
            assert _on_screen(first), first.current_claim
            seen.append(first.current_claim)
        assert seen == sorted(seen) and seen[-1] == len(first.claims) - 1
        # The claim the cursor lands on starts on the new page (or the page is inside it).
        await pilot.press("b")
        assert _on_screen(first) and first.current_claim < seen[-1]
        for _ in range(8):
            await pilot.press("b")
        assert first.current_claim == 0 and round(first.scroll_offset.y) == 0


async def test_the_wheel_takes_the_cursor_along(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        first = views(app)[0]
        await pilot.press("j")
        for _ in range(12):
            first.post_message(events.MouseScrollDown(first, 5, 5, 0, 1, 0, False, False, False))
            await pilot.pause()
        await pilot.pause()
        assert round(first.scroll_offset.y) > 0
        assert _on_screen(first)
        before = first.current_claim
        await pilot.press("j")
        assert first.current_claim == before + 1 and _on_screen(first)


def _claims_held_back(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold the finding of claims back until the event returned is set (10 s at most)."""
    import annotations.claims

    release = threading.Event()
    find_claims = annotations.claims.find_claims

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return find_claims(*args, **kwargs)

    monkeypatch.setattr(annotations.claims, "find_claims", held)
    return release


async def test_keys_typed_before_the_claims_are_known_apply_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hold detection back until the keys are in, as a slow first paint would.
    release = _claims_held_back(monkeypatch)
    db = tmp_path / "desk.json"
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp(seeds(), desk, writer, analyst="fast", db_label=str(db))
    try:
        async with app.run_test(size=(200, 50)) as pilot:
            first, second = views(app)
            await pilot.press("j", "j", "c", "tab", "j", "d")
            assert not first.claims_ready and not second.claims_ready
            assert "no claim" not in " ".join(str(n.message) for n in app._notifications)
            release.set()
            await settle(pilot)
            assert first.marks == {1: "confirmed"}
            assert second.marks == {0: "disputed"}
            assert app.focused is second and second.current_claim == 0
            one, two = first.claims[1], second.claims[0]
            assert stored(db) == sorted(
                [
                    (one.article_id, one.start, "confirmed", ""),
                    (two.article_id, two.start, "disputed", ""),
                ]
            )
    finally:
        release.set()
        writer.flush()
        writer.close()
        desk.close()


async def test_the_desk_reopens_where_the_analyst_left_each_article(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        first, second = views(app)
        await pilot.press(*["j"] * 7, "tab", *["j"] * 9, "q")
        await pilot.pause()
    async with desk_app(db) as (app, pilot):
        first, second = views(app)
        # Opened at the claims left off: j lands on each, not on the first.
        await pilot.press("j")
        await pilot.pause()
        assert first.current_claim == 6 and has_bar(first, 6)
        await pilot.press("tab", "j")
        await pilot.pause()
        assert second.current_claim == 8 and has_bar(second, 8)


async def test_m_typed_after_j_before_the_claims_are_known_brings_the_match(
    tmp_path: Path, desk_app: DeskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = _claims_held_back(monkeypatch)
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first, second = views(app)
        await pilot.press("j", "j", "j", "j", "m")
        assert not first.claims_ready
        release.set()
        for _ in range(300):
            await settle(pilot)
            if second.current_claim >= 0:
                break
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "Move onto a claim first" not in messages
        assert first.current_claim == 3
        assert second.claims[second.current_claim].text.startswith("Moscow — Some 120")
