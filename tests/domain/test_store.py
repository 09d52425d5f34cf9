"""Tests for the desk store and its durable storage."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from annotations.claims import Claim
from annotations.storage import AtomicJSONStorage
from annotations.store import (
    ClaimStatus,
    Desk,
    DeskCorruptError,
    DeskLockedError,
    DeskVersionError,
    DeskWriteError,
)
from tests.domain.desks import ARTICLE, FIRST, SECOND, on_disk

# -- behaviour on any storage ---------------------------------------------------------------


def test_set_status_is_found_by_tag_at_and_counted(desk: Desk) -> None:
    tag = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana", prefix="", suffix=" More than")
    assert tag is not None
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == tag
    assert desk.tag_at(ARTICLE.id, SECOND.start, SECOND.end) is None
    assert tag.quote == FIRST.text and tag.status is ClaimStatus.CONFIRMED
    assert tag.analyst == "ana" and tag.suffix == " More than"
    assert tag.updated_at.endswith("Z") and len(tag.id) == 12
    desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    assert desk.counts() == {"confirmed": 1, "disputed": 1, "noted": 0}


def test_tag_id_is_stable_while_the_claim_stays_tagged(desk: Desk) -> None:
    first = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    changed = desk.set_status(FIRST, ClaimStatus.DISPUTED, "ben")
    noted = desk.set_note(FIRST, "casualty figures differ", "ben")
    other = desk.set_status(SECOND, ClaimStatus.CONFIRMED, "ana")
    assert first is not None and changed is not None and noted is not None and other is not None
    assert first.id == changed.id == noted.id
    assert other.id != first.id
    assert noted.status is ClaimStatus.DISPUTED and noted.analyst == "ben"


def test_only_tagged_or_noted_claims_are_stored(desk: Desk) -> None:
    assert desk.set_status(FIRST, None, "ana") is None
    assert desk.set_note(FIRST, "", "ana") is None
    assert desk.tags() == []
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    desk.set_note(FIRST, "check the toll", "ana")
    assert desk.set_status(FIRST, None, "ana") is not None  # the note keeps it
    assert desk.counts()["noted"] == 1
    assert desk.set_note(FIRST, "  ", "ana") is None
    assert desk.tags() == []
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) is None


def test_undo_walks_back_every_change(desk: Desk) -> None:
    confirmed = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    noted = desk.set_note(FIRST, "source: ministry", "ana")
    desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    assert desk.undo() is None  # SECOND back to untagged
    assert desk.tag_at(ARTICLE.id, SECOND.start, SECOND.end) is None
    assert desk.undo() == confirmed
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == confirmed
    assert noted is not None and noted.note
    assert desk.undo() is None
    assert desk.tags() == []
    assert not desk.can_undo
    assert desk.undo() is None


def test_articles_are_remembered_without_their_text(desk: Desk) -> None:
    desk.remember_article(ARTICLE)
    info = desk.article_info(ARTICLE.id)
    assert info == {
        "id": ARTICLE.id,
        "title": ARTICLE.title,
        "date": ARTICLE.date,
        "path": ARTICLE.path,
        "source": ARTICLE.source,
    }
    assert desk.article_info("missing") is None
    if desk.path is not None:
        assert "Mogadishu. More" not in desk.path.read_text("utf-8")


def test_reads_from_another_thread_during_writes(desk: Desk) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                for tag in desk.tags():
                    assert desk.tag_at(tag.article_id, tag.start, tag.end) is not None
        except BaseException as exc:  # noqa: B902 - reported to the main thread below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(60):
            desk.set_status(Claim("b", i * 10, i * 10 + 5, "x"), ClaimStatus.CONFIRMED, "ana")
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert len(desk.tags()) == 60


# -- the file -------------------------------------------------------------------------------


def test_reopened_desk_finds_its_tags_and_is_a_tinydb_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "desk.json"
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        tag = desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        desk.set_note(SECOND, "who counted?", "ben")
        desk.set_note(SECOND, "who counted? (2)", "ben")
        noted = desk.tag_at(ARTICLE.id, SECOND.start, SECOND.end)
    with Desk.open(path) as again:
        assert again.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == tag
        assert again.tag_at(ARTICLE.id, SECOND.start, SECOND.end) == noted
        assert again.article_info(ARTICLE.id) is not None
        assert not again.can_undo  # undo is per session
    db = TinyDB(path)
    try:
        assert {"meta", "tags", "articles"} <= db.tables()
        assert len(db.table("tags")) == 2
        assert db.table("meta").all() == [{"schema": 1}]
    finally:
        db.close()


def test_undo_is_written_to_disk(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        desk.undo()
    (doc,) = on_disk(path)["tags"].values()
    assert doc["status"] == "confirmed"


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema": 2}}, "tags": {}}))
    before = path.read_bytes()
    with pytest.raises(DeskVersionError, match="schema 2") as info:
        Desk.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    # The refusal released the lock: the same process may try again.
    with pytest.raises(DeskVersionError):
        Desk.open(path)


@pytest.mark.parametrize(
    "content",
    [b'{"meta": {"1": {"schema": 1}}, "tags": {', b"[1, 2, 3]", b'{"tags": {"1": 5}}'],
    ids=["truncated", "not-a-table-layout", "document-not-an-object"],
)
def test_corrupt_file_is_refused_untouched_with_a_backup(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "desk.json"
    path.write_bytes(content)
    with pytest.raises(DeskCorruptError) as info:
        Desk.open(path)
    message = str(info.value)
    assert str(path) in message
    assert path.read_bytes() == content
    (backup,) = tmp_path.glob("desk.json.corrupt-*")
    assert str(backup) in message
    assert backup.read_bytes() == content


@pytest.mark.parametrize(
    "change",
    [{"start": None}, {"status": "maybe"}, {"note": 5}, {"status": ["confirmed"]}],
    ids=["start", "status", "note", "unhashable-status"],
)
def test_damaged_tag_document_is_refused(tmp_path: Path, change: dict[str, object]) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    data = on_disk(path)
    data["tags"]["1"].update(change)
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(DeskCorruptError, match="tag document 1"):
        Desk.open(path)


def test_stale_temporary_files_are_removed_when_the_lock_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    stale = tmp_path / ".desk.json.999999.tmp"
    unrelated = tmp_path / ".other.json.1.tmp"
    stale.write_bytes(b"{half")
    unrelated.write_bytes(b"{}")
    Desk.open(path, lock=False).close()
    assert stale.exists()
    Desk.open(path).close()
    assert not stale.exists()
    assert unrelated.exists()


# -- the storage on its own, under plain TinyDB --------------------------------------------


def test_storage_serves_reads_from_memory_after_the_first(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None
    storage.write({"t": {"1": {"a": 1}}})
    path.write_bytes(b"not json any more")
    assert storage.read() == {"t": {"1": {"a": 1}}}


def test_storage_works_under_tinydb_and_forgets_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sub" / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"n": 1})
    db.update({"n": 2}, doc_ids=[1])

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(DeskWriteError):
        db.update({"n": 3}, doc_ids=[1])
    monkeypatch.undo()
    # TinyDB changed the cached documents in place before the write failed; the storage
    # dropped them, so the database shows what is on disk.
    assert db.all() == [{"n": 2}]
    db.close()
    plain = TinyDB(path)
    assert plain.all() == [{"n": 2}]
    plain.close()


def test_second_open_in_the_same_process_is_refused_with_our_pid(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    first = Desk.open(path)
    try:
        with pytest.raises(DeskLockedError) as info:
            Desk.open(path)
        assert f"PID {os.getpid()}" in str(info.value)
        assert str(path) in str(info.value)
    finally:
        first.close()
    Desk.open(path).close()  # closing released the lock


def test_second_instance_in_another_process_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from annotations.store import Desk
                desk = Desk.open({str(path)!r})
                print("open", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(DeskLockedError, match=f"PID {holder.pid}\\b"):
            Desk.open(path)
    finally:
        holder.communicate("\n", timeout=10)
    Desk.open(path).close()


def test_lock_false_skips_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path), Desk.open(path, lock=False) as reader:
        assert reader.tags() == []
