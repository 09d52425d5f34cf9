"""A journal that cannot be read: the refusal names the journal and keeps a copy of it."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest

from annotations.claims import Claim
from annotations.journal import JOURNAL_VERSION, JournalStorage, _record
from annotations.store import Desk, DeskCorruptError, DeskVersionError

ARTICLE_ID = "a" * 16


def _desk_with_a_journal(path: Path) -> Path:
    desk = Desk(JournalStorage(path), path=path)
    for i in range(3):
        desk.set_note(Claim(ARTICLE_ID, i * 10, i * 10 + 9, f"claim {i}"), f"note {i}", "ana")
    return path.with_name(path.name + ".journal")


def _bad_tag_record(journal: Path, **fields: object) -> bytes:
    """Append a record with a valid checksum whose tag document has `fields` changed."""
    lines = journal.read_bytes().split(b"\n")
    changes = orjson.loads(lines[1][9:])
    changes[0][2].update(fields)
    journal.write_bytes(journal.read_bytes() + _record(changes))
    return journal.read_bytes()


@pytest.mark.parametrize(
    "fields",
    [{"start": "x"}, {"status": "bogus"}, {"start": 10**18, "end": 10**18 + 1}, {"end": 2**63}],
)
def test_a_bad_field_in_the_journal_names_the_journal_and_copies_it(
    tmp_path: Path, fields: dict[str, object]
) -> None:
    path = tmp_path / "desk.json"
    journal = _desk_with_a_journal(path)
    desk_bytes = path.read_bytes()
    damaged = _bad_tag_record(journal, **fields)
    with pytest.raises(DeskCorruptError) as info:
        Desk.open(path)
    message = str(info.value)
    assert f"journal {journal}" in message
    (copy,) = tmp_path.glob("desk.json.journal.corrupt-*")
    assert copy.read_bytes() == damaged
    assert str(copy) in message
    assert not list(tmp_path.glob("desk.json.corrupt-*"))
    assert journal.read_bytes() == damaged and path.read_bytes() == desk_bytes


def test_a_bad_field_in_the_desk_file_copies_the_desk_file(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_note(Claim(ARTICLE_ID, 0, 9, "claim 0"), "n", "ana")
    data = json.loads(path.read_text())
    next(iter(data["tags"].values()))["end"] = 2**40
    path.write_text(json.dumps(data))
    with pytest.raises(DeskCorruptError, match=r"at most \d+") as info:
        Desk.open(path)
    (copy,) = tmp_path.glob("desk.json.corrupt-*")
    assert copy.read_bytes() == path.read_bytes()
    assert str(copy) in str(info.value)


@pytest.mark.parametrize("planted", ["other content", "link"])
def test_a_name_already_taken_gets_a_fresh_copy_never_a_false_claim(
    tmp_path: Path, planted: str
) -> None:
    path = tmp_path / "desk.json"
    journal = _desk_with_a_journal(path)
    damaged = _bad_tag_record(journal, status="bogus")
    with pytest.raises(DeskCorruptError) as first:
        Desk.open(path)
    (copy,) = tmp_path.glob("desk.json.journal.corrupt-*")
    copy.unlink()
    target = tmp_path / "elsewhere"
    if planted == "link":
        copy.symlink_to(target)
    else:
        copy.write_bytes(b"someone else's file")
    with pytest.raises(DeskCorruptError) as second:
        Desk.open(path)
    assert not target.exists()
    kept = [p for p in tmp_path.glob("desk.json.journal.corrupt-*") if p != copy]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert f"kept as {kept[0]}." in str(second.value)
    assert str(copy) in str(first.value)
    if planted != "link":
        assert copy.read_bytes() == b"someone else's file"


def test_a_newer_journal_is_refused_with_its_copy_kept(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    journal = _desk_with_a_journal(path)
    head, rest = journal.read_bytes().split(b"\n", 1)
    header = json.loads(head)
    header["newsdesk_journal"] = JOURNAL_VERSION + 1
    newer = orjson.dumps(header) + b"\n" + rest
    journal.write_bytes(newer)
    with pytest.raises(DeskVersionError) as info:
        Desk.open(path)
    (copy,) = tmp_path.glob("desk.json.journal.corrupt-*")
    assert copy.read_bytes() == newer == journal.read_bytes()
    assert str(copy) in str(info.value)
