"""export_rows: the one typed row per exported claim that every output format writes."""

from __future__ import annotations

import csv
import io
from dataclasses import astuple

import pytest

from annotations import claim_cells
from annotations.articles import load_article
from annotations.claims import Claim
from annotations.export import COLUMNS, ExportRow, export_desk_csv, export_rows
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
