"""Imports: each file fails alone, a full disk leaves nothing unindexed, waits are bounded."""

from __future__ import annotations

import errno
import json
import os
import stat
import time
from pathlib import Path

import pytest

from annotations.articles import article_from_text
from annotations.library import Library, LibraryError
from annotations.storage import DeskCorruptError
from annotations.store import Desk
from tests.attacks.support import assert_one_line, dead_pid, lock_held_elsewhere, newsdesk

GOOD = "Some 120 fighters were killed near Mayadeen on Sunday, the ministry said."


def hostile_folder(folder: Path) -> dict[str, str]:
    """A folder of files that each break a JSON or HTML reader, beside good ones."""
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "deep-object.json").write_text('{"a":' * 50_000 + "1" + "}" * 50_000)
    (folder / "huge-int.json").write_text('{"text": 1' + "0" * 5000 + "}")
    (folder / "null.json").write_text("null")
    (folder / "string.json").write_text('"just a string"')
    (folder / "number.json").write_text("42")
    (folder / "lines.jsonl").write_text(
        "[" * 100_000 + "\n" + json.dumps({"text": GOOD.replace("120", "99")}) + "\n"
    )
    (folder / "good.txt").write_text(GOOD)
    (folder / "good.json").write_text(json.dumps({"text": GOOD.replace("120", "77")}))
    return {
        "deep.json": "nested too deeply",
        "deep-object.json": "nested too deeply",
        "huge-int.json": "4300 digits",
        "null.json": "holds a JSON null",
        "string.json": "holds a JSON string",
        "number.json": "holds a JSON number",
        "lines.jsonl, line 1": "nested too deeply",
    }


def test_each_hostile_file_fails_alone_and_the_good_ones_are_imported(tmp_path: Path) -> None:
    expected = hostile_folder(tmp_path / "in")
    db = tmp_path / "desk.json"
    done = newsdesk("import", tmp_path / "in", "--db", db, home=tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in err
    assert b"imported 3 new article(s)" in done.stdout
    for name, says in expected.items():
        (line,) = [row for row in err.splitlines() if f"/in/{name}:" in row]
        assert says in line, line
    assert len(Library(db).entries()) == 3


def test_an_html_page_with_a_30_megabyte_attribute_still_gives_its_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><title>Raid</title></head><body><img src="data:image/png;base64,'
        + "A" * 30_000_000
        + f'"><article><p>{GOOD}</p><p>Another 40 died in Raqqa.</p></article></body></html>'
    )
    done = newsdesk("import", page, "--db", tmp_path / "desk.json", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"imported 1 new article(s)" in done.stdout
    (entry,) = Library(tmp_path / "desk.json").entries()
    assert "Mayadeen" in Library(tmp_path / "desk.json").get(entry.id).text


def test_a_disk_that_fills_during_an_import_leaves_no_unindexed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tmp_path / "desk.json")
    library.add(article_from_text(GOOD, path=str(tmp_path / "first.txt")))
    before = sorted(p.name for p in library.folder.iterdir())
    articles = [
        article_from_text(f"Report {i}: some {i + 10} fighters were killed.", path=f"r{i}.txt")
        for i in range(74)
    ]
    real_write = os.write
    writes = {"count": 0}

    def filling(fd: int, data: bytes) -> int:
        writes["count"] += 1
        if writes["count"] > 40:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", filling)
    with pytest.raises(LibraryError, match="disk is full"):
        library.add_many(articles)
    monkeypatch.undo()
    assert sorted(p.name for p in library.folder.iterdir()) == before
    assert len(Library(tmp_path / "desk.json").entries()) == 1


def test_a_second_import_waits_naming_the_holder_then_gives_up(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(GOOD)
    db = tmp_path / "desk.json"
    lock = tmp_path / "desk.library" / ".lock"
    lock.parent.mkdir()
    with lock_held_elsewhere(lock) as holder:
        started = time.monotonic()
        done = newsdesk("import", source, "--db", db, "--wait", "1", home=tmp_path)
        assert time.monotonic() - started < 20
    err = done.stderr.decode()
    assert f"waiting for another newsdesk (process {holder})" in err
    assert_one_line(done, says=f"process {holder}")
    assert newsdesk("import", source, "--db", db, home=tmp_path).returncode == 0


def test_library_and_desk_files_share_one_private_mode(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(GOOD)
    db = tmp_path / "desk.json"
    assert newsdesk("import", source, "--db", db, home=tmp_path).returncode == 0
    Desk.open(db).close()
    files = [db, *(tmp_path / "desk.library").iterdir()]
    assert {stat.S_IMODE(p.stat().st_mode) for p in files if p.is_file()} == {0o600}


def _article_id(text: str) -> str:
    return article_from_text(text).id


@pytest.mark.parametrize("planted", ["fifo", "link to a fifo", "link to a file"])
def test_whatever_is_planted_in_the_library_is_replaced_and_what_it_points_at_untouched(
    tmp_path: Path, planted: str
) -> None:
    # Reading a FIFO waits for a writer that never comes; writing through a link would
    # change a file outside the library (as root, even a device).
    db = tmp_path / "desk.json"
    folder = tmp_path / "desk.library"
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.txt").write_text(GOOD.replace("120", "130"))
    assert newsdesk("import", tmp_path / "a.txt", "--db", db, home=tmp_path).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    if planted == "link to a fifo":
        os.mkfifo(elsewhere)
    elif planted == "link to a file":
        elsewhere.write_text("not the library's")
    index = folder / "index.json"
    article = folder / f"{_article_id(GOOD.replace('120', '130'))}.json"
    for path in (index, article):
        path.unlink(missing_ok=True)
        if planted == "fifo":
            os.mkfifo(path)
        else:
            path.symlink_to(elsewhere)
    listed = newsdesk("list", "--db", db, home=tmp_path, timeout=20)
    assert listed.returncode == 0, listed.stderr
    assert b"Some 120 fighters" in listed.stdout
    # One new article whose own file is the planted one, and the index: both replaced by
    # private files, whatever the links pointed at left as it was.
    done = newsdesk("import", tmp_path / "b.txt", "--db", db, home=tmp_path, timeout=20)
    assert done.returncode == 0, done.stderr
    for path in (index, article):
        assert path.is_file() and not path.is_symlink()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    if planted == "link to a fifo":
        assert stat.S_ISFIFO(elsewhere.stat().st_mode)
    elif planted == "link to a file":
        assert elsewhere.read_text() == "not the library's"
    assert len(Library(db)) == 2


@pytest.mark.parametrize(
    ("planted", "says"), [("link", "a link to nothing"), ("file", "not a folder")]
)
def test_a_library_name_taken_by_something_else_is_said_in_one_line(
    tmp_path: Path, planted: str, says: str
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    library = tmp_path / "desk.library"
    if planted == "link":
        library.symlink_to(tmp_path / "nowhere")
    else:
        library.write_text("mine")
    done = newsdesk("import", tmp_path / "a.txt", "--db", tmp_path / "desk.json", home=tmp_path)
    assert done.returncode == 2
    assert_one_line(done, says=f"cannot be used as the library: it is {says}")
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_at_an_articles_name_is_named_in_the_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"r{n}.txt").write_text(GOOD.replace("120", str(200 + n)))
    blocked = tmp_path / "desk.library" / f"{_article_id(GOOD.replace('120', '207'))}.json"
    blocked.mkdir(parents=True)
    done = newsdesk("import", folder, "--db", tmp_path / "desk.json", home=tmp_path)
    assert_one_line(done, says=f"{blocked}: cannot be saved (Is a directory)")


def test_ctrl_c_as_a_temporary_is_made_leaves_none_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(tmp_path / "desk.json")
    real_open = os.open
    made = 0

    def open_then_interrupted(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        nonlocal made
        fd = real_open(path, flags, *args)
        if os.fspath(path).endswith(".tmp"):
            made += 1
            if made == 5:
                os.close(fd)
                raise KeyboardInterrupt  # after the file exists, before it is handed back
        return fd

    monkeypatch.setattr(os, "open", open_then_interrupted)
    reports = [article_from_text(f"Report {n}\n\nShelling killed {n + 3}.") for n in range(40)]
    with pytest.raises(KeyboardInterrupt):
        library.add_many(reports)
    monkeypatch.setattr(os, "open", real_open)
    assert not [p.name for p in (tmp_path / "desk.library").iterdir() if p.suffix == ".tmp"]


def test_temporaries_of_a_killed_import_are_removed_on_the_next_run(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(GOOD)
    db = tmp_path / "desk.json"
    folder = tmp_path / "desk.library"
    assert newsdesk("import", source, "--db", db, home=tmp_path).returncode == 0
    dead = dead_pid()
    leftovers = [folder / f".index.json.{dead}.tmp", folder / f".0123456789abcdef.json.{dead}.tmp"]
    for path in leftovers:
        path.write_text("{half")
    (tmp_path / "b.txt").write_text(GOOD.replace("120", "130"))
    assert newsdesk("import", tmp_path / "b.txt", "--db", db, home=tmp_path).returncode == 0
    assert not any(path.exists() for path in leftovers)


def test_a_damaged_desk_is_copied_once_however_often_it_is_opened(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    db.write_bytes(b'{"meta": {"1": {"schema": 1}}, "tags": {' + b" " * 100_000)
    # A command that only reads the desk writes nothing beside it.
    for command in ("list", "export", "orphans", "report", "agreement"):
        argv = (command, db) if command == "agreement" else (command, "--db", db)
        assert_one_line(newsdesk(*argv, home=tmp_path), says="no copy was made")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk.json"]
    for _ in range(3):
        with pytest.raises(DeskCorruptError, match="copy is kept"):
            Desk.open(db)
    assert len(list(tmp_path.glob("desk.json.corrupt-*"))) == 1
    db.write_bytes(db.read_bytes() + b"x")
    with pytest.raises(DeskCorruptError):
        Desk.open(db)
    assert len(list(tmp_path.glob("desk.json.corrupt-*"))) == 2


@pytest.mark.parametrize(
    "content", [b"Some plain text article.\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"\xff\xfe"]
)
def test_a_db_that_never_was_a_desk_is_refused_without_a_copy(
    tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "notes.txt"
    db.write_bytes(content)
    assert_one_line(newsdesk("export", "--db", db, home=tmp_path), says="does not look like")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert db.read_bytes() == content


def test_temporaries_of_a_killed_export_are_removed_by_the_next_export(tmp_path: Path) -> None:
    dead = dead_pid()
    leftover = tmp_path / f".out.csv.{dead}.0badf00d.tmp"
    leftover.write_text("claim_id,status")
    db = tmp_path / "desk.json"
    Desk.open(db).close()
    done = newsdesk("export", "--db", db, "-o", tmp_path / "out.csv", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not leftover.exists() and (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("command", ["agreement", "merge", "export", "list", "orphans", "report"])
def test_a_read_only_command_given_an_annotation_file_writes_nothing_beside_it(
    tmp_path: Path, command: str
) -> None:
    given = tmp_path / "e1.w3c.json"
    given.write_text('{"type": "AnnotationCollection", "first": {"items": []}}', "utf-8")
    (tmp_path / "home").mkdir()
    argv = {
        "agreement": (command, given),
        "merge": (command, given, "-o", tmp_path / "home" / "team.json"),
    }.get(command, (command, "--db", given))
    assert_one_line(newsdesk(*argv, home=tmp_path / "home"), says=str(given))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["e1.w3c.json"]


@pytest.mark.parametrize("command", ["export", "list", "orphans", "report", "agreement"])
@pytest.mark.parametrize("content", ["", "{}"])
def test_a_read_only_command_on_an_empty_desk_file_leaves_it_as_it_was(
    tmp_path: Path, command: str, content: str
) -> None:
    given = tmp_path / "notes.txt"  # a zero-byte file given as --db by mistake
    given.write_text(content, "utf-8")
    (tmp_path / "home").mkdir()
    argv = (command, given) if command == "agreement" else (command, "--db", given)
    done = newsdesk(*argv, home=tmp_path / "home")
    assert b"Traceback" not in done.stderr
    assert given.read_text("utf-8") == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["notes.txt"]
