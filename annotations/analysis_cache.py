"""Each article's names, figures, sources and hedges, kept beside the desk: found once."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import stat
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from annotations.article_analysis import ArticleAnalysis, Column, EntityPlaces
from annotations.cache_trust import (
    ENTRY_HEADER,
    cache_key,
    is_entry_file,
    is_entry_name,
    own_folder,
    room_for,
)
from annotations.files import remove_stale_temporaries, write_atomically

if TYPE_CHECKING:
    from annotations.sourcing import ArticleSourcing
    from annotations.spans import Span
    from annotations.store import Desk

__all__ = [
    "ANALYSIS_SUFFIX",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "AnalysisCache",
    "analysis_folder",
    "code_version",
    "package_digest",
    "text_digest",
]

ANALYSIS_SUFFIX = ".analysis"
"""The analyses of desk `notes.json` live in the folder `notes.analysis` beside it."""

MAX_ENTRIES = 500
"""Entries kept at most; past it the least recently used go."""

MAX_BYTES = 500_000_000
"""Bytes kept at most (an article's entry is about the size of its text)."""

_MAGIC = ENTRY_HEADER + b"2 "
"""Format 2: the checksum is keyed with the user's secret (`cache_trust.cache_key`)."""
_ARTICLE = "article-"
_ENTITIES = "entities-"
_CLAIMS = "claims-"
_FILES = "files-read"
_CELLS = 6  # numbers, names, entities, source, source_via, hedges


@cache
def code_version() -> str:
    """A hash of every file of the `annotations` package, the Python version and byte order.

    The analysis is whatever this code computes, so an entry is valid only for the exact code
    that wrote it: any change to detection, grouping, sourcing or their word lists (or to
    anything else in the package) gives another version, and older entries are recomputed.
    Read once per process, from the files, without importing them.
    """
    return package_digest(Path(__file__).parent)


def package_digest(root: Path) -> str:
    """A hash of the package's source files under `root` (their names and contents: every
    `.py` file and the word lists in `data/`), of the Python version and of the machine's
    byte order.

    Nothing else counts: compiled files, and the temporary `.pyc.<pid>` files interpreters
    running side by side leave in `__pycache__`, would otherwise change the code version and
    throw the whole cache away."""
    digest = hashlib.sha256(f"{sys.version} {sys.byteorder}".encode())
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        source = path.suffix == ".py" or (parts[0] == "data" and path.suffix == ".txt")
        hidden = any(part.startswith(".") or part == "__pycache__" for part in parts)
        if not source or hidden or not path.is_file():
            continue
        digest.update("/".join(parts).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def text_digest(text: str) -> str:
    """The SHA-256 of an article's text (lone surrogates included as they are)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def analysis_folder(db_path: str | os.PathLike[str]) -> Path:
    """The analysis folder that belongs to the desk file at `db_path`."""
    db = Path(db_path)
    return db.with_name(db.stem + ANALYSIS_SUFFIX)


class AnalysisCache:
    """The analysis folder of one desk: one file per article text, one per grouping of names.

    Every entry is untrusted input: one that is damaged, cut short, written by other code or
    by another user, or edited by hand fails its keyed checksum or its checks and is treated
    as missing (the caller recomputes and writes it again). Entries are written through the
    one crash-safe helper, so a writer killed midway leaves the old entry or none, and a failed
    write (a full disk, a read-only folder) is passed over: the cache only ever saves time.
    It is used only in a folder of newsdesk's own (never through a link, never among another
    program's files, see `cache_trust.own_folder`), and an entry is written only when the
    desk keeps room to save afterwards.
    """

    def __init__(self, folder: str | os.PathLike[str], desk: Path | None = None) -> None:
        self.folder = Path(folder)
        self.desk = desk
        """The desk file the cache belongs to, whose saves it leaves room for."""

    @classmethod
    def for_desk(cls, desk: Desk) -> AnalysisCache | None:
        """The cache beside the desk's file; None for a desk that lives in memory."""
        if desk.path is None:
            return None
        return cls(analysis_folder(desk.path), Path(desk.path))

    # --- one article ------------------------------------------------------------------------

    def article(self, text: str, digest: str | None = None) -> ArticleAnalysis | None:
        """The stored analysis of exactly this text, or None."""
        digest = digest or text_digest(text)
        found = self._read(_ARTICLE + digest, digest)
        if found is None:
            return None
        return ArticleAnalysis.from_parts(text, *found)

    def store_article(self, analysis: ArticleAnalysis, digest: str | None = None) -> None:
        """Keep a complete analysis (made by `detect` and `sourcing_of` on its whole text)."""
        if analysis.text is None or not analysis.has_sourcing:
            return
        digest = digest or text_digest(analysis.text)
        self._write(_ARTICLE + digest, digest, *analysis.to_parts())

    def remember(self, text: str, spans: Sequence[Span], sourcing: ArticleSourcing) -> None:
        """Keep what `detect(text)` and `sourcing_of` found in an article (the desk's own
        detection, for one), unless a good entry for the text is there already."""
        digest = text_digest(text)
        if self.article(text, digest) is not None:
            return
        self.store_article(ArticleAnalysis.of(text, spans, sourcing), digest)

    # --- names grouped across articles --------------------------------------------------------

    @staticmethod
    def grouping_key(digests: Mapping[str, str], decisions: object) -> str:
        """The key of a grouping: the articles (id and text hash, by id) and the decisions."""
        data = json.dumps([sorted(digests.items()), decisions], sort_keys=True, default=str)
        return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()

    def entities(self, key: str, article_ids: Iterable[str]) -> EntityPlaces | None:
        """The stored entity names of the grouping `key`, or None."""
        found = self._read(_ENTITIES + key, key)
        if found is None:
            return None
        return EntityPlaces.from_parts(*found, set(article_ids))

    def store_entities(self, key: str, places: EntityPlaces) -> None:
        """Keep the entity names a grouping gave each name mention."""
        self._write(_ENTITIES + key, key, *places.to_parts())

    # --- the cells of tagged claims ----------------------------------------------------------

    def claim_cells(
        self, digest: str, grouping: str, article_id: str
    ) -> dict[tuple[str, int, int], tuple[str, str, str, str, str, str]]:
        """The stored cells of the claims of the text `digest` (the article `article_id`)
        under the grouping `grouping`, by (article id, start, end); empty if none are stored."""
        key = f"{digest}-{grouping}"
        found = self._read(_CLAIMS + key, key)
        if found is None:
            return {}
        data, columns = found
        starts, ends = columns.get("starts"), columns.get("ends")
        cells = data.get("cells") if type(data) is dict else None
        if starts is None or ends is None or len(starts) != len(ends):
            return {}
        if not isinstance(cells, list) or len(cells) != _CELLS * len(starts):
            return {}
        if not set(map(type, cells)) <= {str}:
            return {}
        rows = zip(*[iter(cells)] * _CELLS, strict=False)  # six at a time; the length is checked
        keys = zip(repeat(article_id), starts, ends, strict=False)
        return dict(zip(keys, rows, strict=True))

    def store_claim_cells(
        self, digest: str, grouping: str, cells: Mapping[tuple[int, int], Sequence[str]]
    ) -> None:
        """Keep the cells of claims of the text `digest` under the grouping `grouping`."""
        key = f"{digest}-{grouping}"
        flat = [cell for row in cells.values() for cell in row]
        columns = {"starts": [s for s, _ in cells], "ends": [e for _, e in cells]}
        self._write(_CLAIMS + key, key, {"cells": flat}, columns)

    # --- article files unchanged since read ------------------------------------------------

    def files(self) -> dict[str, list[Any]]:
        """The article files noted as read: path -> [device, inode, size, modification and
        change times in ns, article id, text hash]; empty if none are noted."""
        found = self._read(_FILES, _FILES)
        data = found[0] if found is not None else None
        if type(data) is not dict:
            return {}
        return {
            path: noted
            for path, noted in data.items()
            if type(noted) is list
            and len(noted) == 7
            and all(type(n) is int for n in noted[:5])
            and all(type(n) is str for n in noted[5:])
        }

    def store_files(self, files: Mapping[str, list[Any]]) -> None:
        """Note the article files read (see `files`)."""
        self._write(_FILES, _FILES, dict(files), {})

    # --- files --------------------------------------------------------------------------------

    def _read(self, name: str, key: str) -> tuple[object, dict[str, Column]] | None:
        """The data and columns of entry `name` written for `key` by this code, or None."""
        path = self.folder / f"{name}.cache"
        if not own_folder(self.folder, create=False):
            return None
        data = _read_entry(path)
        if data is None:
            return None
        found = _unpack(data, key)
        if found is not None:
            # Used again: it is the last to be evicted.
            with contextlib.suppress(OSError):
                os.utime(path)
        return found

    def _write(
        self, name: str, key: str, data: dict[str, Any], columns: Mapping[str, Column]
    ) -> None:
        path = self.folder / f"{name}.cache"
        try:
            entry = _pack(key, data, columns)
            if not room_for(self.folder.parent, len(entry), self.desk):
                return  # the desk's saves need the space more
            if not own_folder(self.folder, create=True):
                return
            _clear_the_way(path)
            write_atomically(path, entry)
        except (OSError, OverflowError):
            return  # a cache that cannot be written only costs time
        self.evict()

    def evict(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> int:
        """Remove the least recently used entries past the bounds (and what killed writers
        left behind); return how many entries went.

        Only entries newsdesk wrote go (named as entries are, beginning as they do), and only
        from a folder of its own; anything else there is neither counted nor touched.
        """
        return len(self._evicted(max_entries, max_bytes))

    def make_room(self) -> int:
        """Remove every entry (a save of the desk needs the space); return the bytes freed."""
        return sum(self._evicted(0, 0))

    def _evicted(self, max_entries: int, max_bytes: int) -> list[int]:
        """Evict past the bounds; the sizes of the entries removed."""
        if not own_folder(self.folder, create=False):
            return []
        remove_stale_temporaries(self.folder)
        entries: list[tuple[float, int, str]] = []
        try:
            with os.scandir(self.folder) as found:
                for entry in found:
                    if not is_entry_name(entry.name):
                        continue
                    with contextlib.suppress(OSError):
                        info = entry.stat(follow_symlinks=False)
                        if stat.S_ISREG(info.st_mode):
                            entries.append((info.st_mtime, info.st_size, entry.path))
                        elif stat.S_ISDIR(info.st_mode):
                            os.rmdir(entry.path)  # planted, empty: it would block the entry
        except OSError:
            return []
        entries.sort()
        count, total = len(entries), sum(size for _, size, _ in entries)
        removed: list[int] = []
        for _, size, path in entries:
            if count <= max_entries and total <= max_bytes:
                break
            count, total = count - 1, total - size
            if is_entry_file(path):
                with contextlib.suppress(OSError):
                    os.unlink(path)
                    removed.append(size)
        return removed


def _clear_the_way(path: Path) -> None:
    """Make room for entry `path`: a link, a FIFO or a device planted in its place is removed,
    never written through (the helper writes those in place); a directory is removed when
    empty, else moved aside (its files are not newsdesk's to delete)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    if not stat.S_ISDIR(mode):
        os.unlink(path)
        return
    try:
        os.rmdir(path)
    except OSError:
        os.rename(path, path.with_name(f".{path.name}.{os.urandom(4).hex()}.planted"))


def _read_entry(path: Path) -> bytes | None:
    """The bytes of a regular file at `path` (not through a link, not a FIFO or a device,
    at most `MAX_BYTES`), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def _checksum(body: bytes) -> str:
    """The checksum of an entry's body, keyed with this user's secret: without the secret it
    cannot be recomputed, so an entry edited by hand (or written elsewhere) fails it."""
    key = cache_key()
    if key is None:
        raise OSError(errno.EACCES, "no key for the analysis cache")
    return hashlib.blake2b(body, digest_size=16, key=key).hexdigest()


def _pack(key: str, data: dict[str, Any], columns: Mapping[str, Column]) -> bytes:
    """An entry: a checksummed header line, a line of JSON, then the columns as 64-bit
    whole numbers (the machine's byte order, which is part of `code_version`)."""
    names = list(columns)
    head = {
        "code": code_version(),
        "key": key,
        "columns": [[n, len(columns[n])] for n in names],
        "data": data,
    }
    try:
        line = orjson.dumps(head)
    except TypeError:  # a lone surrogate, which orjson refuses: escaped as JSON allows
        line = json.dumps(head, separators=(",", ":")).encode("ascii")
    parts = [line, b"\n"]
    parts += [array("q", columns[n]).tobytes() for n in names]
    body = b"".join(parts)
    return _MAGIC + _checksum(body).encode() + b"\n" + body


def _unpack(entry: bytes, key: str) -> tuple[object, dict[str, Column]] | None:
    """The data and columns `_pack` put in `entry` for `key` and this code, or None."""
    header, _, body = entry.partition(b"\n")
    if not header.startswith(_MAGIC):
        return None
    try:
        if not hmac.compare_digest(header[len(_MAGIC) :], _checksum(body).encode()):
            return None
    except OSError:
        return None
    line, _, rest = body.partition(b"\n")
    try:
        head = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:  # orjson refuses the escape of a lone surrogate, which JSON allows
            head = json.loads(line)
        except (ValueError, RecursionError):
            return None
    if type(head) is not dict or head.get("code") != code_version() or head.get("key") != key:
        return None
    listed = head.get("columns")
    if type(listed) is not list:
        return None
    columns: dict[str, Column] = {}
    at = 0
    for item in listed:
        if type(item) is not list or len(item) != 2:
            return None
        name, count = item
        if type(name) is not str or type(count) is not int or count < 0 or name in columns:
            return None
        column = array("q")
        column.frombytes(rest[at : at + 8 * count])
        if len(column) != count:
            return None
        columns[name] = column.tolist()  # lists index faster than arrays
        at += 8 * count
    if at != len(rest):
        return None
    return head.get("data"), columns
