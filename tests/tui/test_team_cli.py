"""`newsdesk merge` and `newsdesk agreement`, run as commands on desk files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.anchoring import selector_for
from annotations.articles import load_article
from annotations.claims import Claim
from annotations.store import ClaimStatus, Desk
from annotations.team.verdicts import in_conflict, verdicts_of
from tui.cli import main

TEXT = (
    "Strikes killed 120 fighters near Mayadeen, the ministry said.\n\n"
    "Some 60 of them were foreign fighters from Egypt and Tunisia.\n\n"
    "The Observatory said 40 civilians died in Raqqa on Saturday.\n"
)


def _claim(path: Path, sentence: str) -> tuple[Claim, str, str]:
    article = load_article(path)
    start = article.text.index(sentence)
    end = start + len(sentence)
    selector = selector_for(article.text, start, end)
    return Claim(article.id, start, end, sentence), selector.prefix, selector.suffix


def _tag(db: Path, article: Path, analyst: str, verdicts: dict[str, ClaimStatus]) -> None:
    with Desk.open(db) as desk:
        desk.remember_article(load_article(article))
        for sentence, status in verdicts.items():
            claim, prefix, suffix = _claim(article, sentence)
            desk.set_status(claim, status, analyst, prefix=prefix, suffix=suffix)


FIRST = "Strikes killed 120 fighters near Mayadeen, the ministry said."
SECOND = "Some 60 of them were foreign fighters from Egypt and Tunisia."


@pytest.fixture
def desks(tmp_path: Path) -> tuple[Path, Path, Path]:
    article = tmp_path / "strikes.txt"
    article.write_text(TEXT, encoding="utf-8")
    checker, reviewer = tmp_path / "checker.json", tmp_path / "reviewer.json"
    _tag(checker, article, "checker", {FIRST: ClaimStatus.CONFIRMED, SECOND: ClaimStatus.CONFIRMED})
    _tag(
        reviewer, article, "reviewer", {FIRST: ClaimStatus.CONFIRMED, SECOND: ClaimStatus.DISPUTED}
    )
    return article, checker, reviewer


def test_merge_then_agreement(
    desks: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, checker, reviewer = desks
    team = tmp_path / "team.json"
    assert main(["merge", str(checker), str(reviewer), "-o", str(team)]) == 0
    out = capsys.readouterr().out
    assert "merged 2 desk(s)" in out and "2 claim(s), 1 in conflict" in out
    assert main(["agreement", str(checker), str(reviewer)]) == 0
    text = capsys.readouterr().out
    assert "claims tagged by at least two analysts: 2" in text
    assert "observed agreement: 0.500" in text and "Cohen's kappa: 0.000" in text
    assert "checker confirmed, reviewer disputed" in text
    # The team desk alone gives the same figures.
    assert main(["agreement", "--json", str(team)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["claims"], figures["observed_agreement"], figures["cohen_kappa"]) == (2, 0.5, 0)
    assert figures["disagreements"][0]["claim"] == SECOND
    # The JSON Lines export types the verdicts and the conflict.
    out = tmp_path / "team.jsonl"
    assert main(["export", "--format", "jsonl", "--db", str(team), "-o", str(out)]) == 0
    records = {r["claim"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records[SECOND]["conflict"] is True and records[FIRST]["conflict"] is False
    assert records[SECOND]["verdicts"] == [
        {"analyst": "checker", "status": "confirmed"},
        {"analyst": "reviewer", "status": "disputed"},
    ]


def test_a_claim_tagged_before_and_after_an_edit_is_one_claim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "strikes.txt"
    article.write_text(TEXT, encoding="utf-8")
    checker, reviewer = tmp_path / "checker.json", tmp_path / "reviewer.json"
    _tag(checker, article, "checker", {SECOND: ClaimStatus.CONFIRMED})
    # The outlet corrects the story: a new first paragraph, the claim's sentence unchanged.
    article.write_text("Updated at 14:00 with the ministry's figures.\n\n" + TEXT, encoding="utf-8")
    _tag(reviewer, article, "reviewer", {SECOND: ClaimStatus.DISPUTED})
    team = tmp_path / "team.json"
    assert main(["merge", str(checker), str(reviewer), "-o", str(team)]) == 0
    assert "1 tag(s) carried onto new versions" in capsys.readouterr().out
    with Desk.open(team) as desk:
        (tag,) = desk.tags()
        assert tag.article_id == load_article(article).id and tag.quote == SECOND
        assert in_conflict(tag)
        assert [v.analyst for v in verdicts_of(tag)] == ["checker", "reviewer"]
    # The analyst's own desk was only read.
    with Desk.open(checker) as desk:
        assert desk.tags()[0].article_id != load_article(article).id


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["merge", "{checker}", "{checker}", "-o", "{checker}"],
            "would replace the desk",
        ),
        (["merge", "{checker}", "{missing}", "-o", "{team}"], "no such file"),
        (["merge", "{checker}", "{folder}", "-o", "{team}"], "it is a folder"),
        (["merge", "{checker}", "{notjson}", "-o", "{team}"], "not valid JSON"),
        (["merge", "{checker}", "{reviewer}", "-o", "{folder}"], "it is a folder"),
        (["agreement", "{missing}"], "no such file"),
    ],
)
def test_bad_input_ends_in_one_line_and_a_status(
    desks: tuple[Path, Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    _, checker, reviewer = desks
    (tmp_path / "folder").mkdir()
    (tmp_path / "notjson.json").write_text("not json\x1b[31m")
    names = {
        "checker": checker,
        "reviewer": reviewer,
        "missing": tmp_path / "missing.json",
        "folder": tmp_path / "folder",
        "notjson": tmp_path / "notjson.json",
        "team": tmp_path / "team.json",
    }
    before = checker.read_bytes()
    assert main([a.format(**names) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "\x1b" not in err
    assert not (tmp_path / "team.json").exists() and not (tmp_path / "missing.json").exists()
    assert checker.read_bytes() == before


def test_merge_needs_an_output(
    desks: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, checker, reviewer = desks
    assert main(["merge", str(checker), str(reviewer)]) == 2
    assert "-o" in capsys.readouterr().err
