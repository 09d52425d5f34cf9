"""Measure the number and name highlighter on both dev sets, and its speed.

Prints, for re3d-dev (press releases) and gum-news (Wikinews reports and interviews): the
spaCy and regex reference rows from the sets' READMEs, the bar, and newsdesk on the whole set,
on the half the rules were tuned on (even-indexed sorted file names) and on the half never tuned
on (odd). Then the speed: characters a second over the dev articles one at a time, and the
whole process on one long text of 1.25, 5 and 20 MB (`newsdesk detect --jsonl FILE`, from
launch) beside a capitalised-run and digit regex that prints the same JSON lines, timed in the
same run.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from annotations.detection import clear_shared_caches, detect

__all__ = ["main"]

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench"
DEFAULT_SET = BENCH / "re3d-dev"

Figures = dict[str, float | None]


@dataclasses.dataclass(frozen=True)
class DevSet:
    """A hand-annotated set, its reference rows and the bar newsdesk must meet on it."""

    name: str
    folder: Path
    references: dict[str, Figures]
    """Rows quoted from the set's README, measured there with the same scorer."""
    bar: Figures


SETS = (
    DevSet(
        "re3d-dev",
        BENCH / "re3d-dev",
        {
            "spaCy small": {"name_f1": 0.855, "name_p": 0.934, "name_r": 0.788,
                            "number_f1": 0.939, "exact": 0.592, "typing": 0.613},
            "regex": {"name_f1": 0.925, "name_p": 0.861, "name_r": 0.998, "number_f1": 0.919,
                      "exact": 0.454, "typing": None},
        },
        {"name_f1": 0.97, "name_p": 0.97, "number_f1": 0.96, "exact": 0.75, "typing": 0.85},
    ),
    DevSet(
        "gum-news",
        BENCH / "gum-news",
        {
            "spaCy small": {"name_f1": 0.913, "name_p": 0.977, "name_r": 0.857,
                            "number_f1": 0.959, "exact": 0.582, "typing": 0.830},
            "regex": {"name_f1": 0.871, "name_p": 0.772, "name_r": 1.000, "number_f1": 0.968,
                      "exact": 0.353, "typing": None},
        },
        {"name_f1": 0.97, "name_p": 0.96, "number_f1": 0.97, "exact": 0.85, "typing": 0.85},
    ),
)
LONG_SIZES = (1_250_000, 5_000_000, 20_000_000)
"""Sizes of the one long text the whole process is timed on."""
SPEED_BAR = 0.5
"""newsdesk's whole-process speed on 5 MB, as a share of the regex's."""
GROWTH_BAR = 4.4
"""Most time 20 MB may take, as a multiple of 5 MB's."""
MIN_SPEED_CORPUS = 5_000_000


def load_scorer(path: Path) -> ModuleType:
    """Import the shared scorer from its file, so the figures are the scorer's own."""
    spec = importlib.util.spec_from_file_location("score_detection", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def halves(files: list[str]) -> dict[str, list[str]]:
    """The fixed split: sorted file names, even index tunes, odd index checks."""
    ordered = sorted(files)
    return {"all": ordered, "tuning": ordered[0::2], "check": ordered[1::2]}


def predict(articles: Path, files: list[str]) -> list[dict[str, Any]]:
    """Detect on each article and flatten the spans into prediction rows."""
    rows: list[dict[str, Any]] = []
    for name in files:
        text = (articles / name).read_text(encoding="utf-8")
        for span in detect(text):
            row: dict[str, Any] = {"file": name, "start": span.start, "end": span.end,
                                   "text": span.text, "kind": span.kind, "label": span.label}
            if span.value is not None:
                row.update(dataclasses.asdict(span.value))
            rows.append(row)
    return rows


def figures(result: dict[str, Any]) -> dict[str, float | None]:
    """Pick the headline figures out of the scorer's result."""
    name, number = result["name"], result["number"]
    return {"name_f1": name["token_f1"], "name_p": name["token_precision"],
            "name_r": name["token_recall"], "number_f1": number["token_f1"],
            "number_p": number["token_precision"], "number_r": number["token_recall"],
            "exact": number["exact_f1"], "typing": name["typing"]}


def fmt(value: float | None) -> str:
    """A figure to three places, or a dash when there is none."""
    return "  -  " if value is None else f"{value:.3f}"


# A yardstick timed in the same run: a capitalised-run and digit scan, the cheapest detector
# there is. Its speed moves with the machine's load, so detect()'s ratio to it is steadier
# than either figure alone.
_YARDSTICK = re.compile(r"[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)*|\d[\d,.]*")


def _yardstick(text: str) -> int:
    return len(_YARDSTICK.findall(text))


def speed(articles: Path, files: list[str]) -> tuple[int, float, float, float]:
    """Best of three passes over the dev articles repeated to at least 5 MB.

    Returns the corpus size, characters a second by wall clock and by the CPU time of this
    process (the machine is shared, so the CPU figure is the steadier one), and the CPU speed
    of the yardstick scan measured in the same passes.
    """
    texts = [(articles / name).read_text(encoding="utf-8") for name in files]
    once = sum(len(t) for t in texts)
    repeats = MIN_SPEED_CORPUS // max(once, 1) + 1
    corpus = texts * repeats
    total = sum(len(t) for t in corpus)
    best_wall = best_cpu = best_yardstick = float("inf")
    for _ in range(3):
        wall = cpu = 0.0
        for _ in range(repeats):
            # Each pass over the distinct articles starts cold: what detection remembers
            # across articles must not turn a repeated article into a free one.
            clear_shared_caches()
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            for text in texts:
                detect(text)
            wall += time.perf_counter() - wall_start
            cpu += time.process_time() - cpu_start
        best_wall = min(best_wall, wall)
        best_cpu = min(best_cpu, cpu)
        cpu = time.process_time()
        for text in corpus:
            _yardstick(text)
        best_yardstick = min(best_yardstick, time.process_time() - cpu)
    return total, total / best_wall, total / best_cpu, total / best_yardstick


def row(label: str, fig: Figures) -> str:
    """One line of the quality table."""
    cells = ("name_f1", "name_p", "name_r", "number_f1", "number_p", "number_r", "exact",
             "typing")
    return f"{label:30s} " + " ".join(
        f"{fmt(fig.get(c)) if c in fig else '':>8s}" for c in cells
    )


def quality(dev: DevSet, scorer: ModuleType, out_dir: Path) -> dict[str, Figures]:
    """Score newsdesk on a set and its two halves, and print the set's table."""
    articles = dev.folder / "articles"
    gold = scorer.load(dev.folder / "gold.jsonl")
    files = sorted(os.listdir(articles))
    rows = predict(articles, files)
    path = out_dir / f"{dev.name}.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"\n{dev.name}: {len(files)} documents; predictions in {path}")
    header = (f"{'detector / set':30s} {'names F1':>8s} {'names P':>8s} {'names R':>8s} "
              f"{'num F1':>8s} {'num P':>8s} {'num R':>8s} {'exact':>8s} {'typing':>8s}")
    print(header)
    print("-" * len(header))
    for ref, fig in dev.references.items():
        print(row(f"{ref} (all, README)", fig))
    print(row("bar", dev.bar))
    results: dict[str, Figures] = {}
    for part, names in halves(files).items():
        chosen = set(names)
        fig = figures(scorer.score(str(articles),
                                   [g for g in gold if g["file"] in chosen],
                                   [r for r in rows if r["file"] in chosen]))
        results[part] = fig
        what = {"all": "all", "tuning": "tuned on", "check": "never tuned on"}[part]
        print(row(f"newsdesk ({what}, {len(names)})", fig))
    misses = [k for k, bar in dev.bar.items()
              if bar is not None and (results["all"][k] or 0.0) < bar]
    print(f"bar on the whole set: {'PASS' if not misses else 'FAIL ' + ', '.join(misses)}")
    return results


def long_text(size: int) -> str:
    """One long text of `size` characters: both dev sets' articles, repeated."""
    texts = [p.read_text(encoding="utf-8") for dev in SETS
             for p in sorted((dev.folder / "articles").iterdir())]
    once = "\n\n".join(texts) + "\n\n"
    return (once * (size // len(once) + 1))[:size]


def regex_baseline(path: Path) -> None:
    """The reference detector: capitalised runs and digit runs, printed as JSON lines."""
    text = path.read_text(encoding="utf-8")
    write = sys.stdout.write
    for kind, pattern in (("name", _BASELINE_NAME), ("number", _BASELINE_NUMBER)):
        for m in pattern.finditer(text):
            write(json.dumps({"file": path.name, "start": m.start(), "end": m.end(),
                              "text": m.group(), "kind": kind, "label": None},
                             ensure_ascii=False) + "\n")


_BASELINE_NAME = re.compile(r"[A-Z][\w'-]*(?:[ \t]+(?:of |the |al-)?[A-Z][\w'-]*)*")
_BASELINE_NUMBER = re.compile(
    r"(?:\$|£|€)?\d[\d,.]*(?:\s(?:million|billion|thousand|percent|per cent))?"
)


def _newsdesk_command() -> list[str]:
    found = shutil.which("newsdesk") or str(Path(sys.executable).parent / "newsdesk")
    return [found, "detect", "--jsonl"]


# `newsdesk` run from the code in the current folder, whatever is installed.
_CLI = "import sys; from tui.cli import main; sys.argv[0] = 'newsdesk'; sys.exit(main())"
_WHERE = "import annotations, tui; print(annotations.__file__); print(tui.__file__)"


def tree_env(tree: Path) -> dict[str, str]:
    """The environment that makes Python import `annotations` and `tui` from `tree`."""
    return {**os.environ, "PYTHONPATH": str(tree)}


def commit_tree(commit: str, folder: Path) -> Path:
    """The `annotations` and `tui` code of `commit`, exported into `folder` (checked to be
    what Python imports there, not the installed checkout)."""
    tree = folder / "code"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit, "annotations", "tui"],
        stdout=subprocess.PIPE, check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    found = subprocess.run(
        [sys.executable, "-c", _WHERE], cwd=tree, env=tree_env(tree), capture_output=True,
        text=True, check=True,
    ).stdout.split()
    if not all(Path(f).resolve().is_relative_to(tree.resolve()) for f in found):
        raise SystemExit(f"{tree} does not shadow the installed code: {found}")
    return tree


def tree_command(*arguments: str) -> list[str]:
    """`newsdesk ARGUMENTS` as run from the code of the folder it is started in."""
    return [sys.executable, "-c", _CLI, *arguments]


def _timed(command: list[str], tree: Path | None = None) -> tuple[float, float]:
    """Seconds from launch to exit of `command` (its output thrown away), by wall clock and by
    the CPU time the process used (user and system), which the shared machine disturbs less;
    run from the code in `tree` when one is given."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, check=True, cwd=tree,
        env=None if tree is None else tree_env(tree),
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def whole_process(runs: int, against: str | None = None) -> bool:
    """Time `newsdesk detect --jsonl` and the regex on one long text of each size, alternating,
    and print the medians; True when the bars hold (judged on CPU time). With `against`, the
    code of that commit is timed in the same rounds too, for a before and after on one load."""
    print("\nwhole process, one long text (both sets' articles repeated), median of "
          f"{runs} runs, alternating; wall clock and CPU time of the process:")
    print(f"{'size':>8s} {'newsdesk wall':>14s} {'regex wall':>11s} {'newsdesk CPU':>13s} "
          f"{'regex CPU':>10s} {'speed vs regex':>15s} {'growth':>7s}"
          + (f" {'then CPU':>9s} {'then vs regex':>14s}" if against else ""))
    baseline = [sys.executable, str(Path(__file__).resolve()), "--baseline"]
    medians: dict[int, float] = {}
    ok = True
    with tempfile.TemporaryDirectory(prefix="detection-long-") as folder:
        then = commit_tree(against, Path(folder)) if against else None
        for size in LONG_SIZES:
            path = Path(folder) / f"long-{size}.txt"
            path.write_text(long_text(size), encoding="utf-8")
            ours: list[tuple[float, float]] = []
            theirs: list[tuple[float, float]] = []
            earlier: list[float] = []
            for _ in range(runs):
                ours.append(_timed([*_newsdesk_command(), str(path)]))
                theirs.append(_timed([*baseline, str(path)]))
                if then is not None:
                    earlier.append(_timed(tree_command("detect", "--jsonl", str(path)), then)[1])
            wall = statistics.median(w for w, _ in ours)
            ref_wall = statistics.median(w for w, _ in theirs)
            cpu = statistics.median(c for _, c in ours)
            ref_cpu = statistics.median(c for _, c in theirs)
            medians[size] = cpu
            smaller = [s for s in LONG_SIZES if s < size]
            growth = f"{cpu / medians[smaller[-1]]:.2f}x" if smaller else ""
            before = ""
            if earlier:
                then_cpu = statistics.median(earlier)
                before = f" {then_cpu:>8.2f}s {ref_cpu / then_cpu:>13.2f}x"
            print(f"{size / 1e6:>6.2f}MB {wall:>13.2f}s {ref_wall:>10.2f}s {cpu:>12.2f}s "
                  f"{ref_cpu:>9.2f}s {ref_cpu / cpu:>14.2f}x {growth:>7s}{before}")
            if size == 5_000_000:
                ok = ok and ref_cpu / cpu >= SPEED_BAR
            if size == 20_000_000:
                ok = ok and cpu / medians[5_000_000] <= GROWTH_BAR
    print(f"bar (CPU time): 5 MB at >= {SPEED_BAR}x the regex's speed, 20 MB <= {GROWTH_BAR}x "
          f"the time of 5 MB: {'PASS' if ok else 'FAIL'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scorer", type=Path, default=BENCH / "score_detection.py")
    parser.add_argument("--out", type=Path, default=None, help="where to write predictions")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed runs")
    parser.add_argument("--only-long", action="store_true",
                        help="only the whole-process runs on one long text")
    parser.add_argument("--runs", type=int, default=3, help="whole-process runs per size")
    parser.add_argument("--against", default=None, metavar="COMMIT",
                        help="also time the whole process with the code of an earlier commit")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="run the reference regex on one file (used by the speed rows)")
    args = parser.parse_args(argv)
    if args.baseline is not None:
        regex_baseline(args.baseline)
        return 0

    if args.only_long:
        return 0 if whole_process(args.runs, args.against) else 1
    scorer = load_scorer(args.scorer)
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="detection-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    for dev in SETS:
        quality(dev, scorer, out_dir)
    if not args.no_speed:
        articles = DEFAULT_SET / "articles"
        files = sorted(os.listdir(articles))
        total, wall, cpu, yardstick = speed(articles, files)
        print(f"\nspeed: {wall / 1e6:.2f} million characters a second by wall clock, "
              f"{cpu / 1e6:.2f} million by CPU time (best of 3 over {total / 1e6:.1f} MB, "
              f"re3d-dev's {len(files)} articles repeated, one detect() call per article, "
              "each pass over the distinct articles starting cold)")
        print(f"yardstick regex scan in the same run: {yardstick / 1e6:.1f} million by CPU time; "
              f"detect() runs at {cpu / yardstick:.4f} of it")
        whole_process(args.runs, args.against)
    return 0


if __name__ == "__main__":
    sys.exit(main())
