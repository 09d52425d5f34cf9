"""Benchmark: key-to-screen latency of tagging while the desk writer saves 10k or 100k tags."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from common import SIZE, CompositorClock, seed_articles, verdict
from store import _seed, desk_write_ms, export_seconds, tinydb_write_ms
from textual.pilot import Pilot

from annotations.store import Desk
from annotations.writer import DeskWriter
from tui.app import NewsdeskApp
from tui.article_view import ArticleView
from tui.desk_screen import DeskScreen

KEY_BAR_MS = 50.0
WRITE_RATIO_BAR = 0.25
EXPORT_BAR_SECONDS = 2.0
WAIT_LIMIT_SECONDS = 30.0


async def _settle(app: NewsdeskApp, pilot: Pilot[None]) -> None:
    await app.workers.wait_for_complete()
    deadline = time.perf_counter() + WAIT_LIMIT_SECONDS
    while app.writer.pending and time.perf_counter() < deadline:
        await pilot.pause(0.01)
    await pilot.pause()


async def tag_latencies(db: Path, presses: int) -> tuple[list[float], int, float]:
    """Tag seed claims `presses` times on the desk at `db`, without waiting for the disk.

    Returns each key-to-screen time, how many presses found the writer still saving an
    earlier change, and how long the writer took to catch up after the last press.
    """
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp(seed_articles(), desk, writer, analyst="bench", db_label=str(db))
    clock = CompositorClock()
    latencies: list[float] = []
    busy = 0
    try:
        with clock.installed():
            async with app.run_test(size=SIZE) as pilot:
                await _settle(app, pilot)
                screen = app.screen
                assert isinstance(screen, DeskScreen)
                view: ArticleView = screen.views[0]
                for turn in range(presses):
                    # Two presses per claim (the second changes the first), then the next claim.
                    target = (turn // 2) % len(view.claims)
                    if view.current_claim != target:
                        view.current_claim = target
                        await pilot.pause()
                    index = view.current_claim
                    key, mark = ("c", "confirmed") if turn % 2 == 0 else ("d", "disputed")
                    if view.marks.get(index) == mark:
                        key, mark = ("d", "disputed") if key == "c" else ("c", "confirmed")
                    busy += writer.pending > 0
                    shown = clock.watch(
                        lambda index=index, mark=mark: view.marks.get(index) == mark  # type: ignore[misc]
                    )
                    pressed = time.perf_counter()
                    await pilot.press(key)
                    deadline = pressed + WAIT_LIMIT_SECONDS
                    while not shown and time.perf_counter() < deadline:
                        await pilot.pause(0.001)
                    if not shown:
                        raise RuntimeError(f"mark {mark} never reached the screen")
                    latencies.append(shown[0] - pressed)
                caught_up = time.perf_counter()
                await _settle(app, pilot)
                catch_up = time.perf_counter() - caught_up
    finally:
        writer.flush()
        writer.close()
        desk.close()
    return latencies, busy, catch_up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=30, help="tag keys pressed per desk size")
    parser.add_argument("--repeats", type=int, default=15, help="timed writes for the store ratio")
    parser.add_argument("--sizes", default="10000,100000", help="tagged claims in the desk")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        print(f"tagging keys on the seeds, {SIZE[0]}x{SIZE[1]} (Pilot), key press to screen update")
        print(
            f"  {'tagged':>8} {'median ms':>10} {'p90 ms':>8} {'max ms':>8} "
            f"{'while saving':>13} {'writer catch-up':>16}"
        )
        worst = 0.0
        for size in sizes:
            db = folder / f"desk-{size}.json"
            _seed(db, size)
            latencies, busy, catch_up = asyncio.run(tag_latencies(db, args.presses))
            median = statistics.median(latencies) * 1000
            ordered = sorted(latencies)
            p90 = ordered[int(0.9 * (len(ordered) - 1))] * 1000
            worst = max(worst, median)
            print(
                f"  {size:>8} {median:>10.1f} {p90:>8.1f} {ordered[-1] * 1000:>8.1f} "
                f"{busy:>6}/{len(latencies):<6} {catch_up * 1000:>13.0f} ms"
            )
        print(
            f"  key to screen: median {worst:.1f} ms at worst (bar <= {KEY_BAR_MS:.0f} ms)  "
            f"{verdict(worst, KEY_BAR_MS)}"
        )

        print("\nstore (bench/store.py functions), same run")
        count = 10_000
        ours, theirs = folder / "write-desk.json", folder / "write-tinydb.json"
        _seed(ours, count)
        _seed(theirs, count)
        desk_ms = desk_write_ms(ours, count, args.repeats)
        tiny_ms = tinydb_write_ms(theirs, count, args.repeats)
        ratio = desk_ms / tiny_ms
        print(
            f"  write at {count}: desk {desk_ms:.1f} ms, TinyDB default {tiny_ms:.1f} ms, "
            f"ratio {ratio:.3f} (bar <= {WRITE_RATIO_BAR})  {verdict(ratio, WRITE_RATIO_BAR)}"
        )
        seconds = export_seconds(folder, 100_000)
        print(
            f"  export of 100000 tagged claims: {seconds:.2f} s (bar <= {EXPORT_BAR_SECONDS:.0f} s)"
            f"  {verdict(seconds, EXPORT_BAR_SECONDS)}"
        )


if __name__ == "__main__":
    main()
