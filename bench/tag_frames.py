"""Benchmark: what a tag key costs inside the desk, on desks of 0 to 100k tags.

The same keys as `ui_latency.py` (`j` to the next claim, then `c` and `d` at once, on the
seeds, 200x50) through Pilot, in process, so the figures hold on a loaded machine where the
terminal's own figures do not: the processor time of the main thread for each screen update
(`Screen._compositor_refresh`, a layout included) and their sum per round of keys (`j`, `c`,
`d`), how many updates laid the screen out (the detail panel took or gave back a row), what
a tag key sends to the terminal (frames, and the bytes the driver would write) and how many
lines it renders, and the garbage collector's passes in the main thread (how many, their
time, the longest). Pilot cannot say which pass
a key waited for (in a terminal a pass runs in the next key; here, as often in Pilot's own
waiting): the trace of the real app does. The 0-tag desk is the same-run reference for the
growth; `--code` measures another checkout (earlier code) with the same keys and counters.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROUNDS = 20
CLAIMS_PER_ARTICLE = 12


class Meter:
    """Screen updates and collector passes, timed in the main thread's processor time."""

    def __init__(self) -> None:
        self.frames: list[float] = []
        self.layouts = 0
        self.sent: list[int] = []
        """Bytes of each frame sent to the terminal while tag keys were pressed."""
        self.lines = 0
        """Lines rendered while tag keys were pressed."""
        self.collections: list[float] = []
        self._gc_started = 0.0

    def frame(self, seconds: float, laid_out: bool) -> None:
        self.frames.append(seconds * 1000)
        self.layouts += laid_out

    def collector(self, phase: str, info: dict[str, Any]) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # the writer's thread: the keys do not wait for it
        if phase == "start":
            self._gc_started = time.thread_time()
            return
        self.collections.append((time.thread_time() - self._gc_started) * 1000)


async def _press_tags(db: Path, meter: Meter) -> None:
    from common import SIZE, seed_articles
    from textual._compositor import CompositorUpdate
    from textual.app import App
    from textual.screen import Screen
    from textual.strip import Strip
    from textual.widget import Widget

    from annotations.store import Desk
    from annotations.writer import DeskWriter
    from tests.pilot import settle
    from tui.app import NewsdeskApp

    refresh, lay_out = Screen._compositor_refresh, Screen._refresh_layout
    laying_out = [False]

    def timed_refresh(screen: Screen[object]) -> None:
        start = time.thread_time()
        refresh(screen)
        meter.frame(time.thread_time() - start, laying_out[0])

    display, tagging = App._display, [False]

    def sent(app: App[object], screen: Screen[object], update: Any) -> None:
        if tagging[0] and isinstance(update, CompositorUpdate):
            meter.sent.append(len(update.render_segments(app.console).encode()))
        display(app, screen, update)

    def counted(render_line: Any) -> Any:
        def render(widget: Widget, y: int) -> Strip:
            meter.lines += tagging[0]
            return render_line(widget, y)  # type: ignore[no-any-return]

        return render

    from tui.article_text import ArticleText

    drawn = [(cls, cls.render_line) for cls in (Widget, ArticleText)]

    def noted_layout(screen: Screen[object], *args: Any, **kwargs: Any) -> None:
        laying_out[0] = True
        try:
            lay_out(screen, *args, **kwargs)
        finally:
            laying_out[0] = False

    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp(seed_articles(), desk, writer, analyst="bench", db_label=str(db))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.pause(1.0)
            Screen._compositor_refresh = timed_refresh  # type: ignore[method-assign,assignment]
            Screen._refresh_layout = noted_layout  # type: ignore[method-assign,assignment]
            App._display = sent  # type: ignore[method-assign,assignment]
            for cls, render_line in drawn:
                cls.render_line = counted(render_line)  # type: ignore[method-assign]
            gc.callbacks.append(meter.collector)
            try:
                for turn in range(ROUNDS):
                    if turn == CLAIMS_PER_ARTICLE:
                        await pilot.press("tab")
                    await pilot.press("j")
                    await settle(pilot)
                    tagging[0] = True
                    await pilot.press("c", "d")
                    await settle(pilot)
                    await pilot.pause(0.05)  # the last frame of the keys
                    tagging[0] = False
            finally:
                for cls, render_line in drawn:
                    cls.render_line = render_line  # type: ignore[method-assign]
                App._display = display  # type: ignore[method-assign]
                gc.callbacks.remove(meter.collector)
                Screen._compositor_refresh = refresh  # type: ignore[method-assign]
                Screen._refresh_layout = lay_out  # type: ignore[method-assign]
    finally:
        writer.flush()
        writer.close()
        desk.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="0,10000,100000", help="tagged claims in the desk")
    parser.add_argument(
        "--code",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="the checkout whose desk is measured (another worktree: earlier code, same run)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    # Imported once the checkout is first on the path: they import its desk.
    from common import SIZE
    from store import _seed

    sizes = [int(size) for size in args.sizes.split(",")]
    print(
        f"tag keys on the seeds through Pilot {SIZE[0]}x{SIZE[1]}, main-thread processor ms;"
        f" code of {args.code}"
    )
    print(
        f"  {'tagged':>8} {'update p50':>10} {'p90':>6} {'max':>6} {'layouts':>8}"
        f" {'gc passes':>10} {'ms':>6} {'longest':>8}"
        f" {'frames/key':>11} {'bytes/key':>10} {'lines/key':>10} {'update ms/round':>16}"
    )
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        for size in sizes:
            db = Path(tmp) / f"desk-{size}.json"
            if size:
                _seed(db, size)
            meter = Meter()
            asyncio.run(_press_tags(db, meter))
            frames = sorted(meter.frames)
            keys = 2 * ROUNDS
            print(
                f"  {size:>8} {statistics.median(frames):>10.1f}"
                f" {frames[int(0.9 * (len(frames) - 1))]:>6.1f} {frames[-1]:>6.1f}"
                f" {meter.layouts:>8} {len(meter.collections):>10}"
                f" {sum(meter.collections):>6.0f} {max(meter.collections, default=0):>8.1f}"
                f" {len(meter.sent) / keys:>11.2f} {sum(meter.sent) / keys:>10.0f}"
                f" {meter.lines / keys:>10.1f} {sum(frames) / ROUNDS:>16.1f}"
            )


if __name__ == "__main__":
    main()
