"""The one crash-safe way newsdesk writes and locks files: the desk, its library, every export."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TypeVar

from annotations.flush import one_flush_for

__all__ = [
    "FILE_MODE",
    "FileLock",
    "LockHeldError",
    "STALE_AFTER",
    "describe_os_error",
    "making_room",
    "read_regular_file",
    "remove_stale_temporaries",
    "replacing",
    "retried_on_full_disk",
    "room_made_for",
    "write_all_atomically",
    "write_atomically",
]

FILE_MODE = 0o600
"""Mode of every file newsdesk creates: the desk, its library and exports hold one analyst's
work, so they are readable by that analyst only. A file replaced keeps the mode it had."""

STALE_AFTER = 600.0
"""A temporary file whose writer cannot be identified is stale after this many seconds."""

# `.<name>.<pid>.<token>.tmp`; older releases wrote `.<name>.<pid>.tmp` (the desk, the library)
# or `.<name>.<random>.tmp` (exports): those are recognised too.
_TEMPORARY = re.compile(r"^\..+?\.(?:(?P<pid>\d+)(?:\.[0-9a-f]+)?|[A-Za-z0-9_]{8})\.tmp$")


_FULL_DISK = (errno.ENOSPC, errno.EDQUOT)

_T = TypeVar("_T")

_room_lock = threading.Lock()
_room: list[Callable[[Path | None], int]] = []
"""What can give way on a full disk, as `making_room` registered it."""


@contextlib.contextmanager
def making_room(free: Callable[[Path | None], int]) -> Iterator[None]:
    """While the block runs, a durable write that finds the disk full (or the quota used up)
    calls `free(path)` with the file it writes (None if several), which empties what only
    saves time (the analysis cache of the desk in use, never for a write into that cache
    itself) and returns the bytes it freed; if anything was freed, the write is tried once
    more."""
    with _room_lock:
        _room.append(free)
    try:
        yield
    finally:
        with _room_lock:
            _room.remove(free)


def _made_room(path: str | os.PathLike[str] | None) -> int:
    """Empty what gives way on a full disk for a write to `path`; the bytes freed."""
    target = None if path is None else Path(os.path.abspath(path))
    with _room_lock:
        makers = list(_room)
    freed = 0
    for free in makers:
        try:
            freed += free(target)
        except Exception:  # noqa: BLE001 - making room is a second chance, never a new failure
            continue
    return freed


def retried_on_full_disk(write: Callable[[], _T], path: str | os.PathLike[str] | None = None) -> _T:
    """`write()`; if it finds the disk full, once more after `making_room`'s folders gave way
    (when they freed anything). `write` must leave nothing behind when it fails, and `path`
    is the file it writes, if one."""
    try:
        return write()
    except OSError as exc:
        if not room_made_for(exc, path):
            raise
    return write()


def room_made_for(exc: OSError, path: str | os.PathLike[str] | None) -> bool:
    """Whether `exc` is a full disk (or quota) for a write to `path` and `making_room`'s
    folders freed some space for a second try."""
    return exc.errno in _FULL_DISK and _made_room(path) > 0


def describe_os_error(exc: OSError) -> str:
    """Why a file operation failed, in the analyst's words."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EDQUOT:
        return "the disk quota is exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (is the folder read-only?)"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link, which newsdesk does not follow here"
    return exc.strerror or str(exc)


def read_regular_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the regular file at `path` (links followed); OSError if it is anything else.

    Opened without blocking first: reading a FIFO or a device given where a desk or journal is
    expected would otherwise wait forever (or for ever more bytes) instead of saying so.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file", os.fspath(path))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    # The rename has happened and the new file is complete; a failure here only risks the
    # rename not surviving a power cut, so it stays best effort.
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _written_in_place(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is something a rename must not replace: a FIFO, a terminal, a socket,
    `/dev/stdout` on a pipe. (`/dev/stdout` redirected to a file resolves to that file.)"""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def _replacing_fd(path: str | os.PathLike[str]) -> Iterator[int]:
    """A descriptor whose content replaces `path` when the block ends; see `replacing`."""
    if _written_in_place(path):
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            yield fd
        finally:
            os.close(fd)
        return
    target, temporary, fd = _open_temporary(path)
    try:
        try:
            yield fd
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(target.parent)


def _open_temporary(path: str | os.PathLike[str]) -> tuple[Path, Path, int]:
    """(the file `path` names, a new temporary beside it, its descriptor), the temporary with
    the mode of the file it will replace."""
    target, temporary, mode = _temporary_for(path)
    return target, temporary, _create_temporary(temporary, mode)


def _temporary_for(
    path: str | os.PathLike[str], folders: dict[str, str] | None = None, *, follow: bool = True
) -> tuple[Path, Path, int | None]:
    """(the file `path` names, a name for its temporary beside it, the mode to give that: the
    mode of the regular file it replaces, or None for `FILE_MODE`). A link at `path` is
    followed if `follow`, else replaced itself. `folders` keeps each folder's resolved path for
    the next file in it (a batch writes thousands into one)."""
    # Resolved as the kernel would open it: links first, then "..", never lexically.
    folder, name = os.path.split(os.fspath(path))
    if folders is None:
        folders = {}
    if folder not in folders:
        folders[folder] = os.path.realpath(folder or os.curdir)
    target = Path(folders[folder], name)
    if name in ("", os.curdir, os.pardir):
        target = Path(os.path.realpath(path))
    try:
        info: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        info = None
    if follow and info is not None and stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(target))
        try:
            info = os.stat(target)
        except FileNotFoundError:
            info = None
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    # A FIFO or a device replaced (the library's own names) gives no mode to a file of text.
    mode = info.st_mode & 0o777 if info is not None and stat.S_ISREG(info.st_mode) else None
    return target, temporary, mode


def _create_temporary(temporary: Path, mode: int | None) -> int:
    """Create the temporary (never through a link, never over a file) and open it to write."""
    fd = os.open(
        temporary,
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
        FILE_MODE,
    )
    if mode is not None:
        try:
            os.fchmod(fd, mode)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    return fd


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Yield a binary file whose content replaces `path` when the block ends without error.

    The data goes to a temporary file in the same folder, is flushed and fsynced, then renamed
    over the target and the folder fsynced: a crash at any moment leaves the old file or the
    new one, never half of one; an error (a full disk) leaves the old file and no temporary.
    A symbolic link is followed and its target replaced, so the link stays a link. A target
    that is not a regular file (a FIFO, a terminal, /dev/stdout) is written in place instead:
    replacing it would swap a device or pipe for a plain file. New files get `FILE_MODE`.
    Raises OSError as it comes; callers say which of their files failed.
    """
    with _replacing_fd(path) as fd:
        with os.fdopen(fd, "wb", closefd=False) as stream:
            yield stream


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data` crash-safely (see `replacing`); on a full disk, once more
    after `making_room`'s folders gave way."""

    def write() -> None:
        with _replacing_fd(path) as fd:
            _write_fd(fd, data)

    retried_on_full_disk(write, path)


def write_all_atomically(files: Sequence[tuple[Path, bytes]]) -> None:
    """Replace each path with its data, crash-safely, with one fsync of each folder for all of
    them (a folder import writes thousands of files); on a full disk, once more after
    `making_room`'s folders gave way.

    These are a program's own files in its own folder (the library's), so each name is replaced
    itself: a link there is replaced, never followed (a link planted to a device or to another
    file touches nothing), and so is a FIFO; a regular file keeps its mode, new ones get
    `FILE_MODE`. Links in the folders' paths are followed, as the kernel does.

    Every file goes to its temporary first; all are made durable (one flush of the file system
    where that promises as much, `annotations.flush`, else an fsync each), then renamed, then
    each folder fsynced once: when this returns, every file is durable, and a crash before that
    leaves each path with its old content or its new, never half. On an error the temporaries
    are removed, files already renamed stay (the caller lists them nowhere yet), and the
    OSError is raised.
    """
    retried_on_full_disk(lambda: _write_all(files), files[0][0] if files else None)


def _write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    pending: list[tuple[Path, Path]] = []
    done = 0  # how many of `pending` are renamed
    folders: dict[str, str] = {}
    parents = {os.path.realpath(f or os.curdir) for f in {os.path.dirname(p) for p, _ in files}}
    # One flush of the file system for a batch into one folder, where it is as safe as fsync.
    shared = parents.pop() if len(parents) == 1 else None
    try:
        with contextlib.ExitStack() as stack:
            flush = None
            if shared is not None:
                flush = stack.enter_context(one_flush_for(Path(shared), len(files)))
            for path, data in files:
                target, temporary, mode = _temporary_for(path, folders, follow=False)
                # Listed before it exists, so Ctrl-C as it is made leaves it to be removed.
                pending.append((target, temporary))
                try:
                    fd = _create_temporary(temporary, mode)
                except OSError:
                    pending.pop()  # not made: the name may be another's
                    raise
                try:
                    _write_fd(fd, data)
                    if flush is None:
                        os.fsync(fd)
                finally:
                    os.close(fd)
            if flush is not None:
                flush()
        for renamed, (target, temporary) in enumerate(pending):
            os.replace(temporary, target)
            done = renamed + 1
    except BaseException:
        for _, temporary in pending[done:]:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    for folder in dict.fromkeys(target.parent for target, _ in pending):
        _sync_folder(folder)


def _writer_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process: alive
    return True


def remove_stale_temporaries(folder: str | os.PathLike[str], *, now: float | None = None) -> int:
    """Delete the temporary files of writers that were killed before renaming; return how many.

    A temporary names its writer's process id: it is stale once that process is gone. One
    without a process id is stale after `STALE_AFTER` seconds. A writer still running keeps
    its file, so this is safe without any lock.
    """
    removed = 0
    moment = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        match = _TEMPORARY.match(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            pid = match.group("pid")
            if pid is not None and _writer_alive(int(pid)):
                continue
            if pid is None and moment - info.st_mtime < STALE_AFTER:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed += 1
    return removed


class LockHeldError(Exception):
    """Another process holds the lock; `holder` is what it wrote in the lock file."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is held by process {holder}")
        self.path = path
        """The lock file."""
        self.holder = holder
        """The holder's process id as written in the file, or "unknown"."""


class FileLock:
    """An exclusive `flock` on a sidecar lock file that is never followed through a link.

    The lock file is opened with O_NOFOLLOW (a symbolic link planted in its place is refused,
    never truncated) and must be a regular file. After locking, the file on disk must still be
    the one locked: a lock file deleted and recreated meanwhile would lock nothing, so taking
    the lock starts again. `still_held()` repeats that check later (before each save), since a
    lock file deleted while held lets a second process take a new one.
    """

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        """The lock file."""
        self._fd: int | None = fd

    @classmethod
    def acquire(
        cls,
        path: str | os.PathLike[str],
        *,
        timeout: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
        poll: float = 0.1,
    ) -> FileLock:
        """Take the lock at `path`, waiting up to `timeout` seconds for its holder.

        `on_wait(holder)` is called once when the lock is found held and waiting begins.
        Raises LockHeldError when still held after `timeout`, OSError when the lock file
        cannot be opened (ELOOP for a symbolic link) or is not a regular file.
        """
        lock_path = Path(path)
        deadline = time.monotonic() + timeout
        told = False
        while True:
            fd = cls._open(lock_path)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise LockHeldError(lock_path, holder) from None
                if on_wait is not None and not told:
                    on_wait(holder)
                    told = True
                time.sleep(poll)
                continue
            except BaseException:
                os.close(fd)
                raise
            lock = cls(lock_path, fd)
            if lock.still_held():
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
                return lock
            lock.release()

    @staticmethod
    def _open(path: Path) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
        fd = os.open(path, flags, FILE_MODE)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(errno.EINVAL, "the lock file is not a regular file", str(path))
        return fd

    def still_held(self) -> bool:
        """Whether the file at `path` is still the one this lock holds."""
        if self._fd is None:
            return False
        try:
            on_disk = os.stat(self.path, follow_symlinks=False)
            held = os.fstat(self._fd)
        except OSError:
            return False
        return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)

    def release(self) -> None:
        """Let the lock go (idempotent)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"
