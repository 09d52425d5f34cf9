"""Benchmark: launch-to-first-screen of `newsdesk` on the seeds in tmux, against a minimal app."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from common import SIZE, Terminal, bench_env, median_ms, seed_articles, verdict, write_minimal_app

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
        terminal = Terminal(bench_env(home))
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
