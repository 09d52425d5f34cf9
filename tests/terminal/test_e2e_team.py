"""Acceptance: two analysts' desks made in a real terminal, merged, measured and settled."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from nltk.metrics.agreement import AnnotationTask

from tests.terminal.driver import NEWSDESK, terminal
from tests.terminal.test_e2e_terminal import export, gutter_marks, open_desk, status_line

pytestmark = pytest.mark.terminal


def newsdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    done = subprocess.run(
        [str(NEWSDESK), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert "Traceback" not in done.stderr
    return done


def test_two_analysts_merge_measure_and_settle(tmp_path: Path) -> None:
    checker, reviewer, team = (tmp_path / f"{n}.json" for n in ("checker", "reviewer", "team"))
    with terminal(tmp_path) as term:
        for db, analyst, last, counts in (
            (checker, "checker", "c", "✓ confirmed 2"),
            (reviewer, "reviewer", "d", "✗ disputed 1"),
        ):
            term.start([str(NEWSDESK), "--db", str(db), "--analyst", analyst])
            term.wait_for(lambda s: "? help" in s and "claims" in s, timeout=15)
            term.send_keys("j", "c", "j", last)
            term.wait_for(lambda s, c=counts: c in s and "all changes saved" in s)
            term.send_keys("q")
            assert term.wait_until_dead() == 0

    merged = newsdesk(tmp_path, "merge", str(checker), str(reviewer), "-o", str(team))
    assert merged.returncode == 0, merged.stderr
    assert "2 claim(s), 1 in conflict" in merged.stdout

    rows = sorted(export(team, tmp_path), key=lambda row: int(row["start"]))
    assert [(row["verdicts"], row["conflict"]) for row in rows] == [
        ("checker: confirmed; reviewer: confirmed", ""),
        ("checker: confirmed; reviewer: disputed", "yes"),
    ]

    measured = newsdesk(tmp_path, "agreement", str(checker), str(reviewer))
    assert measured.returncode == 0, measured.stderr
    assert "claims tagged by at least two analysts: 2" in measured.stdout
    assert "observed agreement: 0.500" in measured.stdout
    figures = json.loads(newsdesk(tmp_path, "agreement", "--json", str(team)).stdout)
    assert (figures["claims"], figures["observed_agreement"]) == (2, 0.5)
    (clash,) = figures["disagreements"]
    assert clash["claim"] == rows[1]["claim"]
    assert clash["verdicts"] == {"checker": "confirmed", "reviewer": "disputed"}
    task = AnnotationTask(
        [
            (*verdict.split(": ")[:1], row["claim_id"], verdict.split(": ")[1])
            for row in rows
            for verdict in row["verdicts"].split("; ")
        ]
    )
    assert figures["cohen_kappa"] == pytest.approx(task.kappa())
    assert f"Cohen's kappa: {task.kappa():.3f}" in measured.stdout

    with terminal(tmp_path) as term:
        open_desk(term, team, "--analyst", "editor")
        # The margin marks the claim in conflict; the status line counts it.
        screen = term.wait_for(
            lambda s: "≠ in conflict 1" in s
            and any("≠" in row and "in conflict" not in row for row in s.splitlines())
        )
        assert sorted(gutter_marks(screen)) == ["✓"]
        term.send_keys("i")
        term.wait_for(lambda s: "reviewer disputed" in s and "checker confirmed" in s)
        term.send_keys("d")
        screen = term.wait_for(
            lambda s: "≠ in conflict" not in s and "all changes saved" in s, timeout=10
        )
        assert "✗ disputed 1" in status_line(screen)
        term.send_keys("q")
        assert term.wait_until_dead() == 0

    settled = sorted(export(team, tmp_path), key=lambda row: int(row["start"]))[1]
    assert (settled["status"], settled["conflict"]) == ("disputed", "")
    assert "editor: resolved (checker: confirmed; reviewer: disputed) as disputed" in (
        settled["history"]
    )
