"""A bracketed paste holding ESC, BEL and other controls, pasted into the note editor of the
installed newsdesk in tmux: the note keeps the text in order, each control as its picture."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.terminal import terminal
from tests.terminal.test_e2e_terminal import export, open_desk

pytestmark = pytest.mark.terminal

PASTES = [
    ("alpha \x1b beta", "alpha ␛ beta"),
    ("alpha \x1b]0;T\x07 beta gamma", "alpha ␛]0;T␇ beta gamma"),
    ("one\x1b[31m red\x1b[0m two\x08\x7f three", "one␛[31m red␛[0m two␈␡ three"),
    ("\x1b\x1b start\nnext \x1bline", "␛␛ start\nnext ␛line"),
    ("left \u202e right \u2066x\u2069 \u200b", "left \ufffd right \ufffdx\ufffd \ufffd"),
]


def test_pasted_controls_keep_their_place_in_the_note(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        open_desk(term, db)
        for n, (pasted, _) in enumerate(PASTES):
            term.send_keys("j", "n")
            term.wait_for("Your note (empty removes it)")
            term.paste(pasted)
            term.send_keys(" ", "e", "n", "d")  # typed after the paste: lands after it
            term.wait_for(lambda s: " end" in s)
            term.send_keys("C-s")
            term.wait_for(lambda s, n=n: f"✎ noted {n + 1}" in s and "all changes saved" in s)
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    notes = sorted(row["note"] for row in export(db, tmp_path))
    assert notes == sorted(saved + " end" for _, saved in PASTES)


def test_bytes_that_are_no_utf8_and_a_bidi_override_neither_crash_nor_reach_the_terminal(
    tmp_path: Path,
) -> None:
    db, raw = tmp_path / "desk.json", tmp_path / "raw.log"
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.record_output(raw)
        term.send_keys("j", "c")
        term.wait_for("✓ confirmed 1")
        term.paste_bytes(b"\xff", tmp_path)  # outside any dialog: a key nobody bound
        term.send_keys("j", "n")
        term.wait_for("Your note (empty removes it)")
        term.paste_bytes("caf\xe9 \x9b31m ".encode("latin-1") + "\u202eevil".encode(), tmp_path)
        term.wait_for(lambda s: "evil" in s)
        term.send_keys("C-s")
        term.wait_for(lambda s: "✎ noted 1" in s and "all changes saved" in s)
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    written = raw.read_bytes()
    assert "\u202e".encode() not in written and b"\x9b" not in written
    (note,) = [row["note"] for row in export(db, tmp_path) if row["note"]]
    assert note == "caf\ufffd \ufffd31m \ufffdevil"
