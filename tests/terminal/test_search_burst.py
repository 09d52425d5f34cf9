"""Keys sent in one burst with a search in the installed newsdesk in tmux (a paste, a script,
a laggy link): the search runs on what was typed, the keys after enter act on the desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal import terminal
from tests.terminal.test_e2e_terminal import export, open_desk

pytestmark = pytest.mark.terminal


def test_keys_after_enter_in_search_in_the_same_burst_step_on_and_dispute(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        open_desk(term, db)
        # One send-keys: one write to the terminal, the dialog opened and closed within it;
        # the search lit up (its keys shown) and the next claim disputed.
        term.send_keys("/", *"Moscow", "Enter", "j", "d")
        term.wait_for(
            lambda s: "End search" in s and "✗ disputed 1" in s and "all changes saved" in s
        )
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    rows = export(db, tmp_path)
    assert [row["status"] for row in rows] == ["disputed"]
    # The claim after the first hit ("Moscow — Some 120 Daesh…"), where j steps.
    assert rows[0]["claim"].startswith('"A command post of the terrorists')
