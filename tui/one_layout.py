"""Widgets whose size the screen's layout decides in one pass, without Textual's second, and
that keep the lines they drew when only their height changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual._compositor import Compositor
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget

if TYPE_CHECKING:
    from textual._compositor import ReflowResult
    from textual.geometry import Size

    _Mixin = Widget
else:
    _Mixin = object  # not a widget class: Textual takes CSS type names from the first base

__all__ = [
    "KeepsLinesOnNewHeight",
    "KeptLinesCompositor",
    "OneLayoutScrollBar",
    "OneLayoutScrollView",
    "SizedInOneLayout",
]


class KeepsLinesOnNewHeight(_Mixin):
    """A widget whose lines do not depend on its height: a new height repaints only the rows
    it exposes, not every line.

    Textual repaints a widget whole when its size changes. The desk's columns and article
    views change height whenever the detail panel below them takes or gives back a row (a
    claim's History line comes with its second change): that drew every line of both
    articles again, and the strips it made filled the collector's young generation, so the
    next key paid for a collection too. Their lines are the same at any height (the view's
    line y is the text's line at the scroll offset plus y; a column's left border is the same
    character on every row), so the lines drawn stay valid.

    Put it first among the bases: it is not a widget class of its own, so the widget's
    CSS type names still come from the Textual class after it.
    """

    _new_height: tuple[int, int] | None = None
    """The height before and after the change being applied, while `_size_updated` runs."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        old = self._size
        if old.width == size.width > 0 and old.height != size.height:
            self._new_height = (old.height, size.height)
        try:
            return super()._size_updated(size, virtual_size, container_size, layout=layout)
        finally:
            self._new_height = None

    def _set_dirty(self, *regions: Region) -> None:
        change = self._new_height
        if regions or change is None:
            super()._set_dirty(*regions)
            return
        # Called for the whole widget by the size change (before the widget takes its new
        # size): only the new rows, if any. The screen still sends the whole region to the
        # terminal, from the lines drawn before.
        kept, height = change
        if height > kept:
            super()._set_dirty(Region(0, kept, self._size.width, height - kept))


class SizedInOneLayout(Widget):
    """A widget whose size the screen's layout decides in one pass.

    After each layout Textual gives every widget its new virtual size through a reactive
    that asks for another layout, and a repaint of the whole widget. The desk's columns, its
    detail panel and the articles' scrollbars have no size of their own to settle: when the
    detail panel takes another row for a claim, that second pass only drew every line of
    both articles again, and the next key waited for it. Only a change of height skips it.

    Put it after the widget's own Textual class among the bases: Textual takes a widget's
    CSS type names (and default CSS) from the first base alone.
    """

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A new width (the first layout, a resized terminal) still takes the second pass.
        taller_or_shorter = (
            self._size.width == size.width > 0 and self.virtual_size.width == virtual_size.width
        )
        return super()._size_updated(
            size, virtual_size, container_size, layout=layout and not taller_or_shorter
        )


class OneLayoutScrollBar(ScrollBar, SizedInOneLayout):
    """A scrollbar that follows a new height of its view without a second layout."""


class OneLayoutScrollView(KeepsLinesOnNewHeight, ScrollView):
    """A scroll view whose vertical scrollbar follows a new height without a second layout,
    and whose lines stay drawn when only its height changes."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar, made on first use as Textual makes its own."""
        bar = self._vertical_scrollbar
        if bar is None:
            bar = OneLayoutScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return bar


class KeptLinesCompositor(Compositor):
    """A screen's compositor that, after a layout, sends the terminal only the rows a new
    height exposes or covers of the widgets that keep their lines on a new height, and draws
    the others once.

    Textual sends every widget whose place or size changed again, whole: when the detail
    panel took another row for a claim's History line, both article columns went to the
    terminal again, some 20 KB for one key, though only their last row and the panel changed
    on screen. A `KeepsLinesOnNewHeight` widget that kept its place and width shows the same
    lines on its rows in both heights, so those rows are left as the terminal has them; the
    widget's own changes in the same frame (a claim's mark) are sent as usual.

    A widget laid out anew is drawn whole in the layout's frame, with what it asked to repaint
    while being laid out (a scrollbar's new thumb): `forget_repaints_drawn` drops those asks
    once that frame is drawn, which Textual would draw again, whole, in a frame of their own.
    """

    def __init__(self) -> None:
        super().__init__()
        self._drawn_whole: list[Widget] = []
        """The widgets the coming layout's frame draws whole."""

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        old_map = self._full_map
        dirty = set(self._dirty_regions)
        result = super().reflow(parent, size)
        if size.region in self._dirty_regions:
            return result  # the whole screen goes anyway
        new_map = self._full_map
        for widget, geometry in new_map.items() ^ old_map.items():
            region = geometry.visible_region
            kept = widget in old_map and widget in new_map
            if kept and isinstance(widget, KeepsLinesOnNewHeight):
                before, after = old_map[widget].visible_region, new_map[widget].visible_region
                if before.offset == after.offset and before.width == after.width:
                    low, high = sorted((before.height, after.height))
                    region = Region(before.x, before.y + low, before.width, high - low)
            elif region and new_map.get(widget) is geometry:
                self._drawn_whole.append(widget)
            if region:
                dirty.add(region)
        self._dirty_regions.clear()
        self._dirty_regions.update(dirty)
        return result

    def forget_repaints_drawn(self, drawn: bool) -> None:
        """After a layout: if its frame was `drawn`, the repaints asked by the widgets it drew
        whole are on screen already."""
        if drawn:
            for widget in self._drawn_whole:
                widget._repaint_required = False
        self._drawn_whole.clear()
