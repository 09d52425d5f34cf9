"""A text given twice (a file and its copy, one path named twice) is one article: compared,
listed and shown once, the other path named in one line. Read twice, its names were counted
twice in the comparison and its two columns disagreed on what was tagged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from seeds import seed_paths
from tui.cli import main
from tui.cli.common import load_articles


def _copy_of_first(tmp_path: Path) -> tuple[Path, Path, Path]:
    first, second = seed_paths()
    copy = tmp_path / "copy \x1b[31mof\u202e the first.txt"
    shutil.copyfile(first, copy)
    return first, copy, second


def test_load_once_keeps_the_first_path_and_names_the_other(tmp_path: Path) -> None:
    first, copy, second = _copy_of_first(tmp_path)
    articles, problems = load_articles([str(first), str(copy), str(second)], once=True)
    assert [a.path for a in articles] == [str(first), str(second)]
    assert len(problems) == 1
    assert problems[0].startswith(f"{copy}: the same text as {first}")
    # Without `once` (detect reads each file it is given) both are read.
    articles, problems = load_articles([str(first), str(copy)])
    assert len(articles) == 2 and problems == []


def test_compare_counts_a_copied_report_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, copy, second = _copy_of_first(tmp_path)
    assert main(["compare", "--json", str(first), str(second)]) == 0
    alone = json.loads(capsys.readouterr().out)
    assert main(["compare", "--json", str(first), str(copy), str(second)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == alone
    (line,) = captured.err.splitlines()
    assert "the same text as" in line
    assert "\x1b" not in line and "\u202e" not in line  # the file name is shown, never obeyed


def test_compare_of_a_report_and_its_copy_says_there_is_one_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, copy, _ = _copy_of_first(tmp_path)
    assert main(["compare", str(first), str(copy)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert "at least two different readable articles" in line
    assert "the same text as" in line


def test_claims_lists_a_named_twice_file_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _, _ = _copy_of_first(tmp_path)
    assert main(["claims", "--json", str(first)]) == 0
    once = json.loads(capsys.readouterr().out)
    assert main(["claims", "--json", str(first), str(first)]) == 0
    assert json.loads(capsys.readouterr().out) == once
