"""The desk: every claim the analyst has tagged or noted, saved the moment it changes."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from tinydb.storages import MemoryStorage, Storage

from annotations.claim_history import StepName, changes_between
from annotations.files import FileLock, LockHeldError, describe_os_error
from annotations.journal import JournalStorage
from annotations.storage import (
    DeskConflictError,
    DeskCorruptError,
    DeskError,
    DeskLockedError,
    DeskVersionError,
    DeskWriteError,
    refuse_corrupt,
)
from annotations.tags import (
    RELATIONS,
    ClaimKey,
    ClaimStatus,
    Link,
    LinkRelation,
    Selector,
    Tag,
    claim_key,
)
from annotations.team.verdicts import in_conflict, resolution

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
    "Selector",
    "Step",
    "Tag",
]

SCHEMA = 1
"""The desk layout this version writes; a desk with a higher number is refused, not guessed at.

Links, entity and figures-board decisions and aliases live in tables of their own that older
desks simply lack, so adding them did not change the layout of anything already stored: still
schema 1.
"""

_TAGS = "tags"
_ARTICLES = "articles"
_META = "meta"
_LINKS = "links"
_MERGES = "merges"
_SPLITS = "splits"
_ALIASES = "aliases"
_POSITION = "position"
"""Field of an article document: where the analyst left off reading it (a text offset)."""
_SET = "set_by_analyst"
"""Field of an article document: the title, source and date the analyst gave it."""
_FIGURE_MERGES = "figure_merges"
_FIGURE_SPLITS = "figure_splits"
_DECISION_FIELDS = {
    _MERGES: ("key_a", "key_b"),
    _SPLITS: ("entity_key", "text"),
    _FIGURE_MERGES: ("figure_a", "figure_b"),
    _FIGURE_SPLITS: ("figure",),
    _ALIASES: ("canonical", "alias"),
}

_Op = tuple[str, str, dict[str, Any] | None]
"""One stored change: (table, document id, new document or None to delete it)."""

_Undoable = tuple[list[_Op], Tag | None, StepName]
"""A change undo or redo can take back: the changes that put the documents back, what
undo() returns, and the change in words."""

_NAME_BY_TABLE = {
    _LINKS: StepName.plain("link", "link"),
    _MERGES: StepName.plain("merge", "decision"),
    _SPLITS: StepName.plain("split", "decision"),
    _ALIASES: StepName.plain("alias", "decision"),
}


def _name_of(ops: list[_Op]) -> StepName:
    """The name of a change that is not one claim's status or note, by the table it touches."""
    for table, _, _ in ops:
        if table in _NAME_BY_TABLE:
            return _NAME_BY_TABLE[table]
    return StepName.plain("tag change", "anchor")


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


def _quoted(text: str, limit: int = 60) -> str:
    """A claim as an error message names it: its first words, in quotes, on one line."""
    words = " ".join(text.split())
    return f"“{words if len(words) <= limit else words[: limit - 1] + '…'}”"


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


def _shown(info: Mapping[str, Any]) -> dict[str, Any]:
    """An article's stored details with what the analyst set in place of the inferred ones."""
    shown = {name: value for name, value in info.items() if name != _SET}
    chosen = info.get(_SET)
    if isinstance(chosen, Mapping):
        shown.update({k: v for k, v in chosen.items() if isinstance(v, str) and v})
    return shown


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _placed_on(claim: Claim, prefix: str, suffix: str) -> dict[str, Any]:
    """The fields that tie a tag to `claim`: article, offsets, quote and context."""
    return {
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.text,
        "prefix": prefix,
        "suffix": suffix,
    }


def _new_tag(claim: Claim, analyst: str, prefix: str, suffix: str) -> Tag:
    """A fresh tag on `claim` with no status and no note."""
    return Tag(
        id=uuid.uuid4().hex[:12],
        status=None,
        note="",
        analyst=analyst,
        updated_at=_now(),
        **_placed_on(claim, prefix, suffix),
    )


def _lock_desk(db: Path) -> FileLock:
    """Lock the sidecar `<db>.lock` (never through a link) and write our PID in it."""
    # The db file itself is replaced by rename on every save, so a lock on it would be a lock
    # on a file that no longer exists; the sidecar is never replaced.
    lock_path = db.with_name(db.name + ".lock")
    try:
        return FileLock.acquire(lock_path)
    except LockHeldError as held:
        raise DeskLockedError(
            f"desk {db} is already open in another newsdesk (PID {held.holder}); "
            "close that one first, or open another desk"
        ) from None
    except OSError as exc:
        raise DeskWriteError(
            f"cannot open desk {db}: its lock file {lock_path} cannot be used "
            f"({describe_os_error(exc)})"
        ) from None


class _TagsByDoc:
    """The desk's tags by document id, in the order first stored, built from their documents
    when first read.

    Opening a 100k-tag desk checks every document but builds no Tag: the screen reads the
    few on its articles. Building the same tag twice from two threads is harmless.
    """

    __slots__ = ("_built", "_docs")

    def __init__(self) -> None:
        self._docs: dict[str, dict[str, Any]] = {}
        self._built: dict[str, Tag] = {}

    def load(self, docs: dict[str, dict[str, Any]]) -> None:
        """Take checked documents by id."""
        self._docs = dict(docs)
        self._built = {}

    def put(self, doc_id: str, doc: dict[str, Any], tag: Tag) -> None:
        """Store (or replace, keeping its place) the tag of a document."""
        self._docs[doc_id] = doc
        self._built[doc_id] = tag

    def pop(self, doc_id: str, default: None = None) -> Tag | None:
        tag = self.get(doc_id)
        self._docs.pop(doc_id, None)
        self._built.pop(doc_id, None)
        return tag

    def get(self, doc_id: str) -> Tag | None:
        tag = self._built.get(doc_id)
        if tag is None:
            doc = self._docs.get(doc_id)
            if doc is None:
                return None
            # Every document here was checked when it was loaded or stored.
            tag = self._built[doc_id] = Tag.from_checked_doc(doc)
        return tag

    def __getitem__(self, doc_id: str) -> Tag:
        tag = self.get(doc_id)
        if tag is None:
            raise KeyError(doc_id)
        return tag

    def __len__(self) -> int:
        return len(self._docs)

    def items(self) -> Iterator[tuple[str, Tag]]:
        for doc_id in list(self._docs):
            yield doc_id, self[doc_id]

    def values(self) -> Iterator[Tag]:
        for _, tag in self.items():
            yield tag

    def docs(self) -> list[dict[str, Any]]:
        """The stored documents, without building tags."""
        return list(self._docs.values())


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
        self._lock: FileLock | None = None
        # Readers take _view_lock only briefly; a change holds _change_lock across the disk
        # write so that the UI thread never waits for an fsync to read tags.
        self._view_lock = threading.Lock()
        self._change_lock = threading.RLock()
        self._raw: dict[str, dict[str, Any]] = {}
        # Tags by document id, in the order first stored; the other two maps find them.
        self._tags = _TagsByDoc()
        self._tag_docs: dict[ClaimKey, str] = {}
        self._tag_docs_by_id: dict[str, str] = {}
        self._links: dict[str, Link] = {}
        self._link_docs: dict[str, str] = {}
        self._decisions: dict[str, dict[str, dict[str, str]]] = {
            table: {} for table in _DECISION_FIELDS
        }
        self._articles: dict[str, dict[str, Any]] = {}
        self._article_docs: dict[str, str] = {}
        self._next_doc: dict[str, int] = {}
        # Each entry: the changes that put the documents back, and what undo() returns.
        self._undo: list[_Undoable] = []
        self._redo: list[_Undoable] = []
        self._closed = False
        self._load()

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
        desk_lock = _lock_desk(db) if lock else None
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
        refuse_corrupt(self.path, self._where, why)

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
        check = Tag.check_doc
        tag_docs, tag_docs_by_id = self._tag_docs, self._tag_docs_by_id
        for doc_id, doc in data[_TAGS].items():
            try:
                fields = check(doc)
            except ValueError as exc:
                self._refuse_corrupt(f"tag document {doc_id} is damaged ({exc})")
            tag_docs[fields[1], fields[2], fields[3]] = doc_id
            tag_docs_by_id[fields[0]] = doc_id
        # Checked, but built into Tags only when read: most of a big desk never is.
        self._tags.load(data[_TAGS])
        for doc_id, doc in data[_ARTICLES].items():
            article_id = doc.get("id")
            if not isinstance(article_id, str):
                self._refuse_corrupt(f"article document {doc_id} has no id")
            for field in ("title", "date", "path", "source"):
                if doc.get(field) is not None and type(doc[field]) is not str:
                    self._refuse_corrupt(
                        f"article document {doc_id} is damaged ({field} is not a string)"
                    )
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

    def _save(self, ops: list[_Op] | None = None) -> None:
        """Make the current state durable; `ops` (already applied) is what changed, if known."""
        if self._lock is not None and not self._lock.still_held():
            # The lock file was deleted or replaced while open, so another newsdesk may have
            # taken a new one: take it again, or refuse to write over that one's changes (the
            # storage also refuses if the desk file changed meanwhile).
            assert self.path is not None
            self._lock.release()
            self._lock = None
            try:
                self._lock = _lock_desk(self.path)
            except DeskError as exc:
                raise DeskConflictError(
                    f"could not save desk {self.path}: its lock file was removed and "
                    f"{exc}. The change was not saved."
                ) from None
        try:
            if ops is not None and isinstance(self._storage, JournalStorage):
                self._storage.append(ops)  # the change alone, not the whole desk
            else:
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
            self._save(ops)
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
            self._tags.put(doc_id, doc, tag)  # an existing tag keeps its place in the order
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

    def _apply(
        self, ops: list[_Op], returns: Tag | None = None, name: StepName | None = None
    ) -> None:
        """Save `ops` and remember how to undo them; `returns` is what undo() will give."""
        if ops:
            self._remember(self._commit(ops), returns, name or _name_of(ops))

    def _remember(self, undo: list[_Op], returns: Tag | None, name: StepName) -> None:
        # A new change ends what could be redone: redoing past it would overwrite it.
        self._undo.append((undo, returns, name))
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
            key = claim_key(claim)
            doc_id = self._tag_docs.get(key)
            before = None if doc_id is None else self._tags[doc_id]
            if before is None:
                # A fresh tag stands for the untagged claim it replaces.
                was = _new_tag(claim, analyst, prefix, suffix)
                after = replace(was, **change)
            else:
                # Tagging a claim analysts disagree on settles it, even with the verdict shown.
                settling = "status" in change and in_conflict(before)
                if not settling and all(getattr(before, k) == v for k, v in change.items()):
                    return before
                was = before
                after = replace(
                    before,
                    quote=claim.text,
                    prefix=prefix or before.prefix,
                    suffix=suffix or before.suffix,
                    analyst=analyst,
                    updated_at=_now(),
                    **change,
                )
            changes = changes_between(was, after, analyst, after.updated_at)
            if before is not None and "status" in change:
                settled = resolution(before, analyst, after.updated_at, after.status_name)
                changes += () if settled is None else (settled,)
            after = replace(after, history=was.history + changes)
            name = StepName.of_changes(key, changes)
            if self._is_empty(after):
                # Only tagged, noted or linked claims are stored; an emptied tag is removed.
                if doc_id is None:
                    return None
                self._apply([(_TAGS, doc_id, None)], before, name)
                return None
            self._apply([(_TAGS, doc_id or self._new_doc_id(_TAGS), after.to_doc())], before, name)
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
        return self._take_back(self._undo, self._redo, undoing=True)

    def redo_step(self) -> Step | None:
        """Make the last undone change again; say what was redone (None: nothing to redo).

        A change made after an undo ends what can be redone."""
        return self._take_back(self._redo, self._undo, undoing=False)

    def _take_back(
        self, source: list[_Undoable], target: list[_Undoable], *, undoing: bool
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

    def _tag_on(self, key: ClaimKey | None) -> Tag | None:
        doc_id = None if key is None else self._tag_docs.get(key)
        return None if doc_id is None else self._tags[doc_id]

    def remember_article(self, article: Article) -> None:
        """Keep an article's title, date, path and source (never its text) in the desk."""
        with self._change_lock:
            self._check_open()
            op = self._article_op(article)
            if op is not None:
                self._commit([op])

    def _article_op(self, article: Article, *, keep_from: str | None = None) -> _Op | None:
        info: dict[str, Any] = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "path": article.path,
            "source": article.source,
        }
        # What the analyst set (a title for a hash file name, the outlet, the date) outlives
        # the inferred values, and a new version of the article (`keep_from`) keeps it.
        kept = self._articles.get(article.id) or self._articles.get(keep_from or "") or {}
        if kept.get(_SET):
            info[_SET] = dict(kept[_SET])
        if type(kept.get(_POSITION)) is int and kept is self._articles.get(article.id):
            info[_POSITION] = kept[_POSITION]
        if self._articles.get(article.id) == info:
            return None
        return (_ARTICLES, self._article_docs.get(article.id) or self._new_doc_id(_ARTICLES), info)

    def move_tags(self, tags: Sequence[Tag], article: Article) -> None:
        """Store tags carried onto a new version of their article, and remember that version.

        Each of `tags` replaces the stored tag with its id (`annotations.revisions` decides
        where they land). One save, one undo; remembering the article is not undone. KeyError
        if a tag is not stored; ValueError if two tags would sit on one claim.
        """
        with self._change_lock:
            self._check_open()
            changed: dict[str, Tag] = {}
            for tag in tags:
                doc_id = self._tag_docs_by_id.get(tag.id)
                if doc_id is None:
                    raise KeyError(f"no tag {tag.id!r} on this desk")
                if self._tags[doc_id] != tag:
                    changed[doc_id] = tag
            holders = {key: d for key, d in self._tag_docs.items() if d not in changed}
            for doc_id, tag in changed.items():
                if holders.setdefault(tag.key, doc_id) != doc_id:
                    raise ValueError(f"two tags would sit on the claim at {tag.start}..{tag.end}")
            ops: list[_Op] = [(_TAGS, doc_id, tag.to_doc()) for doc_id, tag in changed.items()]
            olds = [self._tags[d].article_id for d in changed if self._tags[d].article_id]
            article_op = self._article_op(article, keep_from=olds[0] if olds else None)
            if article_op is not None:
                ops.append(article_op)
            if not ops:
                return
            undo = [op for op in self._commit(ops) if op[0] != _ARTICLES]
            if undo:
                self._remember(undo, None, StepName.plain("re-anchoring", "anchor"))

    # -- links ----------------------------------------------------------------------------

    def link_claims(
        self,
        claim_a: Claim,
        claim_b: Claim,
        relation: LinkRelation,
        analyst: str,
        *,
        selector_a: Selector | None = None,
        selector_b: Selector | None = None,
    ) -> Link:
        """Link two claims as corroborating or contradicting evidence; return the link.

        A claim with no tag yet gets one with no status and no note, kept for the link, with
        the prefix and suffix of its selector (`annotations.anchoring.selector_for`) to find
        it again in a new version. Two claims have at most one link: linking them again
        changes its relation.
        """
        if relation not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}, not {relation!r}")
        key_a, key_b = claim_key(claim_a), claim_key(claim_b)
        if key_a == key_b:
            raise ValueError("a claim cannot be linked with itself")
        with self._change_lock:
            self._check_open()
            ops: list[_Op] = []
            ends: list[str] = []
            for claim, key, selector in (
                (claim_a, key_a, selector_a),
                (claim_b, key_b, selector_b),
            ):
                doc_id = self._tag_docs.get(key)
                if doc_id is not None:
                    ends.append(self._tags[doc_id].id)
                    continue
                context = ("", "") if selector is None else (selector.prefix, selector.suffix)
                tag = _new_tag(claim, analyst, *context)
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
            self._apply(ops, name=StepName.plain("unlink", "link"))
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
        return self._add_pair(_MERGES, decision, "an entity")

    def _add_pair(
        self, table: str, decision: Mapping[str, Any] | _HasToDict, what: str
    ) -> dict[str, str]:
        """Store a decision that two things are one, once; never a thing with itself."""
        plain = _plain(decision, _DECISION_FIELDS[table])
        a, b = (plain[name] for name in _DECISION_FIELDS[table])
        if a == b:
            raise ValueError(f"{what} cannot be merged with itself ({a!r})")
        self._add_decision(table, plain, {a, b})
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

    def add_figure_merge(self, decision: Mapping[str, Any] | _HasToDict) -> dict[str, str]:
        """Store the analyst's call that two figures-board rows count one thing (a FigureMerge
        or its dict, with "figure_a" and "figure_b"); return the stored dict."""
        return self._add_pair(_FIGURE_MERGES, decision, "a figure")

    def add_figure_split(self, decision: Mapping[str, Any] | _HasToDict) -> dict[str, str]:
        """Store the analyst's call that a figure does not count what its row counts (a
        FigureSplit or its dict, with "figure"); return the stored dict."""
        plain = _plain(decision, _DECISION_FIELDS[_FIGURE_SPLITS])
        self._add_decision(_FIGURE_SPLITS, plain, {plain["figure"]})
        return plain

    def figure_merges(self) -> list[dict[str, str]]:
        """Every stored figures-board merge ({"figure_a", "figure_b"}), oldest first."""
        return self._decision_list(_FIGURE_MERGES)

    def figure_splits(self) -> list[dict[str, str]]:
        """Every stored figures-board split ({"figure"}), oldest first."""
        return self._decision_list(_FIGURE_SPLITS)

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

    # -- orphans --------------------------------------------------------------------------

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
            key = claim_key(claim)
            holder = self._tag_docs.get(key)
            if holder is not None and holder != doc_id:
                held = self._tags[holder]
                raise ValueError(
                    f"the claim {_quoted(claim.text)} is already {held.status_name}"
                    f"{' with a note' if held.note else ''}; discard the orphan "
                    f"{_quoted(tag.quote)} or clear that claim first"
                )
            after = replace(
                tag,
                **_placed_on(claim, prefix, suffix),
                anchor="moved",
                old_quote=(tag.old_quote or tag.quote)
                if claim.text != tag.quote
                else tag.old_quote,
            )
            if after != tag:
                name = StepName.plain("re-attach", "anchor", after.key)
                self._apply([(_TAGS, doc_id, after.to_doc())], name=name)
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
            self._apply(ops, name=StepName.plain("discard", "anchor", tag.key))
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
        """The remembered id, title, date, path and source of an article, if any; a title,
        date or source the analyst set replaces the one read from the file."""
        with self._view_lock:
            info = self._articles.get(article_id)
            return None if info is None else _shown(info)

    def articles(self) -> list[dict[str, Any]]:
        """Every remembered article's metadata, in the order they were first remembered
        (with what the analyst set, as `article_info`)."""
        with self._view_lock:
            return [_shown(info) for info in self._articles.values()]

    def set_positions(self, positions: Mapping[str, int]) -> None:
        """Remember where the analyst left off in each article (article id -> text offset), to
        open them there next time. Not a change to undo; articles the desk does not know
        are left out."""
        with self._change_lock:
            self._check_open()
            ops: list[_Op] = []
            for article_id, offset in positions.items():
                doc_id = self._article_docs.get(article_id)
                if doc_id is None or self._articles[article_id].get(_POSITION) == offset:
                    continue
                ops.append((_ARTICLES, doc_id, {**self._articles[article_id], _POSITION: offset}))
            if ops:
                self._commit(ops)

    def set_article_details(
        self, article_id: str, *, title: str, source: str, date: str
    ) -> dict[str, Any]:
        """Set the title, outlet and date the desk shows and exports for an article ("" goes
        back to what the file says); return its details as now shown. One undoable change.
        KeyError if the desk does not know the article."""
        with self._change_lock:
            self._check_open()
            doc_id = self._article_docs.get(article_id)
            if doc_id is None:
                raise KeyError(f"the desk does not know article {article_id!r}")
            info = dict(self._articles[article_id])
            wanted = {"title": title.strip(), "source": source.strip(), "date": date.strip()}
            chosen = {name: value for name, value in wanted.items() if value}
            if chosen:
                info[_SET] = chosen
            else:
                info.pop(_SET, None)
            if info != self._articles[article_id]:
                name = StepName.plain("article details", "article")
                self._apply([(_ARTICLES, doc_id, info)], name=name)
            return _shown(info)

    def counts(self) -> dict[str, int]:
        """How many claims carry each status, plus "noted": claims with a note and no status.

        Tags kept only for their links are in neither.
        """
        result = {status.value: 0 for status in ClaimStatus}
        result["noted"] = 0
        with self._view_lock:
            # From the documents: counting must not build every tag of a big desk.
            for doc in self._tags.docs():
                status = doc["status"]
                if status is not None:
                    result[status] += 1
                elif doc.get("note", "").strip():
                    result["noted"] += 1
        return result

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
