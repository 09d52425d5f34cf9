"""Tests for the background desk writer."""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.claims import Claim
from annotations.store import ClaimStatus, Desk, DeskWriteError, Tag
from annotations.writer import ChangeHeldError, DeskWriter

CLAIM = Claim("art", 0, 12, "Ten were hurt")
OTHER = Claim("art", 13, 20, "Six fled")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    d = Desk.open(tmp_path / "desk.json")
    yield d
    d.close()


@pytest.fixture
def writer(desk: Desk) -> Iterator[DeskWriter]:
    w = DeskWriter(desk)
    yield w
    w.close(timeout=10)


def test_changes_apply_in_submission_order(desk: Desk, writer: DeskWriter) -> None:
    done: list[str] = []
    for i in range(100):
        writer.submit(
            lambda d, i=i: d.set_note(CLAIM, f"note {i}", "ana"),
            lambda tag: done.append(tag.note if tag else ""),
        )
    assert writer.flush(timeout=30)
    assert done == [f"note {i}" for i in range(100)]
    tag = desk.tag_at(CLAIM.article_id, CLAIM.start, CLAIM.end)
    assert tag is not None and tag.note == "note 99"
    assert writer.pending == 0


def test_pending_counts_until_flush(writer: DeskWriter) -> None:
    gate = threading.Event()
    writer.submit(lambda d: gate.wait(10))
    for i in range(3):
        writer.submit(lambda d, i=i: d.set_note(CLAIM, f"n{i}", "ana"))
    assert writer.pending == 4
    assert writer.flush(timeout=0.05) is False
    gate.set()
    assert writer.flush(timeout=10) is True
    assert writer.pending == 0


def test_callbacks_run_on_the_writer_thread(writer: DeskWriter) -> None:
    threads: list[str] = []
    writer.submit(lambda d: None, lambda _: threads.append(threading.current_thread().name))
    writer.flush(timeout=10)
    assert threads == ["desk-writer"]


def test_failed_save_is_kept_with_later_changes_and_retried_in_order(
    desk: Desk, writer: DeskWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    errors: list[Exception] = []
    done: list[Tag | None] = []
    writer.submit(lambda d: d.set_status(CLAIM, ClaimStatus.CONFIRMED, "ana"), done.append)
    assert writer.flush(timeout=10)
    monkeypatch.setattr(os, "fdatasync", full_disk)
    writer.submit(
        lambda d: d.set_status(CLAIM, ClaimStatus.DISPUTED, "ana"), done.append, errors.append
    )
    writer.submit(lambda d: d.set_note(OTHER, "later", "ana"), done.append, errors.append)
    writer.submit(lambda d: d.set_status(CLAIM, None, "ana"), done.append, errors.append)
    assert writer.flush(timeout=10) is False
    assert writer.failed == 3 and writer.pending == 0
    assert isinstance(errors[0], DeskWriteError) and "disk is full" in str(errors[0])
    assert [type(e) for e in errors[1:]] == [ChangeHeldError, ChangeHeldError]
    # Nothing after the failure was applied, so the desk still shows the first change.
    tag = desk.tag_at(CLAIM.article_id, CLAIM.start, CLAIM.end)
    assert tag is not None and tag.status is ClaimStatus.CONFIRMED
    assert desk.tag_at(OTHER.article_id, OTHER.start, OTHER.end) is None

    monkeypatch.undo()
    assert writer.retry() == 3
    assert writer.flush(timeout=10) is True
    assert writer.failed == 0
    assert len(done) == 4
    # The last change submitted is the last applied: the claim ends untagged.
    assert desk.tag_at(CLAIM.article_id, CLAIM.start, CLAIM.end) is None
    noted = desk.tag_at(OTHER.article_id, OTHER.start, OTHER.end)
    assert noted is not None and noted.note == "later"


def test_a_change_that_cannot_succeed_is_reported_not_kept(writer: DeskWriter) -> None:
    errors: list[Exception] = []

    def bad(desk: Desk) -> None:
        raise ValueError("no such claim")

    writer.submit(bad, None, errors.append)
    writer.submit(lambda d: d.set_note(CLAIM, "fine", "ana"))
    assert writer.flush(timeout=10) is True
    assert [str(e) for e in errors] == ["no such claim"]
    assert writer.failed == 0
    assert writer.desk.tag_at(CLAIM.article_id, CLAIM.start, CLAIM.end) is not None


def test_a_failing_callback_does_not_stop_the_writer(writer: DeskWriter) -> None:
    def explode(_: object) -> None:
        raise RuntimeError("callback bug")

    writer.submit(lambda d: None, explode)
    writer.submit(lambda d: d.set_note(CLAIM, "still saved", "ana"))
    assert writer.flush(timeout=10) is True
    assert writer.desk.tag_at(CLAIM.article_id, CLAIM.start, CLAIM.end) is not None


def test_close_applies_what_is_queued_then_refuses_more(desk: Desk) -> None:
    writer = DeskWriter(desk)
    gate = threading.Event()
    writer.submit(lambda d: gate.wait(10))
    writer.submit(lambda d: d.set_note(CLAIM, "queued before close", "ana"))
    gate.set()
    assert writer.close(timeout=10) is True
    assert desk.tag_at(CLAIM.article_id, CLAIM.start, CLAIM.end) is not None
    with pytest.raises(RuntimeError):
        writer.submit(lambda d: None)


def last_heard(seen: list[tuple[int, int]], expected: tuple[int, int]) -> tuple[int, int]:
    """The last counts a watcher heard, once it has heard `expected` (or after 5 s)."""
    deadline = time.monotonic() + 5
    while (not seen or seen[-1] != expected) and time.monotonic() < deadline:
        time.sleep(0.01)
    return seen[-1]


def test_a_watcher_hears_of_every_change_once_the_counts_are_current(
    desk: Desk, writer: DeskWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int]] = []
    writer.watch(lambda: seen.append((writer.pending, writer.failed)))
    gate = threading.Event()
    writer.submit(lambda d: gate.wait(10))
    writer.submit(lambda d: d.set_note(CLAIM, "first", "ana"))
    assert seen[-1][0] == 2  # heard on the submitting thread, with the change counted
    gate.set()
    assert writer.flush(timeout=10)
    # The last word comes after the last change, with nothing pending or failed.
    assert last_heard(seen, (0, 0)) == (0, 0)

    def full_disk(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdatasync", full_disk)  # where a change's journal record syncs
    writer.submit(lambda d: d.set_note(OTHER, "lost?", "ana"))
    writer.flush(timeout=10)
    assert last_heard(seen, (0, 1)) == (0, 1)
    monkeypatch.undo()
    heard = len(seen)
    writer.retry()
    assert writer.flush(timeout=10)
    assert last_heard(seen, (0, 0)) == (0, 0) and len(seen) > heard


def test_whoever_hears_a_change_saved_or_failed_sees_counts_that_say_so(
    writer: DeskWriter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The desk shows a change saved when told so, drawing the status line from these counts
    # in the same frame: were the change still counted, the line would say "saving" and be
    # drawn again a moment later, whenever the writer thread got round to it.
    told: list[tuple[str, int, int]] = []
    gate = threading.Event()
    writer.submit(lambda d: gate.wait(10), lambda _: told.append(("first", writer.pending, 0)))
    writer.submit(
        lambda d: d.set_note(CLAIM, "saved", "ana"),
        lambda _: told.append(("saved", writer.pending, writer.failed)),
    )
    gate.set()
    assert writer.flush(timeout=10)
    # The first change is told with the second still queued; the second with nothing left.
    assert told == [("first", 1, 0), ("saved", 0, 0)]

    def full_disk(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdatasync", full_disk)
    writer.submit(
        lambda d: d.set_note(OTHER, "kept", "ana"),
        on_error=lambda _: told.append(("kept", writer.pending, writer.failed)),
    )
    writer.flush(timeout=10)
    assert told[-1] == ("kept", 0, 1)


def test_an_unwatched_listener_hears_nothing_more(writer: DeskWriter) -> None:
    seen: list[int] = []

    def listener() -> None:
        seen.append(writer.pending)

    writer.watch(listener)
    writer.submit(lambda d: None)
    assert writer.flush(timeout=10)
    heard = len(seen)
    writer.unwatch(listener)
    writer.submit(lambda d: None)
    assert writer.flush(timeout=10)
    assert len(seen) == heard > 0
