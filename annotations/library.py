"""The desk's library: imported articles kept beside the desk file, one JSON file each."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from annotations.articles import Article
from annotations.files import (
    describe_os_error,
    read_regular_file,
    remove_stale_temporaries,
    write_all_atomically,
)
from annotations.importers import ImportedArticle
from annotations.library_files import (
    ARTICLE_ID,
    FORMAT,
    INDEX_NAME,
    LIBRARY_SUFFIX,
    LOCK_NAME,
    LOCK_TIMEOUT,
    LibraryEntry,
    LibraryError,
    check_article,
    dump,
    entry_from,
    library_folder,
    load,
    location_key,
    lock_folder,
    make_folder,
    now,
    stored_location,
)

__all__ = [
    "INDEX_NAME",
    "LIBRARY_SUFFIX",
    "LOCK_TIMEOUT",
    "LOCK_NAME",
    "Library",
    "LibraryEntry",
    "LibraryError",
    "library_folder",
]

# Article files are written, then made durable, in batches of about this many bytes: one
# fsync of the folder per batch, and a big import never holds all of its files in memory twice.
_BATCH_BYTES = 32 << 20


class Library:
    """Imported articles kept outside the desk's TinyDB file, so saving a tag never rewrites
    article texts: `<desk stem>.library/` holds `<article id>.json` (text and metadata) per
    article and `index.json` (metadata only). Every file is replaced atomically.

    Every change of the index (adding, removing, rebuilding a damaged one from the article
    files) holds an exclusive lock on `.lock` in the folder and rereads the index inside it:
    processes changing the library at once wait their turn and each builds on what the
    others wrote, so no entry is lost. Reading takes no lock; it sees the index as last
    replaced, and rereads it whenever another process has replaced it.
    """

    def __init__(
        self,
        db_path: str | os.PathLike[str],
        *,
        lock_timeout: float = LOCK_TIMEOUT,
        on_lock_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = library_folder(db_path)
        """The folder holding the library's files."""
        self.lock_timeout = lock_timeout
        """Seconds a change waits for another process's change of the library."""
        self.on_lock_wait = on_lock_wait
        """Called with the holder's process id when a change has to wait for the lock."""
        self._entries: dict[str, LibraryEntry] = {}
        self._location_ids: dict[str, list[str]] | None = None
        self._located: dict[str, LibraryEntry] | None = None
        self._index_stamp: tuple[int, int] | None = None
        self._holding_lock = False
        self._refresh()

    # -- files ---------------------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        """The index file."""
        return self.folder / INDEX_NAME

    def _article_path(self, article_id: str) -> Path:
        if not ARTICLE_ID.fullmatch(article_id):
            raise KeyError(article_id)
        return self.folder / f"{article_id}.json"

    def _write(self, path: Path, data: bytes) -> None:
        """Replace `path` with `data` so a crash leaves the old file or the new, never half."""
        self._write_all([(path, data)])

    def _write_all(self, files: Sequence[tuple[Path, bytes]]) -> None:
        """`_write` for many files, durable together when this returns."""
        if not files:
            return
        make_folder(self.folder)
        try:
            # Never written in place: a FIFO or a device planted in the library folder is
            # replaced by the file, as any other name of it would be (the batch's way).
            write_all_atomically(files)
        except OSError as exc:
            # The file that failed, as the error names it (a rename names its target second).
            where = exc.filename2 or exc.filename
            if where is None or ".tmp" in os.fspath(where):
                where = files[0][0] if len(files) == 1 else self.folder
            raise LibraryError(f"{where}: cannot be saved ({describe_os_error(exc)})") from None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.index_path)
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the library's lock, with the index freshly reread, for one change of it."""
        lock = lock_folder(self.folder, self.lock_timeout, self.on_lock_wait)
        self._holding_lock = True
        try:
            # Temporaries that a killed import left behind go at the next change.
            remove_stale_temporaries(self.folder)
            # Reread even if the stamp looks unchanged: mtime ticks coarsely (a jiffy on
            # Linux), so an index of the same size written by another process within one
            # tick of ours would pass for ours.
            self._refresh(force=True)
            yield
        finally:
            self._holding_lock = False
            lock.release()

    def _refresh(self, *, force: bool = False) -> None:
        """Reread the index if another process (an import from the command line) changed it,
        or always if `force`."""
        stamp = self._stamp()
        if not force and stamp is not None and stamp == self._index_stamp:
            return
        self._index_stamp = stamp
        if stamp is None:
            self._entries = self._rebuilt() if self.folder.is_dir() else {}
            return
        try:
            data = load(read_regular_file(self.index_path))
            if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
                raise ValueError("not a library index")
            entries = [entry_from(item) for item in data["entries"]]
        except (OSError, ValueError, RecursionError):
            self._rebuild()
            return
        self._entries = {entry.id: entry for entry in entries}

    def _rebuild(self) -> None:
        """Replace a damaged index with one rebuilt from the article files, which it repeats."""
        if not self._holding_lock:
            # Under the lock, so an add finishing meanwhile in another process is neither
            # missed nor overwritten: `_locked` rereads the index and, if it is still
            # damaged, comes back here holding the lock.
            try:
                with self._locked():
                    return
            except LibraryError:
                # A read-only folder: the rebuilt index still serves this session.
                self._entries = self._rebuilt()
                return
        self._entries = self._rebuilt()
        with contextlib.suppress(LibraryError):
            self._save_index()

    def _rebuilt(self) -> dict[str, LibraryEntry]:
        entries: list[LibraryEntry] = []
        for file in sorted(self.folder.glob("*.json")):
            if file.name == INDEX_NAME or not ARTICLE_ID.fullmatch(file.stem):
                continue
            try:
                entries.append(entry_from(load(read_regular_file(file)).get("entry")))
            except (OSError, ValueError, AttributeError, RecursionError):
                continue
        entries.sort(key=lambda e: (e.imported_at, e.id))
        return {entry.id: entry for entry in entries}

    def _save_index(self) -> None:
        payload = {"format": FORMAT, "entries": list(self._entries.values())}
        self._write(self.index_path, dump(payload))
        self._index_stamp = self._stamp()

    def _article_file(self, article: Article, entry: LibraryEntry) -> tuple[Path, bytes]:
        """The article's own file in the library and its content."""
        payload = {
            "format": FORMAT,
            "entry": entry,
            "article": {
                "id": article.id,
                "text": article.text,
                "title": article.title,
                "date": article.date,
                "path": article.path,
                "source": article.source,
                "warnings": list(article.warnings),
            },
        }
        return self._article_path(article.id), dump(payload)

    # -- changing ------------------------------------------------------------------------

    def add(
        self,
        article: Article | ImportedArticle,
        *,
        url: str | None = None,
        author: str | None = None,
    ) -> LibraryEntry:
        """Store an article (or an import's result) and return its entry.

        The same text again returns the existing entry. A new text from a path or URL
        already in the library is a new version of that document: its entry `replaces`
        the latest earlier version.
        """
        [entry] = self.add_many([article], url=url, author=author)
        return entry

    def add_many(
        self,
        articles: Iterable[Article | ImportedArticle],
        *,
        url: str | None = None,
        author: str | None = None,
    ) -> list[LibraryEntry]:
        """`add` for many articles, writing the index once (a folder import)."""
        # Drawn out first, so a generator's work is not done while others wait for the lock.
        items = list(articles)
        if not items:
            return []
        added: list[LibraryEntry] = []
        with self._locked():
            before = dict(self._entries)
            try:
                present = set(os.listdir(self.folder))
            except OSError:
                present = set()
            written: list[Path] = []
            files: list[tuple[Path, bytes]] = []
            pending_bytes = 0
            relinked: list[LibraryEntry] = []
            try:
                for item in items:
                    fetched_at = None
                    if isinstance(item, ImportedArticle):
                        article, item_url, item_author = item.article, item.url or url, item.author
                        fetched_at = item.fetched_at
                    else:
                        article, item_url, item_author = item, url, author
                    if article.id in self._entries:
                        added.append(self._entries[article.id])
                        continue
                    previous = self._latest_at(article.path) or self._latest_at(item_url)
                    entry = LibraryEntry(
                        id=article.id,
                        title=article.title,
                        source=article.source,
                        date=article.date,
                        path=stored_location(article.path),
                        url=item_url,
                        author=item_author,
                        imported_at=fetched_at or now(),
                        chars=len(article.text),
                        replaces=previous.id if previous is not None else None,
                    )
                    article_path, content = self._article_file(article, entry)
                    if article_path.name not in present:
                        written.append(article_path)
                    files.append((article_path, content))
                    pending_bytes += len(content)
                    if pending_bytes > _BATCH_BYTES:
                        self._write_all(files)
                        files, pending_bytes = [], 0
                    self._entries[entry.id] = entry
                    self._file_location(entry)
                    if previous is not None:
                        relinked.append(replace(previous, replaced_by=entry.id))
                        self._entries[previous.id] = relinked[-1]
                    added.append(entry)
                # Every article file is durable before the index lists it.
                self._write_all(files)
                if self._entries != before:
                    self._save_index()
            except BaseException:
                # A full disk midway (or Ctrl-C): the index was not replaced, so the article
                # files written for it would be listed nowhere and only fill the disk.
                self._entries = before
                for path in written:
                    with contextlib.suppress(OSError):
                        path.unlink()
                raise
            for entry in relinked:
                # The index already holds the link; the copy in the older version's own file
                # only serves rebuilding a lost index, so failing to update it is not fatal.
                with contextlib.suppress(LibraryError):
                    self._relink(entry)
        return added

    def _relink(self, entry: LibraryEntry) -> None:
        """Store an entry's changed version links in the index and in its article file."""
        self._entries[entry.id] = entry
        path = self._article_path(entry.id)
        try:
            payload = load(read_regular_file(path))
        except (OSError, ValueError, RecursionError) as exc:
            raise LibraryError(f"{path}: cannot be read ({exc})") from None
        payload["entry"] = entry
        self._write(path, dump(payload))

    def remove(self, article_id: str) -> None:
        """Drop an article and its file; its newer version then replaces its older one."""
        self._refresh()
        if article_id not in self._entries:
            # Unknown here already: no need to wait for the lock (or create the folder for it).
            raise KeyError(article_id)
        with self._locked():
            entry = self._entries.get(article_id)
            if entry is None:
                raise KeyError(article_id)
            del self._entries[article_id]
            self._location_ids = None
            newer = self._entries.get(entry.replaced_by or "")
            if newer is not None:
                self._relink(replace(newer, replaces=entry.replaces))
            older = self._entries.get(entry.replaces or "")
            if older is not None:
                self._relink(replace(older, replaced_by=entry.replaced_by))
            self._save_index()
            try:
                self._article_path(article_id).unlink(missing_ok=True)
            except OSError as exc:
                raise LibraryError(
                    f"{self._article_path(article_id)}: cannot be removed ({exc.strerror or exc})"
                ) from None

    # -- reading -------------------------------------------------------------------------

    def entries(self, *, latest_only: bool = False) -> list[LibraryEntry]:
        """Every stored article's entry, oldest import first, from the index alone (no text
        is read). `latest_only` leaves out versions that a newer one replaced."""
        self._refresh()
        return [e for e in self._entries.values() if not (latest_only and e.replaced_by)]

    def entry(self, article_id: str) -> LibraryEntry | None:
        """The entry of one article, if stored."""
        self._refresh()
        return self._entries.get(article_id)

    def __contains__(self, article_id: object) -> bool:
        self._refresh()
        return article_id in self._entries

    def __len__(self) -> int:
        self._refresh()
        return len(self._entries)

    def get(self, article_id: str) -> Article:
        """The stored article with its text; KeyError if it is not in the library."""
        self._refresh()
        if article_id not in self._entries:
            raise KeyError(article_id)
        path = self._article_path(article_id)
        try:
            data = load(read_regular_file(path))["article"]
            article = Article(
                id=data["id"],
                text=data["text"],
                title=data["title"],
                date=data["date"],
                path=data["path"],
                source=data["source"],
                warnings=tuple(data["warnings"]),
            )
            check_article(article)
        except FileNotFoundError:
            raise LibraryError(f"{path}: is missing from the library folder") from None
        except OSError as exc:
            raise LibraryError(f"{path}: cannot be read ({describe_os_error(exc)})") from None
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise LibraryError(f"{path}: cannot be read ({exc!r})") from None
        digest = hashlib.sha256(article.text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        if article.id != article_id or digest != article_id:
            raise LibraryError(f"{path}: its text no longer matches its id (edited by hand?)")
        return article

    def _latest_at(self, location: str | None) -> LibraryEntry | None:
        key = location_key(location)
        if key is None:
            return None
        found = [self._entries[i] for i in self._locations().get(key, ()) if i in self._entries]
        if not found:
            return None
        # The newest version is the one nothing has replaced; failing that, the last added.
        current = [e for e in found if e.replaced_by is None]
        return (current or found)[-1]

    def _locations(self) -> dict[str, list[str]]:
        """Entry ids by location key (path and URL), in entry order.

        Built once per set of entries, so importing n files costs n lookups, not n scans of
        every entry; an added entry is filed by `_file_location`, a reread index rebuilds it.
        """
        if self._location_ids is None or self._located is not self._entries:
            self._location_ids = {}
            self._located = self._entries
            for entry in self._entries.values():
                self._file_location(entry)
        return self._location_ids

    def _file_location(self, entry: LibraryEntry) -> None:
        if self._location_ids is None or self._located is not self._entries:
            return  # rebuilt from the entries at the next lookup
        for key in {location_key(entry.path), location_key(entry.url)} - {None}:
            assert key is not None
            self._location_ids.setdefault(key, []).append(entry.id)

    def find_by_location(self, path_or_url: str) -> LibraryEntry | None:
        """The latest version of the document imported from this path or URL, if any."""
        self._refresh()
        return self._latest_at(path_or_url)

    def versions(self, article_id: str) -> list[LibraryEntry]:
        """Every version of the document this article belongs to, oldest first."""
        self._refresh()
        entry = self._entries.get(article_id)
        if entry is None:
            raise KeyError(article_id)
        for _ in range(len(self._entries)):
            if entry.replaces not in self._entries:
                break
            assert entry.replaces is not None
            entry = self._entries[entry.replaces]
        chain = [entry]
        while chain[-1].replaced_by in self._entries and len(chain) <= len(self._entries):
            replaced_by = chain[-1].replaced_by
            assert replaced_by is not None
            chain.append(self._entries[replaced_by])
        return chain
