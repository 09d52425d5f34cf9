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
from seeds import seed_paths
from tests.terminal.driver import NEWSDESK, Terminal, terminal

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
