"""What the analysis cache trusts: only a folder of its own, only entries it wrote and keyed
with this user's secret, never the space the desk needs to save."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from annotations import analysis_cache, cache_trust
from annotations.analysis_cache import AnalysisCache, analysis_folder
from annotations.export import export_desk_csv, export_rows
from annotations.formats import claim_records, export_jsonl, export_w3c
from annotations.storage import DeskWriteError
from annotations.store import Desk
from annotations.writer import DeskWriter
from tests.domain.test_w3c import _busy_desk, _seeds

OLD = 1_577_836_800  # 2020-01-01: older than anything the cache writes


def _exports(desk: Desk, folder: Path) -> dict[str, bytes]:
    """The desk exported in every format, as bytes."""
    out: dict[str, bytes] = {}
    export_desk_csv(desk, folder / "x.csv")
    out["csv"] = (folder / "x.csv").read_bytes()
    with (folder / "x.jsonl").open("w", encoding="utf-8", newline="") as stream:
        export_jsonl(claim_records(desk, export_rows(desk)), stream, for_terminal=False)
    with (folder / "x.w3c").open("w", encoding="utf-8", newline="") as stream:
        export_w3c(desk, stream, for_terminal=False)
    out["jsonl"] = (folder / "x.jsonl").read_bytes()
    out["w3c"] = (folder / "x.w3c").read_bytes()
    return out


def _tree(folder: Path) -> dict[str, tuple[bytes, float]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime) for p in sorted(folder.iterdir())}


def _foreign_folder(folder: Path, count: int, name: Callable[[int], str]) -> None:
    folder.mkdir()
    for n in range(count):
        path = folder / name(n)
        path.write_bytes(f"another program's item {n}\n".encode())
        os.utime(path, (OLD, OLD))


def _copy_desk(db: Path, to: Path) -> None:
    for suffix in ("", ".journal"):
        if db.with_name(db.name + suffix).exists():
            shutil.copy(db.with_name(db.name + suffix), to.with_name(to.name + suffix))


@pytest.fixture
def cold(tmp_path: Path) -> Iterator[tuple[Desk, Path, dict[str, bytes]]]:
    """A busy desk, its exports without any cache, and the desk's file."""
    reference = tmp_path / "reference"
    reference.mkdir()
    db = tmp_path / "work" / "c.json"
    db.parent.mkdir()
    with _busy_desk(reference / "c.json") as desk:
        expected = _exports(desk, reference)
    _copy_desk(reference / "c.json", db)
    with Desk.open(db) as desk:
        yield desk, db, expected


@pytest.mark.parametrize(
    "name",
    [lambda n: f"item{n}.cache", lambda n: f"article-{n:064x}.cache"],
    ids=["other names", "names like entries"],
)
def test_a_linked_cache_folder_is_never_followed(
    cold: tuple[Desk, Path, dict[str, bytes]], name: Callable[[int], str]
) -> None:
    desk, db, expected = cold
    other = db.parent / "othercache"
    _foreign_folder(other, 520, name)
    before = _tree(other)
    analysis_folder(db).symlink_to("othercache")
    assert _exports(desk, db.parent) == expected
    assert _exports(desk, db.parent) == expected
    assert _tree(other) == before  # nothing deleted, added or touched
    assert analysis_folder(db).is_symlink()


@pytest.mark.parametrize(
    ("name", "count"),
    [
        (lambda n: f"item{n}.cache", 520),
        (lambda n: f"article-{n:064x}.cache", 520),
        (lambda n: "notes.txt", 1),
    ],
    ids=["other names", "names like entries", "one other file"],
)
def test_a_folder_of_another_programs_files_is_left_alone(
    cold: tuple[Desk, Path, dict[str, bytes]], name: Callable[[int], str], count: int
) -> None:
    desk, db, expected = cold
    folder = analysis_folder(db)
    _foreign_folder(folder, count, name)
    before = _tree(folder)
    assert _exports(desk, db.parent) == expected
    assert _tree(folder) == before
    assert not (folder / cache_trust.MARKER).exists()


def test_a_folder_of_an_older_release_is_taken_over(
    cold: tuple[Desk, Path, dict[str, bytes]],
) -> None:
    desk, db, expected = cold
    assert _exports(desk, db.parent) == expected
    folder = analysis_folder(db)
    (folder / cache_trust.MARKER).unlink()  # entries alone, as older releases left them
    assert _exports(desk, db.parent) == expected
    assert (folder / cache_trust.MARKER).is_file()


def test_eviction_removes_only_entries_newsdesk_wrote(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        _exports(desk, tmp_path)
    folder = analysis_folder(db)
    ours = sorted(p.name for p in folder.glob("*.cache"))
    planted = {
        f"article-{'a' * 64}.cache": b"not an entry, named like one",
        f"entities-{'b' * 64}.cache": b"newsdesk-analysis",  # the header cut short
        "item1.cache": b"newsdesk-analysis 2 0000\n",  # an entry's header, another name
        "README": b"hello",
    }
    for name, data in planted.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (OLD, OLD))
    (folder / f"article-{'c' * 64}.cache").symlink_to(db)
    cache = AnalysisCache(folder, db)
    assert cache.evict(max_entries=0) == len(ours)
    assert not any((folder / name).exists() for name in ours)
    for name, data in planted.items():
        assert (folder / name).read_bytes() == data
    assert (folder / f"article-{'c' * 64}.cache").is_symlink() and db.is_file()


@pytest.mark.parametrize("full", [False, True], ids=["empty", "holding a file"])
def test_a_directory_planted_as_an_entry_is_cleared_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool
) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        cold = _exports(desk, tmp_path)
        entries = sorted(analysis_folder(db).glob("*.cache"))
        for entry in entries:
            entry.unlink()
            entry.mkdir()
            if full:
                (entry / "keep.txt").write_text("someone's file", encoding="utf-8")
        assert _exports(desk, tmp_path) == cold
        assert all(entry.is_file() for entry in entries)
        if full:
            aside = sorted(analysis_folder(db).glob(".*.planted"))
            assert len(aside) == len(entries)
            assert all((p / "keep.txt").read_text(encoding="utf-8") for p in aside)

        def refuse(*_: object, **__: object) -> None:
            raise AssertionError("analysed again")

        import annotations.compare
        import annotations.detection

        monkeypatch.setattr(annotations.detection, "detect", refuse)
        monkeypatch.setattr(annotations.compare, "group_entities", refuse)
        assert _exports(desk, tmp_path)["w3c"] == cold["w3c"]


def _analyses(folder: Path) -> list[Path]:
    """The entries of articles' analyses and of groupings of names in `folder` (the export
    also keeps its claims' cells and the files it read)."""
    return [p for p in folder.glob("*.cache") if p.name.startswith(("article-", "entities-"))]


FORGED_SOURCE = "\x1b]0;PWNED\x07\x1b[2J=cmd|\u202eevil"
FORGED_NAME = "\x1b[31mFAKE-ENTITY\u202e@SUM(1)"


def _forge(entry: Path, checksum: Callable[[bytes], str]) -> None:
    """Put the forged strings in `entry` and write a checksum made by `checksum`."""
    header, _, body = entry.read_bytes().partition(b"\n")
    line, _, columns = body.partition(b"\n")
    head = json.loads(line)
    data = head["data"]
    if "sources" in data:
        data["sources"] = [[row[0], row[1], FORGED_SOURCE, *row[3:]] for row in data["sources"]]
    elif "names" in data:
        data["names"] = [FORGED_NAME for _ in data["names"]]
    elif "cells" in data:  # the export's cells of tagged claims: what reaches the file
        data["cells"] = [FORGED_NAME if isinstance(cell, str) else cell for cell in data["cells"]]
    else:
        return  # the files read: holds no string an export shows
    body = json.dumps(head, separators=(",", ":")).encode("ascii") + b"\n" + columns
    magic = header[: header.rindex(b" ") + 1]
    entry.write_bytes(magic + checksum(body).encode() + b"\n" + body)


CHECKSUMS: dict[str, Callable[[bytes], str]] = {
    "unkeyed, as format 1": lambda body: hashlib.blake2b(body, digest_size=16).hexdigest(),
    "another user's key": lambda body: hashlib.blake2b(
        body, digest_size=16, key=b"k" * 32
    ).hexdigest(),
    "sha256": lambda body: hashlib.sha256(body).hexdigest(),
}


@pytest.mark.parametrize("checksum", sorted(CHECKSUMS))
def test_an_entry_edited_by_hand_is_not_believed(tmp_path: Path, checksum: str) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        cold = _exports(desk, tmp_path)
        for entry in analysis_folder(db).glob("*.cache"):
            _forge(entry, CHECKSUMS[checksum])
        warm = _exports(desk, tmp_path)
        assert warm == cold
        for data in warm.values():
            text = data.decode("utf-8")
            assert "PWNED" not in text and "FAKE-ENTITY" not in text
        # Written again, with this user's key: believed again.
        entries = sorted(_analyses(analysis_folder(db)))
        assert entries and all(
            analysis_cache._unpack(p.read_bytes(), p.name.split("-")[1][:-6]) for p in entries
        )


def test_the_key_is_this_users_and_lives_outside_the_desk_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "desks" / "desk.json"
    db.parent.mkdir()
    with _busy_desk(db) as desk:
        cold = _exports(desk, tmp_path)
        key = cache_trust.key_path()
        assert key.is_file() and not key.is_relative_to(db.parent)
        assert key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == 32
        entries = {p.name: p.stat().st_ino for p in analysis_folder(db).glob("*.cache")}
        # Another user (or machine) with the same desk folder: its own key, entries rewritten.
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "another-user"))
        assert cache_trust.cache_key() != cache_trust._key_at(key)
        assert _exports(desk, tmp_path) == cold
        again = {p.name: p.stat().st_ino for p in analysis_folder(db).glob("*.cache")}
        assert again.keys() == entries.keys()
        assert all(again[name] != inode for name, inode in entries.items())


def test_a_key_that_cannot_be_made_means_no_cache_and_the_same_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "data-is-a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    db = tmp_path / "desk.json"
    reference = tmp_path / "ref"
    reference.mkdir()
    with _busy_desk(reference / "desk.json") as desk:
        monkeypatch.delenv("XDG_DATA_HOME")
        expected = _exports(desk, reference)
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    _copy_desk(reference / "desk.json", db)
    with Desk.open(db) as desk:
        assert _exports(desk, tmp_path) == expected
    assert not list(analysis_folder(db).glob("*.cache"))


def test_no_entry_is_written_when_the_desk_would_be_left_short_of_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    free = {"bytes": cache_trust.MIN_FREE + 10}
    monkeypatch.setattr(cache_trust, "free_bytes", lambda folder: free["bytes"])
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        cold = _exports(desk, tmp_path)
        assert not list(analysis_folder(db).glob("*.cache"))
        free["bytes"] = 10 * cache_trust.MIN_FREE
        assert _exports(desk, tmp_path) == cold
        assert len(_analyses(analysis_folder(db))) == 3


def test_a_desk_bigger_than_the_margin_keeps_a_tenth_of_itself_free(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    db.write_bytes(b"x")
    journal = tmp_path / "desk.json.journal"
    with journal.open("wb") as stream:
        stream.truncate(40 * cache_trust.MIN_FREE)  # sparse: takes no real space
    free = cache_trust.free_bytes(tmp_path)
    assert free is not None
    assert cache_trust.room_for(tmp_path, free - 3 * cache_trust.MIN_FREE, None)
    assert not cache_trust.room_for(tmp_path, free - 3 * cache_trust.MIN_FREE, db)


def test_a_save_that_finds_the_disk_full_empties_the_cache_and_goes_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        _exports(desk, tmp_path)
        folder = analysis_folder(db)
        assert len(_analyses(folder)) == 3
        stored = len(list(folder.glob("*.cache")))
        (folder / "notes.txt").write_text("not the cache's", encoding="utf-8")
        writer = DeskWriter(desk)
        calls: list[int] = []

        def save(d: Desk) -> str:
            calls.append(len(list(folder.glob("*.cache"))))
            if calls[-1]:
                raise DeskWriteError("could not save") from OSError(errno.ENOSPC, "full")
            return "saved"

        done: list[object] = []
        writer.submit(save, done.append)
        assert writer.flush(10) and done == ["saved"] and calls == [stored, 0]
        assert (folder / "notes.txt").exists()

        failures: list[Exception] = []

        def full(d: Desk) -> None:
            raise DeskWriteError("could not save desk: the disk is full.") from OSError(
                errno.ENOSPC, "full"
            )

        writer.submit(full, on_error=failures.append)
        assert not writer.flush(10)
        (message,) = map(str, failures)
        assert "the analysis cache takes none of the space" in message.lower()
        writer.close(10)


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@contextmanager
def _on_a_small_disk(tmp_path: Path, size: str) -> Iterator[tuple[Path, Path, dict[str, bytes]]]:
    """(a busy desk on a tmpfs of `size`, the same desk elsewhere, its exports); skipped
    where no tmpfs can be mounted."""
    small = tmp_path / "small"
    if not _mount_tmpfs(small, size):
        pytest.skip("mounting a tmpfs needs root and a kernel that allows it here")
    try:
        reference = tmp_path / "ref" / "x.json"
        reference.parent.mkdir()
        with _busy_desk(reference) as desk:
            expected = _exports(desk, reference.parent)
        _copy_desk(reference, small / "x.json")
        yield small / "x.json", reference, expected
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_on_a_small_disk_the_cache_takes_no_space(tmp_path: Path) -> None:
    with _on_a_small_disk(tmp_path, "400k") as (db, _, expected):
        with Desk.open(db) as desk:
            assert _exports(desk, db.parent) == expected
        assert not list(analysis_folder(db).glob("*.cache"))


def _fill(folder: Path) -> None:
    """Write a file into `folder` until its file system is full."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)


def test_on_a_full_disk_a_tag_is_saved_once_the_cache_gives_way(tmp_path: Path) -> None:
    with _on_a_small_disk(tmp_path, "1m") as (db, reference, _):
        small = db.parent
        # Entries written while the disk had room (a larger disk, since grown full).
        shutil.copytree(analysis_folder(reference), analysis_folder(db))
        (seed_a, claims_a), _ = _seeds()
        with Desk.open(db) as desk:
            _fill(small)
            writer = DeskWriter(desk)
            failures: list[Exception] = []
            # Notes long enough to need pages the full disk does not have.
            for n, claim in enumerate(claims_a[7:10]):
                writer.submit(
                    lambda d, c=claim, n=n: d.set_note(c, f"note {n} " + "x" * 1000, "ana"),
                    on_error=failures.append,
                )
            assert writer.flush(20), failures
            writer.close(20)
            assert not list(analysis_folder(db).glob("*.cache"))
            (analysis_folder(db) / cache_trust.MARKER).unlink()
            (small / "filler").unlink()
        with Desk.open(db) as desk:
            saved = {t.start for t in desk.tags() if t.note.startswith("note ")}
            assert {c.start for c in claims_a[7:10]} == saved
