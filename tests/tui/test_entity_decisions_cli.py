"""newsdesk compare --db groups names by the desk's merges, as the desk and the export do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.articles import load_article
from annotations.compare import compare_articles
from annotations.entity_decisions import entity_decisions
from annotations.store import Desk
from seeds import seed_paths
from tests.domain.test_entity_decisions import _seed_comparison, _together
from tui import cli


def test_compare_on_the_command_line_applies_the_desks_merges(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        _, plain = _seed_comparison(desk)
        egypt = next(e for e in plain.entities if "Moscow" in e.spellings)
        tunisia = next(e for e in plain.entities if "Homs" in e.spellings)
        desk.add_merge({"key_a": egypt.key, "key_b": tunisia.key})
    files = [str(p) for p in seed_paths()]

    def grouped(*extra: str) -> bool:
        assert cli.main(["compare", "--json", *extra, *files]) == 0
        document = json.loads(capsys.readouterr().out)
        return any(
            {"Moscow", "Homs"} <= {m["text"] for m in entity["mentions"]}
            for entity in document["entities"]
        )

    assert not grouped()
    assert grouped("--db", str(db))
    # The same grouping as the library call the desk and the export make.
    with Desk.open(db, lock=False) as desk:
        articles = [load_article(p) for p in seed_paths()]
        assert _together(
            compare_articles(articles, **entity_decisions(desk)), "Moscow", "Homs"
        )
