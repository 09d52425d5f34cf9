"""Importing articles from HTML pages, JSON and JSON Lines files, and whole folders.

HTML pages (`.html`, `.htm`) go through trafilatura, which keeps the article's main text
and drops scripts, styles, menus, sidebars and cookie banners; it also finds the title, the
date, the byline and the site (og:site_name, else the host of the canonical or og:url).

JSON files (`.json`: an object, an array of objects, or an object wrapping that array under
"articles", "items", "results", ... as news APIs return it, see `WRAPPER_NAMES`) and JSON
Lines files (`.jsonl`, `.ndjson`, one object per line) hold one article per object. These
field names are read (see `FIELD_NAMES`; names match case-insensitively, and `field_map`
adds others):

- text: text, body, content, article, full_text, maintext (HTML in it is turned into text)
- title: title, headline
- source: source, outlet, publisher, site_name, source_name, or source.name when source is
  an object
- url: url, link, canonical_url
- date: date, published, published_at, publishedAt, pubdate, date_publish (a number is read
  as a Unix time)
- author: author, authors, byline

`.txt` and `.md` files are read by `annotations.articles.load_article`. An article's source
is its outlet's name, else the site of its URL (the host without "www.").
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotations.articles import (
    Article,
    ArticleError,
    article_from_page,
    article_from_text,
    decode_text,
    load_article,
    read_article_bytes,
    read_html,
)
from annotations.folder_files import files_in
from annotations.web_pages import (
    html_to_text,
    looks_like_html,
    page_source,
    site_of,
    web_address,
)

__all__ = [
    "FIELD_NAMES",
    "HTML_SUFFIXES",
    "JSON_LINES_SUFFIXES",
    "JSON_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "TEXT_SUFFIXES",
    "WRAPPER_NAMES",
    "ImportProblem",
    "ImportResult",
    "ImportedArticle",
    "Progress",
    "article_from_html",
    "article_from_record",
    "html_to_text",
    "import_file",
    "import_path",
    "looks_like_html",
    "read_html",
    "site_of",
]

FIELD_NAMES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "maintext"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site_name", "source_name"),
    "url": ("url", "link", "canonical_url"),
    "date": ("date", "published", "published_at", "publishedAt", "pubdate", "date_publish"),
    "author": ("author", "authors", "byline"),
}
"""Field names read from a JSON article, for each part of the article, in order of preference."""

WRAPPER_NAMES = ("articles", "items", "results", "data", "documents", "stories", "news")
"""A JSON file whose top object has no text but a list under one of these names (as news
APIs return) is read as that list of articles."""

HTML_SUFFIXES = (".html", ".htm")
JSON_SUFFIXES = (".json",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
SUPPORTED_SUFFIXES = HTML_SUFFIXES + JSON_SUFFIXES + JSON_LINES_SUFFIXES + TEXT_SUFFIXES
"""File suffixes a folder import picks up; other files in the folder are skipped."""

_WHOLE_PAGE = re.compile(r"<\s*(?:!doctype|html|body)\b", re.IGNORECASE)
"""A JSON text field that holds a whole page, not a fragment."""

Progress = Callable[[int, int, str], None]
"""`on_progress(done, total, name)`: called after each file of an import (name relative)."""


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """An article as imported, with what the file said about it beyond the Article fields."""

    article: Article
    """The article itself; its `path` is the file, or for one of many records its URL (else
    "file#N", N the record's line in JSON Lines or its position in a JSON array)."""

    url: str | None = None
    """The article's web address (canonical URL, og:url, or the record's url field)."""

    author: str | None = None
    """The byline, if the page or record named one."""

    fetched_at: str | None = None
    """For a page fetched from its URL: when (ISO 8601, UTC), kept as the time it entered
    the library."""


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One file, or one record or line of a file, that could not be imported."""

    path: str
    """The file the problem is in."""

    message: str
    """What went wrong, in words an analyst can act on."""

    line: int | None = None
    """The line (JSON Lines) or record number (JSON array), 1-based, if the problem is in one."""

    unit: str = "line"
    """What `line` counts: "line", or "record" for the items of a JSON array."""

    def __str__(self) -> str:
        where = f"{self.path}, {self.unit} {self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


@dataclass(slots=True)
class ImportResult:
    """What an import brought in, and what it could not."""

    imported: list[ImportedArticle] = field(default_factory=list)
    """The articles read, in file order."""

    problems: list[ImportProblem] = field(default_factory=list)
    """Files, records and lines that were not imported, each with its reason."""

    files: int = 0
    """How many files were read (or tried)."""

    @property
    def articles(self) -> list[Article]:
        """The imported articles alone."""
        return [item.article for item in self.imported]

    def extend(self, other: ImportResult) -> None:
        """Add another result's articles, problems and file count to this one."""
        self.imported.extend(other.imported)
        self.problems.extend(other.problems)
        self.files += other.files


# Dates --------------------------------------------------------------------------------------


def _date_from_number(value: float) -> str | None:
    """An ISO date from a Unix time in seconds or milliseconds."""
    seconds = value / 1000 if abs(value) > 1e11 else value
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


# HTML ---------------------------------------------------------------------------------------


def article_from_html(
    html: str | bytes, *, path: str | None = None, url: str | None = None
) -> ImportedArticle:
    """The article in a web page: main text, title, date, byline and site.

    Raises ArticleError if the page holds no article text.
    """
    article, page = article_from_page(html, path=path, url=url)
    return ImportedArticle(article, url=page.url, author=page.author)


# JSON ---------------------------------------------------------------------------------------


def _lookup(record: Mapping[str, Any], name: str) -> Any:
    """The value of field `name` (a dotted path for nested objects), case-insensitively."""
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, Mapping):
            return None
        if part in value:
            value = value[part]
            continue
        folded = part.casefold()
        value = next((v for k, v in value.items() if str(k).casefold() == folded), None)
    return value


def _field(record: Mapping[str, Any], role: str, field_map: Mapping[str, str]) -> Any:
    names = FIELD_NAMES[role]
    if role in field_map:
        names = (field_map[role], *names)
    for name in names:
        value = _lookup(record, name)
        if value is None or value == "" or value == []:
            continue
        if role == "source" and isinstance(value, Mapping):
            value = _lookup(value, "name")
            if value is None:
                continue
        return value
    return None


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [_as_text(item) for item in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, Mapping):
        return _as_text(_lookup(value, "name"))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


_NOT_A_WEB_ADDRESS = "the record's url is not an http or https address; it was left out"
"""The warning an article carries when its record named a URL newsdesk would not keep."""


def article_from_record(
    record: Mapping[str, Any],
    *,
    field_map: Mapping[str, str] | None = None,
    path: str | None = None,
) -> ImportedArticle:
    """The article in one JSON object; raises ArticleError if it has no text.

    `path` is where the record came from ("file#N"); the record's URL is preferred.
    """
    field_map = _checked_field_map(field_map)
    raw_text = _field(record, "text", field_map)
    if isinstance(raw_text, list) and all(isinstance(p, str) for p in raw_text):
        raw_text = "\n\n".join(raw_text)
    if not isinstance(raw_text, str) or not raw_text.strip():
        looked = ", ".join(
            ([field_map["text"]] if "text" in field_map else []) + list(FIELD_NAMES["text"])
        )
        raise ArticleError(f"no article text (looked for a text field: {looked})")
    given_url = _as_text(_field(record, "url", field_map))
    url = web_address(given_url)
    ignored = () if url or not given_url else (_NOT_A_WEB_ADDRESS,)
    raw_date = _field(record, "date", field_map)
    if isinstance(raw_date, (int, float)) and not isinstance(raw_date, bool):
        date = _date_from_number(raw_date)
    else:
        date = _as_text(raw_date)
    title = _as_text(_field(record, "title", field_map))
    outlet = _as_text(_field(record, "source", field_map))
    author = _as_text(_field(record, "author", field_map))
    if _WHOLE_PAGE.search(raw_text[:4000]):
        # A whole saved page has menus and banners around the story: extract it properly,
        # and let the page fill in what the record left out.
        page = article_from_html(raw_text, url=url)
        text = page.article.text
        url = url or page.url
        title, date = title or page.article.title, date or page.article.date
        outlet, author = outlet or page.article.source, author or page.author
    elif looks_like_html(raw_text):
        text = html_to_text(raw_text)
    else:
        text = raw_text
    if not text.strip():
        raise ArticleError("the text field holds HTML with no visible text")
    article = article_from_text(
        text,
        path=url or path,
        source=page_source(outlet, url),
        title=title,
        date=date,
        warnings=ignored,
    )
    return ImportedArticle(article, url=url, author=author)


def _checked_field_map(field_map: Mapping[str, str] | None) -> Mapping[str, str]:
    if not field_map:
        return {}
    unknown = sorted(set(field_map) - set(FIELD_NAMES))
    if unknown:
        raise ValueError(
            f"field_map names unknown parts {unknown}; known parts: {sorted(FIELD_NAMES)}"
        )
    return field_map


def _records_of_json(text: str, field_map: Mapping[str, str]) -> Iterator[tuple[int | None, Any]]:
    """(record number or None, object) for a JSON file; raises JSONDecodeError if not JSON."""
    data = json.loads(text)
    if isinstance(data, Mapping) and _field(data, "text", field_map) is None:
        # News APIs wrap their results: {"status": "ok", "articles": [...]}.
        wrapped = next((data[k] for k in WRAPPER_NAMES if isinstance(data.get(k), list)), None)
        if wrapped is not None:
            data = wrapped
    if isinstance(data, list):
        for number, item in enumerate(data, start=1):
            yield number, item
    else:
        yield None, data


def _records_of_json_lines(text: str) -> Iterator[tuple[int, Any | ValueError]]:
    """(line number, object or the error that line raised) for each non-blank line."""
    # Split on "\n" only: U+2028 may legally sit unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except ValueError as exc:
            yield number, _json_problem(exc)
        except RecursionError:
            yield number, ValueError("nested too deeply to read")


def _json_problem(exc: ValueError) -> ValueError:
    """What is wrong with a JSON text, in one line ("Expecting value, column 3")."""
    if isinstance(exc, json.JSONDecodeError):
        return ValueError(f"{exc.msg}, column {exc.colno}")
    # Python refuses integers of more than 4,300 digits (a denial-of-service guard).
    return ValueError(str(exc).split(";")[0])


_JSON_TYPE_NAMES = {
    "NoneType": "null",
    "str": "string",
    "int": "number",
    "float": "number",
    "bool": "true or false",
    "list": "list",
}


def _import_json(
    file: Path, data: bytes, field_map: Mapping[str, str], *, lines: bool
) -> ImportResult:
    result = ImportResult(files=1)
    name = os.fspath(file)
    text, warnings = decode_text(file, data)
    records: list[tuple[int | None, Any]]
    if lines:
        records = list(_records_of_json_lines(text))
    else:
        try:
            records = list(_records_of_json(text, field_map))
        except ValueError as exc:
            line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
            message = f"is not valid JSON ({_json_problem(exc)})"
            result.problems.append(ImportProblem(name, message, line))
            return result
        except RecursionError:
            result.problems.append(ImportProblem(name, "is nested too deeply to read"))
            return result
    many = len(records) > 1 or lines or (records and records[0][0] is not None)
    unit = "line" if lines else "record"
    for number, record in records:
        if isinstance(record, ValueError):
            message = f"is not valid JSON ({record})"
            result.problems.append(ImportProblem(name, message, number, unit))
            continue
        if not isinstance(record, Mapping):
            what = _JSON_TYPE_NAMES.get(type(record).__name__, type(record).__name__)
            message = f"holds a JSON {what}, not an article object"
            result.problems.append(ImportProblem(name, message, number, unit))
            continue
        location = f"{name}#{number}" if many and number is not None else name
        try:
            item = article_from_record(record, field_map=field_map, path=location)
        except ArticleError as exc:
            result.problems.append(ImportProblem(name, str(exc), number, unit))
            continue
        if warnings:
            item = ImportedArticle(
                _with_warnings(item.article, warnings), url=item.url, author=item.author
            )
        result.imported.append(item)
    if not records:
        result.problems.append(ImportProblem(name, "holds no articles"))
    return result


def _with_warnings(article: Article, warnings: tuple[str, ...]) -> Article:
    return article_from_text(
        article.text,
        path=article.path,
        source=article.source,
        title=article.title,
        date=article.date,
        warnings=article.warnings + warnings,
    )


# Files and folders --------------------------------------------------------------------------


def import_file(
    path: str | os.PathLike[str], *, field_map: Mapping[str, str] | None = None
) -> ImportResult:
    """Import one file by its suffix; problems are reported in the result, never raised."""
    file = Path(path)
    checked = _checked_field_map(field_map)
    suffix = file.suffix.lower()
    try:
        if suffix in JSON_SUFFIXES or suffix in JSON_LINES_SUFFIXES:
            return _import_json(
                file, read_article_bytes(file), checked, lines=suffix in JSON_LINES_SUFFIXES
            )
        if suffix in HTML_SUFFIXES:
            item = article_from_html(read_article_bytes(file), path=os.fspath(file))
        else:
            item = ImportedArticle(load_article(file))
    except ArticleError as exc:
        message = str(exc).removeprefix(f"{file}: ")
        return ImportResult(problems=[ImportProblem(os.fspath(file), message)], files=1)
    except (RecursionError, MemoryError, ValueError) as exc:
        # One hostile file (nesting a parser cannot follow, a number Python refuses) fails
        # alone; the files around it are still imported.
        message = f"cannot be read ({type(exc).__name__}: {str(exc).split(';')[0]})"
        return ImportResult(problems=[ImportProblem(os.fspath(file), message)], files=1)
    return ImportResult(imported=[item], files=1)


def import_path(
    path: str | os.PathLike[str],
    *,
    field_map: Mapping[str, str] | None = None,
    on_progress: Progress | None = None,
) -> ImportResult:
    """Import a file, or every supported file in a folder (recursively, sorted by path,
    hidden files and folders skipped). Problems are collected per file, line or record.

    `field_map` maps article parts to other JSON field names (e.g. {"text": "story_body"});
    `on_progress(done, total, name)` is called once before the first file (done=0) and after
    each file.
    """
    root = Path(path)
    checked = _checked_field_map(field_map)
    unreadable: list[tuple[str, str]] = []
    if root.is_dir():
        found, unreadable = files_in(root, SUPPORTED_SUFFIXES)
        files, names = [Path(f) for f, _ in found], [name for _, name in found]
    elif root.exists():
        files, names = [root], [root.name]
    else:
        problem = ImportProblem(os.fspath(root), "no such file or folder")
        return ImportResult(problems=[problem])
    result = ImportResult()
    for folder, why in unreadable:
        result.problems.append(ImportProblem(folder, f"cannot be read ({why})"))
    if not files and not unreadable:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        message = f"holds no file to import (newsdesk reads {kinds}; hidden files are skipped)"
        result.problems.append(ImportProblem(os.fspath(root), message))
    if on_progress is not None:
        on_progress(0, len(files), "")
    for done, (file, name) in enumerate(zip(files, names, strict=True), start=1):
        result.extend(import_file(file, field_map=checked))
        if on_progress is not None:
            on_progress(done, len(files), name)
    return result
