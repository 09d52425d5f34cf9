"""The article view: a Line-API scroll view that wraps per paragraph and caches rendered lines."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.safe_text import printable

if TYPE_CHECKING:
    from annotations.claims import Claim
    from annotations.spans import Span

__all__ = ["ArticleView", "wrap_paragraph"]

GUTTER = 2
"""Cells at the left of every line: a current-claim bar and a status mark."""

STATUS_MARKS: dict[str, str] = {"confirmed": "✓", "disputed": "✗", "noted": "✎", "conflict": "≠"}

_WORD = re.compile(r"\S+\s*|\s+")


def wrap_paragraph(
    text: str, start: int, end: int, width: int, *, ascii_only: bool
) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the visual lines of one paragraph at a given width.

    Greedy word wrap; a word longer than the width is cut. Trailing spaces stay on the line
    they follow (they are cropped when drawn), so offsets cover the paragraph without gaps.
    """
    width = max(width, 1)
    measure = len if ascii_only else cell_len
    if end - start <= width and (ascii_only or cell_len(text[start:end]) <= width):
        yield start, end
        return
    line_start = start
    line_width = 0
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        word = match.group()
        visible = measure(word.rstrip())
        if line_width and line_width + visible > width:
            yield line_start, word_start
            line_start, line_width = word_start, 0
        if visible > width:
            # A word wider than the line: cut it into line-sized pieces.
            cut = word_start
            piece_width = 0
            for index in range(word_start, word_end):
                char_width = measure(text[index])
                if piece_width + char_width > width and index > cut:
                    yield cut, index
                    cut, piece_width = index, 0
                piece_width += char_width
            line_start, line_width = cut, piece_width
            continue
        line_width += measure(word)
    if line_start < end or line_start == start:
        yield line_start, end


@dataclass(frozen=True, slots=True)
class _Layout:
    """The visual lines of the whole article at one width."""

    width: int
    starts: list[int]
    ends: list[int]


class ArticleView(ScrollView, can_focus=True):
    """One article's text with its numbers and names highlighted and its claims marked."""

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--gutter",
        "article-view--current-bar",
        "article-view--moved",
        "article-view--current",
        "article-view--confirmed",
        "article-view--disputed",
        "article-view--noted",
        "article-view--conflict",
        "article-view--mark-confirmed",
        "article-view--mark-disputed",
        "article-view--mark-noted",
        "article-view--mark-conflict",
        "article-view--focus",
        "article-view--mention",
        "article-view--figure-agree",
        "article-view--figure-clash",
        "article-view--figure-one-side",
        "article-view--search",
        "article-view--standing",
        "article-view--hedge",
        "article-view--number-count",
        "article-view--number-money",
        "article-view--number-date",
        "article-view--number-quantity",
        "article-view--number-percent",
        "article-view--number-duration",
        "article-view--name-person",
        "article-view--name-org",
        "article-view--name-place",
        "article-view--name-group",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "next_claim", "Next claim", key_display="j/↓", id="claim.next"),
        Binding("k,up", "previous_claim", "Prev claim", key_display="k/↑", id="claim.previous"),
        Binding(
            "right",
            "next_mention",
            "Next name/figure",
            show=False,
            key_display="→",
            id="mention.next",
        ),
        Binding(
            "left",
            "previous_mention",
            "Prev name/figure",
            show=False,
            key_display="←",
            id="mention.previous",
        ),
        Binding("g,home", "scroll_top", "Top", show=False, id="view.top"),
        Binding("G,end", "scroll_bottom", "Bottom", show=False, id="view.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="view.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="view.page_up"),
    ]

    current_claim: reactive[int] = reactive(-1, init=False)
    """Index into `claims` of the claim the analyst is on; -1 when the article has none."""

    current_mention: reactive[int] = reactive(-1, init=False)
    """Index into the current claim's spans of the name or figure the analyst is on; -1: none."""

    show_highlights: reactive[bool] = reactive(True, init=False)
    """Whether numbers and names are coloured."""

    class ClaimChanged(Message):
        """The current claim of this view changed."""

        def __init__(self, view: ArticleView, index: int) -> None:
            super().__init__()
            self.view = view
            self.index = index

        @property
        def control(self) -> ArticleView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.ClaimChanged) and message.view is self.view

    class MentionChanged(Message):
        """The name or figure the analyst is on changed (span is None when they left it)."""

        def __init__(self, view: ArticleView, span: Span | None) -> None:
            super().__init__()
            self.view = view
            self.span = span

        @property
        def control(self) -> ArticleView:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.MentionChanged) and message.view is self.view

    class Clicked(Message):
        """The analyst clicked a character of the article."""

        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(
        self,
        text: str,
        *,
        article_id: str = "",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article_id = article_id
        # Control and bidi characters are replaced one-for-one, so offsets stay valid.
        self._text = printable(text)
        self._ascii_only = self._text.isascii()
        self._paragraphs = self._split_paragraphs(self._text)
        self._spans: list[Span] = []
        self._span_ends: list[int] = []
        self._claims: list[Claim] = []
        self._claims_ready = False
        self._resume_at: int | None = None
        self._waiting: list[Callable[[], object]] = []
        self._claim_starts: list[int] = []
        self._claim_ends: list[int] = []
        self._marks: dict[int, str] = {}
        self._moved: set[int] = set()
        self._focus: list[tuple[int, int]] = []
        self._search: list[tuple[int, int]] = []
        self._standing: list[tuple[int, int]] = []
        self._hedges: list[tuple[int, int]] = []
        self._figure_status: dict[int, str] = {}
        self._layout: _Layout | None = None
        self._strips: LRUCache[int, Strip] = LRUCache(2048)
        self._styles: dict[str, Style] = {}

    # --- data in --------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The displayed text (same length and offsets as the article text)."""
        return self._text

    @property
    def marks(self) -> dict[int, str]:
        """The mark of each marked claim, by claim index."""
        return dict(self._marks)

    @property
    def claims(self) -> Sequence[Claim]:
        """The claims shown, in order."""
        return self._claims

    def set_spans(self, spans: Sequence[Span]) -> None:
        """Show these detected spans (sorted, non-overlapping)."""
        self._spans = list(spans)
        self._span_ends = [span.end for span in self._spans]
        self._invalidate()

    def set_standing(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Grey these stretches: standing text the source repeats in every release, which is
        not highlighted (so the analyst sees why its names are plain)."""
        self._standing = sorted(ranges)
        self._invalidate()

    def set_hedges(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Show these stretches as hedges ("reportedly", "may", "up to"), quietly."""
        self._hedges = sorted(ranges)
        self._invalidate()

    def set_claims(self, claims: Sequence[Claim], *, start_at: int | None = None) -> None:
        """Show these claims; none is current until the analyst moves onto one. `start_at`
        (a text offset: where the analyst left off) scrolls the view there first.

        Then carry out, in order, what the analyst asked of the claims before they were known.
        """
        self._claims = list(claims)
        self._claim_starts = [claim.start for claim in self._claims]
        self._claim_ends = [claim.end for claim in self._claims]
        self._invalidate()
        if self.current_claim >= len(self._claims):
            self.current_claim = len(self._claims) - 1
        if start_at is not None and self.current_claim < 0 and 0 < start_at < len(self._text):
            self._resume_at = start_at
            line = self.line_of(start_at)
            if line >= self.scrollable_content_region.height:  # else the first page shows it
                self.scroll_to(y=line, animate=False, immediate=True)
        self._claims_ready = True
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    @property
    def claims_ready(self) -> bool:
        """True once the article's claims are known (detection runs after the first paint)."""
        return self._claims_ready

    @property
    def keys_waiting(self) -> bool:
        """True while keys typed before the claims were known wait to be carried out."""
        return bool(self._waiting)

    def when_claims_ready(self, action: Callable[[], object]) -> None:
        """Do `action` now if the claims are known, else as soon as they are, after whatever
        was asked before it: keys typed the moment the desk appears are kept, in order."""
        if self._claims_ready:
            action()
        else:
            self._waiting.append(action)

    def set_mark(self, index: int, mark: str | None) -> None:
        """Mark claim `index` as "confirmed", "disputed" or "noted", or clear it."""
        if mark is None:
            self._marks.pop(index, None)
        else:
            self._marks[index] = mark
        self._refresh_claim(index)

    def set_moved(self, index: int, moved: bool) -> None:
        """Mark claim `index` as re-anchored onto changed text (its tag moved)."""
        if moved == (index in self._moved):
            return
        if moved:
            self._moved.add(index)
        else:
            self._moved.discard(index)
        self._refresh_claim(index)

    def set_focus_ranges(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Light up these ranges (the mentions of the entity the analyst is on)."""
        if list(ranges) == self._focus:
            return
        old = self._focus
        self._focus = sorted(ranges)
        self._refresh_ranges(old + self._focus)

    def set_figure_status(self, statuses: dict[int, str]) -> None:
        """Mark each figure (by its start offset) as "agree", "clash" or "one-side"."""
        self._figure_status = dict(statuses)
        self._invalidate()

    def set_search_hits(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Show these search hits."""
        old = self._search
        self._search = sorted(ranges)
        self._refresh_ranges(old + self._search)

    # --- geometry --------------------------------------------------------------------------

    @staticmethod
    def _split_paragraphs(text: str) -> list[tuple[int, int]]:
        paragraphs: list[tuple[int, int]] = []
        start = 0
        while True:
            newline = text.find("\n", start)
            if newline < 0:
                paragraphs.append((start, len(text)))
                return paragraphs
            paragraphs.append((start, newline))
            start = newline + 1

    @property
    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - GUTTER, 1)

    def _ensure_layout(self) -> _Layout:
        width = self._text_width
        layout = self._layout
        if layout is None or layout.width != width:
            starts: list[int] = []
            ends: list[int] = []
            text, ascii_only = self._text, self._ascii_only
            for para_start, para_end in self._paragraphs:
                # Per paragraph: one em dash must not send a whole article through cell_len.
                plain = ascii_only or text[para_start:para_end].isascii()
                for line_start, line_end in wrap_paragraph(
                    text, para_start, para_end, width, ascii_only=plain
                ):
                    starts.append(line_start)
                    ends.append(line_end)
            layout = self._layout = _Layout(width, starts, ends)
            self._strips.clear()
            self._update_virtual_size()
        return layout

    def _update_virtual_size(self) -> None:
        # Scroll past the end by most of a page, so that any claim can be brought to the top
        # (two claims put side by side need it when one sits near the end of its article).
        layout = self._layout
        if layout is not None:
            past_end = max(self.scrollable_content_region.height - 2, 0)
            self.virtual_size = Size(layout.width + GUTTER, len(layout.starts) + past_end)

    def line_of(self, offset: int) -> int:
        """The visual line holding character `offset` at the current width."""
        layout = self._ensure_layout()
        return max(bisect_right(layout.starts, offset) - 1, 0)

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
        self._update_virtual_size()
        if 0 <= self.current_claim < len(self._claims):
            self.scroll_to_claim(self.current_claim, animate=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # --- rendering ----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self._blended_style(f"article-view--{name}")
        return style

    def _blended_style(self, component: str) -> Style:
        """A component style with its translucent colours blended onto the view's background.

        Rich styles carry no alpha: taken as they are, "background: $success 18%" would paint
        solid green under the text and "color: $text-muted" would come out white.
        """
        styles = self.get_component_styles(component)
        background = self.background_colors[1]
        bgcolor = None
        if styles.has_rule("background"):
            background = background + styles.background
            bgcolor = background.rich_color
        color = None
        if styles.has_rule("auto_color") and styles.auto_color:
            color = (background + background.get_contrast_text(styles.color.a)).rich_color
        elif styles.has_rule("color"):
            color = (background + styles.color).rich_color
        return Style(color=color, bgcolor=bgcolor) + styles.text_style

    def render_line(self, y: int) -> Strip:
        layout = self._ensure_layout()
        line_no = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if line_no >= len(layout.starts):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(line_no)
        if strip is None:
            strip = self._render_visual_line(layout, line_no, width)
            self._strips[line_no] = strip
        return strip.apply_offsets(0, line_no)

    def _claim_at(self, offset: int) -> int:
        """Index of the claim containing `offset`, or -1."""
        index = bisect_right(self._claim_starts, offset) - 1
        if index >= 0 and offset < self._claim_ends[index]:
            return index
        return -1

    def _render_visual_line(self, layout: _Layout, line_no: int, width: int) -> Strip:
        base = self.rich_style
        start, end = layout.starts[line_no], layout.ends[line_no]
        text = self._text

        # The claims this line touches, with the style of each.
        layers: list[tuple[int, int, Style]] = []
        first_claim = bisect_right(self._claim_ends, start)
        line_claim = -1
        for index in range(first_claim, len(self._claims)):
            claim_start, claim_end = self._claim_starts[index], self._claim_ends[index]
            if claim_start >= end and not (start == end == claim_start):
                break
            if line_claim < 0:
                line_claim = index
            mark = self._marks.get(index)
            if mark is not None:
                layers.append((claim_start, claim_end, self._style(mark)))
            if index == self.current_claim:
                layers.append((claim_start, claim_end, self._style("current")))

        if self.show_highlights:
            first_span = bisect_right(self._span_ends, start)
            for span in self._spans[first_span:]:
                if span.start >= end:
                    break
                layers.append((span.start, span.end, self._style(f"{span.kind}-{span.label}")))
                figure = self._figure_status.get(span.start) if span.kind == "number" else None
                if figure is not None:
                    layers.append((span.start, span.end, self._style(f"figure-{figure}")))
        mention = self.mention
        if mention is not None and mention.start < end and start < mention.end:
            layers.append((mention.start, mention.end, self._style("mention")))
        for ranges, name in (
            (self._hedges if self.show_highlights else [], "hedge"),
            (self._standing, "standing"),
            (self._focus, "focus"),
            (self._search, "search"),
        ):
            if ranges:
                index = bisect_right(ranges, (start, start))
                while index > 0 and ranges[index - 1][1] > start:
                    index -= 1
                for range_start, range_end in ranges[index:]:
                    if range_start >= end:
                        break
                    if range_end > start:
                        layers.append((range_start, range_end, self._style(name)))

        segments = self._gutter(line_no, layout, line_claim)
        if layers:
            cuts = {start, end}
            for layer_start, layer_end, _ in layers:
                if start < layer_start < end:
                    cuts.add(layer_start)
                if start < layer_end < end:
                    cuts.add(layer_end)
            points = sorted(cuts)
            for piece_start, piece_end in zip(points, points[1:], strict=False):
                style = base
                for layer_start, layer_end, layer_style in layers:
                    if layer_start <= piece_start and piece_end <= layer_end:
                        style = style + layer_style
                segments.append(Segment(text[piece_start:piece_end], style))
        elif end > start:
            segments.append(Segment(text[start:end], base))
        strip = Strip(segments)
        return strip.crop_extend(0, width, base)

    def _gutter(self, line_no: int, layout: _Layout, claim: int) -> list[Segment]:
        gutter = self._style("gutter")
        if claim < 0:
            return [Segment(" " * GUTTER, self.rich_style + gutter)]
        if claim == self.current_claim:
            bar = Segment("▌", self.rich_style + self._style("current-bar"))
        elif claim in self._moved and layout.starts[line_no] <= self._claim_starts[claim]:
            bar = Segment("↷", self.rich_style + self._style("moved"))
        else:
            bar = Segment(" ", self.rich_style + gutter)
        mark = self._marks.get(claim)
        first_line = layout.starts[line_no] <= self._claim_starts[claim]
        if mark is not None and first_line:
            symbol = Segment(STATUS_MARKS[mark], self.rich_style + self._style(f"mark-{mark}"))
        else:
            symbol = Segment(" ", self.rich_style + gutter)
        return [bar, symbol]

    # --- refreshing only what changed --------------------------------------------------------

    def _invalidate(self) -> None:
        self._strips.clear()
        self.refresh()

    def _refresh_range(self, start: int, end: int) -> None:
        if self._layout is None:
            return
        first = self.line_of(start)
        last = self.line_of(max(end - 1, start))
        for line_no in range(first, last + 1):
            self._strips.discard(line_no)
        self.refresh_lines(first, last - first + 1)

    def _refresh_ranges(self, ranges: Sequence[tuple[int, int]]) -> None:
        for start, end in ranges:
            self._refresh_range(start, end)

    def _refresh_claim(self, index: int) -> None:
        if 0 <= index < len(self._claims):
            self._refresh_range(self._claim_starts[index], self._claim_ends[index])

    def watch_current_claim(self, old: int, new: int) -> None:
        if self.current_mention != -1:
            self.current_mention = -1
        self._refresh_claim(old)
        self._refresh_claim(new)
        if new >= 0:
            self.scroll_to_claim(new)
        self.post_message(self.ClaimChanged(self, new))

    def watch_show_highlights(self) -> None:
        self._invalidate()

    # --- moving -------------------------------------------------------------------------------

    def scroll_to_claim(self, index: int, *, animate: bool = False, top: bool = False) -> None:
        """Bring claim `index` into view (to the top of the view when `top`)."""
        if not 0 <= index < len(self._claims):
            return
        claim = self._claims[index]
        first = self.line_of(claim.start)
        last = self.line_of(max(claim.end - 1, claim.start))
        height = self.scrollable_content_region.height
        if top:
            self.scroll_to(y=max(first - 1, 0), animate=animate, immediate=True)
            return
        if first < self.scroll_offset.y or last >= self.scroll_offset.y + height:
            target = max(first - max(height // 3, 1), 0)
            self.scroll_to(y=target, animate=animate, immediate=True)

    @property
    def mention(self) -> Span | None:
        """The name or figure the analyst is on, if any."""
        if not 0 <= self.current_claim < len(self._claims):
            return None
        spans = self._claims[self.current_claim].spans
        if 0 <= self.current_mention < len(spans):
            return spans[self.current_mention]
        return None

    def next_mention(self) -> None:
        """Move to the next name or figure of the current claim (onto the first claim if none)."""
        if self.current_claim < 0:
            self.next_claim()
        if 0 <= self.current_claim < len(self._claims):
            count = len(self._claims[self.current_claim].spans)
            if count:
                self.current_mention = min(self.current_mention + 1, count - 1)

    def previous_mention(self) -> None:
        """Move to the previous name or figure of the current claim."""
        if self.current_mention > 0:
            self.current_mention -= 1

    def watch_current_mention(self, old: int, new: int) -> None:
        self._refresh_claim(self.current_claim)
        self.post_message(self.MentionChanged(self, self.mention))

    def next_claim(self) -> None:
        """Move to the next claim."""
        if self._claims:
            self.current_claim = min(self.current_claim + 1, len(self._claims) - 1)

    def previous_claim(self) -> None:
        """Move to the previous claim."""
        if self._claims:
            self.current_claim = max(self.current_claim - 1, 0)

    def claim_index_at(self, offset: int) -> int:
        """Index of the claim containing `offset`, or -1."""
        return self._claim_at(offset)

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the widget, if any."""
        layout = self._ensure_layout()
        line_no = self.scroll_offset.y + y
        if not 0 <= line_no < len(layout.starts):
            return None
        start, end = layout.starts[line_no], layout.ends[line_no]
        column = x - GUTTER
        if column < 0:
            return start
        if self._ascii_only:
            return min(start + column, max(end - 1, start))
        width = 0
        for index in range(start, end):
            width += cell_len(self._text[index])
            if width > column:
                return index
        return max(end - 1, start)

    def on_click(self, event: events.Click) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        index = self._claim_at(offset)
        if index >= 0:
            self.current_claim = index
        self.post_message(self.Clicked(self, offset))

    # --- the cursor stays on screen: page and jump keys and the wheel take it along -----------

    def _top_line(self) -> int:
        return round(self.scroll_offset.y)

    @property
    def reading_at(self) -> int:
        """Where the analyst is: the current claim's start, else the first line in view."""
        if 0 <= self.current_claim < len(self._claims):
            return self._claims[self.current_claim].start
        layout = self._ensure_layout()
        return layout.starts[min(self._top_line(), len(layout.starts) - 1)] if layout.starts else 0

    def claim_on_screen(self, index: int) -> bool:
        """True if some line of claim `index` is in view."""
        if not 0 <= index < len(self._claims):
            return False
        top = self._top_line()
        bottom = top + self.scrollable_content_region.height
        first = self.line_of(self._claim_starts[index])
        last = self.line_of(max(self._claim_ends[index] - 1, self._claim_starts[index]))
        return first < bottom and last >= top

    def _claim_for_page(self) -> int:
        """The first claim that starts on the page in view; else the one the page is inside;
        else the next one below it (-1 if the article has no claim)."""
        if not self._claims:
            return -1
        layout = self._ensure_layout()
        top = min(self._top_line(), len(layout.starts) - 1)
        bottom = top + self.scrollable_content_region.height
        index = bisect_left(self._claim_starts, layout.starts[top])
        if index < len(self._claims) and self.line_of(self._claim_starts[index]) < bottom:
            return index
        covering = self._claim_at(layout.starts[top])
        if covering >= 0:
            return covering
        return min(index, len(self._claims) - 1)

    def claim_into_view(self) -> bool:
        """If the current claim has scrolled out of view, move onto a claim on the page.

        True if the cursor moved. Keys that act on the current claim call this first, so
        nothing acts on a claim the analyst cannot see.
        """
        if self.current_claim < 0 or self.claim_on_screen(self.current_claim):
            return False  # (no claim chosen yet: nothing to bring back)
        self.current_claim = self._claim_for_page()
        return True

    def _scroll_and_follow(self, y: int, *, end: int) -> None:
        """Scroll to line `y` and take the cursor along: onto the first claim of the new page,
        or onto claim `end` (first or last) when the view cannot scroll further that way."""
        before = self._top_line()
        self.scroll_to(y=max(y, 0), animate=False, immediate=True)
        if not self._claims:
            return
        if self._top_line() == before:
            self.current_claim = end
        else:
            self.current_claim = self._claim_for_page()

    def on_mouse_scroll_down(self) -> None:
        self.call_after_refresh(self.claim_into_view)

    def on_mouse_scroll_up(self) -> None:
        self.call_after_refresh(self.claim_into_view)

    def action_next_claim(self) -> None:
        self.when_claims_ready(self._next_claim_in_view)

    def action_previous_claim(self) -> None:
        self.when_claims_ready(self._previous_claim_in_view)

    def _next_claim_in_view(self) -> None:
        # After a scroll by the wheel, or opened where the analyst left off, the first step
        # lands on the page, not back at the top.
        if self.current_claim < 0 and self._claims:
            resume = self._resume_at
            index = -1 if resume is None else bisect_left(self._claim_starts, resume)
            on_page = 0 <= index < len(self._claims) and self.claim_on_screen(index)
            self.current_claim = index if on_page else self._claim_for_page()
        elif not self.claim_into_view():
            self.next_claim()

    def _previous_claim_in_view(self) -> None:
        if not self.claim_into_view():
            self.previous_claim()

    def action_next_mention(self) -> None:
        self.when_claims_ready(self.next_mention)

    def action_previous_mention(self) -> None:
        self.when_claims_ready(self.previous_mention)

    def action_scroll_top(self) -> None:
        self.when_claims_ready(self._to_top)

    def _to_top(self) -> None:
        self.scroll_home(animate=False, immediate=True)
        if self._claims:
            self.current_claim = 0

    def action_scroll_bottom(self) -> None:
        self.when_claims_ready(self._to_bottom)

    def _to_bottom(self) -> None:
        layout = self._ensure_layout()
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(len(layout.starts) - height, 0), animate=False, immediate=True)
        if self._claims:
            last = len(self._claims) - 1
            self.current_claim = last
            self.scroll_to_claim(last)

    def action_page_down(self) -> None:
        self.when_claims_ready(
            lambda: self._scroll_and_follow(
                self._top_line() + self.scrollable_content_region.height,
                end=len(self._claims) - 1,
            )
        )

    def action_page_up(self) -> None:
        self.when_claims_ready(
            lambda: self._scroll_and_follow(
                self._top_line() - self.scrollable_content_region.height, end=0
            )
        )
