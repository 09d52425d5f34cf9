"""Benchmark: `j` between claims with two 1 MB articles open, and the full garbage collections
that used to stall it every few keys.

The desk opens the 1 MB article (common.large_article) and a second one like it, through Pilot
at 200x50; once detection is shown, `j` is pressed `--presses` times, each timed from the press
to the end of the screen update after it (common.CompositorClock). Python's full (generation 2)
collections during the presses are counted and timed with `gc.callbacks`.

Reference, same run and same process: the same presses with Python's default collector
settings put back (`gc.unfreeze()`, thresholds 700/10/10), which is how the desk ran before it
froze its long-lived objects.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from typing import Any

from common import SIZE, CompositorClock, large_article, large_text

from annotations.articles import article_from_text
from annotations.store import Desk
from annotations.writer import DeskWriter
from tui.app import NewsdeskApp


class FullCollections:
    """Counts and times generation-2 collections while installed."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)


async def press_j(
    app: NewsdeskApp, pilot: Any, clock: CompositorClock, presses: int
) -> list[float]:
    times = []
    for _ in range(presses):
        before = len(clock.updates)
        pressed = time.perf_counter()
        await pilot.press("j")
        while len(clock.updates) == before:
            await pilot.pause(0.001)
        times.append(clock.updates[before] - pressed)
    return times


async def run(presses: int) -> None:
    first = large_article()
    second = article_from_text(
        large_text().replace("Update", "Bulletin"), path="bench-large-article-2.txt"
    )
    desk = Desk.in_memory()
    writer = DeskWriter(desk)
    app = NewsdeskApp([first, second], desk, writer, analyst="bench", db_label="memory")
    clock = CompositorClock()
    thresholds = gc.get_threshold()
    try:
        with clock.installed():
            async with app.run_test(size=SIZE) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause(0.5)
                await press_j(app, pilot, clock, 5)  # the first moves build caches
                results = {}
                for label in ("desk's settings", "default collector (reference)"):
                    if label.startswith("default"):
                        gc.unfreeze()
                        gc.set_threshold(700, 10, 10)
                    collections = FullCollections()
                    gc.callbacks.append(collections)
                    try:
                        times = await press_j(app, pilot, clock, presses)
                    finally:
                        gc.callbacks.remove(collections)
                    results[label] = (times, collections.pauses)
    finally:
        gc.set_threshold(*thresholds)
        writer.close()
    print(f"j between claims, two 1 MB articles open, {presses} presses each (ms)")
    print(f"  {'':<30} {'median':>7} {'p90':>7} {'max':>7} {'full GCs':>9} {'their ms':>14}")
    for label, (times, pauses) in results.items():
        ordered = sorted(t * 1000 for t in times)
        p90 = ordered[int(0.9 * (len(ordered) - 1))]
        spent = " ".join(f"{p * 1000:.0f}" for p in pauses[:5]) or "-"
        print(
            f"  {label:<30} {statistics.median(ordered):>7.1f} {p90:>7.1f} {ordered[-1]:>7.1f}"
            f" {len(pauses):>9} {spent:>14}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=100, help="j presses per setting")
    args = parser.parse_args()
    asyncio.run(run(args.presses))


if __name__ == "__main__":
    main()
