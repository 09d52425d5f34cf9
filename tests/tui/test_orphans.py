"""The orphan panel: tags whose sentence an edited article lost, re-attached or discarded."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from annotations.claims import Claim
from annotations.store import ClaimStatus, Tag
from tests.pilot import Host
from tui.orphans import OrphanAction, OrphanPanel

SIZE = (120, 40)


def orphan(tag_id: str, quote: str, note: str, status: ClaimStatus | None) -> Tag:
    return Tag(
        id=tag_id,
        article_id="e" * 16,
        start=0,
        end=len(quote),
        quote=quote,
        prefix="",
        suffix="",
        status=status,
        note=note,
        analyst="tester",
        updated_at="2026-01-01T00:00:00Z",
        anchor="orphan",
    )


ORPHANS = [
    orphan("t1", "Local groups reported up to 80 civilian deaths.", "one source", None),
    orphan("t2", "The ministry said 60 of them came from abroad.", "", ClaimStatus.DISPUTED),
]
TITLES = {"e" * 16: "Strikes hit Mayadeen"}
CLAIM = Claim("f" * 16, 10, 40, "Some 60 foreign fighters were among them.")


async def test_a_reattaches_the_highlighted_orphan_to_the_current_claim() -> None:
    panel = OrphanPanel(ORPHANS, TITLES, claim=CLAIM)
    app = Host(panel)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "a")
        await pilot.pause()
    assert app.results == [OrphanAction("reattach", "t2", CLAIM)]


async def test_a_without_a_current_claim_keeps_the_panel_open() -> None:
    panel = OrphanPanel(ORPHANS, TITLES, claim=None)
    app = Host(panel)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is panel
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


def hint(panel: OrphanPanel) -> str:
    """The line under the orphan table: its keys, or the question before a discard."""
    return str(panel.query_one("#orphans-hint", Static).render())


async def test_discard_asks_for_confirmation_first() -> None:
    panel = OrphanPanel(ORPHANS, TITLES, claim=CLAIM)
    app = Host(panel)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Any other key than y keeps the orphan, and the panel stays open.
        await pilot.press("D")
        assert "Discard this tag" in hint(panel)
        await pilot.press("n")
        await pilot.pause()
        assert "Discard this tag" not in hint(panel)
        assert app.screen is panel and app.results == []
        # Escape while asking only takes the question back; y then does nothing.
        await pilot.press("delete")
        assert "Discard this tag" in hint(panel)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert "Discard this tag" not in hint(panel)
        assert app.screen is panel and app.results == []
        await pilot.press("down", "D", "y")
        await pilot.pause()
    assert app.results == [OrphanAction("discard", "t2")]


async def test_the_panel_lists_orphans_with_their_article() -> None:
    panel = OrphanPanel(ORPHANS, TITLES, claim=None)
    app = Host(panel)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = panel.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            [ORPHANS[0].quote, "one source", "noted", "Strikes hit Mayadeen"],
            [ORPHANS[1].quote, "", "disputed", "Strikes hit Mayadeen"],
        ]


async def test_a_long_quote_is_cut_in_the_table_and_whole_below_it() -> None:
    long_quote = "Witnesses said " + "the strikes went on through the night, " * 6 + "they said."
    orphans = [orphan("t9", long_quote, "check \x1b[31m the wire", ClaimStatus.CONFIRMED)]
    panel = OrphanPanel(orphans, {}, claim=None)
    app = Host(panel)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = panel.query_one(DataTable)
        quote_cell, note_cell, _, title_cell = table.get_row_at(0)
        assert len(quote_cell.plain) < len(long_quote) and quote_cell.plain.endswith("…")
        assert long_quote.startswith(quote_cell.plain[:-1])
        # The escape character is shown as a picture, never sent to the terminal.
        assert "\x1b" not in note_cell.plain and "␛" in note_cell.plain
        # An article the panel has no title for is named by its id.
        assert title_cell.plain == "e" * 16
        detail = str(panel.query_one("#orphans-detail", Static).render())
        assert long_quote in detail and "check ␛[31m the wire" in detail
