"""The lock that keeps a second newsdesk off a desk: by the desk's name and by its file."""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Callable
from pathlib import Path

from annotations.files import FileLock, LockHeldError, describe_os_error
from annotations.storage import DeskLockedError, DeskWriteError

__all__ = ["DeskLock", "lock_desk", "take_sidecar"]


class DeskLock:
    """A desk's lock: the sidecar `<db>.lock` (by name), and a `flock` on the desk file
    itself (by identity, device and inode).

    A hard link is another name for the same file: its sidecar is another file, so the name
    alone would let two newsdesks open one desk and split its changes between two journals.
    The desk file is replaced by rename when the journal is compacted, so each new file is
    locked too (`lock_file`), and the files locked before stay locked until release: a name
    still linked to an older one cannot be opened while this desk is.
    """

    def __init__(self, db: Path, sidecar: FileLock) -> None:
        self.db = db
        self._sidecar = sidecar
        self._held: dict[tuple[int, int], int] = {}

    def lock_file(self) -> None:
        """Lock the file now at the desk's path, if it is one not locked yet.

        DeskLockedError if another newsdesk holds it (it opened the file under another name).
        """
        try:
            fd = os.open(self.db, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except OSError:
            return  # no desk file yet: the first save makes it, and locks it then
        info = os.fstat(fd)
        identity = (info.st_dev, info.st_ino)
        if identity in self._held or not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise DeskLockedError(
                f"desk {self.db} is already open in another newsdesk, under another name (a "
                "hard link to the same file) or after its lock file was removed; close that "
                "one first"
            ) from None
        self._held[identity] = fd

    def still_held(self) -> bool:
        """Whether the sidecar lock file is still the one locked (`FileLock.still_held`)."""
        return self._sidecar.still_held()

    def release(self) -> None:
        """Let every lock go (idempotent)."""
        held, self._held = self._held, {}
        for fd in held.values():
            with contextlib.suppress(OSError):
                os.close(fd)  # closing the last descriptor of the file releases its flock
        self._sidecar.release()


def take_sidecar(
    lock_path: Path, *, held: Callable[[str], str], unusable: Callable[[str], str]
) -> FileLock:
    """Take the sidecar lock at `lock_path`; DeskLockedError `held(pid of the holder)` when
    another newsdesk holds it, DeskWriteError `unusable(why)` when the lock file cannot be
    used."""
    try:
        return FileLock.acquire(lock_path)
    except LockHeldError as exc:
        raise DeskLockedError(held(exc.holder)) from None
    except OSError as exc:
        raise DeskWriteError(unusable(describe_os_error(exc))) from None


def lock_desk(db: Path) -> DeskLock:
    """Lock the desk `db`: its sidecar `<db>.lock` (never through a link, our PID written in
    it) and its file (`DeskLock`)."""
    # The db file itself is replaced by rename on every compaction, so a lock on it alone
    # would lock a file that no longer exists; the sidecar is never replaced.
    lock_path = db.with_name(db.name + ".lock")
    sidecar = take_sidecar(
        lock_path,
        held=lambda pid: (
            f"desk {db} is already open in another newsdesk (PID {pid}); close "
            "that one first, or open another desk"
        ),
        unusable=lambda why: (
            f"cannot open desk {db}: its lock file {lock_path} cannot be used ({why})"
        ),
    )
    lock = DeskLock(db, sidecar)
    try:
        lock.lock_file()
    except BaseException:
        lock.release()
        raise
    return lock
