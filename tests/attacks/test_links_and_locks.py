"""Symbolic links, FIFOs and lock files: one desk, one writer, nothing replaced by accident."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from annotations.articles import article_from_text
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.export import export_desk_csv
from annotations.files import (
    FileLock,
    LockHeldError,
    remove_stale_temporaries,
    write_all_atomically,
    write_atomically,
)
from annotations.store import ClaimStatus, Desk, DeskConflictError, DeskError, DeskLockedError
from tests.attacks.support import dead_pid, lock_held_elsewhere, newsdesk

TEXT = "Some 120 fighters were killed near Mayadeen on Sunday. Another 40 died in Raqqa."
ARTICLE = article_from_text(TEXT, title="T")
FIRST, SECOND = find_claims(ARTICLE.id, ARTICLE.text, detect(ARTICLE.text))[:2]


def test_a_lock_file_planted_as_a_link_is_refused_and_its_target_untouched(
    tmp_path: Path,
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me")
    (tmp_path / "desk.json.lock").symlink_to(precious)
    with pytest.raises(DeskError, match="lock file") as info:
        Desk.open(tmp_path / "desk.json")
    assert "symbolic link" in str(info.value)
    assert precious.read_text() == "do not truncate me"


def test_a_desk_reached_through_a_link_stays_a_link_and_shares_one_lock(tmp_path: Path) -> None:
    real = tmp_path / "real" / "desk.json"
    real.parent.mkdir()
    link = tmp_path / "desk.json"
    link.symlink_to(real)
    with Desk.open(link) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        with pytest.raises(DeskLockedError):
            Desk.open(real)
    assert link.is_symlink()
    with Desk.open(real, lock=False) as desk:
        assert len(desk.tags()) == 1


@pytest.mark.parametrize("files", [1, 40])
def test_a_path_through_a_linked_folder_and_dotdot_is_written_where_it_is_read(
    tmp_path: Path, files: int
) -> None:
    # "link/../x" is the link's target's parent to the kernel, not tmp_path (as a lexical
    # reading has it): a write must land where every later read will look.
    (tmp_path / "deep" / "inner").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "deep" / "inner")
    paths = [tmp_path / "link" / ".." / f"{n}.json" for n in range(files)]
    if files == 1:
        write_atomically(paths[0], b"one")
    else:
        write_all_atomically([(path, b"one") for path in paths])
    for path in paths:
        assert path.read_bytes() == b"one"
        assert (tmp_path / "deep" / path.name).read_bytes() == b"one"
        assert not (tmp_path / path.name).exists()
    with Desk.open(tmp_path / "link" / ".." / "desk.json") as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    with Desk.open(tmp_path / "deep" / "desk.json", lock=False) as desk:
        assert len(desk.tags()) == 1


def test_a_desk_reached_through_a_link_has_one_library_whatever_path_names_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    real = tmp_path / "real" / "desk.json"
    link = tmp_path / "links" / "mine.json"
    link.symlink_to(real)
    (tmp_path / "a.txt").write_text("Report\n\nShelling killed 5 in Raqqa.\n")
    assert newsdesk("import", tmp_path / "a.txt", "--db", link, home=tmp_path).returncode == 0
    for db in (real, link):
        listed = newsdesk("list", "--db", db, home=tmp_path)
        assert listed.returncode == 0 and b"Report" in listed.stdout, db
    assert (tmp_path / "real" / "desk.library").is_dir()
    assert not (tmp_path / "links" / "mine.library").exists()


def test_a_library_an_older_release_made_beside_the_link_is_still_found(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "desk.json"
    link = tmp_path / "mine.json"
    link.symlink_to(real)
    (tmp_path / "a.txt").write_text("Report\n\nShelling killed 5 in Raqqa.\n")
    assert newsdesk("import", tmp_path / "a.txt", "--db", real, home=tmp_path).returncode == 0
    # As an older release left it: the library beside the link, none beside the desk file.
    (tmp_path / "real" / "desk.library").rename(tmp_path / "mine.library")
    listed = newsdesk("list", "--db", link, home=tmp_path)
    assert listed.returncode == 0 and b"Report" in listed.stdout


def test_export_onto_a_link_a_fifo_or_dev_stdout_never_replaces_them(tmp_path: Path) -> None:
    with Desk.open(tmp_path / "desk.json") as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        target = tmp_path / "real.csv"
        target.write_text("old")
        link = tmp_path / "link.csv"
        link.symlink_to(target)
        assert export_desk_csv(desk, link) == 1
        assert link.is_symlink() and "Mayadeen" in target.read_text()

        fifo = tmp_path / "pipe.csv"
        os.mkfifo(fifo)
        received: list[bytes] = []
        reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
        reader.start()
        export_desk_csv(desk, fifo)
        reader.join(10)
        assert b"Mayadeen" in received[0]
        assert fifo.is_fifo()
    # /dev/stdout in a child whose stdout is a pipe: the pipe gets the CSV.
    done = newsdesk("export", "--db", tmp_path / "desk.json", "-o", "/dev/stdout", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"Mayadeen" in done.stdout
    assert Path("/dev/stdout").is_symlink() or Path("/dev/stdout").is_char_device()


def test_a_deleted_lock_file_lets_no_second_writer_overwrite_the_first(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    first = Desk.open(db)
    first.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    (tmp_path / "desk.json.lock").unlink()
    # A second newsdesk could take a new lock file, but the desk file itself stays locked.
    with pytest.raises(DeskLockedError, match="lock file was removed"):
        Desk.open(db)
    # Another program that takes the name (a desk file put in its place) is not written over.
    other = Desk.open(tmp_path / "other.json")
    other.set_status(SECOND, ClaimStatus.DISPUTED, "ben")
    other.close()
    os.replace(tmp_path / "other.json", db)
    replaced = db.read_bytes()
    with pytest.raises(DeskConflictError, match="desk.json was replaced"):
        first.set_note(FIRST, "mine", "ana")
    first.close()
    assert db.read_bytes() == replaced


def test_a_deleted_lock_file_is_taken_again_when_nobody_else_wrote(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        (tmp_path / "desk.json.lock").unlink()
        desk.set_status(SECOND, ClaimStatus.CONFIRMED, "ana")
        assert (tmp_path / "desk.json.lock").exists()
        with pytest.raises(DeskLockedError):
            Desk.open(db)
    with Desk.open(db, lock=False) as desk:
        assert len(desk.tags()) == 2


def test_a_lock_waits_then_names_its_holder(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    with lock_held_elsewhere(path) as holder:
        waited: list[str] = []
        with pytest.raises(LockHeldError) as info:
            FileLock.acquire(path, timeout=0.3, on_wait=waited.append)
        assert waited == [str(holder)] and info.value.holder == str(holder)
    FileLock.acquire(path).release()


def test_stale_temporaries_of_dead_writers_go_and_live_ones_stay(tmp_path: Path) -> None:
    dead = dead_pid()
    stale = tmp_path / f".out.csv.{dead}.abcd1234.tmp"
    live = tmp_path / f".out.csv.{os.getpid()}.abcd1234.tmp"
    other = tmp_path / "notes.tmp"
    for path in (stale, live, other):
        path.write_text("x")
    assert remove_stale_temporaries(tmp_path) == 1
    assert not stale.exists() and live.exists() and other.exists()
