"""Figures in text: counts, money, percentages, quantities, durations and dates, with values."""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotations.spans import NumberValue, Span

__all__ = ["NUMBER_PATTERN", "detect_numbers", "parse_figure"]

_UNITS_WORD = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALE_WORD = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
    "k": 1_000, "dozen": 12,
}
# Plural scales are vague amounts: "hundreds" is at least 200, "dozens" at least 24.
_VAGUE = {
    "dozens": (24, 144), "hundreds": (200, 1_000), "thousands": (2_000, 10_000),
    "millions": (2_000_000, 10_000_000), "billions": (2_000_000_000, 10_000_000_000),
    "tens": (20, 100), "scores": (40, 200),
}
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_CURRENCY = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD",
             "£": "GBP", "gbp": "GBP", "pounds": "GBP", "€": "EUR", "eur": "EUR",
             "euros": "EUR", "euro": "EUR"}
_UNIT = {
    "%": "%", "percent": "%", "per cent": "%", "percentage points": "%",
    "km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
    "miles": "mi", "mile": "mi", "mi": "mi", "m": "m", "metres": "m", "meters": "m",
    "metre": "m", "meter": "m", "ft": "ft", "feet": "ft", "foot": "ft", "yards": "yd",
    "km2": "km2", "sq km": "km2", "square km": "km2", "square kilometers": "km2",
    "square kilometres": "km2", "square miles": "mi2", "square mile": "mi2",
    "square metres": "m2", "square meters": "m2", "hectares": "ha", "acres": "acre",
    "m3/s": "m3/s", "tons": "t", "tonnes": "t", "tonne": "t", "ton": "t", "kg": "kg",
    "kilograms": "kg", "pounds": "lb", "litres": "l", "liters": "l", "barrels": "bbl",
    "mm": "mm", "cm": "cm", "kilos": "kg", "nautical miles": "nmi",
}
_DURATION = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
}

_UNIT_WORDS = "|".join(sorted(_UNITS_WORD, key=len, reverse=True))
_SCALES = "hundred|thousand|million|billion|trillion|dozen"
_NUMWORD = (
    rf"(?:(?:{_UNIT_WORDS})(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"(?:[ -](?:{_SCALES})s?)*"
    rf"|(?:a |one )?half(?: a)?(?: (?:{_SCALES}))?"
    rf"|(?:a |several |a few )?(?:{_SCALES})s?(?: of (?:thousands|millions|billions))?"
    rf"|tens of (?:thousands|millions)|scores)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_MAGNITUDE = r"(?:\s?(?:million|billion|trillion|thousand|hundred)\b|(?:m|mn|bn|k)\b)"
_NUM = rf"(?:{_DIGITS}{_MAGNITUDE}?|(?i:{_NUMWORD})\b(?:\s(?:million|billion))?)"
_CUR_PRE = r"(?:US\$|\$|£|€|USD ?|GBP ?|EUR ?)"
_CUR_POST = r"(?:\s(?:dollars|euros|pounds(?= sterling)|dollar|euro)\b)"
_UNIT_RE = (
    r"(?:\s?%|\s(?:per ?cent|percent|percentage points)\b"
    r"|[\s-]?(?:square (?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?)|sq\.? ?km|km2|km²|m3/s"
    r"|kilomet(?:er|re)s?|km|miles?|met(?:er|re)s|ft|feet|foot|yards|mm|cm|kg|kilos|kilograms"
    r"|tons|tonnes|hectares|acres|litres|liters|barrels|nautical miles)\b)"
)
_DUR_RE = (
    r"(?:[\s-](?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))"
    r"\b)"
)
_QUAL = (
    r"(?:(?i:up to|more than|less than|fewer than|at least|at most|as many as|as few as|"
    r"no fewer than|no more than|not more than|upwards of|in excess of|close to|just over|"
    r"just under|well over|some|about|around|nearly|almost|approximately|roughly|over|under|"
    r"an estimated|estimated|approx\.|about|only|just|below|above|between|from)\s)"
)
_DUR_PRE = r"(?:(?i:the )?(?i:past|last|next|first|coming|previous)\s)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
)
_DOW = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s)"
_DAY = r"(?:[0-3]?\d(?:st|nd|rd|th)?)"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_DASH = r"\s?[-–—]\s?"
_DATE = (
    rf"(?:{_DOW}?(?:the\s)?{_DAY}(?:{_DASH}{_DAY})?\s(?:of\s)?{_MONTH}(?:,?\s{_YEAR}\b)?"
    rf"|{_DOW}?{_MONTH}\s?{_DAY}\b(?:{_DASH}{_DAY}\b)?(?:,?\s{_YEAR}\b)?"
    rf"|{_MONTH}\s{_YEAR}\b"
    rf"|\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d\d)\b"
    rf"|{_YEAR}-\d\d-\d\d\b"
    rf"|(?i:the\s)?(?i:spring|summer|autumn|fall|winter)\sof\s{_YEAR}\b"
    rf"|\d{{1,2}}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)"
    rf"|\d{{1,4}}\s?(?:B\.C\.?|A\.D\.?|BC\b|AD\b)"
    rf"|(?:mid-|early |late )?{_YEAR}s?\b(?:{_DASH}(?:{_YEAR}|\d\d)\b)?"
    rf")"
)
_FIGURE = (
    rf"(?:{_CUR_PRE}{_NUM}|{_NUM}(?:-plus)?(?:{_CUR_POST}|{_UNIT_RE}|{_DUR_RE})?)"
)
_RANGE = rf"{_FIGURE}(?:(?:{_DASH}|\s(?:to|and|or)\s){_FIGURE})?"
_BODY = (
    rf"(?P<date>{_DATE})"
    rf"|(?P<dur>{_DUR_PRE}{_NUM}{_DUR_RE})"
    rf"|(?P<fig>{_QUAL}?{_RANGE}(?:\s(?:of\s)?(?i:dollars|euros|pounds))?)"
)
NUMBER_PATTERN = re.compile(rf"(?<![\w.$£€-])(?:{_BODY})(?![\w$£€])")
"""The one compiled pattern every figure is found with."""

_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+|[a-z]+|[$£€%]|m3/s",
    re.IGNORECASE,
)
_ROUGH = frozenset(
    "some about around nearly almost approximately roughly estimated approx close".split()
)
_FLOOR = frozenset("more over above exceeding upwards excess least well".split())
_CEILING = frozenset("up less fewer under below most few".split())


def _read_number(words: list[str]) -> float | None:
    """The value of a run of digits and number words ("2.5 million", "twenty-five", "half")."""
    total = 0.0
    current: float | None = None
    for word in words:
        w = word.lower()
        if w[0].isdigit() or w[0] == ".":
            current = float(w.replace(",", ""))
        elif w in _UNITS_WORD:
            current = (current or 0) + _UNITS_WORD[w]
        elif w == "half":
            current = 0.5
        elif w in _SCALE_WORD:
            scale = _SCALE_WORD[w]
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
    lowered = [w.lower() for w in words]
    if not lowered or lowered[0] not in _VAGUE:
        return None
    low, high = _VAGUE[lowered[0]]
    for w in lowered[1:]:
        if w in _VAGUE:
            low, high = low * _VAGUE[w][0], high * _VAGUE[w][0]
        elif w in _SCALE_WORD:
            low, high = low * _SCALE_WORD[w], high * _SCALE_WORD[w]
    return float(low), float(high)


def _iso(text: str) -> str | None:
    """The date as far as it is known: "2017-10-08", "2017-10", "--12-06", or "2017"."""
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text)
    month = None
    for name, number in _MONTHS.items():
        if re.search(rf"\b{name[0].upper()}{name[1:]}", text):
            month = number
            break
    day_match = re.search(r"(?<![\d/:])([0-3]?\d)(?:st|nd|rd|th)?(?![\d:])", text)
    day = None
    if day_match and (not year or day_match.group(1) != year.group(1)[:2]):
        candidate = int(day_match.group(1))
        if 1 <= candidate <= 31 and (year is None or day_match.start() != year.start()):
            day = candidate
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d\d)", text.strip())
    if numeric:
        d, m, y = int(numeric.group(1)), int(numeric.group(2)), numeric.group(3)
        if m > 12 and d <= 12:
            d, m = m, d
        full = int(y) if len(y) == 4 else 2000 + int(y)
        if 1 <= m <= 12 and 1 <= d <= 31:
            return f"{full:04d}-{m:02d}-{d:02d}"
        return None
    iso_match = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text.strip())
    if iso_match:
        return text.strip()
    if month is None:
        return year.group(1) if year else None
    if year and day:
        return f"{year.group(1)}-{month:02d}-{day:02d}"
    if year:
        return f"{year.group(1)}-{month:02d}"
    if day:
        return f"--{month:02d}-{day:02d}"
    return f"--{month:02d}"


def parse_figure(text: str, kind: str) -> tuple[str, NumberValue]:
    """Label and normalised value of a matched figure; `kind` is the pattern group that hit."""
    if kind == "date":
        year = re.fullmatch(r"(?:mid-|early |late )?(1[5-9]\d\d|20\d\d)s?", text)
        iso = _iso(text)
        if year:
            value = float(year.group(1))
            return "date", NumberValue(value, value, approximate=text[-1] == "s", iso=iso)
        return "date", NumberValue(None, None, iso=iso)
    words = _TOKEN.findall(text)
    lowered = [w.lower() for w in words]
    approximate = False
    low_open = high_open = False
    if lowered and lowered[0] in _ROUGH:
        approximate = True
    if lowered and (lowered[0] in _FLOOR or lowered[:2] == ["at", "least"]):
        high_open = True
    if lowered and (lowered[0] in _CEILING or lowered[:2] == ["at", "most"]):
        low_open = True
    if lowered[:2] == ["no", "more"] or lowered[:2] == ["not", "more"]:
        low_open = True
    unit: str | None = None
    label = "count"
    lowered_text = text.lower()
    for sign, code in _CURRENCY.items():
        if (sign in "$£€" and sign in text) or re.search(rf"\b{re.escape(sign)}\b", lowered_text):
            unit, label = code, "money"
            break
    if unit is None:
        for word, code in sorted(_UNIT.items(), key=lambda item: -len(item[0])):
            if word == "%" and "%" in text:
                unit, label = "%", "percent"
                break
            if word != "%" and re.search(rf"(?<![\w/]){re.escape(word)}(?![\w/])", lowered_text):
                if word in ("m", "mn") and not re.search(r"\d\s?m\b.*[a-z]", lowered_text):
                    # "£59.5m" is a magnitude, not metres; a bare "m" after money was handled.
                    pass
                unit = code
                label = "percent" if code == "%" else "quantity"
                break
    if unit is None:
        for word in reversed(lowered):
            if word in _DURATION:
                unit, label = _DURATION[word], "duration"
                break
    # Split a range into its two ends; each end is read on its own.
    parts = re.split(r"\s?[-–—]\s?(?=[\d$£€a-zA-Z])|\s(?:to|and|or)\s", text)
    values: list[float] = []
    for part in parts:
        part_words = [w for w in _TOKEN.findall(part) if w.lower() not in _ROUGH]
        numeric = [w for w in part_words
                   if w[0].isdigit() or w[0] == "." or w.lower() in _UNITS_WORD
                   or w.lower() in _SCALE_WORD or w.lower() in ("half",)]
        if unit in ("m", "km", "mi", "mm", "cm", "kg", "ft", "t"):
            numeric = [w for w in numeric if w.lower() not in ("m", "k", "mn", "bn")
                       or w.lower() != unit]
        if label == "money" or unit not in ("m",):
            pass
        number = _read_number(numeric) if numeric else None
        if number is None:
            bounds = _vague(part_words)
            if bounds:
                values.extend(bounds)
                approximate = True
            continue
        values.append(number)
    if not values:
        return label, NumberValue(None, None, approximate=approximate, unit=unit)
    low, high = min(values), max(values)
    if "plus" in lowered:
        high_open = True
    if high_open:
        return label, NumberValue(low, None, approximate=approximate, unit=unit)
    if low_open:
        return label, NumberValue(0.0, high, approximate=approximate, unit=unit)
    return label, NumberValue(low, high, approximate=approximate, unit=unit)


def _spans(text: str) -> Iterator[Span]:
    for match in NUMBER_PATTERN.finditer(text):
        kind = match.lastgroup or "fig"
        start, end = match.span()
        figure = match.group()
        # Qualifier words like "over"/"from"/"between" belong to the figure only when they
        # lead into a real number; "between" without a second end is just a preposition.
        lowered = figure.lower()
        if kind == "fig" and (lowered.startswith("between ") or lowered.startswith("from ")):
            if not re.search(r"\s(?:and|to)\s|[-–—]", figure):
                start += figure.index(" ") + 1
                figure = text[start:end]
        label, value = parse_figure(figure, kind)
        yield Span(start, end, "number", label, figure, value)


def detect_numbers(text: str) -> list[Span]:
    """Every figure in the text, in order, with its label and normalised value."""
    return list(_spans(text))
