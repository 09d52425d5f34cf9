"""Benchmark: launch-to-first-screen of `newsdesk` on the seeds in tmux, against a minimal app."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import SIZE, median_ms, seed_articles, verdict, write_minimal_app

from annotations.safe_text import single_line

BAR_RATIO = 2.0
"""newsdesk may take at most this many times as long as the minimal app."""

POLL_SECONDS = 0.01
TIMEOUT_SECONDS = 30.0


def _needles() -> list[str]:
    """A piece of each seed title that a terminal shows verbatim (ASCII, no ellipsis)."""
    needles = []
    for article in seed_articles():
        title = single_line(article.title)
        ascii_run = max(
            "".join(c if c.isascii() else "\0" for c in title).split("\0"), key=len
        ).strip()
        needles.append(ascii_run[:30].strip())
    return needles


class Terminal:
    """A private tmux server (its own socket) in which each launch gets a fresh session."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"newsdesk-bench-{os.getpid()}"
        self.env = env
        # An idle session keeps the server up between launches, so server start-up is not timed.
        self._tmux("new-session", "-d", "-s", "idle", "-x", "80", "-y", "24", "sleep 3600")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def time_to_show(self, command: list[str], needles: list[str], name: str) -> float:
        """Seconds from launching `command` until every needle is on the screen."""
        width, height = SIZE
        line = " ".join(_quote(part) for part in command)
        start = time.perf_counter()
        self._tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), line)
        try:
            while True:
                screen = self._tmux("capture-pane", "-p", "-t", name)
                if all(needle in screen for needle in needles):
                    return time.perf_counter() - start
                if time.perf_counter() - start > TIMEOUT_SECONDS:
                    raise RuntimeError(
                        f"{name}: titles not on screen after {TIMEOUT_SECONDS}s:\n{screen}"
                    )
                time.sleep(POLL_SECONDS)
        finally:
            self._tmux("kill-session", "-t", name)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, check=False)


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="launches of each app")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("first_screen: tmux is needed")
    newsdesk = Path(sys.executable).with_name("newsdesk")
    needles = _needles()
    titles = [single_line(article.title) for article in seed_articles()]
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        minimal = write_minimal_app(folder)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
        }
        terminal = Terminal(env)
        ours: list[float] = []
        theirs: list[float] = []
        try:
            # Interleaved, so a burst of load from other work on the machine hits both alike.
            for run in range(args.runs):
                db = folder / f"desk-{run}.json"
                ours.append(
                    terminal.time_to_show(
                        [str(newsdesk), "--db", str(db), "--analyst", "bench"],
                        needles,
                        f"newsdesk-{run}",
                    )
                )
                theirs.append(
                    terminal.time_to_show(
                        [sys.executable, str(minimal), *titles], needles, f"minimal-{run}"
                    )
                )
        finally:
            terminal.close()
    ours_ms, theirs_ms = median_ms(ours), median_ms(theirs)
    ratio = ours_ms / theirs_ms
    print(f"first screen, {SIZE[0]}x{SIZE[1]} tmux, median of {args.runs} launches each")
    print(
        f"  {'newsdesk (seeds)':<22} {ours_ms:8.0f} ms   runs: "
        + " ".join(f"{s * 1000:.0f}" for s in ours)
    )
    print(
        f"  {'minimal Textual app':<22} {theirs_ms:8.0f} ms   runs: "
        + " ".join(f"{s * 1000:.0f}" for s in theirs)
    )
    print(f"  ratio {ratio:.2f}x  (bar <= {BAR_RATIO:.1f}x)  {verdict(ratio, BAR_RATIO)}")


if __name__ == "__main__":
    main()
