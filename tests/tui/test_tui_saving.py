"""Saving never blocks the desk: the pending indicator, quitting mid-write, failed writes."""

from __future__ import annotations

import errno
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.store import Desk
from annotations.writer import DeskWriter
from tests.pilot import (
    SIZE,
    DeskApp,
    held_tag_writes,
    new_app,
    screen_of,
    seeds,
    settle,
    stored,
    views,
)
from tui.widgets import StatusLine


def status_text(app: object) -> str:
    return str(screen_of(app).query_one(StatusLine).render())  # type: ignore[arg-type]


async def test_a_slow_write_shows_saving_and_quit_waits_for_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    desk_app: DeskApp,
) -> None:
    db = tmp_path / "desk.json"
    release = held_tag_writes(monkeypatch)
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "c")
        await pilot.pause()
        # The mark shows at once; the status line says a save is under way.
        assert views(app)[0].marks == {0: "confirmed"}
        assert "saving 1" in status_text(app)
        await pilot.press("q")
        await pilot.pause(0.2)
        assert app.is_running, "quit must wait for the pending write"
        release.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.is_running:
                break
        assert not app.is_running
    assert [row[2] for row in stored(db)] == ["confirmed"]


async def test_a_failed_write_is_shown_kept_and_retried(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    desk_app: DeskApp,
) -> None:
    db = tmp_path / "desk.json"
    full = {"disk": True}
    os = __import__("os")

    def failing_while_full(sync: Callable[[int], None]) -> Callable[[int], None]:
        def maybe_sync(fd: int) -> None:
            if full["disk"]:
                raise OSError(errno.ENOSPC, "No space left on device")
            sync(fd)

        return maybe_sync

    async with desk_app(db) as (app, pilot):
        await settle(pilot)
        monkeypatch.setattr("os.fsync", failing_while_full(os.fsync))
        monkeypatch.setattr("os.fdatasync", failing_while_full(os.fdatasync))
        await pilot.press("j", "c")
        await settle(pilot)
        assert "not saved" in status_text(app)
        assert stored(db) == []
        assert any("disk is full" in str(n.message) for n in app._notifications)
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running, "quitting with an unsaved change asks first"
        full["disk"] = False
        await pilot.press("r")
        await settle(pilot)
        assert "all changes saved" in status_text(app)
        assert [row[2] for row in stored(db)] == ["confirmed"]


async def test_a_second_desk_on_the_same_database_is_refused(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    import subprocess
    import sys

    db = tmp_path / "desk.json"
    async with desk_app(db):
        newsdesk = Path(sys.executable).parent / "newsdesk"
        result = subprocess.run(
            [str(newsdesk), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    assert result.returncode == 2
    assert str(db) in result.stderr
    assert "pid" in result.stderr.lower() or "process" in result.stderr.lower()


async def test_a_failed_export_does_not_hold_up_saving_tags(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        screen_of(app).export_to(tmp_path / "no such folder" / "out.csv")
        for _ in range(100):  # the writer reports back with a message: give it time
            await settle(pilot)
            if any("cannot write" in str(n.message) for n in app._notifications):
                break
        assert any("cannot write" in str(n.message) for n in app._notifications)
        await pilot.press("j", "c")
        for _ in range(100):
            await settle(pilot)
            if "all changes saved" in status_text(app):
                break
        assert "all changes saved" in status_text(app)
        assert [row[2] for row in stored(db)] == ["confirmed"]


async def test_a_tag_typed_right_before_quitting_is_saved(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "c", "q")
        for _ in range(100):
            await pilot.pause(0.05)
            if not app.is_running:
                break
        assert not app.is_running
    assert [row[2] for row in stored(db)] == ["confirmed"]


async def test_status_line_catches_up_with_startup_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember = Desk.remember_article

    def slow_remember(self: Desk, article: object) -> None:
        time.sleep(0.6)  # a slow disk: the write ends after detection has been shown
        remember(self, article)  # type: ignore[arg-type]

    monkeypatch.setattr(Desk, "remember_article", slow_remember)
    with new_app(tmp_path / "desk.json", seeds()) as app:
        writer = app.writer
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            writer.flush(timeout=5)
            await pilot.pause(0.3)
            assert writer.pending == 0
            status = str(app.screen.query_one(StatusLine).render())
            assert "all changes saved" in status, status


async def test_status_line_says_saved_once_a_change_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply = DeskWriter._apply

    def apply_then_pause(self: DeskWriter, change: object) -> None:
        apply(self, change)  # type: ignore[arg-type]
        time.sleep(0.3)  # the writer thread is preempted right after the callback

    monkeypatch.setattr(DeskWriter, "_apply", apply_then_pause)
    with new_app(tmp_path / "desk.json", seeds()) as app:
        writer = app.writer
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            writer.flush(timeout=5)
            await pilot.press("j", "c")
            # The change reaches the writer after the next frame; wait until it is on disk.
            for _ in range(100):
                await pilot.pause(0.05)
                if writer.pending == 0 and not app.screen.pending_keys:  # type: ignore[attr-defined]
                    break
            await pilot.pause(0.3)
            assert writer.pending == 0
            status = str(app.screen.query_one(StatusLine).render())
            assert "confirmed 1" in status
            assert "all changes saved" in status, status


async def test_an_earlier_change_saved_while_a_later_one_is_on_its_way_does_not_show_again(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    desk_app: DeskApp,
) -> None:
    from annotations.store import ClaimStatus
    from tui.widgets import ClaimDetail

    db = tmp_path / "desk.json"
    disputed, release = threading.Event(), threading.Event()
    original = Desk.set_status

    def in_turn(self: Desk, claim: object, status: object, *args: object, **kw: object) -> object:
        # The confirmation reaches the disk only once the dispute is shown; the dispute
        # only when the test says.
        (release if status == ClaimStatus.DISPUTED else disputed).wait(10)
        return original(self, claim, status, *args, **kw)  # type: ignore[arg-type]

    def panel() -> str:
        return str(screen_of(app).query_one(ClaimDetail).render())

    monkeypatch.setattr(Desk, "set_status", in_turn)
    async with desk_app(db) as (app, pilot):
        await settle(pilot)
        await pilot.press("j", "c", "d")
        await pilot.pause()
        assert "● disputed  (saving…)" in panel()
        disputed.set()
        # The confirmation is saved while the dispute waits for the disk: the panel keeps
        # showing the dispute, still saving, never the confirmation again.
        for _ in range(100):
            await pilot.pause(0.02)
            if "confirmed" in [row[2] for row in stored(db)]:
                break
        await pilot.pause(0.1)
        assert "● disputed  (saving…)" in panel()
        assert views(app)[0].marks == {0: "disputed"}
        release.set()
        await settle(pilot)
        assert "● disputed" in panel() and "saving" not in panel()
    assert [row[2] for row in stored(db)] == ["disputed"]
