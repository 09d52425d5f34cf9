"""A stored tag that does not sit on its article's words is listed as an orphan, never hidden."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import load_article
from tests.pilot import DeskApp
from tests.tui.test_formats_cli import _desk
from tui import cli
from tui.orphans import OrphanPanel


def _hand_edit(db: Path, **fields: Any) -> str:
    """Set `fields` on the desk's second tag (its desk file edited by hand); its id."""
    data = json.loads(db.read_text(encoding="utf-8"))
    tags = sorted(data["tags"].values(), key=lambda doc: doc["start"])
    tags[1].update(fields)
    db.write_text(json.dumps(data), encoding="utf-8")
    return str(tags[1]["id"])


SHAPES = {
    "past the end": {"start": 1_000_000, "end": 1_000_010},
    "empty": {"start": 5, "end": 5},
    "another quote": {"quote": "nonexistent quote"},
}


@pytest.mark.parametrize("fields", SHAPES.values(), ids=SHAPES.keys())
def test_newsdesk_orphans_lists_a_tag_off_its_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: dict[str, Any]
) -> None:
    db = tmp_path / "desk.json"
    _desk(db)
    tag_id = _hand_edit(db, **fields)
    capsys.readouterr()
    assert cli.main(["orphans", "--db", str(db), "--json"]) == 0
    listed = json.loads(capsys.readouterr()[0])
    assert [record["id"] for record in listed] == [tag_id]


async def test_o_lists_a_tag_off_its_text(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    _desk(db)
    tag_id = _hand_edit(db, quote="nonexistent quote")
    article = load_article(tmp_path / "blast.txt")
    async with desk_app(db, [article]) as (app, pilot):
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OrphanPanel)
        assert [tag.id for tag in app.screen.orphans] == [tag_id]
