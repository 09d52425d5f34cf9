"""A desk file replaced while the desk is open: changes held, shown unsaved, set aside at q."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotations.store import ClaimStatus, Desk
from tests.pilot import DeskApp, seeds, settle, stored, views
from tests.tui.test_tui_saving import status_text


def _other_desk(path: Path) -> None:
    """Another analyst's desk: one claim of the seeds disputed by "other"."""
    from annotations.claims import Claim

    article = seeds()[0]
    claim = Claim(article.id, 0, 10, article.text[0:10])
    with Desk.open(path) as desk:
        desk.set_status(claim, ClaimStatus.DISPUTED, "other")


@pytest.mark.parametrize("how", ["copied over", "renamed over", "journal replaced"])
async def test_a_replaced_desk_file_is_never_written_over_and_nothing_is_lost(
    tmp_path: Path, desk_app: DeskApp, how: str
) -> None:
    db, other = tmp_path / "x.json", tmp_path / "reviewer.json"
    _other_desk(other)
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "c")
        await settle(pilot)
        assert "all changes saved" in status_text(app)
        if how == "copied over":
            shutil.copyfile(other, db)  # written in place, as cp does
        elif how == "renamed over":
            shutil.copyfile(other, tmp_path / "tmp.json")
            (tmp_path / "tmp.json").replace(db)
        else:
            journal = db.with_name(db.name + ".journal")
            shutil.copyfile(journal, tmp_path / "j.tmp")
            (tmp_path / "j.tmp").replace(journal)
        replaced = db.read_bytes()
        await pilot.press("j", "d")
        await settle(pilot)
        name = "x.json.journal" if how == "journal replaced" else "x.json"
        assert f"⚠ 1 change(s) not saved: {name} was replaced by another file" in status_text(
            app
        )
        assert views(app)[0].marks.get(1) == "disputed"  # still shown
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running, "quitting with an unsaved change warns first"
        (aside,) = tmp_path.glob("x.json.unsaved-*.json")
        messages = [str(n.message) for n in app._notifications]
        assert any("not saved" in m and f"{name} was replaced" in m for m in messages)
        assert any(str(aside) in m for m in messages)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running
    assert db.read_bytes() == replaced
    # The desk set aside holds every change, the unsaved one too.
    assert sorted(row[2] for row in stored(aside)) == ["confirmed", "disputed"]
