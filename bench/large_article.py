"""Benchmark: open, tag and page through a 1 MB article from launching `newsdesk` in a terminal.

`newsdesk BIG SEED` runs in tmux (private socket, 200x50, `capture-pane` polled every ~2 ms),
median of `--runs` launches, each figure from what the analyst sees:

- first text: from starting the process until the article's first lines are on screen;
- all highlights: until its column says how many highlights it has (detection done, drawn);
- repaint after a tag: `j` (not timed), then `c` or `d`, from `send-keys` until the detail
  panel shows the new status;
- page down: the page-down key, from `send-keys` until the screen changes.

Then `j` between claims with two 1 MB articles open (the second the same material under other
datelines, as claim_moves.py opens): once both columns give their highlight count, `j` is
pressed `--moves` times at a reader's pace (a pause of `--pause` after each), each from
`send-keys` until the detail panel shows the claim it moved to; p50, p90, max, how many took
over 100 ms and when (seconds after the first press), so that a periodic stall shows up.

References, same run, launched the same way: a plain Textual app holding the same text in one
`Static` inside a `VerticalScroll` (no detection), for the first text and page down; the bare
app of ui_latency.py (one `Static` changed by the same `j`), for the moves.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import Terminal, bench_env, large_text, seed_articles, verdict
from ui_latency import REFERENCE_APP

from annotations.detection import detect

FIRST_TEXT_BAR_MS = 500.0
TAG_REPAINT_BAR_MS = 30.0
POLL_SECONDS = 0.002
FIRST_LINE = "Update 1, filed"
BARE_READY = ["claims in this article"]
"""What the bare app of ui_latency.py shows once started."""
SLOW_MOVE_MS = 100.0
"""A move slower than this is a stall the analyst notices; the bar is that none recurs."""

STATIC_APP = '''
"""The reference: the article as one Static in a VerticalScroll."""
import sys

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static


class Reference(App[None]):
    CSS = "VerticalScroll { width: 1fr; } Static { width: 1fr; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            for path in sys.argv[1:3]:
                with VerticalScroll():
                    yield Static(Text(open(path, encoding="utf-8").read()))

    def on_mount(self) -> None:
        self.query(VerticalScroll).first().focus()


if __name__ == "__main__":
    Reference().run()
'''


def _changed(terminal: Terminal, before: str, timeout: float = 30.0) -> float:
    """Wall-clock time of the first capture that differs from `before`."""
    deadline = time.monotonic() + timeout
    while True:
        if terminal.screen() != before:
            return time.time()
        if time.monotonic() > deadline:
            raise RuntimeError(f"{terminal.name}: the screen did not change")
        time.sleep(POLL_SECONDS)


def _pages(terminal: Terminal, pages: int) -> list[float]:
    """Key-to-screen seconds of `pages` presses of page down."""
    samples = []
    for _ in range(pages):
        before = terminal.screen()
        sent = terminal.send("NPage")
        samples.append(_changed(terminal, before) - sent)
    return samples


def measure_desk(
    terminal: Terminal, command: list[str], highlights: str, tags: int, pages: int, name: str
) -> dict[str, float]:
    """One launch of the desk: first text, all highlights, tag repaints, page downs."""
    started = terminal.start(command, name)
    figures: dict[str, float] = {}
    try:
        terminal.wait_for(FIRST_LINE)
        figures["first text"] = time.perf_counter() - started
        terminal.wait_for(highlights)
        figures["highlights"] = time.perf_counter() - started
        samples = []
        for turn in range(tags):
            terminal.send("j")
            terminal.wait_for(f"   claim {turn + 1} of")
            key, shown = ("c", "● confirmed") if turn % 2 == 0 else ("d", "● disputed")
            sent = terminal.send(key)
            samples.append(terminal.wait_for(shown) - sent)
        figures["tag repaint"] = statistics.median(samples)
        figures["page down"] = statistics.median(_pages(terminal, pages))
        terminal.send("q")
        time.sleep(0.5)
    finally:
        terminal.stop()
    return figures


def measure_static(
    terminal: Terminal, command: list[str], pages: int, name: str
) -> dict[str, float]:
    """One launch of the reference: first text and page downs."""
    started = terminal.start(command, name)
    try:
        terminal.wait_for(FIRST_LINE)
        first = time.perf_counter() - started
        return {"first text": first, "page down": statistics.median(_pages(terminal, pages))}
    finally:
        terminal.stop()


@contextmanager
def _terminal(folder: Path) -> Iterator[Terminal]:
    """The benchmark's tmux terminal, with a private HOME in `folder`."""
    home = folder / "home"
    home.mkdir()
    terminal = Terminal(bench_env(home), poll_seconds=POLL_SECONDS)
    try:
        yield terminal
    finally:
        terminal.close()


def claim_moves(
    terminal: Terminal,
    command: list[str],
    ready: list[str],
    claims: int,
    moves: int,
    pause: float,
    name: str,
) -> list[tuple[float, float]]:
    """(seconds after the first press, key-to-screen seconds) of `moves` presses of `j`, once
    every needle of `ready` is on screen; the current claim's number goes round `claims`."""
    terminal.start(command, name)
    samples: list[tuple[float, float]] = []
    try:
        deadline = time.monotonic() + 120
        # Each needle as many times as listed: two columns may give the same count.
        while not all(terminal.screen().count(n) >= ready.count(n) for n in ready):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name}: {ready!r} not on screen")
            time.sleep(POLL_SECONDS)
        first = time.time()
        for move in range(1, moves + 1):
            sent = terminal.send("j")
            shown = terminal.wait_for(f"   claim {(move - 1) % claims + 1} of")
            samples.append((sent - first, shown - sent))
            time.sleep(pause)
        terminal.send("q")
        time.sleep(0.5)
    finally:
        terminal.stop()
    return samples


def _moves_row(name: str, samples: list[tuple[float, float]]) -> str:
    ordered = sorted(ms * 1000 for _, ms in samples)
    p50, p90 = statistics.median(ordered), ordered[int(0.9 * (len(ordered) - 1))]
    slow = [f"{at:.1f}" for at, ms in samples if ms * 1000 > SLOW_MOVE_MS]
    return (
        f"  {name:<18} {p50:>7.1f} {p90:>7.1f} {ordered[-1]:>7.1f}   {len(slow)} over "
        f"{SLOW_MOVE_MS:.0f} ms" + (f", at {', '.join(slow)} s" if slow else "")
    )


def _row(name: str, ours: float | None, theirs: float | None, bar: float | None) -> str:
    def cell(seconds: float | None) -> str:
        return "-" if seconds is None else f"{seconds * 1000:.1f} ms"

    judged = ""
    if bar is not None and ours is not None:
        judged = f"bar <= {bar:.0f} ms  {verdict(ours * 1000, bar)}"
    if ours is not None and theirs:
        judged = f"{ours / theirs:5.2f}x the reference   {judged}"
    return f"  {name:<24} {cell(ours):>12} {cell(theirs):>12}   {judged}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="launches of each app (median)")
    parser.add_argument("--tags", type=int, default=12, help="tags per launch")
    parser.add_argument("--pages", type=int, default=20, help="page-downs per launch")
    parser.add_argument("--moves", type=int, default=60, help="j presses, two 1 MB articles")
    parser.add_argument("--pause", type=float, default=0.15, help="seconds between j presses")
    parser.add_argument("--moves-only", action="store_true", help="only the j presses")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("large_article: tmux is needed")
    newsdesk = str(Path(sys.executable).with_name("newsdesk"))
    text = large_text()
    if args.moves_only:
        _moves(newsdesk, text, args.moves, args.pause)
        return
    seed = str(seed_articles()[1].path)
    started = time.perf_counter()
    count = len(detect(text))
    detect_seconds = time.perf_counter() - started
    print(
        f"1 MB article: {len(text.encode('utf-8')):,} bytes, {count:,} highlights, detection "
        f"alone {detect_seconds * 1000:.0f} ms (in process); tmux 200x50, from launch"
    )
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        big = folder / "large-article.txt"
        big.write_text(text, encoding="utf-8")
        reference = folder / "static_reference.py"
        reference.write_text(STATIC_APP, encoding="utf-8")
        ours: list[dict[str, float]] = []
        theirs: list[dict[str, float]] = []
        with _terminal(folder) as terminal:
            for run in range(args.runs):
                db = folder / f"desk-{run}.json"
                command = [newsdesk, str(big), seed, "--db", str(db), "--analyst", "bench"]
                ours.append(
                    measure_desk(
                        terminal, command, f"{count} highlights", args.tags, args.pages, f"d{run}"
                    )
                )
                print(f"  desk run {run + 1}: " + _figures(ours[-1]))
                command = [sys.executable, str(reference), str(big), seed]
                theirs.append(measure_static(terminal, command, args.pages, f"s{run}"))
                print(f"  Static run {run + 1}: " + _figures(theirs[-1]))
    mine = {key: statistics.median(run[key] for run in ours) for key in ours[0]}
    ref = {key: statistics.median(run[key] for run in theirs) for key in theirs[0]}
    print(f"\n  {'median':<24} {'newsdesk':>12} {'Static ref':>12}")
    print(_row("first text on screen", mine["first text"], ref["first text"], FIRST_TEXT_BAR_MS))
    print(_row("all highlights shown", mine["highlights"], None, None))
    print(_row("repaint after a tag", mine["tag repaint"], None, TAG_REPAINT_BAR_MS))
    print(_row(f"page down (x{args.pages})", mine["page down"], ref["page down"], None))
    print(f"  (medians of {args.runs} launches x {args.tags} tags; keys timed send to screen)")
    _moves(newsdesk, text, args.moves, args.pause)


def _moves(newsdesk: str, text: str, moves: int, pause: float) -> None:
    """`j` between claims with two 1 MB articles open, against the bare app's `j`."""
    second = text.replace("Update", "Bulletin")
    counts = [len(detect(text)), len(detect(second))]
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        paths = [folder / "large-article.txt", folder / "large-article-2.txt"]
        for path, body in zip(paths, (text, second), strict=True):
            path.write_text(body, encoding="utf-8")
        reference = folder / "bare_reference.py"
        reference.write_text(REFERENCE_APP, encoding="utf-8")
        bare_app = [sys.executable, str(reference)]
        with _terminal(folder) as terminal:
            # The bare app (12 claims round) before and after: a load that comes or goes
            # during the run weighs on both.
            bare = claim_moves(terminal, bare_app, BARE_READY, 12, moves, pause, "bare-before")
            command = [newsdesk, *map(str, paths), "--db", str(folder / "desk.json")]
            ready = [f"{count} highlights" for count in counts]
            ours = claim_moves(terminal, command, ready, 10**9, moves, pause, "desk-moves")
            bare += claim_moves(terminal, bare_app, BARE_READY, 12, moves, pause, "bare-after")
    print(
        f"\nj between claims, two 1 MB articles open ({moves} presses, {pause:.2f} s apart, "
        "from send-keys to the claim shown; ms)"
    )
    print(f"  {'':<18} {'p50':>7} {'p90':>7} {'max':>7}")
    print(_moves_row("newsdesk", ours))
    print(_moves_row("bare Textual app", bare))


def _figures(figures: dict[str, float]) -> str:
    return ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in figures.items())


if __name__ == "__main__":
    main()
