"""A desk storage whose every change costs its own size: a journal appended beside the TinyDB file.

`desk.json` stays a plain TinyDB file. Each change is appended to `desk.json.journal` as one
checksummed line and fsynced; opening the desk reads `desk.json` and replays the journal on
top of it. Compaction writes the whole state into `desk.json` (atomically, as before) and
starts a new, empty journal.

Journal layout, one JSON value a line:

    {"newsdesk_journal": 1, "generation": "<token>"}
    <crc32 of the payload, 8 hex digits> <payload: [[table, doc_id, document or null], ...]>
    ...

The generation ties a journal to the `desk.json` it extends: compaction stores a new token in
the desk file's `journal` table and then starts a journal with that token, so a journal left
behind by a kill between the two steps (its changes are already in `desk.json`) is ignored.
The file also names that superseded generation ("previous"), so a journal of any other
generation that holds changes (the desk file was put back from a copy, the journal was copied
from elsewhere, the desk file was deleted) is refused with a copy kept, never silently dropped.
A record whose line is cut short or whose checksum fails at the end of the file is a write
that a kill interrupted: it was never acknowledged and is dropped whole. A bad record with good
ones after it is damage, and the desk is refused rather than guessed at.
"""

from __future__ import annotations

import os
import uuid
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import orjson

from annotations.files import (
    describe_os_error,
    read_regular_file,
    room_made_for,
    write_atomically,
)
from annotations.storage import (
    AtomicJSONStorage,
    DeskError,
    DeskValueError,
    DeskVersionError,
    DeskWriteError,
    decode_json,
    encode_json,
    kept_copy,
    refuse_corrupt,
)

__all__ = ["JOURNAL_VERSION", "JournalStorage"]

JOURNAL_VERSION = 1
"""The journal layout this version writes; a journal with a higher number is refused."""

_GENERATION_TABLE = "journal"
# Compact once the journal is this many times the size of the desk file (and at least
# _MIN_COMPACT_BYTES): the whole-file write then costs about as much as the appends it
# replaces, so a change stays O(change) on average.
_COMPACT_RATIO = 1.0
_MIN_COMPACT_BYTES = 1 << 20

Change = tuple[str, str, dict[str, Any] | None]
"""One stored change: (table, document id, new document or None to delete it)."""


def _record(changes: Sequence[Change]) -> bytes:
    payload = encode_json(changes)
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def _header(generation: str) -> bytes:
    return orjson.dumps({"newsdesk_journal": JOURNAL_VERSION, "generation": generation}) + b"\n"


def _apply(
    state: dict[str, dict[str, Any]], changes: Iterable[Any], touched: set[tuple[str, str]]
) -> bool:
    """Apply one record's changes to `state`, adding each (table, document id) to `touched`;
    False if the record is not a list of changes."""
    checked: list[Change] = []
    for change in changes:
        if not (isinstance(change, list) and len(change) == 3):
            return False
        table, doc_id, doc = change
        if type(table) is not str or type(doc_id) is not str:
            return False
        if doc is not None and not isinstance(doc, dict):
            return False
        checked.append((table, doc_id, doc))
    for table, doc_id, doc in checked:
        touched.add((table, doc_id))
        if doc is None:
            state.get(table, {}).pop(doc_id, None)
        else:
            state.setdefault(table, {})[doc_id] = doc
    return True


def _identity(path: Path) -> tuple[int, int, int] | None:
    """(device, inode, size) of the file at `path`; None if there is none."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size)


class JournalStorage(AtomicJSONStorage):
    """A TinyDB storage that appends each change to a journal and compacts it into the file.

    `read()` and `write()` behave as `AtomicJSONStorage`'s (a `write` is a compaction), so
    TinyDB itself can use it. `append(changes)` is the cheap path: the caller has already made
    the changes to the dict `read()` returned, and the storage makes them durable in one
    fsynced append. Only the owner of the desk (the process holding its lock) trims a torn
    tail or compacts; others only read.
    """

    def __init__(self, path: str | os.PathLike[str], *, owner: bool = True) -> None:
        super().__init__(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        """The journal beside the desk file."""
        self._owner = owner
        self.owner = owner
        """Whether this process holds the desk (its lock) and so may write it: a reader
        (export, list, a desk opened without its lock) writes nothing, here or beside it."""
        self.keeps_copies = owner  # a reader (no lock) writes nothing beside the desk
        self._generation: str | None = None
        self._journal_fd: int | None = None
        self._journal_end = 0
        self._journal_records = 0
        self._file_bytes = 0
        self._foreign = False
        self._journal_generation: str | None = None
        """The generation named by the journal on disk, as last read or written: the one a
        kill in the middle of the next compaction would leave behind."""
        self._journal_seen: tuple[int, int, int] | None = None
        """The journal as last read or written: (device, inode, size)."""
        self._replayed: set[tuple[str, str]] = set()
        """(table, document id) of every document the journal's records wrote at open."""
        self._previous_generation: str | None = None
        """The generation whose journal the desk file's last compaction superseded ("" for
        none); None when the file does not say (written before newsdesk kept it)."""

    # -- reading --------------------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Return the committed state: the desk file with the journal replayed on top."""
        if self._loaded:
            return self._state
        # Another process may compact between our two reads; its journal then names a newer
        # generation than the desk file we read, and reading the file again catches up.
        for _ in range(3):
            state = super().read()
            generation: str | None = None
            # No desk file: a journal holding changes is an orphan, not a stale one.
            self._previous_generation = ""
            if state is not None:
                state = dict(state)
                stamp: dict[str, Any] = next(iter(state.pop(_GENERATION_TABLE, {}).values()), {})
                found = stamp.get("generation")
                generation = found if isinstance(found, str) else None
                # Desk files from before the previous generation was kept cannot tell a stale
                # journal from a foreign one: theirs is taken as stale, as it always was.
                before = stamp.get("previous")
                self._previous_generation = before if isinstance(before, str) else None
            self._foreign = False
            replayed = self._replay(state, generation)
            if replayed is not None or not self.journal_path.exists():
                break
            if self._stamp() == self._seen:
                break  # the file read is still the file: no compaction to catch up with
            self._loaded = False
        if replayed is None and self._foreign:
            self._refuse_journal(
                "it holds changes its desk file lacks but belongs to another version of the "
                "file: the desk file or the journal was replaced. Move one of them away to "
                "open the desk without the other's changes"
            )
        if replayed is not None:
            state = replayed
        # No journal of this file (or a stale one): the first append compacts, which starts it.
        self._generation = generation if replayed is not None else None
        self._state = state
        self._loaded = True
        try:
            self._file_bytes = self.path.stat().st_size
        except OSError:
            self._file_bytes = 0
        return state

    def _replay(
        self, state: dict[str, dict[str, Any]] | None, generation: str | None
    ) -> dict[str, dict[str, Any]] | None:
        """`state` with the journal's changes applied; None if the journal is not this file's."""
        self._journal_generation = None
        self._journal_end = 0
        self._journal_records = 0
        self._replayed = set()
        self._journal_seen = _identity(self.journal_path)
        try:
            raw = read_regular_file(self.journal_path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DeskError(
                f"cannot read the journal {self.journal_path}: {describe_os_error(exc)}"
            ) from exc
        first_end = raw.find(b"\n")
        if first_end < 0:
            # The header is written whole and atomically; an older newsdesk could leave part
            # of it. Anything else (another file written over the journal) is not dropped.
            if raw.strip() and not _header("").startswith(raw[:19]):
                self._refuse_journal("its first line is not a journal header")
            return None
        try:
            header = orjson.loads(raw[:first_end])
        except orjson.JSONDecodeError:
            self._refuse_journal("its first line is not a journal header")
        if not isinstance(header, dict) or type(header.get("newsdesk_journal")) is not int:
            self._refuse_journal("its first line is not a journal header")
        if header["newsdesk_journal"] > JOURNAL_VERSION:
            raise DeskVersionError(
                f"cannot open desk {self.path}: its journal {self.journal_path} was written by "
                f"a newer newsdesk (journal version {header['newsdesk_journal']}, this version "
                f"reads up to {JOURNAL_VERSION}); upgrade newsdesk to open it. The files were "
                f"left untouched; {kept_copy(self.journal_path)}"
            )
        named = header.get("generation")
        self._journal_generation = named if isinstance(named, str) else None
        if named != generation:
            # A kill between a compaction's two steps leaves the journal of the generation
            # before, its changes all in the file. A journal of any other generation holding
            # changes is not this file's: the desk file was put back from elsewhere, or the
            # journal was. Its changes are not dropped without a word (`read` refuses).
            stale = self._previous_generation in (None, named)
            self._foreign = not stale and bool(raw[first_end + 1 :].strip())
            return None
        if state is None:
            state = {}
        self._replay_records(raw, first_end + 1, state)
        return state

    def _replay_records(self, raw: bytes, position: int, state: dict[str, dict[str, Any]]) -> None:
        """Apply the journal's records from byte `position` on to `state`; note where they end."""
        good_end = position
        records = 0
        torn_at: int | None = None
        while position < len(raw):
            end = raw.find(b"\n", position)
            if end < 0:
                torn_at = position  # a record cut short by a kill
                break
            line = raw[position:end]
            ok = len(line) > 9 and line[8:9] == b" "
            if ok:
                payload = line[9:]
                try:
                    ok = int(line[:8], 16) == zlib.crc32(payload)
                except ValueError:
                    ok = False
            if ok:
                try:
                    changes = decode_json(payload)
                except (orjson.JSONDecodeError, RecursionError):
                    ok = False
                else:
                    ok = isinstance(changes, list) and _apply(state, changes, self._replayed)
            if not ok:
                if torn_at is None:
                    torn_at = position
                position = end + 1
                continue
            if torn_at is not None:
                self._refuse_journal(f"the record at byte {torn_at} is damaged")
            records += 1
            position = end + 1
            good_end = position
        self._journal_end = good_end
        self._journal_records = records

    def refuse_document(self, table: str, doc_id: str, what: str) -> NoReturn:
        """Refuse the desk for a damaged document (`what` says how), naming and copying the
        file it came from: the journal if a record of it wrote the document, else the desk
        file."""
        if (table, doc_id) in self._replayed:
            self._refuse_journal(what)
        refuse_corrupt(self.path, f"desk {self.path}", what, keep_copy=self.keeps_copies)

    def _refuse_journal(self, why: str) -> NoReturn:
        refuse_corrupt(
            self.journal_path,
            f"desk {self.path}",
            f"its journal {self.journal_path} is damaged ({why})",
            keep_copy=self.keeps_copies,
        )

    # -- writing --------------------------------------------------------------------------

    @property
    def journal_records(self) -> int:
        """Changes in the journal not yet compacted into the desk file."""
        return self._journal_records

    @property
    def compaction_due(self) -> bool:
        """True once the journal has grown enough that compacting it is worth its cost."""
        threshold = max(_MIN_COMPACT_BYTES, int(self._file_bytes * _COMPACT_RATIO))
        return self._owner and self._journal_end > threshold

    def append(self, changes: Sequence[Change]) -> None:
        """Make `changes` durable: one checksummed record, appended and fsynced.

        The caller has already applied them to the state `read()` returned. On failure
        nothing of the record stays in the journal, and DeskWriteError says why.
        """
        try:
            record = _record(changes)
        except TypeError as exc:
            raise DeskValueError(f"cannot save desk {self.path}: {exc}") from exc
        self._check_not_replaced()
        if self._generation is None or not self.journal_path.exists():
            # No journal of this desk file yet (a new desk, one from before journals, or one
            # whose journal could not be trusted after a failed write): compacting the state,
            # which already holds the changes, saves them and starts the journal.
            self._compact()
            return
        fd = self._open_journal()
        try:
            self._append_record(fd, record)
        except OSError as exc:
            if not room_made_for(exc, self.journal_path):
                raise self._not_saved(exc) from exc
            # The disk was full and the analysis cache gave way: once more.
            if self._journal_fd != fd:
                self._compact()  # the record could not be cut back off: start afresh
                return
            try:
                self._append_record(fd, record)
            except OSError as again:
                raise self._not_saved(again) from again
        self._journal_end += len(record)
        self._journal_records += 1
        self._journal_seen = _identity(self.journal_path)

    def _not_saved(self, exc: OSError) -> DeskWriteError:
        return DeskWriteError(
            f"could not save desk {self.path}: {describe_os_error(exc)}. "
            "The desk still holds the previous state; the change was not saved."
        )

    def _append_record(self, fd: int, record: bytes) -> None:
        """Write `record` at the journal's end and flush it; on failure cut it back off."""
        try:
            os.lseek(fd, self._journal_end, os.SEEK_SET)
            view = memoryview(record)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fdatasync(fd)
        except OSError:
            self._cut_back(fd)
            raise

    def _check_not_replaced(self) -> None:
        """DeskConflictError if the desk file or its journal is not as this newsdesk last
        read or wrote it: another program replaced or changed it, and a save would write
        over its content (or into a journal no desk file reads)."""
        if self._seen_once and self._stamp() != self._seen:
            self.refuse_replaced(self.path)
        if self._generation is not None and _identity(self.journal_path) != self._journal_seen:
            self.refuse_replaced(self.journal_path)

    def _cut_back(self, fd: int) -> None:
        """Drop a partly written record; if even that fails, start over at the next write."""
        try:
            os.ftruncate(fd, self._journal_end)
            os.fdatasync(fd)
        except OSError:
            self._close_journal()
            self._generation = None  # the next append compacts first and starts afresh

    def _open_journal(self) -> int:
        if self._journal_fd is not None:
            return self._journal_fd
        try:
            fd = os.open(self.journal_path, os.O_WRONLY)
        except OSError as exc:
            raise DeskWriteError(
                f"could not save desk {self.path}: cannot open its journal "
                f"({describe_os_error(exc)}); the change was not saved"
            ) from exc
        try:
            if os.fstat(fd).st_size != self._journal_end:
                # A torn record from a killed run: never acknowledged, so cut it off.
                os.ftruncate(fd, self._journal_end)
            os.lseek(fd, self._journal_end, os.SEEK_SET)
        except OSError as exc:
            os.close(fd)
            raise DeskWriteError(
                f"could not save desk {self.path}: {describe_os_error(exc)}; "
                "the change was not saved"
            ) from exc
        self._journal_fd = fd
        return fd

    def _close_journal(self) -> None:
        if self._journal_fd is not None:
            try:
                os.close(self._journal_fd)
            except OSError:
                pass
            self._journal_fd = None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the desk file with `data` and start an empty journal (a compaction)."""
        self._state = data
        self._loaded = True
        self._compact()

    def compact(self) -> None:
        """Fold the journal into the desk file now (the owner only; others do nothing)."""
        if self._owner and self._loaded and self._state is not None and self._journal_records:
            self._compact()

    def _compact(self) -> None:
        """Write the state under a new generation, then start that generation's journal.

        A kill after the first step leaves the old journal, whose generation no longer matches
        the file: it is ignored, and everything in it is already in the file. A kill before it
        leaves the old file and the old journal, which still replay to the same state.
        """
        self._check_not_replaced()  # its journal's changes would be lost with it
        data = self._state if self._state is not None else {}
        generation = uuid.uuid4().hex
        stamped = dict(data)
        stamped[_GENERATION_TABLE] = {
            "1": {"generation": generation, "previous": self._journal_generation or ""}
        }
        self._close_journal()
        try:
            super().write(stamped)
        finally:
            # The caller's dict stays the state: on failure the old file and the old journal
            # still hold it, and the next append tries again.
            self._state = data
            self._loaded = True
        self._generation = None
        self._journal_end = 0
        self._journal_records = 0
        try:
            self._file_bytes = self.path.stat().st_size
        except OSError:
            pass
        header = _header(generation)
        try:
            write_atomically(self.journal_path, header)
        except OSError as exc:
            raise DeskWriteError(
                f"could not save desk {self.path}: {describe_os_error(exc)}; "
                "its journal keeps the changes"
            ) from exc
        self._generation = self._journal_generation = generation
        self._journal_end = len(header)
        self._journal_seen = _identity(self.journal_path)

    def close(self) -> None:
        """Compact what the journal holds (owner only) and drop the cached state."""
        try:
            self.compact()
        except DeskError:
            pass  # every change is already durable in the journal; the next open replays it
        finally:
            self._close_journal()
            super().close()
