"""Pilot tests: a claim drawn before any j starts where the analyst is looking, and the view
stays where it is."""

from __future__ import annotations

from pathlib import Path

from tests.pilot import SIZE, DeskApp, detail_text, drawn_rows, gutter_of, new_app, seeds, settle
from tests.pilot import views as views_of
from tui.article_view import ArticleView


def _rows_in_view(view: ArticleView) -> tuple[int, int]:
    top = round(view.scroll_offset.y)
    return top, top + view.scrollable_content_region.height


def _drawn_claim(view: ArticleView) -> int:
    return next(index for index, claim in enumerate(view.claims) if claim.drawn)


async def test_v_before_any_j_starts_on_the_claim_in_view_not_the_dateline(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        view = views_of(app)[0]
        before = drawn_rows(view)
        # The page opens on the dateline and the breadcrumbs, which are not claims.
        assert before[0].strip() == "Tuesday, 17 July 2018"
        first = view.claims[0]
        await pilot.press("v", "w", "w")
        await pilot.pause()
        assert view.selection is not None
        assert view.text[slice(*view.selection)] == "Russian Federation strikes"
        assert view.selection[0] == first.start
        assert "Drawing: Russian Federation strikes" in detail_text(app)
        await pilot.press("c")
        await settle(pilot)
        # The view did not move: the same rows (fewer, under a taller detail panel), the new
        # claim marked beside its line.
        assert round(view.scroll_offset.y) == 0
        after = drawn_rows(view)
        assert [row[2:] for row in after] == [row[2:] for row in before[: len(after)]]
        index = _drawn_claim(view)
        assert view.claims[index].text == "Russian Federation strikes"
        assert gutter_of(view, index) == "▌✓"
        assert after[0][:2] == "  "  # nothing drawn on the dateline
        assert "● confirmed" in detail_text(app) and "drawn 1 of 1 in it" in detail_text(app)


async def test_v_after_a_scroll_starts_on_the_page_in_view(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        view = views_of(app)[1]
        await pilot.press("tab")
        view.scroll_to(y=9, animate=False, immediate=True)  # as the mouse wheel leaves it
        await pilot.pause()
        top, bottom = _rows_in_view(view)
        await pilot.press("v", "w", "w", "d")
        await settle(pilot)
        assert _rows_in_view(view)[0] == top
        claim = view.claims[_drawn_claim(view)]
        assert top <= view.line_of(claim.start) < bottom  # on the page it was drawn on
        assert len(claim.text.split()) == 3
        assert "● disputed" in detail_text(app)


async def test_v_w_w_c_typed_before_the_claims_are_found_wait_for_them(tmp_path: Path) -> None:
    with new_app(tmp_path / "desk.json", seeds()) as app:
        async with app.run_test(size=SIZE) as pilot:
            # Typed the moment the desk appears: all four keys wait for detection, in order.
            await pilot.press("v", "w", "w", "c")
            await settle(pilot)
            view = views_of(app)[0]
            index = _drawn_claim(view)
            assert view.claims[index].text == "Russian Federation strikes"
            assert view.marks == {index: "confirmed"}
            assert round(view.scroll_offset.y) == 0
            assert gutter_of(view, index) == "▌✓"
