"""The desk writer: one background thread that saves changes to a desk strictly in order."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from annotations.analysis_cache import AnalysisCache, analysis_folder
from annotations.cache_trust import is_out_of_space
from annotations.storage import DeskWriteError, encode_json, write_new_file

if TYPE_CHECKING:
    from annotations.store import Desk

__all__ = ["ChangeHeldError", "DeskWriter"]

T = TypeVar("T")

_log = logging.getLogger(__name__)


class ChangeHeldError(DeskWriteError):
    """A change was not applied because an earlier one failed to save; `retry()` applies both."""


@dataclass(slots=True)
class _Change:
    fn: Callable[[Desk], Any]
    on_done: Callable[[Any], object] | None
    on_error: Callable[[Exception], object] | None


class DeskWriter:
    """Applies changes to a desk one after another on a background thread.

    A change that fails to save (`DeskWriteError`, e.g. disk full) is kept, and so is every
    change submitted after it, unapplied: applying later changes first would let an old
    change overwrite a newer one on retry. `retry()` re-submits them all, in order. A change
    that fails for another reason (a bug, a bad argument) is reported and not kept, since
    running it again cannot succeed. Callbacks run on the writer thread.
    """

    def __init__(self, desk: Desk, *, name: str = "desk-writer") -> None:
        self.desk = desk
        """The desk every change is applied to."""
        self._cond = threading.Condition()
        self._queue: deque[_Change] = deque()
        self._held: list[_Change] = []
        self._held_error: Exception | None = None
        self._busy = False
        self._in_hand = False
        """The change being applied still counts as pending: its outcome is not yet told."""
        self._closing = False
        self._listeners: list[Callable[[], object]] = []
        # A daemon thread so that a disk that hangs cannot keep the process alive forever;
        # quitting calls flush() first, and each save is atomic, so nothing half-written remains.
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(
        self,
        fn: Callable[[Desk], T],
        on_done: Callable[[T], object] | None = None,
        on_error: Callable[[Exception], object] | None = None,
    ) -> None:
        """Queue `fn(desk)`; `on_done(result)` or `on_error(exc)` follows on the writer thread."""
        with self._cond:
            if self._closing:
                raise RuntimeError("the desk writer is closed; the change was not queued")
            self._queue.append(_Change(fn, on_done, on_error))
            self._cond.notify_all()
        self._moved()

    @property
    def pending(self) -> int:
        """Changes submitted and not yet applied (held failures are counted by `failed`)."""
        with self._cond:
            return len(self._queue) + int(self._in_hand)

    @property
    def failed(self) -> int:
        """Changes kept unapplied after a failed save, waiting for `retry()`."""
        with self._cond:
            return len(self._held)

    @property
    def held_error(self) -> Exception | None:
        """Why the first kept change was not saved (None when no change is kept)."""
        with self._cond:
            return self._held_error if self._held else None

    def save_held_aside(self) -> Path | None:
        """Write the desk with every kept change applied to a new desk file beside it, and
        return that file (None when no change is kept or the desk has no file).

        The way out when the desk file was replaced by another's: nothing of either is lost,
        and `newsdesk --db` on that file opens the desk with the changes. Written once per
        content, never over another file (`annotations.storage.write_new_file`).
        """
        from tinydb.storages import MemoryStorage

        with self._cond:
            held = list(self._held)
        path = self.desk.path
        if not held or path is None:
            return None
        memory = MemoryStorage()  # type: ignore[no-untyped-call]
        memory.write(self.desk.snapshot())
        aside = type(self.desk)(memory)
        for change in held:
            try:
                change.fn(aside)
            except Exception:
                _log.exception("a kept change could not be applied to the desk set aside")
        state = memory.read()
        assert state is not None
        return write_new_file(path.with_name(f"{path.name}.unsaved-"), encode_json(state), ".json")

    def retry(self) -> int:
        """Re-submit every kept change, in the order first submitted; return how many."""
        with self._cond:
            held, self._held = self._held, []
            self._queue.extendleft(reversed(held))
            self._cond.notify_all()
        self._moved()
        return len(held)

    def watch(self, listener: Callable[[], object]) -> None:
        """Call `listener()` whenever `pending` or `failed` may have changed: after a change
        is queued or retried (on the caller's thread) and once each change has been applied,
        saved or not (on the writer thread, after the counts are updated)."""
        with self._cond:
            self._listeners.append(listener)

    def unwatch(self, listener: Callable[[], object]) -> None:
        """Stop calling a listener given to `watch`."""
        with self._cond:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _moved(self) -> None:
        with self._cond:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener()
            except Exception:
                _log.exception("a desk writer listener failed")

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until nothing is pending; True if every change is saved and none is kept failed."""
        with self._cond:
            drained = self._cond.wait_for(
                lambda: not self._queue and not self._busy, timeout=timeout
            )
            return drained and not self._held

    def close(self, timeout: float | None = None) -> bool:
        """Apply what is queued, stop the thread; True if everything was saved."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout)
        with self._cond:
            return not self._thread.is_alive() and not self._queue and not self._held

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait()
                if not self._queue:
                    return
                change = self._queue.popleft()
                self._busy = self._in_hand = True
                # Deciding and holding under one lock keeps a concurrent retry() in order.
                halted = bool(self._held)
                if halted:
                    self._held.append(change)
            try:
                if halted:
                    self._report(
                        change,
                        ChangeHeldError(
                            "change not saved yet: an earlier change failed to save; "
                            "retry to save them in order"
                        ),
                    )
                else:
                    self._apply(change)
            finally:
                with self._cond:
                    self._busy = self._in_hand = False
                # Listeners hear of the change, with current counts, before flush() returns.
                self._moved()
                with self._cond:
                    self._cond.notify_all()
                    idle = not self._queue
            if idle:
                # Between bursts of changes, fold a grown journal into the desk file, so that
                # neither a change nor the next open pays for the whole desk.
                try:
                    self.desk.compact_if_due()
                except Exception:
                    _log.exception("compacting the desk journal failed")

    def _apply(self, change: _Change) -> None:
        try:
            result = self._applied(change)
        except (DeskWriteError, OSError) as exc:
            with self._cond:
                if not self._held:
                    self._held_error = exc
                self._held.append(change)
            self._report(change, exc)
        except Exception as exc:
            if change.on_error is None:
                _log.error("a desk change failed and was dropped", exc_info=exc)
            self._report(change, exc)
        else:
            self._settled()
            if change.on_done is not None:
                try:
                    change.on_done(result)
                except Exception:
                    _log.exception("a desk change's on_done callback failed")

    def _applied(self, change: _Change) -> Any:
        """`change.fn(desk)`; on a full disk, once more after the analysis cache gave way."""
        try:
            return change.fn(self.desk)
        except (DeskWriteError, OSError) as exc:
            if not is_out_of_space(exc) or self.desk.path is None:
                raise
            freed = AnalysisCache(analysis_folder(self.desk.path)).make_room()
            if freed:
                try:
                    return change.fn(self.desk)
                except (DeskWriteError, OSError) as again:
                    if not is_out_of_space(again):
                        raise
                    exc = again
            told = str(exc).rstrip(". ")
            if freed:
                told += (
                    f". The analysis cache was emptied to make room ({freed:,} bytes freed): "
                    "other files fill the disk"
                )
            else:
                told += ". The analysis cache takes none of the space: other files fill the disk"
            raise DeskWriteError(told) from exc

    def _settled(self) -> None:
        """The change in hand is applied or kept: counted no more as pending, before anyone
        hears of it (a listener told the change is saved sees counts that say so too)."""
        with self._cond:
            self._in_hand = False

    def _report(self, change: _Change, exc: Exception) -> None:
        self._settled()
        if change.on_error is None:
            return
        try:
            change.on_error(exc)
        except Exception:
            _log.exception("a desk change's on_error callback failed")

