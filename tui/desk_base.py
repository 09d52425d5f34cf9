"""What the parts of the desk screen share: the articles, the shown tags, where the analyst is."""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from annotations.anchoring import selector_for
from annotations.tags import claim_key
from annotations.team.verdicts import in_conflict, verdicts_of
from tui.article_view import GUTTER, ArticleView
from tui.claim_context import context_lines, sourcing_line
from tui.collector import COLLECT_AFTER_SECONDS, collect_between_keys
from tui.drawn_detail import drawn_lines, nesting, selection_line
from tui.one_layout import KeptLinesCompositor
from tui.widgets import ClaimDetail, ClaimDetailState, StatusLine

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.geometry import Size

    from annotations.articles import Article
    from annotations.claims import Claim
    from annotations.compare import Comparison
    from annotations.sourcing import ArticleSourcing
    from annotations.spans import Span
    from annotations.store import ClaimStatus, Desk
    from annotations.tags import ClaimKey, Selector, Tag
    from annotations.team.verdicts import Verdict
    from annotations.writer import DeskWriter

__all__ = ["DeskBase", "DeskSession", "mark_of", "own_notes"]

PanelT = TypeVar("PanelT", bound=Widget)


@dataclass(frozen=True, slots=True)
class DeskSession:
    """What the app hands every desk screen it opens: the desk, its writer, and who tags."""

    desk: Desk
    """The desk the tags are read from (changes go through `writer`)."""

    writer: DeskWriter
    """The one thread that saves changes, in order."""

    analyst: str
    """Who tags: the name stored with every change."""

    db_label: str
    """Where the desk is saved, as the status line names it."""


def own_notes(tag: Tag) -> tuple[list[Verdict], str]:
    """Each analyst's verdict on a claim in conflict with their own note, and the claim's note
    if it is none of theirs (a third analyst's, say), to show once, on a line of its own.

    The claim's note is its latest analyst's: where the history names no note of theirs (a
    desk from before notes had a history), it goes on that analyst's verdict line.
    """
    verdicts = verdicts_of(tag)
    note = tag.note
    if not note or any(verdict.note == note for verdict in verdicts):
        return verdicts, ""
    for index, verdict in enumerate(verdicts):
        if verdict.analyst == tag.analyst and not verdict.note:
            verdicts[index] = replace(verdict, note=note)
            return verdicts, ""
    return verdicts, note


def mark_of(tag: Tag | None) -> str | None:
    """The mark a tag shows in the text: "conflict" while analysts' verdicts differ, else its
    status, or "noted" for a note alone."""
    if tag is None:
        return None
    if in_conflict(tag):
        return "conflict"
    if tag.status is not None:
        return str(tag.status)
    return "noted" if tag.note else None


class DeskBase(Screen[None]):
    """The desk screen's state and panels, which each of its parts (saving, search,
    comparing, entities, orphans, export) builds on; `DeskScreen` puts them together."""

    @dataclass
    class TagsChanged(Message):
        """An undo, a link or an orphan's fate is on disk: the shown tags must be read again."""

    @dataclass
    class Reported(Message):
        """Something the analyst should read (an export finished, a change failed)."""

        text: str
        error: bool = False

    def __init__(self, articles: list[Article], session: DeskSession) -> None:
        super().__init__()
        # After a layout, only the rows of the columns that changed go to the terminal.
        self._compositor = KeptLinesCompositor()
        self.articles = articles
        """The open articles, left to right."""
        # Read on every key, so kept as plain attributes (see DeskSession for each).
        self.desk = session.desk
        self.writer = session.writer
        self.analyst = session.analyst
        self.db_label = session.db_label
        self.comparison: Comparison | None = None
        """The articles compared (entities, figures, matches), once the worker is done."""
        self.sourcing: dict[str, ArticleSourcing] = {}
        """Each article's sources and hedges, by id, once read."""
        self._tags: dict[ClaimKey, Tag | None] = {}
        self._pending: dict[ClaimKey, int] = {}
        # The latest change of each claim in `_pending` (status, note), until saved.
        self._provisional: dict[ClaimKey, tuple[ClaimStatus | None, str]] = {}
        self._spans: dict[str, list[Span]] = {}
        self._claims: dict[str, list[Claim]] = {}
        # The sentence claims detection found, before the analyst's splits, joins and drawings.
        self._sentence_claims: dict[str, list[Claim]] = {}
        # Claims whose change is on its way to the disk but not shown yet: the screen shows
        # their last saved state, and the status line waits with them (see tui.saving).
        self._held_back: set[ClaimKey] = set()
        # What the status line last showed, to redraw it only when the writer's state moved.
        self._shown_save_state: tuple[int, int] = (-1, -1)
        # The views and panels, found once: a query walks the whole screen, several times a key.
        self._views: list[ArticleView] = []
        self._panels: dict[type[Widget], Widget] = {}
        self._collection_due = False
        self._frames_asked = 0

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        super()._refresh_layout(size, scroll)
        compositor = self._compositor
        if isinstance(compositor, KeptLinesCompositor):
            # Drawn at once unless the app batches its updates (then in a later call).
            compositor.forget_repaints_drawn(self.is_current and not self.app._batch_count)

    @staticmethod
    def keep_out_of_collector() -> None:
        """Move what the desk holds until it closes (spans, claims, the comparison, sources)
        out of the collector's full passes, as the app does with its start-up objects: those
        passes walked them every few keys (200 ms stalls moving between claims of two 1 MB
        articles; 35-140 ms on the seeds once the comparison came in)."""
        gc.freeze()

    def collect_after_frame(self) -> None:
        """Let the collector run once the frame being prepared is on screen and nothing else
        happened for a moment (tui.collector)."""
        self._frames_asked += 1
        if not self._collection_due:
            self._collection_due = True
            self.call_after_refresh(self._collect_soon)

    def _collect_soon(self) -> None:
        # Not at once: the driver's thread still has the frame to write, and a collection
        # holds the interpreter until it is done.
        asked = self._frames_asked
        self.set_timer(COLLECT_AFTER_SECONDS, lambda: self._collect(asked))

    def _collect(self, asked: int) -> None:
        self._collection_due = False
        if asked == self._frames_asked:
            collect_between_keys()
        else:
            self.collect_after_frame()  # another key came: after its frame, then

    @property
    def closing(self) -> bool:
        """True once the desk is going away: a worker's late result has nowhere to go."""
        return not self.app.is_running or not self.is_attached or not self.views

    # --- where the analyst is ---------------------------------------------------------------

    @property
    def views(self) -> list[ArticleView]:
        """The article views, left to right (none once the desk is closed)."""
        views = self._views
        if not views or not views[0].is_attached:
            views = self._views = list(self.query(ArticleView))
        return list(views)

    def panel(self, kind: type[PanelT]) -> PanelT | None:
        """The screen's one widget of this kind (the detail panel, the status line), if it is
        still there."""
        widget = self._panels.get(kind)
        if widget is None or not widget.is_attached:
            found = self.query(kind)
            if not found:
                return None
            widget = self._panels[kind] = found.first()
        assert isinstance(widget, kind)
        return widget

    @property
    def current_view(self) -> ArticleView:
        """The focused article view (the first if none is focused)."""
        focused = self.focused
        if isinstance(focused, ArticleView):
            return focused
        return self.views[0]

    def current_claim(self) -> Claim | None:
        """The claim the analyst is on, if any."""
        view = self.current_view
        if 0 <= view.current_claim < len(view.claims):
            return view.claims[view.current_claim]
        return None

    def say_no_claim(self, verb: str) -> None:
        """Tell the analyst why there is no claim to `verb`, and how to choose one."""
        view = self.current_view
        if view.claims:
            message = f"Move onto a claim first (j / k), then {verb} it."
        elif view.article_id not in self._claims:
            message = "Still finding the claims of this article…"
        else:
            message = f"This article has no claim to {verb}."
        self.notify(message, severity="warning")

    def view_of(self, article_id: str) -> ArticleView | None:
        """The view showing an article, if it is open."""
        return next((view for view in self.views if view.article_id == article_id), None)

    def go_to(self, article_id: str, offset: int) -> None:
        """Focus the article's column on the claim and the name or figure at `offset`."""
        view = self.view_of(article_id) or self.current_view
        self.set_focus(view)
        index = view.claim_index_at(offset)
        if index >= 0:
            view.current_claim = index
            spans = view.claims[index].spans
            view.current_mention = next(
                (i for i, span in enumerate(spans) if span.start == offset), -1
            )

    def article(self, article_id: str) -> Article:
        """The open article with this id."""
        return next(article for article in self.articles if article.id == article_id)

    def on_claim(self, action: Callable[[Claim | None], object], *, verb: str | None) -> None:
        """Run `action` on the focused article's current claim once its claims are known (keys
        typed the moment the desk appears wait for detection, in order), after bringing the
        cursor back on screen if the view was scrolled away from it.

        An action that records something about the claim (`verb`: "tag", "annotate", …) is
        run only if the claim is on a row the analyst sees; else nothing is recorded and the
        analyst is told why (a window too short to show any of the article's text, say).
        """
        view = self.current_view

        def act() -> None:
            view.claim_into_view()
            index = view.current_claim
            claim = view.claims[index] if 0 <= index < len(view.claims) else None
            if claim is not None and verb is not None and not view.claim_on_screen(index):
                self.say_not_in_sight(view, verb)
                return
            action(claim)

        view.when_claims_ready(act)

    def not_in_sight(self, view: ArticleView) -> str:
        """Why the analyst cannot see the claim they are on (or the name in it), and what
        brings it back."""
        rows = view.rows_in_sight()[1]
        panel = self.panel(ClaimDetail)
        fold = "" if panel is None or panel.has_class("folded") else " or fold the panel (z)"
        if rows and view.lines_in_sight():
            return "it is scrolled out of sight: j / k move onto a claim in view"
        if view.size.height > 0 and view.scrollable_content_region.width <= GUTTER:
            return f"the window is too narrow to show the claim: make it wider{fold}"
        return f"the window is too short to show the claim: make it taller{fold}"

    def say_not_in_sight(self, view: ArticleView, verb: str) -> None:
        """Nothing was recorded: say why (the claim is not on screen) and what to do."""
        self.notify(
            f"Nothing recorded: {self.not_in_sight(view)}, then {verb} it.",
            severity="warning",
            markup=False,
        )

    def selector(self, claim: Claim) -> Selector:
        """The claim's quote and context in its article, stored with its tag."""
        return selector_for(self.article(claim.article_id).text, claim.start, claim.end)

    # --- changes that are not a claim's tag: the shown tags are read again when saved ---------

    def save_then_resync(self, change: Callable[[Desk], object], verb: str) -> None:
        """Hand a change to the writer; show the tags again once it is saved, or say why not."""
        self.writer.submit(
            change,
            lambda _result: self.post_message(self.TagsChanged()),
            lambda error: self.post_message(self.Reported(f"{verb} failed: {error}", True)),
        )

    @on(Reported)
    def show_report(self, event: Reported) -> None:
        self.notify(
            event.text,
            severity="error" if event.error else "information",
            timeout=15 if event.error else 6,
            markup=False,
        )

    # --- panels ------------------------------------------------------------------------------

    def save_state(self) -> tuple[int, int]:
        """(changes not yet on disk, changes that failed to save)."""
        # Changes shown but not yet handed to the writer count as pending too.
        pending = max(self.writer.pending, sum(self._pending.values()))
        return pending, self.writer.failed

    def refresh_detail(self) -> None:
        """Show the current claim in the detail panel (its latest change, if not yet saved)."""
        panel = self.panel(ClaimDetail)
        if panel is None:
            return  # the desk is closing: a worker finished after the panel went
        claim = self.current_claim()
        view = self.current_view
        places = view.places
        state = ClaimDetailState(
            claim=claim,
            article_title=self.article(view.article_id).title,
            position=f"{places.sentence_number(view.current_claim)}",
            claims_in_article=places.sentence_count,
            nested=nesting(view, view.current_claim),
            extra=selection_line(view),
        )
        if claim is not None and not view.claim_on_screen(view.current_claim):
            # In place of the article's title, which would read as the claim's own words.
            state.out_of_sight = self.not_in_sight(view)
        if claim is not None:
            key = claim_key(claim)
            tag = self._tags.get(key)
            if tag is not None:
                state.status = str(tag.status) if tag.status else None
                state.note = tag.note
                state.analyst = tag.analyst
                state.updated_at = tag.updated_at
                state.history = tag.history
                if in_conflict(tag):
                    state.verdicts, state.note = own_notes(tag)
            state.pending = key in self._pending and key not in self._held_back
            latest = self._provisional.get(key) if state.pending else None
            if latest is not None:
                state.status = str(latest[0]) if latest[0] else None
                state.note = latest[1]
                state.verdicts = []  # tagging settles the conflict
            state.extra += drawn_lines(view, view.current_claim)
            state.extra += sourcing_line(
                claim, self.sourcing.get(claim.article_id), self.comparison, self.desk.merges()
            ) + context_lines(
                claim,
                view.mention,
                articles=self.articles,
                comparison=self.comparison,
                desk=self.desk,
                tag=tag,
            )
        panel.show(state)
        self.collect_after_frame()

    def refresh_status(self) -> None:
        """Update the counts and the saving indicator (once no change is held back: the line
        then says what the rest of the screen shows)."""
        if self._held_back:
            return
        counts: dict[str, int] = {"confirmed": 0, "disputed": 0, "noted": 0}
        for view in self.views:
            for mark in view.marks.values():
                counts[mark] = counts.get(mark, 0) + 1
        pending, failed = self._shown_save_state = self.save_state()
        status = self.panel(StatusLine)
        if status is not None:
            status.show(
                counts,
                pending=pending,
                failed=failed,
                db=self.db_label,
                replaced=replaced_file(self.writer.held_error),
            )


def replaced_file(error: Exception | None) -> str:
    """The name of the desk file (or journal) another file replaced, when that is why changes
    are not saved ("" otherwise)."""
    from annotations.storage import DeskConflictError

    return error.replaced if isinstance(error, DeskConflictError) else ""
