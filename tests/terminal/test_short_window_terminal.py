"""The installed newsdesk in a real terminal made short: no key tags a claim it cannot show."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.store import Desk
from tests.terminal.driver import terminal
from tests.terminal.test_e2e_terminal import open_desk, seed_claims

pytestmark = pytest.mark.terminal


def tags_on_disk(db: Path) -> list[tuple[int, str | None]]:
    with Desk.open(db, lock=False) as desk:
        return sorted((tag.start, tag.status and str(tag.status)) for tag in desk.tags())


def drawn_at_16_rows(screen: str) -> bool:
    """The desk drawn again for 16 rows: the legend on the first, the status line above the
    footer. (tmux keeps the old frame's last rows in sight until then: a key sent sooner may
    reach the desk before the new size does.)"""
    rows = screen.splitlines()
    return len(rows) >= 15 and "count" in rows[0] and "✓ confirmed" in rows[14]


def test_d_in_a_window_too_short_for_the_claim_records_nothing_until_z(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    second = seed_claims()[0][1]
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.resize(80, 24)
        term.send_keys("j", "j")
        term.wait_for("claim 2 of")
        term.resize(80, 16)
        term.wait_for(drawn_at_16_rows)
        term.send_keys("d")
        screen = term.wait_for(lambda s: "Nothing recorded" in s or "✗ disputed 1" in s)
        assert tags_on_disk(db) == []
        assert "✗ disputed 0" in screen
        # The panel says the claim is out of sight, not the article's title in its place.
        assert "not in view" in screen
        term.send_keys("z")
        # Folded, the panel leaves the article rows enough to show the claim's words.
        term.wait_for(second.text[:30])
        term.send_keys("d")
        term.wait_for(lambda s: "✗ disputed 1" in s and "all changes saved" in s)
        assert tags_on_disk(db) == [(second.start, "disputed")]
        term.send_keys("q")
        assert term.wait_until_dead() == 0
