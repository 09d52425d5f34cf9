"""An import-annotations is one change that one `u` in the desk takes back, as README says."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.claims import Claim
from annotations.store import ClaimStatus, Desk
from tests.pilot import DeskApp, seeds, settle, stored
from tui import cli


def _exported(tmp_path: Path) -> Path:
    """A W3C export of a colleague's desk: two verdicts and a note on the first seed."""
    article = seeds()[0]
    source = tmp_path / "colleague.json"
    with Desk.open(source) as desk:
        desk.remember_article(article)
        for start, status in ((0, ClaimStatus.CONFIRMED), (20, ClaimStatus.DISPUTED)):
            claim = Claim(article.id, start, start + 10, article.text[start : start + 10])
            desk.set_status(claim, status, "colleague")
    out = tmp_path / "colleague.w3c.json"
    assert cli.main(["export", "--db", str(source), "--format", "w3c", "-o", str(out)]) == 0
    return out


async def test_one_u_in_the_desk_takes_back_an_import(
    tmp_path: Path, desk_app: DeskApp, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "c")  # the analyst's own work, before the import
        await settle(pilot)
    mine = stored(db)
    assert cli.main(["import-annotations", str(_exported(tmp_path)), "--db", str(db)]) == 0
    assert len(stored(db)) == len(mine) + 2
    async with desk_app(db) as (app, pilot):
        await pilot.press("u")
        await settle(pilot)
        assert not any("Nothing to undo" in str(n.message) for n in app._notifications)
        assert stored(db) == mine
        await pilot.press("ctrl+r")  # redo puts it back
        await settle(pilot)
        assert len(stored(db)) == len(mine) + 2
    assert len(stored(db)) == len(mine) + 2


async def test_a_change_after_the_import_ends_the_offer(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    assert cli.main(["import-annotations", str(_exported(tmp_path)), "--db", str(db)]) == 0
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "j", "j", "j", "j", "c")
        await settle(pilot)
    changed = stored(db)
    assert len(changed) == 3
    with Desk.open(db) as desk:
        assert not desk.can_undo  # undoing the import now would take the later change too
    assert stored(db) == changed
