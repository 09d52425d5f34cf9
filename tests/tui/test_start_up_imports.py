"""Opening the desk loads what its first screen draws; dialogs, tables, the comparison, the
export and the library load when first used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LATER = (
    "textual.widgets._text_area",
    "textual.widgets._data_table",
    "tui.dialogs",
    "tui.figures_board",
    "tui.orphans",
    "tui.picker",
    "annotations.compare",
    "annotations.figures_board",
    "annotations.export",
    "annotations.library",
)
"""Modules the desk's first screen does not need (a dialog, the figures board's and the orphan
panel's tables, the comparison, the export, the library picker)."""

_FIRST_FRAME = """
import json, sys
from textual.app import App
from textual.screen import Screen

seen = {}
refresh = Screen._compositor_refresh


def first_frame(screen):
    refresh(screen)
    if not seen:
        seen["screen"] = type(screen).__name__
        seen["modules"] = sorted(sys.modules)
        screen.app.exit()


Screen._compositor_refresh = first_frame
run = App.run
App.run = lambda self, **_: run(self, headless=True, size=(200, 50))
from tui.cli import main

code = main(sys.argv[1:])
print(json.dumps({"code": code, **seen}), file=sys.stderr)
"""


def _later_loaded(modules: list[str]) -> list[str]:
    return sorted(
        name for name in modules if any(name == m or name.startswith(m + ".") for m in LATER)
    )


def _python(code: str, *argv: str, home: Path) -> dict[str, object]:
    # The desk draws only on a terminal: stdout is one (a pseudo-terminal nobody reads, as the
    # app runs headless), stderr a pipe this test reads once the desk has closed.
    screen, terminal = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *argv],
            stdout=terminal,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
            cwd=ROOT,
            env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
    finally:
        os.close(terminal)
        os.close(screen)
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stderr.strip().splitlines()[-1])
    return report


def test_importing_the_desk_loads_no_dialog_table_or_comparison(tmp_path: Path) -> None:
    code = "import json, sys, tui.cli.open_desk, tui.app\n"
    code += "print(json.dumps({'modules': sorted(sys.modules)}), file=sys.stderr)"
    report = _python(code, home=tmp_path)
    modules = report["modules"]
    assert isinstance(modules, list)
    assert "tui.desk_screen" in modules  # the check saw the desk itself
    assert _later_loaded(modules) == []


def test_the_first_screen_of_the_desk_loads_none_of_them(tmp_path: Path) -> None:
    """The real `newsdesk --db D` on the seeds, up to its first screen update."""
    report = _python(_FIRST_FRAME, "--db", str(tmp_path / "desk.json"), home=tmp_path)
    assert report["code"] == 0 and report["screen"] == "DeskScreen", report.get("screen")
    modules = report["modules"]
    assert isinstance(modules, list)
    loaded = [m for m in _later_loaded(modules) if not m.startswith("annotations.compare")]
    # The comparison may start in a worker once both seeds are read; it is not start-up.
    assert loaded == []


def test_the_check_sees_a_table_when_one_is_imported(tmp_path: Path) -> None:
    code = "import json, sys, tui.app, tui.dialogs\n"
    code += "print(json.dumps({'modules': sorted(sys.modules)}), file=sys.stderr)"
    modules = _python(code, home=tmp_path)["modules"]
    assert isinstance(modules, list)
    assert "textual.widgets._text_area" in _later_loaded(modules)
