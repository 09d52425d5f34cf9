"""Benchmark: what the analyst waits for from launching `newsdesk` in a real terminal.

Every figure runs from starting the process in tmux (private socket, 200x50, `capture-pane`
polled every 10 ms; see first_screen.py) until the screen shows it, median of `--runs`:

1. Opening a desk of 0 / 10k / 100k tagged claims on the seeds, until both titles are shown.
   Reference, same run: a bare Textual app started the same way (first_screen.py's minimal app)
   plus `orjson.loads` of the same desk file (`desk.json` and its journal). Bar: <= 2x.
2. A 1 MB article (common.large_text, ~19k highlights) beside a seed: until its first lines
   are shown, and until its column says how many highlights it has (detection done and drawn).
   References, same run: the bare Textual app, and `detect_in_parts` of the same text in this
   process (the detection the desk must do).

`--other TREE` also launches another checkout (say `git archive` of an older commit unpacked
in a folder) the same way, interleaved with this one, for the desk rows: `PYTHONPATH=TREE
python -P -c "from tui.cli import main; ..."`, so that a change is judged on one machine load.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson
from common import Terminal, bench_terminal, large_text, seed_articles, verdict
from first_screen import _needles
from store import _seed

from annotations.detection import detect_in_parts
from annotations.safe_text import single_line

OPEN_BAR_RATIO = 2.0


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _loads_seconds(db: Path, runs: int) -> float:
    samples = []
    journal = db.with_name(db.name + ".journal")
    for _ in range(runs):
        start = time.perf_counter()
        orjson.loads(db.read_bytes())
        if journal.exists():
            journal.read_bytes()
        samples.append(time.perf_counter() - start)
    return _median(samples)


_LAUNCH = "import sys; from tui.cli import main; sys.exit(main())"


def _open_desk_times(
    terminal: Terminal, minimal: Path, db: Path, runs: int, other: Path | None
) -> dict[str, list[float]]:
    """Seconds to both seed titles on screen: `newsdesk --db db`, the bare app and, with
    `other`, that checkout's newsdesk on a copy of the same desk, interleaved `runs` times so
    that a burst of load from other work hits each alike."""
    newsdesk = str(Path(sys.executable).with_name("newsdesk"))
    needles = _needles()
    titles = [single_line(article.title) for article in seed_articles()]
    commands = {
        "newsdesk": [newsdesk, "--db", str(db), "--analyst", "bench"],
        "bare": [sys.executable, str(minimal), *titles],
    }
    if other is not None:
        # Its own copy: each version keeps its own journal and cache beside the desk.
        copy = db.with_name(db.stem + "-other.json")
        if db.exists():
            shutil.copyfile(db, copy)
        launch = ["env", f"PYTHONPATH={other}", sys.executable, "-P", "-c", _LAUNCH]
        commands["other"] = [*launch, "--db", str(copy), "--analyst", "bench"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs):
        for name, command in commands.items():
            times[name].append(terminal.time_to_show(command, needles, f"{name}-{db.stem}-{run}"))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="launches per figure")
    parser.add_argument("--sizes", default="0,10000,100000", help="tagged claims in the desk")
    parser.add_argument("--other", type=Path, help="another checkout to launch alongside")
    parser.add_argument("--only-open", action="store_true", help="skip the 1 MB article")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("launch: tmux is needed")
    newsdesk = str(Path(sys.executable).with_name("newsdesk"))
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        with bench_terminal(folder) as (terminal, minimal):
            print("opening a desk on the seeds: launch to both titles on screen (ms)")
            header = f"  {'tagged':>8} {'newsdesk':>9} {'bare app':>9} {'loads':>7} {'ratio':>6}"
            print(header + (f" {'other':>7} {'ratio':>6}" if args.other else ""))
            worst = 0.0
            for size in (int(s) for s in args.sizes.split(",")):
                db = folder / f"desk-{size}.json"
                if size:
                    _seed(db, size)
                times = _open_desk_times(terminal, minimal, db, args.runs, args.other)
                loads = _loads_seconds(db, args.runs) if db.exists() else 0.0
                mine, bare = _median(times["newsdesk"]), _median(times["bare"])
                ref = bare + loads
                worst = max(worst, mine / ref)
                row = (
                    f"  {size:>8} {mine * 1000:>9.0f} {bare * 1000:>9.0f}"
                    f" {loads * 1000:>7.0f} {mine / ref:>6.2f}"
                )
                if args.other:
                    other = _median(times["other"])
                    row += f" {other * 1000:>7.0f} {other / ref:>6.2f}"
                print(row)
            print(
                f"  worst ratio to bare app + orjson.loads: {worst:.2f}x"
                f" (bar <= {OPEN_BAR_RATIO})  {verdict(worst, OPEN_BAR_RATIO)}"
            )
            if args.only_open:
                return

            text = large_text()
            article_path = folder / "large-article.txt"
            article_path.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            spans = [span for _, part in detect_in_parts(text) for span in part]
            detect_seconds = time.perf_counter() - start
            first_line = "Update 1, filed"
            highlights = f"{len(spans)} highlights"
            seed = str(seed_articles()[0].path)
            needles = _needles()
            titles = [single_line(article.title) for article in seed_articles()]
            first, complete, bare = [], [], []
            for run in range(args.runs):
                command = [newsdesk, str(article_path), seed, "--db", str(folder / "big.json")]
                first.append(terminal.time_to_show(command, [first_line], f"big-first-{run}"))
                complete.append(terminal.time_to_show(command, [highlights], f"big-all-{run}"))
                bare.append(
                    terminal.time_to_show(
                        [sys.executable, str(minimal), *titles], needles, f"bare-big-{run}"
                    )
                )
            print(f"\n1 MB article ({len(spans)} highlights) beside a seed, from launch (ms)")
            print(f"  first lines on screen      {_median(first) * 1000:>7.0f}")
            print(f"  all highlights shown       {_median(complete) * 1000:>7.0f}")
            print(f"  reference: bare Textual app {_median(bare) * 1000:>6.0f}")
            print(f"  reference: detection alone  {detect_seconds * 1000:>6.0f} (in process)")


if __name__ == "__main__":
    main()
