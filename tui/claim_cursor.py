"""The claim cursor of an article view: claim to claim, name to name, page by page."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.dom import NoScreen
from textual.errors import NoWidget
from textual.message import Message

from tui.article_text import GUTTER, ArticleText

if TYPE_CHECKING:
    from collections.abc import Sequence

    from annotations.claims import Claim
    from annotations.spans import Span

__all__ = ["ClaimCursor"]


def _once_claims_known(step: Callable[[ClaimCursor], object]) -> Callable[[ClaimCursor], None]:
    """An action that takes `step` as soon as the view's claims are known."""

    def action(view: ClaimCursor) -> None:
        view.when_claims_ready(lambda: step(view))

    action.__doc__ = step.__doc__
    return action


class ClaimCursor(ArticleText):
    """An article's text with a current claim and, inside it, a current name or figure; the
    cursor stays on screen: page and jump keys and the wheel take it along."""

    class ViewMessage(Message):
        """Something happened in one article view."""

        chatty = False
        """True for a message only the latest of which matters (cursor moves)."""

        def __init__(self, view: ClaimCursor) -> None:
            super().__init__()
            self.view = view

        @property
        def control(self) -> ClaimCursor:
            return self.view

        def can_replace(self, message: Message) -> bool:
            return (
                self.chatty
                and type(message) is type(self)
                and isinstance(message, ClaimCursor.ViewMessage)
                and message.view is self.view
            )

    class ClaimChanged(ViewMessage):
        """The current claim of this view changed."""

        chatty = True

        def __init__(self, view: ClaimCursor, index: int) -> None:
            super().__init__(view)
            self.index = index

    class MentionChanged(ViewMessage):
        """The name or figure the analyst is on changed (span is None when they left it)."""

        chatty = True

        def __init__(self, view: ClaimCursor, span: Span | None) -> None:
            super().__init__(view)
            self.span = span

    class Clicked(ViewMessage):
        """The analyst clicked a character of the article."""

        def __init__(self, view: ClaimCursor, offset: int) -> None:
            super().__init__(view)
            self.offset = offset

    _claims_ready = False
    _resume_at: int | None = None
    """Where the analyst left off, for the first j to land there."""
    _waiting: tuple[Callable[[], object], ...] = ()
    """What the analyst asked before the claims were known, in order."""

    # --- claims in -------------------------------------------------------------------------

    def set_claims(self, claims: Sequence[Claim], *, start_at: int | None = None) -> None:
        """Show these claims; none is current until the analyst moves onto one. `start_at`
        (a text offset: where the analyst left off) scrolls the view there first.

        Then carry out, in order, what the analyst asked of the claims before they were known.
        """
        self.place_claims(claims)
        if start_at is not None and self.current_claim < 0 and 0 < start_at < len(self._text):
            self._resume_at = start_at
            line = self.line_of(start_at)
            if line >= self.scrollable_content_region.height:  # else the first page shows it
                self.scroll_to(y=line, animate=False, immediate=True)
        self._claims_ready = True
        waiting, self._waiting = self._waiting, ()
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
            self._waiting = (*self._waiting, action)

    def claim_index_at(self, offset: int) -> int:
        """Index of the sentence claim containing `offset` (else of a drawn claim), or -1."""
        return self._places.claim_at(offset)

    # --- the cursor -------------------------------------------------------------------------

    def watch_current_claim(self, old: int, new: int) -> None:
        if self.current_mention != -1:
            self.current_mention = -1
        self._refresh_claim(old)
        self._refresh_claim(new)
        if new >= 0:
            self.scroll_to_claim(new)
        self.post_message(self.ClaimChanged(self, new))

    def watch_current_mention(self, old: int, new: int) -> None:
        self._refresh_claim(self.current_claim)
        self.post_message(self.MentionChanged(self, self.mention))

    def watch_show_highlights(self) -> None:
        self._invalidate()

    def next_mention(self) -> None:
        """Move to the next name or figure of the current claim (onto the first claim if none)."""
        if self.current_claim < 0:
            self.next_claim()
        if 0 <= self.current_claim < len(self._places):
            count = len(self._places.claims[self.current_claim].spans)
            if count:
                self.current_mention = min(self.current_mention + 1, count - 1)

    def previous_mention(self) -> None:
        """Move to the previous name or figure of the current claim."""
        if self.current_mention > 0:
            self.current_mention -= 1

    def next_claim(self) -> None:
        """Move to the next claim."""
        if len(self._places):
            self.current_claim = min(self.current_claim + 1, len(self._places) - 1)

    def previous_claim(self) -> None:
        """Move to the previous claim."""
        if len(self._places):
            self.current_claim = max(self.current_claim - 1, 0)

    def on_click(self, event: events.Click) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        index = self._places.claim_at(offset)
        if index >= 0:
            self.current_claim = index
        self.post_message(self.Clicked(self, offset))

    # --- the cursor stays on screen: page and jump keys and the wheel take it along -----------

    def _top_line(self) -> int:
        return round(self.scroll_offset.y)

    @property
    def reading_at(self) -> int:
        """Where the analyst is: the current claim's start, else the first line in view."""
        if 0 <= self.current_claim < len(self._places):
            return self._places.claims[self.current_claim].start
        layout = self._ensure_layout()
        return layout.starts[min(self._top_line(), len(layout.starts) - 1)] if layout.starts else 0

    def rows_in_sight(self) -> tuple[int, int]:
        """(first, count): the rows of the view the analyst sees. A short window squeezes the
        view under its column's heading, or the column under the panel below it: the view
        keeps a row or two in the layout that the screen cuts off, or gets none at all."""
        try:
            clip = self.screen.find_widget(self).clip
        except (NoScreen, NoWidget):
            return 0, 0
        content = self.scrollable_content_region
        seen = content.intersection(clip)
        if not self.display or seen.height <= 0 or seen.right <= content.x + GUTTER:
            return 0, 0
        return seen.y - content.y, seen.height

    def lines_in_sight(self) -> range:
        """The text lines on the rows the analyst sees (empty when none shows)."""
        first, count = self.rows_in_sight()
        top = self._top_line() + first
        return range(top, top + count)

    def in_sight(self, start: int, end: int) -> bool:
        """True if some of text[start:end] is on a row the analyst sees."""
        lines = self.lines_in_sight()
        first = self.line_of(start)
        last = self.line_of(max(end - 1, start))
        return first < lines.stop and last >= lines.start and len(lines) > 0

    def claim_on_screen(self, index: int) -> bool:
        """True if some line of claim `index` is on a row the analyst sees."""
        if not 0 <= index < len(self._places):
            return False
        claim = self._places.claims[index]
        return self.in_sight(claim.start, claim.end)

    def scroll_to_claim(self, index: int, *, animate: bool = False) -> None:
        """Bring claim `index` onto the rows the analyst sees, a third of the way down (on
        the first row when only one shows: the line above it would push it out of sight)."""
        if not 0 <= index < len(self._places):
            return
        claim = self._places.claims[index]
        first = self.line_of(claim.start)
        last = self.line_of(max(claim.end - 1, claim.start))
        row, rows = self.rows_in_sight()
        if rows <= 0:
            # Nothing shows: placed for the view's own rows, so it shows once the screen
            # has room for them.
            row, rows = 0, self.scrollable_content_region.height
        top = self._top_line() + row
        if first < top or last >= top + rows:
            above = min(max(rows // 3, 1), max(rows - 1, 0))
            self.scroll_to(y=max(first - above - row, 0), animate=animate, immediate=True)

    def keep_claim_in_sight(self) -> None:
        """Scroll the current claim back onto the rows in sight (after the window or the
        panels changed size), if some row shows."""
        index = self.current_claim
        if 0 <= index < len(self._places) and not self.claim_on_screen(index):
            self.scroll_to_claim(index)

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
        self._update_virtual_size()
        if 0 <= self.current_claim < len(self._places):
            self.scroll_to_claim(self.current_claim, animate=False)

    def _claim_for_page(self) -> int:
        """The first claim that starts on the page in view; else the one the page is inside;
        else the next one below it (-1 if the article has no claim)."""
        if not len(self._places):
            return -1
        layout = self._ensure_layout()
        lines = self.lines_in_sight() or range(self._top_line(), self._top_line() + 1)
        top = min(lines.start, len(layout.starts) - 1)
        bottom = top + len(lines)
        index = bisect_left(self._places.starts, layout.starts[top])
        if index < len(self._places) and self.line_of(self._places.starts[index]) < bottom:
            return index
        covering = self._places.claim_at(layout.starts[top])
        if covering >= 0:
            return covering
        return min(index, len(self._places) - 1)

    def claim_into_view(self) -> bool:
        """If the current claim has scrolled out of view, move onto a claim on the page.

        True if the cursor moved. Keys that act on the current claim call this first, so
        nothing acts on a claim the analyst cannot see.
        """
        if self.current_claim < 0 or self.claim_on_screen(self.current_claim):
            return False  # (no claim chosen yet: nothing to bring back)
        if not self.lines_in_sight():
            return False  # no row shows: any claim the cursor went to would be unseen too
        self.current_claim = self._claim_for_page()
        return True

    def _scroll_and_follow(self, y: int, *, end: int) -> None:
        """Scroll to line `y` and take the cursor along: onto the first claim of the new page,
        or onto claim `end` (first or last) when the view cannot scroll further that way."""
        before = self._top_line()
        self.scroll_to(y=max(y, 0), animate=False, immediate=True)
        if not len(self._places):
            return
        if self._top_line() == before:
            self.current_claim = end
        else:
            self.current_claim = self._claim_for_page()

    def on_mouse_scroll_down(self) -> None:
        self.call_after_refresh(self.claim_into_view)

    on_mouse_scroll_up = on_mouse_scroll_down

    def _first_step(self) -> int:
        """The claim the first j lands on: where the analyst left off if it is in view, else
        the first claim of the page (-1 if the article has no claim)."""
        resume = self._resume_at
        index = -1 if resume is None else bisect_left(self._places.starts, resume)
        on_page = 0 <= index < len(self._places) and self.claim_on_screen(index)
        return index if on_page else self._claim_for_page()

    @property
    def looking_at(self) -> int:
        """Where the analyst is looking (a text offset): the current claim's start; before the
        first j, the claim it would land on if that is in view; else the first line in view."""
        if self.current_claim < 0:
            index = self._first_step()
            if self.claim_on_screen(index):
                return self._places.claims[index].start
        return self.reading_at

    def _next_claim_in_view(self) -> None:
        # After a scroll by the wheel, or opened where the analyst left off, the first step
        # lands on the page, not back at the top.
        if self.current_claim < 0 and len(self._places):
            self.current_claim = self._first_step()
        elif not self.claim_into_view():
            self.next_claim()

    def _previous_claim_in_view(self) -> None:
        if not self.claim_into_view():
            self.previous_claim()

    def _to_top(self) -> None:
        self.scroll_home(animate=False, immediate=True)
        if len(self._places):
            self.current_claim = 0

    def _to_bottom(self) -> None:
        layout = self._ensure_layout()
        height = self.scrollable_content_region.height
        self.scroll_to(y=max(len(layout.starts) - height, 0), animate=False, immediate=True)
        if len(self._places):
            last = len(self._places) - 1
            self.current_claim = last
            self.scroll_to_claim(last)

    # Keys typed before the claims are known wait for them, in order.
    action_next_claim = _once_claims_known(_next_claim_in_view)
    action_previous_claim = _once_claims_known(_previous_claim_in_view)
    action_next_mention = _once_claims_known(next_mention)
    action_previous_mention = _once_claims_known(previous_mention)
    action_scroll_top = _once_claims_known(_to_top)
    action_scroll_bottom = _once_claims_known(_to_bottom)

    def _page_height(self) -> int:
        """A page: the rows the analyst sees, not those the screen cuts off."""
        return self.rows_in_sight()[1] or self.scrollable_content_region.height

    def action_page_down(self) -> None:
        self.when_claims_ready(
            lambda: self._scroll_and_follow(
                self._top_line() + self._page_height(),
                end=len(self._places) - 1,
            )
        )

    def action_page_up(self) -> None:
        self.when_claims_ready(
            lambda: self._scroll_and_follow(
                self._top_line() - self._page_height(), end=0
            )
        )
