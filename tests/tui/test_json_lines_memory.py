"""`detect --jsonl` of a long report holds its output, not a buffer for every line of it."""

from __future__ import annotations

import io
import sys
import tracemalloc

import pytest

from tui.cli.common import print_json


def test_json_lines_take_memory_in_step_with_what_they_print(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Like the spans of a 1 MB report: 20,000 small records.
    records = [
        {"file": "report.txt", "start": n, "end": n + 7, "text": "Mayadeen", "kind": "name"}
        for n in range(20_000)
    ]
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    tracemalloc.start()
    try:
        print_json(records, lines=True)
        sys.stdout.flush()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    printed = out.getvalue()
    assert printed.count(b"\n") == 20_000
    # The lines, a copy of them to write and the stream's: a few times what is printed. A
    # buffer kept for each line took some 4 KB a line (50 times the output).
    assert peak < 5 * len(printed) + 1_000_000
