"""A small tmux driver that runs the installed `newsdesk` in a real terminal for tests."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

import tui

__all__ = [
    "NEWSDESK",
    "Terminal",
    "process_tree",
    "require_tmux",
    "terminal",
]

NEWSDESK = Path(sys.executable).parent / "newsdesk"
"""The console script of the virtualenv the tests run in, never one found on PATH."""

WIDTH, HEIGHT = 200, 50


def require_tmux() -> str:
    """The tmux binary, or skip the test with the reason."""
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed: terminal tests need it (apt-get install tmux)")
    if not NEWSDESK.exists():
        pytest.skip(f"no installed newsdesk at {NEWSDESK}: pip install -e . in this venv")
    return tmux


def process_tree(root: int) -> list[int]:
    """`root` and every descendant pid, found by walking /proc (parents before children)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name sits in parentheses and may hold spaces: split after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, queue = [], [root]
    while queue:
        pid = queue.pop(0)
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


class Terminal:
    """One tmux server on a private socket holding one pane of fixed size."""

    def __init__(self, home: Path, *, tmux: str) -> None:
        self.tmux = tmux
        self.socket = f"newsdesk-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.home = home
        self.env: dict[str, str] = {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            # The pane runs the code these tests import, wherever that checkout is (the
            # installed command may point at another one).
            "PYTHONPATH": str(Path(tui.__file__).resolve().parent.parent),
        }
        self.started = False

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.tmux, "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=10,
            # The server hands its own environment to every pane: keep the test runner's
            # (COLUMNS/LINES set by pytest plugins, the real HOME) out of it.
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **self.env},
        )

    def start(self, cmd: Sequence[str], *, env: Mapping[str, str] | None = None) -> None:
        """Run `cmd` in a fresh 200x50 pane; the pane stays after the command exits."""
        environment = {**self.env, **(env or {})}
        args = ["new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT)]
        for key, value in environment.items():
            args += ["-e", f"{key}={value}"]
        if not self.started:
            # The pane starts in the test's own folder: a relative path typed into the desk
            # (or a mistyped one) lands there, never in the checkout.
            self._tmux(*args, "-s", "main", "-c", str(self.home), "sleep 3600")
            # remain-on-exit so the last screen and the exit status can still be read.
            self._tmux("set-option", "-g", "remain-on-exit", "on")
            self._tmux("set-option", "-g", "allow-rename", "on")
            # Detached servers otherwise shrink the window to 80x24.
            self._tmux("set-option", "-g", "window-size", "manual")
            self._tmux("resize-window", "-t", "main", "-x", str(WIDTH), "-y", str(HEIGHT))
            self.started = True
        self._tmux(
            "respawn-pane",
            "-k",
            "-c",
            str(self.home),
            "-t",
            "main",
            *[f"-e{k}={v}" for k, v in environment.items()],
            shlex.join(["exec", *cmd]),
        )

    def resize(self, width: int, height: int) -> None:
        """Resize the window, as an analyst dragging the terminal would."""
        self._tmux("resize-window", "-t", "main", "-x", str(width), "-y", str(height))

    def send_keys(self, *keys: str, literal: bool = False) -> None:
        """Send tmux key names ("j", "Tab", "Enter", "Escape") or literal text."""
        self._tmux("send-keys", "-t", "main", *(["-l"] if literal else []), *keys)

    def type(self, text: str) -> None:
        """Type text exactly as written."""
        self.send_keys(text, literal=True)

    def paste(self, text: str) -> None:
        """Paste text as a terminal does (bracketed, when the program asked for it)."""
        self._tmux("set-buffer", "-b", "paste", "--", text)
        self._tmux("paste-buffer", "-p", "-d", "-b", "paste", "-t", "main")

    def paste_bytes(self, data: bytes, folder: Path) -> None:
        """Paste raw bytes (not UTF-8 ones too), bracketed, as a terminal does."""
        source = folder / "pasted.bin"
        source.write_bytes(data)
        self._tmux("load-buffer", "-b", "raw", str(source))
        self._tmux("paste-buffer", "-p", "-d", "-b", "raw", "-t", "main")

    def record_output(self, log: Path) -> None:
        """Append every byte the program writes to the terminal from now on to `log`."""
        self._tmux("pipe-pane", "-o", "-t", "main", f"cat >> {shlex.quote(str(log))}")

    def capture(self) -> str:
        """The visible screen as text."""
        return self._tmux("capture-pane", "-p", "-t", "main").stdout

    def display(self, fmt: str) -> str:
        """A tmux format evaluated for the pane, e.g. '#{pane_title}'."""
        return self._tmux("display-message", "-p", "-t", "main", fmt).stdout.rstrip("\n")

    def pane_pid(self) -> int:
        """The pid of the pane's command (exec'd, so it is newsdesk itself)."""
        return int(self.display("#{pane_pid}"))

    def is_dead(self) -> bool:
        """True once the pane's command has exited."""
        return self.display("#{pane_dead}") == "1"

    def exit_status(self, *, wait: float = 0.5) -> int | None:
        """The exit status of the pane's command (128 + n if a signal n ended it), once it
        has exited. tmux marks a pane dead when its terminal closes and may learn the status a
        moment later: it is waited for up to `wait` seconds (read at once as 0, a failing
        command passed), then taken as 0, as tmux 3.3 sometimes never reports a clean exit."""
        if not self.is_dead():
            return None
        deadline = time.monotonic() + wait
        while True:
            status, killed = self.display("#{pane_dead_status}:#{pane_dead_signal}").split(":")
            if status or killed or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        if killed:
            return 128 + int(killed)
        return int(status or "0")

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = 10.0) -> str:
        """Poll the screen every 50 ms until it shows `what`; fail with the screen if not."""
        test = (lambda screen: what in screen) if isinstance(what, str) else what
        deadline = time.monotonic() + timeout
        screen = self.capture()
        while not test(screen):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what!r}; screen:\n{screen}")
            time.sleep(0.05)
            screen = self.capture()
        return screen

    def wait_until_dead(self, timeout: float = 10.0) -> int:
        """Wait for the pane's command to exit; its exit status."""
        deadline = time.monotonic() + timeout
        while not self.is_dead():
            if time.monotonic() > deadline:
                raise AssertionError(f"newsdesk did not exit; screen:\n{self.capture()}")
            time.sleep(0.05)
        status = self.exit_status()
        assert status is not None
        return status

    def close(self) -> None:
        """Kill the pane's command and the private tmux server."""
        # SIGHUP from kill-server can leave a busy newsdesk (a detection thread) running on.
        try:
            if self.started and not self.is_dead():
                os.kill(self.pane_pid(), signal.SIGKILL)
        except (subprocess.SubprocessError, ProcessLookupError, ValueError):
            pass
        self._tmux("kill-server", check=False)


@contextmanager
def terminal(home: Path) -> Iterator[Terminal]:
    """A private tmux terminal, killed at the end whatever happens."""
    term = Terminal(home, tmux=require_tmux())
    try:
        yield term
    finally:
        term.close()
