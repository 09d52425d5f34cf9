"""What ends the desk reaches the command as one line: its own exit message as said, a
fault's traceback kept in a crash file (never printed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rich.traceback import Traceback

from tests.pilot import new_app, seeds


def test_the_desks_own_exit_message_is_no_crash(tmp_path: Path) -> None:
    with new_app(tmp_path / "desk.json", seeds()) as app:
        app.exit(return_code=2, message="None of the chosen articles could be read.")
        app._print_error_renderables()
        assert app.exit_messages == ["None of the chosen articles could be read."]
        assert app.crash is None and app.return_code == 2
        assert not (tmp_path / ".local").exists()


def test_a_fault_is_kept_in_a_file_and_said_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with new_app(tmp_path / "desk.json", seeds()) as app:
        try:
            raise RuntimeError("boom \x1b]0;PWNED\x07 here")
        except RuntimeError:
            app._exit_renderables.append(Traceback.from_exception(*sys.exc_info()))
        app._print_error_renderables()
        assert app.exit_messages == [] and app.return_code == 1
        assert app.crash is not None and "\n" not in app.crash and "\x1b" not in app.crash
        assert "RuntimeError: boom" in app.crash
        (kept,) = (tmp_path / "state" / "newsdesk" / "crashes").iterdir()
        assert "Traceback" in kept.read_text(encoding="utf-8")
        assert str(kept) in app.crash
