"""An article file edited after tagging: tags follow their sentence, or become orphans."""

from __future__ import annotations

from pathlib import Path

from annotations.articles import load_article
from annotations.store import Desk
from tests.pilot import DeskApp, detail_text, gutter_of, settle, views
from tui.cli.open_desk import follow_edits
from tui.orphans import OrphanPanel

FIRST = (
    "Strikes near Mayadeen\n\n"
    "Russian jets struck targets near Mayadeen on Friday, the ministry said.\n"
    "Some 120 Daesh fighters were killed in the strikes, the ministry said.\n"
    "The Syrian Observatory for Human Rights reported 14 civilians dead.\n"
)


def reopen_after_edit(db: Path, path: Path) -> list[str]:
    desk = Desk.open(db)
    try:
        return follow_edits(desk, [load_article(path)])
    finally:
        desk.close()


async def tag_the_fighters_claim(db: Path, path: Path, desk_app: DeskApp) -> None:
    async with desk_app(db, [load_article(path), load_article(path.with_name("b.txt"))]) as (
        app,
        pilot,
    ):
        view = views(app)[0]
        while not view.claims[max(view.current_claim, 0)].text.startswith("Some 120") or (
            view.current_claim < 0
        ):
            await pilot.press("j")
        await pilot.press("c")
        await settle(pilot)


async def test_a_corrected_figure_keeps_its_tag_marked_as_moved(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db, path = tmp_path / "desk.json", tmp_path / "a.txt"
    path.write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Moscow said 120 fighters died in Syria.\n", encoding="utf-8")
    await tag_the_fighters_claim(db, path, desk_app)

    path.write_text(
        "Update: the ministry revised its figures.\n" + FIRST.replace("Some 120", "Some 130"),
        encoding="utf-8",
    )
    messages = reopen_after_edit(db, path)
    assert messages and "1 moved" in messages[0]

    async with desk_app(db, [load_article(path), load_article(tmp_path / "b.txt")]) as (
        app,
        pilot,
    ):
        view = views(app)[0]
        ((index, mark),) = view.marks.items()
        assert mark == "confirmed"
        assert view.claims[index].text.startswith("Some 130 Daesh fighters")
        assert index in view._moved
        assert view.current_claim != index and gutter_of(view, index) == "↷✓"
        while view.current_claim != index:
            await pilot.press("j")
        await settle(pilot)
        assert "Moved" in detail_text(app) and "Some 120 Daesh fighters" in detail_text(app)


async def test_a_deleted_sentence_leaves_an_orphan_listed_in_the_panel(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db, path = tmp_path / "desk.json", tmp_path / "a.txt"
    path.write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Moscow said 120 fighters died in Syria.\n", encoding="utf-8")
    await tag_the_fighters_claim(db, path, desk_app)

    path.write_text(
        "\n".join(line for line in FIRST.splitlines() if not line.startswith("Some 120")),
        encoding="utf-8",
    )
    messages = reopen_after_edit(db, path)
    assert messages and "1 lost their sentence" in messages[0]

    async with desk_app(db, [load_article(path), load_article(tmp_path / "b.txt")]) as (
        app,
        pilot,
    ):
        assert views(app)[0].marks == {}
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OrphanPanel)
        (orphan,) = app.screen.orphans
        assert orphan.quote.startswith("Some 120 Daesh fighters")
        assert orphan.anchor == "orphan"


async def test_a_line_added_above_the_headline_keeps_the_title_and_date(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    from textual.widgets import Static

    from tests.pilot import screen_of

    db, path = tmp_path / "desk.json", tmp_path / "a.txt"
    dated = FIRST.replace("\n\n", "\n08 October 2017\n\n", 1)
    path.write_text(dated, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Moscow said 120 fighters died in Syria.\n", encoding="utf-8")
    first = load_article(path)
    assert (first.title, first.date) == ("Strikes near Mayadeen", "08 October 2017")
    await tag_the_fighters_claim(db, path, desk_app)

    path.write_text("Update: a correction was added above the story.\n\n" + dated, "utf-8")
    assert load_article(path).title != first.title  # read alone, the new first line wins
    articles = [load_article(path), load_article(tmp_path / "b.txt")]
    desk = Desk.open(db)
    try:
        messages = follow_edits(desk, articles)
        known = {info["id"]: info for info in desk.articles()}
    finally:
        desk.close()
    assert messages and "1 tag(s) found unchanged, 0 moved" in messages[0]
    assert (articles[0].title, articles[0].date) == ("Strikes near Mayadeen", "08 October 2017")
    assert known[articles[0].id]["title"] == "Strikes near Mayadeen"

    async with desk_app(db, articles) as (app, pilot):
        column = screen_of(app).query(".article-column")[0]
        assert "Strikes near Mayadeen" in str(column.query_one(".column-title", Static).render())
        assert "08 October 2017" in str(column.query_one(".column-facts", Static).render())

    # A headline the new version no longer holds is not kept: the new one is read.
    path.write_text(dated.replace("Strikes near Mayadeen", "Jets strike Mayadeen"), "utf-8")
    articles = [load_article(path)]
    desk = Desk.open(db)
    try:
        follow_edits(desk, articles)
    finally:
        desk.close()
    assert (articles[0].title, articles[0].date) == ("Jets strike Mayadeen", "08 October 2017")
