"""Saving a claim's tag: handed to the writer at once, shown saved in the key's one frame when
the disk answers in time, else shown marked "saving…" until it does."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message

from annotations.tags import claim_key
from tui.desk_base import DeskBase, mark_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotations.claims import Claim
    from annotations.store import ClaimStatus, Desk
    from annotations.tags import ClaimKey, Tag
    from tui.article_view import ArticleView

__all__ = ["SAVED_WITHIN_SECONDS", "Saving"]

SAVED_WITHIN_SECONDS = 0.004
"""How long a claim's change may wait for the disk before it is shown marked "saving…".

A tag write is an fsynced journal append: well under a millisecond of the interpreter, and
from a fraction of a millisecond to a few of the disk's (2-8 ms on a busy one). A change
saved in time is shown saved in the key's one frame, where showing it first as saving and
then as saved drew two, the second while the next key came in; one shown as saving is
still shown saved in the same frame if the disk answers before that frame is drawn. Never
"saved" before the change is on disk."""


class Saving(DeskBase):
    """Tagging and noting claims, undo and retry: every change goes to the writer at once and
    is shown saved once the writer has it on disk; one the disk holds up longer than
    `SAVED_WITHIN_SECONDS` is shown marked "saving…" until then, and one that fails to save
    is shown and kept for retry."""

    @dataclass
    class ChangeSaved(Message):
        """The writer has a claim's change on disk."""

        key: ClaimKey
        tag: Tag | None

    @dataclass
    class ChangeFailed(Message):
        """The writer could not save a claim's change; it is held for retry."""

        key: ClaimKey
        error: Exception

    class WriterMoved(Message):
        """The writer's counts of pending or failed changes may have changed."""

        def can_replace(self, message: Message) -> bool:
            # Only the latest counts matter: one redraw for a burst of changes.
            return isinstance(message, Saving.WriterMoved)

    def follow_the_writer(self) -> None:
        """Hear from the writer whenever its counts move (it works on its own thread)."""
        self.writer.watch(self._writer_moved)

    def stop_following_the_writer(self) -> None:
        """Hear no more from the writer (the screen is going away)."""
        self.writer.unwatch(self._writer_moved)

    def _writer_moved(self) -> None:
        # Called on the writer's thread: post_message is thread-safe and never waits.
        self.post_message(self.WriterMoved())

    @property
    def pending_keys(self) -> set[ClaimKey]:
        """Claims whose latest change is shown but not yet on disk."""
        return set(self._pending)

    @on(WriterMoved)
    def catch_up_with_writer(self) -> None:
        """Redraw the status line if the writer's counters moved since it was drawn."""
        # Compare with what the line shows, not with the last look: the writer may call
        # back before it updates its own counters, so the line can be drawn from stale ones.
        if self.save_state() != self._shown_save_state:
            self.refresh_status()

    def set_status(self, status: ClaimStatus | None) -> None:
        """Confirm, dispute or clear the current claim (once the claims are known)."""
        self.on_claim(partial(self._set_status_of, status=status), verb="tag")

    def _set_status_of(self, claim: Claim | None, *, status: ClaimStatus | None) -> None:
        if claim is None:
            self.say_no_claim("tag")
            return
        previous = self._tags.get(claim_key(claim))
        if status is None and previous is None:
            return
        selector, analyst = self.selector(claim), self.analyst
        self._save(
            claim,
            (status, previous.note if previous else ""),
            lambda desk: desk.set_status(
                claim, status, analyst, prefix=selector.prefix, suffix=selector.suffix
            ),
        )

    def action_note(self) -> None:
        self.on_claim(self._edit_note, verb="annotate")

    def _edit_note(self, claim: Claim | None) -> None:
        if claim is None:
            self.say_no_claim("annotate")
            return
        tag = self._tags.get(claim_key(claim))

        def save(note: str | None) -> None:
            if note is None or note == (tag.note if tag else ""):
                return
            selector, analyst = self.selector(claim), self.analyst
            self._save(
                claim,
                (tag.status if tag else None, note),
                lambda desk: desk.set_note(
                    claim, note, analyst, prefix=selector.prefix, suffix=selector.suffix
                ),
            )

        from tui.dialogs import NoteDialog

        self.app.push_screen(NoteDialog(claim.text, tag.note if tag else ""), save)

    def _save(
        self,
        claim: Claim,
        latest: tuple[ClaimStatus | None, str],
        change: Callable[[Desk], Tag | None],
    ) -> None:
        """Hand a claim's change (its status and note once `change` is applied) to the writer,
        holding it back from the screen until it is saved or `SAVED_WITHIN_SECONDS` passed.

        A claim already shown "saving…" (the disk is slow) shows its new change at once."""
        key = claim_key(claim)
        shows_saved = key not in self._pending or key in self._held_back
        self._pending[key] = self._pending.get(key, 0) + 1
        self._provisional[key] = latest
        if not shows_saved:
            self._show_provisional(key)
        elif key not in self._held_back:
            self._held_back.add(key)
            self.set_timer(SAVED_WITHIN_SECONDS, partial(self._show_if_held_back, key))
        # The writer thread answers with messages: post_message is thread-safe and never
        # waits for the event loop, so a flush on quit cannot deadlock.
        self.writer.submit(
            change,
            lambda tag: self.post_message(self.ChangeSaved(key, tag)),
            lambda error: self.post_message(self.ChangeFailed(key, error)),
        )

    def _show_if_held_back(self, key: ClaimKey) -> None:
        """The disk took longer than `SAVED_WITHIN_SECONDS`: show the change as saving."""
        if key in self._held_back:
            self._show_provisional(key)

    def _show_provisional(self, key: ClaimKey) -> None:
        """Show a claim's latest change, marked as saving until the writer has it on disk."""
        self._held_back.discard(key)
        status, note = self._provisional[key]
        self._set_view_mark(key, str(status) if status else ("noted" if note else None))
        self.refresh_detail()
        self.refresh_status()

    @on(ChangeSaved)
    def show_saved(self, event: ChangeSaved) -> None:
        key, tag = event.key, event.tag
        self._tags[key] = tag
        remaining = self._pending.get(key, 1) - 1
        if remaining <= 0:
            self._pending.pop(key, None)
            self._provisional.pop(key, None)
            self._held_back.discard(key)
            self._set_view_mark(key, mark_of(tag))
            self.refresh_detail()
        else:
            # A later change of the claim is still on its way: the panel shows that one,
            # marked saving (or, held back, the last saved state), and stays as it is.
            self._pending[key] = remaining
        self.refresh_status()

    @on(ChangeFailed)
    def show_failed(self, event: ChangeFailed) -> None:
        if isinstance(event.error, ValueError):
            # Refused, not failed (a claim whose place an orphaned tag holds): nothing to
            # retry, so the claim goes back to what is stored.
            self.show_saved(self.ChangeSaved(event.key, self._tags.get(event.key)))
            self.notify(
                f"Not saved: {str(event.error).rstrip('.')}.",
                title="Change refused",
                severity="error",
                markup=False,
            )
            return
        if event.key in self._held_back:
            self._show_provisional(event.key)  # kept for retry: shown, not saved
        self.refresh_status()
        self.notify(
            f"Not saved: {str(event.error).rstrip('.')}. The change is kept; press r to retry.",
            title="Saving failed",
            severity="error",
            timeout=30,
            markup=False,
        )

    def action_retry_writes(self) -> None:
        if self.writer.failed:
            self.writer.retry()
            self.refresh_status()

    @on(DeskBase.TagsChanged)
    def show_undone(self) -> None:
        self.resync()

    def resync(self) -> None:
        """Re-read every shown claim's tag from the desk (after an undo, a link, …)."""
        for view in self.views:
            for index, claim in enumerate(view.claims):
                key = claim_key(claim)
                if key in self._pending:
                    continue
                tag = self.desk.tag_on(claim)
                self._tags[key] = tag
                self.show_tag(view, index, tag)
        self.refresh_detail()
        self.refresh_status()

    @staticmethod
    def show_tag(view: ArticleView, index: int, tag: Tag | None) -> None:
        """Mark a claim of a view as its tag says."""
        view.set_mark(index, mark_of(tag))
        view.set_moved(index, tag is not None and tag.anchor == "moved")

    def _set_view_mark(self, key: ClaimKey, mark: str | None) -> None:
        for view in self.views:
            for index, claim in enumerate(view.claims):
                if claim_key(claim) == key:
                    view.set_mark(index, mark)
                    return
