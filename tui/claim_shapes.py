"""Claims the analyst shapes on the desk: spans drawn as claims, a figure tagged alone,
sentences split and joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from annotations.claim_edits import (
    arrange_claims,
    drawn_claim,
    in_reading_order,
    join_decision,
    split_decision,
)
from annotations.store import ClaimStatus
from annotations.tags import claim_key
from tui.article_view import ArticleView
from tui.saving import Saving

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from annotations.claims import Claim
    from annotations.spans import Span

__all__ = ["ClaimShapes"]


class ClaimShapes(Saving):
    """`c`/`d` on a drawn span or on a figure or name make it a claim of its own; `|` splits
    the current sentence claim at the cursor, `J` joins it with the next. Splits and joins
    are kept in the desk and shape the claims of every view; `u` undoes them."""

    def arranged(
        self, article_id: str, sentences: Sequence[Claim], spans: Sequence[Span]
    ) -> list[Claim]:
        """The article's claims as the analyst shaped them: the detected sentences split and
        joined as the desk says, with the claims the analyst drew in them (safe to call from
        the detection worker: the desk reads under its lock)."""
        desk = self.desk
        return arrange_claims(
            article_id,
            self.article(article_id).text,
            sentences,
            spans,
            splits=desk.claim_decisions("split"),
            joins=desk.claim_decisions("join"),
            drawn=desk.tags_of(article_id),
        )

    def reshape(self) -> None:
        """Arrange every view's claims again (after an undo, a split, a join)."""
        for view in self.views:
            sentences = self._sentence_claims.get(view.article_id)
            if sentences is not None:
                claims = self.arranged(
                    view.article_id, sentences, self._spans.get(view.article_id, [])
                )
                # Drawn claims shown but not yet on disk stay.
                known = {claim_key(c) for c in claims}
                claims += [
                    c
                    for c in view.claims
                    if c.drawn and claim_key(c) in self._pending and claim_key(c) not in known
                ]
                view.place_claims(in_reading_order(claims))
                self._claims[view.article_id] = [c for c in view.claims if not c.drawn]

    def resync(self) -> None:
        self.reshape()
        super().resync()

    @on(Saving.ChangeSaved)
    def drop_emptied_drawn_claim(self, event: Saving.ChangeSaved) -> None:
        """A drawn claim cleared of its verdict, note and links goes from the text (after
        the saved change is shown)."""
        if event.tag is None:
            self.call_later(self.reshape)

    # --- a span drawn, or a figure or name, tagged as a claim of its own ----------------------

    @on(ArticleView.SpanTagged)
    def tag_drawn_span(self, event: ArticleView.SpanTagged) -> None:
        event.stop()
        view = event.view
        if not isinstance(view, ArticleView):
            return
        if not view.in_sight(event.start, event.end):
            self.say_not_in_sight(view, "tag")  # the selection stays, to tag once in view
            return
        if view.selection == (event.start, event.end):
            view.action_cancel_selection()  # it becomes a claim
        self.tag_span(view, event.start, event.end, ClaimStatus(event.status))

    @on(ArticleView.SelectionChanged)
    def selection_moved(self, event: ArticleView.SelectionChanged) -> None:
        if event.view is self.current_view:
            self.refresh_detail()

    def tag_span(self, view: ArticleView, start: int, end: int, status: ClaimStatus) -> None:
        """Give text[start:end] of a view a verdict: the claim over exactly those words if
        there is one, else a new drawn claim, which becomes the current claim."""
        index = view.places.index_of(start, end)
        if index < 0:
            text = self.article(view.article_id).text
            try:
                claim = drawn_claim(view.article_id, text, start, end, view.spans)
            except ValueError as refused:
                self.notify(str(refused), severity="warning", markup=False)
                return
            view.place_claims(in_reading_order([*view.claims, claim]))
            self._claims[view.article_id] = [c for c in view.claims if not c.drawn]
            index = view.places.index_of(start, end)
        view.current_claim = index
        self.set_status(status)

    def tag_mention(self, status: ClaimStatus) -> bool:
        """On a figure or a name (→/←), tag it alone, a figure with the noun it counts
        ("120 ISIS fighters"). False when the analyst is on no figure or name."""
        view = self.current_view
        if view.mention is None or view.selection is not None or view.claim_into_view():
            return False  # (back on a claim of the page, off its names: tag the claim)
        mention = view.mention
        assert mention is not None
        claim = view.claims[view.current_claim]
        limit = max(claim.end, mention.end)
        from annotations.selection import counted_span

        start, end = counted_span(view.text, mention, limit)
        if not view.in_sight(start, end):
            self.say_not_in_sight(view, "tag")
            return True
        self.tag_span(view, start, end, status)
        return True

    # --- split and join ---------------------------------------------------------------------

    def action_split_claim(self) -> None:
        self._reshape_claim("split", self._split_at)

    def action_join_claim(self) -> None:
        self._reshape_claim("join", self._join_with_next)

    def _reshape_claim(
        self, kind: str, decide: Callable[[ArticleView, Claim], dict[str, str] | None]
    ) -> None:
        """Store the split or join `decide` makes of the current sentence claim, if any."""

        def act(claim: Claim | None) -> None:
            if claim is None or claim.drawn:
                self.notify(f"Move onto a sentence claim to {kind} it.", severity="warning")
                return
            decision = decide(self.current_view, claim)
            if decision is not None:
                self.save_then_resync(
                    lambda desk: desk.add_claim_decision(kind, decision), kind.capitalize()
                )

        self.on_claim(act, verb=kind)

    def _split_at(self, view: ArticleView, claim: Claim) -> dict[str, str] | None:
        """Split where the selection starts, else at the name or figure the analyst is on."""
        mention = view.mention
        at = view.selection[0] if view.selection else (mention.start if mention else None)
        if at is None or not claim.start < at < claim.end:
            self.notify(
                "Put the cursor where the second claim starts: → to a name or figure, "
                "or v and a word of the sentence, then |.",
                severity="warning",
            )
            return None
        try:
            decision = split_decision(claim, at)
        except ValueError as error:
            self.notify(str(error), severity="warning")
            return None
        view.action_cancel_selection()
        return decision

    def _join_with_next(self, view: ArticleView, claim: Claim) -> dict[str, str] | None:
        after = [c for c in view.claims if not c.drawn and c.start >= claim.end]
        if not after:
            self.notify("This is the last claim of the article: nothing to join.")
            return None
        return join_decision(claim, after[0])
