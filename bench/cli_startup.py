"""Start-up of the shell commands: launch of `newsdesk --help`, `detect`, `export`, `list` to exit.

Each command runs as a fresh process (the installed `newsdesk` script), interleaved with the
reference `python -c pass`, so the machine's load hits both alike. Export and list run on desks
and libraries of three sizes, so growth with the data shows apart from fixed start-up cost.
It also reports which of textual, rich and trafilatura each command imported.

`--other TREE` also runs each command from another checkout (say, an older commit unpacked
with `git archive <commit> | tar -x -C TREE`), interleaved in the same run: a before/after on
the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.articles import article_from_text  # noqa: E402
from annotations.claims import Claim  # noqa: E402
from annotations.library import Library  # noqa: E402
from annotations.store import ClaimStatus, Desk  # noqa: E402
from seeds import seed_paths  # noqa: E402

SIZES = (10, 100, 1000)
"""Tagged claims in the desk and articles in the library, per size."""

_PROBE = (
    "import runpy, sys\n"
    "sys.argv = ['newsdesk', *sys.argv[1:]]\n"
    "try:\n"
    "    from tui.cli import main\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "finally:\n"
    "    print('imported:', *[m for m in ('textual', 'rich', 'trafilatura') if m in sys.modules],"
    " file=sys.__stderr__)\n"
)


def _newsdesk() -> str:
    found = shutil.which("newsdesk") or str(Path(sys.executable).with_name("newsdesk"))
    return found


def _make_desk(folder: Path, size: int) -> Path:
    db = folder / f"desk-{size}.json"
    desk = Desk.open(db)
    library = Library(db)
    for i in range(size):
        article = article_from_text(
            f"Report {i}\n\nSome {i + 10} fighters were killed near Mayadeen on {i % 28 + 1} May.",
            title=f"Report {i}",
            path=str(folder / f"report-{i}.txt"),
        )
        library.add(article)
        desk.remember_article(article)
        start = article.text.index("Some")
        claim = Claim(article.id, start, len(article.text), article.text[start:])
        desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
    desk.close()
    return db


def _time(command: list[str]) -> float:
    started = time.perf_counter()
    # A command that fails at once would read as fast: it must succeed to count.
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000


def _imports(command: list[str]) -> str:
    probe = [sys.executable, "-c", _PROBE, *command[1:]]
    done = subprocess.run(probe, capture_output=True, text=True, check=False, cwd=ROOT)
    lines = [line for line in done.stderr.splitlines() if line.startswith("imported:")]
    return lines[-1].removeprefix("imported:").strip() or "none" if lines else "?"


_LAUNCH = "import sys; from tui.cli import main; sys.exit(main())"


def _from_tree(tree: Path, command: list[str]) -> list[str]:
    """`command` run from the checkout `tree` instead of the installed script (`-P`: the
    current folder, often this checkout, must not come before `tree` on the path)."""
    return ["env", f"PYTHONPATH={tree}", sys.executable, "-P", "-c", _LAUNCH, *command[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="launches per command (median)")
    parser.add_argument("--other", type=Path, help="another checkout to measure alongside")
    options = parser.parse_args()
    exe = _newsdesk()
    seed = str(seed_paths()[0])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["HOME"] = tmp
        desks = {size: _make_desk(folder, size) for size in SIZES}
        commands: dict[str, list[str]] = {
            "--help": [exe, "--help"],
            "detect SEED --jsonl": [exe, "detect", seed, "--jsonl"],
        }
        for size in SIZES:
            commands[f"export ({size} tags)"] = [exe, "export", "--db", str(desks[size])]
            commands[f"list --json ({size} articles)"] = [
                exe,
                "list",
                "--json",
                "--db",
                str(desks[size]),
            ]
        reference = [sys.executable, "-c", "pass"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        other: dict[str, list[float]] = {name: [] for name in commands}
        ref_times: list[float] = []
        for _ in range(options.runs):
            for name, command in commands.items():
                ref_times.append(_time(reference))
                if options.other is not None:
                    times[name].append(_time(_from_tree(ROOT, command)))
                    other[name].append(_time(_from_tree(options.other, command)))
                else:
                    times[name].append(_time(command))
        ref = statistics.median(ref_times)
        print(f"reference `python -c pass`: median {ref:.0f} ms over {len(ref_times)} launches")
        header = f"{'command':34} {'median ms':>9} {'x ref':>6}"
        if options.other is not None:
            header += f" {'other ms':>9} {'x ref':>6} {'this/other':>10}"
        print(header + "  imports")
        figures: dict[str, float] = {}
        for name, command in commands.items():
            median = statistics.median(times[name])
            figures[name] = round(median, 1)
            row = f"{name:34} {median:9.0f} {median / ref:6.1f}"
            if options.other is not None:
                before = statistics.median(other[name])
                row += f" {before:9.0f} {before / ref:6.1f} {median / before:10.2f}"
            print(f"{row}  {_imports(command)}")
        print(json.dumps({"reference_ms": round(ref, 1), "median_ms": figures}))


if __name__ == "__main__":
    main()
