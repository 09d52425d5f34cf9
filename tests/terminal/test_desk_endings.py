"""How the real desk ends when it is not quit with q: a fault in newsdesk itself, a signal,
Ctrl-C typed as a key. One line and an exit status, never a traceback, and what was shown as
saved is in the desk."""

from __future__ import annotations

import os
import shlex
import signal
import sys
from pathlib import Path

import pytest

from tests.terminal import terminal
from tests.terminal.driver import Terminal, process_tree
from tests.terminal.test_e2e_terminal import export, ready

pytestmark = pytest.mark.terminal

# The real command, with one action made to fail the second time it runs (a fault nobody
# foresaw); the message carries an escape sequence, as a fault's text quoting an article could.
_FAULTY = """
import sys
from tui.article_view import ArticleView

moves = ArticleView.action_next_claim
calls = []

def next_claim(self):
    calls.append(1)
    if len(calls) > 1:
        raise RuntimeError("boom \\x1b]0;PWNED\\x07 in the middle")
    return moves(self)

ArticleView.action_next_claim = next_claim
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


def _start(term: Terminal, cmd: list[str], status: Path) -> None:
    """Run `cmd` in the pane under a shell that writes its exit status to `status`: tmux 3.3
    does not always report a pane's exit status (read as 0), and these tests are about it."""
    term.start(["sh", "-c", f'"$@"; echo $? > {shlex.quote(str(status))}', "sh", *cmd])


def _status(term: Terminal, status: Path) -> int:
    term.wait_until_dead()
    return int(status.read_text(encoding="ascii"))


def _newsdesk_pid(term: Terminal) -> int:
    """The desk's own process, the shell's child."""
    return process_tree(term.pane_pid())[1]


def _tag_one(term: Terminal) -> None:
    term.wait_for(ready(2), timeout=15)
    term.send_keys("j", "c")
    term.wait_for(lambda s: "✓ confirmed 1" in s and "all changes saved" in s)


def test_a_fault_in_the_desk_ends_in_one_line_with_its_details_kept(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        _start(term, [sys.executable, "-c", _FAULTY, "--db", str(db)], tmp_path / "status")
        _tag_one(term)
        term.send_keys("j")
        status = _status(term, tmp_path / "status")
        # The pane's rows and those scrolled above them: the line may wrap at 200 columns.
        shown = term._tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "main").stdout
        assert status == 1, shown
    assert "Traceback" not in shown and "PWNED\x07" not in shown
    lines = [line for line in shown.splitlines() if "internal error" in line]
    assert len(lines) == 1, shown
    assert lines[0].startswith("newsdesk: the desk stopped on an internal error (RuntimeError:")
    assert "boom ␛]0;PWNED" in lines[0] and "in the middle" in lines[0]
    (kept,) = (tmp_path / ".local" / "state" / "newsdesk" / "crashes").iterdir()
    details = kept.read_text(encoding="utf-8")
    assert "Traceback" in details and "next_claim" in details
    assert [row["status"] for row in export(db, tmp_path)] == ["confirmed"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_desk_with_its_status_and_the_tags_saved(
    tmp_path: Path, signum: int
) -> None:
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        _start(term, [NEWSDESK, "--db", str(db)], tmp_path / "status")
        _tag_one(term)
        os.kill(_newsdesk_pid(term), signum)
        assert _status(term, tmp_path / "status") == 128 + signum
        assert "Traceback" not in term.capture()
    assert [row["status"] for row in export(db, tmp_path)] == ["confirmed"]


def test_ctrl_c_typed_in_the_desk_says_how_to_quit_in_plain_words(tmp_path: Path) -> None:
    with terminal(tmp_path) as term:
        term.start([NEWSDESK, "--db", str(tmp_path / "d.json")])
        term.wait_for(ready(2), timeout=15)
        term.send_keys("C-c")
        screen = term.wait_for("Press q to quit the desk.")
        assert "[b]" not in screen
        term.send_keys("q")
        assert term.wait_until_dead() == 0
