"""The desk's records: loading and checking its documents, saving a change whole, the lock."""

from __future__ import annotations

import contextlib
import copy
import threading
from pathlib import Path
from typing import Any, NoReturn

from tinydb.storages import Storage

from annotations.claim_history import StepName
from annotations.collector import collector_paused
from annotations.desk_documents import (
    ARTICLES,
    DECISION_FIELDS,
    IMPORT_STEP,
    LAST_IMPORT,
    LINKS,
    META,
    SCHEMA,
    TAGS,
    Op,
    TagsByDoc,
    Undoable,
    name_of,
    plain_decision,
)
from annotations.desk_lock import DeskLock, lock_desk
from annotations.journal import JournalStorage
from annotations.storage import (
    DeskConflictError,
    DeskError,
    DeskVersionError,
    DeskWriteError,
    refuse_corrupt,
)
from annotations.tags import ClaimKey, Link, Tag


class DeskRecords:
    """The documents of one desk on any storage, the views that find them, and the one way
    they change: `_commit`, a save of several documents at once that can be taken back.
    """

    def __init__(self, storage: Storage, *, path: Path | None = None) -> None:
        self._storage = storage
        self.path = path
        """The desk file, or None for a desk in memory."""
        self._lock: DeskLock | None = None
        # Readers take _view_lock only briefly; a change holds _change_lock across the disk
        # write so that the UI thread never waits for an fsync to read tags.
        self._view_lock = threading.Lock()
        self._change_lock = threading.RLock()
        self._raw: dict[str, dict[str, Any]] = {}
        # Tags by document id, in the order first stored; the other two maps find them (by
        # claim only the tags that sit on one: an orphan is on no claim, never shown there).
        self._tags = TagsByDoc()
        self._tag_docs: dict[ClaimKey, str] = {}
        self._tag_docs_by_id: dict[str, str] = {}
        self._links: dict[str, Link] = {}
        self._link_docs: dict[str, str] = {}
        self._decisions: dict[str, dict[str, dict[str, str]]] = {
            table: {} for table in DECISION_FIELDS
        }
        self._articles: dict[str, dict[str, Any]] = {}
        self._article_docs: dict[str, str] = {}
        self._next_doc: dict[str, int] = {}
        # Each entry: the changes that put the documents back, and what undo() returns.
        self._undo: list[Undoable] = []
        self._redo: list[Undoable] = []
        self._closed = False
        # A big desk's file parses into millions of objects, none in a cycle: the collector's
        # passes over them while they are made would add half the time of parsing.
        with collector_paused():
            self._load()

    # -- loading --------------------------------------------------------------------------

    @property
    def _where(self) -> str:
        return f"desk {self.path}" if self.path is not None else "the in-memory desk"

    def _refuse_corrupt(self, why: str) -> NoReturn:
        keep_copy = getattr(self._storage, "keeps_copies", True)
        refuse_corrupt(self.path, self._where, why, keep_copy=keep_copy)

    def _refuse_doc(self, table: str, doc_id: str, why: str) -> NoReturn:
        """Refuse the desk for one damaged document, copying the file that holds it."""
        if isinstance(self._storage, JournalStorage):
            self._storage.refuse_document(table, doc_id, why)
        self._refuse_corrupt(why)

    def _load(self) -> None:
        data = self._storage.read()
        if data is None:
            data = {}
        fresh = META not in data
        if fresh:
            if any(table for table in data.values()):
                self._refuse_corrupt("it holds TinyDB tables but no newsdesk schema version")
            data[META] = {"1": {"schema": SCHEMA}}
        meta: dict[str, Any] = next(iter(data[META].values()), {})
        schema = meta.get("schema")
        if type(schema) is not int:
            self._refuse_corrupt(f"its schema version {schema!r} is not a number")
        if schema > SCHEMA:
            raise DeskVersionError(
                f"cannot open {self._where}: it was saved by a newer newsdesk (desk schema "
                f"{schema}, this version reads up to {SCHEMA}); upgrade newsdesk to open it"
            )
        for name in (TAGS, ARTICLES, LINKS, *DECISION_FIELDS):
            data.setdefault(name, {})
        for name, table in data.items():
            try:
                self._next_doc[name] = max(map(int, table), default=0) + 1
            except ValueError:
                self._refuse_corrupt(f"table {name!r} has a document id that is not a number")
        check = Tag.check_fields
        tag_docs, tag_docs_by_id = self._tag_docs, self._tag_docs_by_id
        for doc_id, doc in data[TAGS].items():
            try:
                fields = check(doc)
            except ValueError as exc:
                self._refuse_doc(TAGS, doc_id, f"tag document {doc_id} is damaged ({exc})")
            if fields[11] != "orphan":  # an orphan sits on no claim, whatever its offsets
                tag_docs[fields[1], fields[2], fields[3]] = doc_id
            tag_docs_by_id[fields[0]] = doc_id
        # Checked, but built into Tags only when read: most of a big desk never is.
        self._tags.load(data[TAGS])
        for doc_id, doc in data[ARTICLES].items():
            article_id = doc.get("id")
            if not isinstance(article_id, str):
                self._refuse_doc(ARTICLES, doc_id, f"article document {doc_id} has no id")
            for field in ("title", "date", "path", "source"):
                if doc.get(field) is not None and type(doc[field]) is not str:
                    self._refuse_doc(
                        ARTICLES,
                        doc_id,
                        f"article document {doc_id} is damaged ({field} is not a string)",
                    )
            self._articles[article_id] = dict(doc)
            self._article_docs[article_id] = doc_id
        for name in (LINKS, *DECISION_FIELDS):
            for doc_id, doc in data[name].items():
                try:
                    self._index(name, doc_id, doc)
                except ValueError as exc:
                    self._refuse_doc(name, doc_id, f"{name} document {doc_id} is damaged ({exc})")
        self._raw = data
        self._offer_last_import(data)
        # A new desk's file is made with its schema by the process that holds it; a reader
        # (no lock: export, list, a zero-byte --db) writes nothing, the empty desk stays empty.
        if fresh and getattr(self._storage, "owner", True):
            self._save()

    def _offer_last_import(self, data: dict[str, dict[str, Any]]) -> None:
        """Make the last import-annotations, if nothing changed since, the first change undo
        takes back: the deletion of the tags and links it added (nothing else: a document
        edited by hand that names other tables is not followed)."""
        added = data.get(LAST_IMPORT, {}).get("1", {}).get("added")
        if not isinstance(added, list):
            return
        undo: list[Op] = []
        for entry in added:
            if not (isinstance(entry, list) and len(entry) == 2 and entry[0] in (TAGS, LINKS)):
                return
            table, doc_id = entry
            if not isinstance(doc_id, str) or doc_id not in data[table]:
                return
            undo.append((table, doc_id, None))
        undo.append((LAST_IMPORT, "1", None))
        self._undo.append((undo, None, IMPORT_STEP))

    # -- saving ---------------------------------------------------------------------------

    def _save(self, ops: list[Op] | None = None) -> None:
        """Make the current state durable; `ops` (already applied) is what changed, if known."""
        if self._lock is not None and not self._lock.still_held():
            # The lock file was deleted or replaced while open, so another newsdesk may have
            # taken a new one: take it again, or refuse to write over that one's changes (the
            # storage also refuses if the desk file changed meanwhile).
            assert self.path is not None
            self._lock.release()
            self._lock = None
            try:
                self._lock = lock_desk(self.path)
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
        self._lock_new_file()

    def _lock_new_file(self) -> None:
        """Lock the desk file a compaction put in place (`DeskLock.lock_file`); the change is
        saved either way, so a file already taken under another name only goes unlocked."""
        if self._lock is not None:
            with contextlib.suppress(DeskError):
                self._lock.lock_file()

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """A copy of every stored document, by table: the desk as a TinyDB file holds it."""
        with self._change_lock:
            return copy.deepcopy(self._raw)

    def _check_open(self) -> None:
        if self._closed:
            raise DeskError(f"{self._where} is closed")

    def _new_doc_id(self, table: str) -> str:
        doc_id = str(self._next_doc[table])
        self._next_doc[table] += 1
        return doc_id

    def _commit(self, ops: list[Op]) -> list[Op]:
        """Apply `ops` and save them as one write; return the ops that would undo them.

        If saving fails nothing changes, in memory or on disk.
        """
        if self._raw.get(LAST_IMPORT) and all(op[0] != LAST_IMPORT for op in ops):
            ops = [*ops, (LAST_IMPORT, "1", None)]  # a change after an import ends its offer
        undo: list[Op] = []
        for table_name, doc_id, doc in ops:
            table = self._raw.setdefault(table_name, {})
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
        if table == TAGS:
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
            if tag.anchor != "orphan":
                self._tag_docs[tag.key] = doc_id
            self._tag_docs_by_id[tag.id] = doc_id
        elif table == LINKS:
            old_link = self._links.pop(doc_id, None)
            if old_link is not None and self._link_docs.get(old_link.id) == doc_id:
                del self._link_docs[old_link.id]
            if doc is not None:
                link = Link.from_doc(doc)
                self._links[doc_id] = link
                self._link_docs[link.id] = doc_id
        elif table == ARTICLES:
            if doc is None:
                return
            self._articles[doc["id"]] = dict(doc)
            self._article_docs[doc["id"]] = doc_id
        elif table in self._decisions:
            decisions = self._decisions[table]
            if doc is None:
                decisions.pop(doc_id, None)
            else:
                decisions[doc_id] = plain_decision(doc, DECISION_FIELDS[table])

    def _apply(
        self, ops: list[Op], returns: Tag | None = None, name: StepName | None = None
    ) -> None:
        """Save `ops` and remember how to undo them; `returns` is what undo() will give."""
        if ops:
            self._remember(self._commit(ops), returns, name or name_of(ops))

    def _remember(self, undo: list[Op], returns: Tag | None, name: StepName) -> None:
        # A new change ends what could be redone: redoing past it would overwrite it.
        self._undo.append((undo, returns, name))
        self._redo.clear()

    # -- what a change leaves ------------------------------------------------------------

    def _is_empty(self, tag: Tag, *, ignoring: frozenset[str] = frozenset()) -> bool:
        """True if `tag` has nothing left worth storing (links in `ignoring` do not count):
        no status, no note, no change of another analyst's in its history, no link."""
        if tag.status is not None or tag.note.strip() or tag.names_others:
            return False
        return not any(
            tag.id in (link.tag_a, link.tag_b)
            for link in self._links.values()
            if link.id not in ignoring
        )

    def _path_of(self, article_id: str) -> str | None:
        """The file the article was last opened from, which a tag made now is made in."""
        path = (self._articles.get(article_id) or {}).get("path")
        return path if isinstance(path, str) and path else None

    def _tag_on(self, key: ClaimKey | None) -> Tag | None:
        doc_id = None if key is None else self._tag_docs.get(key)
        return None if doc_id is None else self._tags[doc_id]

    def _emptied_tag_ops(self, tag_ids: tuple[str, ...], gone: frozenset[str]) -> list[Op]:
        """Deletions of the tags among `tag_ids` left with nothing once the `gone` links go."""
        ops: list[Op] = []
        for tag_id in dict.fromkeys(tag_ids):
            doc_id = self._tag_docs_by_id.get(tag_id)
            if doc_id is not None and self._is_empty(self._tags[doc_id], ignoring=gone):
                ops.append((TAGS, doc_id, None))
        return ops
