"""One desk, one newsdesk: the lock follows the desk file, whatever name reaches it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotations.claims import Claim
from annotations.journal import JournalStorage
from annotations.store import Desk, DeskLockedError

CLAIM = Claim("a" * 16, 0, 9, "claim one")


def _desk_with_a_note(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Desk.open(path) as desk:
        desk.set_note(CLAIM, "first", "ana")


def test_a_hard_link_to_an_open_desk_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real" / "x.json"
    _desk_with_a_note(real)
    hard = tmp_path / "hard.json"
    os.link(real, hard)
    with Desk.open(real):
        with pytest.raises(DeskLockedError, match="hard link"):
            Desk.open(hard)
    with Desk.open(hard):
        with pytest.raises(DeskLockedError, match="hard link"):
            Desk.open(real)


def test_the_lock_holds_in_another_process_and_after_a_compaction(tmp_path: Path) -> None:
    real = tmp_path / "real" / "x.json"
    _desk_with_a_note(real)
    hard = tmp_path / "hard.json"
    os.link(real, hard)
    opener = textwrap.dedent(
        f"""
        import sys
        from annotations.store import Desk, DeskLockedError
        try:
            Desk.open({str(hard)!r}).close()
        except DeskLockedError as exc:
            print(exc)
            sys.exit(3)
        """
    )
    with Desk.open(real) as desk:
        storage = desk._storage
        assert isinstance(storage, JournalStorage)
        desk.set_note(CLAIM, "second", "ana")
        storage.compact()  # a new desk file took the name; the hard link names the old one
        desk.compact_if_due()
        desk.set_note(CLAIM, "third", "ana")
        done = subprocess.run(
            [sys.executable, "-c", opener], capture_output=True, text=True, check=False
        )
        assert done.returncode == 3, done.stdout + done.stderr
        assert "hard link" in done.stdout
    with Desk.open(real) as desk:
        assert [tag.note for tag in desk.tags()] == ["third"]
