"""Benchmark: a keystroke in the library picker's filter, to the screen update showing the new
list, with 1,000 / 2,000 / 5,000 articles; and `newsdesk list` of the same library from
process launch, to its first row and to its end.

The picker runs through Pilot at 200x50 (see common.CompositorClock for where the time ends);
the reference is a frame at 60 Hz (16.7 ms). Each keystroke types one more letter of a word
that about half of the titles hold, then deletes it again.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import SIZE, CompositorClock, verdict
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


def list_times(folder: Path, count: int) -> tuple[float, float]:
    """Seconds from launching `newsdesk list` to its first library row, and to its end."""
    db = folder / f"desk-{count}" / "desk.json"
    library = Library(db)
    library.add_many(
        article_from_text(f"{e.title}\n\nThe ministry said {i} people were killed.", path=e.path)
        for i, e in enumerate(entries(count))
    )
    command = [str(Path(sys.executable).with_name("newsdesk")), "list", "--db", str(db)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    first = None
    for line in child.stdout:
        if first is None and "report" in line:
            first = time.perf_counter() - start
    child.wait()
    return first or 0.0, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    print(f"picker filter keystroke to screen update, Pilot {SIZE[0]}x{SIZE[1]} (ms)")
    print(f"  {'articles':>8} {'median':>7} {'max':>7}")
    worst = 0.0
    for count in (1000, 2000, 5000):
        times = sorted(ms * 1000 for ms in asyncio.run(keystrokes(count)))
        worst = max(worst, statistics.median(times)) if count == 5000 else worst
        print(f"  {count:>8} {statistics.median(times):>7.1f} {times[-1]:>7.1f}")
    print(f"  median at 5,000 within a frame ({FRAME_MS:.1f} ms): {verdict(worst, FRAME_MS)}")
    print("\nnewsdesk list, from launch (s)")
    print(f"  {'articles':>8} {'first row':>10} {'all':>7}")
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        for count in (1000, 2000, 5000):
            first, total = list_times(Path(tmp), count)
            print(f"  {count:>8} {first:>10.2f} {total:>7.2f}")


if __name__ == "__main__":
    main()
