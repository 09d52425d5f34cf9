"""The desk's change journal: replay, torn and damaged records, versions, compaction, kills."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from annotations.claims import Claim
from annotations.journal import JOURNAL_VERSION, JournalStorage
from annotations.store import ClaimStatus, Desk, DeskCorruptError, DeskVersionError

ARTICLE_ID = "a" * 16


def claim(i: int) -> Claim:
    return Claim(ARTICLE_ID, i * 10, i * 10 + 9, f"claim {i:03d}")


def unlocked(path: Path) -> Desk:
    """A desk on the journal storage without the lock, so that a test can "crash" it."""
    return Desk(JournalStorage(path), path=path)


def notes(path: Path) -> dict[int, str]:
    with Desk.open(path, lock=False) as desk:
        return {tag.start // 10: tag.note for tag in desk.tags()}


def journal(path: Path) -> Path:
    return path.with_name(path.name + ".journal")


def test_a_change_appends_to_the_journal_and_leaves_the_desk_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    desk = unlocked(path)
    desk.set_note(claim(0), "first", "ana")
    before = path.read_bytes()
    size = journal(path).stat().st_size
    desk.set_note(claim(1), "second", "ana")
    assert path.read_bytes() == before
    grown = journal(path).stat().st_size - size
    assert 0 < grown < 1000
    # Never closed, as after a kill: opening replays the journal.
    assert notes(path) == {0: "first", 1: "second"}


def test_closing_compacts_into_a_tinydb_file_tinydb_opens(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        for i in range(5):
            desk.set_status(claim(i), ClaimStatus.CONFIRMED, "ana")
        desk.set_status(claim(2), None, "ana")
    header = journal(path).read_bytes()
    assert header.count(b"\n") == 1  # only the header is left
    db = TinyDB(path)
    try:
        assert len(db.table("tags")) == 4
        assert db.table("meta").all() == [{"schema": 1}]
    finally:
        db.close()


def test_replay_applies_undo_and_deletions_in_order(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    desk = unlocked(path)
    desk.set_note(claim(0), "a", "ana")
    desk.set_note(claim(1), "b", "ana")
    desk.set_note(claim(0), "a2", "ana")
    desk.set_note(claim(1), "", "ana")  # removes the tag
    desk.undo()  # puts it back
    desk.set_note(claim(2), "c", "ana")
    desk.undo()
    assert notes(path) == {0: "a2", 1: "b"}


@pytest.mark.parametrize(
    "tail",
    [b"0000", b'deadbeef [["tags","9",', b'00000000 [["tags","9",null]]\n'],
    ids=["cut-in-checksum", "cut-in-payload", "bad-checksum"],
)
def test_a_torn_last_record_is_dropped_whole_and_cut_off_at_the_next_write(
    tmp_path: Path, tail: bytes
) -> None:
    path = tmp_path / "desk.json"
    desk = unlocked(path)
    desk.set_note(claim(0), "kept", "ana")
    desk.set_note(claim(1), "kept too", "ana")
    with journal(path).open("ab") as out:
        out.write(tail)
    assert notes(path) == {0: "kept", 1: "kept too"}
    with Desk.open(path) as again:
        again.set_note(claim(2), "after", "ana")
        assert tail not in journal(path).read_bytes()
    assert notes(path) == {0: "kept", 1: "kept too", 2: "after"}


def test_a_damaged_record_before_good_ones_is_refused_with_a_copy(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    desk = unlocked(path)
    for i in range(3):
        desk.set_note(claim(i), f"note {i}", "ana")
    lines = journal(path).read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"note 1", b"note X")  # checksum no longer matches
    damaged = b"\n".join(lines)
    journal(path).write_bytes(damaged)
    with pytest.raises(DeskCorruptError, match="journal") as info:
        Desk.open(path)
    assert journal(path).read_bytes() == damaged
    (copy,) = tmp_path.glob("desk.json.journal.corrupt-*")
    assert str(copy) in str(info.value)


def test_a_journal_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    desk = unlocked(path)
    desk.set_note(claim(0), "x", "ana")
    lines = journal(path).read_bytes().split(b"\n", 1)
    header = json.loads(lines[0])
    header["newsdesk_journal"] = JOURNAL_VERSION + 1
    newer = orjson.dumps(header) + b"\n" + lines[1]
    journal(path).write_bytes(newer)
    with pytest.raises(DeskVersionError, match=f"journal version {JOURNAL_VERSION + 1}"):
        Desk.open(path)
    assert journal(path).read_bytes() == newer


def _leave_a_stale_journal(path: Path) -> bytes:
    """Note "old" then "new" on claim 0, compact, and put the journal of "old" back (as a kill
    between a compaction's two steps leaves it); that journal's bytes."""
    desk = unlocked(path)
    desk.set_note(claim(0), "old", "ana")
    stale = journal(path).read_bytes()
    desk.set_note(claim(0), "new", "ana")
    storage = desk._storage
    assert isinstance(storage, JournalStorage)
    storage.compact()
    journal(path).write_bytes(stale)
    return stale


def test_a_journal_of_an_older_desk_file_is_ignored(tmp_path: Path) -> None:
    # A kill between writing the compacted file and starting its journal leaves the old
    # journal, whose changes the file already holds; replaying it could undo later ones.
    path = tmp_path / "desk.json"
    _leave_a_stale_journal(path)
    assert notes(path) == {0: "new"}
    with Desk.open(path) as again:
        again.set_note(claim(1), "more", "ana")
    assert notes(path) == {0: "new", 1: "more"}


def test_a_desk_file_from_before_journals_opens_and_gains_one(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema": 1}}, "tags": {}}))
    with Desk.open(path) as desk:
        desk.set_note(claim(0), "x", "ana")
        desk.set_note(claim(1), "y", "ana")
    assert notes(path) == {0: "x", 1: "y"}


def test_a_grown_journal_is_compacted_between_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotations.journal._MIN_COMPACT_BYTES", 2000)
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        compactions = 0
        for i in range(60):
            desk.set_note(claim(i), "n" * 50, "ana")
            compactions += desk.compact_if_due()
            # Compaction keeps the journal near the size of the desk file, or the minimum.
            limit = max(2000, path.stat().st_size) + 400
            assert journal(path).stat().st_size <= limit
        assert compactions >= 3
    assert len(notes(path)) == 60


# -- kill -9 at random moments --------------------------------------------------------------

_CHILD = """
import sys
import annotations.journal
from annotations.claims import Claim
from annotations.store import Desk

annotations.journal._MIN_COMPACT_BYTES = int(sys.argv[2])
desk = Desk.open(sys.argv[1])
start = int(sys.argv[3])
for i in range(start, start + 100000):
    desk.set_note(Claim("a" * 16, i * 10, i * 10 + 9, "c"), f"note {i} " + "x" * 200, "ana")
    print(i, flush=True)  # acknowledged: on disk before this line is written
    if desk._storage.compaction_due:
        print("compacting", flush=True)
        desk.compact_if_due()
        print("compacted", flush=True)
"""


def _run_and_kill(path: Path, rng: random.Random, start: int, during_compaction: bool) -> int:
    """Run a writer, SIGKILL it; return the last change it acknowledged (start - 1 if none)."""
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_CHILD), str(path), "3000", str(start)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    last = start - 1
    wanted = rng.randint(5, 40)
    compactions = 0
    for line in child.stdout:
        word = line.strip()
        if word.isdigit():
            last = int(word)
            if not during_compaction and last - start >= wanted:
                break
        elif word == "compacting":
            compactions += 1
            if during_compaction and compactions >= rng.randint(1, 2):
                # The compaction (a whole-file write of a few kB) is under way now.
                os.kill(child.pid, signal.SIGKILL)
                break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    # Lines already printed but not yet read are acknowledged too.
    for line in child.stdout:
        if line.strip().isdigit():
            last = int(line.strip())
    return last


@pytest.mark.parametrize("during_compaction", [False, True], ids=["anywhere", "compacting"])
def test_kill_9_loses_nothing_acknowledged(tmp_path: Path, during_compaction: bool) -> None:
    path = tmp_path / "desk.json"
    rng = random.Random(1877755 + during_compaction)
    start = 0
    for _ in range(6):
        last = _run_and_kill(path, rng, start, during_compaction)
        held = notes(path)
        for i in range(last + 1):
            assert held.get(i, "").startswith(f"note {i} "), (i, last)
        # A change killed before its acknowledgement may or may not be there, never half.
        assert set(held) <= set(range(last + 2))
        start = max(held) + 1 if held else 0
    assert start > 20


def _kept_only_in_the_journal(path: Path) -> bytes:
    """A desk whose notes are all in its journal still (as after a kill); the journal's bytes."""
    desk = unlocked(path)
    for i in range(3):
        desk.set_note(claim(i), f"note {i}", "ana")
    return journal(path).read_bytes()


@pytest.mark.parametrize("how", ["older desk file put back", "journal's generation edited"])
def test_a_journal_of_another_desk_file_is_refused_with_a_copy_never_dropped(
    tmp_path: Path, how: str
) -> None:
    path = tmp_path / "desk.json"
    if how == "older desk file put back":
        desk = unlocked(path)
        desk.set_note(claim(9), "first", "ana")
        older = path.read_bytes()
        desk._storage.compact()  # type: ignore[attr-defined]
        desk.set_note(claim(0), "only in the journal", "ana")
        path.write_bytes(older)
    else:
        _kept_only_in_the_journal(path)
        header, rest = journal(path).read_bytes().split(b"\n", 1)
        edited = json.loads(header)
        edited["generation"] = "f" * 32
        journal(path).write_bytes(orjson.dumps(edited) + b"\n" + rest)
    kept = journal(path).read_bytes()
    with pytest.raises(DeskCorruptError, match="another version of the file") as info:
        Desk.open(path)
    assert journal(path).read_bytes() == kept
    (copy,) = tmp_path.glob("desk.json.journal.corrupt-*")
    assert copy.read_bytes() == kept and str(copy) in str(info.value)


def test_a_journal_without_its_desk_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    kept = _kept_only_in_the_journal(path)
    path.unlink()
    with pytest.raises(DeskCorruptError, match="another version of the file"):
        Desk.open(path)
    assert journal(path).read_bytes() == kept


def test_another_file_written_over_the_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    _kept_only_in_the_journal(path)
    journal(path).write_bytes(orjson.dumps({"meta": {"1": {"schema": 1}}, "tags": {}}))
    with pytest.raises(DeskCorruptError, match="not a journal header"):
        Desk.open(path)


def test_a_stale_journal_after_two_compactions_in_a_row_is_still_stale(tmp_path: Path) -> None:
    # Open with a stale journal, then compact again: the journal left by a kill then is the
    # same stale one, named as the file's previous generation, so it is ignored, not refused.
    path = tmp_path / "desk.json"
    stale = _leave_a_stale_journal(path)
    again = unlocked(path)
    again.set_note(claim(1), "more", "ana")  # compacts first: the stale journal is superseded
    journal(path).write_bytes(stale)  # a kill before the new journal was started
    assert notes(path) == {0: "new", 1: "more"}
