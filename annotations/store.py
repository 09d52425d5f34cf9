"""The desk: every claim the analyst has tagged or noted, saved the moment it changes."""

from __future__ import annotations

import fcntl
import os
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, Protocol

from tinydb.storages import MemoryStorage, Storage

from annotations.anchoring import CONTEXT_CHARS, DEFAULT_THRESHOLD, Selector, reanchor_all
from annotations.claim_history import UNTAGGED, ClaimChange, parse_history
from annotations.storage import (
    AtomicJSONStorage,
    DeskCorruptError,
    DeskError,
    DeskLockedError,
    DeskVersionError,
    DeskWriteError,
    keep_corrupt_copy,
)

if TYPE_CHECKING:
    from types import TracebackType

    from annotations.articles import Article
    from annotations.claims import Claim

__all__ = [
    "SCHEMA",
    "ClaimStatus",
    "Desk",
    "DeskCorruptError",
    "DeskError",
    "DeskLockedError",
    "DeskVersionError",
    "DeskWriteError",
    "Link",
    "LinkRelation",
    "ReanchorReport",
    "Step",
    "Tag",
]

SCHEMA = 1
"""The desk layout this version writes; a desk with a higher number is refused, not guessed at.

Links, entity decisions and aliases live in tables of their own that older desks simply lack,
so adding them did not change the layout of anything already stored: still schema 1.
"""

_TAGS = "tags"
_ARTICLES = "articles"
_META = "meta"
_LINKS = "links"
_MERGES = "merges"
_SPLITS = "splits"
_ALIASES = "aliases"
_DECISION_FIELDS = {
    _MERGES: ("key_a", "key_b"),
    _SPLITS: ("entity_key", "text"),
    _ALIASES: ("canonical", "alias"),
}

_ClaimKey = tuple[str, int, int]
_Op = tuple[str, str, dict[str, Any] | None]
"""One stored change: (table, document id, new document or None to delete it)."""

LinkRelation = Literal["corroborates", "contradicts"]
"""What a linked claim is to the other: evidence for it, or evidence against it."""

_RELATIONS: tuple[str, ...] = ("corroborates", "contradicts")


class ClaimStatus(StrEnum):
    """What the analyst has decided about a claim."""

    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


@dataclass(frozen=True, slots=True)
class Tag:
    """The analyst's verdict and note on one claim, as saved in the desk.

    A claim is stored once it has a status, a note, or a link to a claim of another article.
    A tag kept only for its links has `status` None and `note` "": it is not counted as
    "noted" and not exported, and it goes away with its last link.
    """

    id: str
    """Short stable id, given when the claim is first tagged or noted."""

    article_id: str
    """The `Article.id` of the claim."""

    start: int
    """Index of the claim's first character in the article text."""

    end: int
    """Index one past the claim's last character."""

    quote: str
    """The claim's text when it was tagged."""

    prefix: str
    """Up to 32 characters of article text before the claim, to find it again if offsets move."""

    suffix: str
    """Up to 32 characters of article text after the claim."""

    status: ClaimStatus | None
    """Confirmed or disputed; None when the claim only carries a note."""

    note: str
    """The analyst's note, "" if none."""

    analyst: str
    """Who made the latest change."""

    updated_at: str
    """When the latest change was made, ISO 8601 in UTC."""

    anchor: str = "exact"
    """How the tag is tied to the text: "exact" while the quote sits at start..end, "moved"
    once re-anchored elsewhere or to new wording, "orphan" when a new version of the article
    no longer holds the claim (the tag then keeps its old article id and offsets)."""

    old_quote: str | None = None
    """The quote as first tagged, if re-anchoring later found the claim changed."""

    history: tuple[ClaimChange, ...] = ()
    """Every change of the claim's status or note, oldest first (desks saved before there
    was a history start with the changes made since)."""

    @property
    def status_name(self) -> str:
        """The status as the history and the CSV name it: confirmed, disputed or untagged."""
        return UNTAGGED if self.status is None else self.status.value

    @property
    def key(self) -> tuple[str, int, int]:
        """(article id, start, end): the claim the tag sits on."""
        return (self.article_id, self.start, self.end)

    def to_doc(self) -> dict[str, Any]:
        """The tag as a TinyDB document."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "status": None if self.status is None else self.status.value,
            "note": self.note,
            "analyst": self.analyst,
            "updated_at": self.updated_at,
            "anchor": self.anchor,
            "old_quote": self.old_quote,
            "history": [list(change) for change in self.history],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Tag:
        """Read a tag back from its document; ValueError if the document is not a tag."""
        # Called once per stored tag when a desk opens, so the checks are inlined: with
        # generator-based checks a 100k-tag desk took noticeably longer to open.
        try:
            tag = cls(
                doc["id"],
                doc["article_id"],
                doc["start"],
                doc["end"],
                doc["quote"],
                doc.get("prefix", ""),
                doc.get("suffix", ""),
                _STATUS_BY_VALUE[doc["status"]],
                doc.get("note", ""),
                doc.get("analyst", ""),
                doc.get("updated_at", ""),
                doc.get("anchor", "exact"),
                doc.get("old_quote"),
                parse_history(doc.get("history")),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a tag: missing or bad field {exc}") from exc
        if not (
            type(tag.id) is str
            and type(tag.article_id) is str
            and type(tag.quote) is str
            and type(tag.prefix) is str
            and type(tag.suffix) is str
            and type(tag.note) is str
            and type(tag.analyst) is str
            and type(tag.updated_at) is str
            and type(tag.anchor) is str
            and (tag.old_quote is None or type(tag.old_quote) is str)
        ):
            raise ValueError("not a tag: a text field is not a string")
        if not (type(tag.start) is int and type(tag.end) is int):
            raise ValueError("not a tag: start/end are not integers")
        return tag


_STATUS_BY_VALUE: dict[str | None, ClaimStatus | None] = {None: None} | {
    s.value: s for s in ClaimStatus
}


@dataclass(frozen=True, slots=True)
class Link:
    """The analyst's note that a claim of one article is evidence for or against another's."""

    id: str
    """Short stable id."""

    tag_a: str
    """`Tag.id` of the claim the analyst was on; ids, not offsets, so a link follows its tags
    when they are re-anchored."""

    tag_b: str
    """`Tag.id` of the claim it was linked with."""

    relation: LinkRelation
    """"corroborates" or "contradicts"."""

    analyst: str
    """Who made the link."""

    created_at: str
    """When, ISO 8601 in UTC."""

    def other(self, tag_id: str) -> str:
        """The id of the end that is not `tag_id`."""
        return self.tag_b if tag_id == self.tag_a else self.tag_a

    def to_doc(self) -> dict[str, Any]:
        """The link as a TinyDB document."""
        return {
            "id": self.id,
            "tag_a": self.tag_a,
            "tag_b": self.tag_b,
            "relation": self.relation,
            "analyst": self.analyst,
            "created_at": self.created_at,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Link:
        """Read a link back from its document; ValueError if the document is not a link."""
        try:
            values = [doc[name] for name in ("id", "tag_a", "tag_b", "relation")]
        except KeyError as exc:
            raise ValueError(f"not a link: missing field {exc}") from exc
        values += [doc.get("analyst", ""), doc.get("created_at", "")]
        if not all(type(value) is str for value in values):
            raise ValueError("not a link: a field is not a string")
        if values[3] not in _RELATIONS:
            raise ValueError(f"not a link: unknown relation {values[3]!r}")
        return cls(*values)


@dataclass(frozen=True, slots=True)
class ReanchorReport:
    """What became of an article's tags when they were moved onto a new version of it."""

    old_article_id: str
    """The article the tags were made on."""

    new_article_id: str
    """The new version they were re-anchored into."""

    exact: tuple[Tag, ...]
    """Tags found unchanged at their old offsets, now on the new article."""

    moved: tuple[Tag, ...]
    """Tags found elsewhere or in new wording, now on the new article (`old_quote` is set
    when the wording changed)."""

    orphans: tuple[Tag, ...]
    """Tags whose claim the new version no longer holds, or whose new place another tag
    already took; they stay on the old article, anchor "orphan"."""

    @property
    def counts(self) -> dict[str, int]:
        """How many tags ended "exact", "moved" and "orphan"."""
        return {"exact": len(self.exact), "moved": len(self.moved), "orphan": len(self.orphans)}


@dataclass(frozen=True, slots=True)
class Step:
    """A change undone or redone, as the analyst is told of it."""

    what: str
    """What the step did, in words: "confirmed → untagged", "note", "link", "merge"."""

    kind: str
    """"tag" (a status or note), "link", "decision" (a merge, split or alias), "anchor"
    (re-anchoring, re-attaching or discarding a tag)."""

    key: tuple[str, int, int] | None
    """(article id, start, end) of the claim it changed, when it changed one claim."""

    tag: Tag | None
    """That claim's tag now (None if it has none, or the step was not about one claim)."""


@dataclass(frozen=True, slots=True)
class _Step:
    forward: str
    backward: str
    kind: str
    key: _ClaimKey | None = None


_STEP_BY_TABLE = {
    _LINKS: ("link", "link"),
    _MERGES: ("merge", "decision"),
    _SPLITS: ("split", "decision"),
    _ALIASES: ("alias", "decision"),
}


def _step_of(ops: list[_Op]) -> _Step:
    """A change that is not one claim's status or note, named by the table it touches."""
    for table, _, _ in ops:
        if table in _STEP_BY_TABLE:
            what, kind = _STEP_BY_TABLE[table]
            return _Step(what, what, kind)
    return _Step("tag change", "tag change", "anchor")


def _changes(before: Tag, after: Tag, analyst: str, at: str) -> tuple[ClaimChange, ...]:
    """The history entries of a change from `before` to `after`."""
    changes = []
    if before.status != after.status:
        changes.append(ClaimChange(analyst, at, "status", before.status_name, after.status_name))
    if before.note != after.note:
        changes.append(ClaimChange(analyst, at, "note", before.note, after.note))
    return tuple(changes)


def _tag_step(key: _ClaimKey, changes: tuple[ClaimChange, ...]) -> _Step:
    """How undo and redo name a change of a claim's status or note."""
    forward, backward = [], []
    for change in changes:
        if change.field == "status":
            forward.append(f"{change.before} → {change.after}")
            backward.append(f"{change.after} → {change.before}")
        else:
            forward.append("note")
            backward.append("note")
    return _Step(", ".join(forward), ", ".join(backward), "tag", key)


class _HasToDict(Protocol):
    def to_dict(self) -> Mapping[str, Any]: ...


def _plain(decision: Mapping[str, Any] | _HasToDict, names: tuple[str, ...]) -> dict[str, str]:
    """A decision as the plain dict stored for it; ValueError if a field is missing or blank."""
    data = decision if isinstance(decision, Mapping) else decision.to_dict()
    plain: dict[str, str] = {}
    for name in names:
        value = data.get(name)
        if type(value) is not str or not value.strip():
            raise ValueError(f"{name} must be a non-empty string, not {value!r}")
        plain[name] = value
    return plain


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _lock_desk(db: Path) -> int:
    """Lock the sidecar `<db>.lock` and write our PID in it; return its descriptor."""
    # The db file itself is replaced by rename on every save, so a lock on it would be a lock
    # on a file that no longer exists; the sidecar is never replaced.
    lock_path = db.with_name(db.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DeskWriteError(
            f"cannot open desk {db}: its lock file {lock_path} cannot be created ({exc.strerror})"
        ) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        try:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        finally:
            os.close(fd)
        raise DeskLockedError(
            f"desk {db} is already open in another newsdesk (PID {holder}); "
            "close that one first, or open another desk"
        ) from None
    except OSError as exc:
        os.close(fd)
        raise DeskError(f"cannot lock desk {db} ({exc.strerror})") from exc
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


def _unlock_desk(fd: int) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class Desk:
    """The saved tags, notes, links and entity decisions of one analyst's desk, on any storage.

    Changes are made one at a time (the TUI makes them from a single writer thread) and each
    returns only once it is on disk, as one save: a change that touches several documents (a
    link and the tags it creates, a re-anchored article) is saved whole or not at all. Every
    change can be undone, newest first, for as long as the desk stays open. Reads may come
    from any thread.
    """

    def __init__(self, storage: Storage, *, path: Path | None = None) -> None:
        self._storage = storage
        self.path = path
        """The desk file, or None for a desk in memory."""
        self._lock_fd: int | None = None
        # Readers take _view_lock only briefly; a change holds _change_lock across the disk
        # write so that the UI thread never waits for an fsync to read tags.
        self._view_lock = threading.Lock()
        self._change_lock = threading.RLock()
        self._raw: dict[str, dict[str, Any]] = {}
        # Tags by document id, in the order first stored; the other two maps find them.
        self._tags: dict[str, Tag] = {}
        self._tag_docs: dict[_ClaimKey, str] = {}
        self._tag_docs_by_id: dict[str, str] = {}
        self._links: dict[str, Link] = {}
        self._link_docs: dict[str, str] = {}
        self._decisions: dict[str, dict[str, dict[str, str]]] = {
            table: {} for table in _DECISION_FIELDS
        }
        self._articles: dict[str, dict[str, Any]] = {}
        self._article_docs: dict[str, str] = {}
        self._next_doc: dict[str, int] = {}
        # Each entry: the changes that put the documents back, what undo() returns, and the
        # change in words. Redo holds the changes an undo took back, newest last.
        self._undo: list[tuple[list[_Op], Tag | None, _Step]] = []
        self._redo: list[tuple[list[_Op], Tag | None, _Step]] = []
        self._closed = False
        self._load()

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, lock: bool = True) -> Desk:
        """Open the desk file at `path`, creating it (and its folder) if missing."""
        db = Path(path)
        try:
            db.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskWriteError(f"cannot create the folder for desk {db}: {exc.strerror}") from exc
        lock_fd = _lock_desk(db) if lock else None
        try:
            storage = AtomicJSONStorage(db)
            if lock_fd is not None:
                storage.remove_stale_temporaries()
            desk = cls(storage, path=db)
        except BaseException:
            if lock_fd is not None:
                _unlock_desk(lock_fd)
            raise
        desk._lock_fd = lock_fd
        return desk

    @classmethod
    def in_memory(cls) -> Desk:
        """A desk that lives only as long as the process."""
        return cls(MemoryStorage())  # type: ignore[no-untyped-call]

    # -- loading --------------------------------------------------------------------------

    @property
    def _where(self) -> str:
        return f"desk {self.path}" if self.path is not None else "the in-memory desk"

    def _refuse_corrupt(self, why: str) -> NoReturn:
        if self.path is None or not self.path.exists():
            raise DeskCorruptError(f"cannot open {self._where}: {why}")
        try:
            backup = keep_corrupt_copy(self.path)
        except OSError as exc:
            where = f"no backup copy could be written ({exc.strerror})"
        else:
            where = f"a copy was saved as {backup}"
        raise DeskCorruptError(
            f"cannot open {self._where}: {why}. The file was left untouched; {where}."
        )

    def _load(self) -> None:
        data = self._storage.read()
        if data is None:
            data = {}
        fresh = _META not in data
        if fresh:
            if any(table for table in data.values()):
                self._refuse_corrupt("it holds TinyDB tables but no newsdesk schema version")
            data[_META] = {"1": {"schema": SCHEMA}}
        meta: dict[str, Any] = next(iter(data[_META].values()), {})
        schema = meta.get("schema")
        if type(schema) is not int:
            self._refuse_corrupt(f"its schema version {schema!r} is not a number")
        if schema > SCHEMA:
            raise DeskVersionError(
                f"cannot open {self._where}: it was saved by a newer newsdesk (desk schema "
                f"{schema}, this version reads up to {SCHEMA}); upgrade newsdesk to open it"
            )
        for name in (_TAGS, _ARTICLES, _LINKS, *_DECISION_FIELDS):
            data.setdefault(name, {})
        for name, table in data.items():
            try:
                self._next_doc[name] = max(map(int, table), default=0) + 1
            except ValueError:
                self._refuse_corrupt(f"table {name!r} has a document id that is not a number")
        for doc_id, doc in data[_TAGS].items():
            try:
                tag = Tag.from_doc(doc)
            except ValueError as exc:
                self._refuse_corrupt(f"tag document {doc_id} is damaged ({exc})")
            self._tags[doc_id] = tag
            self._tag_docs[(tag.article_id, tag.start, tag.end)] = doc_id
            self._tag_docs_by_id[tag.id] = doc_id
        for doc_id, doc in data[_ARTICLES].items():
            article_id = doc.get("id")
            if not isinstance(article_id, str):
                self._refuse_corrupt(f"article document {doc_id} has no id")
            self._articles[article_id] = dict(doc)
            self._article_docs[article_id] = doc_id
        for name in (_LINKS, *_DECISION_FIELDS):
            for doc_id, doc in data[name].items():
                try:
                    self._index(name, doc_id, doc)
                except ValueError as exc:
                    self._refuse_corrupt(f"{name} document {doc_id} is damaged ({exc})")
        self._raw = data
        if fresh:
            self._save()

    # -- saving ---------------------------------------------------------------------------

    def _save(self) -> None:
        try:
            self._storage.write(self._raw)
        except DeskError:
            raise
        except OSError as exc:
            raise DeskWriteError(
                f"could not save {self._where}: {exc.strerror or exc}; the change was not saved"
            ) from exc

    def _check_open(self) -> None:
        if self._closed:
            raise DeskError(f"{self._where} is closed")

    def _new_doc_id(self, table: str) -> str:
        doc_id = str(self._next_doc[table])
        self._next_doc[table] += 1
        return doc_id

    def _commit(self, ops: list[_Op]) -> list[_Op]:
        """Apply `ops` and save them as one write; return the ops that would undo them.

        If saving fails nothing changes, in memory or on disk.
        """
        undo: list[_Op] = []
        for table_name, doc_id, doc in ops:
            table = self._raw[table_name]
            undo.append((table_name, doc_id, table.get(doc_id)))
            if doc is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = doc
        try:
            self._save()
        except BaseException:
            for table_name, doc_id, before in reversed(undo):
                if before is None:
                    self._raw[table_name].pop(doc_id, None)
                else:
                    self._raw[table_name][doc_id] = before
            raise
        with self._view_lock:
            for table_name, doc_id, doc in ops:
                self._index(table_name, doc_id, doc)
        undo.reverse()
        return undo

    def _index(self, table: str, doc_id: str, doc: dict[str, Any] | None) -> None:
        """Bring the in-memory views in line with one stored document (None: deleted)."""
        if table == _TAGS:
            old = self._tags.get(doc_id)
            if old is not None:
                if self._tag_docs.get(old.key) == doc_id:
                    del self._tag_docs[old.key]
                if self._tag_docs_by_id.get(old.id) == doc_id:
                    del self._tag_docs_by_id[old.id]
            if doc is None:
                self._tags.pop(doc_id, None)
                return
            tag = Tag.from_doc(doc)
            self._tags[doc_id] = tag  # an existing tag keeps its place in the order
            self._tag_docs[tag.key] = doc_id
            self._tag_docs_by_id[tag.id] = doc_id
        elif table == _LINKS:
            old_link = self._links.pop(doc_id, None)
            if old_link is not None and self._link_docs.get(old_link.id) == doc_id:
                del self._link_docs[old_link.id]
            if doc is not None:
                link = Link.from_doc(doc)
                self._links[doc_id] = link
                self._link_docs[link.id] = doc_id
        elif table == _ARTICLES:
            if doc is None:
                return
            self._articles[doc["id"]] = dict(doc)
            self._article_docs[doc["id"]] = doc_id
        elif table in self._decisions:
            decisions = self._decisions[table]
            if doc is None:
                decisions.pop(doc_id, None)
            else:
                decisions[doc_id] = _plain(doc, _DECISION_FIELDS[table])

    def _apply(self, ops: list[_Op], returns: Tag | None = None, step: _Step | None = None) -> None:
        """Save `ops` and remember how to undo them; `returns` is what undo() will give."""
        if ops:
            self._remember(self._commit(ops), returns, step or _step_of(ops))

    def _remember(self, undo: list[_Op], returns: Tag | None, step: _Step) -> None:
        # A new change ends what could be redone: redoing past it would overwrite it.
        self._undo.append((undo, returns, step))
        self._redo.clear()

    # -- tags -----------------------------------------------------------------------------

    def set_status(
        self,
        claim: Claim,
        status: ClaimStatus | None,
        analyst: str,
        *,
        prefix: str = "",
        suffix: str = "",
    ) -> Tag | None:
        """Mark a claim confirmed, disputed, or neither (None); return what is now stored."""
        status = None if status is None else ClaimStatus(status)
        return self._change(claim, analyst, prefix, suffix, status=status)

    def set_note(
        self,
        claim: Claim,
        note: str,
        analyst: str,
        *,
        prefix: str = "",
        suffix: str = "",
    ) -> Tag | None:
        """Set the note on a claim ("" removes it); return what is now stored."""
        return self._change(claim, analyst, prefix, suffix, note=note)

    def _change(
        self, claim: Claim, analyst: str, prefix: str, suffix: str, **change: Any
    ) -> Tag | None:
        with self._change_lock:
            self._check_open()
            key = (claim.article_id, claim.start, claim.end)
            doc_id = self._tag_docs.get(key)
            before = None if doc_id is None else self._tags[doc_id]
            now = _now()
            if before is None:
                before_view = Tag("", *key, claim.text, "", "", None, "", "", "")
                after = Tag(
                    id=uuid.uuid4().hex[:12],
                    article_id=claim.article_id,
                    start=claim.start,
                    end=claim.end,
                    quote=claim.text,
                    prefix=prefix,
                    suffix=suffix,
                    status=change.get("status"),
                    note=change.get("note", ""),
                    analyst=analyst,
                    updated_at=now,
                )
            else:
                if all(getattr(before, name) == value for name, value in change.items()):
                    return before
                before_view = before
                after = replace(
                    before,
                    quote=claim.text,
                    prefix=prefix or before.prefix,
                    suffix=suffix or before.suffix,
                    analyst=analyst,
                    updated_at=now,
                    **change,
                )
            changes = _changes(before_view, after, analyst, now)
            after = replace(after, history=before_view.history + changes)
            step = _tag_step(key, changes)
            if self._is_empty(after):
                # Only tagged, noted or linked claims are stored; an emptied tag is removed.
                if doc_id is None:
                    return None
                self._apply([(_TAGS, doc_id, None)], before, step)
                return None
            self._apply([(_TAGS, doc_id or self._new_doc_id(_TAGS), after.to_doc())], before, step)
            return after

    def _is_empty(self, tag: Tag, *, ignoring: frozenset[str] = frozenset()) -> bool:
        """True if `tag` has nothing left worth storing (links in `ignoring` do not count)."""
        if tag.status is not None or tag.note.strip():
            return False
        return not any(
            tag.id in (link.tag_a, link.tag_b)
            for link in self._links.values()
            if link.id not in ignoring
        )

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
        return self._step_back(self._undo, self._redo, undoing=True)

    def redo_step(self) -> Step | None:
        """Make the last undone change again; say what was redone (None: nothing to redo)."""
        return self._step_back(self._redo, self._undo, undoing=False)

    def _step_back(
        self,
        source: list[tuple[list[_Op], Tag | None, _Step]],
        target: list[tuple[list[_Op], Tag | None, _Step]],
        *,
        undoing: bool,
    ) -> Step | None:
        with self._change_lock:
            self._check_open()
            if not source:
                return None
            ops, returns, step = source.pop()
            current = self._tag_on(step.key)
            try:
                inverse = self._commit(ops)
            except BaseException:
                source.append((ops, returns, step))
                raise
            target.append((inverse, current, step))
            what = step.backward if undoing else step.forward
            return Step(what, step.kind, step.key, self._tag_on(step.key))

    def _tag_on(self, key: _ClaimKey | None) -> Tag | None:
        doc_id = None if key is None else self._tag_docs.get(key)
        return None if doc_id is None else self._tags[doc_id]

    def remember_article(self, article: Article) -> None:
        """Keep an article's title, date, path and source (never its text) in the desk."""
        with self._change_lock:
            self._check_open()
            op = self._article_op(article)
            if op is not None:
                self._commit([op])

    def _article_op(self, article: Article) -> _Op | None:
        info = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "path": article.path,
            "source": article.source,
        }
        if self._articles.get(article.id) == info:
            return None
        return (_ARTICLES, self._article_docs.get(article.id) or self._new_doc_id(_ARTICLES), info)

    # -- links ----------------------------------------------------------------------------

    def link_claims(
        self,
        claim_a: Claim,
        claim_b: Claim,
        relation: LinkRelation,
        analyst: str,
        *,
        prefix_a: str = "",
        suffix_a: str = "",
        prefix_b: str = "",
        suffix_b: str = "",
    ) -> Link:
        """Link two claims as corroborating or contradicting evidence; return the link.

        A claim with no tag yet gets one with no status and no note, kept for the link. Two
        claims have at most one link: linking them again changes its relation.
        """
        if relation not in _RELATIONS:
            raise ValueError(f"relation must be one of {_RELATIONS}, not {relation!r}")
        key_a = (claim_a.article_id, claim_a.start, claim_a.end)
        key_b = (claim_b.article_id, claim_b.start, claim_b.end)
        if key_a == key_b:
            raise ValueError("a claim cannot be linked with itself")
        with self._change_lock:
            self._check_open()
            ops: list[_Op] = []
            ends: list[str] = []
            for claim, key, prefix, suffix in (
                (claim_a, key_a, prefix_a, suffix_a),
                (claim_b, key_b, prefix_b, suffix_b),
            ):
                doc_id = self._tag_docs.get(key)
                if doc_id is not None:
                    ends.append(self._tags[doc_id].id)
                    continue
                tag = Tag(
                    id=uuid.uuid4().hex[:12],
                    article_id=claim.article_id,
                    start=claim.start,
                    end=claim.end,
                    quote=claim.text,
                    prefix=prefix,
                    suffix=suffix,
                    status=None,
                    note="",
                    analyst=analyst,
                    updated_at=_now(),
                )
                ops.append((_TAGS, self._new_doc_id(_TAGS), tag.to_doc()))
                ends.append(tag.id)
            pair = {ends[0], ends[1]}
            existing = next(
                (
                    (doc_id, link)
                    for doc_id, link in self._links.items()
                    if {link.tag_a, link.tag_b} == pair
                ),
                None,
            )
            if existing is not None and existing[1].relation == relation:
                return existing[1]
            if existing is not None:
                doc_id = existing[0]
                link = replace(existing[1], relation=relation, analyst=analyst, created_at=_now())
            else:
                doc_id = self._new_doc_id(_LINKS)
                link = Link(uuid.uuid4().hex[:12], ends[0], ends[1], relation, analyst, _now())
            ops.append((_LINKS, doc_id, link.to_doc()))
            self._apply(ops)
            return link

    def unlink(self, link_id: str) -> Link | None:
        """Remove a link; return it, or None if there is no such link.

        A tag kept only for this link goes with it.
        """
        with self._change_lock:
            self._check_open()
            doc_id = self._link_docs.get(link_id)
            if doc_id is None:
                return None
            link = self._links[doc_id]
            ops: list[_Op] = [(_LINKS, doc_id, None)]
            ops += self._emptied_tag_ops((link.tag_a, link.tag_b), frozenset({link_id}))
            self._apply(ops, step=_Step("unlink", "unlink", "link"))
            return link

    def _emptied_tag_ops(self, tag_ids: tuple[str, ...], gone: frozenset[str]) -> list[_Op]:
        """Deletions of the tags among `tag_ids` left with nothing once the `gone` links go."""
        ops: list[_Op] = []
        for tag_id in dict.fromkeys(tag_ids):
            doc_id = self._tag_docs_by_id.get(tag_id)
            if doc_id is not None and self._is_empty(self._tags[doc_id], ignoring=gone):
                ops.append((_TAGS, doc_id, None))
        return ops

    def links(self) -> list[Link]:
        """Every link, in the order made."""
        with self._view_lock:
            return list(self._links.values())

    def links_of(self, article_id: str, start: int, end: int) -> list[Link]:
        """The links of the claim at start..end of an article, in the order made."""
        with self._view_lock:
            doc_id = self._tag_docs.get((article_id, start, end))
            if doc_id is None:
                return []
            tag_id = self._tags[doc_id].id
            return [link for link in self._links.values() if tag_id in (link.tag_a, link.tag_b)]

    # -- entity decisions and aliases -----------------------------------------------------

    def _add_decision(self, table: str, decision: dict[str, str], same: set[str]) -> None:
        with self._change_lock:
            self._check_open()
            for stored in self._decisions[table].values():
                if set(stored.values()) == same and stored.keys() == decision.keys():
                    return
            self._apply([(table, self._new_doc_id(table), decision)])

    def add_merge(self, decision: Mapping[str, Any] | _HasToDict) -> dict[str, str]:
        """Store the analyst's call that two entities are one (a MergeDecision or its dict,
        with "key_a" and "key_b"); return the stored dict. The same pair is stored once."""
        plain = _plain(decision, _DECISION_FIELDS[_MERGES])
        if plain["key_a"] == plain["key_b"]:
            raise ValueError(f"an entity cannot be merged with itself ({plain['key_a']!r})")
        self._add_decision(_MERGES, plain, {plain["key_a"], plain["key_b"]})
        return plain

    def add_split(self, decision: Mapping[str, Any] | _HasToDict) -> dict[str, str]:
        """Store the analyst's call that a spelling names something else (a SplitDecision or
        its dict, with "entity_key" and "text"); return the stored dict."""
        plain = _plain(decision, _DECISION_FIELDS[_SPLITS])
        with self._change_lock:
            self._check_open()
            if plain not in self._decisions[_SPLITS].values():
                self._apply([(_SPLITS, self._new_doc_id(_SPLITS), plain)])
        return plain

    def add_alias(self, canonical: str, alias: str) -> None:
        """Store that `alias` is another name for `canonical` (feeds `with_aliases`)."""
        plain = _plain({"canonical": canonical, "alias": alias}, _DECISION_FIELDS[_ALIASES])
        if canonical == alias:
            raise ValueError(f"{alias!r} cannot be an alias of itself")
        with self._change_lock:
            self._check_open()
            if plain not in self._decisions[_ALIASES].values():
                self._apply([(_ALIASES, self._new_doc_id(_ALIASES), plain)])

    def merges(self) -> list[dict[str, str]]:
        """Every stored merge decision ({"key_a", "key_b"}), oldest first."""
        return self._decision_list(_MERGES)

    def splits(self) -> list[dict[str, str]]:
        """Every stored split decision ({"entity_key", "text"}), oldest first."""
        return self._decision_list(_SPLITS)

    def aliases(self) -> dict[str, list[str]]:
        """The analyst's aliases, canonical name -> other names, in the order added."""
        table: dict[str, list[str]] = {}
        for entry in self._decision_list(_ALIASES):
            table.setdefault(entry["canonical"], []).append(entry["alias"])
        return table

    def _decision_list(self, table: str) -> list[dict[str, str]]:
        with self._view_lock:
            # By document id: an undone removal puts a decision back in its old place.
            stored = sorted(self._decisions[table].items(), key=lambda item: int(item[0]))
            return [dict(decision) for _, decision in stored]

    # -- re-anchoring ---------------------------------------------------------------------

    def reanchor_article(
        self, old_article_id: str, new_article: Article, *, threshold: float = DEFAULT_THRESHOLD
    ) -> ReanchorReport:
        """Move every tag of an article onto a new version of its text.

        Each tag is looked for in `new_article.text` by its quote, prefix, suffix and offsets
        (`annotations.anchoring.reanchor_all`). A tag found gets the new article id, offsets,
        quote and context, anchor "exact" or "moved", and `old_quote` (the quote as first
        tagged) if the wording changed. A tag not found, or whose new place another tag
        already holds, stays where it was with anchor "orphan": it is never attached to
        another claim. Status, note, analyst and links are kept. The new article is
        remembered. One save, one undo.
        """
        with self._change_lock:
            self._check_open()
            olds = [(d, t) for d, t in self._tags.items() if t.article_id == old_article_id]
            anchorings = reanchor_all(
                [Selector(t.quote, t.prefix, t.suffix, t.start, t.end) for _, t in olds],
                new_article.text,
                threshold=threshold,
            )
            taken = set(self._tag_docs) - {tag.key for _, tag in olds}
            # Exact finds first, then the surest moves: they have the best claim to a place.
            order = sorted(
                range(len(olds)),
                key=lambda i: (anchorings[i].status != "exact", -anchorings[i].score, i),
            )
            placed: dict[int, Tag] = {}
            text = new_article.text
            for i in order:
                found, (_, tag) = anchorings[i], olds[i]
                start, end = found.start, found.end
                if start is None or end is None or (new_article.id, start, end) in taken:
                    placed[i] = tag if tag.anchor == "orphan" else replace(tag, anchor="orphan")
                    continue
                taken.add((new_article.id, start, end))
                quote = text[start:end]
                placed[i] = replace(
                    tag,
                    article_id=new_article.id,
                    start=start,
                    end=end,
                    quote=quote,
                    prefix=text[max(0, start - CONTEXT_CHARS) : start],
                    suffix=text[end : end + CONTEXT_CHARS],
                    anchor=found.status,
                    old_quote=(tag.old_quote or tag.quote) if quote != tag.quote else tag.old_quote,
                )
            ops: list[_Op] = [
                (_TAGS, doc_id, placed[i].to_doc())
                for i, (doc_id, tag) in enumerate(olds)
                if placed[i] != tag
            ]
            article_op = self._article_op(new_article)
            if article_op is not None:
                ops.append(article_op)
            if ops:
                undo = self._commit(ops)
                # Remembering an article is not a change the analyst undoes (as elsewhere).
                undo = [op for op in undo if op[0] != _ARTICLES]
                if undo:
                    self._remember(undo, None, _Step("re-anchoring", "re-anchoring", "anchor"))
            results = [placed[i] for i in range(len(olds))]
            return ReanchorReport(
                old_article_id=old_article_id,
                new_article_id=new_article.id,
                exact=tuple(t for t in results if t.anchor == "exact"),
                moved=tuple(t for t in results if t.anchor == "moved"),
                orphans=tuple(t for t in results if t.anchor == "orphan"),
            )

    def orphans(self) -> list[Tag]:
        """Tags a new version of their article no longer holds, waiting for the analyst."""
        with self._view_lock:
            return [tag for tag in self._tags.values() if tag.anchor == "orphan"]

    def reattach(
        self,
        tag_id: str,
        claim: Claim,
        *,
        prefix: str = "",
        suffix: str = "",
    ) -> Tag:
        """Attach a tag (usually an orphan) to the claim the analyst picked; anchor "moved".

        KeyError if there is no such tag; ValueError if another tag is on that claim.
        """
        with self._change_lock:
            self._check_open()
            doc_id = self._tag_docs_by_id.get(tag_id)
            if doc_id is None:
                raise KeyError(f"no tag {tag_id!r} on this desk")
            tag = self._tags[doc_id]
            key = (claim.article_id, claim.start, claim.end)
            holder = self._tag_docs.get(key)
            if holder is not None and holder != doc_id:
                raise ValueError(
                    f"the claim at {claim.start}..{claim.end} already has tag "
                    f"{self._tags[holder].id}; discard one of them first"
                )
            after = replace(
                tag,
                article_id=claim.article_id,
                start=claim.start,
                end=claim.end,
                quote=claim.text,
                prefix=prefix,
                suffix=suffix,
                anchor="moved",
                old_quote=(tag.old_quote or tag.quote)
                if claim.text != tag.quote
                else tag.old_quote,
            )
            if after != tag:
                self._apply(
                    [(_TAGS, doc_id, after.to_doc())],
                    step=_Step("re-attach", "re-attach", "anchor", key),
                )
            return after

    def discard(self, tag_id: str) -> Tag | None:
        """Delete a tag and its links (an orphan the analyst gave up on); return it, or None.

        A tag at the other end of a link that was kept only for that link goes too.
        """
        with self._change_lock:
            self._check_open()
            doc_id = self._tag_docs_by_id.get(tag_id)
            if doc_id is None:
                return None
            tag = self._tags[doc_id]
            ops: list[_Op] = [(_TAGS, doc_id, None)]
            gone = [
                (d, link) for d, link in self._links.items() if tag_id in (link.tag_a, link.tag_b)
            ]
            ops += [(_LINKS, d, None) for d, _ in gone]
            others = tuple(link.other(tag_id) for _, link in gone)
            ops += self._emptied_tag_ops(others, frozenset(link.id for _, link in gone))
            self._apply(ops, step=_Step("discard", "discard", "anchor", tag.key))
            return tag

    # -- reading --------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """Every stored tag (tagged, noted or linked claims), in the order first stored."""
        with self._view_lock:
            return list(self._tags.values())

    def tag_at(self, article_id: str, start: int, end: int) -> Tag | None:
        """The tag on the claim at start..end of an article, if it has one."""
        with self._view_lock:
            doc_id = self._tag_docs.get((article_id, start, end))
            return None if doc_id is None else self._tags[doc_id]

    def tag_by_id(self, tag_id: str) -> Tag | None:
        """The tag with this id (a link's end, say), if it is still stored."""
        with self._view_lock:
            doc_id = self._tag_docs_by_id.get(tag_id)
            return None if doc_id is None else self._tags[doc_id]

    def article_info(self, article_id: str) -> dict[str, Any] | None:
        """The remembered id, title, date, path and source of an article, if any."""
        with self._view_lock:
            info = self._articles.get(article_id)
            return None if info is None else dict(info)

    def articles(self) -> list[dict[str, Any]]:
        """Every remembered article's metadata, in the order they were first remembered."""
        with self._view_lock:
            return [dict(info) for info in self._articles.values()]

    def counts(self) -> dict[str, int]:
        """How many claims carry each status, plus "noted": claims with a note and no status.

        Tags kept only for their links are in neither.
        """
        result = {status.value: 0 for status in ClaimStatus}
        result["noted"] = 0
        with self._view_lock:
            for tag in self._tags.values():
                if tag.status is not None:
                    result[tag.status.value] += 1
                elif tag.note.strip():
                    result["noted"] += 1
        return result

    # -- closing --------------------------------------------------------------------------

    def close(self) -> None:
        """Release the desk (and its lock); every change is already on disk."""
        with self._change_lock:
            if self._closed:
                return
            self._closed = True
            self._storage.close()
            if self._lock_fd is not None:
                _unlock_desk(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> Desk:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
