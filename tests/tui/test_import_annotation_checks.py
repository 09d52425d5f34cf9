"""`import-annotations` refuses, whole, a file whose tags would not sit on their text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.test_formats_cli import _desk
from tui import cli

Edit = Callable[[dict[str, Any], str], None]


def _position(annotation: dict[str, Any]) -> dict[str, Any]:
    selectors = annotation["target"]["selector"]
    return next(s for s in selectors if s["type"] == "TextPositionSelector")


def _quote(annotation: dict[str, Any]) -> dict[str, Any]:
    selectors = annotation["target"]["selector"]
    return next(s for s in selectors if s["type"] == "TextQuoteSelector")


def _at(start: int, end: int) -> Edit:
    def edit(annotation: dict[str, Any], text: str) -> None:
        _position(annotation).update(start=start, end=end)

    return edit


def _empty_at_end(annotation: dict[str, Any], text: str) -> None:
    _position(annotation).update(start=len(text), end=len(text))


def _past_the_end(annotation: dict[str, Any], text: str) -> None:
    length = len(_quote(annotation)["exact"])
    _position(annotation).update(start=len(text) + 5, end=len(text) + 5 + length)


def _other_quote_same_length(annotation: dict[str, Any], text: str) -> None:
    quote = _quote(annotation)
    quote["exact"] = "x" * len(quote["exact"])


def _other_quote(annotation: dict[str, Any], text: str) -> None:
    _quote(annotation)["exact"] = "nonexistent quote"


EDITS: dict[str, Edit] = {
    "2^64": _at(2**64, 2**64 + 1),
    "2^63": _at(2**63, 2**63 + 1),
    "10^40": _at(10**40, 10**40 + 1),
    "empty": _at(5, 5),
    "empty at the end": _empty_at_end,
    "past the end": _past_the_end,
    "a million": _at(1_000_000, 1_000_010),
    "other quote": _other_quote,
    "other quote, same length": _other_quote_same_length,
}


@pytest.mark.parametrize("new_desk", [False, True], ids=["existing desk", "new desk"])
@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_tag_off_its_text_is_refused_whole_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Edit, new_desk: bool
) -> None:
    db = tmp_path / "desk.json"
    _desk(db)
    text = (tmp_path / "blast.txt").read_text(encoding="utf-8")
    exported = tmp_path / "a.w3c.json"
    assert cli.main(["export", "--db", str(db), "--format", "w3c", "-o", str(exported)]) == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    annotations = document["first"]["items"] if "first" in document else document["items"]
    edit(annotations[1], text)
    bad = tmp_path / "bad.w3c.json"
    bad.write_text(json.dumps(annotations and document), encoding="utf-8")
    target = tmp_path / "new.json" if new_desk else tmp_path / "k.json"
    if not new_desk:
        # The desk holds earlier work on the same article (its own copy of the tags).
        assert cli.main(["import-annotations", str(exported), "--db", str(target)]) == 0
    before = target.read_bytes() if target.exists() else None
    capsys.readouterr()
    assert cli.main(["import-annotations", str(bad), "--db", str(target)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "annotation 2" in err, err
    assert (target.read_bytes() if target.exists() else None) == before
    assert not list(tmp_path.glob("*.corrupt-*"))
    if not new_desk:
        assert cli.main(["export", "--db", str(target)]) == 0
        assert cli.main(["orphans", "--db", str(target)]) == 0


@pytest.mark.parametrize("modified", ["2999-01-01T00:00:00Z", "2999-01-01T00:00:00", "yesterday"])
def test_a_modified_time_ahead_of_the_clock_or_not_a_time_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], modified: str
) -> None:
    # A merge takes the latest change's wording: a time ahead of now would win for ever.
    db = tmp_path / "desk.json"
    _desk(db)
    exported = tmp_path / "a.w3c.json"
    assert cli.main(["export", "--db", str(db), "--format", "w3c", "-o", str(exported)]) == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    annotations = document["first"]["items"] if "first" in document else document["items"]
    original = annotations[1]["modified"]
    annotations[1]["modified"] = modified
    bad = tmp_path / "bad.w3c.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "k.json"
    capsys.readouterr()
    assert cli.main(["import-annotations", str(bad), "--db", str(target)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "annotation 2" in err and "modified time" in err, err
    assert not target.exists()
    # As exported (a time of this machine's clock): taken.
    annotations[1]["modified"] = original
    bad.write_text(json.dumps(document), encoding="utf-8")
    assert cli.main(["import-annotations", str(bad), "--db", str(target)]) == 0
    # An hour ahead: another analyst's clock, taken.
    from datetime import UTC, datetime, timedelta

    ahead = (datetime.now(UTC) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    annotations[1]["modified"] = ahead
    bad.write_text(json.dumps(document), encoding="utf-8")
    assert cli.main(["import-annotations", str(bad), "--db", str(tmp_path / "k2.json")]) == 0
