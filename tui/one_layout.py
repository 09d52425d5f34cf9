"""Widgets whose size the screen's layout decides in one pass, without Textual's second."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.geometry import Size

__all__ = ["OneLayoutScrollBar", "OneLayoutScrollView", "SizedInOneLayout"]


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


class OneLayoutScrollView(ScrollView):
    """A scroll view whose vertical scrollbar follows a new height without a second layout."""

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
