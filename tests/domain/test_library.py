"""Tests for the desk's article library kept beside the desk file."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from annotations.articles import article_from_text
from annotations.importers import ImportedArticle, import_path
from annotations.library import (
    INDEX_NAME,
    LOCK_NAME,
    Library,
    LibraryError,
    library_folder,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
FIRST = "Strikes kill 120\n\nRussian strikes killed 120 fighters near Mayadeen, the ministry said."
CORRECTED = FIRST.replace("120 fighters", "130 fighters")
WORKERS = 4
REPORTS_EACH = 10


def _report(worker: int, number: int) -> str:
    return f"Report {worker}.{number}\n\nStrikes hit sector {worker} for the {number}th time."


def _add_reports(db_path: str, worker: int, start: Barrier) -> None:
    """One importing process: wait for the others, then add its reports one at a time."""
    library = Library(db_path)
    start.wait()
    for number in range(REPORTS_EACH):
        text = _report(worker, number)
        library.add(article_from_text(text, path=f"/reports/{worker}-{number}.txt"))


def test_library_sits_beside_the_desk_file(tmp_path: Path) -> None:
    assert library_folder(tmp_path / "desk.json") == tmp_path / "desk.library"
    library = Library(tmp_path / "desk.json")
    article = article_from_text(FIRST, path=str(tmp_path / "a.txt"))
    library.add(article)
    assert sorted(p.name for p in (tmp_path / "desk.library").iterdir()) == [
        LOCK_NAME,
        f"{article.id}.json",
        INDEX_NAME,
    ]
    assert not (tmp_path / "desk.json").exists()


def test_add_and_get_round_trip_every_field(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    article = article_from_text(
        FIRST + " \ud800 odd",
        path="https://example.org/a",
        source="Example",
        date="2017-10-08",
        warnings=("1 byte of invalid UTF-8 replaced",),
    )
    entry = library.add(article, url="https://example.org/a", author="Jane Reporter")
    assert (entry.id, entry.title, entry.source, entry.date) == (
        article.id,
        "Strikes kill 120",
        "Example",
        "2017-10-08",
    )
    assert entry.author == "Jane Reporter" and entry.chars == len(article.text)
    assert entry.replaces is None and entry.imported_at.endswith("Z")
    assert Library(tmp_path / "desk.json").get(article.id) == article


def test_same_text_twice_is_one_entry(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    first = library.add(article_from_text(FIRST, path=str(tmp_path / "a.txt")))
    again = library.add(article_from_text(FIRST, path=str(tmp_path / "copy.txt")))
    assert again == first and len(library) == 1


def test_new_text_at_the_same_path_is_a_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tmp_path / "desk.json")
    old = library.add(article_from_text(FIRST, path=str(tmp_path / "a.txt")))
    # The same file named relative to the working folder is still the same document.
    monkeypatch.chdir(tmp_path)
    new = library.add(article_from_text(CORRECTED, path="a.txt"))
    assert new.replaces == old.id
    assert library.entry(old.id) is not None
    assert library.entry(old.id).replaced_by == new.id  # type: ignore[union-attr]
    assert library.find_by_location(str(tmp_path / "a.txt")) == library.entry(new.id)
    assert [e.id for e in library.versions(old.id)] == [old.id, new.id]
    assert [e.id for e in library.entries(latest_only=True)] == [new.id]
    assert {e.id for e in library.entries()} == {old.id, new.id}
    # Links survive a reopen, and the old text is still there for its tags.
    reopened = Library(tmp_path / "desk.json")
    assert reopened.entry(new.id) == library.entry(new.id)
    assert reopened.get(old.id).text == FIRST


def test_same_url_from_another_file_is_a_new_version(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    url = "https://www.example.org/world/strikes"
    old = library.add(
        ImportedArticle(article_from_text(FIRST, path=str(tmp_path / "saved-1.html")), url=url)
    )
    new = library.add(
        ImportedArticle(article_from_text(CORRECTED, path=str(tmp_path / "saved-2.html")), url=url)
    )
    assert new.replaces == old.id
    # Fragment, "www." and a trailing slash do not make another document.
    found = library.find_by_location("https://example.org/world/strikes/#comments")
    assert found is not None and found.id == new.id
    assert library.find_by_location("https://example.org/world/other") is None


def test_entries_do_not_read_article_texts(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    article = library.add(article_from_text(FIRST, path="x.txt"))
    (tmp_path / "desk.library" / f"{article.id}.json").write_text("{ not json")
    reopened = Library(tmp_path / "desk.json")
    assert [e.id for e in reopened.entries()] == [article.id]
    with pytest.raises(LibraryError, match=article.id):
        reopened.get(article.id)


def test_a_hand_edited_text_is_refused(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    article = library.add(article_from_text(FIRST, path="x.txt"))
    file = tmp_path / "desk.library" / f"{article.id}.json"
    payload = json.loads(file.read_text())
    payload["article"]["text"] = CORRECTED
    file.write_text(json.dumps(payload))
    with pytest.raises(LibraryError, match="no longer matches"):
        library.get(article.id)


def test_a_damaged_index_is_rebuilt_from_the_article_files(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    old = library.add(article_from_text(FIRST, path="a.txt"))
    new = library.add(article_from_text(CORRECTED, path="a.txt"))
    (tmp_path / "desk.library" / INDEX_NAME).write_text("{ truncated")
    reopened = Library(tmp_path / "desk.json")
    assert reopened.entry(old.id) == library.entry(old.id)
    assert reopened.entry(new.id) == library.entry(new.id)
    assert json.loads((tmp_path / "desk.library" / INDEX_NAME).read_text())["entries"]


def test_another_process_adding_is_seen(tmp_path: Path) -> None:
    ours = Library(tmp_path / "desk.json")
    theirs = Library(tmp_path / "desk.json")
    entry = theirs.add(article_from_text(FIRST, path="a.txt"))
    assert ours.entry(entry.id) == entry


def test_remove_drops_the_file_and_relinks_versions(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    texts = [FIRST, CORRECTED, CORRECTED + " Updated."]
    ids = [library.add(article_from_text(t, path="a.txt")).id for t in texts]
    library.remove(ids[1])
    assert ids[1] not in library
    assert not (tmp_path / "desk.library" / f"{ids[1]}.json").exists()
    assert [e.id for e in library.versions(ids[2])] == [ids[0], ids[2]]
    assert Library(tmp_path / "desk.json").entry(ids[2]).replaces == ids[0]  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        library.remove(ids[1])
    with pytest.raises(KeyError):
        library.get("../../etc/passwd")


def test_an_imported_folder_goes_in_with_one_index_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = import_path(FIXTURES)
    library = Library(tmp_path / "desk.json")
    writes: list[int] = []
    save_index = Library._save_index
    monkeypatch.setattr(
        Library, "_save_index", lambda self: (writes.append(1), save_index(self))[1]
    )
    entries = library.add_many(result.imported)
    assert len(writes) == 1
    assert [e.id for e in entries] == [a.id for a in result.articles]
    html = next(
        e
        for e in entries
        if e.title == "Russian strikes kill 120 Daesh militants"
        and e.author == "Jane Reporter"
        and e.url
    )
    assert html.source == "Example Herald"
    assert library.find_by_location(str(FIXTURES / "strikes.html")) == html
    for article in result.articles:
        assert library.get(article.id) == article


def test_a_write_failure_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "desk.library").write_text("a file where the folder should be")
    library = Library(tmp_path / "desk.json")
    with pytest.raises(LibraryError, match="desk.library"):
        library.add(article_from_text(FIRST, path="a.txt"))


def test_processes_adding_at_once_lose_no_entry(tmp_path: Path) -> None:
    # spawn, not fork: the start method of macOS, and safe in a process running threads.
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    workers = [
        context.Process(target=_add_reports, args=(str(tmp_path / "desk.json"), worker, start))
        for worker in range(WORKERS)
    ]
    for process in workers:
        process.start()
    try:
        for process in workers:
            process.join(timeout=30)
    finally:
        for process in workers:
            if process.is_alive():
                process.kill()
    assert [process.exitcode for process in workers] == [0] * WORKERS
    texts = {
        article_from_text(text).id: text
        for text in (_report(w, n) for w in range(WORKERS) for n in range(REPORTS_EACH))
    }
    # The index file itself, since a Library would rebuild a damaged one from the articles.
    index = json.loads((tmp_path / "desk.library" / INDEX_NAME).read_text())
    assert sorted(entry["id"] for entry in index["entries"]) == sorted(texts)
    library = Library(tmp_path / "desk.json")
    assert len(library) == WORKERS * REPORTS_EACH
    for article_id, text in texts.items():
        assert library.get(article_id).text == text


def test_the_index_is_reread_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = Library(tmp_path / "desk.json")
    theirs = Library(tmp_path / "desk.json")
    kept = ours.add(article_from_text(FIRST, path="a.txt"))
    lock = fcntl.flock

    def sneak_in(text: str) -> None:
        """Have `theirs` add `text` after `ours` last looked at the index, before it locks."""

        def flock(fd: int, operation: int) -> None:
            monkeypatch.setattr(fcntl, "flock", lock)
            theirs.add(article_from_text(text, path="c.txt"))
            lock(fd, operation)

        monkeypatch.setattr(fcntl, "flock", flock)

    sneak_in(_report(1, 1))
    added = ours.add(article_from_text(CORRECTED, path="b.txt"))
    sneak_in(_report(1, 2))
    ours.remove(kept.id)
    expected = {added.id, article_from_text(_report(1, 1)).id, article_from_text(_report(1, 2)).id}
    assert {e.id for e in ours.entries()} == expected
    assert {e.id for e in Library(tmp_path / "desk.json").entries()} == expected


def test_an_index_rewritten_within_one_clock_tick_is_reread_under_the_lock(
    tmp_path: Path,
) -> None:
    ours = Library(tmp_path / "desk.json")
    theirs = Library(tmp_path / "desk.json")
    kept = ours.add(article_from_text(FIRST, path="a.txt"))
    index = tmp_path / "desk.library" / INDEX_NAME
    before = os.stat(index)
    # Another process swaps the entry for one of the same size, and the file clock is too
    # coarse to tell: the index looks untouched to anyone going by its size and mtime.
    theirs.remove(kept.id)
    swapped = theirs.add(article_from_text(CORRECTED, path="b.txt"))
    os.utime(index, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(index).st_size == before.st_size
    added = ours.add(article_from_text(_report(1, 1), path="c.txt"))
    assert {e.id for e in Library(tmp_path / "desk.json").entries()} == {swapped.id, added.id}


def test_the_lock_is_let_go_after_a_failed_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tmp_path / "desk.json")
    library.add(article_from_text(FIRST, path="a.txt"))

    def disk_full(*args: object) -> None:
        raise LibraryError("disk full")

    monkeypatch.setattr(Library, "_write_all", disk_full)
    with pytest.raises(LibraryError, match="disk full"):
        library.add(article_from_text(CORRECTED, path="b.txt"))
    fd = os.open(tmp_path / "desk.library" / LOCK_NAME, os.O_RDWR)
    try:
        # Raises BlockingIOError if the failed add still held it.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


def test_a_lock_file_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    library = Library(tmp_path / "desk.json")
    (tmp_path / "desk.library" / LOCK_NAME).mkdir(parents=True)
    with pytest.raises(LibraryError, match=r"desk\.library/\.lock: .* cannot be created"):
        library.add(article_from_text(FIRST, path="a.txt"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_library_is_read_but_not_changed(tmp_path: Path) -> None:
    entry = Library(tmp_path / "desk.json").add(article_from_text(FIRST, path="a.txt"))
    folder = tmp_path / "desk.library"
    (folder / LOCK_NAME).unlink()
    (folder / INDEX_NAME).write_text("{ truncated")
    folder.chmod(0o555)
    try:
        # The damaged index cannot be replaced, but its rebuild serves this session.
        library = Library(tmp_path / "desk.json")
        assert library.entry(entry.id) == entry
        with pytest.raises(LibraryError, match=r"desk\.library/\.lock: .* cannot be created"):
            library.add(article_from_text(CORRECTED, path="b.txt"))
    finally:
        folder.chmod(0o755)
