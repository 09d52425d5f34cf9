"""The installed newsdesk in tmux, on the seeds: what the analyst types is what the desk and
the CSV hold, with nothing lost to timing, scrolling or a second analyst."""

from __future__ import annotations

from pathlib import Path

import pytest

from seeds import seed_paths
from tests.terminal import NEWSDESK, Terminal, terminal
from tests.terminal.test_e2e_terminal import export, open_desk, seed_claims

pytestmark = pytest.mark.terminal

TITLES = ("Russian Federation strikes kill 120", "Moscow — Some 120 Daesh")


def _start_typing_at_titles(term: Terminal, db: Path, *keys: str) -> None:
    """Open the desk and type `keys` the moment both titles are on screen."""
    term.start([str(NEWSDESK), "--db", str(db)])
    term.wait_for(lambda s: all(title in s for title in TITLES), timeout=15)
    term.send_keys(*keys)


def test_keys_typed_as_the_titles_appear_tag_two_claims(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    first, second = seed_claims()
    with terminal(tmp_path) as term:
        _start_typing_at_titles(term, db, "j", "j", "c", "Tab", "j", "d")
        term.wait_for(lambda s: "✗ disputed 1" in s and "all changes saved" in s, timeout=15)
        assert "no claim to tag" not in term.capture()
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    rows = export(db, tmp_path)
    assert sorted((r["status"], r["claim"]) for r in rows) == sorted(
        [("confirmed", first[1].text), ("disputed", second[0].text)]
    )


def test_bottom_then_confirm_exports_the_last_claim(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    first, _ = seed_claims()
    with terminal(tmp_path) as term:
        _start_typing_at_titles(term, db, "G", "c", "q")
        assert term.wait_until_dead(timeout=20) == 0
    (row,) = export(db, tmp_path)
    assert (row["status"], row["claim"]) == ("confirmed", first[-1].text)


def test_a_second_analyst_overrules_with_a_history(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    first, _ = seed_claims()
    with terminal(tmp_path) as term:
        term.start([str(NEWSDESK), "--db", str(db), "--analyst", "checker"])
        term.wait_for(lambda s: all(title in s for title in TITLES), timeout=15)
        term.send_keys("j", "c", "q")
        assert term.wait_until_dead(timeout=20) == 0
        term.start([str(NEWSDESK), "--db", str(db), "--analyst", "reviewer"])
        term.wait_for(lambda s: all(title in s for title in TITLES), timeout=15)
        term.send_keys("j", "d")
        # The panel says whose verdict was overruled.
        term.wait_for(lambda s: "was confirmed by checker" in s, timeout=15)
        term.send_keys("q")
        assert term.wait_until_dead(timeout=20) == 0
    (row,) = export(db, tmp_path)
    assert (row["claim"], row["status"], row["analyst"]) == (first[0].text, "disputed", "reviewer")
    history = row["history"].splitlines()
    assert len(history) == 2
    assert "checker" in history[0] and "confirmed" in history[0]
    assert "reviewer" in history[1] and "confirmed → disputed" in history[1]


def test_a_pasted_two_line_note_and_a_note_alone_reach_the_csv(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    first, _ = seed_claims()
    with terminal(tmp_path) as term:
        open_desk(term, db)
        term.send_keys("j", "n")
        term.wait_for("Your note (empty removes it)")  # the text area is there
        term.paste("line one\nline two")
        term.wait_for("line two")
        term.send_keys("C-s")
        term.wait_for(lambda s: "line one ⏎ line two" in s and "all changes saved" in s)
        term.send_keys("q")
        assert term.wait_until_dead() == 0
    (row,) = export(db, tmp_path)
    assert (row["claim"], row["status"]) == (first[0].text, "untagged")
    assert row["note"] == "line one\nline two"
    (only,) = export(db, tmp_path, "--status", "untagged")
    assert only["note"] == "line one\nline two"
    assert export(db, tmp_path, "--status", "confirmed,disputed") == []


def _article_rows(screen: str) -> list[str]:
    """Rows between the column headings and the panel that show article text."""
    rows = screen.splitlines()
    tops = [i for i, row in enumerate(rows) if "claims" in row and "highlights" in row]
    bottoms = [i for i, row in enumerate(rows) if "claim 1 of" in row or "✓ confirmed" in row]
    if not tops or not bottoms:
        return []  # caught between two frames
    return [row for row in rows[tops[0] + 1 : bottoms[0]] if row.strip(" ▏▊▕▔▁▇▅▃")]


def test_80x24_shows_twelve_lines_of_text_with_the_panel_folded(tmp_path: Path) -> None:
    with terminal(tmp_path) as term:
        open_desk(term, tmp_path / "desk.json")
        term.resize(80, 24)
        term.send_keys("j")
        unfolded = term.wait_for("claim 1 of")
        term.send_keys("z")
        folded = term.wait_for(lambda s: len(_article_rows(s)) >= 12)
        assert len(_article_rows(unfolded)) < 12 <= len(_article_rows(folded))
        # Folded, the panel keeps its heading: which claim, and its status.
        assert "● untagged   claim 1 of 12" in folded
        term.send_keys("q")
        assert term.wait_until_dead() == 0


def test_120x35_keeps_quit_in_the_footer_and_the_legend_whole(tmp_path: Path) -> None:
    with terminal(tmp_path) as term:
        open_desk(term, tmp_path / "desk.json")
        term.resize(120, 35)
        # Redrawn at the new size: the palette hint sits at the right end of the footer.
        screen = term.wait_for(lambda s: s.splitlines()[-1].rstrip().endswith("^p palette"))
        assert "q Quit" in screen.splitlines()[-1]
        legend = screen.splitlines()[0]
        assert legend.rstrip().endswith("? help") and "…" not in legend
        term.send_keys("q")
        assert term.wait_until_dead() == 0


def test_a_report_and_its_copy_open_as_one_column(tmp_path: Path) -> None:
    # Two columns of one article disagreed on what was tagged: the copy is named, not shown.
    db = tmp_path / "desk.json"
    first, second = seed_paths()
    copy = tmp_path / "copy of the first.txt"
    copy.write_bytes(first.read_bytes())
    with terminal(tmp_path) as term:
        term.start([str(NEWSDESK), "--db", str(db), str(first), str(copy), str(second)])
        term.wait_for(lambda s: all(title in s for title in TITLES), timeout=15)
        # Every column has said what it holds once the last has (detection runs in turn).
        term.wait_for(lambda s: "same text" in s and "15 claims · tagged 0 of" in s, timeout=15)
        screen = term.capture()
        assert screen.count("claims · tagged 0 of") == 2, screen
        term.send_keys("j", "c")
        term.wait_for(lambda s: "all changes saved" in s, timeout=15)
        term.send_keys("q")
        assert term.wait_until_dead(timeout=20) == 0
    (row,) = export(db, tmp_path)
    assert row["status"] == "confirmed"
