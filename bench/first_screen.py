"""Benchmark: launch-to-first-screen of `newsdesk` on the seeds in tmux, against a minimal app."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from common import SIZE, Terminal, bench_terminal, median_ms, seed_articles, verdict

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


def seeds_and_reference(
    terminal: Terminal, minimal: Path, db: Path, runs: int
) -> tuple[list[float], list[float]]:
    """Seconds to both seed titles on screen: `newsdesk --db db`, then the minimal app, `runs`
    times each, interleaved so that a burst of load from other work hits both alike."""
    newsdesk = str(Path(sys.executable).with_name("newsdesk"))
    needles = _needles()
    titles = [single_line(article.title) for article in seed_articles()]
    ours: list[float] = []
    theirs: list[float] = []
    for run in range(runs):
        command = [newsdesk, "--db", str(db), "--analyst", "bench"]
        ours.append(terminal.time_to_show(command, needles, f"newsdesk-{db.stem}-{run}"))
        theirs.append(
            terminal.time_to_show(
                [sys.executable, str(minimal), *titles], needles, f"minimal-{db.stem}-{run}"
            )
        )
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="launches of each app")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("first_screen: tmux is needed")
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        with bench_terminal(folder) as (terminal, minimal):
            ours, theirs = seeds_and_reference(terminal, minimal, folder / "desk.json", args.runs)
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
