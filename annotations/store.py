"""The desk: every claim the analyst has tagged or noted, saved the moment it changes."""

from __future__ import annotations

import fcntl
import os
import threading
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tinydb.storages import MemoryStorage, Storage

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
    "Tag",
]

SCHEMA = 1
"""The desk layout this version writes; a desk with a higher number is refused, not guessed at."""

_TAGS = "tags"
_ARTICLES = "articles"
_META = "meta"

_ClaimKey = tuple[str, int, int]


class ClaimStatus(StrEnum):
    """What the analyst has decided about a claim."""

    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


@dataclass(frozen=True, slots=True)
class Tag:
    """The analyst's verdict and note on one claim, as saved in the desk."""

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
    """How the tag is tied to the text: "exact" while the quote sits at start..end."""

    old_quote: str | None = None
    """The quote as first tagged, if re-anchoring later found the claim changed."""

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
    """The saved tags and notes of one analyst's desk, on any TinyDB storage.

    Changes are made one at a time (the TUI makes them from a single writer thread) and each
    returns only once it is on disk. Reads may come from any thread.
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
        self._tags: dict[_ClaimKey, Tag] = {}
        self._tag_docs: dict[_ClaimKey, str] = {}
        self._articles: dict[str, dict[str, Any]] = {}
        self._article_docs: dict[str, str] = {}
        self._next_doc: dict[str, int] = {}
        self._undo: list[tuple[_ClaimKey, Tag | None]] = []
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
        data.setdefault(_TAGS, {})
        data.setdefault(_ARTICLES, {})
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
            key = (tag.article_id, tag.start, tag.end)
            self._tags[key] = tag
            self._tag_docs[key] = doc_id
        for doc_id, doc in data[_ARTICLES].items():
            article_id = doc.get("id")
            if not isinstance(article_id, str):
                self._refuse_corrupt(f"article document {doc_id} has no id")
            self._articles[article_id] = dict(doc)
            self._article_docs[article_id] = doc_id
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

    def _put_doc(self, table_name: str, doc_id: str | None, doc: dict[str, Any] | None) -> str:
        """Store (or delete, for None) one document durably; undo the raw change if saving fails."""
        table = self._raw[table_name]
        if doc_id is None:
            doc_id = str(self._next_doc[table_name])
            self._next_doc[table_name] += 1
        before = table.get(doc_id)
        if doc is None:
            table.pop(doc_id, None)
        else:
            table[doc_id] = doc
        try:
            self._save()
        except BaseException:
            if before is None:
                table.pop(doc_id, None)
            else:
                table[doc_id] = before
            raise
        return doc_id

    def _put_tag(self, key: _ClaimKey, tag: Tag | None) -> None:
        doc_id = self._tag_docs.get(key)
        if tag is None and doc_id is None:
            return
        doc_id = self._put_doc(_TAGS, doc_id, None if tag is None else tag.to_doc())
        with self._view_lock:
            if tag is None:
                self._tags.pop(key, None)
                self._tag_docs.pop(key, None)
            else:
                self._tags[key] = tag
                self._tag_docs[key] = doc_id

    # -- changes --------------------------------------------------------------------------

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
            before = self._tags.get(key)
            if before is None:
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
                    updated_at=_now(),
                )
            else:
                if all(getattr(before, name) == value for name, value in change.items()):
                    return before
                after = replace(
                    before,
                    quote=claim.text,
                    prefix=prefix or before.prefix,
                    suffix=suffix or before.suffix,
                    analyst=analyst,
                    updated_at=_now(),
                    **change,
                )
            stored: Tag | None = after
            if after.status is None and not after.note.strip():
                # Only tagged or noted claims are stored; an emptied tag is removed.
                if before is None:
                    return None
                stored = None
            self._put_tag(key, stored)
            self._undo.append((key, before))
            return stored

    @property
    def can_undo(self) -> bool:
        """True if a change made through this desk can still be undone."""
        return bool(self._undo)

    def undo(self) -> Tag | None:
        """Undo the last change made through this desk; return the restored tag, or None."""
        with self._change_lock:
            self._check_open()
            if not self._undo:
                return None
            key, before = self._undo.pop()
            try:
                self._put_tag(key, before)
            except BaseException:
                self._undo.append((key, before))
                raise
            return before

    def remember_article(self, article: Article) -> None:
        """Keep an article's title, date, path and source (never its text) in the desk."""
        info = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "path": article.path,
            "source": article.source,
        }
        with self._change_lock:
            self._check_open()
            if self._articles.get(article.id) == info:
                return
            doc_id = self._put_doc(_ARTICLES, self._article_docs.get(article.id), dict(info))
            with self._view_lock:
                self._articles[article.id] = info
                self._article_docs[article.id] = doc_id

    # -- reading --------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """Every stored tag (tagged or noted claims), in the order they were first stored."""
        with self._view_lock:
            return list(self._tags.values())

    def tag_at(self, article_id: str, start: int, end: int) -> Tag | None:
        """The tag on the claim at start..end of an article, if it has one."""
        with self._view_lock:
            return self._tags.get((article_id, start, end))

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
        """How many claims carry each status, plus "noted": claims with a note and no status."""
        result = {status.value: 0 for status in ClaimStatus}
        result["noted"] = 0
        with self._view_lock:
            for tag in self._tags.values():
                result["noted" if tag.status is None else tag.status.value] += 1
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
