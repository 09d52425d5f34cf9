"""Pilot tests of comparing in the desk: lit-up entities, the matching claim, links, decisions."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from annotations.articles import article_from_text
from annotations.store import Desk
from tests.pilot import DeskApp, detail_text, drawn_in, has_bar, screen_of, settle, views
from tui.app import NewsdeskApp
from tui.article_view import ArticleView
from tui.dialogs import EntityPanel, LinkPicker


async def wait_for_comparison(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, NewsdeskApp)
    for _ in range(300):
        await settle(pilot)
        if screen_of(app).comparison is not None:
            return
    raise AssertionError("the comparison never finished")


async def go_to_claim(pilot: Pilot[None], view: ArticleView, startswith: str) -> int:
    index = next(i for i, claim in enumerate(view.claims) if claim.text.startswith(startswith))
    while view.current_claim < index:
        await pilot.press("j")
    return index


async def go_to_mention(pilot: Pilot[None], view: ArticleView, text: str) -> None:
    spans = view.claims[view.current_claim].spans
    index = next(i for i, span in enumerate(spans) if span.text == text)
    while view.current_mention < index:
        await pilot.press("right")


def screen_row(view: ArticleView, offset: int) -> int:
    return view.line_of(offset) - round(view.scroll_offset.y)


async def test_m_brings_the_matching_claim_beside_the_current_one(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await wait_for_comparison(pilot)
        first, second = views(app)
        await go_to_claim(pilot, first, "It said that its strikes killed 120 ISIS fighters")
        await pilot.press("m")
        await pilot.pause()
        match = second.claims[second.current_claim]
        assert match.text.startswith("Moscow — Some 120 Daesh")
        claim = first.claims[first.current_claim]
        assert screen_row(first, claim.start) == screen_row(second, match.start)
        # Both current-claim bars are drawn on that row.
        assert has_bar(first, first.current_claim) and has_bar(second, second.current_claim)
        assert app.focused is first


def _comparison_held_back(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold the desk's comparison back until the event returned is set: a slow machine,
    where the analyst is faster than the comparison."""
    import annotations.compare as compare_module

    ready = threading.Event()
    real_compare = compare_module.compare

    def slow_compare(*args: Any, **kwargs: Any) -> Any:
        ready.wait(30)
        return real_compare(*args, **kwargs)

    monkeypatch.setattr(compare_module, "compare", slow_compare)
    return ready


@pytest.mark.parametrize("moves_on", [False, True], ids=["stays", "moves-on"])
async def test_m_pressed_while_comparing_brings_the_match_when_it_is_ready(
    tmp_path: Path, desk_app: DeskApp, monkeypatch: pytest.MonkeyPatch, moves_on: bool
) -> None:
    ready = _comparison_held_back(monkeypatch)
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first, second = views(app)
        await go_to_claim(pilot, first, "It said that its strikes killed 120 ISIS fighters")
        before = second.current_claim
        await pilot.press("m", *(["j"] if moves_on else []))
        await pilot.pause()
        assert screen_of(app).comparison is None
        assert any("match will be shown when ready" in n.message for n in app._notifications)
        ready.set()
        await wait_for_comparison(pilot)
        await pilot.pause()
        claim = first.claims[first.current_claim]
        if moves_on:
            # The match of a claim the analyst left behind is not brought.
            assert second.current_claim == before
            assert "It said that its strikes" not in claim.text
            return
        match = second.claims[second.current_claim]
        assert match.text.startswith("Moscow — Some 120 Daesh")
        assert screen_row(first, claim.start) == screen_row(second, match.start)


async def test_a_name_lights_up_every_spelling_in_every_column(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await wait_for_comparison(pilot)
        first, second = views(app)
        await go_to_claim(pilot, first, "The government-controlled Syrian Central")
        await go_to_mention(pilot, first, "Mayadeen")
        await pilot.pause()
        assert {"Mayadeen"} <= set(drawn_in(second, "focus"))
        assert {"Mayadeen", "al-Mayadin", "Al-Mayadeen", "Al Mayadeen"} <= set(
            drawn_in(first, "focus")
        )
        # Leaving the name clears the light.
        await pilot.press("j")
        await pilot.pause()
        assert drawn_in(first, "focus") == [] and drawn_in(second, "focus") == []


async def test_figures_carry_their_alignment_marks(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await wait_for_comparison(pilot)
        first, second = views(app)
        assert "14" in drawn_in(first, "figure-one-side")
        assert "14" not in drawn_in(first, "figure-agree")
        assert drawn_in(first, "figure-agree") and drawn_in(second, "figure-agree")


async def test_links_are_stored_shown_and_survive_a_restart(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await wait_for_comparison(pilot)
        first, _second = views(app)
        await go_to_claim(pilot, first, "It said that its strikes killed 120 ISIS fighters")
        await pilot.press("m", "l")
        await pilot.pause()
        assert isinstance(app.screen, LinkPicker)  # the match is on top
        await pilot.press("c")
        await settle(pilot)
        assert "corroborates" in detail_text(app)
        # The Link line says who made the link, as the brief does.
        (line,) = [row for row in detail_text(app).splitlines() if row.startswith("Link:")]
        assert line.endswith("  by tester")
    desk = Desk.open(db, lock=False)
    try:
        (link,) = desk.links()
        assert link.relation == "corroborates"
        ends = {desk.tag_by_id(link.tag_a).quote[:20], desk.tag_by_id(link.tag_b).quote[:20]}
        assert ends == {"It said that its str", "Moscow — Some 120 Da"}
    finally:
        desk.close()


async def test_split_and_merge_are_kept_and_win_over_the_grouping(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await wait_for_comparison(pilot)
        first, second = views(app)
        await go_to_claim(pilot, first, "Gen. Igor Konashenkov said")
        await go_to_mention(pilot, first, "Abu Kamal")
        await pilot.press("S")
        await wait_for_comparison(pilot)
        await pilot.pause(0.3)
        comparison = screen_of(app).comparison
        assert comparison is not None
        mention = first.mention
        assert mention is not None and mention.text == "Abu Kamal"
        entity = comparison.entity_of(first.article_id, mention.start)
        assert entity is not None and entity.spellings == ("Abu Kamal",)
        # Merge it back through the entity panel.
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, EntityPanel)
        table = app.screen.query_one(DataTable)
        keys = [row.value for row in table.rows]
        target = next(e.key for e in comparison.entities if "Albu Kamal" in e.spellings)
        table.move_cursor(row=keys.index(target))
        await pilot.press("enter")
        await settle(pilot)
    desk = Desk.open(db, lock=False)
    try:
        assert len(desk.splits()) == 1 and len(desk.merges()) == 1
    finally:
        desk.close()
    async with desk_app(db) as (app, pilot):
        await wait_for_comparison(pilot)
        comparison = screen_of(app).comparison
        assert comparison is not None
        kamal = [e for e in comparison.entities if "Abu Kamal" in e.spellings]
        assert len(kamal) == 1 and "Albu Kamal" in kamal[0].spellings


async def test_with_three_articles_any_claim_can_be_linked_shown_both_ways_and_unlinked(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    from textual.widgets import DataTable

    from annotations.articles import article_from_text
    from tests.pilot import detail_text, screen_of, seeds

    third = article_from_text(
        "Aid groups report\n\nAid groups said 14 civilians died near Mayadeen.\n\n"
        "The Observatory counted 20 dead in Deir Ezzor.\n",
        path="aid.txt",
    )
    db = tmp_path / "desk.json"
    async with desk_app(db, [*seeds(), third]) as (app, pilot):
        await wait_for_comparison(pilot)
        first, _second, last = views(app)
        await go_to_claim(pilot, first, "The most recent charge against Russian Federation")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LinkPicker)
        table = app.screen.query_one(DataTable)
        texts = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        wanted = next(i for i, t in enumerate(texts) if t.startswith("The Observatory counted"))
        table.move_cursor(row=wanted)
        await pilot.press("d")
        await settle(pilot)
        assert "contradicts A3 The Observatory counted 20 dead" in detail_text(app)
        # The other end shows the link too.
        screen_of(app).set_focus(last)
        last.current_claim = next(
            i for i, c in enumerate(last.claims) if c.text.startswith("The Observatory")
        )
        await pilot.pause()
        assert "contradicts A1 The most recent charge" in detail_text(app)
        # From there, x on the linked claim (listed first among the links) unlinks it.
        await pilot.press("l")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        whys = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=whys.index("linked: contradicts"))
        await pilot.press("x")
        await settle(pilot)
        assert "contradicts" not in detail_text(app)
    with Desk.open(db, lock=False) as desk:
        assert desk.links() == []


async def test_the_detail_panel_says_why_the_match_is_the_same_event(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await wait_for_comparison(pilot)
        first, _ = views(app)
        await go_to_claim(pilot, first, "It said that its strikes killed 120 ISIS fighters")
        await pilot.pause()
        shown = detail_text(app)
        assert "Moscow — Some 120 Daesh" in shown
        why = next(line for line in shown.splitlines() if line.startswith("Why:"))
        assert "kill" in why and "figures agree" in why and "120" in why


async def test_m_says_there_is_no_match_between_unrelated_reports(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    floods = article_from_text(
        "Floods in Bavaria displaced 3,000 residents on Monday, Mayor Anna Huber said.\n\n"
        "The Danube rose two metres overnight near Passau, the water authority said.\n",
        path="floods.txt",
    )
    tractors = article_from_text(
        "Acme Corp sold 45 tractors in Peru last year, Carlos Vega reported.\n\n"
        "Sales in Chile fell by a fifth as farmers waited for lower interest rates.\n",
        path="tractors.txt",
    )
    async with desk_app(tmp_path / "desk.json", [floods, tractors]) as (app, pilot):
        await wait_for_comparison(pilot)
        assert screen_of(app).comparison is not None
        assert screen_of(app).comparison.matches == []  # type: ignore[union-attr]
        await pilot.press("j")
        await pilot.pause()
        assert "Match:   none" in detail_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert any("No match" in str(n.message) for n in app._notifications)
