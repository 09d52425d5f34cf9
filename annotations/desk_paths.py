"""The files a desk keeps beside it, and the check that an output never lands on one of them.

A desk `notes.json` is more than that file: its journal `notes.json.journal` holds the changes
not yet compacted into it, `notes.json.lock` says which newsdesk has it open, and the folders
`notes.library` and `notes.analysis` hold its imported articles and its analysis cache. A file
a command writes (an export, a brief, a team desk) must never replace any of them, whoever's
desk it is: writing a CSV over a colleague's desk or its journal would lose every tag in it.
A desk is recognised by what it holds (a TinyDB file with newsdesk's tables, a journal by its
header, a lock by being held or by its name and process id), not by its name, so a desk
renamed to `.csv`, a hard link or a symbolic link to one is refused all the same.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
from pathlib import Path

import orjson

from annotations.analysis_cache import ANALYSIS_SUFFIX, analysis_folder
from annotations.library_files import LIBRARY_SUFFIX, library_folder

__all__ = ["desk_companion", "desk_files", "output_refusal", "same_file"]

_DESK_TABLES = frozenset({"meta", "tags", "articles", "links", "journal"})
"""Tables only a newsdesk desk holds (the last one ties a desk file to its journal)."""

_JOURNAL_HEADER = b'{"newsdesk_journal"'
_LOCK_CONTENT = re.compile(rb"\s*(\d+\s*)?")
_COMPANIONS = (".journal", ".lock")


def desk_files(db_path: str | os.PathLike[str]) -> tuple[list[Path], list[Path]]:
    """The desk's own files (desk, journal, lock) and the folders it keeps beside it."""
    db = Path(db_path)
    files = [db, db.with_name(db.name + ".journal"), db.with_name(db.name + ".lock")]
    return files, [library_folder(db), analysis_folder(db)]


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links and `..` too), existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def desk_companion(target: str | os.PathLike[str], db_path: str | os.PathLike[str]) -> str | None:
    """What of desk `db_path` writing `target` would replace ("the desk", "its journal", ...),
    or None when `target` is none of its files and lies in none of its folders."""
    path = Path(target)
    files, folders = desk_files(db_path)
    for name, own in zip(("the desk", "its journal", "its lock"), files, strict=True):
        if same_file(path, own):
            return f"{name} {own}"
    resolved = Path(os.path.realpath(path))
    for name, folder in zip(("its library", "its analysis cache"), folders, strict=True):
        if resolved.is_relative_to(os.path.realpath(folder)):
            return f"{name} {folder}"
    return None


def output_refusal(
    target: str | os.PathLike[str],
    own_desks: tuple[str | os.PathLike[str], ...] = (),
    *,
    desk_allowed: bool = False,
) -> str | None:
    """Why a command must not write the file `target` the analyst named, in one line, or None.

    Refused: any newsdesk desk (unless `desk_allowed`: a merge writes into a team desk), any
    desk's journal or lock, anything in a library or analysis folder, a desk some newsdesk has
    open, and every file of `own_desks` (the desks the command reads), existing yet or not;
    through symbolic and hard links and `..` alike.
    """
    path = Path(target)
    for desk in own_desks:
        if (companion := desk_companion(path, desk)) is not None:
            return f"{path} would replace {companion}; write to another file"
    if os.path.isdir(path):
        return f"{path}: it is a folder; give the path of a file to write"
    why = _what_it_is(path, desk_allowed=desk_allowed)
    return None if why is None else f"{path} would replace {why}; write to another file"


def _what_it_is(path: Path, *, desk_allowed: bool) -> str | None:
    """What of a desk `path` is (named, through links, or by content), or None if nothing."""
    resolved = Path(os.path.realpath(path))
    for place in (path.absolute(), resolved):
        for folder in (place.parent, *place.parent.parents):
            if folder.name.endswith(LIBRARY_SUFFIX) and folder.is_dir():
                return f"something in the library folder {folder}"
            if folder.name.endswith(ANALYSIS_SUFFIX) and folder.is_dir():
                return f"something in the analysis folder {folder}"
    for place in dict.fromkeys((path, resolved)):
        if _held(place.with_name(place.name + ".lock")):
            return f"the desk {place}, open in a newsdesk now"
        for suffix in _COMPANIONS:
            desk = place.with_name(place.name.removesuffix(suffix))
            if place.name.endswith(suffix) and desk != place and _content(desk) == "desk":
                return f"the {suffix.lstrip('.')} of the desk {desk}"
    kind = _content(resolved)
    if kind is None or (kind == "desk" and desk_allowed):
        return None
    return f"a newsdesk {kind} (by what it holds)"


def _held(lock: Path) -> bool:
    """Whether the lock file `lock` exists and some process holds it."""
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN)
    finally:
        os.close(fd)
    return False


def _content(path: Path) -> str | None:
    """What the regular file at `path` holds: "desk", "journal", "lock", or None."""
    try:
        if not path.is_file():
            return None
        with path.open("rb") as file:
            head = file.read(64)
            if head.startswith(_JOURNAL_HEADER):
                return "journal"
            if head.lstrip()[:1] != b"{":
                held = path.name.endswith(".lock") and _LOCK_CONTENT.fullmatch(head)
                return "lock" if held or _held(path) else None
            document = orjson.loads(head + file.read())
    except (OSError, orjson.JSONDecodeError):
        return None
    if isinstance(document, dict) and document.keys() & _DESK_TABLES:
        if all(isinstance(table, dict) for table in document.values()):
            return "desk"
    return None
