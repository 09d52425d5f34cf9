"""The desk store when a write fails: a full disk, a failed sync, a kill mid-write."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.store import (
    ClaimStatus,
    Desk,
    DeskWriteError,
    Tag,
)
from tests.domain.desks import (
    ARTICLE,
    FIRST,
    SECOND,
    broken_sync,
    on_disk,
)

# -- failed writes --------------------------------------------------------------------------


def _assert_failed_write_left_old_state(desk: Desk, path: Path, old: Tag | None) -> None:
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == old
    with Desk.open(path, lock=False) as on_disk:
        (saved,) = on_disk.tags()
    assert old is not None and saved.status == old.status
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_interrupted_sync_keeps_the_old_state_and_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        old = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        monkeypatch.setattr(os, "fdatasync", broken_sync)
        monkeypatch.setattr(os, "fsync", broken_sync)
        with pytest.raises(DeskWriteError, match="previous state"):
            desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        with pytest.raises(DeskWriteError):
            desk.set_note(SECOND, "new", "ana")
        _assert_failed_write_left_old_state(desk, path, old)
        assert desk.tags() == [old]
        monkeypatch.undo()
        # The failed changes are not undoable; the one before them still is.
        assert desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana") is not None
        assert desk.undo() == old
        assert desk.undo() is None
    with Desk.open(path) as again:
        assert again.tags() == []


def test_disk_full_gives_a_write_error_and_keeps_the_old_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        old = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")

        def full_disk(fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "write", full_disk)
        with pytest.raises(DeskWriteError, match="disk is full") as info:
            desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        monkeypatch.undo()
        assert str(path) in str(info.value)
        _assert_failed_write_left_old_state(desk, path, old)


def test_unwritable_folder_keeps_changes_in_the_journal_until_it_can_compact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    real_open = os.open

    def read_only_folder(file: str | os.PathLike[str], flags: int, *args: int) -> int:
        if str(file).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args)

    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        desk.close()  # compacted: desk.json holds the tag
    with Desk.open(path) as desk:
        monkeypatch.setattr(os, "open", read_only_folder)
        # A change appends to the journal, which needs no new file in the folder...
        disputed = desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        # ...and compacting at close, which does, fails quietly: nothing is lost.
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    (doc,) = on_disk(path)["tags"].values()
    assert doc["status"] == "confirmed"
    monkeypatch.undo()
    with Desk.open(path) as again:
        assert again.tags() == [disputed]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_a_write_error(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    path = folder / "desk.json"
    with Desk.open(path) as desk:
        old = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        folder.chmod(0o500)
        try:
            with pytest.raises(DeskWriteError):
                desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
            _assert_failed_write_left_old_state(desk, path, old)
        finally:
            folder.chmod(0o700)


_WRITER_SCRIPT = """
import sys
from annotations.claims import Claim
from annotations.storage import AtomicJSONStorage
from annotations.store import ClaimStatus, Desk
desk = Desk.open(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    desk.set_note(Claim("a", i, i + 1, "x" * 500), "note " * 50, "ana")
    i += 1
"""


def test_killed_mid_write_leaves_a_readable_desk(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    counts = []
    for delay in (0.05, 0.13, 0.21):
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER_SCRIPT, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            child.kill()
        child.wait()
        with Desk.open(path) as desk:
            counts.append(len(desk.tags()))
    assert counts == sorted(counts) and counts[-1] > 0
