"""The library's files: what an index entry holds, how files are encoded, the folder's lock."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

import orjson

from annotations.files import FileLock, LockHeldError, describe_os_error

if TYPE_CHECKING:
    from annotations.articles import Article

__all__ = [
    "INDEX_NAME",
    "LIBRARY_SUFFIX",
    "LOCK_NAME",
    "LOCK_TIMEOUT",
    "LibraryEntry",
    "LibraryError",
    "library_folder",
    "make_folder",
]

LIBRARY_SUFFIX = ".library"
"""The library of desk `notes.json` is the folder `notes.library` beside it."""

INDEX_NAME = "index.json"
"""The library's index: one line of metadata per article, never any text."""

LOCK_NAME = ".lock"
"""The library's lock file, held by whoever is changing the index."""

LOCK_TIMEOUT = 60.0
"""Seconds a change of the library waits for another process's change before giving up."""

FORMAT = 1
ARTICLE_ID = re.compile(r"[0-9a-f]{16}")
_URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class LibraryError(Exception):
    """The library could not be read or written; the message names the file and says why."""


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """What the library knows about one stored article, without its text."""

    id: str
    """The article's id (hash of its text)."""

    title: str
    """The article's headline."""

    source: str | None
    """The outlet or site."""

    date: str | None
    """The publication date, as found."""

    path: str | None
    """Where it was imported from: an absolute file path (with "#N" for one record of many)
    or a URL."""

    url: str | None
    """The article's web address, when the page or record gave one."""

    author: str | None
    """The byline, when known."""

    imported_at: str
    """When it entered the library (UTC, ISO 8601)."""

    chars: int
    """Length of the text, so lists can show sizes without loading it."""

    replaces: str | None = None
    """Id of the earlier version of the same document (same path or URL, other text): tags
    made on that version are re-anchored onto this one."""

    replaced_by: str | None = None
    """Id of the newer version that replaced this one, if any."""


def library_folder(db_path: str | os.PathLike[str]) -> Path:
    """The library folder that belongs to the desk file at `db_path`: beside the file a link
    leads to, as the desk itself is opened there (one desk, one library, whatever path names
    it). A library an older release made beside the link is used while none is beside the
    file."""
    given = Path(db_path)
    db = Path(os.path.realpath(given))
    folder = db.with_name(db.stem + LIBRARY_SUFFIX)
    beside_link = given.with_name(given.stem + LIBRARY_SUFFIX)
    if db != given.absolute() and not os.path.lexists(folder) and os.path.lexists(beside_link):
        return beside_link
    return folder


def location_key(location: str | None) -> str | None:
    """A location in a comparable form: URLs without fragment, "www." or trailing slash;
    file paths absolute."""
    if not location or not location.strip():
        return None
    location = location.strip()
    if _URL.match(location):
        try:
            parts = urlsplit(location)
            host = (parts.hostname or "").removeprefix("www.")
            port = f":{parts.port}" if parts.port else ""
        except ValueError:
            return location
        path = parts.path.rstrip("/")
        return urlunsplit((parts.scheme.lower(), host + port, path, parts.query, ""))
    return os.path.normcase(os.path.abspath(os.path.expanduser(location)))


def stored_location(location: str | None) -> str | None:
    """A file path made absolute (so the same file matches from any working folder); a URL
    kept as given."""
    if not location or _URL.match(location.strip()):
        return location
    return os.path.abspath(os.path.expanduser(location))


def now() -> str:
    """This moment as the library stores it: UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dump(data: Any) -> bytes:
    """A library file's bytes: UTF-8 JSON (a `LibraryEntry` in `data` written as its fields),
    with \\u escapes only where UTF-8 cannot go."""
    try:
        # orjson: the standard encoder, with the dataclass copies `asdict` makes, took a
        # fifth of an import of 5,000 files (an article file each, and the index of all).
        return orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except TypeError:
        # Lone surrogates (imported JSON's "\ud800", a file name's undecodable bytes), which
        # orjson refuses: as \u escapes the file stays valid UTF-8 and reads back exactly.
        return json.dumps(data, ensure_ascii=True, indent=1, default=_fields).encode("ascii")


def _fields(value: object) -> dict[str, Any]:
    if isinstance(value, LibraryEntry):
        return asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def load(data: bytes) -> Any:
    """A library file's JSON; ValueError if it is not JSON."""
    # surrogatepass: files written by earlier versions held lone surrogates as raw bytes.
    return json.loads(data.decode("utf-8", "surrogatepass"))


def make_folder(folder: Path) -> None:
    """Create the library folder if it is missing; LibraryError saying why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # Something else holds its name: "File exists" would not say what.
        what = "a link to nothing" if folder.is_symlink() else "not a folder"
        raise LibraryError(f"{folder}: cannot be used as the library: it is {what}") from None
    except OSError as exc:
        raise LibraryError(f"{folder}: cannot be created ({describe_os_error(exc)})") from None


def lock_folder(folder: Path, timeout: float, on_wait: Callable[[str], None] | None) -> FileLock:
    """Take the exclusive lock on the library's sidecar `.lock`, waiting up to `timeout`."""
    # The index is replaced by rename on every write, so a lock on it would be a lock on a file
    # that is no longer the index; the sidecar is never replaced.
    lock_path = folder / LOCK_NAME
    make_folder(folder)
    try:
        return FileLock.acquire(lock_path, timeout=timeout, on_wait=on_wait)
    except LockHeldError as held:
        raise LibraryError(
            f"{folder}: another newsdesk (process {held.holder}) is still changing the "
            f"library after {timeout:g} s; try again when it has finished"
        ) from None
    except OSError as exc:
        raise LibraryError(
            f"{lock_path}: the library's lock file cannot be created or used "
            f"({describe_os_error(exc)})"
        ) from None


_TEXT_FIELDS = ("source", "date", "path", "url", "author", "replaces", "replaced_by")


def entry_from(data: Any) -> LibraryEntry:
    """An index entry read back; ValueError if a field is missing or has the wrong type."""
    if not isinstance(data, dict):
        raise ValueError("an entry is not an object")
    fields: dict[str, Any] = {name: data.get(name) for name in LibraryEntry.__dataclass_fields__}
    if not isinstance(fields["id"], str) or not ARTICLE_ID.fullmatch(fields["id"]):
        raise ValueError(f"bad article id {fields['id']!r}")
    chars = fields["chars"]
    if type(fields["title"]) is not str or type(chars) is not int or chars < 0:
        raise ValueError(f"entry {fields['id']} lacks a title or a size")
    for name in _TEXT_FIELDS:
        if fields[name] is not None and type(fields[name]) is not str:
            raise ValueError(f"entry {fields['id']}: {name} is not a string")
    fields["imported_at"] = fields["imported_at"] if type(fields["imported_at"]) is str else ""
    return LibraryEntry(**fields)


def check_article(article: Article) -> None:
    """ValueError unless every field of a stored article has its type."""
    if type(article.text) is not str or type(article.title) is not str:
        raise ValueError("its text or title is not a string")
    for name in ("id", "date", "path", "source"):
        value = getattr(article, name)
        if value is not None and type(value) is not str:
            raise ValueError(f"its {name} is not a string")
    if not all(type(warning) is str for warning in article.warnings):
        raise ValueError("its warnings are not strings")
