"""Benchmark: key to screen in a real terminal while the desk is saving, on desks of 0 to 100k tags.

`newsdesk` runs in tmux (private socket, 200x50) on the seeds, with a desk already holding
N tagged claims. For each round the bench moves to the next claim (`j`, not timed), then
sends `c` and `d` in one `send-keys`: the second press lands while the first change is on its
way to the disk. Each press is timed from that `send-keys` to the first `capture-pane` (polled
every ~2 ms) whose detail panel shows its status (for `c`, either status: `d` may already be
shown). `--code` runs another checkout's `newsdesk` (earlier code) with the same keys.

To prove that presses met saves in flight, the app runs under a small launcher that notes when
the desk screen began handling each tag key, and for every change when it was queued and when
the writer had it on disk; a press "overlapped a write" if, when the app began handling it, a
change queued earlier was not yet on disk. The 0-tag desk is the same-run reference for the
growth with the desk; a bare Textual app in the same tmux that updates a `Static` on the same
keys (run before and after the desks) is the reference for what tmux, Textual and the screen
capture cost on this machine at the moment, so figures taken on a loaded machine can be read
against it. The load average is printed with the figures.

Then the store figures: one tag write at 1k, 10k and 100k tags against TinyDB's default
storage, and the time to open each desk.
"""

from __future__ import annotations

import argparse
import os
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
from tui.desk_screen import DeskScreen

log = open(sys.argv[1], "a", buffering=1)
# How a claim's change reaches the writer: `_save` now, `_submit` in earlier code (--code).
hand_over = "_save" if hasattr(DeskScreen, "_save") else "_submit"
queued = getattr(DeskScreen, hand_over)
counter = iter(range(10**9))


def noted_save(self, claim, *latest_and_change):
    *latest, change = latest_and_change
    n = next(counter)
    log.write(f"queued {n} {time.time():.6f}\n")

    def traced(desk, change=change, n=n):
        try:
            return change(desk)
        finally:
            log.write(f"saved {n} {time.time():.6f}\n")

    queued(self, claim, *latest, traced)


def noted_action(name):
    action = getattr(DeskScreen, name)

    def handled(self):
        log.write(f"key {next(counter)} {time.time():.6f}\n")
        action(self)

    setattr(DeskScreen, name, handled)


setattr(DeskScreen, hand_over, noted_save)
noted_action("action_confirm")
noted_action("action_dispute")
from tui.cli import main
sys.exit(main(sys.argv[2:]))
"""


REFERENCE_APP = r"""
import sys

from textual.app import App, ComposeResult
from textual.widgets import Static

CLAIMS = 12


class Reference(App[None]):
    # A status line like the first line of the detail panel, changed by the same keys.

    def compose(self) -> ComposeResult:
        yield Static(f"{CLAIMS} claims in this article", id="status", markup=False)

    def on_mount(self) -> None:
        self.claim, self.status = 0, "untagged"

    def on_key(self, event) -> None:
        if event.key == "q":
            self.exit()
            return
        if event.key == "tab":
            self.claim = 0
        elif event.key == "j":
            self.claim, self.status = self.claim % CLAIMS + 1, "untagged"
        elif event.key in ("c", "d"):
            self.status = "confirmed" if event.key == "c" else "disputed"
        else:
            return
        line = f"● {self.status}   claim {self.claim} of {CLAIMS}" if self.claim else ""
        self.query_one(Static).update(line or f"{CLAIMS} claims in this article")


Reference().run()
"""
"""The bare Textual reference: the same keys change one `Static`, with no desk behind it."""


def _overlaps(log: Path) -> int:
    """How many tag keys the app began handling while an earlier change was not yet on disk."""
    if not log.exists():
        return 0
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


def press_latencies(terminal: Terminal, command: list[str], rounds: int, name: str) -> list[float]:
    """Key-to-screen times of 2 x `rounds` tag presses in the app `command` launches."""
    terminal.start(command, name)
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
            # `d` comes with `c`, in one write to the terminal, so it meets `c`'s save in
            # flight (sent apart, `c` was on disk before `d` came); both timed from then.
            sent = terminal.send("c", "d")
            shown_c = terminal.wait_for("● confirmed", "● disputed")
            shown_d = terminal.wait_for("● disputed")
            presses += [(sent, shown_c), (sent, shown_d)]
        terminal.send("q")
        time.sleep(0.5)
    finally:
        terminal.stop()
    return [shown - sent for sent, shown in presses]


def _figures(latencies: list[float]) -> tuple[float, float, float]:
    """p50, p90 and max of key-to-screen times, in milliseconds."""
    ordered = sorted(ms * 1000 for ms in latencies)
    return statistics.median(ordered), ordered[int(0.9 * (len(ordered) - 1))], ordered[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rounds", type=int, default=20, help="claims tagged per desk (2 keys), at most 24"
    )
    parser.add_argument("--repeats", type=int, default=30, help="timed writes per size")
    parser.add_argument("--sizes", default="0,10000,100000", help="tagged claims in the desk")
    parser.add_argument(
        "--keys-only", action="store_true", help="only the key-to-screen figures, no writes"
    )
    parser.add_argument(
        "--code",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="the checkout whose `newsdesk` runs (another worktree: earlier code, same minutes)",
    )
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
        env = bench_env(home) | {"PYTHONPATH": str(args.code.resolve())}
        terminal = Terminal(env, poll_seconds=POLL_SECONDS)
        reference = folder / "reference_app.py"
        reference.write_text(REFERENCE_APP, encoding="utf-8")
        print(
            f"tag keys on the seeds in tmux {SIZE[0]}x{SIZE[1]}, key to screen (ms), code of"
            f" {args.code}; load average {os.getloadavg()[0]:.1f} at the start"
        )
        print(f"  {'tagged':>12} {'p50':>6} {'p90':>6} {'max':>6} {'overlapped a write':>19}")
        figures: dict[int, tuple[float, float, float]] = {}
        bare: list[float] = []
        try:
            # The reference runs before and after the desks, so a load that comes or goes
            # during the run weighs on both sides.
            bare += press_latencies(
                terminal, [sys.executable, str(reference)], args.rounds // 2, "bare-before"
            )
            for size in sizes:
                db = folder / f"desk-{size}.json"
                if size:
                    _seed(db, size)
                log = folder / f"writes-{size}.log"
                command = [sys.executable, str(launcher), str(log), "--db", str(db)]
                latencies = press_latencies(
                    terminal, [*command, "--analyst", "bench"], args.rounds, f"desk-{size}"
                )
                figures[size] = p50, p90, worst = _figures(latencies)
                print(
                    f"  {size:>12} {p50:>6.1f} {p90:>6.1f} {worst:>6.1f}"
                    f" {_overlaps(log):>10}/{len(latencies):<8}"
                )
            bare += press_latencies(
                terminal, [sys.executable, str(reference)], args.rounds - args.rounds // 2, "bare"
            )
        finally:
            terminal.close()
        ref50, ref90, ref_worst = _figures(bare)
        print(f"  {'bare Textual':>12} {ref50:>6.1f} {ref90:>6.1f} {ref_worst:>6.1f}")
        print(f"  load average {os.getloadavg()[0]:.1f} at the end")
        top = max(sizes)
        p50, p90, worst = figures[top]
        print(
            f"  at {top} tags: p90 {p90:.1f} ms (bar <= {P90_BAR_MS:.0f})  "
            f"{verdict(p90, P90_BAR_MS)}   ({p90 - ref90:+.1f} ms on the bare app's p90)"
        )
        print(
            f"  at {top} tags: max {worst:.1f} ms (bar <= {MAX_BAR_MS:.0f})  "
            f"{verdict(worst, MAX_BAR_MS)}   ({worst - ref_worst:+.1f} ms on the bare app's max)"
        )
        print(f"  at {top} tags: p50 {p50:.1f} ms, {p50 - ref50:+.1f} ms on the bare app's p50")
        if 0 in figures:
            ratio = p50 / figures[0][0]
            print(
                f"  p50 at {top} tags / p50 at 0 tags: {ratio:.2f}x"
                f" (bar <= {P50_RATIO_BAR})  {verdict(ratio, P50_RATIO_BAR)}"
            )
        if args.keys_only:
            return

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
