"""A mistyped command line ends in exactly one line on stderr, naming the command and where
its --help is, with exit status 2: argparse's usage (several lines for a command with many
options) is left to --help."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.attacks.support import newsdesk


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus"],
        ["import", "--wait", "-5", "x"],
        ["export", "--format", "xml"],
        ["export", "--status"],
        ["export", "--status", ""],
        ["export", "--status", " , ,"],
        ["report", "--format", "pdf\x1b[31m"],
        ["merge"],
        ["compare", "missing.txt", "."],
        ["compare", "missing.txt"],
        ["detect"],
        ["nosuchcommand"],
    ],
)
def test_a_usage_error_is_one_line(tmp_path: Path, argv: list[str]) -> None:
    done = newsdesk(*argv, home=tmp_path)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("newsdesk"), err
    assert "Traceback" not in err and "\x1b" not in err and "usage:" not in err
