"""Killing newsdesk at any moment loses nothing the screen had shown as saved."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from annotations.store import Desk
from annotations.writer import DeskWriter
from seeds import seed_paths
from tui.app import NewsdeskApp
from tui.widgets import StatusLine

try:  # tests/ may or may not be a package, depending on pytest's import mode
    from tests.terminal import NEWSDESK, Terminal, terminal
except ImportError:
    from terminal import NEWSDESK, Terminal, terminal  # type: ignore[no-redef, import-not-found]

ROUNDS = 15
BUDGET_SECONDS = 60.0
KEYS = {"confirmed": "c", "disputed": "d", None: "x"}


def first_article_claims() -> list[Claim]:
    article = load_article(seed_paths()[0])
    return find_claims(article.id, article.text, detect(article.text))


def stored_statuses(db: Path) -> dict[int, str | None]:
    """Start offset -> status of every tag in the file, after checking it parses both ways."""
    if not db.exists():
        return {}
    json.loads(db.read_text(encoding="utf-8"))
    with Desk.open(db) as desk:
        return {tag.start: tag.status and str(tag.status) for tag in desk.tags()}


def shown_saved(term: Terminal, position: int, status: str | None) -> None:
    """Wait until the detail panel shows the claim with its status and no "(saving…)".

    The claim's own saving mark is the signal, not the status line's "all changes saved":
    that one can lag (see test_status_line_catches_up_with_startup_writes).
    """
    heading = f"● {status or 'untagged'}   claim {position} of"
    term.wait_for(heading, timeout=10)


@pytest.mark.terminal
def test_sigkill_at_random_moments_keeps_every_change_shown_as_saved(tmp_path: Path) -> None:
    claims = first_article_claims()
    db = tmp_path / "desk.json"
    rng = random.Random(20171008)
    # What the desk must hold: claim start -> status, for every change shown as saved.
    must_hold: dict[int, str | None] = {}
    started = time.monotonic()
    rounds = 0
    with terminal(tmp_path) as term:
        while rounds < ROUNDS and time.monotonic() - started < BUDGET_SECONDS:
            rounds += 1
            term.start([str(NEWSDESK), "--db", str(db)])
            term.wait_for(lambda s: "claims in this article" in s and "^p palette" in s, 15)
            position = 0
            for _ in range(rng.randint(1, 3)):
                step = rng.randint(1, 3)
                if position + step > len(claims):
                    break
                position += step
                status = rng.choice(["confirmed", "disputed", "confirmed", None])
                term.send_keys(*["j"] * step, KEYS[status])
                if status is None and must_hold.get(claims[position - 1].start) is None:
                    # Clearing an untagged claim changes nothing and shows no save.
                    must_hold[claims[position - 1].start] = None
                    continue
                shown_saved(term, position, status)
                must_hold[claims[position - 1].start] = status
            # One more change that may or may not reach the disk before the kill.
            unsure: int | None = None
            if position < len(claims):
                unsure = claims[position].start
                term.send_keys("j", rng.choice("cdx"))
            time.sleep(rng.uniform(0, 0.15))
            pid = term.pane_pid()
            os.kill(pid, signal.SIGKILL)
            term.wait_until_dead()

            held = stored_statuses(db)
            for start, status in must_hold.items():
                if start == unsure:
                    continue
                assert held.get(start) == status, (rounds, start, status, held)
            # The unsure change is whatever made it to disk: that is what must hold from now.
            if unsure is not None:
                must_hold[unsure] = held.get(unsure)
    assert rounds >= 5, f"only {rounds} rounds fitted in the time budget"


async def test_status_line_catches_up_with_startup_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    remember = Desk.remember_article

    def slow_remember(self: Desk, article: object) -> None:
        time.sleep(0.6)  # a slow disk: the write ends after detection has been shown
        remember(self, article)  # type: ignore[arg-type]

    monkeypatch.setattr(Desk, "remember_article", slow_remember)
    desk = Desk.open(tmp_path / "desk.json")
    writer = DeskWriter(desk)
    articles = [load_article(path) for path in seed_paths()]
    app = NewsdeskApp(articles, desk, writer, analyst="t", db_label="desk.json")
    try:
        async with app.run_test(size=(200, 50)) as pilot:
            await app.workers.wait_for_complete()
            writer.flush(timeout=5)
            await pilot.pause(0.3)
            assert writer.pending == 0
            status = str(app.screen.query_one(StatusLine).render())
            assert "all changes saved" in status, status
    finally:
        writer.close()
        desk.close()


async def test_status_line_says_saved_once_a_change_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply = DeskWriter._apply

    def apply_then_pause(self: DeskWriter, change: object) -> None:
        apply(self, change)  # type: ignore[arg-type]
        time.sleep(0.3)  # the writer thread is preempted right after the callback

    monkeypatch.setattr(DeskWriter, "_apply", apply_then_pause)
    desk = Desk.open(tmp_path / "desk.json")
    writer = DeskWriter(desk)
    articles = [load_article(path) for path in seed_paths()]
    app = NewsdeskApp(articles, desk, writer, analyst="t", db_label="desk.json")
    try:
        async with app.run_test(size=(200, 50)) as pilot:
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
    finally:
        writer.close()
        desk.close()
