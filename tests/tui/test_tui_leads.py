"""Pilot tests: the jump keys lead the analyst to what is left, and each column says how much."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from annotations.articles import article_from_text
from tests.pilot import DeskApp, screen_of, settle, views
from tui.app import NewsdeskApp


def progress(app: NewsdeskApp, index: int) -> str:
    column = screen_of(app).query(".article-column")[index]
    return str(column.query_one(".column-progress", Static).render())


async def test_next_untagged_skips_tagged_claims_and_the_progress_line_counts(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first, second = views(app)
        assert progress(app, 0).endswith("tagged 0 of 12")
        await pilot.press("j", "j", "c", "k", "k")
        await settle(pilot)
        assert first.current_claim == 0
        # 0 is where the analyst is, 1 is confirmed: the next untagged claim is 2.
        await pilot.press("right_square_bracket")
        assert first.current_claim == 2
        await pilot.press("left_square_bracket")
        assert first.current_claim == 0
        assert progress(app, 0).endswith("tagged 1 of 12")
        assert progress(app, 1).endswith("tagged 0 of 15")
        await pilot.press("G", "right_square_bracket")
        await pilot.pause()
        assert first.current_claim == 11
        assert "No untagged claim in A1 after this one" in str(list(app._notifications)[-1].message)
        # Across articles: from the last claim of A1 to the first of A2.
        await pilot.press("right_curly_bracket")
        assert app.focused is second and second.current_claim == 0


async def test_disputed_and_clashing_claims_are_found_in_every_article(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        first, second = views(app)
        await pilot.press("tab", "j", "j", "j", "d", "tab")
        await settle(pilot)
        assert app.focused is first
        await pilot.press("t")  # now: disputed
        await pilot.press("right_square_bracket")
        assert app.focused is first  # none in A1: stays, and says so
        await pilot.press("right_curly_bracket")
        assert app.focused is second and second.current_claim == 2
        await pilot.press("t", "t")  # now: one-side (the seeds have no clash)
        assert_reaches_every_claim_with(app, "one-side")


async def test_clashing_figures_lead_across_articles(tmp_path: Path, desk_app: DeskApp) -> None:
    a = article_from_text(
        "Mosul blast\n\nOfficials said 40 people were killed in Mosul on Friday.\n\n"
        "The market reopened on Sunday.\n",
        path="a.txt",
    )
    b = article_from_text(
        "Blast in Mosul\n\nThe market reopened on Sunday.\n\n"
        "Officials said 60 people were killed in Mosul on Friday.\n",
        path="b.txt",
    )
    async with desk_app(tmp_path / "desk.json", [a, b]) as (app, pilot):
        await pilot.press("t", "t")  # now: clash
        assert_reaches_every_claim_with(app, "clash")


def assert_reaches_every_claim_with(app: NewsdeskApp, status: str) -> None:
    """Going round with } lands only on claims holding a figure of `status`, and on all."""
    comparison = screen_of(app).comparison
    assert comparison is not None
    marked = {
        (m.article_id, m.start)
        for group in comparison.figures
        if group.status == status
        for m in group.mentions
    }
    assert marked
    wanted = {
        (view.article_id, claim.start)
        for view in views(app)
        for claim in view.claims
        if any(a == view.article_id and claim.start <= s < claim.end for a, s in marked)
    }
    seen = set()
    for _ in range(len(wanted) + 1):
        screen_of(app).action_next_lead_anywhere()
        view = screen_of(app).current_view
        claim = view.claims[view.current_claim]
        seen.add((claim.article_id, claim.start))
    assert seen == wanted
