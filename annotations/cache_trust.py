"""What the analysis cache trusts: its own folder, its own entries, its key, the free space.

The folder beside a desk is only newsdesk's when newsdesk made it (a marker file it wrote
there) or when everything in it is an entry newsdesk wrote: a link in its place, or a folder
of another program's files that happens to bear the name, is never read, written or evicted
from. Entries are checksummed with a secret of this user's, kept in the user data folder, not
beside the desk: an entry edited by hand, or written by another user or machine, fails its
checksum and is computed again. And the cache never takes the space a desk needs to save.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import threading
from functools import cache
from pathlib import Path

from annotations.files import write_atomically

__all__ = [
    "ENTRY_HEADER",
    "MARKER",
    "MIN_FREE",
    "cache_key",
    "free_bytes",
    "is_entry_file",
    "is_entry_name",
    "is_out_of_space",
    "key_path",
    "own_folder",
    "room_for",
]

ENTRY_HEADER = b"newsdesk-analysis "
"""How every entry newsdesk ever wrote begins (the format number follows)."""

MARKER = ".newsdesk-analysis"
"""The file newsdesk writes into an analysis folder it made: the folder is its own."""

_MARKER_TEXT = b"newsdesk analysis cache: every *.cache file here may be deleted\n"

MIN_FREE = 64 << 20
"""Free bytes a cache entry never takes: saves of the desk need them more."""

_KEY_BYTES = 32
_ENTRIES = r"(?:(?:article|entities)-[0-9a-f]{64}|claims-[0-9a-f]{64}-[0-9a-f]{64}|files-read)"
"""The names newsdesk gives its entries: an article's analysis, a grouping of names, the
export's cells of one article's claims, the article files it read."""
_ENTRY_NAME = re.compile(rf"^{_ENTRIES}\.cache$")
# What a writer of an entry or of the marker leaves while it writes (see `files.py`).
_TEMPORARY = re.compile(rf"^\.(?:{_ENTRIES}\.cache|\.newsdesk-analysis)\.\d+\.[0-9a-f]+\.tmp$")


def is_entry_name(name: str) -> bool:
    """Whether `name` is the name newsdesk gives an entry."""
    return _ENTRY_NAME.match(name) is not None


def is_entry_file(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a regular file (not through a link) that begins as entries do."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, len(ENTRY_HEADER)) == (
            ENTRY_HEADER
        )
    except OSError:
        return False
    finally:
        os.close(fd)


def _read_small(path: Path, size: int, *, private: bool = False) -> bytes | None:
    """The bytes of a regular file of this user's at `path`, not through a link, if it holds
    exactly `size` bytes (and, when `private`, no one else may read or write it); else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size or info.st_uid != os.getuid():
            return None
        if private and info.st_mode & 0o077:
            return None
        data = os.read(fd, size + 1)
        return data if len(data) == size else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_own(path: Path, data: bytes) -> None:
    """Write `path` crash-safely, replacing (not writing through) a link or a FIFO there."""
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.lstat(path).st_mode):
            os.unlink(path)
    write_atomically(path, data)


def own_folder(folder: Path, *, create: bool) -> bool:
    """Whether `folder` is an analysis folder newsdesk may read and write.

    A missing folder is made (with its marker) when `create` is set. A link is never followed.
    A folder without the marker is taken over only when all it holds is newsdesk's own (entries
    by name and header, temporaries of their writers): one that an older release made, or one
    made by another newsdesk a moment ago; any other file in it and it is left alone.
    """
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return False
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
        return own_folder(folder, create=False)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    marker = folder / MARKER
    if _read_small(marker, len(_MARKER_TEXT)) == _MARKER_TEXT:
        return True
    try:
        with os.scandir(folder) as found:
            names = [entry.name for entry in found]
    except OSError:
        return False
    for name in names:
        if _TEMPORARY.match(name):
            continue
        if name == MARKER or not is_entry_name(name) or not is_entry_file(folder / name):
            return False
    try:
        _write_own(marker, _MARKER_TEXT)
    except OSError:
        return False
    return True


def key_path() -> Path:
    """Where this user's cache key lives: the user data folder, never beside a desk."""
    from platformdirs import user_data_path

    return user_data_path("newsdesk", appauthor=False) / "analysis-cache.key"


def cache_key() -> bytes | None:
    """This user's secret that keys every entry's checksum, made once; None if it can be
    neither read nor made (the cache is then not used)."""
    return _key_at(key_path())


_KEY_LOCK = threading.Lock()


@cache
def _key_at(path: Path) -> bytes | None:
    with _KEY_LOCK:  # the desk's detection threads ask for it at once
        return _read_or_make_key(path)


def _read_or_make_key(path: Path) -> bytes | None:
    # Only a key no one else could have read or written keys checksums: one another user
    # owns, or that others may read (even this user's own), is replaced by a new private key,
    # and the entries it keyed fail their checksums and are computed again.
    key = _read_small(path, _KEY_BYTES, private=True)
    if key is not None:
        return key
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Removed first: the crash-safe writer gives a replacement the mode of what it
        # replaces, and a new file is owner-only.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        write_atomically(path, secrets.token_bytes(_KEY_BYTES))
    except OSError:
        return None
    # Read back: of two processes making it at once, the one whose file stayed wins.
    return _read_small(path, _KEY_BYTES, private=True)


def free_bytes(folder: Path) -> int | None:
    """Bytes an unprivileged writer may still use on the file system of `folder`."""
    try:
        found = os.statvfs(folder)
    except OSError:
        return None
    return found.f_bavail * found.f_frsize


def room_for(folder: Path, size: int, desk: Path | None) -> bool:
    """Whether an entry of `size` bytes leaves the desk what it needs to save: at least
    `MIN_FREE`, or a tenth of the desk and its journal if more, still free afterwards."""
    free = free_bytes(folder)
    if free is None:
        return False
    used = 0
    if desk is not None:
        for path in (desk, desk.with_name(desk.name + ".journal")):
            with contextlib.suppress(OSError):
                used += os.lstat(path).st_size
    return free - size >= max(MIN_FREE, used // 10)


def is_out_of_space(exc: BaseException) -> bool:
    """Whether `exc`, or what caused it, is a full disk or an exceeded quota."""
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        seen.add(id(found))
        if isinstance(found, OSError) and found.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        found = found.__cause__ or found.__context__
    return False
