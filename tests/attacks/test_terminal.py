"""In a real terminal (tmux): undecodable names keep their tags, hostile names stay text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seeds import seed_paths
from tests.terminal.driver import NEWSDESK, Terminal, terminal
from tests.terminal.test_e2e_terminal import gutter_marks, ready

pytestmark = pytest.mark.terminal

TEXT = (
    "Some 120 fighters were killed near Mayadeen on Sunday, the ministry said.\n\n"
    "Another 40 died in Raqqa on Monday.\n\n"
    "Local groups counted up to 80 civilian deaths in Deir el-Zour.\n"
)


def open_folder_and_seed(term: Terminal, db: Path, folder: Path) -> str:
    """Open every file of `folder` (names the shell passes as bytes) beside the second seed."""
    script = 'exec "$0" --db "$1" "$2"/* "$3"'
    term.start(["sh", "-c", script, str(NEWSDESK), str(db), str(folder), str(seed_paths()[1])])
    return term.wait_for(ready(2), timeout=20)


@pytest.mark.parametrize(
    "name",
    ["München".encode("latin-1") + b".txt", b"rapport \xe9t\xe9 \xff.txt"],
    ids=["latin1", "junk"],
)
def test_an_article_named_in_latin1_keeps_three_tags_across_quit_and_reopen(
    tmp_path: Path, name: bytes
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
        handle.write(TEXT.encode())
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        open_folder_and_seed(term, db, folder)
        term.send_keys("j", "c", "j", "c", "j", "c")
        screen = term.wait_for(
            lambda s: "✓ confirmed 3" in s and "all changes saved" in s, timeout=15
        )
        assert "not saved" not in screen
        term.send_keys("q")
        assert term.wait_until_dead(timeout=15) == 0

        open_folder_and_seed(term, db, folder)
        screen = term.wait_for(lambda s: gutter_marks(s).count("✓") == 3, timeout=15)
        assert "✓ confirmed 3" in screen
        term.send_keys("q")
        assert term.wait_until_dead(timeout=15) == 0


@pytest.mark.parametrize(
    "hostile",
    ["\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "\x1b]2;pwned\x1b\\", "\u202eevil"],
    ids=["osc0-bel", "csi-clear", "osc2-st", "bidi"],
)
def test_a_hostile_missing_file_name_leaves_the_title_and_the_screen_alone(
    tmp_path: Path, hostile: str
) -> None:
    missing = tmp_path / f"gone {hostile} report.txt"
    with terminal(tmp_path) as term:
        term.start(["true"])
        term.wait_until_dead()
        title_before = term.display("#{pane_title}")
        db = tmp_path / "desk.json"
        term.start([str(NEWSDESK), "--db", str(db), str(missing), *map(str, seed_paths())])
        # The warning names the file, its escape characters shown as pictures.
        screen = term.wait_for("no such file", timeout=20)
        screen = term.wait_for(ready(2), timeout=20)
        assert "gone " in screen and " report.txt" in screen
        assert "pwned" not in term.display("#{pane_title}")
        assert term.display("#{pane_title}") == title_before
        # Both seeds still on screen: nothing cleared it.
        assert "Russian Federation strikes kill 120" in screen
        term.send_keys("q")
        assert term.wait_until_dead(timeout=15) == 0


def test_export_in_a_terminal_after_tagging_a_hostile_claim_writes_no_escape(
    tmp_path: Path,
) -> None:
    article = tmp_path / "report.txt"
    article.write_text(
        "Some 120 fighters were killed near Mayadeen \x1b]0;X\x07 on Sunday, "
        "the ministry said \x1b]52;c;aGVsbG8=\x07 today.\n\n"
        "Another 40 died in Raqqa on Monday.\n",
        encoding="utf-8",
    )
    db = tmp_path / "desk.json"
    out = tmp_path / "out.csv"
    with terminal(tmp_path) as term:
        term.start(["true"])
        term.wait_until_dead()
        title_before = term.display("#{pane_title}")
        term.start([str(NEWSDESK), "--db", str(db), str(article), str(seed_paths()[1])])
        term.wait_for(ready(2), timeout=20)
        term.send_keys("j", "c")
        term.wait_for(lambda s: "✓ confirmed 1" in s and "all changes saved" in s, timeout=15)
        term.send_keys("q")
        assert term.wait_until_dead(timeout=15) == 0

        term.start(["sh", "-c", 'clear; "$0" export --db "$1"; sleep 30', str(NEWSDESK), str(db)])
        screen = term.wait_for("Mayadeen", timeout=20)
        assert "Mayadeen ␛]0;X␇ on Sunday" in screen
        assert term.display("#{pane_title}") == title_before
        buffers = term._tmux("list-buffers", check=False).stdout
        assert "aGVsbG8" not in buffers and "hello" not in buffers

        term.start([str(NEWSDESK), "export", "--db", str(db), "-o", str(out)])
        assert term.wait_until_dead(timeout=20) == 0
    assert "Mayadeen \x1b]0;X\x07 on Sunday" in out.read_text(encoding="utf-8")
