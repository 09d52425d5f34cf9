"""The desk's own messages: the right reason, safe text, and an exit status after a crash."""

from __future__ import annotations

import shutil
from contextlib import nullcontext
from pathlib import Path

import pytest

from annotations.articles import load_article
from seeds import seed_paths
from tests.pilot import desk_app, screen_of
from tui.app import NewsdeskApp
from tui.cli import main, open_desk


def toasts(app: NewsdeskApp) -> list[str]:
    """The notifications shown, message and title."""
    return [f"{n.title} {n.message}" for n in app._notifications]


async def test_tagging_before_choosing_a_claim_says_how_to_choose_one(tmp_path: Path) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        assert screen_of(app).current_claim() is None
        for key in ("c", "n"):
            await pilot.press(key)
            await pilot.pause()
            shown = " ".join(toasts(app))
            assert "Move onto a claim first (j / k)" in shown, shown
            assert "no claim" not in shown
            app.clear_notifications()


async def test_the_same_text_opened_twice_says_there_is_nothing_to_compare(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(seed_paths()[0], copy)
    articles = [load_article(seed_paths()[0]), load_article(copy)]
    async with desk_app(tmp_path / "desk.json", articles) as (app, pilot):
        await pilot.press("j", "m")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        shown = " ".join(toasts(app))
        assert "nothing to compare" in shown, shown
        assert "Still comparing" not in shown


async def test_notifications_never_carry_markup_or_control_characters(tmp_path: Path) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        app.notify("[b]x[/b] \x1b]0;pwned\x07 [@click=app.quit]y", title="t\x1b[2J")
        await pilot.pause()
        (notification,) = list(app._notifications)
        shown = " ".join(toasts(app))
        assert "\x1b" not in shown and "[b]x[/b]" in shown and "␛]0;pwned␇" in shown
        assert notification.markup is False
        assert app.is_running


def test_a_crash_inside_the_desk_gives_a_failing_exit_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(self: NewsdeskApp) -> None:
        raise RuntimeError("boom")

    run = NewsdeskApp.run
    monkeypatch.setattr(NewsdeskApp, "on_mount", explode)
    monkeypatch.setattr(NewsdeskApp, "run", lambda self: run(self, headless=True))
    # Headless, it needs no terminal to draw on (the test may run with none).
    monkeypatch.setattr(open_desk, "_drawn_on_the_terminal", lambda: nullcontext(None))
    status = main(["--db", str(tmp_path / "desk.json"), *map(str, seed_paths())])
    assert status == 1
