"""Keys that come in one burst with the key choosing a row in the entity panel (`E`, `M`) or
the link picker (`l`): a paste, a script, a laggy link. The dialog takes the row under the
cursor when the key was pressed, and the keys after it act, in order, on the desk: the same
desk, on screen and on disk, as the same keys typed slowly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotations.store import Desk
from tests.pilot import DeskApp, burst, screen_of, settle, stored, views
from tests.tui.test_tui_compare import wait_for_comparison


async def _outcome(db: Path, desk_app: DeskApp, keys: tuple[str, ...], at_once: bool) -> Any:
    db.parent.mkdir()
    async with desk_app(db) as (app, pilot):
        await wait_for_comparison(pilot)
        if at_once:
            await burst(pilot, *keys)
        else:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
                await pilot.pause(0.05)
        await settle(pilot)
        await wait_for_comparison(pilot)  # a merge compares again
        desk = screen_of(app)  # no dialog left open
        place = (desk.views.index(desk.current_view), [v.current_claim for v in views(app)])
    with Desk.open(db, lock=False) as saved:
        links = sorted((link.relation, link.analyst) for link in saved.links())
        merges = len(saved.merges())
    return place, [row[1:] for row in stored(db)], links, merges


async def as_typed_slowly(
    tmp_path: Path, desk_app: DeskApp, at_once: tuple[str, ...], slowly: tuple[str, ...]
) -> Any:
    """The desk after `at_once` in one burst, checked to be the desk after `slowly` typed one
    by one, and that the last key (c or d) acted: it recorded its verdict."""
    typed = await _outcome(tmp_path / "slowly" / "desk.json", desk_app, slowly, at_once=False)
    got = await _outcome(tmp_path / "burst" / "desk.json", desk_app, at_once, at_once=True)
    assert got == typed
    _place, tags, _links, _merges = got
    assert tags and tags[-1][-2] == {"d": "disputed", "c": "confirmed"}[at_once[-1]]
    return got


@pytest.mark.parametrize(
    "keys",
    [
        ("E", *"mayad", "enter", "j", "d"),
        ("E", "down", "down", "enter", "j", "c", "j", "d"),
        ("E", *"zzz", "backspace", "backspace", "backspace", "enter", "k", "d"),
        ("E", "escape", "j", "d"),
        ("j", "l", "c", "j", "d"),
        ("j", "l", "down", "d", "j", "c"),
        ("j", "l", "escape", "j", "d"),
        ("right", "M", "down", "enter", "j", "d"),
    ],
    ids=[
        "entity-filter",
        "entity-rows",
        "entity-backspace",
        "entity-escape",
        "link",
        "link-row",
        "link-escape",
        "merge",
    ],
)
async def test_keys_after_a_table_dialog_act_on_the_desk_as_typed_slowly(
    tmp_path: Path, desk_app: DeskApp, keys: tuple[str, ...]
) -> None:
    _place, _tags, links, merges = await as_typed_slowly(tmp_path, desk_app, keys, keys)
    if keys[:2] == ("j", "l") and "escape" not in keys:
        assert links  # the dialog's own choice was kept too
    if "M" in keys:
        assert merges == 1
