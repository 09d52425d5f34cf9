"""Every command ends in one line and an exit code, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import orjson
import pytest

from annotations.articles import article_from_text
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths
from tests.attacks.support import NEWSDESK, assert_one_line, newsdesk
from tui.cli import main

TEXT = "Some 120 fighters were killed near Mayadeen on Sunday. Another 40 died in Raqqa."


def run_into(stdout: int, tmp_path: Path, args: list[str]) -> subprocess.CompletedProcess[bytes]:
    """Run `newsdesk ARGS` with its output going to the file descriptor `stdout`."""
    return subprocess.run(
        [str(NEWSDESK), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=60,
        check=False,
    )


def command_args(command: tuple[str, ...], db: Path) -> list[str]:
    """The arguments of `command`, with SEED a seed file and --db for those that read a desk."""
    args = [str(seed_paths()[0]) if arg == "SEED" else arg for arg in command]
    return args if command[0] == "detect" else [*args, "--db", str(db)]


def tagged_desk(tmp_path: Path) -> Path:
    article = article_from_text(TEXT, title="T", path=str(tmp_path / "a.txt"), source="S")
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.remember_article(article)
        for claim in find_claims(article.id, article.text, detect(article.text)):
            desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
    return db


@pytest.mark.parametrize("db", ["", "/", ".", "..", "  "])
def test_a_db_that_names_no_file_is_refused(tmp_path: Path, db: str) -> None:
    for command in (("list",), ("export",), ("alias",), ("orphans",), ("report",)):
        done = newsdesk(*command, "--db", db, home=tmp_path)
        assert done.returncode == 2
        assert_one_line(done, says="--db")


def test_a_db_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    done = newsdesk("alias", "A", "B", "--db", tmp_path / "folder", home=tmp_path)
    assert_one_line(done, says="folder")


@pytest.mark.parametrize(
    "field,value",
    [("title", 5), ("path", ["x"]), ("source", {"a": 1}), ("date", 3.5), ("title", True)],
)
def test_a_hand_edited_desk_with_wrong_article_types_is_refused_naming_it(
    tmp_path: Path, field: str, value: object
) -> None:
    db = tagged_desk(tmp_path)
    data = orjson.loads(db.read_bytes())
    next(iter(data["articles"].values()))[field] = value
    db.write_bytes(orjson.dumps(data))
    for command in (("export",), ("list",), ("orphans",), ("alias",)):
        done = newsdesk(*command, "--db", db, home=tmp_path)
        assert_one_line(done, says=str(db))


@pytest.mark.parametrize(
    "change",
    [{"title": 5}, {"chars": "10"}, {"source": ["x"]}, {"chars": -1}, {"replaced_by": 7}],
)
def test_a_library_index_with_wrong_types_is_rebuilt_and_listed(
    tmp_path: Path, change: dict[str, object]
) -> None:
    source = tmp_path / "a.txt"
    source.write_text(TEXT)
    db = tmp_path / "desk.json"
    assert newsdesk("import", source, "--db", db, home=tmp_path).returncode == 0
    index = tmp_path / "desk.library" / "index.json"
    data = json.loads(index.read_text())
    data["entries"][0].update(change)
    index.write_text(json.dumps(data))
    done = newsdesk("list", "--json", "--db", db, home=tmp_path)
    assert done.returncode == 0, done.stderr
    (entry,) = json.loads(done.stdout)
    assert entry["title"] == "a" or isinstance(entry["title"], str)


def test_an_article_file_with_wrong_types_is_refused_naming_it(tmp_path: Path) -> None:
    from annotations.library import Library, LibraryError

    source = tmp_path / "a.txt"
    source.write_text(TEXT)
    db = tmp_path / "desk.json"
    assert newsdesk("import", source, "--db", db, home=tmp_path).returncode == 0
    library = Library(db)
    (entry,) = library.entries()
    file = tmp_path / "desk.library" / f"{entry.id}.json"
    for field, value in (("text", 5), ("warnings", [1]), ("title", None), ("source", 3)):
        data = json.loads(file.read_text())
        original = data["article"][field]
        data["article"][field] = value
        file.write_text(json.dumps(data))
        with pytest.raises(LibraryError, match=entry.id):
            library.get(entry.id)
        data["article"][field] = original
        file.write_text(json.dumps(data))
    assert library.get(entry.id).text.startswith("Some 120")


@pytest.mark.parametrize(
    "command",
    [
        ("detect", "--jsonl", "SEED"),
        ("list", "--json"),
        ("alias",),
        ("export",),
        ("detect", "SEED"),
    ],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    db = tagged_desk(tmp_path)
    source = tmp_path / "a.txt"
    source.write_text(TEXT)
    newsdesk("import", source, "--db", db, home=tmp_path)
    # The reading end is closed before the command starts: its first write finds no reader.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = run_into(write_end, tmp_path, command_args(command, db))
    finally:
        os.close(write_end)
    assert done.returncode == 1, done.stderr
    assert done.stderr == b"", done.stderr


@pytest.mark.parametrize(
    "command", [("detect", "--jsonl", "SEED"), ("export",), ("list", "--json"), ("alias",)]
)
def test_output_to_a_full_disk_says_so_in_one_line(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    db = tagged_desk(tmp_path)
    with open("/dev/full", "wb") as full:
        done = run_into(full.fileno(), tmp_path, command_args(command, db))
    assert done.returncode == 1
    line = assert_one_line(done, says="disk is full")
    assert "Exception ignored" not in done.stderr.decode()
    assert line.count("\n") == 0


@pytest.mark.parametrize(
    "args", [["--help"], ["export", "--help"], ["merge", "--help"], ["--version"]]
)
def test_help_that_cannot_be_written_fails_in_one_line(tmp_path: Path, args: list[str]) -> None:
    """A help long enough to bypass the buffer and one short enough to wait in it both fail:
    the analyst's script must not read "success" when nothing reached the file."""
    with open("/dev/full", "wb") as full:
        done = run_into(full.fileno(), tmp_path, args)
    assert done.returncode == 1, done.stderr
    assert_one_line(done, says="disk is full")
    assert "Exception ignored" not in done.stderr.decode()


def test_export_onto_a_full_disk_file_keeps_the_old_file(tmp_path: Path) -> None:
    db = tagged_desk(tmp_path)
    done = newsdesk("export", "--db", db, "-o", "/dev/full", home=tmp_path)
    assert_one_line(done, says="disk is full")


def test_an_alias_on_a_full_disk_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    db = tagged_desk(tmp_path)
    monkeypatch.setattr(os, "write", full)
    # The work failed on the disk, not the input: 1, as the README says (2: an unusable desk).
    assert main(["alias", "Islamic State", "Daech", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err and str(db) in err


def test_the_first_launch_on_a_full_disk_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_open = os.open

    def no_space(path: object, flags: int, *args: object) -> int:
        if str(path).endswith(".lock") and flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_space)
    assert main(["--db", str(tmp_path / "new" / "desk.json"), str(seed_paths()[0])]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err


def test_a_latin1_name_under_a_strict_utf8_locale_is_shown_escaped(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(tmp_path), "München".encode("latin-1") + b".txt")
    with open(name, "wb") as handle:
        handle.write(TEXT.encode())
    for env in ({"LC_ALL": "C.UTF-8"}, {"LC_ALL": "en_US.UTF-8", "PYTHONUTF8": "0"}):
        for args in (("detect", name), ("detect", "--jsonl", name)):
            done = newsdesk(*args, home=tmp_path, env=env)
            assert done.returncode == 0, done.stderr
            assert b"Traceback" not in done.stderr
            assert b"120" in done.stdout


def _interruptible() -> None:
    """Ctrl-C as a terminal delivers it: a test runner started in the background (a CI job,
    `cmd &`) hands its children SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("command", ["import", "detect"])
def test_ctrl_c_ends_a_long_command_in_one_line(tmp_path: Path, command: str) -> None:
    # The work doubles until the interrupt lands before the command is done, so the test
    # neither passes without interrupting anything nor fails on a faster machine.
    for attempt in range(6):
        big = tmp_path / f"big{attempt}"
        big.mkdir()
        for i in range(150):
            (big / f"r{i}.txt").write_text(f"Report {i}\n\n" + TEXT * (200 << attempt))
        args = {
            "import": ["import", str(big), "--db", str(tmp_path / f"desk{attempt}.json")],
            "detect": ["detect", "--jsonl", *map(str, sorted(big.iterdir()))],
        }[command]
        process = subprocess.Popen(
            [str(NEWSDESK), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "HOME": str(tmp_path)},
            preexec_fn=_interruptible,
        )
        if command == "import":
            # Interrupt once the first article is written: the import is then under way.
            library = tmp_path / f"desk{attempt}.library"
            deadline = time.monotonic() + 30
            while process.poll() is None and time.monotonic() < deadline:
                if library.is_dir() and any(library.iterdir()):
                    break
                time.sleep(0.005)
        else:
            time.sleep(1.0)  # past the interpreter's start, inside the command's own work
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
        assert b"Traceback" not in err, err
        if process.returncode == 0:
            continue  # done before the signal came: try again with more work
        assert process.returncode == 130 and err.strip().endswith(b"interrupted"), err
        return
    pytest.fail(f"{command} always finished within a second, even with 32 times the work")


def test_ctrl_c_during_an_export_ends_in_one_line_or_not_at_all(tmp_path: Path) -> None:
    db = tagged_desk(tmp_path)
    process = subprocess.Popen(
        [str(NEWSDESK), "export", "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "HOME": str(tmp_path)},
        preexec_fn=_interruptible,
    )
    time.sleep(0.7)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err, err
    # A small export may be starting or ending when the signal comes (dying of it
    # outright), or may have finished.
    assert process.returncode in (0, -signal.SIGINT, 130), err
    if process.returncode == 130:
        assert err.strip().endswith(b"interrupted"), err
