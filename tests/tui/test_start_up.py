"""The commands that need no screen start without loading the terminal toolkit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.store import Desk
from seeds import seed_paths

ROOT = Path(__file__).resolve().parents[2]

_RUN = """
import json, sys
from tui.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
loaded = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "tui", "rich"})
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def loaded_by(*argv: str) -> tuple[object, list[str]]:
    """(exit code, which of textual/rich/tui were imported) for `newsdesk ARGV` in a fresh
    interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], report["loaded"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["detect", str(seed_paths()[0])],
        ["export", "--db", "{db}"],
        ["list", "--db", "{db}"],
    ],
    ids=["help", "version", "detect", "export", "list"],
)
def test_commands_without_a_screen_never_import_textual(argv: list[str], tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    Desk.open(db).close()  # an empty desk: export and list run to the end
    code, loaded = loaded_by(*(part.format(db=db) for part in argv))
    assert code == 0 and "textual" not in loaded, (argv, code)
    assert "tui" in loaded  # the check ran the command, not an empty interpreter


def test_the_check_sees_textual_when_the_desk_is_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, tui.app; print('textual' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.stdout.strip() == "True", done.stderr
