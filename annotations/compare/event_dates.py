"""When a claim says its event happened: weekdays and relative days read against the article's
date, and dates, as days that two claims can share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from annotations.spans import Span

__all__ = ["DAY_WORDS", "ClaimDates", "article_day", "claim_dates", "dates_relation"]

DAY_WORDS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
"""Weekday names and their `date.weekday()` numbers."""

_RELATIVE: dict[str, int] = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

_DAYS = (*DAY_WORDS, *_RELATIVE)
_DAY_WORD = re.compile(
    r"(?=[%s])(?<![\w'\u2019-])(?:%s)(?![\w'\u2019-])"
    % ("".join(sorted({word[0] for word in _DAYS})), "|".join(_DAYS)),
    re.I,
)
"""A weekday or relative day as a whole word: found without reading every word of a claim.
The leading lookahead on their first letters passes over most places with one test instead of
trying every word there (as `annotations.claims` does for sentence ends)."""


_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def article_day(written: str | None) -> date | None:
    """The day an article's date line states ("08 October 2017", "July 23, 2008", ISO)."""
    if not written:
        return None
    try:
        if found := _ISO.search(written):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if found := _DAY_MONTH_YEAR.search(written):
            month = _MONTHS.get(found[2].casefold())
            return date(int(found[3]), month, int(found[1])) if month else None
        if found := _MONTH_DAY_YEAR.search(written):
            month = _MONTHS.get(found[1].casefold())
            return date(int(found[3]), month, int(found[2])) if month else None
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class ClaimDates:
    """When a claim says its event happened, as comparable day strings."""

    days: frozenset[str]
    """ISO days or months ("2017-10-07", "2008-07"), or, without the article's date, weekday
    and relative words as written ("saturday", "yesterday")."""

    shown: tuple[str, ...] = ()
    """The words that gave them, for the analyst ("Saturday = 2017-10-07")."""


_NO_DATES = ClaimDates(frozenset())


def claim_dates(text: str, spans: Sequence[Span], day: date | None) -> ClaimDates:
    """The dates a claim states, normalised against its article's day when that is known.

    "on Saturday" in an article of Sunday 8 October 2017 is 2017-10-07: the last Saturday on
    or before the article's day, as news copy uses weekdays.
    """
    days: set[str] = set()
    shown: list[str] = []
    for span in spans:
        if span.label == "date" and span.value is not None and span.value.iso:
            iso = span.value.iso
            if not iso.startswith("-"):
                days.add(iso)
                shown.append(span.text)
    low_text = text.casefold()
    # Most claims name no day: a scan for the letters every day word holds skips them.
    named = "day" in low_text or "tonight" in low_text or "tomorrow" in low_text
    if not named and not days:
        return _NO_DATES
    for match in _DAY_WORD.finditer(text) if named else ():
        low = match.group().casefold()
        if low in DAY_WORDS:
            if day is None:
                days.add(low)
                shown.append(match.group())
            else:
                back = (day.weekday() - DAY_WORDS[low]) % 7
                found = (day - timedelta(days=back)).isoformat()
                days.add(found)
                shown.append(f"{match.group()} = {found}")
        elif low in _RELATIVE:
            if day is None:
                days.add(low)
                shown.append(match.group())
            else:
                found = (day + timedelta(days=_RELATIVE[low])).isoformat()
                days.add(found)
                shown.append(f"{match.group()} = {found}")
    return ClaimDates(frozenset(days), tuple(dict.fromkeys(shown)))


def dates_relation(a: ClaimDates, b: ClaimDates) -> tuple[str, ...] | None:
    """The days both claims give (agree), () when both give days that differ (clash), or None
    when either gives none. "2008-07" and "2008-07-23" agree: one is inside the other."""
    if not a.days or not b.days:
        return None
    shared = [
        x
        for x in sorted(a.days)
        for y in b.days
        if x == y or x.startswith(y + "-") or y.startswith(x + "-")
    ]
    comparable = any(_kind(x) == _kind(y) for x in a.days for y in b.days)
    if shared:
        return tuple(dict.fromkeys(shared))
    return () if comparable else None


def _kind(day: str) -> str:
    return "iso" if day[:1].isdigit() else "word"
