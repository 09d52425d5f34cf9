"""What the attack tests share: the real `newsdesk` command run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.terminal.driver import NEWSDESK

__all__ = [
    "ESCAPES",
    "NEWSDESK",
    "assert_one_line",
    "dead_pid",
    "lock_held_elsewhere",
    "newsdesk",
]

ESCAPES = (
    "\x1b]0;pwned\x07",  # OSC: sets the terminal (pane) title
    "\x1b[2J",  # CSI: clears the screen
    "\x9b2J",  # the same as an 8-bit C1 CSI
    "\x1bP+q\x1b\\",  # DCS: asks the terminal to answer
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: writes the clipboard
    "\u202egnp.exe",  # right-to-left override
)
"""Control sequences and bidi controls a hostile string may carry."""


def newsdesk(
    *args: str | os.PathLike[str] | bytes,
    home: Path,
    env: Mapping[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed `newsdesk` with `args` (bytes for names that are not UTF-8)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        **(env or {}),
    }
    argv: Sequence[str | bytes] = [
        arg if isinstance(arg, bytes) else os.fspath(arg) for arg in args
    ]
    return subprocess.run(
        [os.fsencode(NEWSDESK), *map(os.fsencode, argv)],
        capture_output=True,
        input=stdin,
        env=environment,
        timeout=timeout,
        check=False,
    )


def assert_one_line(done: subprocess.CompletedProcess[bytes], *, says: str = "") -> str:
    """The command failed with one safe line on stderr (no traceback); return that line."""
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert b"\x1b" not in done.stderr and b"\x9b" not in done.stderr, err
    lines = err.strip().splitlines()
    assert done.returncode != 0, err
    assert lines and lines[-1].startswith("newsdesk"), err
    if says:
        assert says in lines[-1], err
    return lines[-1]


def dead_pid() -> int:
    """The process id of a process that has already exited."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@contextmanager
def lock_held_elsewhere(path: Path) -> Iterator[int]:
    """Hold the lock at `path` from another process for the block; yield its process id."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from annotations.files import FileLock;"
            f"FileLock.acquire({str(path)!r}); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait()
