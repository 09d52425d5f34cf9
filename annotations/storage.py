"""Durable TinyDB storage for a desk file, and the errors a desk can raise."""

from __future__ import annotations

import errno
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import orjson
from tinydb.storages import Storage

__all__ = [
    "AtomicJSONStorage",
    "DeskCorruptError",
    "DeskError",
    "DeskLockedError",
    "DeskVersionError",
    "DeskWriteError",
    "keep_corrupt_copy",
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


def keep_corrupt_copy(path: Path) -> Path:
    """Copy an unreadable desk file next to itself and return where the copy went."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    shutil.copy2(path, backup)
    return backup


def refuse_corrupt(path: Path | None, where: str, why: str) -> NoReturn:
    """Raise DeskCorruptError for the unreadable desk `where`, keeping a copy of its file.

    The file itself is never touched: the analyst's work in it may still be recovered.
    """
    if path is None or not path.exists():
        raise DeskCorruptError(f"cannot open {where}: {why}")
    try:
        backup = keep_corrupt_copy(path)
    except OSError as exc:
        kept = f"no backup copy could be written ({_describe(exc)})"
    else:
        kept = f"a copy was saved as {backup}"
    raise DeskCorruptError(f"cannot open {where}: {why}. The file was left untouched; {kept}.")


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (is the folder read-only?)"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


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

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__()
        self.path = Path(path)
        """The desk file."""
        self._state: dict[str, dict[str, Any]] | None = None
        self._loaded = False
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
        """Delete temporary files left by a writer that was killed; return how many.

        Only safe while holding the desk's lock: otherwise the file may be another
        process's write in progress.
        """
        removed = 0
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return 0
        for entry in entries:
            if entry.name.startswith(self._tmp_prefix) and entry.name.endswith(".tmp"):
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
                removed += 1
        return removed

    def read(self) -> dict[str, dict[str, Any]] | None:
        """Return the committed state, reading the file only the first time."""
        if self._loaded:
            return self._state
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raw = b""
        except OSError as exc:
            raise DeskError(f"cannot read desk {self.path}: {_describe(exc)}") from exc
        if not raw:
            state = None
        else:
            try:
                parsed = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                refuse_corrupt(self.path, f"desk {self.path}", f"it is not valid JSON ({exc})")
            if not _is_tinydb_layout(parsed):
                refuse_corrupt(
                    self.path, f"desk {self.path}", "it is JSON but not a TinyDB database"
                )
            state = parsed
        self._state = state
        self._loaded = True
        return state

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file with `data`, durably; on failure the old file stays and is re-read."""
        try:
            payload = orjson.dumps(data)
        except TypeError as exc:
            raise DeskWriteError(f"cannot save desk {self.path}: {exc}") from exc
        tmp = self.path.with_name(f"{self._tmp_prefix}{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                try:
                    os.fchmod(fd, self.path.stat().st_mode & 0o777)
                except FileNotFoundError:
                    pass
                view = memoryview(payload)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except OSError as exc:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
            # Callers (TinyDB's own Table among them) may have changed the cached state in
            # place before calling write; forget it so the next read comes from the intact file.
            self._state = None
            self._loaded = False
            raise DeskWriteError(
                f"could not save desk {self.path}: {_describe(exc)}. "
                "The file still holds the previous state; the change was not saved."
            ) from exc
        self._sync_folder()
        self._state = data
        self._loaded = True

    def _sync_folder(self) -> None:
        # The rename has already happened and the new file is complete, so a failure here only
        # risks the rename not surviving a power cut; reporting it as a failed write would make
        # memory and disk disagree, so it stays best effort.
        try:
            dir_fd = os.open(self.path.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(dir_fd)
        except OSError:
            pass
        finally:
            os.close(dir_fd)

    def close(self) -> None:
        """Drop the cached state; the file is always complete, so nothing needs flushing."""
        self._state = None
        self._loaded = False
