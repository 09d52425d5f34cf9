"""What the commands print: safe on a terminal, exact in files, pipes and JSON readers."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from annotations.articles import article_from_text
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths
from tests.attacks.support import ESCAPES, NEWSDESK, newsdesk
from tui.cli import COMMANDS

TITLE = "\x1b]0;X\x07"
HOSTILE = "Some 120 fighters were killed near Mayadeen \x1b]0;X\x07 on Sunday, the ministry said."
BIDI = "\u202e"
RAW_ESCAPE_BYTES = (b"\x1b", b"\xc2\x9b", b"\xe2\x80\xae", b"\x07")


def tagged_desk(tmp_path: Path, text: str = HOSTILE) -> tuple[Path, str]:
    """A desk with one confirmed claim holding `text`; the claim's text."""
    article = article_from_text(
        text + "\n\nAnother 40 died in Raqqa.",
        title=f"Report {TITLE}",
        source=f"Outlet {BIDI}",
        path=str(tmp_path / "report.txt"),
    )
    claim = next(c for c in find_claims(article.id, article.text, detect(article.text)))
    assert "\x1b" in claim.text or "\x1b" not in text
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.remember_article(article)
        desk.set_status(claim, ClaimStatus.CONFIRMED, f"ana{BIDI}")
        desk.set_note(claim, f"check {ESCAPES[1]}", "ana")
    return db, claim.text


def in_a_terminal(tmp_path: Path, *args: str) -> bytes:
    """The raw bytes `newsdesk ARGS` writes to a real terminal (recorded by `script`)."""
    log = tmp_path / "typescript"
    command = " ".join(f"'{arg}'" for arg in (str(NEWSDESK), *args))
    subprocess.run(
        ["script", "-q", "-e", "--log-out", str(log), "-c", command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(tmp_path), "TERM": "dumb", "LC_ALL": "C.UTF-8"},
        timeout=60,
        check=True,
    )
    raw = log.read_bytes()
    # `script` frames the session with its own header and footer lines.
    return b"\n".join(line for line in raw.split(b"\n") if not line.startswith(b"Script "))


def test_export_to_a_terminal_prints_no_escape_byte(tmp_path: Path) -> None:
    db, claim = tagged_desk(tmp_path)
    raw = in_a_terminal(tmp_path, "export", "--db", str(db))
    assert b"Mayadeen" in raw and b"confirmed" in raw
    for byte in RAW_ESCAPE_BYTES:
        assert byte not in raw, raw
    # The escape is shown as its control picture, in place.
    assert "Mayadeen ␛]0;X␇ on Sunday".encode() in raw


def test_export_to_a_file_or_a_pipe_keeps_the_text_exactly(tmp_path: Path) -> None:
    db, claim = tagged_desk(tmp_path)
    out = tmp_path / "out.csv"
    done = newsdesk("export", "--db", db, "-o", out, home=tmp_path)
    assert done.returncode == 0, done.stderr
    (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline=""))
    assert row["claim"] == claim and "\x1b]0;X\x07" in row["claim"]
    assert row["article_source"] == f"Outlet {BIDI}" and row["analyst"] == "ana"
    piped = newsdesk("export", "--db", db, home=tmp_path)
    assert piped.returncode == 0
    (row,) = csv.DictReader(io.StringIO(piped.stdout.decode(), newline=""))
    assert row["claim"] == claim and row["analyst"] == "ana"


def test_export_onto_a_terminal_device_named_with_o_is_shown_safely(tmp_path: Path) -> None:
    db, _ = tagged_desk(tmp_path)
    raw = in_a_terminal(tmp_path, "export", "--db", str(db), "-o", "/dev/tty")
    assert b"Mayadeen" in raw
    for byte in RAW_ESCAPE_BYTES:
        assert byte not in raw, raw


def assert_escaped_json(stdout: bytes) -> None:
    for byte in RAW_ESCAPE_BYTES:
        assert byte not in stdout, stdout
    stdout.decode("utf-8")  # lone surrogates are escaped too, so the output is valid UTF-8


def test_list_json_escapes_bidi_and_controls_and_keeps_the_data(tmp_path: Path) -> None:
    record = {
        "title": f"Title {BIDI}{ESCAPES[0]}",
        "source": "W \ud800",
        "text": "Some 120 fighters were killed near Mayadeen on Sunday, the ministry said.",
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps(record), encoding="ascii")
    db = tmp_path / "desk.json"
    assert newsdesk("import", source, "--db", db, home=tmp_path).returncode == 0
    done = newsdesk("list", "--json", "--db", db, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert_escaped_json(done.stdout)
    (entry,) = json.loads(done.stdout)
    assert entry["source"] == "W \ud800"
    for stored in (tmp_path / "desk.library").glob("*.json"):
        stored.read_bytes().decode("utf-8")  # valid UTF-8 on disk too
    assert BIDI in entry["title"] or "\ufffd" in entry["title"]


def test_detect_and_compare_json_escape_bidi(tmp_path: Path) -> None:
    article = tmp_path / f"a{BIDI}.txt"
    article.write_text(
        f"Some 120 fighters {BIDI}were killed near Mayadeen on Sunday.\n", encoding="utf-8"
    )
    detected = newsdesk("detect", "--jsonl", article, home=tmp_path)
    assert detected.returncode == 0, detected.stderr
    assert_escaped_json(detected.stdout)
    records = [json.loads(line) for line in detected.stdout.splitlines()]
    assert records and all(r["file"] == article.name for r in records)
    compared = newsdesk("compare", "--json", article, seed_paths()[0], home=tmp_path)
    assert compared.returncode == 0, compared.stderr
    assert_escaped_json(compared.stdout)
    json.loads(compared.stdout)


@pytest.mark.parametrize("hostile", ESCAPES)
def test_argparse_errors_quote_arguments_safely(tmp_path: Path, hostile: str) -> None:
    for args in (
        (f"--{hostile}",),
        ("export", "--status", hostile),
        ("detect", "--jsonl", "--bogus", hostile),
        ("import", "--wait", hostile, "x"),
    ):
        done = newsdesk(*args, home=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        for byte in RAW_ESCAPE_BYTES:
            assert byte not in done.stderr, (args, done.stderr)
        assert b"Traceback" not in done.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_quotes_a_bad_option_safely(tmp_path: Path, command: str) -> None:
    # Every subcommand's parser, not only those listed above: one built by hand once printed
    # the option it refused raw.
    for hostile in ESCAPES:
        done = newsdesk(command, f"--x={hostile}", "a.txt", "b.txt", home=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        assert b"unrecognized arguments" in done.stderr, done.stderr
        for byte in RAW_ESCAPE_BYTES:
            assert byte not in done.stderr, (command, done.stderr)
