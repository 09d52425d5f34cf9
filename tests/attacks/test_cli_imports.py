"""The shell commands start without loading the terminal UI (measured in a fresh process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotations.articles import article_from_text
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths

PROBE = """
import sys
from tui.cli import main
status = main(sys.argv[1:])
heavy = sorted(m for m in ("textual", "trafilatura") if m in sys.modules)
print("LOADED", ",".join(heavy) or "-", file=sys.stderr)
"""


def loaded(*argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, timeout=60
    )
    (line,) = [row for row in done.stderr.splitlines() if row.startswith("LOADED ")]
    return line.removeprefix("LOADED ")


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("export", "--help"),
        ("detect", str(seed_paths()[0])),
        ("detect", "--jsonl", str(seed_paths()[0])),
        ("export", "--db", "DB"),
        ("list", "--db", "DB"),
        ("list", "--json", "--db", "DB"),
    ],
    ids=["help", "export-help", "detect", "detect-jsonl", "export", "list", "list-json"],
)
def test_shell_commands_never_import_textual(tmp_path: Path, argv: tuple[str, ...]) -> None:
    db = tmp_path / "desk.json"
    article = article_from_text("Some 120 fighters were killed near Mayadeen.", title="T")
    with Desk.open(db) as desk:
        desk.remember_article(article)
        claim = find_claims(article.id, article.text, detect(article.text))[0]
        desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
    assert loaded(*(str(db) if arg == "DB" else arg for arg in argv)) == "-"
