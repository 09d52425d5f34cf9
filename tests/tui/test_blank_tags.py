"""A tag on spaces or a blank line is no claim: never "claim 0", always in sight as an orphan;
a claim drawn outside every sentence says where it is; a blank selection is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.anchoring import reanchor
from annotations.articles import load_article
from annotations.claim_edits import drawn_claim
from annotations.claims import Claim
from annotations.store import ClaimStatus, Desk
from annotations.tags import Selector
from tests.pilot import DeskApp, detail_text, screen_of, settle, stored, views
from tui import cli
from tui.orphans import OrphanPanel

TEXT = (
    "updated below, with more to come\n\n"
    "Up to 80 people died in Mogadishu. More than 60 were hurt on Saturday.\n\n"
    "Officials in Baidoa said 12 people died.\n"
)


def _blank_range(text: str, kind: str) -> tuple[int, int]:
    if kind == "blank line":
        start = text.index("\n\n")
        return start, start + 2
    start = text.index(". More") + 1
    return start, start + 1


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["blank line", "spaces"])
async def test_a_tag_on_a_blank_is_an_orphan_never_claim_0(
    tmp_path: Path, desk_app: DeskApp, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = tmp_path / "desk.json"
    article = load_article(_article(tmp_path))
    start, end = _blank_range(article.text, kind)
    blank = Claim(article.id, start, end, article.text[start:end], drawn=True)
    with Desk.open(db) as desk:
        desk.remember_article(article)
        desk.set_status(blank, ClaimStatus.DISPUTED, "checker")
        desk.set_note(blank, "checked twice", "checker")
    async with desk_app(db, [article]) as (app, pilot):
        view = views(app)[0]
        assert all(claim.text.strip() for claim in view.claims)
        for _ in range(len(view.claims) + 1):
            assert "claim 0 of" not in detail_text(app)
            await pilot.press("j")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OrphanPanel)
        (orphan,) = app.screen.orphans
        assert (orphan.start, orphan.note, orphan.status) == (
            start,
            "checked twice",
            ClaimStatus.DISPUTED,
        )
    capsys.readouterr()
    assert cli.main(["orphans", "--db", str(db), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["note"] == "checked twice" and listed["status"] == "disputed"
    # A W3C export of it reads back the same (the round trip holds), an orphan there too.
    exported, again = tmp_path / "a.w3c.json", tmp_path / "b.w3c.json"
    assert cli.main(["export", "--format", "w3c", "--db", str(db), "-o", str(exported)]) == 0
    copy = tmp_path / "copy.json"
    assert cli.main(["import-annotations", str(exported), "--db", str(copy)]) == 0
    assert cli.main(["export", "--format", "w3c", "--db", str(copy), "-o", str(again)]) == 0
    assert again.read_bytes() == exported.read_bytes()
    capsys.readouterr()
    assert cli.main(["orphans", "--db", str(copy), "--json"]) == 0
    assert [r["note"] for r in json.loads(capsys.readouterr().out)] == ["checked twice"]


async def test_a_claim_drawn_outside_every_sentence_says_where_it_is(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    article = load_article(_article(tmp_path))
    # A line with no name or figure: no sentence claim holds it.
    dateline = drawn_claim(article.id, article.text, 0, len("updated below"), [])
    with Desk.open(db) as desk:
        desk.remember_article(article)
        desk.set_status(dateline, ClaimStatus.CONFIRMED, "checker")
    async with desk_app(db, [article]) as (app, pilot):
        view = views(app)[0]
        index = next(i for i, c in enumerate(view.claims) if c.drawn)
        assert view.places.holder(index) < 0  # on no sentence claim
        while view.current_claim != index:
            await pilot.press("k" if view.current_claim > index else "j")
        shown = detail_text(app)
        assert "claim 0 of" not in shown
        assert f"claim 1 of {view.places.sentence_count} · drawn before it" in shown


@pytest.mark.parametrize("kind", ["blank line", "spaces"])
async def test_a_blank_selection_is_refused_in_one_line(
    tmp_path: Path, desk_app: DeskApp, kind: str
) -> None:
    db = tmp_path / "desk.json"
    article = load_article(_article(tmp_path))
    start, end = _blank_range(article.text, kind)
    async with desk_app(db, [article]) as (app, pilot):
        screen = screen_of(app)
        before = len(views(app)[0].claims)
        screen.tag_span(views(app)[0], start, end, ClaimStatus.CONFIRMED)
        await settle(pilot)
        assert len(views(app)[0].claims) == before
        (message,) = [n.message for n in app._notifications]
        assert message == "nothing to tag: the selection holds no words"
    assert stored(db) == []


@pytest.mark.parametrize("quote", [" ", "\n\n", " \n \t"])
def test_a_blank_quote_is_never_found_again(quote: str) -> None:
    text = "Up to 80 people died." + quote + "More than 60 were hurt."
    at = text.index(quote)
    assert reanchor(Selector(quote, "", "", at, at + len(quote)), text).status == "orphan"
    # Nor does a tag whose words were taken out land on what is left between sentences.
    edited = "Up to 80 people died.\n\n\n\nMore than 60 were hurt."
    gone = Selector("Some 40", "died.\n\n", "\n\nMore", 23, 30)
    found = reanchor(gone, edited)
    assert found.start is None or edited[found.start : found.end].strip()
