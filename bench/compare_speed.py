"""Time `newsdesk compare` of two long articles against `newsdesk detect` of the same two.

Both are measured from process launch to exit, interleaved, median of --runs, at three sizes
so that growth shows: comparing (detection, entities, figure alignment, claim matching and the
figures' sources) should stay within 2.5x of detecting alone at 1 MB an article, and grow like
it. The bar is on the wall clock, what the analyst waits for; the processor time of each
command is printed beside it, steadier than the wall clock on a machine shared with others.

`--against FOLDER` also times the `compare` of another checkout (a folder holding its `tui/`
and `annotations/`, say a `git worktree` of an older commit) on the same files, interleaved with
this one's, so that two versions are compared under the same load; the load average is printed.

A second table times `newsdesk claims` of a text made only of names, with no sentence
punctuation (one long name span), against `newsdesk detect` of the same file, at three sizes:
reading such a span for its names once took time cubic in its length. A third times it on a
long list of one name a line: telling such a line from an agency's sign-off once copied the
rest of the text for every line, time quadratic in the list's length.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import large_text  # noqa: E402

__all__ = ["main"]

BAR = 2.5
SIZES = (250_000, 500_000, 1_000_000)
Sizes = tuple[int, int, int]
NAME_RUN_SIZES: Sizes = (4_400, 17_600, 70_400)
LIST_SIZES: Sizes = (140_000, 280_000, 560_000)
CLAIMS_GROWTH_BAR = 1.25
"""At most this many times the text's own growth for what `claims` of a run of names, or of a
long list, adds to its detection (quadratic work would grow by the square of it)."""

_FIRST = ("John", "Mary", "Ahmed", "Olga", "Pierre", "Chen", "Abu Bakr", "Sheikh Hassan")
_LAST = ("Smith", "Petrov", "al-Baghdadi", "Dubois", "K. Kowalski", "Okafor", "bin Laden")


def newsdesk() -> str:
    exe = Path(sys.executable).with_name("newsdesk")
    return str(exe) if exe.exists() else "newsdesk"


def second_report(text: str) -> str:
    """Another long report from the same material: its sections in reverse order, so the two
    share events and names but no stretch of text sits at the same place."""
    sections = text.split("\n\nUpdate ")
    head, rest = sections[0], sections[1:]
    return "\n\nUpdate ".join([head.replace("full file", "other file"), *reversed(rest)])


def names_run(size: int) -> str:
    """About `size` characters of first and last names in turn, with no full stop."""
    names: list[str] = []
    length = n = 0
    while length < size:
        name = f"{_FIRST[n % len(_FIRST)]} {_LAST[n // len(_FIRST) % len(_LAST)]}"
        names.append(name)
        length += len(name) + 1
        n += 1
    return " ".join(names)


def name_list(size: int) -> str:
    """About `size` characters of a list, one name a line ("- Russia"), between two sentences:
    each line is a claim that could be an agency's sign-off, were it the text's last."""
    lines = ["Strikes were reported across the country.\n"]
    length = n = 0
    while length < size:
        line = f"- {_FIRST[n % len(_FIRST)]} {_LAST[n // len(_FIRST) % len(_LAST)]}\n"
        lines.append(line)
        length += len(line)
        n += 1
    lines.append("The list was read out by the Observatory, the agency said.\n")
    return "".join(lines)


def timed(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds from launch to exit, and the processor seconds the command used."""
    began = time.perf_counter()
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, env=env) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args[1:3])} failed: exit {process.returncode}")
    return time.perf_counter() - began, usage.ru_utime + usage.ru_stime


def other_checkout(folder: Path) -> dict[str, str]:
    """The environment that makes `newsdesk` run the code of another checkout: its folder
    first on the module path, ahead of the installed newsdesk."""
    if not (folder / "tui" / "cli").is_dir() or not (folder / "annotations").is_dir():
        raise SystemExit(f"{folder} holds no newsdesk checkout (tui/cli and annotations)")
    return dict(os.environ, PYTHONPATH=str(folder.resolve()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout whose compare is timed alternately on the same files",
    )
    args = parser.parse_args(argv)
    other = other_checkout(args.against) if args.against else None
    print(f"load average at the start: {_load()}")
    header = (
        f"{'size each':>10} {'detect (s)':>11} {'compare (s)':>12} {'ratio':>6}"
        f"   {'cpu detect':>10} {'cpu compare':>11} {'ratio':>6}"
    )
    if other is not None:
        header += f"   {'other (s)':>9} {'ratio':>6} {'cpu other':>9} {'ratio':>6}"
    print(header)
    walls: dict[int, tuple[float, float]] = {}
    cpus: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            text = large_text(size)
            one, two = Path(tmp, f"a-{size}.txt"), Path(tmp, f"b-{size}.txt")
            one.write_text(text, encoding="utf-8")
            two.write_text(second_report(text), encoding="utf-8")
            compare = [newsdesk(), "compare", "--json", str(one), str(two)]
            detect_runs, compare_runs, other_runs = [], [], []
            for _ in range(args.runs):
                detect_runs.append(timed([newsdesk(), "detect", "--jsonl", str(one), str(two)]))
                compare_runs.append(timed(compare))
                if other is not None:
                    other_runs.append(timed(compare, other))
            d, c = (statistics.median(r[0] for r in runs) for runs in (detect_runs, compare_runs))
            dc, cc = (statistics.median(r[1] for r in runs) for runs in (detect_runs, compare_runs))
            walls[size], cpus[size] = (d, c), (dc, cc)
            line = (
                f"{size / 1e6:>8.2f}MB {d:>11.2f} {c:>12.2f} {c / d:>6.2f}"
                f"   {dc:>10.2f} {cc:>11.2f} {cc / dc:>6.2f}"
            )
            if other_runs:
                o = statistics.median(r[0] for r in other_runs)
                oc = statistics.median(r[1] for r in other_runs)
                line += f"   {o:>9.2f} {o / d:>6.2f} {oc:>9.2f} {oc / dc:>6.2f}"
            print(line)
    first, last = SIZES[0], SIZES[-1]
    print(f"\ngrowth from {first / 1e6:.2f} to {last / 1e6:.2f} MB ({last / first:.0f}x the text):")
    for n, command in enumerate(("detect", "compare")):
        print(
            f"  {command:<8} {walls[last][n] / walls[first][n]:.2f}x time,"
            f" {cpus[last][n] / cpus[first][n]:.2f}x processor time"
        )
    top = walls[last][1] / walls[last][0]
    verdict = "PASS" if top <= BAR else "FAIL"
    print(f"\n{verdict}  compare of 2 x 1 MB = {top:.2f}x detection (bar {BAR}x)")
    print(f"load average at the end: {_load()}")
    _claims_growth(
        args.runs, "a text made only of names, no sentence punctuation", names_run, NAME_RUN_SIZES
    )
    _claims_growth(args.runs, "a list of one name a line, like a roll", name_list, LIST_SIZES)
    return 0


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def _claims_growth(runs: int, title: str, make: Callable[[int], str], sizes: Sizes) -> None:
    """`newsdesk claims` of texts of one shape at three sizes, beside `newsdesk detect` of
    each: what `claims` adds to detection must grow with the text."""
    print(f"\n`claims` of {title}:")
    print(
        f"{'size':>10} {'detect (s)':>11} {'claims (s)':>11}"
        f"   {'cpu detect':>10} {'cpu claims':>11} {'cpu added':>10}"
    )
    added: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp, f"shape-{size}.txt")
            path.write_text(make(size), encoding="utf-8")
            detect_runs, claims_runs = [], []
            for _ in range(runs):
                detect_runs.append(timed([newsdesk(), "detect", "--jsonl", str(path)]))
                claims_runs.append(timed([newsdesk(), "claims", "--json", str(path)]))
            d, c = (statistics.median(r[0] for r in rs) for rs in (detect_runs, claims_runs))
            dc, cc = (statistics.median(r[1] for r in rs) for rs in (detect_runs, claims_runs))
            # What `claims` does beyond detecting (detection's own growth is its bench's).
            added[size] = cc - dc
            print(
                f"{size / 1e3:>8.1f}KB {d:>11.2f} {c:>11.2f}"
                f"   {dc:>10.2f} {cc:>11.2f} {added[size]:>10.2f}"
            )
    small, middle, large = sizes
    text = large / middle
    growth = added[large] / added[middle]
    verdict = "PASS" if growth <= CLAIMS_GROWTH_BAR * text else "FAIL"
    print(
        f"\n{verdict}  claims of {title.split(',')[0]} beyond detection: {growth:.2f}x the"
        f" processor time from {middle / 1e3:.1f} to {large / 1e3:.1f} KB, {text:.0f}x the text"
        f" (bar {CLAIMS_GROWTH_BAR * text:.1f}x; {added[middle] / added[small]:.2f}x from"
        f" {small / 1e3:.1f} KB)"
    )


if __name__ == "__main__":
    sys.exit(main())
