"""Escape and the keys after it in one send-keys, in the installed newsdesk in tmux: the
terminal hands them to the app in one read, which Textual's parser reads as alt+letter. The
link picker closes and the keys act on the desk, as typed slowly: no link is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal import terminal
from tests.terminal.test_e2e_terminal import export, open_desk

pytestmark = pytest.mark.terminal


def test_escape_j_d_in_one_burst_leaves_the_link_picker_and_disputes_the_next_claim(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j", "l")
        term.wait_for(lambda s: "Link the claim you are on" in s)
        term.send_keys("Escape", "j", "d")  # one write to the terminal
        screen = term.wait_for(lambda s: "✗ disputed 1" in s and "all changes saved" in s)
        assert "Link the claim" not in screen
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    (row,) = export(db, tmp_path)
    assert row["status"] == "disputed" and row["links"] == ""
    # The second claim, where j steps from the first: not the one the picker was opened on.
    assert row["claim"].startswith("The government-controlled Syrian Central Military Media")
