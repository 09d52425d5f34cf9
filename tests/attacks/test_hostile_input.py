"""Hostile files, databases and exports through the user-facing paths: the CLI and the desk."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from annotations.articles import article_from_text, load_article
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths
from tests.pilot import DeskApp
from tests.terminal import NEWSDESK, terminal
from tui import cli
from tui.app import NewsdeskApp
from tui.article_view import ArticleView
from tui.cli import open_desk
from tui.widgets import StatusLine


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run `newsdesk ARGS` in this process: exit status, stdout, stderr."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def detect_cli(
    capsys: pytest.CaptureFixture[str], path: Path
) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = run_cli(capsys, "detect", "--jsonl", str(path))
    return code, [json.loads(line) for line in out.splitlines()], err


# --- article files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", " \n\t\r\n \u3000 ".encode(), "only whitespace"),
        ("nul.txt", b"Some 120 fighters\x00\x00 died in Syria.", "binary"),
        ("random.bin", bytes(range(256)) * 8, "binary"),
    ],
)
def test_unusable_article_is_named_and_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, spans, err = detect_cli(capsys, path)
    assert code == cli.EXIT_USAGE and spans == []
    assert str(path) in err and says in err


def test_random_bytes_without_nul_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(b for b in os.urandom(4000) if b) or b"\x01")
    code, _spans, err = detect_cli(capsys, path)
    assert code == cli.EXIT_USAGE and str(path) in err and "binary" in err


def test_invalid_utf8_is_reported_and_the_rest_detected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Some 120 fighters died in Syria, said Müller.".encode("latin-1"))
    code, spans, err = detect_cli(capsys, path)
    assert code == 0
    assert str(path) in err and "1 byte of invalid UTF-8" in err
    assert {"Some 120", "Syria"} <= {span["text"] for span in spans}


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-16"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.replace("\n", "\r").encode("utf-8"),
    ],
    ids=["utf16-bom", "crlf", "lone-cr"],
)
def test_encodings_and_line_ends_give_the_same_offsets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encode: object
) -> None:
    text = "Some 120 fighters died in Syria.\nUp to 80 more, Rami Abdel Rahman said.\n"
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_bytes(encode(text))  # type: ignore[operator]
    _code, expected, _err = detect_cli(capsys, plain)
    code, spans, err = detect_cli(capsys, other)
    assert code == 0 and err == ""
    strip = [{k: v for k, v in span.items() if k != "file"} for span in spans]
    assert strip == [{k: v for k, v in span.items() if k != "file"} for span in expected]
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("folder.txt", lambda p: p.mkdir(), "is a folder"),
        ("missing.txt", lambda p: None, "no such file"),
    ],
)
def test_folder_and_missing_file_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, make: object, says: str
) -> None:
    path = tmp_path / name
    make(path)  # type: ignore[operator]
    code, _out, err = run_cli(capsys, "--db", str(tmp_path / "desk.json"), str(path))
    assert code == cli.EXIT_USAGE
    assert str(path) in err and says in err


def test_unreadable_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Some 120 fighters died in Syria.", encoding="utf-8")

    # root ignores chmod: refuse the open itself, as the kernel would for another user.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("annotations.articles.open", refuse, raising=False)
    code, _out, err = run_cli(capsys, "detect", str(path))
    assert code == cli.EXIT_USAGE
    assert str(path) in err and "permission denied" in err


def test_a_bad_file_beside_a_good_one_is_reported_and_the_good_one_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    code, out, err = run_cli(capsys, "detect", "--jsonl", str(bad), str(seed_paths()[0]))
    assert code == 0 and out and str(bad) in err


def test_one_megabyte_line_is_detected_with_true_offsets() -> None:
    line = ("Some 120 fighters near al-Mayadin, up to 80 more. " * 21_000)[: 2**20]
    started = time.process_time()
    article = article_from_text(line)
    spans = detect(article.text)
    claims = find_claims(article.id, article.text, spans)
    took = time.process_time() - started
    assert all(article.text[s.start : s.end] == s.text for s in spans)
    assert len([s for s in spans if s.text == "Some 120"]) > 20_000
    assert claims and all(article.text[c.start : c.end] == c.text for c in claims)
    assert took < 20, f"a 1 MB line took {took:.1f} s of CPU"


MIXED = (
    "北京消息：120名战士在叙利亚被杀。\n"
    "قال رامي عبد الرحمن إن 120 مقاتلا قتلوا في سوريا.\n"
    "Some 120 fighters 😀😀 died in Syria 🇸🇾, Rami Abdel Rahman said.\n"
    "Cafe\u0301 owner Zoe\u0308 said up to 80 more died near Mayadeen.\n"
    "全角テキスト ＡＢＣ：more than 60 foreign mercenaries, 60 of them from Tunisia.\n"
)


def test_wide_and_right_to_left_text_keeps_true_offsets() -> None:
    spans = detect(MIXED)
    assert {"Some 120", "Syria", "Rami Abdel Rahman", "up to 80", "Tunisia"} <= {
        s.text for s in spans
    }
    for span in spans:
        assert MIXED[span.start : span.end] == span.text
    claims = find_claims("x", MIXED, spans)
    assert all(MIXED[c.start : c.end] == c.text for c in claims)


async def test_wide_characters_render_to_the_exact_view_width(
    tmp_path: Path, desk_app: DeskApp
) -> None:
    article = article_from_text(MIXED * 3, path="mixed.txt")
    seed = load_article(seed_paths()[1])
    async with desk_app(tmp_path / "desk.json", [article, seed]) as (app, _pilot):
        view = app.screen.query(ArticleView).first()
        width = view.scrollable_content_region.width  # the scrollbar takes the rest
        rendered = []
        for y in range(view.size.height):
            strip = view.render_line(y)
            line = "".join(segment.text for segment in strip)
            assert strip.cell_length == width, (y, line)
            assert cell_len(line) == width, (y, line)
            rendered.append(line)
        screen = "\n".join(rendered)
        for piece in ("北京消息", "😀😀", "عبد الرحمن", "ＡＢＣ"):
            assert piece in screen


# --- the database ---------------------------------------------------------------------------


def test_missing_database_folder_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NewsdeskApp, "run", lambda self, *a, **k: None)
    # The desk is not drawn: it needs no terminal (the test may run with none).
    monkeypatch.setattr(open_desk, "_drawn_on_the_terminal", lambda: nullcontext(None))
    db = tmp_path / "a" / "b" / "desk.json"
    code, _out, err = run_cli(capsys, "--db", str(db), str(seed_paths()[0]))
    assert code == 0, err
    assert db.parent.is_dir()


def test_database_under_a_file_is_refused_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    db = blocker / "desk.json"
    code, _out, err = run_cli(capsys, "--db", str(db), str(seed_paths()[0]))
    assert code == cli.EXIT_USAGE
    assert str(db) in err and "cannot" in err


def test_corrupt_database_is_refused_untouched_and_the_copy_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    db.write_bytes(b'{"meta": {"1": {"schema": 1}}, "tags": {')
    code, _out, err = run_cli(capsys, "--db", str(db), str(seed_paths()[0]))
    assert code == cli.EXIT_USAGE
    assert db.read_bytes() == b'{"meta": {"1": {"schema": 1}}, "tags": {'
    copies = [p for p in tmp_path.iterdir() if p != db]
    assert copies and any(str(copy) in err for copy in copies), err
    assert str(db) in err


def test_newer_database_schema_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    db.write_text(json.dumps({"meta": {"1": {"schema": 99}}, "tags": {}}))
    before = db.read_bytes()
    for args in (["--db", str(db), str(seed_paths()[0])], ["export", "--db", str(db)]):
        code, out, err = run_cli(capsys, *args)
        assert code == cli.EXIT_USAGE and out == ""
        assert str(db) in err and "99" in err
    assert db.read_bytes() == before


@pytest.mark.terminal
def test_second_instance_on_the_same_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with terminal(tmp_path) as term:
        term.start([str(NEWSDESK), "--db", str(db)])
        term.wait_for("^p palette", timeout=15)
        first = term.pane_pid()
        second = subprocess.run(
            [str(NEWSDESK), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)},
            check=False,
        )
        assert second.returncode == cli.EXIT_USAGE
        assert str(db) in second.stderr and str(first) in second.stderr
        assert "Traceback" not in second.stderr
        assert not term.is_dead()
        term.send_keys("q")
        term.wait_until_dead()


async def test_disk_full_shows_not_saved_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        writer = app.writer
        before = db.read_bytes()

        def full(_fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        monkeypatch.setattr(os, "fdatasync", full)  # the journal's append
        await pilot.press("j", "c")
        for _ in range(100):
            await pilot.pause(0.02)
            if writer.failed:
                break
        await pilot.pause(0.1)
        status = str(app.screen.query_one(StatusLine).render())
        assert writer.failed == 1
        assert "not saved" in status, status
        assert db.read_bytes() == before
        assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
        monkeypatch.undo()
        await pilot.press("r")
        assert writer.flush(timeout=5)
        await pilot.pause(0.2)
        assert "all changes saved" in str(app.screen.query_one(StatusLine).render())
    with Desk.open(db, lock=False) as desk:
        assert [tag.status for tag in desk.tags()] == [ClaimStatus.CONFIRMED]


# --- CSV export -----------------------------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil","x")'


def hostile_desk(tmp_path: Path) -> Path:
    """A desk whose claim, note, title, path, date, source and analyst all open a formula."""
    text = '=SUM(A1) said 120 fighters died in Syria, "quoted", with commas\nand a line.'
    # A relative path as a user might type it: the path cell starts with "+".
    article = article_from_text(
        text, path="+cmd.txt", title=FORMULA, date="-2017", source="@outlet"
    )
    db = tmp_path / "desk.json"
    (claim, *_rest) = find_claims(article.id, article.text, detect(article.text))
    with Desk.open(db) as desk:
        desk.remember_article(article)
        desk.set_status(claim, ClaimStatus.DISPUTED, "=analyst")
        desk.set_note(claim, '-1+1 "quoted", comma\nnew line', "=analyst")
    return db


def test_export_neutralises_every_text_column_and_round_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = hostile_desk(tmp_path)
    code, out, _err = run_cli(capsys, "export", "--db", str(db))
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out, newline=""))
    assert row["claim"] == '\'=SUM(A1) said 120 fighters died in Syria, "quoted", with commas'
    assert row["note"] == '\'-1+1 "quoted", comma\nnew line'
    assert row["article_title"] == "'" + FORMULA
    assert row["article_path"] == "'+cmd.txt"
    assert row["article_date"] == "'-2017"
    assert row["article_source"] == "'@outlet"
    assert row["analyst"] == "'=analyst"
    assert "Syria" in row["names"] and "120" in row["numbers"]
    for name, cell in row.items():
        assert not cell or cell[0] not in "=+-@\t\r", (name, cell)


def test_raw_export_leaves_cells_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = hostile_desk(tmp_path)
    code, out, _err = run_cli(capsys, "export", "--db", str(db), "--raw")
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out, newline=""))
    assert row["claim"].startswith("=SUM(A1)")
    assert row["note"] == '-1+1 "quoted", comma\nnew line'
    assert (row["article_title"], row["article_source"], row["analyst"]) == (
        FORMULA,
        "@outlet",
        "=analyst",
    )


# --- a 50 MB article in the real terminal -----------------------------------------------------


@pytest.mark.terminal
def test_fifty_megabyte_article_opens_and_quits_promptly(tmp_path: Path) -> None:
    line = "Some 120 fighters and up to 80 more were killed near Mayadeen, Rami said.\n"
    big = tmp_path / "big.txt"
    big.write_text((line * (50 * 2**20 // len(line) + 1))[: 50 * 2**20], encoding="utf-8")
    with terminal(tmp_path) as term:
        started = time.monotonic()
        term.start([str(NEWSDESK), "--db", str(tmp_path / "desk.json"), str(big)])
        term.wait_for("Some 120 fighters and up to 80", timeout=20)
        shown = time.monotonic() - started
        assert shown < 20
        term.send_keys("q")
        term.wait_until_dead(timeout=8)
