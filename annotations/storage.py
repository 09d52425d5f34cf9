"""Durable TinyDB storage for a desk file, and the errors a desk can raise."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any, NoReturn

import orjson
from tinydb.storages import Storage

from annotations.files import (
    describe_os_error,
    read_regular_file,
    remove_stale_temporaries,
    write_atomically,
)

__all__ = [
    "AtomicJSONStorage",
    "DeskConflictError",
    "DeskCorruptError",
    "DeskError",
    "DeskLockedError",
    "DeskVersionError",
    "DeskValueError",
    "DeskWriteError",
    "decode_json",
    "encode_json",
    "keep_corrupt_copy",
    "kept_copy",
    "write_new_file",
    "refuse_corrupt",
]


class DeskError(Exception):
    """A desk file could not be opened or saved; the message names the file."""


class DeskCorruptError(DeskError):
    """The desk file is not valid JSON or not a TinyDB layout; it was left untouched."""


class DeskVersionError(DeskError):
    """The desk file was written by a newer newsdesk with a schema this one does not know."""


class DeskLockedError(DeskError):
    """Another newsdesk already has this desk open."""


class DeskWriteError(DeskError):
    """A change could not be saved; the file on disk still holds the previous state."""


class DeskConflictError(DeskWriteError):
    """Another program changed or took the desk file since this desk read it: saving would
    overwrite its change, so the change is held instead."""

    replaced: str = ""
    """The name of the file that was replaced (the desk file or its journal), if one was."""


class DeskValueError(DeskError):
    """A change holds a value the desk file cannot store; it was refused, not held, since
    saving it again cannot succeed (and must not block the changes after it)."""


def keep_corrupt_copy(path: Path) -> Path:
    """Copy an unreadable desk file (or journal) next to itself, once per content; return the
    copy (`write_new_file`, named `<name>.corrupt-<hash>`).

    The copy is named after a hash of the content, so opening the same damaged desk again
    (every `newsdesk list` on it) finds the copy already made instead of adding another.
    """
    return write_new_file(path.with_name(f"{path.name}.corrupt-"), read_regular_file(path))


def write_new_file(prefix: Path, data: bytes, suffix: str = "") -> Path:
    """Write `data` to a new file `<prefix><hash of data><suffix>` (readable by its owner
    only) and return it; a file already there with the same content is the one returned.

    A file already there under that name that is not the same content (another file, a
    link) is left alone and a fresh name is taken; the file is created exclusively, never
    through a link, so a file is only ever named once it is really on disk.
    """
    base = f"{prefix.name}{hashlib.sha256(data).hexdigest()[:16]}"
    for attempt in range(100):
        path = prefix.with_name((base if attempt == 0 else f"{base}-{attempt}") + suffix)
        try:
            fd = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
            )
        except FileExistsError:
            if _holds(path, data):
                return path
            continue
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        os.close(fd)
        return path
    raise FileExistsError(errno.EEXIST, "every name for the file is taken", str(prefix))


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a plain file (not a link) holding exactly `data`."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode) and read_regular_file(path) == data
    except OSError:
        return False


def _was_a_desk(path: Path) -> bool:
    """Whether the file starts like JSON, as every desk does; a text or an image given as
    --db was never a desk and is not copied."""
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
    except OSError:
        return False
    return head.lstrip(b" \t\r\n\xef\xbb\xbf").startswith((b"{", b"["))


def refuse_corrupt(path: Path | None, where: str, why: str, *, keep_copy: bool = True) -> NoReturn:
    """Raise DeskCorruptError for the unreadable desk `where`, keeping a copy of its file when
    `keep_copy` (a command that writes the desk; one that only reads it writes nothing beside
    its input, and says so).

    The file itself is never touched: the analyst's work in it may still be recovered. A file
    that never was a desk (not a JSON object) is refused without a copy.
    """
    if path is None or not path.exists():
        raise DeskCorruptError(f"cannot open {where}: {why}")
    if not _was_a_desk(path):
        raise DeskCorruptError(
            f"cannot open {where}: {why}. It does not look like a newsdesk desk; "
            "it was left untouched. Give --db the path of a desk file (or of a new one)."
        )
    if not keep_copy:
        raise DeskCorruptError(
            f"cannot open {where}: {why}. The file was left untouched and no copy was made "
            "(this command only reads it; opening it in the desk keeps a copy)"
        )
    raise DeskCorruptError(
        f"cannot open {where}: {why}. The file was left untouched; {kept_copy(path)}"
    )


def kept_copy(path: Path) -> str:
    """Keep a copy of the damaged `path` (`keep_corrupt_copy`); say where, or why not."""
    try:
        backup = keep_corrupt_copy(path)
    except OSError as exc:
        return f"no backup copy of {path} could be written ({_describe(exc)})."
    return f"a copy is kept as {backup}."


def _describe(exc: OSError) -> str:
    return describe_os_error(exc)


def encode_json(data: Any) -> bytes:
    """The desk (or a change of it) as JSON bytes, whatever its strings hold.

    orjson refuses lone surrogates (a file name's undecodable bytes as `os.fsdecode` gives
    them, "\\ud800" in an imported record). Those desks are written by the standard library
    with `\\uXXXX` escapes instead: valid JSON and valid UTF-8, and read back exactly.
    """
    try:
        return orjson.dumps(data)
    except TypeError as exc:
        try:
            return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        except (TypeError, ValueError):
            raise exc from None


def decode_json(raw: bytes) -> Any:
    """JSON bytes as `encode_json` writes them."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if b"\\u" not in raw:
            raise
        # Lone surrogate escapes, as `encode_json` writes them: the standard library reads them.
        try:
            return json.loads(raw)
        except ValueError:
            raise exc from None


def _is_tinydb_layout(data: object) -> bool:
    # TinyDB expects {table: {doc_id: document}}; anything else would crash it later, far from
    # the file that caused it.
    if not isinstance(data, dict):
        return False
    for table in data.values():
        if not isinstance(table, dict):
            return False
        for doc in table.values():
            if not isinstance(doc, dict):
                return False
    return True


class AtomicJSONStorage(Storage):
    """A TinyDB storage that replaces the file atomically and keeps the committed state in memory.

    Every write goes to a temporary file in the same folder, is flushed and fsynced, then
    renamed over the target, and the folder is fsynced: a crash at any moment leaves either
    the old file or the new one, never a half-written one.
    """

    keeps_copies = True
    """Whether a damaged file is copied beside itself when refused: only by a storage that
    writes the desk (`journal.JournalStorage` of a reader does not)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        """The desk file."""
        self._state: dict[str, dict[str, Any]] | None = None
        self._loaded = False
        # The file as this storage last read or wrote it: (inode, size, mtime), None if absent.
        self._seen: tuple[int, int, int] | None = None
        self._seen_once = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskWriteError(
                f"cannot create the folder for desk {self.path}: {_describe(exc)}"
            ) from exc

    @property
    def _tmp_prefix(self) -> str:
        return f".{self.path.name}."

    def remove_stale_temporaries(self) -> int:
        """Delete temporary files that killed writers left beside the desk; return how many."""
        return remove_stale_temporaries(self.path.parent)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Return the committed state, reading the file only the first time."""
        if self._loaded:
            return self._state
        self._seen = self._stamp()
        self._seen_once = True
        try:
            raw = read_regular_file(self.path)
        except FileNotFoundError:
            raw = b""
        except OSError as exc:
            raise DeskError(f"cannot read desk {self.path}: {_describe(exc)}") from exc
        if not raw:
            state = None
        else:
            try:
                parsed = decode_json(raw)
            except (orjson.JSONDecodeError, RecursionError) as exc:
                refuse_corrupt(
                    self.path,
                    f"desk {self.path}",
                    f"it is not valid JSON ({exc})",
                    keep_copy=self.keeps_copies,
                )
            if not _is_tinydb_layout(parsed):
                refuse_corrupt(
                    self.path,
                    f"desk {self.path}",
                    "it is JSON but not a TinyDB database",
                    keep_copy=self.keeps_copies,
                )
            state = parsed
        self._state = state
        self._loaded = True
        return state

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data`, durably; on failure the old file stays and is re-read."""
        try:
            payload = encode_json(data)
        except TypeError as exc:
            raise DeskValueError(f"cannot save desk {self.path}: {exc}") from exc
        if self._seen_once and self._stamp() != self._seen:
            self._state = None
            self._loaded = False
            self.refuse_replaced(self.path)
        try:
            write_atomically(self.path, payload)
        except OSError as exc:
            # Callers (TinyDB's own Table among them) may have changed the cached state in
            # place before calling write; forget it so the next read comes from the intact file.
            self._state = None
            self._loaded = False
            raise DeskWriteError(
                f"could not save desk {self.path}: {_describe(exc)}. "
                "The file still holds the previous state; the change was not saved."
            ) from exc
        self._state = data
        self._loaded = True
        self._seen = self._stamp()
        self._seen_once = True

    def refuse_replaced(self, file: Path) -> NoReturn:
        """Raise DeskConflictError: `file` (the desk file or its journal) was replaced or
        changed by another program since this newsdesk read it."""
        error = DeskConflictError(
            f"could not save desk {self.path}: {file.name} was replaced by another file (or "
            "changed by another program) since this newsdesk read it. The change was not "
            "saved, so as not to overwrite that one"
        )
        error.replaced = file.name
        raise error

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def close(self) -> None:
        """Drop the cached state; the file is always complete, so nothing needs flushing."""
        self._state = None
        self._loaded = False
