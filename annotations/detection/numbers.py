"""Figures in text: counts, money, percentages, quantities, durations and dates, with values."""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotations.detection.quick import quick_span, quick_value
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
             "euros": "EUR", "euro": "EUR", "dinar": "dinar", "dinars": "dinar",
             "riyal": "riyal", "riyals": "riyal", "rupee": "INR", "rupees": "INR", "yen": "JPY",
             "yuan": "CNY", "roubles": "RUB", "rubles": "RUB", "rouble": "RUB", "ruble": "RUB",
             "lira": "lira", "pesos": "peso", "peso": "peso", "francs": "franc", "rand": "ZAR",
             "shekels": "ILS", "shekel": "ILS", "naira": "NGN"}
_DOLLARS = {"us": "USD", "nz": "NZD", "a": "AUD", "au": "AUD", "c": "CAD", "ca": "CAD",
            "hk": "HKD", "s": "SGD", "sg": "SGD"}
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
    "mm": "mm", "cm": "cm", "kilos": "kg", "nautical miles": "nmi", "acre": "acre-ft",
    "cu": "ft3/s", "cubic": "m3", "m3": "m3", "m³": "m3", "mph": "mph", "kph": "km/h",
    "mhz": "MHz", "ghz": "GHz", "khz": "kHz", "hz": "Hz", "mw": "MW", "gw": "GW", "kw": "kW",
    "kwh": "kWh", "gallons": "gal", "degrees": "°", "°c": "°C", "°f": "°F", "inch": "in",
    "inches": "in",
}
_DURATION = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "month": "month", "months": "month", "year": "year", "years": "year",
    "decade": "decade", "decades": "decade", "century": "century", "centuries": "century",
}


def _either_case(*phrases: str) -> str:
    """An alternation matching each phrase lowercase or with a capital first letter.

    Cheaper than a case-insensitive group, which keeps the regex engine from skipping ahead.
    """
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(f"[{p[0].upper()}{p[0]}]{re.escape(p[1:])}" for p in ordered) + ")"


_SCALES = "hundred|thousand|million|billion|trillion|dozen"
# Number words: the first word may be capitalised ("Dozens of", "Twenty-five"), the rest not.
_NUMWORD_CASED = (
    "(?:" + _either_case(*_UNITS_WORD) + r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"(?:[ -](?:{_SCALES})s?)*"
    rf"|(?:[Aa] |[Oo]ne )?half(?: a)?(?: (?:{_SCALES}))?|[Hh]alf(?: a)?(?: (?:{_SCALES}))?"
    rf"|(?:[Aa] |[Ss]everal |[Aa] few )?(?:{_SCALES})s?(?: of (?:thousands|millions|billions))?"
    rf"|(?:[Hh]undred|[Tt]housand|[Mm]illion|[Bb]illion|[Dd]ozen)s?"
    rf"(?: of (?:thousands|millions|billions))?"
    r"|[Tt]ens of (?:thousands|millions)|[Ss]cores)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_MAGNITUDE = r"(?:\s?(?:million|billion|trillion|thousand|hundred)\b|(?:m|mn|bn|k)\b)"
_NUM = rf"(?:{_DIGITS}{_MAGNITUDE}?|(?=[A-Za-z]){_NUMWORD_CASED}\b(?:\s(?:million|billion))?)"
# "$60", "$ 60" as some sources space it, "US$", "NZ$ 26 million", "£", "USD 5".
_CUR_PRE = r"(?:(?:[A-Z]{1,3} ?)?\$ ?|£ ?|€ ?|USD ?|GBP ?|EUR ?)"
_CUR_POST = (
    r"(?:\s(?:dollars|euros|pounds(?= sterling)|dollar|euro|dinars?|riyals?|rupees?|yen|yuan"
    r"|roubles?|rubles?|lira|pesos?|francs|rand|shekels?|naira)\b)"
)
_UNIT_RE = (
    r"(?:\s?%|\s(?:per ?cent|percent|percentage points)\b"
    r"|[\s-]?(?:square (?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?)|sq\.? ?km|km2|km²|m3/s"
    r"|kilomet(?:er|re)s?|km|miles?|met(?:er|re)s|ft|feet|foot|yards|mm|cm|kg|kilos|kilograms"
    r"|tons|tonnes|hectares|acres|litres|liters|barrels|nautical miles|acre-f(?:ee|oo)t"
    r"|cu\.? ?ft/s|cubic (?:feet|met(?:er|re)s)(?: (?:per|a) second)?|m3|m³|mi|mph|km/h|kph"
    r"|[MGk]?Hz|[MGk]W|kWh|gallons|inch(?:es)?|degrees(?: Celsius| Fahrenheit)?)\b"
    # a rate: "190 kilometers per hour", "200 km / h", "5 m/s"
    r"(?:\s?/\s?(?:h|hr|s)\b|\s(?:per|an|a) (?:hour|second|minute|day|year)\b)?|\s?°[CF]\b)"
)
_DUR_RE = (
    r"(?:[\s-](?:(?:more|additional|extra|further|straight|consecutive)\s)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))"
    r"\b)"
)
_QUAL = "(?:" + _either_case(
    "up to", "more than", "less than", "fewer than", "at least", "at most", "as many as",
    "as few as", "no fewer than", "no more than", "not more than", "upwards of", "in excess of",
    "close to", "just over", "just under", "well over", "some", "about", "around", "nearly",
    "almost", "approximately", "roughly", "over", "under", "an estimated", "estimated",
    "approx.", "only", "just", "below", "above",
) + r"\s)"
# "the last 24 hours", "past 24 hours"; a bare "last" is too often the verb ("to last 45 minutes").
_DUR_PRE = (
    r"(?:[Tt]he (?:past|last|next|first|coming|previous)\s|[Pp]ast\s)"
)
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
    rf"|(?:[Tt]he\s)?(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\sof\s{_YEAR}\b"
    rf"|\d{{1,2}}(?::\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)"
    rf"|[0-2]?\d:[0-5]\d(?:\s?(?:GMT|UTC|EST|EDT|PST|PDT|CET|BST)\b)?"
    rf"|\d{{1,4}}\s?(?:B\.C\.?|A\.D\.?|BC\b|AD\b)"
    rf"|(?:mid-|early |late )?{_YEAR}(?:['’]?s)?\b(?:{_DASH}(?:{_YEAR}|\d\d)\b)?"
    rf")"
)
_FIGURE = (
    rf"(?:{_CUR_PRE}{_NUM}|{_NUM}(?:-plus|\s?\+(?![\w+]))?(?:{_CUR_POST}|{_UNIT_RE}|{_DUR_RE})?)"
)
_RANGE = (
    rf"(?:[Bb]etween\s{_FIGURE}\s(?:and|to)\s{_FIGURE}|[Ff]rom\s{_FIGURE}\sto\s{_FIGURE}"
    rf"|{_QUAL}?{_FIGURE}(?:(?:{_DASH}|\s(?:to|or)\s){_FIGURE})?)"
)
_BODY = (
    # Telephone numbers, reference codes, a technical setting after its acronym ("FEC 5/6",
    # "QPSK 3/4") and "24/7" are not amounts.
    r"(?P<skip>\(?\d{3}\)?[ -.]\d{3}[-.]\d{4}|\d{5,}(?:-\d+)+"
    r"|(?<=[A-Z\d]{2} )\d{1,2}/\d{1,2}(?![/\d])|24/7(?![/\d]))"
    r"|(?P<century>\d{1,2}(?:st|nd|rd|th)[ -]centur(?:y|ies))"
    r"|(?P<ordinal>(?:\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th))"
    rf"|(?P<date>{_DATE})"
    rf"|(?P<dur>{_DUR_PRE}{_NUM}(?:-plus)?{_DUR_RE})"
    rf"|(?P<fig>{_RANGE}(?:\s(?:of\s)?(?:dollars|euros|pounds))?)"
)
NUMBER_PATTERN = re.compile(rf"(?<![\w.$£€-])(?:{_BODY})(?![\w$£€])")
"""The one compiled pattern every figure is found with."""

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
    return word[0].isdigit() or word[0] == "." or word in _UNITS_WORD or word in _SCALE_WORD \
        or word == "half"


def _read_number(words: list[str]) -> float | None:
    """The value of a run of digits and number words ("2.5 million", "twenty-five", "half")."""
    total = 0.0
    current: float | None = None
    for w in words:
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
    if not words or words[0] not in _VAGUE:
        return None
    low, high = _VAGUE[words[0]]
    for w in words[1:]:
        # "hundreds of thousands": the second plural scales both bounds by its unit.
        scale = _SCALE_WORD.get(w.rstrip("s"))
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
            month = _MONTHS[part.group()[:3].lower()]
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
        if w == "$" and k and words[k - 1] in _DOLLARS:
            # "NZ$", "HK $": the dollar of that country.
            return "money", _DOLLARS[words[k - 1]]
        if w in ("$", "£", "€"):
            return "money", _CURRENCY[w]
        if w in _CURRENCY and w != "pounds":
            return "money", _CURRENCY[w]
        if w == "pounds" and words[k + 1 : k + 2] == ["sterling"]:
            return "money", "GBP"
    for k, w in enumerate(words):
        if w in ("%", "percent", "percentage") or (w == "per" and words[k + 1 : k + 2] == ["cent"]):
            return "percent", "%"
        if w in ("square", "sq") and k + 1 < len(words):
            unit = _UNIT.get("square " + words[k + 1]) or _UNIT.get("sq " + words[k + 1])
            if unit:
                return "quantity", unit
        if w == "nautical":
            return "quantity", "nmi"
        if w in _UNIT:
            # Money was ruled out above, so a bare "m" here is metres, not millions.
            rest = words[k + 1 :]
            if rest[-1:] in (["h"], ["hr"], ["hour"]):
                return "quantity", _UNIT[w] + "/h"
            return "quantity", _UNIT[w]
    for w in reversed(words):
        if w in _DURATION:
            return "duration", _DURATION[w]
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
    if text.isdecimal() or text in _UNITS_WORD:
        # A bare count ("14", "nine"), by far the most common figure.
        value = float(text) if text.isdecimal() else float(_UNITS_WORD[text])
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


_ONE_NEXT = re.compile(r"\s+(?:of|or|another|day|way|side|hand|by|at a time)\b")
_ONE_PREV = re.compile(
    r"\b(?:number|last|no|any|every|each|this|that|the|which)\s+$",
    re.IGNORECASE,
)


_EVENT_NAME = re.compile(r"\b(?:Operation|Exercise)(?: [A-Z][\w'-]*){1,3} $")


def _in_name(text: str, start: int, end: int, figure: str) -> bool:
    """True for a number that is part of a unit's or a ship's name: an ordinal before a
    capitalised word ("158th Fighter Wing", "1st Class"), or a capitalised number word after
    one ("Mobile Unit Two")."""
    if figure[-1] in "htdst" and figure[0].isdigit() and figure[-2:] in ("st", "nd", "rd", "th"):
        return text[end : end + 1] == " " and text[end + 1 : end + 2].isupper()
    if figure.isdigit() and start >= 2 and text[start - 1] == " " and text[start - 2].isalpha():
        # "Exercise Eager Lion 16": the number is the edition of a named exercise or operation.
        return _EVENT_NAME.search(text, max(0, start - 60), start) is not None
    if figure[0].isupper() and figure.isalpha() and start >= 2 and text[start - 1] == " ":
        word_start = text.rfind(" ", 0, start - 1) + 1
        before = text[word_start : start - 1]
        # Mid-sentence, only a name capitalises a number word: "the Group of Seven",
        # "Mobile Unit Two".
        return before.isalpha() and (before[0].isupper() or before.islower())
    return False


# "a one-off payment", "one-on-one talks", "a one-sided vote", "his one-time ally".
_ONE_IDIOM = re.compile(r"-(?:off|on-one|sided|time)\b")


def _idiomatic_one(text: str, start: int, end: int) -> bool:
    """True for "one" as a pronoun or idiom ("one of", "number one", "the last one")."""
    return bool(
        _ONE_NEXT.match(text, end)
        or _ONE_IDIOM.match(text, end)
        or _ONE_PREV.search(text, max(0, start - 12), start)
    )


_ONE_IN_FIGURE = re.compile(r"(?:(?:only|just|some|about) )?([Oo]ne)(?: (day))?")


def _one_as_word(text: str, start: int, end: int, figure: str) -> bool:
    """True for "one" used as a word, not a count: a pronoun ("one in Baghdad"), an idiom
    ("only one way", "so that one day"), or after "the"/"number" ("number one priority")."""
    if "ne" not in figure:
        return False
    m = _ONE_IN_FIGURE.fullmatch(figure)
    if m is None:
        return False
    at, stop = start + m.start(1), start + m.end(1)
    if m.group(2):
        # "one day" reads as a duration except in "so that one day", "until one day".
        return bool(_ONE_DAY_PREV.search(text, max(0, at - 8), at))
    if _ONE_PRONOUN.match(text, stop) and not _ONE_RATIO.match(text, stop):
        # "including one in Baghdad": "one" stands for a thing named before it.
        return text[max(0, at - 12) : at].rstrip().endswith(("including", ","))
    return _idiomatic_one(text, at, stop)


_ONE_DAY_PREV = re.compile(r"\b(?:that|until|till|some)\s+$")
_ONE_PRONOUN = re.compile(r" (?:in|at|on|near|from)\b")
# "one in five", "one in every ten": a ratio is a figure.
_ONE_RATIO = re.compile(
    r" in (?:every |each )?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a )"
)
# "our two countries", "both our nations": the parties to a relationship, not a count.
_PARTIES = re.compile(r" (?:countries|nations|governments|peoples|states)\b")
_PARTY_OWNERS = ("our", "Our", "the", "The", "whose")


# "exchange it for one.", "cut the city in two,": a pronoun or an idiom closing a clause.
_CLOSING_PRONOUN = {"one": ("for", "with", "like", "to"), "two": ("in", "into")}


def _closing_pronoun(text: str, start: int, end: int, figure: str) -> bool:
    """True for "one" or "two" that ends a clause after a preposition: "for one.", "in two,"."""
    leads = _CLOSING_PRONOUN.get(figure.lower())
    if leads is None or (end < len(text) and text[end] not in ".,;:!?)"):
        return False
    before = text[max(0, start - 8) : start].split()
    return bool(before) and before[-1].lower() in leads


def _pair_of_parties(text: str, start: int, end: int, figure: str) -> bool:
    """True for "our two countries", "the 2 nations": the sides of a relationship."""
    if figure not in ("two", "2", "three", "3") or not _PARTIES.match(text, end):
        return False
    before = text[max(0, start - 8) : start].split()
    return bool(before) and before[-1] in _PARTY_OWNERS


# Every figure holds a digit, a currency sign or a number word; the full pattern is tried
# only near one of these, which keeps the scan fast on long articles.
_SIGN_TRIGGER = re.compile(r"[\d$£€]\d*")
_WORD_TRIGGERS = tuple(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred hundreds thousand thousands million millions billion billions trillion dozen "
    "dozens half tens scores zero".split()
)
_WORD_TRIGGER = re.compile(
    r"\d+|[$£€]|\b(?:[Oo]ne|[Tt](?:wo|hree|en|welve|wenty|hirt(?:y|een)|housands?|rillion|ens)"
    r"|[Ff](?:our(?:teen)?|ive|ift(?:y|een)|orty)|[Ss](?:ix(?:t(?:y|een))?|even(?:t(?:y|een))?"
    r"|cores)|[Ee](?:ight(?:y|een)?|leven)|[Nn]ine(?:t(?:y|een))?|[Hh](?:undreds?|alf)"
    r"|[Mm]illions?|[Bb]illions?|[Dd]ozens?|[Zz]ero)\b"
)
# How far back from its first digit or number word a figure may start
# ("Thursday, Dec. 15", "no fewer than 40", "the summer of 2017").
_LEAD_IN_WORDS = 4
_LEAD_IN = 40


def _triggers(text: str) -> list[int]:
    """Offsets of every digit run, currency sign and number word, in order."""
    lowered = text.lower()
    if len(lowered) != len(text):
        # A few characters change length when lowercased; offsets must stay true.
        return [m.start() for m in _WORD_TRIGGER.finditer(text)]
    found = [m.start() for m in _SIGN_TRIGGER.finditer(text)]
    size = len(text)
    for word in _WORD_TRIGGERS:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not lowered[at - 1].isalpha()) and (
                end >= size or not lowered[end].isalpha()
            ):
                found.append(at)
            at = lowered.find(word, end)
    found.sort()
    return found


def _matches(text: str) -> Iterator[re.Match[str]]:
    """The same matches as NUMBER_PATTERN.finditer(text), found from the triggers."""
    pos = 0
    for at in _triggers(text):
        if at < pos:
            continue
        # Start a few words back, where a qualifier or a weekday may begin.
        floor = max(pos, at - _LEAD_IN)
        begin = at
        for _ in range(_LEAD_IN_WORDS):
            space = text.rfind(" ", floor, begin - 1) if begin - 1 > floor else -1
            if space < 0:
                begin = floor
                break
            begin = space
        match = NUMBER_PATTERN.search(text, begin)
        if match is None:
            return
        pos = match.end()
        yield match


def _spans(text: str) -> Iterator[Span]:
    for match in _matches(text):
        kind = match.lastgroup or "fig"
        if kind == "skip":
            # Phone numbers and reference codes are not figures anyone compares.
            continue
        start, end = match.span()
        figure = match.group()
        if _in_name(text, start, end, figure):
            continue
        if kind == "century":
            # "the 20th century": the years 1900 to 1999.
            low = float((int(figure[: figure.index(" " if " " in figure else "-") - 2]) - 1) * 100)
            yield quick_span(start, end, "number", "date", figure, quick_value(low, low + 99))
            continue
        if kind == "ordinal":
            rank = float(figure.rstrip("stndrh").replace(",", ""))
            yield quick_span(start, end, "number", "count", figure, quick_value(rank, rank))
            continue
        if (
            _one_as_word(text, start, end, figure)
            or _pair_of_parties(text, start, end, figure)
            or _closing_pronoun(text, start, end, figure)
        ):
            continue
        label, value = parse_figure(figure, kind)
        yield quick_span(start, end, "number", label, figure, value)


def detect_numbers(text: str) -> list[Span]:
    """Every figure in the text, in order, with its label and normalised value."""
    return list(_spans(text))
