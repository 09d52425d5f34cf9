"""The desk opened on a text an annotation file's tag claims but does not sit on.

The tag (confirmed, on "Officials said 120 fighters…") carried the id of a text whose first
sentence is "Rebels said 999 civilians were saved…": the desk drew a ✓ on the Rebels
sentence, its detail panel listed it as drawn there, the header said "4 claims · tagged 1 of
4" under the annotation file's title, while the hint said 3 claims and `o` listed it as an
orphan. Now it is an orphan only.
"""

from __future__ import annotations

from pathlib import Path

from annotations.articles import load_article
from annotations.store import Desk
from annotations.writer import DeskWriter
from tests.attacks.test_untrusted_article_ids import FIRST, REBELS, TEXT, imported_then_written
from tests.pilot import SIZE, desk_opened_on, detail_text, drawn_rows, settle, views
from tui.app import NewsdeskApp
from tui.orphans import OrphanPanel
from tui.widgets import ArticleColumn


async def test_the_tag_is_no_check_mark_no_count_and_listed_by_o(tmp_path: Path) -> None:
    db = imported_then_written(tmp_path, TEXT.replace(FIRST, REBELS))
    article = load_article(tmp_path / "arts" / "later.txt")
    # As `newsdesk --db g.json arts/later.txt` opens it.
    async with desk_opened_on(db, [article]) as (app, pilot, warnings):
        (view,) = views(app)
        assert len(view.claims) == 3
        header = str(app.screen.query_one(ArticleColumn).query_one(".column-progress").render())
        assert "3 claims · tagged 0 of 3" in header
        title = str(app.screen.query_one(ArticleColumn).query_one(".column-title").render())
        assert "Rebels said" in title and "Officials" not in title
        rows = drawn_rows(view)
        assert not any("✓" in row for row in rows), rows
        assert "Drawn" not in detail_text(app) and "confirmed" not in detail_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OrphanPanel)
        assert [tag.quote for tag in app.screen.orphans] == [FIRST]
    assert len(warnings) == 1


async def test_opened_from_the_library_the_tag_is_an_orphan_too(tmp_path: Path) -> None:
    from annotations.library import Library
    from tests.pilot import screen_of
    from tui import cli

    db = imported_then_written(tmp_path, TEXT.replace(FIRST, REBELS))
    assert cli.main(["import", "--db", str(db), str(tmp_path / "arts" / "later.txt")]) == 0
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp(
        [], desk, writer, analyst="checker", db_label=str(db), library=Library(db)
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # the one article of the library
            await settle(pilot)
            (view,) = screen_of(app).views
            assert len(view.claims) == 3
            assert not any("✓" in row for row in drawn_rows(view))
            header = str(app.screen.query_one(ArticleColumn).query_one(".column-progress").render())
            assert "tagged 0 of 3" in header
        (tag,) = desk.tags()
        assert tag.anchor == "orphan"
    finally:
        writer.flush()
        writer.close()
        desk.close()
