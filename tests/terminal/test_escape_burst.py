"""Escape and the keys after it in one send-keys, in the installed newsdesk in tmux: the
terminal hands them to the app in one read, which Textual's parser reads as alt+letter. The
link picker closes and the keys act on the desk, as typed slowly: no link is written."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

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


def _after(tmp_path: Path, name: str, keys: tuple[str, ...], *, at_once: bool) -> Any:
    """The desk's exported rows after `j` and then `keys`, sent in one send-keys or one by
    one with a pause between, as typed."""
    db = tmp_path / f"{name}.json"
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j")
        term.wait_for(lambda s: "claim 1 of" in s)
        if at_once:
            term.send_keys(*keys)
        else:
            for key in keys:
                term.send_keys(key)
                time.sleep(0.4)
        term.wait_for(
            lambda s: "all changes saved" in s and ("✗ disputed 1" in s or "✓ confirmed 1" in s)
        )
        time.sleep(0.3)
        screen = term.wait_for(lambda s: "all changes saved" in s)
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    rows = export(db, tmp_path)
    return [(row["status"], row["claim"][:40], row["links"]) for row in rows], "Link the" in screen


@pytest.mark.parametrize(
    "keys",
    [
        ("l", "Escape", "1", "c"),
        ("l", "Escape", "Space", "d"),
        ("/", "Escape", "j", "d"),
        ("e", "Escape", "j", "d"),
        ("n", "a", "b", "Escape", "j", "d"),
    ],
    ids=["link-digit", "link-space", "search", "export", "note"],
)
def test_escape_and_any_key_in_one_burst_act_as_typed_one_by_one(
    tmp_path: Path, keys: tuple[str, ...]
) -> None:
    slowly = _after(tmp_path, "slowly", keys, at_once=False)
    at_once = _after(tmp_path, "burst", keys, at_once=True)
    assert at_once == slowly
    rows, dialog_open = at_once
    assert rows and all(links == "" for _, _, links in rows) and not dialog_open
