"""The desk: articles side by side, the current claim's detail, and the keys that drive them."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.widgets import Footer
from textual.worker import get_current_worker

from annotations.store import ClaimStatus, Desk
from annotations.tags import claim_key
from tui.article_details import ArticleDetails
from tui.article_view import ArticleView
from tui.claim_shapes import ClaimShapes
from tui.entities import EntityActions
from tui.exporting import Exporting
from tui.figures_board_actions import SOURCING_LIMIT, FiguresBoardActions
from tui.leads import Leads
from tui.orphan_actions import OrphanActions
from tui.saving import Saving
from tui.search import Searching
from tui.undo_redo import UndoRedo
from tui.widgets import ArticleColumn, ArticleColumns, ClaimDetail, Legend, StatusLine

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from annotations.claims import Claim
    from annotations.spans import Span
    from annotations.tags import ClaimKey, Tag

__all__ = ["DeskScreen"]


class DeskScreen(
    ClaimShapes,
    UndoRedo,
    Leads,
    Saving,
    Searching,
    EntityActions,
    FiguresBoardActions,
    OrphanActions,
    Exporting,
    ArticleDetails,
):
    """Two or more articles side by side, tagged claim by claim.

    The screen lays out the columns and panels, runs detection and routes keys and messages;
    each job lives in its own part: `tui.saving` (tags and notes, retry), `tui.undo_redo`,
    `tui.search`, `tui.comparing` (the comparison, matching claims, links),
    `tui.entities`, `tui.figures_board`, `tui.orphans` and `tui.exporting`, over the state in
    `tui.desk_base`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "next_article", "Article", id="article.next"),
        Binding("shift+tab", "previous_article", "Prev article", show=False, id="article.previous"),
        Binding("c", "confirm", "Confirm", id="claim.confirm"),
        Binding("d", "dispute", "Dispute", id="claim.dispute"),
        Binding("x", "clear", "Clear", show=False, id="claim.clear"),
        Binding(
            "vertical_line",
            "split_claim",
            "Split claim at the cursor",
            show=False,
            key_display="|",
            id="claim.split",
        ),
        Binding(
            "J",
            "join_claim",
            "Join claim with the next",
            show=False,
            key_display="J",
            id="claim.join",
        ),
        Binding("n", "note", "Note", id="claim.note"),
        Binding("u", "undo", "Undo", id="desk.undo"),
        Binding("U,ctrl+r", "redo", "Redo", show=False, key_display="U", id="desk.redo"),
        Binding("e", "export", "Export CSV", show=False, id="desk.export"),
        Binding("m", "jump_to_match", "Match", show=False, id="compare.match"),
        Binding("l", "link", "Link claims", show=False, id="compare.link"),
        Binding("E", "entities", "Entities", show=False, key_display="E", id="compare.entities"),
        Binding(
            "M", "merge_entity", "Merge entity", show=False, key_display="M", id="compare.merge"
        ),
        Binding(
            "S", "split_entity", "Split entity", show=False, key_display="S", id="compare.split"
        ),
        Binding("f", "figures_board", "Figures board", id="compare.figures"),
        Binding("slash", "search", "Search", show=False, key_display="/", id="search.start"),
        Binding("n", "next_hit", "Next hit (search)", id="search.next"),
        Binding("N", "previous_hit", "Prev hit (search)", key_display="N", id="search.previous"),
        Binding("escape", "end_search", "End search", id="search.end"),
        Binding("h", "toggle_highlights", "Highlights", show=False, id="view.highlights"),
        Binding("z", "fold_detail", "Fold panel", show=False, id="view.fold"),
        Binding(
            "R",
            "edit_article",
            "Name article (title, outlet, date)",
            show=False,
            key_display="R",
            id="article.details",
        ),
        Binding(
            "right_square_bracket",
            "next_lead",
            "To do",
            show=False,
            key_display="]",
            id="lead.next",
        ),
        Binding(
            "left_square_bracket",
            "previous_lead",
            "Prev to do",
            show=False,
            key_display="[",
            id="lead.previous",
        ),
        Binding(
            "right_curly_bracket",
            "next_lead_anywhere",
            "Next to do, any article",
            show=False,
            key_display="}",
            id="lead.next_anywhere",
        ),
        Binding(
            "left_curly_bracket",
            "previous_lead_anywhere",
            "Prev to do, any article",
            show=False,
            key_display="{",
            id="lead.previous_anywhere",
        ),
        Binding(
            "t",
            "cycle_lead",
            "To do: untagged / disputed / clash / one side",
            show=False,
            id="lead.kind",
        ),
        Binding("i", "next_conflict", "Next conflict", show=False, id="team.next_conflict"),
        Binding(
            "I",
            "previous_conflict",
            "Prev conflict",
            show=False,
            key_display="I",
            id="team.previous_conflict",
        ),
        Binding("r", "retry_writes", "Retry saving", show=False, id="desk.retry"),
        Binding("o", "orphans", "Orphans", show=False, id="desk.orphans"),
    ]

    def compose(self) -> ComposeResult:
        yield Legend(id="legend")
        with ArticleColumns(id="columns"):
            for index, article in enumerate(self.articles):
                yield ArticleColumn(article, index=index)
        yield ClaimDetail(id="detail")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        # The status line follows the writer's counts, also for writes no change of ours
        # is waiting on (remembering the articles below, say).
        self.follow_the_writer()
        for article in self.articles:
            self.writer.submit(partial(Desk.remember_article, article=article))
        self.show_article_details()  # a title, outlet or date the analyst gave before
        views = list(self.query(ArticleView))
        if views:
            views[0].focus()
        # After the first frame: the text shows before detection takes the interpreter.
        self.call_after_refresh(self._start_detection)
        self.refresh_status()

    def on_unmount(self) -> None:
        self.stop_following_the_writer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_hit", "previous_hit", "end_search"):
            return self.searching
        if action == "note":
            return not self.searching
        return True

    # --- detection runs off the event loop: the text shows at once, highlights follow ---------

    def _start_detection(self) -> None:
        for column in self.query(ArticleColumn):
            self.detect_column(column)

    @work(thread=True, group="detect")
    def detect_column(self, column: ArticleColumn) -> None:
        # A part at a time: a long report shows its progress, and quitting need not wait
        # for the whole text (a thread cannot be interrupted, but it can stop between parts).
        # Imported here: compiling the detector's patterns is start-up time nobody needs to wait.
        from annotations.analysis_cache import AnalysisCache
        from annotations.claims import find_claims
        from annotations.detection import boilerplate_stretches, detect_in_parts
        from annotations.sourcing import sourcing_unless_cancelled

        worker = get_current_worker()
        article = self.articles[column.index]
        spans: list[Span] = []
        parts = 0
        for done, part in detect_in_parts(article.text):
            parts += 1
            if worker.is_cancelled:
                return
            spans.extend(part)
            if done < 1:
                self.app.call_from_thread(column.show_progress, done)
        if worker.is_cancelled:
            return
        sentences = find_claims(article.id, article.text, spans)
        claims = self.arranged(article.id, sentences, spans)
        tags = {claim_key(claim): self.desk.tag_on(claim) for claim in claims}
        standing = boilerplate_stretches(article.text)
        self.app.call_from_thread(
            self._show_detection, column, spans, (sentences, claims), tags, standing
        )
        if len(article.text) > SOURCING_LIMIT or worker.is_cancelled:
            return
        sourcing = sourcing_unless_cancelled(
            article.id, article.text, spans, lambda: worker.is_cancelled
        )
        if sourcing is not None and not worker.is_cancelled:
            self.app.call_from_thread(self.show_sourcing, column, sourcing)
            # Kept for the export, which would find the same again (one part is `detect(text)`).
            cache = AnalysisCache.for_desk(self.desk) if parts == 1 else None
            if cache is not None:
                cache.remember(article.text, spans, sourcing)

    def _show_detection(
        self,
        column: ArticleColumn,
        spans: list[Span],
        found: tuple[list[Claim], list[Claim]],
        tags: dict[ClaimKey, Tag | None],
        standing: list[tuple[int, int]],
    ) -> None:
        if self.closing:
            return  # the desk was closed while the worker detected
        article_id = self.articles[column.index].id
        self._spans[article_id] = spans
        self._sentence_claims[article_id], claims = found
        view = column.view
        view.set_standing(standing)
        view.set_spans(spans)
        info = self.desk.article_info(article_id) or {}
        position = info.get("position")
        view.set_claims(claims, start_at=position if isinstance(position, int) else None)
        for key, tag in tags.items():
            if key not in self._pending:
                self._tags[key] = tag
        for index, claim in enumerate(claims):
            self.show_tag(view, index, self._tags.get(claim_key(claim)))
        column.detection_done(len(spans), len(claims), len(standing))
        self._claims[article_id] = [claim for claim in claims if not claim.drawn]
        self.refresh_detail()
        self.refresh_status()
        if len(self._claims) == len(self.articles):
            self.keep_out_of_collector()
        self.compare_when_detected()

    # --- moving about ---------------------------------------------------------------------------

    @on(ArticleView.ClaimChanged)
    def claim_moved(self, event: ArticleView.ClaimChanged) -> None:
        if event.view is self.current_view:
            self.refresh_detail()

    @on(ArticleView.MentionChanged)
    def mention_moved(self, event: ArticleView.MentionChanged) -> None:
        if event.view is self.current_view:
            self.light_up(event.span)
            self.refresh_detail()

    def on_descendant_focus(self) -> None:
        self.light_up(self.current_view.mention)
        self.refresh_detail()

    def action_next_article(self) -> None:
        self._move_article(+1)

    def action_previous_article(self) -> None:
        self._move_article(-1)

    def _move_article(self, step: int) -> None:
        views = self.views
        index = views.index(self.current_view)
        # Focus now, not on the next idle (Widget.focus): keys already queued behind this
        # one (a fast typist, a script) must reach the newly chosen article.
        self.set_focus(views[(index + step) % len(views)])

    def reading_positions(self) -> dict[str, int]:
        """Where the analyst is in each article (a text offset), to open there next time."""
        return {view.article_id: view.reading_at for view in self.views if view.claims_ready}

    def action_fold_detail(self) -> None:
        """Fold the detail panel to its first line (more article on a small screen), or unfold."""
        self.query_one(ClaimDetail).toggle_class("folded")
        self.call_after_refresh(self.claims_into_sight)

    def on_resize(self) -> None:
        self.call_after_refresh(self.claims_into_sight)

    def claims_into_sight(self) -> None:
        """Once the screen is laid out again: scroll each current claim back onto the rows
        the analyst sees, if any shows, and say in the panel if the current one does not.

        A view whose rows the screen cuts off, or that gets rows back, need not change size:
        its own resize would not bring the claim back."""
        if self.closing:
            return
        for view in self.views:
            view.keep_claim_in_sight()
        self.refresh_detail()

    def action_toggle_highlights(self) -> None:
        for view in self.views:
            view.show_highlights = not view.show_highlights

    # --- tagging (saved by tui.saving) ------------------------------------------------------------

    def action_confirm(self) -> None:
        if not self.tag_mention(ClaimStatus.CONFIRMED):
            self.set_status(ClaimStatus.CONFIRMED)

    def action_dispute(self) -> None:
        if not self.tag_mention(ClaimStatus.DISPUTED):
            self.set_status(ClaimStatus.DISPUTED)

    def action_clear(self) -> None:
        self.set_status(None)
