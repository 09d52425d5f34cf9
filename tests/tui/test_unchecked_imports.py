"""Tags imported for an article newsdesk could not find are stored unchecked, said so, and
checked once the article is opened: one off its words is an orphan, never on other words."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import load_article
from tests.pilot import DeskApp, detail_text, settle
from tests.tui.test_formats_cli import NOTE, _desk
from tests.tui.test_import_annotation_checks import _position, _quote
from tui import cli
from tui.orphans import OrphanPanel

Edit = Callable[[dict[str, Any], str], None]


def _same_length_other_words(annotation: dict[str, Any], text: str) -> None:
    quote = _quote(annotation)
    quote["exact"] = "x" * len(quote["exact"])


def _next_sentence(annotation: dict[str, Any], text: str) -> None:
    # The offsets of another claim of the article, with the tag's own quote.
    position = _position(annotation)
    start = text.index(".", position["end"]) + 2
    length = position["end"] - position["start"]
    position.update(start=start, end=start + length)


def _blank(annotation: dict[str, Any], text: str) -> None:
    quote, position = _quote(annotation), _position(annotation)
    quote["exact"] = " " * (position["end"] - position["start"])


EDITS: dict[str, Edit] = {
    "other words, same offsets": _same_length_other_words,
    "its quote at another claim's offsets": _next_sentence,
}


def _unchecked_file(tmp_path: Path, edit: Edit) -> tuple[Path, Path, str]:
    """A W3C file whose first tag is off its article's words, for an article newsdesk cannot
    find when it is imported; the article's file (moved away), and the tag's id."""
    db = tmp_path / "desk.json"
    _desk(db)
    article = tmp_path / "blast.txt"
    text = article.read_text(encoding="utf-8")
    exported = tmp_path / "a.w3c.json"
    assert cli.main(["export", "--db", str(db), "--format", "w3c", "-o", str(exported)]) == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    annotations = document["first"]["items"]
    first = min(annotations, key=lambda a: _position(a)["start"])
    edit(first, text)
    forged = tmp_path / "forged.w3c.json"
    forged.write_text(json.dumps(document), encoding="utf-8")
    later = tmp_path / "later" / "blast.txt"
    later.parent.mkdir()
    article.rename(later)  # newsdesk cannot find it at import time
    return forged, later, first["id"].rsplit(":", 1)[1]


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
async def test_a_tag_stored_unchecked_that_is_off_its_words_is_an_orphan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], desk_app: DeskApp, edit: Edit
) -> None:
    forged, later, tag_id = _unchecked_file(tmp_path, edit)
    team = tmp_path / "imported.json"
    capsys.readouterr()
    assert cli.main(["import-annotations", str(forged), "--db", str(team)]) == 0
    err = capsys.readouterr().err
    assert "stored 2 claim(s) unchecked" in err and "not found" in err, err
    assert err.count("\n") == 1
    article = load_article(later)
    async with desk_app(team, [article]) as (app, pilot):
        view = app.screen.current_view  # type: ignore[attr-defined]
        # The forged tag marks no claim: only the other tag's claim shows a verdict.
        marked = [view.claims[i].text for i in view.marks]
        assert len(marked) == 1, marked
        # Tagging the claim at the orphan's place is refused: its verdict and note stay the
        # orphan's, never this claim's.
        stale = app.desk.tag_by_id(tag_id)
        assert stale is not None
        places = [i for i, c in enumerate(view.claims) if (c.start, c.end) == stale.key[1:]]
        assert places or edit is _next_sentence
        for place in places:  # the offsets of a claim of the article, with other words
            while view.current_claim != place:
                await pilot.press("k" if view.current_claim > place else "j")
            assert "Link:" not in detail_text(app)  # nor are its links this claim's
            await pilot.press("d")
            await settle(pilot)
            assert view.marks.get(place) is None
            assert "holds an orphaned tag" in [n.message for n in app._notifications][-1]
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OrphanPanel)
        (orphan,) = app.screen.orphans
        assert orphan.id == tag_id and orphan.status is not None and orphan.note == NOTE
    capsys.readouterr()
    assert cli.main(["orphans", "--db", str(team), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["id"] == tag_id and listed["note"] == NOTE and listed["status"] == "confirmed"
