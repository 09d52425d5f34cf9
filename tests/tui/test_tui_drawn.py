"""Claims the analyst draws by keyboard: spans inside a sentence, a figure alone, a sentence
split in two or joined with the next; shown, saved, exported, carried over an edit."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, redirect_stdout
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TextArea

from annotations.articles import load_article
from annotations.store import Desk
from seeds import seed_paths
from tests.pilot import DeskApp, detail_text, settle, views
from tui import cli
from tui.app import NewsdeskApp
from tui.article_text import GUTTER
from tui.article_view import ArticleView
from tui.cli.open_desk import follow_edits

SENTENCE = "It said that its strikes killed 120 ISIS fighters and that 60 of them"
FIRST = "its strikes killed 120 ISIS fighters"
SECOND = "60 of them were foreign fighters"


def seed_copies(folder: Path) -> list[Path]:
    """The two seeds copied where a test may edit them."""
    return [Path(shutil.copy(path, folder / path.name)) for path in seed_paths()]


async def go_to_sentence(pilot: object, view: ArticleView, start: str) -> None:
    """Press j (or k) until the current claim is the sentence starting with `start`."""
    target = next(i for i, c in enumerate(view.claims) if c.text.startswith(start) and not c.drawn)
    key = "j" if view.current_claim < target else "k"
    while view.current_claim != target:
        await pilot.press(key)  # type: ignore[attr-defined]


async def draw_both_claims(pilot: object, view: ArticleView) -> None:
    """Select the two claims of the seed's two-claim sentence by keyboard; confirm the first,
    dispute the second."""
    press = pilot.press  # type: ignore[attr-defined]
    await go_to_sentence(pilot, view, SENTENCE)
    # → onto "120", v starts there; three words back to "its", o turns round, "," runs to
    # the end of the clause (before "and").
    await press("right", "v", "b", "b", "b", "o", "comma")
    assert view.selection is not None
    assert view.text[slice(*view.selection)] == FIRST
    await press("c")
    await go_to_sentence(pilot, view, SENTENCE)
    await press("right", "right", "right", "v", "w", "w", "w", "w", "w")
    assert view.selection is not None
    assert view.text[slice(*view.selection)] == SECOND
    await press("d")


def export_rows(db: Path) -> list[dict[str, str]]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["export", "--db", str(db)]) == 0
    return list(csv.DictReader(io.StringIO(out.getvalue())))


async def test_two_drawn_claims_in_one_sentence_are_kept_exported_and_carried_over_an_edit(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    paths = seed_copies(tmp_path)
    async with desk_app(db, [load_article(p) for p in paths]) as (app, pilot):
        view = views(app)[0]
        await draw_both_claims(pilot, view)
        await settle(pilot)
        assert "drawn 2 of 2 in it" in detail_text(app)
        assert f"✓ {FIRST}" in detail_text(app) and f"✗ {SECOND}" in detail_text(app)

    async with desk_app(db, [load_article(p) for p in paths]) as (app, pilot):
        view = views(app)[0]
        drawn = {view.claims[i].text: mark for i, mark in view.marks.items()}
        assert drawn == {FIRST: "confirmed", SECOND: "disputed"}
        sentence = next(i for i, c in enumerate(view.claims) if c.text.startswith(SENTENCE))
        assert [view.claims[i].text for i in view.places.drawn_in(sentence)] == [FIRST, SECOND]
        # j visits the sentence, then each of its drawn claims, in text order.
        await go_to_sentence(pilot, view, SENTENCE)
        await pilot.press("j")
        assert view.claims[view.current_claim].text == FIRST
        assert "drawn 1 of 2 in it" in detail_text(app)
        await pilot.press("j")
        assert view.claims[view.current_claim].text == SECOND
        await pilot.press("j")
        assert not view.claims[view.current_claim].drawn

    text = paths[0].read_text(encoding="utf-8")
    rows = export_rows(db)
    assert sorted(
        (r["claim"], r["status"], int(r["start"]), int(r["end"])) for r in rows
    ) == sorted(
        [
            (FIRST, "confirmed", text.index(FIRST), text.index(FIRST) + len(FIRST)),
            (SECOND, "disputed", text.index(SECOND), text.index(SECOND) + len(SECOND)),
        ]
    )

    # A line added at the top: both claims are found again, word for word.
    paths[0].write_text("Editor's note: updated.\n" + text, encoding="utf-8")
    with Desk.open(db) as desk:
        follow_edits(desk, [load_article(paths[0])])
    async with desk_app(db, [load_article(p) for p in paths]) as (app, pilot):
        view = views(app)[0]
        assert sorted(view.claims[i].text for i in view.marks) == sorted([FIRST, SECOND])
    edited = paths[0].read_text(encoding="utf-8")
    rows = export_rows(db)
    assert sorted((r["claim"], r["anchor"], int(r["start"])) for r in rows) == sorted(
        [(FIRST, "exact", edited.index(FIRST)), (SECOND, "exact", edited.index(SECOND))]
    )


@asynccontextmanager
async def on_the_sentence(
    db: Path, desk_app: DeskApp
) -> AsyncIterator[tuple[NewsdeskApp, Pilot[None], ArticleView, int]]:
    """The seeds' desk on `db`, the first article's two-claim sentence current; with the
    number of claims the article showed."""
    async with desk_app(db) as (app, pilot):
        view = views(app)[0]
        count = len(view.claims)
        await go_to_sentence(pilot, view, SENTENCE)
        yield app, pilot, view, count


async def test_escape_drops_a_selection_and_undo_takes_a_drawn_claim_away(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with on_the_sentence(tmp_path / "desk.json", desk_app) as (app, pilot, view, count):
        await pilot.press("v", "w", "w")
        assert view.selection is not None and "Drawing:" in detail_text(app)
        await pilot.press("escape")
        assert view.selection is None and len(view.claims) == count
        # shift+arrows start a selection at the cursor too, and it crosses sentence ends.
        await pilot.press("shift+right", "right_parenthesis", "right_parenthesis")
        assert view.selection is not None
        drawn = view.text[slice(*view.selection)]
        assert drawn.startswith("It said") and "Tunisia." in drawn and "Dozens" in drawn
        await pilot.press("c")
        await settle(pilot)
        assert len(view.claims) == count + 1 and view.claims[view.current_claim].drawn
        await pilot.press("u")
        await settle(pilot)
        assert len(view.claims) == count and not view.marks
        await pilot.press("U")
        await settle(pilot)
        assert len(view.claims) == count + 1 and list(view.marks.values()) == ["confirmed"]
        # x on a drawn claim with no note clears it away; the cursor stays in its sentence.
        await pilot.press("x")
        await settle(pilot)
        assert len(view.claims) == count and not view.marks
        assert view.claims[view.current_claim].text.startswith(SENTENCE)


async def test_a_figure_tagged_directly_is_a_claim_of_its_own(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with on_the_sentence(db, desk_app) as (app, pilot, view, _):
        await pilot.press("right", "c")
        await settle(pilot)
        assert view.claims[view.current_claim].text == "120 ISIS fighters"
    rows = export_rows(db)
    assert [(r["claim"], r["status"], r["numbers"]) for r in rows] == [
        ("120 ISIS fighters", "confirmed", "120")
    ]


async def test_a_split_sentence_is_two_claims_everywhere_and_a_join_undoes_it(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with on_the_sentence(db, desk_app) as (app, pilot, view, count):
        # → → → onto "60": the split puts "60 of them …" in a claim of its own.
        await pilot.press("right", "right", "right", "vertical_line")
        await settle(pilot)
        assert len(view.claims) == count + 1
        first = view.claims[view.current_claim]
        assert first.text == "It said that its strikes killed 120 ISIS fighters and that"
        await pilot.press("c", "j", "d")
        await settle(pilot)
        assert view.claims[view.current_claim].text.startswith("60 of them")

    async with desk_app(db) as (app, pilot):
        view = views(app)[0]
        assert len(view.claims) == count + 1
    rows = export_rows(db)
    assert sorted((r["claim"][:10], r["status"]) for r in rows) == [
        ("60 of them", "disputed"),
        ("It said th", "confirmed"),
    ]
    # `newsdesk claims --db` shows the sentence split as the desk does.
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["claims", str(seed_paths()[0]), "--db", str(db), "--json"]) == 0
    texts = [claim["text"] for claim in json.loads(out.getvalue())["claims"]]
    assert "It said that its strikes killed 120 ISIS fighters and that" in texts
    assert any(text.startswith("60 of them were foreign fighters") for text in texts)

    async with desk_app(db) as (app, pilot):
        view = views(app)[0]
        await go_to_sentence(pilot, view, "It said that")
        await pilot.press("J")
        await settle(pilot)
        # One sentence claim again; the halves' tags stay in sight, drawn inside it.
        assert view.places.sentence_count == count
        sentence = next(i for i, c in enumerate(view.claims) if c.text.startswith(SENTENCE))
        assert len(view.places.drawn_in(sentence)) == 2
        await pilot.press("u")
        await settle(pilot)
        assert view.places.sentence_count == count + 1
        assert not any(claim.drawn for claim in view.claims)


async def test_a_mouse_drag_selects_whole_words_too(tmp_path: Path, desk_app: DeskApp) -> None:
    async with on_the_sentence(tmp_path / "desk.json", desk_app) as (app, pilot, view, _):
        start = view.text.index(FIRST) + 1  # inside "its": the selection takes the whole word
        end = view.text.index(FIRST) + len(FIRST) - 2
        (x0, y0), (x1, y1) = (cell_of(view, start), cell_of(view, end))
        await pilot.mouse_down(view, offset=(x0, y0))
        await pilot.hover(view, offset=(x1, y1))
        await pilot.mouse_up(view, offset=(x1, y1))
        assert view.selection is not None
        assert view.text[slice(*view.selection)] == FIRST
        await pilot.press("c")
        await settle(pilot)
        assert view.claims[view.current_claim].text == FIRST


def cell_of(view: ArticleView, offset: int) -> tuple[int, int]:
    """Where character `offset` of an ASCII line is drawn in the view."""
    layout = view._ensure_layout()
    line = view.line_of(offset)
    return offset - layout.starts[line] + GUTTER, line - round(view.scroll_offset.y)


async def test_a_drawn_claim_takes_a_note_and_clearing_it_leaves_the_note(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with on_the_sentence(db, desk_app) as (app, pilot, view, count):
        await pilot.press("right", "d", "n")
        await pilot.pause()
        app.screen.query_one("#note", TextArea).text = "[@click=app.quit] toll differs"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running and "[@click=app.quit] toll differs" in detail_text(app)
        # x clears the verdict; the note keeps the drawn claim, marked noted.
        await pilot.press("x")
        await settle(pilot)
        assert len(view.claims) == count + 1
        assert view.marks[view.current_claim] == "noted"
    (row,) = export_rows(db)
    assert (row["claim"], row["status"], row["note"]) == (
        "120 ISIS fighters",
        "untagged",
        "[@click=app.quit] toll differs",
    )
