"""A full disk met by any command's write: the desk's analysis cache gives way, the write goes
through on the second try; with nothing to give, one line and a failure status."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.analysis_cache import analysis_folder
from annotations.store import ClaimStatus, Desk
from tests.tui.test_team_cli import FIRST, SECOND, TEXT, _tag
from tui.cli import main


def _cache_entries(db: Path) -> list[Path]:
    return sorted(analysis_folder(db).glob("*.cache"))


@pytest.fixture
def world(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    """A desk with tags and a warm analysis cache, a second analyst's desk, a W3C export of
    the second, and an article to import."""
    article = tmp_path / "strikes.txt"
    article.write_text(TEXT, encoding="utf-8")
    desk, other = tmp_path / "desk.json", tmp_path / "other.json"
    _tag(desk, article, "checker", {FIRST: ClaimStatus.CONFIRMED})
    _tag(other, article, "reviewer", {SECOND: ClaimStatus.DISPUTED})
    w3c = tmp_path / "other.w3c.json"
    assert main(["export", "--format", "w3c", "--db", str(other), "-o", str(w3c)]) == 0
    assert main(["export", "--db", str(desk), "-o", str(tmp_path / "warm.csv")]) == 0
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("Officials in Raqqa said 12 people were hurt on Sunday.\n", encoding="utf-8")
    capsys.readouterr()
    assert _cache_entries(desk), "the export should have filled the analysis cache"
    return {"desk": desk, "other": other, "w3c": w3c, "fresh": fresh, "dir": tmp_path}


COMMANDS: dict[str, tuple[list[str], Callable[[dict[str, Path]], bool]]] = {
    "export csv": (
        ["export", "--db", "{desk}", "-o", "{dir}/out.csv"],
        lambda w: FIRST in (w["dir"] / "out.csv").read_text(encoding="utf-8"),
    ),
    "export w3c": (
        ["export", "--format", "w3c", "--db", "{desk}", "-o", "{dir}/out.w3c.json"],
        lambda w: FIRST in (w["dir"] / "out.w3c.json").read_text(encoding="utf-8"),
    ),
    "report": (
        ["report", "--db", "{desk}", "-o", "{dir}/brief.html"],
        lambda w: "<html" in (w["dir"] / "brief.html").read_text(encoding="utf-8"),
    ),
    "merge": (
        ["merge", "{desk}", "{other}", "-o", "{dir}/team.json"],
        lambda w: len(Desk.open(w["dir"] / "team.json").tags()) == 2,
    ),
    "import": (
        ["import", "{fresh}", "--db", "{desk}"],
        lambda w: any(p.suffix == ".json" for p in (w["dir"] / "desk.library").rglob("*")),
    ),
    "import-annotations": (
        ["import-annotations", "{w3c}", "--db", "{desk}"],
        lambda w: len(Desk.open(w["desk"]).tags()) == 2,
    ),
    "alias": (
        ["alias", "Islamic State", "Daech", "--db", "{desk}"],
        lambda w: "Daech" in (w["desk"].read_text() + _journal(w["desk"])),
    ),
}


def _journal(db: Path) -> str:
    journal = db.with_name(db.name + ".journal")
    return journal.read_text(encoding="utf-8", errors="replace") if journal.exists() else ""


def _full_disk(monkeypatch: pytest.MonkeyPatch, world: dict[str, Path], times: int) -> list[str]:
    """Make the next `times` flushes of a file outside the analysis cache fail with ENOSPC."""
    failed: list[str] = []
    cache = str(analysis_folder(world["desk"]).resolve())
    for name in ("fsync", "fdatasync"):
        real = getattr(os, name)

        def flush(fd: int, real: Callable[[int], None] = real) -> None:
            where = os.readlink(f"/proc/self/fd/{fd}")
            if len(failed) < times and not where.startswith(cache):
                failed.append(where)
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(fd)

        monkeypatch.setattr(os, name, flush)
    return failed


NEEDS_PROC = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="needs /proc to name the file"
)


@NEEDS_PROC
@pytest.mark.parametrize(
    ("command", "full_for"),
    [*((name, 1) for name in sorted(COMMANDS))]
    + [(name, 10**6) for name in ("export csv", "report", "alias", "import-annotations")],
)
def test_a_full_disk_empties_the_cache_then_goes_through_or_ends_in_one_line(
    world: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    full_for: int,
) -> None:
    argv, done = COMMANDS[command]
    failed = _full_disk(monkeypatch, world, times=full_for)
    names = {k: str(v) for k, v in world.items()}
    status = main([a.format(**names) for a in argv])
    err = capsys.readouterr().err
    assert _cache_entries(world["desk"]) == []  # the cache gave way either way
    if full_for == 1:
        # Met a full disk once: through on the second try.
        assert status == 0 and len(failed) == 1, err
        monkeypatch.undo()
        assert done(world)
    else:
        # The work failed, the input was fine: 1, as the README says (2 is for an unusable
        # desk or file).
        assert status == 1
        assert err.count("\n") == 1 and "disk is full" in err and "Traceback" not in err
