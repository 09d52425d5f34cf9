"""Benchmark: a keystroke in the library picker's filter, to the screen update showing the new
list, with 1,000 / 2,000 / 5,000 articles; and `newsdesk list` of the same library from
process launch, to its first row and to its end, against a plain script launched the same way
that reads the library's index and prints one line per article (the least `list` has to do).

The picker runs twice: through Pilot at 200x50 (see common.CompositorClock for where the time
ends), each keystroke typing one more letter of a word that about half of the titles hold,
then deleting it again; and as the analyst sees it, `newsdesk --db D` in tmux (private socket,
200x50, `capture-pane` every ~2 ms), typing `z` (only Deir ez-Zor's reports are left) and
deleting it (every town again), each timed from `send-keys` until the screen shows that list.
References: a frame at 60 Hz (16.7 ms), and in tmux a bare Textual app with an `Input` that
filters the same 5,000 titles into a `Static` (its first 60), launched and timed the same way,
before and after newsdesk: what redrawing the list through tmux and the capture cost without
newsdesk. `--terminal-only` runs the tmux figures alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import SIZE, CompositorClock, Terminal, bench_env, verdict
from textual.app import App, ComposeResult
from textual.widgets import Static

from annotations.articles import article_from_text
from annotations.library import Library, LibraryEntry
from tui.picker import LibraryPicker

FRAME_MS = 1000 / 60
TOWNS = ("Mayadeen", "Deir ez-Zor", "Abu Kamal", "Raqqa", "Mosul", "Tal Afar", "Hawija")


def entries(count: int) -> list[LibraryEntry]:
    return [
        LibraryEntry(
            id=f"{i:016x}",
            title=f"{'Strikes' if i % 2 else 'Shelling'} near {TOWNS[i % 7]}: report {i}",
            source=("Wire", "Herald", "Observatory")[i % 3],
            date=f"{1 + i % 28} October 2017",
            path=f"/news/report-{i}.txt",
            url=None,
            author=None,
            imported_at="2026-01-01T00:00:00Z",
            chars=2000 + i,
        )
        for i in range(count)
    ]


class Host(App[None]):
    def __init__(self, screen: Any) -> None:
        super().__init__()
        self._picker = screen

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        self.push_screen(self._picker)


async def keystrokes(count: int) -> list[float]:
    picker = LibraryPicker(entries(count))
    app = Host(picker)
    clock = CompositorClock()
    times: list[float] = []
    with clock.installed():
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)
            for key in ["s", "t", "r", "i", "backspace", "backspace", "backspace", "backspace"] * 2:
                before = len(clock.updates)
                pressed = time.perf_counter()
                await pilot.press(key)
                while len(clock.updates) == before:
                    await pilot.pause(0.001)
                times.append(clock.updates[before] - pressed)
                await pilot.pause(0.2)  # the rest of the rows fill in meanwhile
    return times


def library_of(folder: Path, count: int) -> Path:
    """A desk whose library holds `count` short articles with the benchmark's titles."""
    db = folder / f"desk-{count}" / "desk.json"
    library = Library(db)
    library.add_many(
        article_from_text(f"{e.title}\n\nThe ministry said {i} people were killed.", path=e.path)
        for i, e in enumerate(entries(count))
    )
    return db


PLAIN_LIST = """
import json, sys
from pathlib import Path

db = Path(sys.argv[1])
index = json.loads((db.with_name(db.stem + ".library") / "index.json").read_bytes())
for entry in index["entries"]:
    print(entry["id"][:12], entry.get("date") or "", entry.get("source") or "", entry["title"])
"""
"""The reference of `newsdesk list`: the same rows from the same index, printed plainly."""


def list_times(command: list[str]) -> tuple[float, float]:
    """Seconds from launching `command` (a listing) to its first library row, and to its end."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    first = None
    for line in child.stdout:
        if first is None and "report" in line:
            first = time.perf_counter() - start
    child.wait()
    return first or 0.0, time.perf_counter() - start


FILTER_APP = """
import sys

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input, Static

TITLES = open(sys.argv[1], encoding="utf-8").read().splitlines()


class Filtering(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter by title")
        yield Static(id="list")

    def on_mount(self) -> None:
        self.on_input_changed(Input.Changed(self.query_one(Input), ""))

    def on_input_changed(self, event: Input.Changed) -> None:
        word = event.value.casefold()
        shown = [title for title in TITLES if word in title.casefold()][:60]
        self.query_one("#list", Static).update(Text("\\n".join(shown)))


Filtering().run()
"""
OTHER_TOWNS = tuple(town for town in TOWNS if town != "Deir ez-Zor")


def _until(terminal: Terminal, shown: Callable[[str], bool]) -> float:
    """Wall-clock time of the first capture for which `shown` holds."""
    deadline = time.monotonic() + 30
    while True:
        screen = terminal.screen()
        if shown(screen):
            return time.time()
        if time.monotonic() > deadline:
            raise RuntimeError(f"{terminal.name}: not shown after 30 s:\n{screen}")
        time.sleep(0.002)


def filter_in_terminal(
    terminal: Terminal, command: list[str], presses: int, name: str
) -> list[float]:
    """Seconds from each filter keystroke to the screen showing the filtered list."""
    terminal.start(command, name)
    times = []
    try:
        terminal.wait_for("Filter by title")
        time.sleep(1.0)
        for _ in range(presses):
            sent = terminal.send("z")
            times.append(
                _until(
                    terminal,
                    lambda s: "Deir ez-Zor" in s and not any(t in s for t in OTHER_TOWNS),
                )
                - sent
            )
            sent = terminal.send("BSpace")
            times.append(_until(terminal, lambda s: any(t in s for t in OTHER_TOWNS)) - sent)
    finally:
        terminal.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=10, help="z and backspace pairs in tmux")
    parser.add_argument(
        "--terminal-only", action="store_true", help="only the picker in tmux and its reference"
    )
    args = parser.parse_args()
    counts = (1000, 2000, 5000)
    if not args.terminal_only:
        print(f"picker filter keystroke to screen update, Pilot {SIZE[0]}x{SIZE[1]} (ms)")
        print(f"  {'articles':>8} {'median':>7} {'max':>7}")
        worst = 0.0
        for count in counts:
            times = sorted(ms * 1000 for ms in asyncio.run(keystrokes(count)))
            worst = max(worst, statistics.median(times)) if count == 5000 else worst
            print(f"  {count:>8} {statistics.median(times):>7.1f} {times[-1]:>7.1f}")
        print(f"  median at 5,000 within a frame ({FRAME_MS:.1f} ms): {verdict(worst, FRAME_MS)}")
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        desks = {count: library_of(folder, count) for count in counts}
        if not args.terminal_only:
            plain = folder / "plain_list.py"
            plain.write_text(PLAIN_LIST, encoding="utf-8")
            newsdesk_list = [str(Path(sys.executable).with_name("newsdesk")), "list", "--db"]
            print(
                "\nnewsdesk list, from launch (s, median of 3, interleaved with the plain script)"
            )
            print(f"  {'articles':>8} {'first row':>10} {'all':>7} {'plain all':>10} {'ratio':>6}")
            totals = {}
            for count in counts:
                ours, theirs = [], []
                for _ in range(3):
                    ours.append(list_times([*newsdesk_list, str(desks[count])]))
                    theirs.append(list_times([sys.executable, str(plain), str(desks[count])]))
                first = statistics.median(o[0] for o in ours)
                totals[count] = statistics.median(o[1] for o in ours)
                plain_total = statistics.median(t[1] for t in theirs)
                print(
                    f"  {count:>8} {first:>10.2f} {totals[count]:>7.2f} {plain_total:>10.2f}"
                    f" {totals[count] / plain_total:>6.2f}"
                )
            print(
                f"  growth 1,000 -> 5,000 articles: {totals[5000] / totals[1000]:.2f}x (linear: 5x)"
            )
        if shutil.which("tmux") is None:
            sys.exit("picker: tmux is needed for the terminal figures")
        app = folder / "filter_reference.py"
        app.write_text(FILTER_APP, encoding="utf-8")
        titles = folder / "titles.txt"
        titles.write_text("\n".join(e.title for e in entries(5000)), encoding="utf-8")
        newsdesk = str(Path(sys.executable).with_name("newsdesk"))
        home = folder / "home"
        home.mkdir()
        terminal = Terminal(bench_env(home), poll_seconds=0.002)
        reference_app = [sys.executable, str(app), str(titles)]
        try:
            print(
                "\npicker in tmux: filter keystroke to the filtered list on screen (ms);"
                f" load average {os.getloadavg()[0]:.1f}"
            )
            print(f"  {'articles':>12} {'median':>7} {'p90':>7} {'max':>7}")
            # The reference runs before and after newsdesk: a load that comes or goes during
            # the run weighs on both.
            bare = filter_in_terminal(terminal, reference_app, args.presses // 2, "ref-before")
            medians = {}
            for count in counts:
                command = [newsdesk, "--db", str(desks[count])]
                times = sorted(
                    ms * 1000
                    for ms in filter_in_terminal(terminal, command, args.presses, f"p{count}")
                )
                medians[count] = statistics.median(times)
                p90 = times[int(0.9 * (len(times) - 1))]
                print(f"  {count:>12} {medians[count]:>7.1f} {p90:>7.1f} {times[-1]:>7.1f}")
            bare += filter_in_terminal(
                terminal, reference_app, args.presses - args.presses // 2, "ref"
            )
        finally:
            terminal.close()
        ordered = sorted(ms * 1000 for ms in bare)
        reference = statistics.median(ordered)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        print(f"  {'bare Textual':>12} {reference:>7.1f} {p90:>7.1f} {ordered[-1]:>7.1f}")
        print(
            "  (the bare app: an Input filtering the same 5,000 titles into a Static,"
            f" before and after; load average {os.getloadavg()[0]:.1f} at the end)"
        )
        print(
            f"  median at 5,000 within a frame ({FRAME_MS:.1f} ms) of the reference: "
            f"{medians[5000] - reference:+.1f} ms  {verdict(medians[5000] - reference, FRAME_MS)}"
        )


if __name__ == "__main__":
    main()
