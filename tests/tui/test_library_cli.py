"""Tests of `newsdesk import`, `newsdesk list` and `newsdesk orphans` on real folders."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import Article, load_article
from annotations.claims import Claim
from annotations.library import Library
from annotations.store import ClaimStatus, Desk
from tui.cli import main
from tui.cli.import_articles import parse_field_map

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "strikes.html"
FURNITURE = ("SCRIPT-TEXT", "COOKIE-BANNER-TEXT", "MENU-ITEM-TEXT", "FOOTER-TEXT")

REPORT = (
    "Strikes hit Mayadeen\n\n"
    "Russian jets killed 120 fighters near Mayadeen on Sunday. "
    "The ministry said 60 of them came from abroad. "
    "Local groups reported up to 80 civilian deaths in Deir el-Zour."
)
KEPT = "Russian jets killed 120 fighters near Mayadeen on Sunday."
DELETED = "Local groups reported up to 80 civilian deaths in Deir el-Zour."


def run(*argv: str) -> int:
    """Run one library command as `newsdesk ARGV...` would."""
    return main(list(argv))


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert run(*argv, "--json") == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one article of each kind: .txt, .md, .html and a two-line .jsonl."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "report.txt").write_text(REPORT, encoding="utf-8")
    (news / "brief.md").write_text(
        "# Observatory counts the dead\n\nThe Observatory said 61 people died in Mayadeen.\n",
        encoding="utf-8",
    )
    shutil.copy(PAGE, news / "strikes.html")
    records = [
        {
            "headline": "Homs operations end",
            "body": "Regime forces ended their operations in the east of Homs province.",
            "publisher": "Sana",
        },
        {
            "title": "Mayadeen taken",
            "text": "Regime forces entered Mayadeen on Friday, the Observatory said.",
            "url": "https://www.news.example.org/mayadeen",
        },
    ]
    (news / "wire.jsonl").write_text(
        "\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8"
    )
    return news


def tag(desk: Desk, article: Article, sentence: str, status: ClaimStatus, note: str = "") -> None:
    start = article.text.index(sentence)
    claim = Claim(article.id, start, start + len(sentence), sentence)
    text = article.text
    prefix, suffix = text[max(0, start - 32) : start], text[claim.end : claim.end + 32]
    desk.set_status(claim, status, "tester", prefix=prefix, suffix=suffix)
    if note:
        desk.set_note(claim, note, "tester", prefix=prefix, suffix=suffix)


def test_import_a_folder_then_list_every_article(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    assert run("import", str(folder), "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert "imported 5 new article(s), 0 new version(s)" in out
    assert "0 problem(s)" in out

    listed = run_json(capsys, "list", "--db", str(db))
    by_title = {item["title"]: item for item in listed}
    assert set(by_title) == {
        "Strikes hit Mayadeen",
        "Observatory counts the dead",
        "Russian strikes kill 120 Daesh militants",
        "Homs operations end",
        "Mayadeen taken",
    }
    assert by_title["Russian strikes kill 120 Daesh militants"]["source"] == "Example Herald"
    assert by_title["Homs operations end"]["source"] == "Sana"
    assert by_title["Mayadeen taken"]["source"] == "news.example.org"
    assert by_title["Mayadeen taken"]["path"] == "https://www.news.example.org/mayadeen"
    assert by_title["Strikes hit Mayadeen"]["path"] == str(folder / "report.txt")
    assert all(item["tagged_claims"] == 0 for item in listed)
    # The page's scripts, menus and cookie banner stayed out of the stored text.
    library = Library(db)
    page = library.get(by_title["Russian strikes kill 120 Daesh militants"]["id"])
    assert "killed 120 ISIS fighters" in page.text
    for marker in FURNITURE:
        assert marker not in page.text
    # Listing read the desk without creating it.
    assert not db.exists()


def test_importing_the_same_folder_twice_adds_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    assert run("import", str(folder), "--db", str(db)) == 0
    capsys.readouterr()
    assert run("import", str(folder), "--db", str(db)) == 0
    assert "imported 0 new article(s), 0 new version(s), 5 already" in capsys.readouterr().out
    assert len(Library(db)) == 5


def test_a_changed_file_is_a_new_version_and_its_tags_follow(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    report = folder / "report.txt"
    assert run("import", str(report), "--db", str(db)) == 0
    old = load_article(report)
    with Desk.open(db) as desk:
        tag(desk, old, KEPT, ClaimStatus.CONFIRMED)
        tag(desk, old, DELETED, ClaimStatus.DISPUTED, note="no second source")
    listed = run_json(capsys, "list", "--db", str(db))
    assert [(item["id"], item["tagged_claims"]) for item in listed] == [(old.id, 2)]

    report.write_text(REPORT.replace(" " + DELETED, ""), encoding="utf-8")
    capsys.readouterr()
    assert run("import", str(report), "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert "imported 0 new article(s), 1 new version(s)" in out
    assert "tags 1 exact, 0 moved, 1 orphaned" in out

    new = load_article(report)
    listed = run_json(capsys, "list", "--db", str(db))
    assert [(item["id"], item["replaces"], item["tagged_claims"]) for item in listed] == [
        (new.id, old.id, 1)
    ]
    everything = run_json(capsys, "list", "--db", str(db), "--all")
    assert {item["id"]: item["replaced_by"] for item in everything} == {
        old.id: new.id,
        new.id: None,
    }

    orphans = run_json(capsys, "orphans", "--db", str(db))
    assert len(orphans) == 1
    [orphan] = orphans
    assert orphan["quote"] == DELETED
    assert orphan["note"] == "no second source"
    assert orphan["status"] == "disputed"
    assert orphan["article_id"] == old.id
    assert orphan["article_title"] == "Strikes hit Mayadeen"


def test_tags_left_behind_while_the_desk_was_open_move_on_the_next_import(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    report = folder / "report.txt"
    assert run("import", str(report), "--db", str(db)) == 0
    old = load_article(report)
    report.write_text("Update\n\n" + REPORT, encoding="utf-8")
    with Desk.open(db) as desk:
        tag(desk, old, KEPT, ClaimStatus.CONFIRMED)
        capsys.readouterr()
        assert run("import", str(report), "--db", str(db)) == 0
        captured = capsys.readouterr()
        assert "1 new version(s)" in captured.out
        assert "is open in newsdesk" in captured.err
        assert [t.article_id for t in desk.tags()] == [old.id]
    assert run("import", str(report), "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert "0 new version(s), 1 already in the library" in out
    assert "tags 1 exact, 0 moved, 0 orphaned" in out
    with Desk.open(db, lock=False) as desk:
        [moved] = desk.tags()
    new = load_article(report)
    assert (moved.article_id, new.text[moved.start : moved.end]) == (new.id, KEPT)


def test_field_option_reads_another_json_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps([{"story_body": "Some 120 fighters were killed.", "hed": "Strike toll"}]),
        encoding="utf-8",
    )
    assert run("import", str(export), "--db", str(db)) == 2
    assert "0 new article(s)" in capsys.readouterr().out
    assert run("import", str(export), "--db", str(db), "--field", "text=story_body") == 0
    assert run("import", str(export), "--db", str(db), "--field", "title=hed") == 2
    fresh_db = str(tmp_path / "other.json")
    fields = ("--field", "text=story_body", "--field", "title=hed")
    assert run("import", str(export), "--db", fresh_db, *fields) == 0
    [entry] = run_json(capsys, "list", "--db", fresh_db)
    assert entry["title"] == "Strike toll"


def test_bad_field_options_are_refused() -> None:
    assert parse_field_map(["text=story_body", "title = hed"]) == {
        "text": "story_body",
        "title": "hed",
    }
    for bad in ("text", "story=body", "=body", "text="):
        with pytest.raises(ValueError, match="--field"):
            parse_field_map([bad])


def test_nothing_importable_exits_2_and_names_each_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"title": "no text"}\n[1, 2]\n', encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert run("import", str(broken), str(missing), "--db", str(tmp_path / "d.json")) == 2
    captured = capsys.readouterr()
    assert "3 problem(s)" in captured.out
    err_lines = captured.err.splitlines()
    assert sum(str(broken) in line for line in err_lines) == 2
    assert sum(str(missing) in line for line in err_lines) == 1


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_list_fits_the_terminal(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    db = tmp_path / "desk.json"
    assert run("import", str(folder), "--db", str(db)) == 0
    capsys.readouterr()
    assert run("list", "--db", str(db)) == 0
    where, *lines = capsys.readouterr().out.splitlines()
    assert where.startswith("Library: ")
    # A header and one line a row: none wider than the terminal, so none wraps.
    assert len(lines) == 6
    assert all(len(line) <= columns for line in lines)
    assert lines[0].split()[:2] == ["id", "title"]


def test_list_and_orphans_print_tables_without_running_markup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    db = tmp_path / "desk.json"
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("[bold red]Loud[/] title\n\nThe ministry said 60 died.", encoding="utf-8")
    assert run("import", str(hostile), "--db", str(db)) == 0
    capsys.readouterr()
    assert run("list", "--db", str(db)) == 0
    out = capsys.readouterr().out
    assert "[bold red]Loud[/]" in out
    assert run("orphans", "--db", str(db)) == 0
    assert "No orphaned tags" in capsys.readouterr().out


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal, so the progress bar shows."""

    def isatty(self) -> bool:
        return True


def test_a_big_import_shows_a_progress_bar_on_a_terminal_only(
    folder: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (folder / "extra.txt").write_text("Extra report\n\nSome 40 people fled.", encoding="utf-8")
    assert run("import", str(folder), "--db", str(tmp_path / "plain.json")) == 0
    assert "importing" not in capsys.readouterr().err
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert (
        run("import", str(folder), str(folder / "report.txt"), "--db", str(tmp_path / "tty.json"))
        == 0
    )
    shown = terminal.getvalue()
    assert "importing" in shown and "5/5" in shown
    # One file alone needs no bar; a file named twice counts once.
    assert "1/1" not in shown
    assert "imported 6 new article(s)" in capsys.readouterr().out


def test_a_record_url_that_is_not_a_web_address_never_names_a_local_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON record (untrusted) claiming to live at a local file must not become that file's
    next version: only http(s) addresses identify an article by its URL."""
    local = tmp_path / "mine.txt"
    local.write_text("Some 120 fighters were killed near Mayadeen on Sunday.\n", encoding="utf-8")
    db = tmp_path / "desk.json"
    assert run("import", str(local), "--db", str(db)) == 0
    hostile = [str(local), f"file://{local}", "javascript:alert(1)", "mine.txt", "http:///x"]
    records = tmp_path / "records.json"
    records.write_text(
        json.dumps(
            [{"text": f"Article {n} says 4{n} died.", "url": u} for n, u in enumerate(hostile)]
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert run("import", str(records), "--db", str(db)) == 0
    assert f"imported {len(hostile)} new article(s), 0 new version(s)" in capsys.readouterr().out
    listed = run_json(capsys, "list", "--db", str(db))
    paths = sorted(item["path"] for item in listed)
    assert paths == sorted([str(local), *(f"{records}#{n}" for n in range(1, len(hostile) + 1))])
    entry = Library(db).find_by_location(f"{records}#1")
    assert entry is not None
    assert any("not an http or https address" in w for w in Library(db).get(entry.id).warnings)


def test_every_article_read_and_every_empty_folder_is_accounted_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "scan.pdf").write_bytes(b"%PDF")
    same = {"text": "Some 120 fighters were killed near Mayadeen on Sunday."}
    records = tmp_path / "twice.json"
    records.write_text(json.dumps([same, same, {"title": "no text"}]), encoding="utf-8")
    folders = [str(tmp_path / "empty"), str(tmp_path / "other")]
    assert run("import", str(records), *folders, "--db", str(tmp_path / "d.json")) == 0
    captured = capsys.readouterr()
    assert "imported 1 new article(s)" in captured.out
    assert "1 repeat(s) of an article read earlier in this import" in captured.out
    assert "3 problem(s)" in captured.out
    assert f"{records}, record 3: no article text" in captured.err
    for folder in folders:
        assert f"{folder}: holds no file to import" in captured.err
