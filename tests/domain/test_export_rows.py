"""export_rows: the one typed row per exported claim that every output format writes."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import astuple
from pathlib import Path

import pytest

from annotations import claim_cells
from annotations.articles import load_article
from annotations.claims import Claim
from annotations.export import COLUMNS, ExportRow, export_desk_csv, export_rows
from annotations.formats import export_w3c
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths


def test_rows_are_the_csv_lines_with_every_cell_filled() -> None:
    article = load_article(min(seed_paths()))
    desk = Desk.in_memory()
    desk.remember_article(article)
    text = article.text
    for opening in ("It said that its strikes", "The Syrian army and allied forces"):
        start = text.index(opening)
        end = text.index(".", start) + 1
        desk.set_status(Claim(article.id, start, end, text[start:end]), "confirmed", "ana")
    rows = list(export_rows(desk))
    assert all(isinstance(row, ExportRow) for row in rows)
    first, second = rows
    assert first.numbers == "120; 60" and "ISIS" in first.names
    assert first.entities and first.source == "Syrian Central Military Media"
    assert second.hedges == "reportedly (reporting)"
    out = io.StringIO(newline="")
    export_desk_csv(desk, out, neutralise=False)
    header, *lines = csv.reader(io.StringIO(out.getvalue(), newline=""))
    assert tuple(header) == COLUMNS
    assert lines == [[str(cell) for cell in astuple(row)] for row in rows]


def test_an_unknown_status_is_refused_before_any_row() -> None:
    with pytest.raises(ValueError, match="unknown status"):
        export_rows(Desk.in_memory(), statuses={"maybe"})


def test_a_quote_whose_article_is_gone_is_read_once_however_often_it_is_tagged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quote = "Up to 80 people were killed, the ministry reportedly said."
    desk = Desk.in_memory()
    for n in range(30):
        article_id = f"{n % 3:016x}"  # three articles the desk has no text for
        desk.set_status(Claim(article_id, n * 100, n * 100 + len(quote), quote), "disputed", "ana")
    other = "Some 40 fighters fled, officials said."
    desk.set_status(Claim("f" * 16, 0, len(other), other), ClaimStatus.CONFIRMED, "ana")
    read: list[str] = []
    real = claim_cells.sourcing_of

    def counted(article_id: str, text: str, spans: object) -> object:
        read.append(text)
        return real(article_id, text, spans)  # type: ignore[arg-type]

    monkeypatch.setattr(claim_cells, "sourcing_of", counted)
    rows = list(export_rows(desk))
    assert len(rows) == 31
    assert sorted(read) == sorted([quote, other])
    assert {row.hedges for row in rows if row.claim == quote} == {"reportedly (reporting)"}
    assert {row.source for row in rows if row.claim == other} == {"officials"}


def _claim_at(article_id: str, text: str, opening: str) -> Claim:
    start = text.index(opening)
    end = text.index(".", start) + 1
    return Claim(article_id, start, end, text[start:end])


@pytest.mark.parametrize("kind", ["csv", "w3c"])
def test_each_claim_exports_the_file_it_was_tagged_in(tmp_path: Path, kind: str) -> None:
    """One text saved under two names is one article: each claim keeps the name it was
    tagged under, whichever file was opened last, and changing it later keeps it too."""
    text = min(seed_paths()).read_text(encoding="utf-8")
    first, second = tmp_path / "wire" / "strikes.txt", tmp_path / "copy of strikes.txt"
    first.parent.mkdir()
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        article = load_article(first)
        desk.remember_article(article)
        early = _claim_at(article.id, article.text, "It said that its strikes")
        desk.set_status(early, ClaimStatus.CONFIRMED, "ana")
    with Desk.open(db) as desk:
        again = load_article(second)
        assert again.id == article.id
        desk.remember_article(again)
        late = _claim_at(again.id, again.text, "The Syrian army and allied forces")
        desk.set_status(late, ClaimStatus.DISPUTED, "bob")
        desk.set_note(early, "seen in the copy too", "bob")
    with Desk.open(db) as desk:
        if kind == "csv":
            paths = {row.claim: row.article_path for row in export_rows(desk)}
        else:
            out = io.StringIO()
            export_w3c(desk, out, for_terminal=False)
            paths = {
                node["target"]["selector"][0]["exact"]: node["target"]["source"]["dcterms:source"]
                for node in json.loads(out.getvalue())["first"]["items"]
            }
    assert paths == {early.text: str(first), late.text: str(second)}


def test_tags_saved_before_their_file_was_kept_export_the_articles_path(tmp_path: Path) -> None:
    article = load_article(min(seed_paths()))
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.remember_article(article)
        claim = _claim_at(article.id, article.text, "It said that its strikes")
        desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
    data = json.loads(db.read_text(encoding="utf-8"))
    for doc in data["tags"].values():
        del doc["path"]  # as an older newsdesk wrote it
    db.write_text(json.dumps(data), encoding="utf-8")
    (db.parent / (db.name + ".journal")).unlink()
    with Desk.open(db) as desk:
        assert [row.article_path for row in export_rows(desk)] == [article.path]
