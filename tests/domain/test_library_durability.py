"""A folder import makes its article files durable together, and before the index lists them:
with one flush of the file system where that promises what an fsync of each does, else
with an fsync of each."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
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


def _library_of_one(tmp_path: Path) -> tuple[Library, Path, list[str]]:
    """A library holding one report, its folder, and the names in the folder."""
    library = Library(tmp_path / "desk.json")
    library.add(_reports(1)[0])  # type: ignore[arg-type]
    folder = library_folder(tmp_path / "desk.json")
    return library, folder, sorted(p.name for p in folder.iterdir())


def _recorded(
    monkeypatch: pytest.MonkeyPatch, seen: Callable[[Path], None] | None = None
) -> list[tuple[str, str]]:
    """Events of the writes that follow: fsyncs, flushes, renames (in order). `seen` is
    called with the folder at each flush, before the real one."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace, real_syncfs = os.fsync, os.replace, flush._syncfs()

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def syncfs(fd: int) -> None:
        folder = Path(os.readlink(f"/proc/self/fd/{fd}"))
        events.append(("flush", str(folder)))
        if seen is not None:
            seen(folder)
        assert real_syncfs is not None
        real_syncfs(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(("rename", os.fspath(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(flush, "_syncfs", lambda: syncfs)
    # The test's folder may be on any file system, the machine writing anything out; what is
    # tested is the import's order.
    monkeypatch.setattr(flush, "file_system_type", lambda folder: "ext4")
    monkeypatch.setattr(flush, "_pending_bytes", lambda: 0)
    return events


def test_every_article_file_is_fsynced_before_the_index_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where one flush of the file system cannot stand in for fsync (the tests below cover it
    # where it can), each file is fsynced.
    events = _recorded(monkeypatch)
    monkeypatch.setattr(flush, "file_system_type", lambda folder: "fuse.sshfs")
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
    library, folder, before = _library_of_one(tmp_path)
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


# One flush of the file system for a batch, where it promises what an fsync of each does.


needs_syncfs = pytest.mark.skipif(
    flush._syncfs() is None or not flush._kernel_reports_errors(),
    reason="Linux 5.8 or later with syncfs",
)


@needs_syncfs
def test_an_import_flushes_once_after_every_file_is_complete_and_before_any_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    complete: list[int] = []

    def every_temporary_complete(folder: Path) -> None:
        temporaries = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        articles = [json.loads(p.read_bytes())["article"] for p in temporaries]
        assert all(article["text"].startswith("Report ") for article in articles)
        complete.append(len(articles))

    events = _recorded(monkeypatch, every_temporary_complete)
    library = Library(tmp_path / "desk.json")
    added = library.add_many(_reports(40))  # type: ignore[arg-type]

    folder = library_folder(tmp_path / "desk.json")
    assert complete == [40]
    flushed = events.index(("flush", str(folder)))
    index_renamed = events.index(("rename", str(folder / INDEX_NAME)))
    for entry in added:
        assert flushed < events.index(("rename", str(folder / f"{entry.id}.json"))) < index_renamed
    # No article file is fsynced on its own: the folder once, after their renames, then the
    # index (a single file) on its own.
    synced = [os.path.basename(path) for kind, path in events[:index_renamed] if kind == "fsync"]
    assert synced[0] == folder.name
    assert [name.split(".")[1] for name in synced[1:]] == ["index"]
    assert len(Library(tmp_path / "desk.json")) == 40


@needs_syncfs
def test_a_failed_flush_lists_nothing_and_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library, folder, before = _library_of_one(tmp_path)

    def write_back_failed(folder: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    _recorded(monkeypatch, write_back_failed)
    with pytest.raises(LibraryError, match="cannot be saved"):
        library.add_many(_reports(41)[1:])  # type: ignore[arg-type]
    assert sorted(p.name for p in folder.iterdir()) == before
    assert len(Library(tmp_path / "desk.json")) == 1


@needs_syncfs
@pytest.mark.parametrize(
    ("why", "count", "kind", "release", "pending"),
    [
        ("a few files", flush.FLUSH_FROM - 1, "ext4", "6.1.0", 0),
        ("a FUSE file system", 40, "fuse.sshfs", "6.1.0", 0),
        ("a network file system", 40, "nfs4", "6.1.0", 0),
        ("an unknown file system", 40, None, "6.1.0", 0),
        ("a kernel whose syncfs hid write-back errors", 40, "ext4", "5.4.0-150-generic", 0),
        ("another program's gigabyte waiting", 40, "ext4", "6.1.0", 1 << 30),
        ("nothing known of what waits", 40, "ext4", "6.1.0", None),
    ],
)
def test_each_file_is_fsynced_where_one_flush_would_promise_less_or_wait_longer(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    why: str,
    count: int,
    kind: str | None,
    release: str,
    pending: int | None,
) -> None:
    events = _recorded(monkeypatch)
    monkeypatch.setattr(flush, "file_system_type", lambda folder: kind)
    monkeypatch.setattr(flush, "_pending_bytes", lambda: pending)
    uname = os.uname()
    monkeypatch.setattr(os, "uname", lambda: os.uname_result((*uname[:2], release, *uname[3:])))
    files = [(tmp_path / f"{n}.json", b"{}") for n in range(count)]
    write_all_atomically(files)
    assert ("flush", str(tmp_path)) not in events, why
    fsynced = [os.path.basename(path) for kind, path in events if kind == "fsync"]
    for path, _ in files:
        assert [name for name in fsynced if name.startswith(f".{path.name}.")], why


@needs_syncfs
@pytest.mark.parametrize("files", [1, 40])
def test_a_link_in_the_folder_is_replaced_and_what_it_points_at_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "folder"
    folder.mkdir()
    (elsewhere / "target.json").write_bytes(b"old")
    (folder / "linked.json").symlink_to(elsewhere / "target.json")
    events = _recorded(monkeypatch)
    batch = [(folder / f"{n}.json", b"{}") for n in range(files - 1)]
    write_all_atomically([*batch, (folder / "linked.json", b"new")])
    assert (("flush", str(folder)) in events) == (files >= flush.FLUSH_FROM)
    assert (elsewhere / "target.json").read_bytes() == b"old"
    assert not (folder / "linked.json").is_symlink()
    assert (folder / "linked.json").read_bytes() == b"new"
    assert stat.S_IMODE((folder / "linked.json").stat().st_mode) == 0o600
    assert sorted(p.name for p in elsewhere.iterdir()) == ["target.json"]


def test_what_waits_to_be_written_is_read_from_the_memory_table(tmp_path: Path) -> None:
    table = tmp_path / "meminfo"
    table.write_text("MemTotal: 24000000 kB\nDirty:    1024 kB\nWriteback:  512 kB\n")
    assert flush._pending_bytes(str(table)) == 1536 << 10
    table.write_text("MemTotal: 24000000 kB\n")
    assert flush._pending_bytes(str(table)) is None
    assert flush._pending_bytes(str(tmp_path / "none")) is None


def test_the_file_system_is_read_from_the_mount_table(tmp_path: Path) -> None:
    table = tmp_path / "mountinfo"
    table.write_text(
        "22 1 252:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
        "30 22 0:26 / /mnt/my\\040files rw shared:2 - fuse.sshfs host: rw\n"
        "31 22 0:27 / /mnt/my rw shared:3 - xfs /dev/vdb rw\n"
        "40 22 0:28 / /srv rw - tmpfs tmpfs rw\n"
        "41 22 0:29 / /srv rw master:4 - nfs4 server:/srv rw\n"
        "garbage line\n",
        encoding="utf-8",
    )
    kind = flush.file_system_type
    assert kind(Path("/home/analyst"), str(table)) == "ext4"
    assert kind(Path("/mnt/my files/desk"), str(table)) == "fuse.sshfs"
    assert kind(Path("/mnt/my/desk"), str(table)) == "xfs"
    assert kind(Path("/mnt/myfiles"), str(table)) == "ext4"
    # The later mount over the same point is the one in use.
    assert kind(Path("/srv/desk"), str(table)) == "nfs4"
    assert kind(Path("/srv"), str(tmp_path / "no-such-table")) is None
