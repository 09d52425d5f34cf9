"""Benchmark: `newsdesk import` of a folder of small files, from process launch, against a plain
script that reads the same files and writes each one durably (temporary file, fsync, rename),
as the library must.

Sizes 1,000 / 2,000 / 5,000 files (each a short wire-style report with its own dateline and
title), each into a fresh desk. Figures are medians of `--runs` launches; the reference runs
between them, so both see the same load on the machine.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from common import run_seconds, scratch_folder, verdict

NEWSDESK = Path(sys.executable).with_name("newsdesk")

PLAIN_SCRIPT = r"""
import json, os, sys
from pathlib import Path
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
dst.mkdir(parents=True, exist_ok=True)
index = []
for path in sorted(src.iterdir()):
    text = path.read_text(encoding="utf-8")
    data = json.dumps({"path": str(path), "text": text}).encode()
    tmp = dst / (path.stem + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, data)
    os.fsync(fd)
    os.close(fd)
    os.replace(tmp, dst / (path.stem + ".json"))
    index.append(path.stem)
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
        print(f"{'files':>6} {'import s':>9} {'plain s':>8} {'ratio':>6}")
        results = []
        for count in (1000, 2000, 5000):
            files = root / f"files-{count}"
            write_files(files, count)
            ours, theirs = [], []
            for run in range(args.runs):
                desk = root / f"desk-{count}-{run}" / "desk.json"
                out = root / f"plain-{count}-{run}"
                ours.append(run_seconds([str(NEWSDESK), "import", str(files), "--db", str(desk)]))
                theirs.append(run_seconds([sys.executable, str(plain), str(files), str(out)]))
                shutil.rmtree(desk.parent)
                shutil.rmtree(out)
            ours.sort()
            theirs.sort()
            mine, ref = ours[len(ours) // 2], theirs[len(theirs) // 2]
            results.append((count, mine, ref))
            print(f"{count:>6} {mine:>9.2f} {ref:>8.2f} {mine / ref:>6.2f}")
        count, mine, ref = results[-1]
        ratio = mine / ref
        print(
            f"import of {count} files <= 2x the plain script: {ratio:.2f}x  {verdict(ratio, 2.0)}"
        )
        growth = results[-1][1] / results[0][1]
        print(
            f"growth 1,000 -> 5,000 files (5x): {growth:.2f}x  (bar <= 6)  {verdict(growth, 6.0)}"
            f"; the plain script's in the same run: {results[-1][2] / results[0][2]:.2f}x (the"
            " disk's share: every file is fsynced)"
        )


if __name__ == "__main__":
    main()
