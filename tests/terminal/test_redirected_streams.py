"""The desk with stderr (or stdout and stderr) not a terminal draws on the terminal the
analyst sees, and nothing of its screen goes into the file or pipe."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from tests.terminal.driver import NEWSDESK, terminal
from tests.terminal.test_e2e_terminal import ready

pytestmark = pytest.mark.terminal

TEXT = "Officials said 120 fighters were killed in Mayadeen on Saturday.\n"


@pytest.mark.parametrize(
    "redirect",
    [
        "2>err.out",
        "2>&1 | tail -c 100000 >err.out",
        ">out.txt 2>err.out",
        ">out.txt 2>>err.out",
        "| cat >out.txt 2>err.out",
    ],
    ids=[
        "stderr-to-file",
        "both-to-a-pipe",
        "stdout-and-stderr-to-files",
        "stdout-to-a-file",
        "stdout-to-a-pipe",
    ],
)
def test_the_desk_is_drawn_where_the_analyst_looks(tmp_path: Path, redirect: str) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "pe.json"
    command = f"{shlex.join([str(NEWSDESK), '--db', str(db), str(tmp_path / 'a.txt')])} {redirect}"
    with terminal(tmp_path) as term:
        term.start(["sh", "-c", f"cd {shlex.quote(str(tmp_path))} && {command}"])
        screen = term.wait_for(ready(1), timeout=30)
        assert "Officials said 120 fighters" in screen
        # The whole 200x50 terminal, not an 80x24 corner of it (the size of stdout's).
        # Its footer is the terminal's last row, ending at its right edge.
        rows = screen.splitlines()
        footers = [n for n, row in enumerate(rows) if "^p palette" in row]
        assert footers and min(footers) >= 45, screen
        assert rows[footers[0]].index("^p palette") > 150, screen
        term.send_keys("j", "c")
        term.wait_for("✓ confirmed 1")
        term.send_keys("q")
        assert term.wait_until_dead(timeout=20) == 0
    err = (tmp_path / "err.out").read_bytes()
    assert b"\x1b" not in err and len(err) < 2000, err[:200]
    if (tmp_path / "out.txt").exists():
        assert b"\x1b" not in (tmp_path / "out.txt").read_bytes()


def test_with_no_terminal_at_all_the_desk_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    db = tmp_path / "pe.json"
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "LANG": "C.UTF-8"}
    # A new session: no controlling terminal, so no /dev/tty either.
    done = subprocess.run(
        [NEWSDESK, "--db", db, tmp_path / "a.txt"],
        input=b"jcq",
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", **env},
        start_new_session=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "needs a terminal" in err and "\x1b" not in err
    assert b"\x1b" not in done.stdout
    # Refused before any key acted: the j and c it was sent tagged nothing.
    assert "confirmed" not in (db.read_text("utf-8") if db.exists() else "")
