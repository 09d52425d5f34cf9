"""Benchmark: peak memory (VmHWM) of the desk with the 1 MB article open, in a fresh process."""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import SIZE, large_article, seed_articles, verdict, write_minimal_app

BAR_MB = 250.0


def _status_mb(field: str) -> float:
    """A VmXXX line of /proc/self/status, in MB."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


async def _desk_child(db: Path) -> dict[str, float]:
    from annotations.store import Desk
    from annotations.writer import DeskWriter
    from tui.app import NewsdeskApp

    figures = {"before app": _status_mb("VmHWM")}
    article = large_article()
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp(
        [article, seed_articles()[1]], desk, writer, analyst="bench", db_label=str(db)
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            figures["after detection"] = _status_mb("VmHWM")
            # Walk the whole article a page at a time and tag a few claims, so every cache
            # the view keeps has been filled once.
            await pilot.press(*(["j", "c"] * 5))
            for _ in range(200):
                await pilot.press("pagedown")
            await pilot.press("G")
            await pilot.pause(0.2)
            figures["after paging + tags"] = _status_mb("VmHWM")
    finally:
        writer.flush()
        writer.close()
        desk.close()
    return figures


def _child(kind: str, folder: Path) -> None:
    if kind == "desk":
        figures = asyncio.run(_desk_child(folder / "desk.json"))
    else:
        raise SystemExit(f"unknown child {kind}")
    print(json.dumps(figures))


def _minimal_child(folder: Path) -> float:
    """Peak RSS of the minimal Textual app showing two titles, run headless for a moment."""
    script = write_minimal_app(folder)
    probe = folder / "minimal_probe.py"
    probe.write_text(
        "import asyncio, runpy, sys\n"
        "from pathlib import Path\n"
        "from textual.app import App\n"
        "def hwm():\n"
        "    for line in Path('/proc/self/status').read_text().splitlines():\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1]) / 1024\n"
        "async def main():\n"
        "    sys.argv = sys.argv[1:]\n"
        "    namespace = runpy.run_path(sys.argv[0], run_name='minimal')\n"
        "    app = namespace['Minimal']()\n"
        "    async with app.run_test(size=(200, 50)) as pilot:\n"
        "        await pilot.pause(0.2)\n"
        "    print(hwm())\n"
        "asyncio.run(main())\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(probe), str(script), "title one", "title two"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per app")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.folder)
        return
    desk_runs: list[dict[str, float]] = []
    minimal_runs: list[float] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
            out = subprocess.run(
                [sys.executable, __file__, "--child", "desk", "--folder", tmp],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            desk_runs.append(json.loads(out.strip().splitlines()[-1]))
            minimal_runs.append(_minimal_child(Path(tmp)))
    print(f"peak RSS (VmHWM), {SIZE[0]}x{SIZE[1]} headless, median of {args.runs} processes")
    for key in desk_runs[0]:
        value = statistics.median(run[key] for run in desk_runs)
        judged = ""
        if key != "before app":
            judged = f"   bar <= {BAR_MB:.0f} MB  {verdict(value, BAR_MB)}"
        print(f"  newsdesk, 1 MB article, {key:<20} {value:7.1f} MB{judged}")
    print(
        f"  minimal Textual app (two titles)              {statistics.median(minimal_runs):7.1f} MB"
    )


if __name__ == "__main__":
    main()
