"""Articles: loading files into normalised text with a title, a date and a stable identity."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotations.headings import title_and_date
from annotations.web_pages import WebPage, read_page

__all__ = [
    "MAX_BYTES",
    "READERS",
    "Article",
    "ArticleError",
    "article_from_page",
    "article_from_text",
    "decode_text",
    "load_article",
    "normalise_newlines",
    "read_html",
    "read_article_bytes",
    "read_markdown",
    "read_plain_text",
]


class ArticleError(Exception):
    """An article could not be loaded; the message names the file and says why."""


@dataclass(frozen=True, slots=True)
class Article:
    """One report, its text normalised once at load so that every offset stays true."""

    id: str
    """Hash of the normalised text: the same article opened from another path has the same id."""

    text: str
    """The normalised text (newlines are "\\n"); every offset in newsdesk indexes this string."""

    title: str
    """The headline, inferred from the text, else its first words, else the file name."""

    date: str | None = None
    """The publication date as the text writes it ("08 October 2017"), if one was found."""

    path: str | None = None
    """Where the article was read from (a file path or a URL), if anywhere."""

    source: str | None = None
    """The outlet or site the article comes from, if known."""

    warnings: tuple[str, ...] = field(default=())
    """Problems met while loading that did not stop it (e.g. invalid UTF-8 replaced)."""


MAX_BYTES = 64 * 1024 * 1024
"""The largest article file newsdesk opens (64 MB); bigger files are refused, not truncated."""

_SNIFF = 8192
"""How many leading bytes and characters are examined to tell text from binary data."""

_MAX_CONTROL_SHARE = 0.10
"""Above this share of control characters, a file is binary, not an article."""

_MAX_BAD_SHARE = 0.30
"""Above this share of control or undecodable characters, a file is binary, not an article.

Generous, so a Latin-1 or Windows-1252 article (a few bad bytes per line) is still opened,
with a warning, while random or compressed data (mostly invalid UTF-8) is refused.
"""

# Loading ------------------------------------------------------------------------------------


def normalise_newlines(text: str) -> str:
    """Return `text` with CRLF and lone CR line ends turned into "\\n"."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(path: Path, data: bytes, *, strict: bool = False) -> tuple[str, tuple[str, ...]]:
    """Decode an article file's bytes, returning the text and any warnings to show.

    A UTF-8 BOM is dropped, a UTF-16 BOM selects UTF-16, anything else is UTF-8. Undecodable
    bytes become U+FFFD and are reported, unless `strict`, when they refuse the file.
    Raises ArticleError for binary data and for files with no text.
    """
    if not data:
        raise ArticleError(f"{path}: is empty")
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        # Checked first: the UTF-32 LE mark begins with the UTF-16 LE one.
        raise ArticleError(
            f"{path}: is UTF-32 text, which newsdesk does not read; save it as UTF-8"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "UTF-16"
        text, bad = _replace_lone_surrogates(_decode_utf16(data), data)
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        encoding = "UTF-8"
        if b"\x00" in data[:_SNIFF]:
            raise ArticleError(
                f"{path}: looks like a binary file, not text (it contains NUL bytes)"
            )
        try:
            text, bad = data.decode("utf-8"), 0
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
            # surrogateescape keeps one stand-in per bad byte; dropping them counts the bytes.
            kept = data.decode("utf-8", "surrogateescape").encode("utf-8", "ignore")
            bad = len(data) - len(kept)
    if bad and strict:
        raise ArticleError(
            f"{path}: is not a text file newsdesk can read "
            f"(unknown type {path.suffix or '(no suffix)'!r} and not valid {encoding})"
        )
    _refuse_binary(path, text, bad, len(data))
    if not text.strip():
        raise ArticleError(f"{path}: contains only whitespace, no text")
    warnings: tuple[str, ...] = ()
    if bad:
        warnings = (
            f"{path}: {bad} byte{'s' if bad != 1 else ''} of invalid {encoding} "
            "replaced with U+FFFD",
        )
    return text, warnings


def _decode_utf16(data: bytes) -> str:
    """Decode UTF-16 with its BOM, passing lone surrogates through for counting."""
    usable = data[: len(data) - len(data) % 2]
    text = usable.decode("utf-16", "surrogatepass")
    if len(data) % 2:
        text += "\ufffd"
    return text


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_lone_surrogates(text: str, data: bytes) -> tuple[str, int]:
    """Replace unpaired UTF-16 halves with U+FFFD; return the text and the bytes replaced."""
    lone = len(_LONE_SURROGATE.findall(text))
    if lone:
        text = _LONE_SURROGATE.sub("\ufffd", text)
    return text, 2 * lone + len(data) % 2


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _refuse_binary(path: Path, text: str, bad_bytes: int, size: int) -> None:
    """Raise ArticleError if decoded `text` is really binary data."""
    sample = text[:_SNIFF]
    if "\x00" in sample:
        raise ArticleError(f"{path}: looks like a binary file, not text (it contains NUL bytes)")
    if not sample:
        return
    controls = len(_CONTROL.findall(sample))
    replaced = sample.count("\ufffd")
    if controls / len(sample) > _MAX_CONTROL_SHARE or (
        (controls + replaced) / len(sample) > _MAX_BAD_SHARE
    ):
        share = round(100 * (controls + replaced) / len(sample))
        raise ArticleError(
            f"{path}: looks like a binary file, not text "
            f"({share}% of its first characters are control or undecodable characters)"
        )
    if size and bad_bytes / size > _MAX_BAD_SHARE:
        raise ArticleError(
            f"{path}: looks like a binary file, not text "
            f"({round(100 * bad_bytes / size)}% of its bytes are not valid text)"
        )


def read_plain_text(path: Path, data: bytes) -> Article:
    """Read a plain-text article (`.txt`)."""
    text, warnings = decode_text(path, data)
    return article_from_text(text, path=os.fspath(path), warnings=warnings)


def read_markdown(path: Path, data: bytes) -> Article:
    """Read a Markdown article (`.md`): a leading `# Heading` is the title; text kept as is."""
    text, warnings = decode_text(path, data)
    return article_from_text(text, path=os.fspath(path), warnings=warnings, markdown=True)


def _read_other(path: Path, data: bytes) -> Article:
    """Read a file of unknown type as plain text, if it is valid text at all."""
    text, warnings = decode_text(path, data, strict=True)
    return article_from_text(text, path=os.fspath(path), warnings=warnings)


def article_from_page(
    html: str | bytes, *, path: str | None = None, url: str | None = None
) -> tuple[Article, WebPage]:
    """The article in a web page (its path, else the page's URL, as its path), and what else
    the page says about it; ArticleError if the page holds no article text."""
    page = read_page(html, url=url)
    if page is None:
        where = f"{path}: " if path else ""
        raise ArticleError(f"{where}no article text found in the HTML")
    article = article_from_text(
        page.text,
        path=path if path is not None else page.url,
        source=page.source,
        title=page.title,
        date=page.date,
    )
    return article, page


def read_html(path: Path, data: bytes) -> Article:
    """Read a saved web page (`.html`, `.htm`): its main text, title, date and site."""
    return article_from_page(data, path=os.fspath(path))[0]


READERS: dict[str, Callable[[Path, bytes], Article]] = {
    ".txt": read_plain_text,
    ".text": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}
"""Reader for each file suffix (lower case); other suffixes are read as strict plain text.

Every reader is here from the start, so `load_article` reads a file the same way whatever
else has been imported.
"""


def load_article(path: str | os.PathLike[str]) -> Article:
    """Read the article at `path`; raises ArticleError, naming the file, if it cannot."""
    file = Path(path)
    data = read_article_bytes(file)
    reader = READERS.get(file.suffix.lower(), _read_other)
    return reader(file, data)


def read_article_bytes(file: Path) -> bytes:
    """The bytes of an article file (at most MAX_BYTES); raises ArticleError naming the file
    if it is missing, unreadable, not a regular file, or too large."""
    try:
        info = os.stat(file)
    except FileNotFoundError:
        raise ArticleError(f"{file}: no such file") from None
    except PermissionError:
        raise ArticleError(f"{file}: permission denied, newsdesk cannot read it") from None
    except (OSError, ValueError) as exc:
        raise ArticleError(f"{file}: cannot be opened ({_reason(exc)})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError(f"{file}: is a folder, not an article file")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError(f"{file}: is not a regular file")
    if info.st_size > MAX_BYTES:
        raise ArticleError(_too_large(file, f"{info.st_size / 2**20:.1f} MB"))
    try:
        with open(file, "rb") as handle:
            # Asking for the limit itself would allocate it for every small file; a file that
            # grew since `stat` is read on, and one byte over the limit is enough to know it is
            # too large.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_BYTES + 1 - len(data))
    except FileNotFoundError:
        raise ArticleError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{file}: is a folder, not an article file") from None
    except PermissionError:
        raise ArticleError(f"{file}: permission denied, newsdesk cannot read it") from None
    except OSError as exc:
        raise ArticleError(f"{file}: cannot be read ({_reason(exc)})") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(_too_large(file, "it grew while being read"))
    return data


def _reason(exc: Exception) -> str:
    """The human part of an OS error, without the errno noise."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


def _too_large(file: Path, size: str) -> str:
    """Message for a file over MAX_BYTES."""
    return f"{file}: is too large ({size}); newsdesk opens articles up to {MAX_BYTES // 2**20} MB"


# Building an Article ------------------------------------------------------------------------


def article_from_text(
    text: str,
    *,
    path: str | None = None,
    source: str | None = None,
    title: str | None = None,
    date: str | None = None,
    warnings: tuple[str, ...] = (),
    markdown: bool = False,
) -> Article:
    """Make an Article from text: newlines normalised, id hashed, title and date inferred
    (from Markdown headings and front matter too when `markdown`).

    The text is otherwise kept exactly, so offsets computed on it stay true.
    """
    text = normalise_newlines(text)
    # surrogatepass: a str can hold lone surrogates, and hashing must never fail on them.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    title, date = title_and_date(text, path=path, title=title, date=date, markdown=markdown)
    return Article(
        id=digest,
        text=text,
        title=title,
        date=date,
        path=path,
        source=source,
        warnings=tuple(warnings),
    )
