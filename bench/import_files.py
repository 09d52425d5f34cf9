"""Benchmark: `newsdesk import` of a folder of small files, from process launch, against a plain
script that reads the same files and writes each one durably (temporary file, fsync, rename):
the bar's reference. A second plain script makes its files durable as the import does on
Linux's local file systems, with one `syncfs` for all of them instead of one fsync each: the
import's own cost shows against it.

Sizes 1,000 / 2,000 / 5,000 files (each a short wire-style report with its own dateline and
title), each into a fresh desk. Figures are medians of `--runs` launches; the references run
between them, so all see the same load on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

from common import run_seconds, scratch_folder, verdict

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="launches per figure (median)")
    args = parser.parse_args()
    with scratch_folder() as root:
        plain = root / "plain.py"
        plain.write_text(PLAIN_SCRIPT, encoding="utf-8")
        print(
            f"{'files':>6} {'import s':>9} {'plain s':>8} {'ratio':>6}"
            f" {'1 flush s':>10} {'ratio':>6}"
        )
        results = []
        for count in (1000, 2000, 5000):
            files = root / f"files-{count}"
            write_files(files, count)
            times: dict[str, list[float]] = {"import": [], "fsync": [], "syncfs": []}
            kinds = ("import", "fsync", "syncfs")
            for run in range(args.runs):
                # Each launch starts with nothing waiting to be written (the files just made,
                # the last run's deletions), and the three take turns at going first.
                for kind in kinds[run % 3 :] + kinds[: run % 3]:
                    out = root / f"out-{count}-{run}-{kind}"
                    os.sync()
                    if kind == "import":
                        command = [str(NEWSDESK), "import", str(files), "--db", f"{out}/desk.json"]
                    else:
                        command = [sys.executable, str(plain), str(files), str(out), kind]
                    times[kind].append(run_seconds(command))
                    shutil.rmtree(out)
            mine, ref, flushed = (
                statistics.median(times[k]) for k in ("import", "fsync", "syncfs")
            )
            results.append((count, mine, ref, flushed))
            print(
                f"{count:>6} {mine:>9.2f} {ref:>8.2f} {mine / ref:>6.2f}"
                f" {flushed:>10.2f} {mine / flushed:>6.2f}"
            )
        count, mine, ref, flushed = results[-1]
        ratio = mine / ref
        print(
            f"import of {count} files <= 2x the plain script: {ratio:.2f}x  {verdict(ratio, 2.0)}"
            f"; against the plain script with one flush: {mine / flushed:.2f}x"
        )
        growth = results[-1][1] / results[0][1]
        print(
            f"growth 1,000 -> 5,000 files (5x): {growth:.2f}x  (bar <= 6)  {verdict(growth, 6.0)}"
            f"; the plain scripts' in the same run: {results[-1][2] / results[0][2]:.2f}x (fsync"
            f" each), {results[-1][3] / results[0][3]:.2f}x (one flush): the disk's share"
        )


if __name__ == "__main__":
    main()
