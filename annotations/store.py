"""The desk: every claim the analyst has tagged or noted, saved the moment it changes.

`Desk` is made of one part per kind of record (`desk_tags`, `desk_links`, `desk_decisions`,
`desk_articles`) over `desk_records`, which loads, checks and saves them; this module opens
and closes a desk and takes changes back (undo, redo).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tinydb.storages import MemoryStorage

from annotations.desk_articles import DeskArticles
from annotations.desk_decisions import DeskDecisions
from annotations.desk_documents import SCHEMA, Undoable
from annotations.desk_links import DeskLinks
from annotations.desk_lock import lock_desk
from annotations.desk_tags import DeskTags
from annotations.files import describe_os_error
from annotations.journal import JournalStorage
from annotations.storage import (
    DeskConflictError,
    DeskCorruptError,
    DeskError,
    DeskLockedError,
    DeskVersionError,
    DeskWriteError,
)
from annotations.tags import ClaimKey, ClaimStatus, Link, LinkRelation, Selector, Tag

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "SCHEMA",
    "ClaimStatus",
    "Desk",
    "DeskConflictError",
    "DeskCorruptError",
    "DeskError",
    "DeskLockedError",
    "DeskVersionError",
    "DeskWriteError",
    "Link",
    "LinkRelation",
    "Selector",
    "Step",
    "Tag",
]


@dataclass(frozen=True, slots=True)
class Step:
    """A change undone or redone, as the analyst is told of it."""

    what: str
    """What the step did, in words: "confirmed → untagged", "note", "link", "merge"."""

    kind: str
    """"tag", "link", "decision", "anchor" or "article", as in `StepName.kind`."""

    key: ClaimKey | None
    """(article id, start, end) of the claim it changed, when it changed one claim."""

    tag: Tag | None
    """That claim's tag now (None if it has none, or the step was not about one claim)."""


class Desk(DeskTags, DeskLinks, DeskDecisions, DeskArticles):
    """The saved tags, notes, links and entity decisions of one analyst's desk, on any storage.

    Changes are made one at a time (the TUI makes them from a single writer thread) and each
    returns only once it is on disk, as one save: a change that touches several documents (a
    link and the tags it creates, a re-anchored article) is saved whole or not at all. Every
    change can be undone, newest first, for as long as the desk stays open. Reads may come
    from any thread.
    """

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, lock: bool = True) -> Desk:
        """Open the desk file at `path`, creating it (and its folder) if missing."""
        # Through any symbolic link: the link and its target are one desk, with one lock, and
        # saving replaces the target, so the link keeps pointing at the desk.
        db = Path(os.path.realpath(path))
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskWriteError(
                f"cannot create the folder for desk {db}: {describe_os_error(exc)}"
            ) from exc
        if db.is_dir():
            raise DeskError(f"cannot open desk {db}: it is a folder; give the path of a file")
        desk_lock = lock_desk(db) if lock else None
        try:
            storage = JournalStorage(db, owner=desk_lock is not None)
            if desk_lock is not None:
                storage.remove_stale_temporaries()
            desk = cls(storage, path=db)
        except BaseException:
            if desk_lock is not None:
                desk_lock.release()
            raise
        desk._lock = desk_lock
        desk._lock_new_file()  # a new desk's file was made by its first save, just now
        return desk

    @classmethod
    def in_memory(cls) -> Desk:
        """A desk that lives only as long as the process."""
        return cls(MemoryStorage())  # type: ignore[no-untyped-call]

    # -- undo and redo ----------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """True if a change made through this desk can still be undone."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True if an undone change can be made again."""
        return bool(self._redo)

    def undo(self) -> Tag | None:
        """Undo the last change made through this desk, whatever it was.

        Returns the claim's restored tag (None if it had none) when the change was a status
        or a note; None for the other changes (links, decisions, re-anchoring).
        """
        step = self.undo_step()
        return None if step is None else step.tag

    def undo_step(self) -> Step | None:
        """Undo the last change made through this desk; say what was undone (None: nothing)."""
        return self._take_back(self._undo, self._redo, undoing=True)

    def redo_step(self) -> Step | None:
        """Make the last undone change again; say what was redone (None: nothing to redo).

        A change made after an undo ends what can be redone."""
        return self._take_back(self._redo, self._undo, undoing=False)

    def _take_back(
        self, source: list[Undoable], target: list[Undoable], *, undoing: bool
    ) -> Step | None:
        with self._change_lock:
            self._check_open()
            if not source:
                return None
            ops, returns, name = source.pop()
            current = self._tag_on(name.key)
            try:
                inverse = self._commit(ops)
            except BaseException:
                source.append((ops, returns, name))
                raise
            target.append((inverse, current, name))
            what = name.backward if undoing else name.forward
            return Step(what, name.kind, name.key, self._tag_on(name.key))

    # -- closing --------------------------------------------------------------------------

    def compact_if_due(self) -> bool:
        """Fold the change journal into the desk file if it has grown enough; True if done.

        Every change is durable before this runs, so a failure here loses nothing: the journal
        keeps the changes and the next compaction (at the latest, the next open) tries again.
        """
        with self._change_lock:
            storage = self._storage
            if self._closed or not isinstance(storage, JournalStorage):
                return False
            if not storage.compaction_due:
                return False
            try:
                storage.compact()
            except DeskError:
                return False
            self._lock_new_file()
            return True

    def close(self) -> None:
        """Release the desk (and its lock); every change is already on disk."""
        with self._change_lock:
            if self._closed:
                return
            self._closed = True
            self._storage.close()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Desk:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
