"""Time `newsdesk compare` of two long articles against `newsdesk detect` of the same two.

Both are measured from process launch to exit, interleaved, median of --runs, at three sizes
so that growth shows: comparing (detection, entities, figure alignment and claim matching)
should stay within 2.5x of detecting alone at 1 MB an article, and grow like it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import large_text  # noqa: E402

__all__ = ["main"]

BAR = 2.5
SIZES = (250_000, 500_000, 1_000_000)


def newsdesk() -> str:
    exe = Path(sys.executable).with_name("newsdesk")
    return str(exe) if exe.exists() else "newsdesk"


def second_report(text: str) -> str:
    """Another long report from the same material: its sections in reverse order, so the two
    share events and names but no stretch of text sits at the same place."""
    sections = text.split("\n\nUpdate ")
    head, rest = sections[0], sections[1:]
    return "\n\nUpdate ".join([head.replace("full file", "other file"), *reversed(rest)])


def timed(args: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{'size each':>10} {'detect (s)':>11} {'compare (s)':>12} {'ratio':>6}")
    ratios: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            text = large_text(size)
            one, two = Path(tmp, f"a-{size}.txt"), Path(tmp, f"b-{size}.txt")
            one.write_text(text, encoding="utf-8")
            two.write_text(second_report(text), encoding="utf-8")
            detect_times, compare_times = [], []
            for _ in range(args.runs):
                detect_times.append(timed([newsdesk(), "detect", "--jsonl", str(one), str(two)]))
                compare_times.append(timed([newsdesk(), "compare", "--json", str(one), str(two)]))
            d, c = statistics.median(detect_times), statistics.median(compare_times)
            ratios[size] = c / d
            print(f"{size / 1e6:>8.2f}MB {d:>11.2f} {c:>12.2f} {c / d:>6.2f}")
    top = ratios[SIZES[-1]]
    verdict = "PASS" if top <= BAR else "FAIL"
    print(f"\n{verdict}  compare of 2 x 1 MB = {top:.2f}x detection (bar {BAR}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
