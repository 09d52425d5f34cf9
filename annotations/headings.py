"""An article's title and date, read from the first lines of its text (or its file name)."""

from __future__ import annotations

import re
from pathlib import Path

from annotations.safe_text import single_line

__all__ = ["title_and_date"]

_TOP_CHARS = 16384
_TOP_LINES = 40


def title_and_date(
    text: str, *, path: str | None, title: str | None, date: str | None, markdown: bool
) -> tuple[str, str | None]:
    """The title and date to show for an article: those given, else those its first lines
    state (its first words if no line is a headline), else a title from its file name."""
    title = _display(title)
    date = _display(date)
    if title is None:
        headline, found_date, first_line = _infer_heading(text, markdown=markdown)
        title = _display(headline) or _display(_first_words(first_line))
        if date is None:
            date = _display(found_date)
    if title is None:
        title = _title_from_path(path)
    return title, date


def _display(value: str | None) -> str | None:
    """`value` on one line, its whitespace collapsed; None if nothing would show.

    Its other characters are kept as the source gave them (an escape sequence, a bidi
    override): the desk, the library and every export hold the article's own title, and
    whatever shows it makes them safe (`single_line`), as it does for an outlet."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed if single_line(collapsed).strip() else None


def _title_from_path(path: str | None) -> str:
    """The file's stem with `-` and `_` as spaces, for texts that offer no title."""
    if path:
        stem = Path(path).stem.replace("-", " ").replace("_", " ")
        shown = _display(stem)
        if shown:
            return shown
    return "Untitled article"


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
