"""A folder import makes its article files durable together, and before the index lists them."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from annotations import flush
from annotations.articles import article_from_text
from annotations.files import write_all_atomically
from annotations.library import INDEX_NAME, Library, LibraryError, library_folder


def _reports(count: int) -> list[object]:
    return [
        article_from_text(
            f"Report {n}\n\nShelling hit the market in sector {n}, killing {n + 3} people.",
            path=f"report-{n}.txt",
        )
        for n in range(count)
    ]


def test_every_article_file_is_fsynced_before_the_index_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where one flush of the file system cannot stand in for fsync (test_batch_flush.py
    # covers it where it can), each file is fsynced.
    monkeypatch.setattr(flush, "file_system_type", lambda folder: "fuse.sshfs")
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("rename", os.fspath(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    library = Library(tmp_path / "desk.json")
    added = library.add_many(_reports(40))  # type: ignore[arg-type]

    folder = library_folder(tmp_path / "desk.json")
    index_renamed = events.index(("rename", str(folder / INDEX_NAME)))
    for entry in added:
        name = f"{entry.id}.json"
        synced = [i for i, (kind, path) in enumerate(events) if kind == "fsync" and name in path]
        renamed = events.index(("rename", str(folder / name)))
        assert synced and synced[0] < renamed < index_renamed
    folder_syncs = [e for e in events[:index_renamed] if e == ("fsync", str(folder))]
    # One fsync of the folder for the whole batch, not one per file.
    assert len(folder_syncs) == 1
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert len(Library(tmp_path / "desk.json")) == 40


def test_a_full_disk_midway_leaves_no_temporary_and_no_unlisted_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tmp_path / "desk.json")
    library.add(_reports(1)[0])  # type: ignore[arg-type]
    folder = library_folder(tmp_path / "desk.json")
    before = sorted(p.name for p in folder.iterdir())
    real_replace = os.replace
    renames = 0

    def replace_until_full(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        nonlocal renames
        renames += 1
        if renames > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_until_full)
    with pytest.raises(LibraryError, match="the disk is full"):
        library.add_many(_reports(30)[1:])  # type: ignore[arg-type]
    monkeypatch.setattr(os, "replace", real_replace)
    # The five files renamed before the disk filled are removed again; no temporary is left.
    assert sorted(p.name for p in folder.iterdir()) == before
    assert len(Library(tmp_path / "desk.json")) == 1


def test_write_all_atomically_replaces_each_file_and_keeps_its_mode(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    fresh = tmp_path / "sub" / "fresh.txt"
    fresh.parent.mkdir()
    write_all_atomically([(kept, b"new"), (fresh, b"first")])
    assert kept.read_bytes() == b"new" and fresh.read_bytes() == b"first"
    assert kept.stat().st_mode & 0o777 == 0o640
    assert fresh.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["fresh.txt", "kept.txt", "sub"]


def test_write_all_atomically_removes_its_temporaries_when_one_file_cannot_be_made(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good.txt"
    with pytest.raises(OSError):
        write_all_atomically([(good, b"x"), (tmp_path / "missing" / "bad.txt", b"y")])
    assert list(tmp_path.iterdir()) == []
