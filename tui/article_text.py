"""An article's text drawn line by line: highlights, claim marks, the cursor and a selection."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from annotations.safe_text import printable
from tui.article_lines import TextLines, split_paragraphs
from tui.claim_places import ClaimPlaces
from tui.one_layout import OneLayoutScrollView

if TYPE_CHECKING:
    from annotations.claims import Claim
    from annotations.spans import Span

__all__ = ["GUTTER", "STATUS_MARKS", "ArticleText"]

GUTTER = 2
"""Cells at the left of every line: a current-claim bar and a status mark."""

STATUS_MARKS: dict[str, str] = {"confirmed": "✓", "disputed": "✗", "noted": "✎", "conflict": "≠"}

_MIXED_MARK = "±"
"""The mark of a line where drawn claims of different statuses start."""

Layer = tuple[int, int, Style]


def _ranges_touching(
    ranges: Sequence[tuple[int, int]], start: int, end: int
) -> Iterator[tuple[int, int]]:
    """The sorted `ranges` that overlap [start, end)."""
    index = bisect_right(ranges, (start, start))
    while index > 0 and ranges[index - 1][1] > start:
        index -= 1
    for range_start, range_end in ranges[index:]:
        if range_start >= end:
            break
        if range_end > start:
            yield range_start, range_end


def _paint(text: str, start: int, end: int, layers: list[Layer], base: Style) -> list[Segment]:
    """The segments of text[start:end], each piece styled by every layer over it, in order."""
    if not layers:
        return [Segment(text[start:end], base)] if end > start else []
    cuts = {start, end}
    for layer_start, layer_end, _ in layers:
        if start < layer_start < end:
            cuts.add(layer_start)
        if start < layer_end < end:
            cuts.add(layer_end)
    points = sorted(cuts)
    segments: list[Segment] = []
    for piece_start, piece_end in zip(points, points[1:], strict=False):
        style = base
        for layer_start, layer_end, layer_style in layers:
            if layer_start <= piece_start and piece_end <= layer_end:
                style = style + layer_style
        segments.append(Segment(text[piece_start:piece_end], style))
    return segments


class ArticleText(OneLayoutScrollView, can_focus=True):
    """One article's text with its numbers and names highlighted and its claims marked.

    A Line-API view: it wraps per paragraph and caches the rendered lines, so a megabyte of
    text shows at once and a change repaints only the lines it touches.
    """

    DEFAULT_CSS = """
    ArticleText {
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
        "article-view--drawn",
        "article-view--selection",
        "article-view--mark-confirmed",
        "article-view--mark-disputed",
        "article-view--mark-noted",
        "article-view--mark-mixed",
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

    # The cursor's watchers repaint the lines of the claims it leaves and reaches: a repaint
    # of the whole view on every move would draw every line in sight again.
    current_claim: reactive[int] = reactive(-1, init=False, repaint=False)
    """Index into `claims` of the claim the analyst is on; -1 when the article has none."""

    current_mention: reactive[int] = reactive(-1, init=False, repaint=False)
    """Index into the current claim's spans of the name or figure the analyst is on; -1: none."""

    show_highlights: reactive[bool] = reactive(True, init=False)
    """Whether numbers and names are coloured."""

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
        self._paragraphs = split_paragraphs(self._text)
        self._spans: list[Span] = []
        self._span_ends: list[int] = []
        self._places = ClaimPlaces()
        self._marks: dict[int, str] = {}
        self._moved: set[int] = set()
        self._selected: tuple[int, int] | None = None
        self._focus: list[tuple[int, int]] = []
        self._search: list[tuple[int, int]] = []
        self._standing: list[tuple[int, int]] = []
        self._hedges: list[tuple[int, int]] = []
        self._figure_status: dict[int, str] = {}
        self._layout: TextLines | None = None
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
        return self._places.claims

    @property
    def places(self) -> ClaimPlaces:
        """Where the claims sit: which sentence holds which drawn claim."""
        return self._places

    @property
    def spans(self) -> Sequence[Span]:
        """The detected names and figures shown."""
        return self._spans

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

    def place_claims(self, claims: Sequence[Claim]) -> None:
        """Show these claims (in reading order); a claim shown before keeps its marks and, if
        it is the current one, stays current."""
        old = self._places.claims
        places = self._places = ClaimPlaces(claims)

        def moved_to(index: int) -> int:
            claim = old[index]
            return places.index_of(claim.start, claim.end) if 0 <= index < len(old) else -1

        self._marks = {moved_to(i): mark for i, mark in self._marks.items() if moved_to(i) >= 0}
        self._moved = {moved_to(i) for i in self._moved} - {-1}
        self._invalidate()
        current = self.current_claim
        if current >= 0:
            # A claim that went (an undone drawn claim) leaves the cursor on its sentence.
            index = moved_to(current)
            if index < 0 and current < len(old):
                index = places.claim_at(old[current].start)
            self.current_claim = min(max(index, 0), len(places) - 1)

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

    def show_selection(self, selected: tuple[int, int] | None) -> None:
        """Highlight the span being drawn (None: no selection)."""
        old, self._selected = self._selected, selected
        self._refresh_ranges([r for r in (old, selected) if r is not None])

    # --- geometry --------------------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        return max(self.scrollable_content_region.width - GUTTER, 1)

    def _ensure_layout(self) -> TextLines:
        width = self._text_width
        layout = self._layout
        if layout is None or layout.width != width:
            layout = TextLines.wrap(
                self._text, self._paragraphs, width, ascii_only=self._ascii_only
            )
            self._layout = layout
            self._strips.clear()
            self._update_virtual_size()
        return layout

    def _update_virtual_size(self) -> None:
        # Scroll past the end by most of a page, so that any claim can be brought to the top
        # (two claims put side by side need it when one sits near the end of its article).
        layout = self._layout
        if layout is None or layout.width != self._text_width:
            return  # not wrapped for this width yet: `_ensure_layout` comes back here
        past_end = max(self.scrollable_content_region.height - 2, 0)
        size = Size(layout.width + GUTTER, len(layout.starts) + past_end)
        if size == self.virtual_size:
            return
        if self.is_mounted and size.width == self.virtual_size.width:
            # Only the height moved: the view grew or shrank under a detail panel that took
            # another row for this claim. The scroll range and the (always shown) scrollbar
            # follow without a second layout of the whole screen, which would repaint every
            # column again and hold up the next key. The lines shown are the same.
            self.set_reactive(ArticleText.virtual_size, size)
            self._scroll_update(size)
            return
        self.virtual_size = size

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout=layout)
        # A new height's scroll range in the layout pass: one scrollbar repaint, not two.
        self._update_virtual_size()
        return resized

    def line_of(self, offset: int) -> int:
        """The visual line holding character `offset` at the current width."""
        return self._ensure_layout().line_of(offset)

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the widget, if any."""
        layout = self._ensure_layout()
        line_no = self.scroll_offset.y + y
        if not 0 <= line_no < len(layout.starts):
            return None
        return layout.offset_at(self._text, line_no, x - GUTTER, ascii_only=self._ascii_only)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # --- rendering ----------------------------------------------------------------------------

    @property
    def mention(self) -> Span | None:
        """The name or figure the analyst is on, if any."""
        if not 0 <= self.current_claim < len(self._places):
            return None
        spans = self._places.claims[self.current_claim].spans
        if 0 <= self.current_mention < len(spans):
            return spans[self.current_mention]
        return None

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

    def _claim_layers(self, start: int, end: int) -> tuple[list[Layer], list[int], list[int]]:
        """The claims' layers over [start, end): sentences, then the drawn claims over them;
        with the sentence claims and the drawn claims the line touches."""
        layers: list[Layer] = []
        sentences = self._places.sentences_touching(start, end)
        drawn = self._places.drawn_touching(start, end)
        claims = self._places.claims
        for index in sentences + drawn:
            claim = claims[index]
            mark = self._marks.get(index)
            if claim.drawn:
                layers.append((claim.start, claim.end, self._style("drawn")))
            if mark is not None:
                layers.append((claim.start, claim.end, self._style(mark)))
            if index == self.current_claim:
                layers.append((claim.start, claim.end, self._style("current")))
        return layers, sentences, drawn

    def _render_visual_line(self, layout: TextLines, line_no: int, width: int) -> Strip:
        base = self.rich_style
        start, end = layout.starts[line_no], layout.ends[line_no]
        layers, sentences, drawn = self._claim_layers(start, end)
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
            ([self._selected] if self._selected else [], "selection"),
        ):
            for range_start, range_end in _ranges_touching(ranges, start, end):
                layers.append((range_start, range_end, self._style(name)))
        segments = self._gutter(start, sentences, drawn)
        segments += _paint(self._text, start, end, layers, base)
        return Strip(segments).crop_extend(0, width, base)

    def _gutter(self, line_start: int, sentences: list[int], drawn: list[int]) -> list[Segment]:
        """The bar (current claim, or a moved tag) and the status mark left of a line."""
        gutter = self.rich_style + self._style("gutter")
        claims = self._places.claims
        if not sentences and not drawn:
            return [Segment(" " * GUTTER, gutter)]
        claim = sentences[0] if sentences else drawn[0]
        first_line = line_start <= claims[claim].start
        if claim == self.current_claim or self.current_claim in drawn:
            bar = Segment("▌", self.rich_style + self._style("current-bar"))
        elif claim in self._moved and first_line:
            bar = Segment("↷", self.rich_style + self._style("moved"))
        else:
            bar = Segment(" ", gutter)
        mark = self._marks.get(claim) if first_line and sentences else None
        if mark is None:
            # The drawn claims that start on this line, nested in their sentence.
            starting = {self._marks.get(i) for i in drawn if claims[i].start >= line_start}
            starting.discard(None)
            if len(starting) > 1:
                return [bar, Segment(_MIXED_MARK, self.rich_style + self._style("mark-mixed"))]
            mark = starting.pop() if starting else None
        if mark is None:
            return [bar, Segment(" ", gutter)]
        return [bar, Segment(STATUS_MARKS[mark], self.rich_style + self._style(f"mark-{mark}"))]

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
        if 0 <= index < len(self._places):
            claim = self._places.claims[index]
            self._refresh_range(claim.start, claim.end)
