"""Benchmark: key to screen in a real terminal while the desk is saving, on desks of 0 to 100k tags.

`newsdesk` runs in tmux (private socket, 200x50) on the seeds, with a desk already holding
N tagged claims. For each round the bench moves to the next claim (`j`, not timed), then
presses `c` and at once `d`: the second press lands while the first change is on its way to
the disk. Each press is timed from its `send-keys` to the first `capture-pane` (polled every
~2 ms) whose detail panel shows its status (for `c`, either status: `d` may already be shown).

To prove that presses met saves in flight, the app runs under a small launcher that notes when
the desk screen began handling each tag key, and for every change when it was queued and when
the writer had it on disk; a press "overlapped a write" if, when the app began handling it, a
change queued earlier was not yet on disk. The 0-tag desk is the same-run reference.

Then the store figures: one tag write at 1k, 10k and 100k tags against TinyDB's default
storage, and the time to open each desk.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import SIZE, Terminal, bench_env, verdict
from store import _seed, desk_write_ms, tinydb_write_ms

P90_BAR_MS = 50.0
MAX_BAR_MS = 100.0
P50_RATIO_BAR = 1.5
WRITE_BAR_MS = 5.0
WRITE_GROWTH_BAR = 2.0
POLL_SECONDS = 0.002
CLAIMS_PER_ARTICLE = 12
TIMEOUT_SECONDS = 30.0

LAUNCHER = r"""
import sys, time
from annotations.writer import DeskWriter
from tui.desk_screen import DeskScreen

log = open(sys.argv[1], "a", buffering=1)
queued = DeskScreen._submit
apply = DeskWriter._apply
counter = iter(range(10**9))


def noted_submit(self, claim, change):
    n = next(counter)
    log.write(f"queued {n} {time.time():.6f}\n")

    def traced(desk, change=change, n=n):
        try:
            return change(desk)
        finally:
            log.write(f"saved {n} {time.time():.6f}\n")

    queued(self, claim, traced)


def noted_action(name):
    action = getattr(DeskScreen, name)

    def handled(self):
        log.write(f"key {next(counter)} {time.time():.6f}\n")
        action(self)

    setattr(DeskScreen, name, handled)


DeskScreen._submit = noted_submit
noted_action("action_confirm")
noted_action("action_dispute")
from tui.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _overlaps(log: Path) -> int:
    """How many tag keys the app began handling while an earlier change was not yet on disk."""
    keys: list[float] = []
    queued: dict[str, float] = {}
    flights: list[tuple[float, float]] = []
    for line in log.read_text(encoding="utf-8").splitlines():
        what, n, moment = line.split()
        if what == "key":
            keys.append(float(moment))
        elif what == "queued":
            queued[n] = float(moment)
        elif n in queued:
            flights.append((queued.pop(n), float(moment)))
    flights += [(start, float("inf")) for start in queued.values()]  # never saved
    return sum(any(start < key < end for start, end in flights) for key in keys)


def press_latencies(
    terminal: Terminal, launcher: Path, db: Path, log: Path, rounds: int, name: str
) -> tuple[list[float], int]:
    """Key-to-screen times of 2 x `rounds` tag presses, and how many overlapped a write."""
    terminal.start(
        [sys.executable, str(launcher), str(log), "--db", str(db), "--analyst", "bench"], name
    )
    presses: list[tuple[float, float]] = []
    try:
        terminal.wait_for("claims in this article")
        time.sleep(1.0)  # detection of the seeds finishes; the keys below are about saving
        for turn in range(rounds):
            # The first claims of the first article, then of the second (13 and 16 claims).
            position = turn % CLAIMS_PER_ARTICLE + 1
            if turn == CLAIMS_PER_ARTICLE:
                terminal.send("Tab")
            terminal.send("j")
            terminal.wait_for(f"   claim {position} of")
            # `d` follows `c` as fast as tmux takes keys, so it meets `c`'s save in flight.
            sent_c = terminal.send("c")
            sent_d = terminal.send("d")
            shown_c = terminal.wait_for("● confirmed", "● disputed")
            shown_d = terminal.wait_for("● disputed")
            presses += [(sent_c, shown_c), (sent_d, shown_d)]
        terminal.send("q")
        time.sleep(0.5)
    finally:
        terminal.stop()
    return [shown - sent for sent, shown in presses], _overlaps(log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rounds", type=int, default=20, help="claims tagged per desk (2 keys), at most 24"
    )
    parser.add_argument("--repeats", type=int, default=30, help="timed writes per size")
    parser.add_argument("--sizes", default="0,10000,100000", help="tagged claims in the desk")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("ui_latency: tmux is needed")
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        launcher = folder / "launcher.py"
        launcher.write_text(LAUNCHER, encoding="utf-8")
        home = folder / "home"
        home.mkdir()
        env = bench_env(home) | {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        terminal = Terminal(env, poll_seconds=POLL_SECONDS)
        print(f"tag keys on the seeds in tmux {SIZE[0]}x{SIZE[1]}, key to screen (ms)")
        print(f"  {'tagged':>8} {'p50':>6} {'p90':>6} {'max':>6} {'overlapped a write':>19}")
        figures: dict[int, tuple[float, float, float]] = {}
        try:
            for size in sizes:
                db = folder / f"desk-{size}.json"
                if size:
                    _seed(db, size)
                log = folder / f"writes-{size}.log"
                latencies, overlapped = press_latencies(
                    terminal, launcher, db, log, args.rounds, f"desk-{size}"
                )
                ordered = sorted(ms * 1000 for ms in latencies)
                p50 = statistics.median(ordered)
                p90 = ordered[int(0.9 * (len(ordered) - 1))]
                figures[size] = (p50, p90, ordered[-1])
                print(
                    f"  {size:>8} {p50:>6.1f} {p90:>6.1f} {ordered[-1]:>6.1f}"
                    f" {overlapped:>10}/{len(ordered):<8}"
                )
        finally:
            terminal.close()
        top = max(sizes)
        p50, p90, worst = figures[top]
        print(
            f"  at {top} tags: p90 {p90:.1f} ms (bar <= {P90_BAR_MS:.0f})  "
            + verdict(p90, P90_BAR_MS)
        )
        print(
            f"  at {top} tags: max {worst:.1f} ms (bar <= {MAX_BAR_MS:.0f})  "
            + verdict(worst, MAX_BAR_MS)
        )
        if 0 in figures:
            ratio = p50 / figures[0][0]
            print(
                f"  p50 at {top} tags / p50 at 0 tags: {ratio:.2f}x"
                f" (bar <= {P50_RATIO_BAR})  {verdict(ratio, P50_RATIO_BAR)}"
            )

        print("\none tag write (Desk.set_status, on disk when it returns), median ms")
        print(f"  {'tagged':>8} {'desk':>8} {'TinyDB default':>15} {'open desk s':>12}")
        writes = {}
        for count in (1_000, 10_000, 100_000):
            ours, theirs = folder / f"w-desk-{count}.json", folder / f"w-tinydb-{count}.json"
            _seed(ours, count)
            _seed(theirs, count)
            start = time.perf_counter()
            from annotations.store import Desk

            Desk.open(ours).close()
            opened = time.perf_counter() - start
            writes[count] = desk_write_ms(ours, count, args.repeats)
            tiny = tinydb_write_ms(theirs, count, max(3, args.repeats // 5))
            print(f"  {count:>8} {writes[count]:>8.2f} {tiny:>15.1f} {opened:>12.2f}")
        growth = writes[100_000] / writes[1_000]
        print(
            f"  write at 100k: {writes[100_000]:.2f} ms (bar <= {WRITE_BAR_MS:.0f})"
            f"  {verdict(writes[100_000], WRITE_BAR_MS)}"
        )
        print(
            f"  100k / 1k: {growth:.2f}x (bar <= {WRITE_GROWTH_BAR:.0f})"
            f"  {verdict(growth, WRITE_GROWTH_BAR)}"
        )


if __name__ == "__main__":
    main()
