"""Benchmark: `newsdesk import` of a folder of small files, from process launch, against a plain
script that reads the same files and writes each one durably (temporary file, fsync, rename):
the bar's reference. A second plain script makes its files durable as the import does on
Linux's local file systems, with one `syncfs` for all of them instead of one fsync each: the
import's own cost shows against it.

Sizes 1,000 / 2,000 / 5,000 files (each a short wire-style report with its own dateline and
title), each into a fresh desk. Figures are medians of `--runs` rounds; in each round every
size and kind is launched once, in turn, so all see the same load on the machine. Outputs are
kept until the end (see `measured`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import scratch_folder, verdict

NEWSDESK = Path(sys.executable).with_name("newsdesk")

PLAIN_SCRIPT = r"""
import ctypes, json, os, sys
from pathlib import Path
src, dst, one_flush = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "syncfs"
dst.mkdir(parents=True, exist_ok=True)
folder = os.open(dst, os.O_RDONLY)
index, written = [], []
for path in sorted(src.iterdir()):
    text = path.read_text(encoding="utf-8")
    data = json.dumps({"path": str(path), "text": text}).encode()
    tmp = dst / (path.stem + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, data)
    if not one_flush:
        os.fsync(fd)
    os.close(fd)
    written.append((tmp, dst / (path.stem + ".json")))
    index.append(path.stem)
if one_flush and ctypes.CDLL(None, use_errno=True).syncfs(folder) != 0:
    raise OSError(ctypes.get_errno(), "syncfs")
for tmp, final in written:
    os.replace(tmp, final)
os.fsync(folder)
(dst / "index.json").write_text(json.dumps(index))
"""

PARAGRAPH = (
    "The ministry said {n} people were killed and more than {m} injured when shelling hit "
    "the market in {town} on {day} October, while the governor put the toll at {k}."
)
TOWNS = ("Mayadeen", "Deir ez-Zor", "Abu Kamal", "Raqqa", "Mosul", "Tal Afar", "Hawija")


def write_files(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        town = TOWNS[i % len(TOWNS)]
        lines = [f"Strike report {i}: toll rises in {town}", ""]
        for j in range(4):
            lines.append(
                PARAGRAPH.format(n=10 + i % 90, m=j + 3, town=town, day=1 + (i + j) % 28, k=i + j)
            )
            lines.append("")
        (folder / f"report-{i:05d}.txt").write_text("\n".join(lines), encoding="utf-8")


def launched(command: list[str]) -> tuple[float, float, float]:
    """Seconds from launch to exit, and the processor seconds the process spent in its own
    code (user) and in the kernel on its behalf (system: here, mostly the disk's)."""
    began = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as child:
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{command[1]} failed: exit {child.returncode}")
    return time.perf_counter() - began, usage.ru_utime, usage.ru_stime


KINDS = ("import", "fsync", "syncfs")


def measured(
    root: Path, plain: Path, sizes: tuple[int, ...], runs: int
) -> dict[int, dict[str, list[float]]]:
    """Median wall, user and system seconds of each kind of launch on each size.

    The sizes take turns within each round, as do the three kinds, so all see the same load
    on the machine. Nothing is deleted until the end: on this kind of disk, creating files
    is several times slower for tens of seconds after thousands were deleted, and deleting
    one launch's output before the next charged that to the next (more to the larger sizes,
    whose deletions were larger), which no user importing files waits for.
    """
    for count in sizes:
        write_files(root / f"files-{count}", count)
    runs_of: dict[int, dict[str, list[tuple[float, float, float]]]] = {
        count: {kind: [] for kind in KINDS} for count in sizes
    }
    for run in range(runs):
        for count in sizes[run % len(sizes) :] + sizes[: run % len(sizes)]:
            files = root / f"files-{count}"
            for kind in KINDS[run % 3 :] + KINDS[: run % 3]:
                out = root / f"out-{count}-{run}-{kind}"
                # Each launch starts with nothing waiting to be written.
                os.sync()
                if kind == "import":
                    command = [str(NEWSDESK), "import", str(files), "--db", f"{out}/desk.json"]
                else:
                    command = [sys.executable, str(plain), str(files), str(out), kind]
                runs_of[count][kind].append(launched(command))
    return {
        count: {
            kind: [statistics.median(r[n] for r in runs_of[count][kind]) for n in range(3)]
            for kind in KINDS
        }
        for count in sizes
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="launches per figure (median)")
    args = parser.parse_args()
    with scratch_folder() as root:
        plain = root / "plain.py"
        plain.write_text(PLAIN_SCRIPT, encoding="utf-8")
        sizes = (1000, 2000, 5000)
        results = measured(root, plain, sizes, args.runs)
        print("wall clock, from launch (s): the import, the plain script (fsync each), the")
        print("plain script with one flush, and the import's ratio to each")
        print(f"{'files':>6} {'import':>7} {'plain':>7} {'ratio':>6} {'1 flush':>8} {'ratio':>6}")
        for count, r in results.items():
            mine, ref, flushed = (r[kind][0] for kind in KINDS)
            print(
                f"{count:>6} {mine:>7.2f} {ref:>7.2f} {mine / ref:>6.2f}"
                f" {flushed:>8.2f} {mine / flushed:>6.2f}"
            )
        print("processor time (s): user (the program's own work) / system (the kernel's,")
        print("mostly creating and flushing files)")
        print(f"{'files':>6} {'import':>13} {'plain':>13} {'1 flush':>13}")
        for count, r in results.items():
            cells = " ".join(f"{r[kind][1]:>6.2f}/{r[kind][2]:<6.2f}" for kind in KINDS)
            print(f"{count:>6} {cells}")
        first, last = results[sizes[0]], results[sizes[-1]]
        ratio = last["import"][0] / last["fsync"][0]
        flushed = last["import"][0] / last["syncfs"][0]
        print(
            f"import of {sizes[-1]} files <= 2x the plain script: {ratio:.2f}x"
            f"  {verdict(ratio, 2.0)}; against the plain script with one flush: {flushed:.2f}x"
        )
        growth = last["import"][0] / first["import"][0]
        print(
            f"growth 1,000 -> 5,000 files (5x): {growth:.2f}x  (bar <= 6)  {verdict(growth, 6.0)}"
            f"; the plain scripts' in the same run: {last['fsync'][0] / first['fsync'][0]:.2f}x"
            f" (fsync each), {last['syncfs'][0] / first['syncfs'][0]:.2f}x (one flush): the disk's"
        )
        print(
            "growth of the processor time in the program's own code (user), 5x files:"
            f" import {last['import'][1] / first['import'][1]:.2f}x, plain script"
            f" {last['fsync'][1] / first['fsync'][1]:.2f}x"
        )


if __name__ == "__main__":
    main()
