"""What a figure means: its value or range, whether it is approximate, its unit or date."""

from __future__ import annotations

import re

from annotations.detection.number_words import (
    CURRENCY,
    DOLLARS,
    DURATION,
    MONTHS,
    SCALE_WORD,
    UNIT,
    UNITS_WORD,
    VAGUE,
)
from annotations.detection.quick import quick_value
from annotations.spans import NumberValue

__all__ = [
    "parse_figure",
]


_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|m3/s|km2|km²|m3|m³|°[CF]|[A-Za-z]+"
    r"|[$£€%+]"
)
_ROUGH = frozenset(
    "some about around nearly almost approximately roughly estimated approx close".split()
)
_FLOOR = frozenset("more over above exceeding upwards excess least well plus".split())
_CEILING = frozenset("up less fewer under below most".split())
_RANGE_JOINS = frozenset(("to", "and", "or", "-", "–", "—"))
# Range ends: "5-6", "$1.7 million and $5.1 million"; "twenty-five" is one number.
_SPLIT_RANGE = re.compile(r"\s?[-–—]\s?(?=[\d$£€])|\s(?:to|and|or)\s")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d\d)")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_YEAR_ONLY = re.compile(r"(?:mid-|early |late )?(1[5-9]\d\d|20\d\d)(?:['’]?s)?")
_DATE_PARTS = re.compile(
    r"(?P<year>\b(?:1[5-9]\d\d|20\d\d)\b)"
    r"|(?P<month>\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)"
    r"|(?P<day>(?<![\d/:])[0-3]?\d(?=st|nd|rd|th|\b)(?![\d:]))"
)


def _is_numeric(word: str) -> bool:
    return word[0].isdigit() or word[0] == "." or word in UNITS_WORD or word in SCALE_WORD \
        or word == "half"


def _read_number(words: list[str]) -> float | None:
    """The value of a run of digits and number words ("2.5 million", "twenty-five", "half")."""
    total = 0.0
    current: float | None = None
    for w in words:
        if w[0].isdigit() or w[0] == ".":
            current = float(w.replace(",", ""))
        elif w in UNITS_WORD:
            current = (current or 0) + UNITS_WORD[w]
        elif w == "half":
            current = 0.5
        elif w in SCALE_WORD:
            scale = SCALE_WORD[w]
            base = 1.0 if current is None else current
            if scale >= 1000:
                total += base * scale
                current = None
            else:
                current = base * scale
    if current is not None:
        total += current
    elif total == 0:
        return None
    return total


def _vague(words: list[str]) -> tuple[float, float] | None:
    """Bounds for a vague plural ("dozens", "hundreds of thousands")."""
    if not words or words[0] not in VAGUE:
        return None
    low, high = VAGUE[words[0]]
    for w in words[1:]:
        # "hundreds of thousands": the second plural scales both bounds by its unit.
        scale = SCALE_WORD.get(w.rstrip("s"))
        if scale:
            low, high = low * scale, high * scale
    return float(low), float(high)


def _iso(text: str) -> str | None:
    """The date as far as it is known: "2017-10-08", "2017-10", "--12-06", or "2017"."""
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:
        # Day first, as British and most non-US sources write it, unless that is impossible.
        d, m, y = int(numeric.group(1)), int(numeric.group(2)), numeric.group(3)
        if m > 12 and d <= 12:
            d, m = m, d
        full = int(y) if len(y) == 4 else 2000 + int(y)
        return f"{full:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None
    if _ISO_DATE.fullmatch(text):
        return text
    year = month = day = None
    for part in _DATE_PARTS.finditer(text):
        kind = part.lastgroup
        if kind == "year" and year is None:
            year = part.group()
        elif kind == "month" and month is None:
            month = MONTHS[part.group()[:3].lower()]
        elif kind == "day" and day is None and 1 <= int(part.group()) <= 31:
            day = int(part.group())
    if month is None:
        return year
    if year and day:
        return f"{year}-{month:02d}-{day:02d}"
    if year:
        return f"{year}-{month:02d}"
    if day:
        return f"--{month:02d}-{day:02d}"
    return f"--{month:02d}"


def _unit_of(words: list[str]) -> tuple[str, str | None]:
    """Label and unit from the words of a figure: currency, percent, measure or duration."""
    for k, w in enumerate(words):
        if w == "$" and k and words[k - 1] in DOLLARS:
            # "NZ$", "HK $": the dollar of that country.
            return "money", DOLLARS[words[k - 1]]
        if w in ("$", "£", "€"):
            return "money", CURRENCY[w]
        if w in CURRENCY and w != "pounds":
            return "money", CURRENCY[w]
        if w == "pounds" and words[k + 1 : k + 2] == ["sterling"]:
            return "money", "GBP"
    for k, w in enumerate(words):
        if w in ("%", "percent", "percentage") or (w == "per" and words[k + 1 : k + 2] == ["cent"]):
            return "percent", "%"
        if w in ("square", "sq") and k + 1 < len(words):
            unit = UNIT.get("square " + words[k + 1]) or UNIT.get("sq " + words[k + 1])
            if unit:
                return "quantity", unit
        if w == "nautical":
            return "quantity", "nmi"
        if w in UNIT:
            # Money was ruled out above, so a bare "m" here is metres, not millions.
            rest = words[k + 1 :]
            if rest[-1:] in (["h"], ["hr"], ["hour"]):
                return "quantity", UNIT[w] + "/h"
            return "quantity", UNIT[w]
    for w in reversed(words):
        if w in DURATION:
            return "duration", DURATION[w]
    return "count", None


def parse_figure(text: str, kind: str) -> tuple[str, NumberValue]:
    """Label and normalised value of a matched figure; `kind` is the pattern group that hit."""
    if kind == "date":
        year = _YEAR_ONLY.fullmatch(text)
        iso = _iso(text)
        if year:
            value = float(year.group(1))
            return "date", quick_value(value, value, approximate=text[-1] == "s", iso=iso)
        return "date", quick_value(None, None, iso=iso)
    if text.isdecimal() or text in UNITS_WORD:
        # A bare count ("14", "nine"), by far the most common figure.
        value = float(text) if text.isdecimal() else float(UNITS_WORD[text])
        return "count", quick_value(value, value)
    words = [w.lower() for w in _TOKEN.findall(text)]
    label, unit = _unit_of(words)
    money = label == "money"
    first = words[0] if words else ""
    approximate = first in _ROUGH
    high_open = (
        first in _FLOOR or words[:2] == ["at", "least"] or "plus" in words or "+" in words
    )
    low_open = first in _CEILING or words[:2] in (["no", "more"], ["not", "more"])
    values: list[float] = []
    for part in _SPLIT_RANGE.split(text):
        part_words = [w.lower() for w in _TOKEN.findall(part)]
        # A bare "m" is millions after a currency ("£59.5m") and metres otherwise.
        numeric = [w for w in part_words if _is_numeric(w) and (money or w != "m")]
        number = _read_number(numeric) if numeric else None
        if number is None:
            bounds = _vague(part_words)
            if bounds:
                values.extend(bounds)
                approximate = True
            continue
        values.append(number)
    if not values:
        return label, quick_value(None, None, approximate=approximate, unit=unit)
    low, high = min(values), max(values)
    if high_open:
        return label, quick_value(low, None, approximate=approximate, unit=unit)
    if low_open:
        return label, quick_value(0.0, high, approximate=approximate, unit=unit)
    return label, quick_value(low, high, approximate=approximate, unit=unit)
