"""Claims drawn by keyboard in a real terminal: two spans of one sentence, tagged, reopened,
exported, and found again word for word after a line is added at the top of the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seeds import seed_paths
from tests.terminal.driver import Terminal, terminal
from tests.terminal.test_e2e_terminal import export, open_desk

pytestmark = pytest.mark.terminal

FIRST = "its strikes killed 120 ISIS fighters"
SECOND = "60 of them were foreign fighters"
SENTENCE = "It said that its strikes killed 120 ISIS fighters"


def to_sentence(term: Terminal) -> None:
    """j onto the seed's two-claim sentence, claim 3 of the first article, one claim at a time."""
    for number in (1, 2, 3):
        term.send_keys("j")
        term.wait_for(f"untagged   claim {number} of 12 · ", timeout=10)


def drawn_rows(db: Path, home: Path) -> list[tuple[str, str, int, int, str]]:
    return sorted(
        (r["claim"], r["status"], int(r["start"]), int(r["end"]), r["anchor"])
        for r in export(db, home)
    )


def expected(text: str, anchor: str = "exact") -> list[tuple[str, str, int, int, str]]:
    first, second = text.index(FIRST), text.index(SECOND)
    return sorted(
        [
            (FIRST, "confirmed", first, first + len(FIRST), anchor),
            (SECOND, "disputed", second, second + len(SECOND), anchor),
        ]
    )


def test_two_claims_drawn_in_one_sentence_survive_reopening_export_and_an_edit(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.json"
    files = [str(shutil.copy(path, tmp_path / path.name)) for path in seed_paths()]
    with terminal(tmp_path) as term:
        open_desk(term, db, *files)
        to_sentence(term)
        # → onto "120", v, three words back, o turns round, "," to the clause's end.
        term.send_keys("Right", "v", "b", "b", "b", "o")
        term.type(",")
        term.wait_for(f"Drawing: {FIRST}")
        term.send_keys("c")
        term.wait_for("drawn 1 of 1 in it")
        term.send_keys("k", "Right", "Right", "Right", "v", "w", "w", "w", "w", "w")
        term.wait_for(f"Drawing: {SECOND}")
        term.send_keys("d")
        term.wait_for(lambda s: "✗ disputed 1" in s and "all changes saved" in s, timeout=15)
        term.send_keys("q")
        assert term.wait_until_dead(timeout=20) == 0

        open_desk(term, db, *files)
        # The desk opens where the analyst left off: j lands on the last drawn claim, and the
        # panel lists both of its sentence's drawn claims with their verdicts.
        term.send_keys("j")
        screen = term.wait_for(lambda s: f"✓ {FIRST} · " in s and f"✗ {SECOND}" in s)
        assert "claim 3 of 12 · drawn 2 of 2 in it" in screen
        assert "✓ confirmed 1  ✗ disputed 1" in screen
        # The gutter marks the line where both drawn claims start: mixed verdicts.
        assert any("▌±It said that" in row for row in screen.splitlines()), screen
        term.send_keys("q")
        assert term.wait_until_dead(timeout=20) == 0

    text = Path(files[0]).read_text(encoding="utf-8")
    assert drawn_rows(db, tmp_path) == expected(text)

    Path(files[0]).write_text("Editor's note: this report was updated.\n" + text, encoding="utf-8")
    with terminal(tmp_path) as term:
        open_desk(term, db, *files)
        term.send_keys("q")
        assert term.wait_until_dead(timeout=20) == 0
    edited = Path(files[0]).read_text(encoding="utf-8")
    assert drawn_rows(db, tmp_path) == expected(edited)
