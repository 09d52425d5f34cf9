"""`m` in a real terminal: the matching claim of the other report comes beside this one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.terminal.driver import NEWSDESK, terminal


@pytest.mark.terminal
def test_m_in_a_real_terminal_puts_the_match_beside_the_claim(tmp_path: Path) -> None:
    with terminal(tmp_path) as term:
        term.start([str(NEWSDESK), "--db", str(tmp_path / "desk.json")])
        term.wait_for(lambda s: "12 claims" in s and "^p palette" in s, timeout=20)
        term.send_keys(*["j"] * 3)
        term.wait_for("claim 3 of 12")
        term.send_keys("m")
        screen = term.wait_for(
            lambda s: (
                re.search(r"▌.*It said that its strikes.*[▏▊]▌.*Moscow — Some 120", s) is not None
            )
        )
        assert screen
        term.send_keys("q")
        term.wait_until_dead()
