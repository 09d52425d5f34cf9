"""Pilot tests of the desk: tag, note, undo, export, quit and reopen, as an analyst would."""

from __future__ import annotations

import csv
from pathlib import Path

from rich.color import Color
from rich.style import Style
from textual import events
from textual.widgets import Input, TextArea

from annotations.articles import article_from_text
from annotations.store import ClaimStatus, Desk
from annotations.writer import DeskWriter
from tests.pilot import (
    SIZE,
    DeskApp,
    detail_text,
    drawn_in,
    drawn_rows,
    gutter_of,
    help_rows,
    screen_of,
    seeds,
    settle,
    stored,
    views,
)
from tui.app import NewsdeskApp
from tui.article_view import ArticleView
from tui.desk_screen import DeskScreen
from tui.widgets import StatusLine


async def test_both_seeds_open_side_by_side_with_highlights(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first, second = views(app)
        assert first.region.x < second.region.x
        assert first.region.y == second.region.y
        assert first.claims and second.claims
        titles = [column.article.title for column in screen_of(app).query("ArticleColumn")]
        assert titles[0] == "Russian Federation strikes kill 120 Daesh militants"
        assert titles[1].startswith("Moscow")
        # Some rendered line of the first article carries a styled "120".
        styled = [
            segment
            for y in range(first.size.height)
            for segment in first.render_line(y)
            if segment.text == "120"
        ]
        assert styled and all(segment.style and segment.style.bold for segment in styled)


async def test_j_j_c_confirms_second_claim_and_tab_j_d_disputes_first_of_second(
    tmp_path: Path,
    desk_app: DeskApp,
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        first, second = views(app)
        await pilot.press("j", "j", "c")
        assert first.current_claim == 1
        assert first.marks == {1: "confirmed"}
        await pilot.press("tab", "j", "d")
        assert app.focused is second
        assert second.marks == {0: "disputed"}
        await settle(pilot)
        claim_one, claim_two = first.claims[1], second.claims[0]
        assert stored(db) == sorted(
            [
                (claim_one.article_id, claim_one.start, "confirmed", ""),
                (claim_two.article_id, claim_two.start, "disputed", ""),
            ]
        )
        assert "confirmed" not in detail_text(app) or "disputed" in detail_text(app)
        status = str(screen_of(app).query_one(StatusLine).render())
        assert "confirmed 1" in status and "disputed 1" in status


async def test_tags_survive_quit_and_reopen(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "j", "c", "tab", "j", "d")
        await pilot.press("q")
        await pilot.pause()
    assert sorted(str(status) for _, _, status, _ in stored(db)) == ["confirmed", "disputed"]
    async with desk_app(db) as (app, pilot):
        first, second = views(app)
        assert first.marks == {1: "confirmed"} and gutter_of(first, 1)[1] == "✓"
        assert second.marks == {0: "disputed"} and gutter_of(second, 0)[1] == "✗"


async def test_note_is_saved_and_shown(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "n")
        await pilot.pause()
        note = app.screen.query_one("#note", TextArea)
        note.text = "[@click=app.quit] check with SOHR"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
        first = views(app)[0]
        assert first.marks == {0: "noted"}
        assert "[@click=app.quit] check with SOHR" in detail_text(app)
        assert stored(db)[0][3] == "[@click=app.quit] check with SOHR"


async def test_a_note_keeps_pasted_lines_typed_tabs_and_new_lines(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "n")
        await pilot.pause()
        note = app.screen.query_one("#note", TextArea)
        assert app.focused is note
        app.post_message(events.Paste("line one\nline two"))
        await pilot.pause()
        await pilot.press("enter", "tab", "x", "ctrl+s")
        await settle(pilot)
        assert stored(db)[0][3] == "line one\nline two\n\tx"
        # The panel shows every line, each break marked, and nothing is cut at the first one.
        shown = detail_text(app)
        assert "line one ⏎ line two ⏎ " in shown
        # Editing again starts from the whole note, and escape keeps it as it was.
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#note", TextArea).text == "line one\nline two\n\tx"
        await pilot.press("escape")
        await settle(pilot)
        assert stored(db)[0][3] == "line one\nline two\n\tx"


async def test_undo_restores_the_previous_state(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        first = views(app)[0]
        await pilot.press("j", "c")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert first.marks == {0: "disputed"}
        await pilot.press("u")
        await settle(pilot)
        assert first.marks == {0: "confirmed"}
        assert [row[2] for row in stored(db)] == ["confirmed"]
        await pilot.press("u")
        await settle(pilot)
        assert first.marks == {}
        assert stored(db) == []


async def test_clear_removes_the_tag(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "c")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert views(app)[0].marks == {}
        assert stored(db) == []


async def test_export_key_writes_the_tagged_claims(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    out = tmp_path / "out.csv"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j", "j", "c", "tab", "j", "d", "e")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(out)
        await pilot.press("enter")
        await settle(pilot)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert sorted(row["status"] for row in rows) == ["confirmed", "disputed"]
    assert all(row["claim"] and row["article_title"] for row in rows)


async def test_help_lists_every_key(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        shown = help_rows(app)
        keys = {key for key, _, _ in shown}
        for key in ("c", "d", "x", "n", "u", "U", "z", "]", "[", "}", "{", "t", "e", "tab", "q"):
            assert key in keys, key
        assert ("c", "Confirm", "desk") in shown and ("q", "Quit", "everywhere") in shown
        assert ("U", "Redo", "desk") in shown and ("z", "Fold panel", "desk") in shown
        assert ("]", "To do", "desk") in shown and ("}", "Next to do, any article", "desk") in shown
        # Drawing a claim: the keys that start, grow and tag a selection; split and join.
        for row in (
            ("v", "Select a span to tag as a claim", "article"),
            ("w", "Next word (selecting)", "article"),
            (",", "To the clause's end (comma, and, but …) (selecting)", "article"),
            (")", "To the sentence's end (selecting)", "article"),
            ("shift+→", "Next word (starts a selection)", "article"),
            ("|", "Split claim at the cursor", "desk"),
            ("J", "Join claim with the next", "desk"),
        ):
            assert row in shown, row
        await pilot.press("escape")
        assert isinstance(app.screen, DeskScreen)


def drawn_styles(view: ArticleView, text: str) -> list[Style | None]:
    """The style of every drawn segment of the view that reads exactly `text`."""
    return [
        segment.style
        for y in range(view.size.height)
        for segment in view.render_line(y)
        if segment.text == text
    ]


async def test_highlights_toggle(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first = views(app)[0]
        base = first.rich_style
        highlighted = drawn_styles(first, "120")
        assert highlighted and all(style and style.bold for style in highlighted)
        await pilot.press("h")
        await pilot.pause()
        # The figure is drawn as plain text: no longer a segment of its own, or one in the
        # text's own style.
        plain = drawn_styles(first, "120")
        assert all(style is None or not style.bold for style in plain)
        assert all(style is None or style.color == base.color for style in plain)
        await pilot.press("h")
        await pilot.pause()
        assert drawn_styles(first, "120") == highlighted


async def test_hostile_article_text_is_shown_literally(tmp_path: Path, desk_app: DeskApp) -> None:
    hostile = article_from_text(
        "[@click=app.quit]Click me[/] \x1b]0;pwned\x07 and \x1b[2J 120 fighters in Syria.\n"
        "[b]Bold?[/b] \u202eevil\u202c 60 more in Iraq.",
        path="hostile [red].txt",
    )
    async with desk_app(tmp_path / "desk.json", [hostile, seeds()[1]]) as (app, pilot):
        view = views(app)[0]
        assert "\x1b" not in view.text and "\u202e" not in view.text
        assert len(view.text) == len(hostile.text)
        drawn = "\n".join(drawn_rows(view))
        assert "\x1b" not in drawn and "\u202e" not in drawn
        assert "[@click=app.quit]Click me[/]" in drawn and "[b]Bold?[/b]" in drawn
        await pilot.click(ArticleView, offset=(4, 0))
        await pilot.pause()
        assert app.is_running


async def test_status_of_a_claim_uses_the_analyst_name(tmp_path: Path, desk_app: DeskApp) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db, analyst="rami") as (app, pilot):
        await pilot.press("j", "c")
        await settle(pilot)
    desk = Desk.open(db, lock=False)
    try:
        (tag,) = desk.tags()
        assert tag.analyst == "rami"
        assert tag.status == ClaimStatus.CONFIRMED
        assert tag.updated_at
    finally:
        desk.close()


async def test_search_steps_through_hits_and_escape_gives_n_back_to_notes(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        second = views(app)[1]
        await pilot.press("tab", "slash")
        await pilot.pause()
        app.screen.query_one("#search", Input).value = "mayadeen"
        await pilot.press("enter")
        await pilot.pause()
        hits = drawn_in(second, "search")
        assert hits and {hit.lower() for hit in hits} == {"mayadeen"}
        assert "A2 8" in str(list(app._notifications)[-1].message)
        first_claim = second.current_claim
        await pilot.press("n")
        await pilot.pause()
        assert second.current_claim > first_claim
        await pilot.press("N")
        await pilot.pause()
        assert second.current_claim == first_claim
        await pilot.press("escape")
        await pilot.pause()
        assert drawn_in(second, "search") == []
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query("#note")


async def test_g_and_capital_g_go_to_top_and_bottom(tmp_path: Path, desk_app: DeskApp) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first = views(app)[0]
        top = drawn_rows(first)[0]
        last_words = first.text.split()[-1]
        await pilot.press("G")
        await pilot.pause()
        assert first.scroll_offset.y > 0
        assert drawn_rows(first)[0] != top and last_words in "".join(drawn_rows(first))
        await pilot.press("g")
        await pilot.pause()
        assert first.scroll_offset.y == 0 and drawn_rows(first)[0] == top


async def test_three_articles_stay_usable(tmp_path: Path, desk_app: DeskApp) -> None:
    third = article_from_text(
        "Strikes near Raqqa\n\nSome 30 fighters were killed near Raqqa on Sunday, SOHR said.\n",
        path=str(tmp_path / "third.txt"),
    )
    async with desk_app(tmp_path / "desk.json", [*seeds(), third]) as (app, pilot):
        shown = views(app)
        assert len(shown) == 3
        assert all(view.size.width >= 40 for view in shown)
        assert [view.region.x for view in shown] == sorted(view.region.x for view in shown)
        await pilot.press("tab", "tab", "j", "c")
        assert app.focused is shown[2]
        assert shown[2].marks == {0: "confirmed"} and gutter_of(shown[2], 0)[1] == "✓"
        await pilot.press("tab")
        assert app.focused is shown[0]


async def test_no_files_and_a_library_opens_the_picker_then_the_chosen_articles(
    tmp_path: Path,
) -> None:
    from annotations.library import Library
    from tui.picker import LibraryPicker

    db = tmp_path / "desk.json"
    library = Library(db)
    for article in seeds():
        library.add(article)
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp([], desk, writer, analyst="t", db_label=str(db), library=library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LibraryPicker)
            await pilot.press(*"moscow")
            await pilot.press("down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, DeskScreen)
            (view,) = views(app)
            assert view.text.startswith("Moscow — Some 120 Daesh")
    finally:
        writer.close()
        desk.close()


async def test_escape_in_the_picker_quits(tmp_path: Path) -> None:
    from annotations.library import Library

    db = tmp_path / "desk.json"
    library = Library(db)
    library.add(seeds()[0])
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp([], desk, writer, analyst="t", db_label=str(db), library=library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert not app.is_running
    finally:
        writer.close()
        desk.close()


async def test_the_command_palette_offers_the_desk_actions(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        first = views(app)[0]
        await pilot.press("j", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Claim: dispute")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert first.marks == {0: "disputed"}
        assert [row[2] for row in stored(db)] == ["disputed"]


async def test_standing_text_of_a_release_is_greyed_not_highlighted(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    release = article_from_text(
        "Strike release\n\nNear Mosul, two strikes hit an ISIL unit.\n\n"
        "Coalition nations which have conducted strikes in Iraq include Australia, Canada and "
        "France.\n",
        path="release.txt",
    )
    async with desk_app(tmp_path / "desk.json", [release, seeds()[1]]) as (app, pilot):
        view = views(app)[0]
        column = screen_of(app).query_one("#column-0")
        assert "1 standing passage greyed" in str(column.query_one(".column-progress").render())
        segments = {
            segment.text: segment.style
            for y in range(view.size.height)
            for segment in view.render_line(y)
        }
        plain = segments["Near "]
        greyed = next(style for text, style in segments.items() if "Australia" in text)
        assert plain is not None and greyed is not None
        assert not greyed.bold and not greyed.underline
        # Greyed means nearer the background than the text is, not merely another colour.
        background = view.rich_style.bgcolor
        assert background is not None and plain.color is not None and greyed.color is not None
        assert distance(greyed.color, background) < 0.8 * distance(plain.color, background)
        # The day's news keeps its colours.
        mosul = segments["Mosul"]
        assert mosul is not None and mosul.color != plain.color


def distance(one: Color, other: Color) -> float:
    """How far apart two colours are, as the length of their RGB difference."""
    a, b = one.get_truecolor(), other.get_truecolor()
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


async def test_tag_colours_are_tints_that_keep_the_text_readable(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    # Rich styles carry no alpha: "background: $success 18%" must be blended, not painted solid.
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first = views(app)[0]
        await pilot.press("j", "c", "j")
        await settle(pilot)
        claim = first.claims[0]
        line = first.line_of(claim.start) - round(first.scroll_offset.y)
        tinted = [s.style for s in first.render_line(line) if s.style and s.style.bgcolor]
        base = first.rich_style.bgcolor
        success = Color.parse(app.theme_variables["success"])
        assert base is not None and tinted
        backgrounds = {style.bgcolor for style in tinted} - {base}
        assert backgrounds, "the confirmed claim has no tint"
        for bgcolor in backgrounds:
            assert bgcolor is not None
            assert distance(bgcolor, base) < distance(bgcolor, success)


async def test_search_finds_hits_in_every_article_and_an_entity_by_every_spelling(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first, second = views(app)
        await pilot.press("slash")
        await pilot.pause()
        app.screen.query_one("#search", Input).value = "fighters"
        await pilot.press("enter")
        await pilot.pause()
        words = [(v.text[a:b]).lower() for v in (first, second) for a, b in v._search]
        assert first._search and second._search and set(words) == {"fighters"}
        message = str(list(app._notifications)[-1].message)
        assert f"A1 {len(first._search)} · A2 {len(second._search)}" in message
        # Stepping goes on from the last hit of A1 into A2.
        for _ in range(len(first._search)):
            await pilot.press("n")
        assert app.focused is second
        await pilot.press("escape", "slash")
        await pilot.pause()
        # A name of an entity finds all its spellings, in both articles.
        app.screen.query_one("#search", Input).value = "al-mayadin"
        await pilot.press("enter")
        await pilot.pause()
        spellings = {v.text[a:b] for v in (first, second) for a, b in v._search}
        assert {"Mayadeen", "al-Mayadin"} <= spellings, spellings
        assert "entity" in str(list(app._notifications)[-1].message)
