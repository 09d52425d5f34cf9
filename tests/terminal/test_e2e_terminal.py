"""The installed newsdesk in a real terminal (tmux): tag, quit, reopen, export, hostile text."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from seeds import seed_paths
from tests.terminal.driver import NEWSDESK, Terminal, terminal

pytestmark = pytest.mark.terminal

FIRST_TITLE = "Russian Federation strikes kill 120 Daesh militants"
SECOND_TITLE = "Moscow — Some 120 Daesh"
DETECTED = re.compile(r"\d+ highlights? · \d+ claims?")


def ready(count: int = 2) -> Callable[[str], bool]:
    """Detection shown in every column and the whole screen drawn.

    Not "all changes saved": the status line can stay on "saving 1…" after start-up (see
    test_crash_safety.py::test_status_line_catches_up_with_startup_writes).
    """
    return lambda screen: (
        len(DETECTED.findall(screen)) >= count and "? help" in screen and "^p palette" in screen
    )


def seed_claims() -> list[list[Claim]]:
    """The claims of each seed as the desk finds them, left to right."""
    claims = []
    for path in seed_paths():
        article = load_article(path)
        claims.append(find_claims(article.id, article.text, detect(article.text)))
    return claims


def export(db: Path, home: Path, *extra: str) -> list[dict[str, str]]:
    """Rows of `newsdesk export --db db`, parsed with csv."""
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    done = subprocess.run(
        [str(NEWSDESK), "export", "--db", str(db), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout, newline="")))


def status_line(screen: str) -> str:
    (line,) = [row for row in screen.splitlines() if "✓ confirmed" in row]
    return line


def gutter_marks(screen: str) -> list[str]:
    """Marks shown in the article gutters (status line, legend and footer excluded)."""
    return [
        mark
        for row in screen.splitlines()
        if "✓ confirmed" not in row
        for mark in re.findall("[✓✗✎]", row)
    ]


def open_desk(term: Terminal, db: Path, *files: str) -> str:
    term.start([str(NEWSDESK), "--db", str(db), *files])
    return term.wait_for(ready(max(len(files), 2)), timeout=15)


def test_seeds_open_side_by_side(tmp_path: Path) -> None:
    with terminal(tmp_path) as term:
        screen = open_desk(term, tmp_path / "desk.json")
        rows = [row for row in screen.splitlines() if FIRST_TITLE in row and SECOND_TITLE in row]
        assert rows, screen
        assert rows[0].index(FIRST_TITLE) < 100 <= rows[0].index(SECOND_TITLE)
        term.send_keys("q")
        assert term.wait_until_dead() == 0


def test_tags_survive_quit_and_reopen_and_export(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    first, second = seed_claims()
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j", "j", "c")
        term.wait_for("✓ confirmed 1")
        term.send_keys("Tab", "j", "d")
        screen = term.wait_for(
            lambda s: "✗ disputed 1" in s and "all changes saved" in s, timeout=10
        )
        assert sorted(gutter_marks(screen)) == ["✓", "✗"]
        term.send_keys("q")
        assert term.wait_until_dead() == 0

        screen = open_desk(term, db)
        # The gutter and the status line may reach the terminal in different frames.
        screen = term.wait_for(
            lambda s: sorted(gutter_marks(s)) == ["✓", "✗"] and "✗ disputed 1" in status_line(s)
        )
        assert "✓ confirmed 1" in status_line(screen)
        assert "✗ disputed 1" in status_line(screen)
        term.send_keys("q")
        term.wait_until_dead()

    rows = export(db, tmp_path)
    assert sorted((row["status"], row["claim"]) for row in rows) == sorted(
        [("confirmed", first[1].text), ("disputed", second[0].text)]
    )


def test_note_and_undo_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    note = '=1+1 check with SOHR, "Rami" said'
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j", "c")
        term.wait_for(lambda s: "✓ confirmed 1" in s and "all changes saved" in s)
        term.send_keys("n")
        term.wait_for("Your note (empty removes it)")  # the text area is there
        term.type(note)
        term.send_keys("C-s")
        screen = term.wait_for(
            lambda s: f"Note:    {note}" in s and "all changes saved" in s and "Note on" not in s
        )
        (row,) = export(db, tmp_path)
        assert (row["status"], row["note"]) == ("confirmed", "'" + note)
        (row,) = export(db, tmp_path, "--raw")
        assert row["note"] == note

        term.send_keys("u")
        screen = term.wait_for(lambda s: "none (n to add)" in s and "all changes saved" in s)
        assert note not in screen and "✓ confirmed 1" in screen
        (row,) = export(db, tmp_path)
        assert (row["status"], row["note"]) == ("confirmed", "")

        term.send_keys("u")
        term.wait_for(lambda s: "✓ confirmed 0" in s and "all changes saved" in s)
        assert export(db, tmp_path) == []
        term.send_keys("q")
        assert term.wait_until_dead() == 0


HOSTILE = (
    "Hostile report on 120 fighters\n\n"
    "[@click=app.quit]Click here[/] said 120 fighters died in Syria on Monday.\n"
    "Markup [b]x[/b] and [ @click=app.quit] stay literal, said Rami Abdel Rahman.\n"
    "Title \x1b]0;pwned\x07 clipboard \x1b]52;c;aGVsbG8=\x07 clear \x1b[2J here: 60 more in Iraq.\n"
    "C1 \x9b31m and DEL \x7f and \u202eevil\u202c reversed near Deir Ezzor.\n"
)


def test_hostile_text_is_shown_literally_and_never_reaches_the_terminal(tmp_path: Path) -> None:
    # NUL within the first 8 KiB makes the loader refuse the file as binary (tested in
    # test_hostile_input), so the NUL goes after it: the view must still cope with it.
    padding = "".join(f"Filler sentence number {i} about Syria.\n" for i in range(250))
    article = tmp_path / "hostile [red].txt"
    article.write_text(HOSTILE + padding + "A NUL \x00 here with 5 more.\n", encoding="utf-8")
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        term.start(["true"])
        term.wait_until_dead()
        title_before = term.display("#{pane_title}")
        screen = open_desk(term, db, str(article), str(seed_paths()[1]))
        for literal in ("[@click=app.quit]Click here[/]", "[b]x[/b]", "[ @click=app.quit]"):
            assert literal in screen
        assert "pwned" not in term.display("#{pane_title}")
        assert term.display("#{pane_title}") == title_before
        assert "\x1b" not in screen and "\u202e" not in screen

        # A click on the markup text, sent as an SGR mouse press and release.
        (row,) = [i for i, line in enumerate(screen.splitlines()) if "Click here" in line]
        col = screen.splitlines()[row].index("Click here")
        term.type(f"\x1b[<0;{col + 1};{row + 1}M\x1b[<0;{col + 1};{row + 1}m")
        term.send_keys("j", "c", "End", "j", "d")
        screen = term.wait_for(lambda s: "✗ disputed 1" in s and "all changes saved" in s)
        assert not term.is_dead()
        assert "pwned" not in term.display("#{pane_title}")
        buffers = term._tmux("list-buffers", check=False).stdout
        assert "hello" not in buffers and "aGVsbG8" not in buffers
        term.send_keys("q")
        assert term.wait_until_dead() == 0


def test_hostile_file_name_is_shown_as_pictures(tmp_path: Path) -> None:
    article = tmp_path / "\x1b]0;pwned\x07[@click=app.quit]x\x9b.txt"
    article.write_bytes(b"\n\nSome 120 fighters \xff died in Syria.\n")
    with terminal(tmp_path) as term:
        term.start(["true"])
        term.wait_until_dead()
        title_before = term.display("#{pane_title}")
        open_desk(term, tmp_path / "desk.json", str(article), str(seed_paths()[1]))
        # The invalid byte is reported in a notification naming the file.
        screen = term.wait_for("UTF-8 replaced")
        assert "␛]0;pwned␇[@click=app.quit]x" in screen
        assert term.display("#{pane_title}") == title_before
        term.send_keys("q")
        assert term.wait_until_dead() == 0


def test_export_key_writes_where_the_analyst_says(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    out = tmp_path / "out, with comma.csv"
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j", "d")
        # The claim's own mark, not the status line (see test_crash_safety.py for why).
        term.wait_for("● disputed   claim 1 of")
        term.send_keys("e")
        term.wait_for(lambda s: "Export tagged claims as CSV" in s and "newsdesk-export-" in s)
        time.sleep(0.3)  # let the dialog's input take focus before typing into it
        term.send_keys("C-u")  # the Input starts with a default path: clear it first
        # Typed in the same read as the C-u, the path can be lost: wait for the empty input.
        term.wait_for(lambda s: "newsdesk-export-" not in s)
        term.type(str(out))
        term.wait_for(out.name)
        term.send_keys("Enter")
        term.wait_for("Exported 1 tagged claim")
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    (row,) = csv.DictReader(out.open(encoding="utf-8", newline=""))
    assert row["status"] == "disputed" and row["claim"] == seed_claims()[0][0].text


def test_resizing_down_to_one_cell_and_back_keeps_the_desk_running(tmp_path: Path) -> None:
    with terminal(tmp_path) as term:
        open_desk(term, tmp_path / "desk.json")
        for width, height in [(60, 20), (10, 4), (1, 1), (200, 50)]:
            term.resize(width, height)
            term.send_keys("j", "Tab", "j")
            time.sleep(0.3)
            assert not term.is_dead(), (width, height)
        term.wait_for(lambda s: re.search(r"claim \d+ of 1[25]", s) is not None)
        term.send_keys("q")
        assert term.wait_until_dead() == 0
