"""Shared pieces of the benchmarks: the 1 MB article, the minimal reference app, and verdicts."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotations.articles import Article, article_from_text, load_article
from seeds import seed_paths

__all__ = [
    "MINIMAL_APP",
    "SIZE",
    "CompositorClock",
    "Terminal",
    "bench_env",
    "bench_terminal",
    "run_seconds",
    "scratch_folder",
    "large_article",
    "large_text",
    "median_ms",
    "seed_articles",
    "verdict",
    "write_minimal_app",
]

SIZE = (200, 50)
"""Terminal size of every benchmark, as the Pilot tests use."""

# Paragraphs written like wire copy but with few figures and names, so that the generated
# article has about as many highlights per megabyte as a long real report (~20k), not the
# seeds' density, which is unusually high.
_PLAIN_PARAGRAPHS = (
    "The situation on the ground remained difficult to verify independently, and residents "
    "who reached by telephone described a night of heavy shelling followed by a quiet "
    "morning in which families began to return to what was left of their homes.",
    "Aid workers said that access to the area was still limited and that the roads leading "
    "to the river crossing were damaged in several places, which slowed the delivery of "
    "food, water and medical supplies to people who had stayed behind.",
    "Officials declined to say how long the operation would continue, but analysts expect "
    "the fighting to move further along the valley as the weather improves and supply "
    "lines are restored after the recent floods.",
)


def seed_articles() -> list[Article]:
    """The two bundled seed articles, as `newsdesk` opens them with no files."""
    return [load_article(path) for path in seed_paths()]


def _seed_bodies() -> list[str]:
    """The paragraphs of both seeds, without the page furniture above the headline."""
    paragraphs: list[str] = []
    for article in seed_articles():
        for paragraph in article.text.split("\n"):
            if len(paragraph) > 60:
                paragraphs.append(paragraph)
    return paragraphs


def large_text(target_bytes: int = 1_000_000) -> str:
    """About `target_bytes` of article text: seed paragraphs and plain ones, repeated.

    Each repeat gets its own dateline so no two stretches are byte-identical (claims and
    anchors then behave as in a real long text rather than one paragraph seen a thousand times).
    """
    seeds = _seed_bodies()
    parts: list[str] = ["Deir ez-Zor offensive: the full file of reports\n"]
    size = len(parts[0])
    section = 0
    while size < target_bytes:
        section += 1
        block = [f"Update {section}, filed {1 + section % 28} October 2017"]
        for index, paragraph in enumerate(seeds):
            block.append(paragraph)
            if index % 3 == 0:
                block.append(_PLAIN_PARAGRAPHS[(section + index) % len(_PLAIN_PARAGRAPHS)])
        chunk = "\n\n".join(block) + "\n\n"
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "".join(parts)


def large_article(target_bytes: int = 1_000_000) -> Article:
    """The 1 MB article the benchmarks open."""
    return article_from_text(large_text(target_bytes), path="bench-large-article.txt")


def median_ms(samples: list[float]) -> float:
    """Median of samples in seconds, as milliseconds."""
    return statistics.median(samples) * 1000


def verdict(value: float, bar: float) -> str:
    """PASS when `value` is at or under `bar`."""
    return "PASS" if value <= bar else "FAIL"


class CompositorClock:
    """Records when each screen update of a running Textual app finished.

    A screen update (`Screen._compositor_refresh`) is where Textual renders the changed lines
    and hands them to the terminal, so the first update after an event is when the analyst
    sees its effect. Pilot runs headless, which skips only the final write to the terminal.
    """

    def __init__(self) -> None:
        self.updates: list[float] = []
        self._watches: list[tuple[Callable[[], bool], list[float]]] = []

    def first_after(self, moment: float) -> float | None:
        """Time of the first screen update that finished after `moment`."""
        for update in self.updates:
            if update > moment:
                return update
        return None

    def watch(self, shown: Callable[[], bool]) -> list[float]:
        """Note the end of the first screen update after which `shown()` is true.

        Returns a list that receives that one time; it stays empty until then.
        """
        moment: list[float] = []
        self._watches.append((shown, moment))
        return moment

    def _updated(self) -> None:
        now = time.perf_counter()
        self.updates.append(now)
        if self._watches:
            waiting = []
            for shown, moment in self._watches:
                if shown():
                    moment.append(now)
                else:
                    waiting.append((shown, moment))
            self._watches = waiting

    @contextmanager
    def installed(self) -> Iterator[CompositorClock]:
        """Patch the Screen class for the duration, so every screen of every app is timed."""
        from textual.screen import Screen

        original = Screen._compositor_refresh
        updated = self._updated

        def timed(screen: Screen[object]) -> None:
            original(screen)
            updated()

        Screen._compositor_refresh = timed  # type: ignore[method-assign,assignment]
        try:
            yield self
        finally:
            Screen._compositor_refresh = original  # type: ignore[method-assign]


MINIMAL_APP = '''
"""The reference: a minimal Textual app showing two titles side by side."""
import sys

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static


class Minimal(App[None]):
    CSS = "Static { width: 1fr; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            for title in sys.argv[1:3]:
                yield Static(title, markup=False)

    def on_mount(self) -> None:
        if len(sys.argv) > 3:
            self.set_timer(float(sys.argv[3]), self.exit)


if __name__ == "__main__":
    Minimal().run()
'''
"""Source of the reference app: argv holds the two titles, then optionally seconds to live."""


def write_minimal_app(folder: Path) -> Path:
    """Write the reference app into `folder` and return its path."""
    path = folder / "minimal_app.py"
    path.write_text(MINIMAL_APP, encoding="utf-8")
    return path


def bench_env(home: Path) -> dict[str, str]:
    """The environment a benchmark launches `newsdesk` in: a private HOME, UTF-8, xterm."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
    }


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary folder for one benchmark run's files, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        yield Path(tmp)


def run_seconds(command: list[str]) -> float:
    """Seconds from launching `command` until it exits (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _with_descendants(pid: int) -> set[int]:
    """`pid` and every process below it (Linux: read from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    found, more = {pid}, [pid]
    while more:
        parent = more.pop()
        children = [child for child, of in parents.items() if of == parent]
        found.update(children)
        more.extend(children)
    return found


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie has exited: only its parent has yet to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class Terminal:
    """A private tmux server (its own socket) in which each launch gets a fresh session."""

    POLL_SECONDS = 0.01
    TIMEOUT_SECONDS = 30.0

    def __init__(self, env: dict[str, str], *, poll_seconds: float = POLL_SECONDS) -> None:
        self.socket = f"newsdesk-bench-{os.getpid()}"
        self.env = env
        self.poll_seconds = poll_seconds
        """How often the screen is captured while waiting for something to show."""
        self.name = ""
        # An idle session keeps the server up between launches, so server start-up is not timed.
        self._tmux("new-session", "-d", "-s", "idle", "-x", "80", "-y", "24", "sleep 3600")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def start(self, command: list[str], name: str) -> float:
        """Launch `command` in a new session of the benchmark's size; return when (perf_counter)."""
        width, height = SIZE
        line = " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)
        self.name = name
        start = time.perf_counter()
        self._tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), line)
        return start

    def screen(self) -> str:
        """What the current session shows."""
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def send(self, *keys: str) -> float:
        """Send keys to the current session; return the wall-clock time just before they went."""
        moment = time.time()
        self._tmux("send-keys", "-t", self.name, *keys)
        return moment

    def wait_for(self, *needles: str, every: bool = False) -> float:
        """Wall-clock time of the first capture showing one of `needles` (all, with `every`)."""
        deadline = time.monotonic() + self.TIMEOUT_SECONDS
        test = all if every else any
        while True:
            screen = self.screen()
            if test(needle in screen for needle in needles):
                return time.time()
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{self.name}: {needles!r} not on screen after {self.TIMEOUT_SECONDS}s:"
                    f"\n{screen}"
                )
            time.sleep(self.poll_seconds)

    def stop(self) -> None:
        """End the current session, if it has not ended by itself, and wait until what ran
        in it has exited: a desk closing (its last writes, its lock) must not meet the next
        launch on the same desk, which would find the desk in use and end at once."""
        shown = subprocess.run(
            ["tmux", "-L", self.socket, "display-message", "-p", "-t", self.name, "#{pane_pid}"],
            env=self.env,
            check=False,
            capture_output=True,
            text=True,
        ).stdout.strip()
        running = _with_descendants(int(shown)) if shown.isdigit() else set()
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-session", "-t", self.name],
            env=self.env,
            check=False,
            capture_output=True,
        )
        deadline = time.monotonic() + self.TIMEOUT_SECONDS
        while running and time.monotonic() < deadline:
            running = {pid for pid in running if _alive(pid)}
            time.sleep(0.01)

    def time_to_show(self, command: list[str], needles: list[str], name: str) -> float:
        """Seconds from launching `command` until every needle is on the screen."""
        start = self.start(command, name)
        try:
            self.wait_for(*needles, every=True)
            return time.perf_counter() - start
        finally:
            self.stop()

    def close(self) -> None:
        """Stop the tmux server."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, check=False)


@contextmanager
def bench_terminal(folder: Path) -> Iterator[tuple[Terminal, Path]]:
    """A tmux terminal with a private HOME under `folder`, and the reference app beside it."""
    home = folder / "home"
    home.mkdir()
    minimal = write_minimal_app(folder)
    terminal = Terminal(bench_env(home))
    try:
        yield terminal, minimal
    finally:
        terminal.close()
