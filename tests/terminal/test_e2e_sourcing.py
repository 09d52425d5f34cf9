"""The installed newsdesk in a real terminal (tmux): sources and hedges, and the figures board."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.claims import find_claims
from annotations.compare import compare
from annotations.detection import detect
from annotations.figures_board import figures_board
from seeds import seed_paths
from tests.terminal.driver import terminal
from tests.terminal.test_e2e_terminal import open_desk, seed_claims

pytestmark = pytest.mark.terminal


def claim_index(startswith: str) -> int:
    first, _ = seed_claims()
    return next(n for n, claim in enumerate(first) if claim.text.startswith(startswith))


def board_row(counts: str) -> int:
    prepared = []
    for path in sorted(seed_paths()):
        article = load_article(path)
        spans = detect(article.text)
        prepared.append((article, spans, find_claims(article.id, article.text, spans)))
    board = figures_board(prepared, compare(prepared))
    return next(n for n, row in enumerate(board.rows) if row.counts == counts)


def test_panel_shows_source_and_hedges_and_the_board_jumps_to_a_claim(tmp_path: Path) -> None:
    with terminal(tmp_path) as term:
        open_desk(term, tmp_path / "desk.json")
        term.send_keys(*["j"] * (claim_index("It said that its strikes") + 1))
        # "It said" resolves to the source named in the sentence before.
        term.wait_for("Source:  Syrian Central Military Media (named before)   Hedges: none")
        steps = claim_index("The Syrian army and allied forces") - claim_index("It said that")
        term.send_keys(*["j"] * steps)
        term.wait_for("Source:  none named   Hedges: reportedly (reporting)")

        term.send_keys("f")
        # The board opens at once and its sources arrive when the comparison has read them.
        screen = term.wait_for(
            lambda s: "clashes first" in s and "← the defense ministry in" in s, timeout=30
        )
        lines = screen.splitlines()
        fighters = next(n for n, line in enumerate(lines) if "militants/fighters" in line)
        row = "\n".join(lines[fighters : fighters + 6])
        assert "agree" in row and "Some 120" in row, screen
        assert "← Syrian Central Military Media" in row and "← the defense ministry in" in row
        civilians = next(line for line in lines if "civilians" in line)
        assert "one-side" in civilians and "14" in civilians, screen
        assert "← Britain-based Human Rights' Observatory Group" in screen
        up_to = next(line for line in lines if "up to 80" in line)
        assert "one-side" in up_to, screen

        term.send_keys(*["Down"] * board_row("civilians"))
        term.send_keys("Enter")
        screen = term.wait_for(lambda s: "clashes first" not in s and "Figure:  one-side" in s)
        assert "Figure:  one-side · counts civilians" in screen, screen
        # The source as written (then the entity the comparison groups it with).
        (line,) = [row for row in screen.splitlines() if row.startswith(" Source:  ")]
        assert line.startswith(" Source:  Britain-based Human Rights' Observatory Group"), line
        assert line.rstrip().endswith("Hedges: none"), line
        term.send_keys("q")
        assert term.wait_until_dead() == 0
