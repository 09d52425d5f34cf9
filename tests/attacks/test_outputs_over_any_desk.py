"""A file a command writes never replaces anyone's desk, journal, lock or desk folder.

The check once knew only the command's own desk, by name: an export named over a colleague's
desk, a brief over their journal, or an export over a desk open in another newsdesk replaced
it whole. Desks are now known by what they hold, however the path reaches them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from annotations.desk_paths import output_refusal
from annotations.export import ExportError, export_desk_csv
from annotations.files import FileLock
from annotations.store import ClaimStatus, Desk
from tests.domain.test_store import ARTICLE, FIRST
from tui.cli import main


def _desk(path: Path, analyst: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, analyst)
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _others(tmp: Path) -> list[Path]:
    """Every way to name a file of another analyst's desk `tmp/other/r.json`."""
    other = _desk(tmp / "other" / "r.json", "reviewer")
    renamed = tmp / "other" / "renamed.csv"
    shutil.copyfile(other, renamed)
    shutil.copyfile(other.with_name("r.json.journal"), tmp / "other" / "journal-copy.txt")
    os.link(other, tmp / "other" / "hard.csv")
    (tmp / "other" / "soft.md").symlink_to("r.json.journal")
    (tmp / "other" / "sub").mkdir()
    (tmp / "other" / "r.library").mkdir()
    (tmp / "other" / "r.analysis").mkdir()
    lock = other.with_name("r.json.lock")
    lock.write_text("4242\n")
    return [
        other,
        other.with_name("r.json.journal"),
        lock,
        renamed,
        tmp / "other" / "journal-copy.txt",
        tmp / "other" / "hard.csv",
        tmp / "other" / "soft.md",
        tmp / "other" / "sub" / ".." / "r.json",
        tmp / "other" / "r.library" / "brief.md",
        tmp / "other" / "r.analysis" / "out.csv",
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--db", "{db}", "-o", "{out}"],
        ["export", "--db", "{db}", "--format", "w3c", "-o", "{out}"],
        ["report", "--db", "{db}", "--format", "md", "-o", "{out}"],
        ["report", "--db", "{db}", "--format", "html", "-o", "{out}"],
    ],
)
def test_no_output_replaces_another_analysts_desk_files(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = _desk(tmp_path / "mine" / "c.json", "checker")
    for out in _others(tmp_path):
        before = _snapshot(tmp_path)
        assert main([part.format(db=db, out=out) for part in command]) == 2, out
        err = capsys.readouterr().err
        assert err.startswith(f"newsdesk: {out} would replace") and err.count("\n") == 1, err
        assert _snapshot(tmp_path) == before, out
    with Desk.open(tmp_path / "other" / "r.json", lock=False) as desk:
        assert [tag.status for tag in desk.tags()] == [ClaimStatus.CONFIRMED]


def test_merge_never_writes_over_a_journal_lock_or_desk_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _desk(tmp_path / "mine" / "a.json", "checker")
    b = _desk(tmp_path / "mine" / "b.json", "reviewer")
    others = _others(tmp_path)
    for out in [others[1], others[2], others[4], others[6], others[8], others[9]]:
        before = _snapshot(tmp_path)
        assert main(["merge", str(a), str(b), "-o", str(out)]) == 2, out
        assert "would replace" in capsys.readouterr().err
        assert _snapshot(tmp_path) == before, out


def test_a_desk_open_in_a_newsdesk_is_never_written_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _desk(tmp_path / "c.json", "checker")
    # Open: a desk whose lock a newsdesk holds, even one not written yet.
    for name in ("open.json", "not-yet.json"):
        if name == "open.json":
            _desk(tmp_path / name, "reviewer")
        held = FileLock.acquire(tmp_path / f"{name}.lock")
        try:
            before = _snapshot(tmp_path)
            for command in (
                ["export", "--db", str(db), "-o", str(tmp_path / name)],
                ["merge", str(db), "-o", str(tmp_path / name)],
            ):
                assert main(command) == 2
                err = capsys.readouterr().err
                assert "open" in err and err.count("\n") == 1, err
            assert _snapshot(tmp_path) == before
        finally:
            held.release()


def test_the_desks_own_export_refuses_another_desk(tmp_path: Path) -> None:
    other = _desk(tmp_path / "r.json", "reviewer")
    before = other.read_bytes()
    with Desk.open(_desk(tmp_path / "c.json", "checker")) as desk:
        with pytest.raises(ExportError, match="would replace"):
            export_desk_csv(desk, tmp_path / "r.json")
    assert other.read_bytes() == before


def test_ordinary_files_are_still_written(tmp_path: Path) -> None:
    db = _desk(tmp_path / "c.json", "checker")
    (tmp_path / "old.csv").write_text("a,b\n")
    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "plain.json").write_text('{"name": "not a desk"}')
    (tmp_path / "notes.lock.txt").write_text("1234\n")
    for name in ("old.csv", "list.json", "plain.json", "notes.lock.txt", "new.md"):
        assert output_refusal(tmp_path / name, (db,)) is None, name
    assert main(["export", "--db", str(db), "-o", str(tmp_path / "old.csv")]) == 0
    assert "claim" in (tmp_path / "old.csv").read_text()
