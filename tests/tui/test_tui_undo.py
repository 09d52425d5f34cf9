"""Pilot tests: undo and redo say what they did, go to the claim, and regroup names at once."""

from __future__ import annotations

from pathlib import Path

from tests.pilot import DeskApp, detail_text, screen_of, settle, stored, views
from tui.app import NewsdeskApp


def last_message(app: NewsdeskApp) -> str:
    return str(list(app._notifications)[-1].message)


async def test_undo_goes_to_the_claim_it_changed_and_says_what_it_undid(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        first, second = views(app)
        await pilot.press("j", "j", "j", "j", "c")
        await settle(pilot)
        # Elsewhere now: the other article, another claim.
        await pilot.press("tab", "j", "j")
        assert app.focused is second
        await pilot.press("u")
        await settle(pilot)
        assert app.focused is first and first.current_claim == 3
        assert last_message(app) == "undid: confirmed → untagged, claim 4 of A1"
        assert first.marks == {} and stored(db) == []
        assert "● untagged" in detail_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert last_message(app) == "Nothing to undo."


async def test_redo_makes_the_undone_change_again(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        first, second = views(app)
        await pilot.press("tab", "j", "d")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert second.marks == {}
        await pilot.press("tab", "U")
        await settle(pilot)
        assert app.focused is second and second.marks == {0: "disputed"}
        assert last_message(app) == "redid: untagged → disputed, claim 1 of A2"
        claim = second.claims[0]
        assert stored(db) == [(claim.article_id, claim.start, "disputed", "")]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert last_message(app) == "Nothing to redo."
        # A new change after an undo ends what can be redone.
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("c", "U")
        await settle(pilot)
        assert last_message(app) == "Nothing to redo."
        assert second.marks == {0: "confirmed"}


async def test_undo_of_a_merge_regroups_the_names_at_once(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        screen = screen_of(app)
        comparison = screen.comparison
        assert comparison is not None
        egypt = next(e for e in comparison.entities if e.name == "Moscow")
        tunisia = next(e for e in comparison.entities if e.name.startswith("Homs"))
        screen._decide(
            lambda desk: desk.add_merge({"key_a": egypt.key, "key_b": tunisia.key}), "Merged"
        )
        await settle(pilot)
        merged = screen.comparison
        assert merged is not None
        here, there = egypt.mentions[0], tunisia.mentions[0]
        assert merged.entity_of(here.article_id, here.start) is merged.entity_of(
            there.article_id, there.start
        )
        await pilot.press("u")
        await settle(pilot)
        after = screen.comparison
        assert after is not None and after is not merged
        assert after.entity_of(here.article_id, here.start) is not after.entity_of(
            there.article_id, there.start
        )
        assert last_message(app) == "undid: merge"


async def test_the_merge_picker_leaves_out_the_entity_and_filters_as_you_type(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    from textual.widgets import DataTable

    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first = views(app)[1]  # Moscow is named in the second seed
        screen_of(app).set_focus(first)
        index = next(i for i, c in enumerate(first.claims) if "Moscow" in c.text)
        first.current_claim = index
        claim = first.claims[index]
        first.current_mention = next(i for i, s in enumerate(claim.spans) if s.text == "Moscow")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert "Moscow" not in names and len(names) > 5
        await pilot.press("h", "o", "m", "s")
        await pilot.pause()
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names and all("homs" in n.lower() for n in names), names
        await pilot.press("backspace", "backspace", "backspace", "backspace", "x", "y", "z", "q")
        await pilot.pause()
        assert table.row_count == 0 and app.is_running
        await pilot.press("escape")


async def test_the_names_line_lists_a_repeated_name_once(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        second = views(app)[1]
        await pilot.press("tab")
        for index, claim in enumerate(second.claims):
            texts = [s.text for s in claim.names]
            if len(texts) != len(set(texts)):
                second.current_claim = index
                break
        else:
            raise AssertionError("the seeds have a claim naming a place twice")
        await pilot.pause()
        (names_line,) = [line for line in detail_text(app).splitlines() if "Names:" in line]
        repeated = next(t for t in texts if texts.count(t) > 1)
        assert names_line.count(f"{repeated} ") == 1, names_line


async def test_the_entity_line_gives_the_names_own_label_first(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        screen = screen_of(app)
        comparison = screen.comparison
        assert comparison is not None
        entity = next(e for e in comparison.entities if e.name == "Arab")
        odd = next(m for m in entity.mentions if m.label != entity.label)
        view = next(v for v in views(app) if v.article_id == odd.article_id)
        screen.set_focus(view)
        view.current_claim = view.claim_index_at(odd.start)
        claim = view.claims[view.current_claim]
        view.current_mention = next(i for i, s in enumerate(claim.spans) if s.start == odd.start)
        await pilot.pause()
        lines = detail_text(app).splitlines()
        (names,) = [line for line in lines if line.startswith("Names:")]
        (entity_line,) = [line for line in lines if line.startswith("Entity:")]
        assert f"Arab {odd.label}" in names
        assert f"Arab ({odd.label}, elsewhere {entity.label})" in entity_line
