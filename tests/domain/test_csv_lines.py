"""The export's CSV text is byte for byte what csv.writer writes from the neutralised cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.csv_lines import CsvCells, cell_text, neutralise_cell
from annotations.export import (
    COLUMNS,
    ExportClaim,
    ExportRow,
    _row,
    _write_claims_csv,
    export_csv,
    export_desk_csv,
    export_rows,
)
from annotations.safe_text import printable
from annotations.store import SCHEMA, ClaimStatus, Desk, Tag


def _reference(rows: Sequence[Sequence[object]], neutralise: bool, for_terminal: bool) -> str:
    """What the export wrote before: csv.writer over neutralised (and printable) cells."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells: list[object] = []
        for value in row:
            if isinstance(value, str):
                value = neutralise_cell(value) if neutralise else value
                value = printable(value) if for_terminal else value
            cells.append(value)
        writer.writerow(cells)
    return out.getvalue()


def _written(claims: list[ExportClaim], neutralise: bool, for_terminal: bool) -> str:
    out = io.StringIO(newline="")
    assert _write_claims_csv(claims, out, neutralise, for_terminal) == len(claims)
    return out.getvalue()


# Every character below U+3100 (controls, every kind of space, the formula starts, quotes,
# separators), lone surrogates and a spread of the rest.
CHARACTERS = [*range(0x3100), *range(0xD800, 0xE000, 7), *range(0x3100, 0x110000, 4093)]


@pytest.mark.parametrize("neutralise", [True, False])
@pytest.mark.parametrize("for_terminal", [True, False])
def test_a_cell_is_written_as_csv_writer_writes_it_for_every_character(
    neutralise: bool, for_terminal: bool
) -> None:
    text_of = cell_text(neutralise, for_terminal)
    cells = CsvCells(neutralise)
    for code in CHARACTERS:
        c = chr(code)
        for value in (c, f"a{c}b", f"{c}=1", f" {c}", f"{c} -1", f'{c}"{c}'):
            expected = _reference([[value, 1]], neutralise, for_terminal).split("\r\n", 1)[1]
            assert text_of(value) + ",1\r\n" == expected, (code, value)
            if not for_terminal:
                assert cells.joined((value, "1")) + "\r\n" == expected, (code, value)
                assert cells.known[value] + ",1\r\n" == expected, (code, value)


HOSTILE = st.text(
    alphabet=st.sampled_from(list(',"\r\n =+-@\t\u00a0\u3000\u202e\x1b;:aZ5\u00e9\u4e8c\ud800')),
    max_size=8,
)


def _claims(draw: st.DrawFn) -> ExportClaim:
    text = draw(st.lists(HOSTILE, min_size=22, max_size=22))
    article = tuple(text[4:8])
    analysis = tuple(text[8:14])
    start = draw(st.integers(0, 10**6))
    return cast(ExportClaim, (*text[:4], article, start, start + 5, analysis, *text[14:22]))


@settings(max_examples=300, deadline=None)
@given(
    claims=st.lists(st.composite(_claims)(), max_size=6),
    neutralise=st.booleans(),
    for_terminal=st.booleans(),
)
def test_exported_claims_are_written_as_csv_writer_writes_them(
    claims: list[ExportClaim], neutralise: bool, for_terminal: bool
) -> None:
    # Claims sharing their article's and analysis cells, as an export's claims do.
    shared = [cast(ExportClaim, (*c[:4], claims[0][4], *c[5:])) for c in claims]
    for batch in (claims, shared):
        expected = _reference([_row(c) for c in batch], neutralise, for_terminal)
        assert _written(batch, neutralise, for_terminal) == expected
        out = io.StringIO(newline="")
        rows = [ExportRow(*_row(c)) for c in batch]
        export_csv(rows, out, neutralise=neutralise, for_terminal=for_terminal)
        assert out.getvalue() == expected


def test_a_desk_of_hostile_tags_exports_as_csv_writer_writes_its_rows(tmp_path: Path) -> None:
    values = ["=1+2", " -3", '"quoted", and more', "line\r\nbreak", "\u202eevil", "@x", "plain"]
    tags = {}
    for n, value in enumerate(values):
        status = (ClaimStatus.CONFIRMED, ClaimStatus.DISPUTED, None)[n % 3]
        note = value if status is None or n % 2 else ""
        tag = Tag(
            value + str(n), "article", n * 10, n * 10 + 5, value, "", "", status, note, value,
            value, value, value,
        )  # fmt: skip
        tags[str(n + 1)] = tag.to_doc()
    db = tmp_path / "desk.json"
    db.write_bytes(orjson.dumps({"meta": {"1": {"schema": SCHEMA}}, "tags": tags}))
    with Desk.open(db) as desk:
        rows = [[getattr(row, column) for column in COLUMNS] for row in export_rows(desk)]
        assert len(rows) == len(values)
        for neutralise in (True, False):
            for for_terminal in (True, False):
                out = io.StringIO(newline="")
                export_desk_csv(desk, out, neutralise=neutralise, for_terminal=for_terminal)
                assert out.getvalue() == _reference(rows, neutralise, for_terminal)
