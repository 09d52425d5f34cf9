"""JSON Lines export: the same claims and values as the CSV, typed."""

from __future__ import annotations

import csv
import io
import json

from hypothesis import HealthCheck, given, settings

from annotations.claim_history import ClaimChange, describe_history
from annotations.export import COLUMNS, export_csv, export_rows
from annotations.formats import claim_records, export_jsonl
from annotations.store import Desk
from tests.domain.test_w3c import desks


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(desks())
def test_every_record_is_its_csv_row_typed(desk: Desk) -> None:
    rows = export_rows(desk)
    out = io.StringIO()
    assert export_jsonl(claim_records(desk, rows), out, for_terminal=False) == len(rows)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    table = io.StringIO(newline="")
    export_csv(rows, table, neutralise=False)
    cells = list(csv.DictReader(io.StringIO(table.getvalue(), newline="")))
    assert len(records) == len(cells)
    for record, cell in zip(records, cells, strict=True):
        assert tuple(record) == COLUMNS
        for key in ("claim_id", "status", "claim", "note", "analyst", "anchor", "updated_at"):
            assert record[key] == cell[key]
        assert (str(record["start"]), str(record["end"])) == (cell["start"], cell["end"])
        assert type(record["start"]) is int and type(record["end"]) is int
        for key in ("numbers", "names", "entities"):
            assert "; ".join(record[key]) == cell[key]
        assert (record["old_quote"] or "") == cell["old_quote"]
        assert (record["source"] or "") == cell["source"]
        hedges = "; ".join(f"{h['text']} ({h['kind']})" for h in record["hedges"])
        assert hedges == cell["hedges"]
        history = [ClaimChange(**change) for change in record["history"]]
        assert describe_history(history) == cell["history"]
        links = "; ".join(
            f"{link['relation']}:{link['claim_id']}"
            + (f" by {link['analyst']}" if link["analyst"] else "")
            + (f" ({link['article_title']})" if link["article_title"] else "")
            for link in record["links"]
        )
        assert links == cell["links"]
        verdicts = "; ".join(f"{v['analyst']}: {v['status']}" for v in record["verdicts"])
        assert verdicts == cell["verdicts"]
        assert record["conflict"] is (cell["conflict"] == "yes")
