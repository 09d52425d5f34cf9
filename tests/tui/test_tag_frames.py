"""What a tag key sends to the terminal: one frame showing the change saved, only the rows
that changed, the same screen a full repaint would show, and "saving…" while the disk is slow.

The frames are the updates the app hands its driver, applied to a grid of cells as a
terminal would; bytes are what the driver would write.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import App
from textual.strip import Strip
from textual.widget import Widget

from annotations.writer import DeskWriter
from tests.pilot import DeskApp, held_tag_writes, screen_of, settle, stored
from tui.app import NewsdeskApp
from tui.article_text import ArticleText
from tui.saving import SAVED_WITHIN_SECONDS
from tui.widgets import ClaimDetail

Cell = tuple[str, str]


class Terminal:
    """The screen as the frames the app sent have drawn it, with what each key cost."""

    def __init__(self, app: NewsdeskApp) -> None:
        self.app = app
        width, height = app.size
        self.cells: list[list[Cell]] = [[(" ", "")] * width for _ in range(height)]
        self.frames: list[str] = []
        """The screen's text after each frame since the last `reset`."""
        self.sent = 0
        """Bytes the driver would have written since the last `reset`."""
        self.lines: Counter[str] = Counter()
        """Lines rendered since the last `reset`, by widget class."""

    def reset(self) -> None:
        self.frames, self.sent, self.lines = [], 0, Counter()

    def _put(self, x: int, y: int, strip: Strip) -> None:
        row = self.cells[y]
        for segment in strip:
            if segment.control:
                continue
            style = str(segment.style) if segment.style else ""
            for char in segment.text:
                if 0 <= x < len(row):
                    row[x] = (char, style)
                x += cell_len(char)

    def draw(self, update: CompositorUpdate) -> None:
        """Apply an update as the driver would write it."""
        self.sent += len(update.render_segments(self.app.console).encode())
        if isinstance(update, LayoutUpdate):
            for y, line in enumerate(update.strips, update.region.y):
                x = update.region.x
                for strip in line:
                    self._put(x, y, strip)
                    x += strip.cell_length
        elif isinstance(update, ChopsUpdate):
            for y, x1, x2 in update.spans:
                for end, (x, chop) in zip(
                    update.chop_ends[y], update.chops[y].items(), strict=False
                ):
                    if chop is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        chop = chop.crop(0, min(end, x2) - x)
                    self._put(x, y, chop)
        self.frames.append(self.text)

    @property
    def text(self) -> str:
        return "\n".join("".join(char for char, _ in row) for row in self.cells)

    def repainted(self) -> list[list[Cell]]:
        """The cells a full repaint of the screen would draw now."""
        full = Terminal(self.app)
        full.draw(self.app.screen._compositor.render_full_update())
        return full.cells


@contextmanager
def terminal(app: NewsdeskApp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Terminal]:
    """Record every frame the app sends from now on (the first is the whole screen)."""
    term = Terminal(app)
    display = App._display

    def drawn(self: App[object], screen: object, update: object) -> None:
        if self is app and isinstance(update, CompositorUpdate):
            term.draw(update)
        display(self, screen, update)  # type: ignore[arg-type]

    def counted(cls: type[Widget]) -> None:
        render_line = cls.render_line

        def render(self: Widget, y: int) -> Strip:
            term.lines[type(self).__name__] += 1
            return render_line(self, y)

        monkeypatch.setattr(cls, "render_line", render)

    monkeypatch.setattr(App, "_display", drawn)
    counted(Widget)
    counted(ArticleText)
    screen_of(app).refresh(repaint=True)
    app.screen._compositor._dirty_regions.add(app.screen._compositor.size.region)
    yield term


async def compared(pilot: object, app: NewsdeskApp) -> None:
    """Wait until the desk has shown its comparison: it arrives from a worker after the first
    screen, and lights figures up in a frame of its own, which is no tag key's."""
    for _ in range(300):
        if screen_of(app).comparison is not None:
            break
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    await pilot.pause(0.05)  # type: ignore[attr-defined]


async def press(pilot: object, term: Terminal, key: str) -> None:
    term.reset()
    await pilot.press(key)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.pause(0.1)  # type: ignore[attr-defined]


def heading(screen_text: str) -> str:
    """The detail panel's first line, as the terminal shows it."""
    return next(line for line in screen_text.splitlines() if line.lstrip().startswith("● "))


@pytest.mark.parametrize("writer_lags", [False, True], ids=["prompt", "writer-lags"])
async def test_a_tag_key_shows_the_change_saved_in_one_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, desk_app: DeskApp, writer_lags: bool
) -> None:
    # However busy the disk of the machine running the tests: the write is in time.
    monkeypatch.setattr("tui.saving.SAVED_WITHIN_SECONDS", 2.0)
    if writer_lags:
        # A busy machine: the writer thread loses the processor right after telling the
        # screen the change is saved, and the screen draws before the thread runs again.
        applied = DeskWriter._apply

        def lagging(self: DeskWriter, change: object) -> None:
            applied(self, change)  # type: ignore[arg-type]
            time.sleep(0.15)

        monkeypatch.setattr(DeskWriter, "_apply", lagging)
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await compared(pilot, app)
        with terminal(app, monkeypatch) as term:
            await pilot.pause(0.1)
            for claim, key in enumerate("jcjdjc"):
                await press(pilot, term, key)
                if key == "j":
                    continue
                verdict = "confirmed" if key == "c" else "disputed"
                # One frame: the verdict, saved (a fresh claim's first change adds no line).
                assert len(term.frames) == 1, f"{len(term.frames)} frames for {key}"
                assert f"● {verdict}" in heading(term.frames[0])
                assert "(saving…)" not in term.frames[0]
                assert "all changes saved" in term.frames[0]
                assert term.sent < 6_000, f"{term.sent} bytes for {key}"
                # The claim's mark, the panel's lines, the status line and the column's count.
                assert sum(term.lines.values()) < 20, term.lines
                assert claim // 2 + 1 == len(stored(tmp_path / "desk.json"))


async def test_a_new_panel_height_sends_only_the_rows_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, desk_app: DeskApp
) -> None:
    monkeypatch.setattr("tui.saving.SAVED_WITHIN_SECONDS", 2.0)  # one frame per tag key
    async with desk_app(tmp_path / "desk.json") as (app, pilot):
        await compared(pilot, app)
        panel = screen_of(app).query_one(ClaimDetail)
        view_height = screen_of(app).views[0].size.height
        # A note that takes two rows of the panel, on the second claim.
        await pilot.press("j", "j", "n", *"the ministry's figure, " * 12, "ctrl+s")
        await settle(pilot)
        with terminal(app, monkeypatch) as term:
            await pilot.pause(0.1)
            taller = 0
            # Moving to and from the noted claim, tagging on the way: the panel takes a row
            # from the columns, or gives it back (a tag key never does). After every key the
            # terminal shows what a full repaint would.
            for key in ["j", "c", "d", "k", "c", "d", "j", "k", "j", "tab", "j", "c", "d", "j"]:
                height = panel.size.height
                await press(pilot, term, key)
                assert term.cells == term.repainted(), f"the terminal differs after {key}"
                if panel.size.height == height or key == "tab":
                    continue
                assert key in "jk", f"{key} changed the panel's height"
                taller += 1
                # Each scrollbar drawn once, the panel and the row the columns gave up: not
                # both columns again (some 20 KB).
                assert term.sent < 12_000, f"{term.sent} bytes for a new height"
                bars = sum(n for name, n in term.lines.items() if "ScrollBar" in name)
                assert bars <= 2 * (view_height + 1), term.lines
                assert term.lines["ArticleView"] <= 8, term.lines
            assert taller >= 3  # moving between claims changed the panel's height


async def test_a_slow_disk_shows_saving_and_never_saved_before_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, desk_app: DeskApp
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (app, pilot):
        await pilot.press("j")
        await settle(pilot)
        release = held_tag_writes(monkeypatch)
        with terminal(app, monkeypatch) as term:
            await pilot.pause(0.1)
            term.reset()
            await pilot.press("c", "d")
            await pilot.pause(SAVED_WITHIN_SECONDS * 10)
            # Shown once the disk is late, marked as saving: never as saved before it is.
            assert term.frames, "a change waiting for the disk is not shown"
            for frame in term.frames:
                if "● untagged" not in frame:
                    assert "(saving…)" in heading(frame), frame
                    assert re.search(r"saving \d…", frame), frame
            assert "● disputed  (saving…)" in heading(term.frames[-1])
            assert screen_of(app).views[0].marks == {0: "disputed"}
            await pilot.press("j", "c")
            await pilot.pause(SAVED_WITHIN_SECONDS * 10)
            assert "● confirmed  (saving…)" in heading(term.text)
            assert stored(db) == []
            release.set()
            await settle(pilot)
            await pilot.pause(0.1)
            assert "(saving…)" not in term.text and "all changes saved" in term.text
            assert "● confirmed" in heading(term.text)
    assert [row[2] for row in stored(db)] == ["disputed", "confirmed"]
