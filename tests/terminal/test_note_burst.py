"""Keys sent in one burst with ctrl+s in the note editor of the installed newsdesk in tmux (a
paste, a script, a laggy link): the note keeps what was on screen, the keys after it act on
the desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal import terminal
from tests.terminal.test_e2e_terminal import export, open_desk

pytestmark = pytest.mark.terminal


def test_keys_after_ctrl_s_in_the_same_burst_move_and_dispute(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j", "n")
        term.wait_for("Your note (empty removes it)")
        term.type("abc")
        term.wait_for(lambda s: "abc" in s)
        term.send_keys("C-s", "j", "j", "d")  # one send-keys: one write to the terminal
        term.wait_for(
            lambda s: "✎ noted 1" in s and "✗ disputed 1" in s and "all changes saved" in s
        )
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    rows = export(db, tmp_path)
    assert sorted((row["status"], row["note"]) for row in rows) == [
        ("disputed", ""),
        ("untagged", "abc"),
    ]
