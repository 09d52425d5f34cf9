"""Tags imported for an article newsdesk could not find are stored unchecked, said so, and
checked once the article is opened: one off its words is an orphan, never on other words."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import load_article
from annotations.store import Desk
from tests.attacks.test_untrusted_article_ids import FIRST, TEXT, forged_annotations
from tests.pilot import DeskApp, desk_opened_on, detail_text, drawn_rows, settle, views
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


# The tag's file is written only after the import, with a text other than the one its article
# id names: newsdesk never saw the words it was made on, so this is no new version of them.
LATER: dict[str, tuple[str, str]] = {
    # (later text, what becomes of the tag)
    "its figure changed": (TEXT.replace("said 120 fighters", "said 150 fighters"), "orphan"),
    "its quote elsewhere": ("Moscow (Agencies) - " + TEXT, "orphan"),
    "its quote at its offsets": (TEXT.replace("up to 80", "up to 90"), "exact"),
}


def _imported_then_other_text(tmp_path: Path, later: str) -> Path:
    """The desk g.json holding the tag on FIRST stored unchecked (its article id that of a
    text never written), then arts/later.txt written with `later`; the desk's path."""
    forged = forged_annotations(tmp_path, "A text that is never written.\n")
    db = tmp_path / "g.json"
    assert cli.main(["import-annotations", "--db", str(db), str(forged)]) == 0
    (tmp_path / "arts" / "later.txt").write_text(later)
    return db


@pytest.mark.parametrize(("later", "anchor"), LATER.values(), ids=LATER.keys())
def test_a_file_written_later_is_no_new_version_of_an_unchecked_tag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], later: str, anchor: str
) -> None:
    db = _imported_then_other_text(tmp_path, later)
    before = db.read_bytes()
    capsys.readouterr()
    assert cli.main(["export", "--db", str(db)]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["anchor"] == anchor and row["claim"] == FIRST and not row["old_quote"]
    assert row["numbers"] == "120"
    assert cli.main(["orphans", "--db", str(db), "--json"]) == 0
    orphans = [o["quote"] for o in json.loads(capsys.readouterr().out)]
    assert orphans == ([FIRST] if anchor == "orphan" else [])
    assert cli.main(["report", "--db", str(db)]) == 0
    confirmed = capsys.readouterr().out.split("## Confirmed claims")[1]
    assert ("orphan" in confirmed) == (anchor == "orphan") and "moved" not in confirmed
    assert "150" not in confirmed
    team = tmp_path / "team.json"
    assert cli.main(["merge", str(db), "-o", str(team)]) == 0
    capsys.readouterr()
    assert cli.main(["orphans", "--db", str(team), "--json"]) == 0
    assert [o["quote"] for o in json.loads(capsys.readouterr().out)] == orphans
    assert db.read_bytes() == before  # only read


def test_the_library_list_counts_no_unchecked_tag_off_its_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _imported_then_other_text(tmp_path, LATER["its figure changed"][0])
    assert cli.main(["import", "--db", str(db), str(tmp_path / "arts" / "later.txt")]) == 0
    capsys.readouterr()
    assert cli.main(["list", "--db", str(db)]) == 0
    (row,) = [line for line in capsys.readouterr().out.splitlines() if "later.txt" in line]
    assert row.split()[-1] == "0", row


def test_a_tag_checked_on_its_text_at_import_moves_with_a_later_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Imported while its article was found, the tag sat on words newsdesk saw: an edit of
    that file later is a new version, and the tag follows its claim into the new wording."""
    forged = forged_annotations(tmp_path, TEXT)
    (tmp_path / "arts" / "later.txt").write_text(TEXT)
    db = tmp_path / "g.json"
    assert cli.main(["import-annotations", "--db", str(db), str(forged)]) == 0
    assert "unchecked" not in capsys.readouterr().err
    (tmp_path / "arts" / "later.txt").write_text(LATER["its figure changed"][0])
    assert cli.main(["export", "--db", str(db)]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["anchor"] == "moved" and row["old_quote"] == FIRST and "150" in row["claim"]


async def test_the_open_desk_shows_no_check_mark_on_the_text_written_later(
    tmp_path: Path,
) -> None:
    db = _imported_then_other_text(tmp_path, LATER["its figure changed"][0])
    article = load_article(tmp_path / "arts" / "later.txt")
    # As `newsdesk --db g.json arts/later.txt` opens it.
    async with desk_opened_on(db, [article]) as (app, pilot, warnings):
        (view,) = views(app)
        assert view.claims[0].text.startswith("Officials said 150 fighters")
        assert not view.marks and not any("✓" in row for row in drawn_rows(view))
        assert "Moved" not in detail_text(app) and "it read" not in detail_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OrphanPanel)
        assert [tag.quote for tag in app.screen.orphans] == [FIRST]
    assert len(warnings) == 1 and "stored unchecked" in warnings[0], warnings


def test_a_team_desk_knows_an_article_one_analyst_saw_as_seen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One desk holds the tag stored unchecked, the other an analyst's tag made on the same
    text: merged, the analyst's tag still follows an edit of the file into new wording."""
    from annotations.claims import find_claims
    from annotations.detection import detect
    from annotations.store import ClaimStatus

    forged = forged_annotations(tmp_path, TEXT)
    unchecked = tmp_path / "g.json"
    assert cli.main(["import-annotations", "--db", str(unchecked), str(forged)]) == 0
    later = tmp_path / "arts" / "later.txt"
    later.write_text(TEXT)
    article = load_article(later)
    seen = tmp_path / "seen.json"
    with Desk.open(seen) as desk:
        desk.remember_article(article)
        claims = find_claims(article.id, article.text, detect(article.text))
        desk.set_status(claims[1], ClaimStatus.DISPUTED, "reader")
    team = tmp_path / "team.json"
    assert cli.main(["merge", str(unchecked), str(seen), "-o", str(team)]) == 0
    later.write_text(TEXT.replace("up to 80", "up to 90"))
    capsys.readouterr()
    assert cli.main(["export", "--db", str(team)]) == 0
    rows = {r["status"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["confirmed"]["anchor"] == "exact" and rows["confirmed"]["claim"] == FIRST
    assert rows["disputed"]["anchor"] == "moved" and "up to 90" in rows["disputed"]["claim"]


async def test_once_the_desk_showed_its_text_the_tag_follows_later_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], desk_app: DeskApp
) -> None:
    forged = forged_annotations(tmp_path, TEXT)  # the id of the text it was made on
    db = tmp_path / "g.json"
    assert cli.main(["import-annotations", "--db", str(db), str(forged)]) == 0
    later = tmp_path / "arts" / "later.txt"
    later.write_text(TEXT)
    async with desk_app(db, [load_article(later)]) as (app, _):
        (view,) = views(app)
        assert list(view.marks) == [0]  # the analyst saw it on its words
    later.write_text(LATER["its figure changed"][0])
    capsys.readouterr()
    assert cli.main(["export", "--db", str(db)]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["anchor"] == "moved" and row["old_quote"] == FIRST and "150" in row["claim"]
