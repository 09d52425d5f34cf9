"""One flush of a whole file system instead of one fsync per file, where that is as safe.

A folder import writes thousands of small files, and each must be on the disk before the
library's index lists it. Fsyncing each costs a journal commit per file; Linux's `syncfs`
writes back everything on the file system with one. It is used only where it promises what
fsync does: on Linux 5.8 or later (older kernels did not report a failed write-back through
it), on a local file system known to flush its journal and the disk's cache in `sync_fs`
(a FUSE or network file system may flush nothing), with the folder opened before the files
are written (the kernel reports write-back errors seen since that open), and only while little
else waits to be written out (a flush would wait for all of it).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

__all__ = ["FLUSH_FROM", "PENDING_LIMIT", "file_system_type", "one_flush_for"]

FLUSH_FROM = 32
"""Fewer new files than this are fsynced one by one: a file system flush also writes out
other programs' data, which only pays for itself over many files."""

_LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "tmpfs"})

PENDING_LIMIT = 256 << 20
"""More data than this waiting to be written out (by any program) and the files are fsynced
one by one: a file system flush would wait for all of it (another program's copy of gigabytes
to the same disk), where an fsync of each mostly waits for the file's own."""


def _pending_bytes(meminfo: str = "/proc/meminfo") -> int | None:
    """Bytes of the system's page cache waiting to be written out (dirty or being written);
    None if not known."""
    try:
        with open(meminfo, encoding="ascii", errors="replace") as table:
            fields = dict(line.split(":", 1) for line in table if ":" in line)
        return sum(int(fields[key].split()[0]) << 10 for key in ("Dirty", "Writeback"))
    except (OSError, KeyError, ValueError, IndexError):
        return None


def _kernel_reports_errors() -> bool:
    release = os.uname().release.split(".")
    try:
        return (int(release[0]), int(release[1].split("-")[0])) >= (5, 8)
    except (IndexError, ValueError):
        return False


def _unescaped(field: str) -> str:
    """A mount point as /proc/self/mountinfo writes it (space, tab, newline, backslash octal)."""
    return (
        field.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
    )


def file_system_type(folder: Path, mounts: str = "/proc/self/mountinfo") -> str | None:
    """The type of the file system `folder` is on, from the mount table; None if not known."""
    where = os.path.realpath(folder)
    try:
        with open(mounts, encoding="utf-8", errors="replace") as table:
            lines = table.read().splitlines()
    except OSError:
        return None
    best, kind = -1, None
    for line in lines:
        fields = line.split(" ")
        try:
            mount_point = _unescaped(fields[4])
            kind_at = fields.index("-", 6) + 1
        except (IndexError, ValueError):
            continue
        inside = where == mount_point or where.startswith(mount_point.rstrip("/") + "/")
        # The last mount over a point hides the earlier ones: `>=` keeps the later line.
        if inside and len(mount_point) >= best and kind_at < len(fields):
            best, kind = len(mount_point), fields[kind_at]
    return kind


def _syncfs() -> Callable[[int], None] | None:
    """Linux's syncfs(2) through the C library, raising OSError; None if it has none."""
    import ctypes  # only here: the desk's own start-up never needs it

    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int

    def syncfs(fd: int) -> None:
        if function(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))

    return syncfs


@contextlib.contextmanager
def one_flush_for(folder: Path, count: int) -> Iterator[Callable[[], None] | None]:
    """For `count` new files about to be written into `folder`: a function that makes all of
    them durable at once (raising OSError as fsync would), or None where each must be
    fsynced. The folder is held open for the block, so a write-back error of any file
    written meanwhile is reported by that function."""
    syncfs = None
    if (
        count >= FLUSH_FROM
        and sys.platform == "linux"
        and _kernel_reports_errors()
        and file_system_type(folder) in _LOCAL_FILE_SYSTEMS
        and (pending := _pending_bytes()) is not None
        and pending <= PENDING_LIMIT
    ):
        syncfs = _syncfs()
    fd = -1
    if syncfs is not None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    if syncfs is None or fd < 0:
        yield None
        return

    def flush() -> None:
        try:
            syncfs(fd)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, os.fspath(folder)) from None

    try:
        yield flush
    finally:
        os.close(fd)
