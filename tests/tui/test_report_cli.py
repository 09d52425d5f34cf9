"""`newsdesk report`: the format from the suffix, Markdown to stdout, one-line refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.brief_html import CONTENT_SECURITY_POLICY
from tests.domain.test_brief import SCRIPT_NOTE, seeds_desk
from tui import cli


def test_the_suffix_chooses_the_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "desk.json"
    seeds_desk(db)
    assert cli.main(["report", "--db", str(db), "-o", str(tmp_path / "brief.HTML")]) == 0
    page = (tmp_path / "brief.HTML").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and CONTENT_SECURITY_POLICY.split(";")[0] in page
    assert (tmp_path / "brief.HTML").stat().st_mode & 0o077 == 0  # the crash-safe helper's mode
    assert cli.main(["report", "--db", str(db), "-o", str(tmp_path / "brief.md")]) == 0
    markdown = (tmp_path / "brief.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Brief\n") and "## Confirmed claims (1)" in markdown
    assert "wrote the brief (2 claim(s)" in capsys.readouterr()[1]
    # Markdown to stdout by default, and --format wins over the suffix.
    assert cli.main(["report", "--db", str(db)]) == 0
    assert capsys.readouterr()[0].startswith("# Brief\n")
    assert cli.main(["report", "--db", str(db), "--format", "html", "-o", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert SCRIPT_NOTE not in markdown and SCRIPT_NOTE not in page


def test_refusals_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "desk.json"
    assert cli.main(["report", "--db", str(db)]) == 2
    assert "no desk database" in capsys.readouterr()[1]
    seeds_desk(db)
    assert cli.main(["report", "--db", str(db), "-o", str(tmp_path / "brief.pdf")]) == 2
    err = capsys.readouterr()[1]
    assert err.count("\n") == 1 and "brief.pdf" in err and "--format" in err
    assert cli.main(["report", "--db", str(db), "-o", str(tmp_path / "no" / "brief.md")]) == 2
    err = capsys.readouterr()[1]
    assert err.count("\n") == 1 and "brief.md" in err and "Traceback" not in err
