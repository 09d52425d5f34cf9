"""`newsdesk orphans` as an analyst reads it: every orphan whole, one row after another."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from annotations.articles import load_article
from annotations.claims import Claim
from annotations.store import ClaimStatus, Desk
from tui.cli import main
from tui.cli.columns import Column, _wrapped, print_columns

GONE = (
    "Local groups reported up to 80 civilian deaths in Deir el-Zour, a figure the ministry "
    "disputed on Monday while the Observatory put the toll at 61."
)


def _orphaned(tmp_path: Path, tag: Callable[[Desk, Claim], object]) -> Path:
    """A desk whose claim `tag` tagged, orphaned by a new version of its article without it."""
    report = tmp_path / "report.txt"
    report.write_text(f"Strikes hit Mayadeen\n\nRussian jets killed 120 fighters. {GONE}")
    db = tmp_path / "desk.json"
    assert main(["import", str(report), "--db", str(db)]) == 0
    old = load_article(report)
    start = old.text.index(GONE)
    with Desk.open(db) as desk:
        tag(desk, Claim(old.id, start, start + len(GONE), GONE))
    report.write_text("Strikes hit Mayadeen\n\nRussian jets killed 120 fighters.")
    assert main(["import", str(report), "--db", str(db)]) == 0
    return db


@pytest.mark.parametrize("columns", [80, 100])
def test_orphans_are_listed_whole_folded_to_the_terminal_without_markup(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))

    def tag(desk: Desk, claim: Claim) -> None:
        desk.set_status(claim, ClaimStatus.DISPUTED, "ana")
        desk.set_note(claim, "[bold]check[/] \x1b[31mthe wire\x1b[0m", "ana")

    db = _orphaned(tmp_path, tag)
    capsys.readouterr()

    assert main(["orphans", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 orphaned tag(s)"
    assert all(len(line) <= columns for line in lines)
    at, end = lines[1].index("quote"), lines[1].index("note")
    # The whole quote, folded over the lines of its column, as the analyst tagged it.
    folded = "".join(line[at:end] for line in lines[2:])
    assert "".join(folded.split()) == "".join(GONE.split())
    out = "\n".join(lines)
    assert "\x1b" not in out and "[bold]check[/]" in out and "disputed" in out


def test_a_cleared_record_kept_for_its_history_is_listed_as_untagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    monkeypatch.setenv("COLUMNS", "100")

    def tag(desk: Desk, claim: Claim) -> None:
        desk.set_status(claim, ClaimStatus.CONFIRMED, "checker")
        desk.set_status(claim, None, "reviewer")  # kept: its history names the checker

    db = _orphaned(tmp_path, tag)
    capsys.readouterr()

    assert main(["orphans", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 orphaned tag(s)"
    at = lines[1].index("status")
    assert lines[2][at:].strip() == "untagged"
    assert main(["orphans", "--db", str(db), "--json"]) == 0
    (record,) = json.loads(capsys.readouterr().out)
    assert record["status"] is None


def test_rows_are_written_as_they_come() -> None:
    written: list[str] = []

    class Out(io.StringIO):
        def write(self, text: str) -> int:
            written.append(text)
            return len(text)

    def records() -> object:
        for n in range(3):
            # Each row is out before the next record is even made.
            assert len(written) == n + 1
            yield {"n": str(n), "text": "x" * 50}

    print_columns(
        records(),  # type: ignore[arg-type]
        [Column("n", "n", cells=3), Column("text", "text", fold=True)],
        Out(),
        width=80,
    )
    assert len(written) == 4


def test_a_folded_column_breaks_between_words() -> None:
    out = io.StringIO()
    print_columns(
        [{"quote": GONE}],
        [Column("id", lambda _: "x", cells=4), Column("quote", "quote", fold=True)],
        out,
        width=40,
    )
    lines = [line[6:] for line in out.getvalue().splitlines()[1:]]
    assert lines[:3] == [
        "Local groups reported up to 80",
        "civilian deaths in Deir el-Zour, a",
        "figure the ministry disputed on",
    ]
    # Every word whole on one line: none is cut where the line ends.
    assert sorted(w for line in lines for w in line.split()) == sorted(GONE.split())


@given(st.text(alphabet=st.sampled_from("ab 中\u0301"), max_size=60), st.integers(2, 12))
def test_folding_keeps_every_character_in_its_width(text: str, width: int) -> None:
    lines = _wrapped(text, width)
    assert all(cell_len(line) <= width for line in lines)
    # Nothing but spaces where lines break is left out, and words stay in order.
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    fits = [w for w in text.split() if cell_len(w) <= width]
    assert all(any(w in line.split() for line in lines) for w in fits)
