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

from annotations.safe_text import single_line
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

_TOP_CHARS = 16384
_TOP_LINES = 40


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
    return _article(text, path=os.fspath(path), warnings=warnings, markdown=True)


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
            # One byte over the limit is enough to know a growing file is too large.
            data = handle.read(MAX_BYTES + 1)
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
    reader = READERS.get(file.suffix.lower(), _read_other)
    return reader(file, data)


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
) -> Article:
    """Make an Article from text: newlines normalised, id hashed, title and date inferred.

    The text is otherwise kept exactly, so offsets computed on it stay true.
    """
    return _article(
        text, path=path, source=source, title=title, date=date, warnings=warnings, markdown=False
    )


def _article(
    text: str,
    *,
    path: str | None = None,
    source: str | None = None,
    title: str | None = None,
    date: str | None = None,
    warnings: tuple[str, ...] = (),
    markdown: bool,
) -> Article:
    """article_from_text, reading Markdown headings and front matter when `markdown`."""
    text = normalise_newlines(text)
    # surrogatepass: a str can hold lone surrogates, and hashing must never fail on them.
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    title = _display(title)
    date = _display(date)
    if title is None:
        headline, found_date, first_line = _infer_heading(text, markdown=markdown)
        title = _display(headline) or _display(_first_words(first_line))
        if date is None:
            date = _display(found_date)
    if title is None:
        title = _title_from_path(path)
    return Article(
        id=digest,
        text=text,
        title=title,
        date=date,
        path=path,
        source=source,
        warnings=tuple(warnings),
    )


def _display(value: str | None) -> str | None:
    """A single-line display string: whitespace collapsed, controls replaced; None if blank."""
    if value is None:
        return None
    collapsed = single_line(" ".join(value.split())).strip()
    return collapsed or None


def _title_from_path(path: str | None) -> str:
    """The file's stem with `-` and `_` as spaces, for texts that offer no title."""
    if path:
        stem = Path(path).stem.replace("-", " ").replace("_", " ")
        shown = _display(stem)
        if shown:
            return shown
    return "Untitled article"


# Title and date inference -------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_WEEKDAY})?"
    rf"(?:{_DAY}\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+{_DAY},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4})"
)
_TIME = (
    r"(?:(?:\s*[,|\u2013\u2014-]\s*|\s+at\s+|\s+|T)"
    r"\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:Z|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|[a-z]{2,5}))?)?"
)
_DATE_LINE = re.compile(
    r"(?:(?:first\s+)?(?:published|updated|posted|last\s+updated|last\s+modified|date)"
    r"(?:\s+on)?\s*:?\s*)?"
    rf"(?P<date>{_DATE}{_TIME})",
    re.IGNORECASE,
)

_NAVIGATION = frozenset(
    """
    home menu main share shares latest news search subscribe subscriber subscribers sign in log
    login logout register account skip to content advertisement advert ad close print save
    bookmark email e mail tweet follow us on via the and for of page app breaking top stories
    more all back next previous related facebook twitter x whatsapp telegram linkedin instagram
    youtube reddit comments comment listen audio podcast podcasts watch video videos photos
    gallery live now this article sections section topics world politics opinion sport sports
    business markets economy science tech technology health culture arts entertainment travel
    trending popular most read min newsletter newsletters copy link help contact about updated
    hours hour minutes ago today
    """.split()
)
_BREADCRUMB = re.compile(r"[»›|]|\s>\s|(?:\s/\s.*){2}")
_WORD = re.compile(r"[^\W_]+")
_BYLINE = re.compile(r"by\s+\S+(?:\s+\S+){0,5}", re.IGNORECASE)
_MD_ATX = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?")
_MD_SETEXT = re.compile(r"=+|-+")
_SENTENCE_END = re.compile(r"[.,;:]$")


def _date_line(line: str) -> str | None:
    """The date a whole line states ("08 October 2017"), as written; None if it is not one."""
    if len(line) > 80:
        return None
    match = _DATE_LINE.fullmatch(line)
    return match.group("date") if match else None


def _is_furniture(line: str) -> bool:
    """True for page chrome above a headline: navigation, breadcrumbs, share bars, rules."""
    words = _WORD.findall(line.casefold())
    if not words:
        return True
    if _BREADCRUMB.search(line):
        return True
    named = [word for word in words if not word.isdigit()]  # "5 min read", "Updated 3 hours ago"
    if named and len(words) <= 6 and all(word in _NAVIGATION for word in named):
        return True
    return bool(_BYLINE.fullmatch(line))


def _looks_like_headline(line: str) -> bool:
    """True for a short line with no sentence-final punctuation."""
    return len(line) <= 150 and len(line.split()) <= 25 and not _SENTENCE_END.search(line)


def _top_lines(text: str, *, markdown: bool) -> list[str]:
    """The first lines of `text`, whitespace collapsed, Markdown emphasis marks trimmed."""
    lines = text[:_TOP_CHARS].split("\n", _TOP_LINES)[:_TOP_LINES]
    collapsed = [" ".join(line.split()) for line in lines]
    if markdown:
        collapsed = [
            line.strip("*_ ") if not _MD_SETEXT.fullmatch(line) else line for line in collapsed
        ]
    return collapsed


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """Fields of a leading YAML front-matter block ("title", "date") and lines it spans."""
    if not lines or lines[0] != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line in ("---", "..."):
            return fields, index + 1
        key, colon, value = line.partition(":")
        if colon:
            fields[key.strip().casefold()] = value.strip().strip("'\"")
    return {}, 0


def _infer_heading(text: str, *, markdown: bool = False) -> tuple[str | None, str | None, str]:
    """Find the headline, the article's date and the first paragraph line at the top of `text`.

    Page furniture (navigation, breadcrumbs, a date line of the page itself) is skipped. A date
    line right after the headline is the article's date; else any date line above it is used.
    Returns (headline or None, date or None, first paragraph line or "").
    """
    lines = _top_lines(text, markdown=markdown)
    start = 0
    if markdown:
        fields, start = _front_matter(lines)
        if fields.get("title"):
            return fields["title"], fields.get("date") or None, ""
    page_date: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if not line:
            continue
        if markdown:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            heading = _MD_ATX.fullmatch(line)
            if heading and heading.group(1) == "#" and heading.group(2):
                title = heading.group(2)
                return title, _date_after(lines, index + 1, page_date), ""
            if heading:
                line = heading.group(2)
            elif following and set(following) == {"="}:
                return line, _date_after(lines, index + 2, page_date), ""
        date = _date_line(line)
        if date is not None:
            page_date = page_date or date
            continue
        if _is_furniture(line):
            continue
        if _looks_like_headline(line):
            return line, _date_after(lines, index + 1, page_date), ""
        return None, page_date, line
    return None, page_date, ""


def _date_after(lines: list[str], start: int, page_date: str | None) -> str | None:
    """The date line among the first few lines below the headline, else `page_date`.

    A repeated headline, a standfirst or a byline may sit between the two; a line that is
    entirely a date is rare enough in body text that looking a few lines down is safe.
    """
    looked = 0
    for line in lines[start:]:
        if not line or _MD_SETEXT.fullmatch(line):
            continue
        date = _date_line(line)
        if date is not None:
            return date
        looked += 1
        if looked >= 4:
            break
    return page_date


def _first_words(line: str, count: int = 8, limit: int = 80) -> str | None:
    """The first `count` words of a paragraph and "…", cut at a word boundary."""
    if not _WORD.search(line):
        return None
    words = line.split(" ")
    picked: list[str] = []
    seen = 0
    for word in words:
        picked.append(word)
        seen += bool(_WORD.search(word))
        if seen == count:
            break
    short = " ".join(picked)
    if len(short) > limit:
        cut = short.rfind(" ", 0, limit)
        short = short[: cut if cut > limit // 2 else limit]
    if short == line:
        return line
    return short.rstrip(" ,;:\u2013\u2014-") + "\u2026"
