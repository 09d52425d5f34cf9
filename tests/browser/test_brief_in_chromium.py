"""`newsdesk report -o brief.html` opened in headless Chromium: the board and the claims are on
the page, the screenshot is not blank, and no script in a note runs."""

from __future__ import annotations

import html
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.attacks.support import newsdesk
from tests.domain.test_brief import IMG_NOTE, SCRIPT_NOTE, seeds_desk
from tests.terminal import terminal
from tests.terminal.test_e2e_terminal import open_desk, seed_claims

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

IN_CI = bool(os.environ.get("CI") or os.environ.get("NEWSDESK_CI"))
"""In CI (`.ci/run` sets NEWSDESK_CI) a missing Chromium fails the test instead of skipping it."""

pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not IN_CI,
    reason="chromium is not installed (apt-get install chromium); .ci/run installs it",
)


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on a local page, with nothing reaching the network."""
    if CHROMIUM is None:
        pytest.fail("chromium is missing in CI: .ci/run should have installed it")
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def inked_rows(png: bytes) -> int:
    """How many pixel rows of a PNG hold more than one colour (0 for a blank page)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data, width, channels = 8, b"", 0, 0
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            data += body
        at += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + width * channels
    # A filtered row of one colour is one repeated byte (0 after Sub, Up or Paeth filtering)
    # or one repeated pixel (no filter): text makes a row vary.
    return sum(
        1
        for row in range(len(raw) // stride)
        if len(set(raw[row * stride + 1 + channels : (row + 1) * stride])) > channels
    )


def report_in_browser(db: Path, tmp_path: Path) -> str:
    """`newsdesk report -o brief.html` opened in Chromium: check that the board is there, the
    notes show as text, no script ran and the screenshot is not blank; return the DOM."""
    page = tmp_path / "brief.html"
    done = newsdesk("report", "--db", db, "-o", page, home=tmp_path)
    assert done.returncode == 0, done.stderr
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    assert "militants/fighters" in dom and "≈106–134" in dom and "agree" in dom
    # The notes show as text, and no script ran: no such element, the title unchanged.
    assert html.escape(SCRIPT_NOTE, quote=False) in dom
    assert html.escape(IMG_NOTE, quote=False) in dom
    assert "<script" not in dom and "<img" not in dom
    assert "<title>newsdesk brief</title>" in dom and "pwned</title>" not in dom
    shot = tmp_path / "brief.png"
    chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,3000")
    assert inked_rows(shot.read_bytes()) > 300
    return dom


def test_the_brief_shows_board_and_claims_and_runs_no_script(tmp_path: Path) -> None:
    seeds_desk(tmp_path / "desk.json")
    dom = report_in_browser(tmp_path / "desk.json", tmp_path)
    assert "Confirmed claims (1)" in dom and "Disputed claims (1)" in dom
    assert "Syrian Central Military Media" in dom


def test_the_harness_sees_a_script_that_runs(tmp_path: Path) -> None:
    """Without the brief's escaping, the same note would run: this check would see it."""
    page = tmp_path / "unsafe.html"
    page.write_text(f"<html><head><title>t</title></head><body>{SCRIPT_NOTE}</body></html>")
    dom = chromium(page, tmp_path / "profile", "--dump-dom").stdout
    assert "<title>pwned</title>" in dom
    blank = tmp_path / "blank.html"
    blank.write_text("<html><body></body></html>")
    shot = tmp_path / "blank.png"
    chromium(blank, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1200,3000")
    assert inked_rows(shot.read_bytes()) == 0


@pytest.mark.terminal
def test_a_desk_tagged_in_the_terminal_makes_a_brief_the_browser_shows(tmp_path: Path) -> None:
    """The acceptance path: tag the seeds in tmux, `newsdesk report -o brief.html`, open it."""
    db = tmp_path / "desk.json"
    first, second = seed_claims()
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j", "c", "n")
        term.wait_for("Your note (empty removes it)")
        term.paste(f"{SCRIPT_NOTE}\n{IMG_NOTE}")
        term.wait_for("onerror")
        term.send_keys("C-s")
        term.wait_for(lambda s: "Note:    <script>" in s and "all changes saved" in s, timeout=15)
        term.send_keys("Tab", "j", "d")
        term.wait_for(lambda s: "✗ disputed 1" in s and "all changes saved" in s, timeout=15)
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    dom = report_in_browser(db, tmp_path)
    assert html.escape(first[0].text, quote=False) in dom
    assert html.escape(second[0].text, quote=False) in dom
