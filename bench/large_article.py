"""Benchmark: open, tag and scroll a 1 MB article in the desk, against a plain Textual Static."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from common import SIZE, CompositorClock, large_article, seed_articles, verdict
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Static

from annotations.articles import Article
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from annotations.spans import Span
from annotations.store import Desk
from annotations.writer import DeskWriter
from tui.app import NewsdeskApp
from tui.article_view import ArticleView
from tui.desk_screen import DeskScreen

FIRST_TEXT_BAR_MS = 500.0
TAG_REPAINT_BAR_MS = 30.0
WAIT_LIMIT_SECONDS = 120.0

# The reference colours spans the way a Rich-only app would: one style per kind of span.
_REFERENCE_STYLES = {
    "number": "bold yellow",
    "name": "bold cyan",
}


async def _until(pilot: Pilot[None], moment: list[float], what: str) -> float:
    """Let the app run until the clock has noted `moment`; return it."""
    deadline = time.perf_counter() + WAIT_LIMIT_SECONDS
    while not moment:
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{what}: not on screen after {WAIT_LIMIT_SECONDS}s")
        await pilot.pause(0.002)
    return moment[0]


async def _time_key(
    pilot: Pilot[None], clock: CompositorClock, key: str, shown: Callable[[], bool], what: str
) -> float:
    """Seconds from pressing `key` to the end of the screen update that shows its effect."""
    moment = clock.watch(shown)
    pressed = time.perf_counter()
    await pilot.press(key)
    return await _until(pilot, moment, what) - pressed


def _first_view(app: NewsdeskApp) -> ArticleView | None:
    screen = app.screen
    if not isinstance(screen, DeskScreen):
        return None
    views = screen.views
    return views[0] if views else None


async def measure_desk(
    article: Article, other: Article, folder: Path, tags: int, pages: int
) -> dict[str, float]:
    """Open the desk on `article` and `other`, then tag claims and page down in `article`."""
    figures: dict[str, float] = {}
    desk = Desk.open(folder / "desk.json")
    writer = DeskWriter(desk)
    app = NewsdeskApp([article, other], desk, writer, analyst="bench", db_label="bench")
    clock = CompositorClock()

    def text_shown() -> bool:
        view = _first_view(app)
        # The view fills its strip cache as it renders lines, so a non-empty cache after a
        # screen update means its text went out in that update.
        return view is not None and len(view._strips) > 0

    def highlights_shown() -> bool:
        view = _first_view(app)
        return view is not None and bool(view._spans) and len(view._strips) > 0

    try:
        with clock.installed():
            text_at = clock.watch(text_shown)
            highlights_at = clock.watch(highlights_shown)
            launched = time.perf_counter()
            async with app.run_test(size=SIZE) as pilot:
                figures["first text"] = await _until(pilot, text_at, "text") - launched
                figures["highlights"] = await _until(pilot, highlights_at, "highlights") - launched
                await app.workers.wait_for_complete()
                await pilot.pause()
                view = _first_view(app)
                assert view is not None and view.claims, "the large article has no claims"

                samples = []
                for turn in range(tags):
                    await pilot.press("j")
                    await pilot.pause()
                    index = view.current_claim
                    key, mark = ("c", "confirmed") if turn % 2 == 0 else ("d", "disputed")
                    samples.append(
                        await _time_key(
                            pilot,
                            clock,
                            key,
                            lambda index=index, mark=mark: view.marks.get(index) == mark,  # type: ignore[misc]
                            "tag",
                        )
                    )
                figures["tag repaint"] = statistics.median(samples)

                # What one full repaint of the view costs when no line is cached.
                cold = []
                for _ in range(5):
                    view._strips.clear()
                    started = time.perf_counter()
                    for y in range(view.size.height):
                        view.render_line(y)
                    cold.append(time.perf_counter() - started)
                figures["visible region render"] = statistics.median(cold)

                figures["page down"] = await _page_down(pilot, clock, view, pages)
            writer.flush()
    finally:
        writer.close()
        desk.close()
    return figures


async def _page_down(
    pilot: Pilot[None], clock: CompositorClock, scroller: ArticleView | VerticalScroll, pages: int
) -> float:
    """Median seconds from a page-down key to the screen update that shows the new page."""
    scroller.focus()
    await pilot.pause()
    samples = []
    for _ in range(pages):
        before = scroller.scroll_offset.y
        if before >= scroller.max_scroll_y:
            break
        samples.append(
            await _time_key(
                pilot,
                clock,
                "pagedown",
                lambda before=before: scroller.scroll_offset.y != before,  # type: ignore[misc]
                "page down",
            )
        )
    return statistics.median(samples)


class StaticReference(App[None]):
    """The same article as one Rich Text in a Static, the way a simple Textual app shows it."""

    CSS = "VerticalScroll { width: 1fr; } Static { width: 1fr; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("c", "confirm", "Confirm")]

    def __init__(self, text: Text, other: Text, claims: list[Claim]) -> None:
        super().__init__()
        self.text = text
        self.other = other
        self.claims = claims
        self.tagged = 0

    def compose(self) -> ComposeResult:
        with Horizontal():
            with VerticalScroll(id="big"):
                yield Static(self.text, id="text")
            with VerticalScroll():
                yield Static(self.other)

    def action_confirm(self) -> None:
        claim = self.claims[self.tagged % len(self.claims)]
        self.tagged += 1
        self.text.stylize("on dark_green", claim.start, claim.end)
        self.query_one("#text", Static).update(self.text)


def styled_text(article: Article, spans: list[Span]) -> Text:
    """The article as Rich Text carrying the same highlights as the desk shows."""
    text = Text(article.text)
    for span in spans:
        text.stylize(_REFERENCE_STYLES.get(span.kind, "bold"), span.start, span.end)
    return text


async def measure_static(
    article: Article, other: Article, tags: int, pages: int
) -> dict[str, float]:
    """The reference figures: the same steps on a Static holding the styled text."""
    figures: dict[str, float] = {}
    spans = detect(article.text)
    claims = find_claims(article.id, article.text, spans)
    app = StaticReference(styled_text(article, spans), Text(other.text), claims)
    clock = CompositorClock()

    def text_shown() -> bool:
        return app.query_one("#text", Static).size.height > 1

    with clock.installed():
        text_at = clock.watch(text_shown)
        launched = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            # Spans are given up front, so the text and its highlights arrive together.
            figures["first text"] = figures["highlights"] = (
                await _until(pilot, text_at, "text") - launched
            )
            samples = []
            for turn in range(tags):
                samples.append(
                    await _time_key(
                        pilot,
                        clock,
                        "c",
                        lambda turn=turn: app.tagged > turn,  # type: ignore[misc]
                        "tag",
                    )
                )
            figures["tag repaint"] = statistics.median(samples)
            figures["page down"] = await _page_down(
                pilot, clock, app.query_one("#big", VerticalScroll), pages
            )
    return figures


def _row(name: str, ours: float | None, theirs: float | None, bar: float | None) -> str:
    def cell(seconds: float | None) -> str:
        return "-" if seconds is None else f"{seconds * 1000:.1f} ms"

    judged = ""
    if bar is not None and ours is not None:
        judged = f"bar <= {bar:.0f} ms  {verdict(ours * 1000, bar)}"
    return f"  {name:<24} {cell(ours):>12} {cell(theirs):>12}   {judged}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="launches of the desk (median)")
    parser.add_argument("--tags", type=int, default=12, help="tags per launch")
    parser.add_argument("--pages", type=int, default=50, help="page-downs per launch")
    parser.add_argument("--static-tags", type=int, default=3, help="tags on the Static reference")
    parser.add_argument("--no-static", action="store_true", help="skip the Static reference")
    args = parser.parse_args()

    article = large_article()
    other = seed_articles()[1]
    started = time.perf_counter()
    spans = detect(article.text)
    detect_seconds = time.perf_counter() - started
    print(
        f"1 MB article: {len(article.text.encode('utf-8')):,} bytes, {len(spans):,} highlights, "
        f"detection alone {detect_seconds * 1000:.0f} ms; terminal {SIZE[0]}x{SIZE[1]} (Pilot)"
    )
    runs: list[dict[str, float]] = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
            runs.append(asyncio.run(measure_desk(article, other, Path(tmp), args.tags, args.pages)))
        print(
            f"  desk run {run + 1}: "
            + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in runs[-1].items())
        )
    ours = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    theirs: dict[str, float] = {}
    if not args.no_static:
        theirs = asyncio.run(measure_static(article, other, args.static_tags, args.pages))
        print("  Static run: " + ", ".join(f"{k} {v * 1000:.1f} ms" for k, v in theirs.items()))

    print(f"\n  {'median':<24} {'newsdesk':>12} {'Static ref':>12}")
    print(
        _row(
            "first text on screen", ours["first text"], theirs.get("first text"), FIRST_TEXT_BAR_MS
        )
    )
    print(_row("all highlights shown", ours["highlights"], theirs.get("highlights"), None))
    print(
        _row(
            "repaint after a tag",
            ours["tag repaint"],
            theirs.get("tag repaint"),
            TAG_REPAINT_BAR_MS,
        )
    )
    print(_row("view render, no cache", ours["visible region render"], None, None))
    print(_row(f"page down (x{args.pages})", ours["page down"], theirs.get("page down"), None))
    print(f"  (medians of {args.runs} desk launches x {args.tags} tags; times are key to screen)")


if __name__ == "__main__":
    main()
