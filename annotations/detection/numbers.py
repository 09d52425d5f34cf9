"""Figures in text: counts, money, percentages, quantities, durations and dates, with values."""

from __future__ import annotations

import re
from collections.abc import Iterator

from annotations.detection.figure_values import parse_figure
from annotations.detection.number_words import UNITS_WORD
from annotations.detection.quick import quick_span, quick_value
from annotations.spans import NumberValue, Span

__all__ = ["NUMBER_PATTERN", "detect_numbers", "parse_figure"]


def _either_case(*phrases: str) -> str:
    """An alternation matching each phrase lowercase or with a capital first letter.

    Cheaper than a case-insensitive group, which keeps the regex engine from skipping ahead.
    """
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(f"[{p[0].upper()}{p[0]}]{re.escape(p[1:])}" for p in ordered) + ")"


_SCALES = "hundred|thousand|million|billion|trillion|dozen"
# Number words: the first word may be capitalised ("Dozens of", "Twenty-five"), the rest not.
_NUMWORD_CASED = (
    "(?:" + _either_case(*UNITS_WORD) + r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
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
_QUALIFIERS = (
    "up to", "more than", "less than", "fewer than", "at least", "at most", "as many as",
    "as few as", "no fewer than", "no more than", "not more than", "upwards of", "in excess of",
    "close to", "just over", "just under", "well over", "some", "about", "around", "nearly",
    "almost", "approximately", "roughly", "over", "under", "an estimated", "estimated",
    "approx.", "only", "just", "below", "above",
)
_QUAL = "(?:" + _either_case(*_QUALIFIERS) + r"\s)"
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
# "between 5 and 10" or "from 5 to 10" (one copy of the figure pattern for both: the pattern
# is long, and compiling it is most of the start-up), or a figure with a range after it.
_RANGE = (
    rf"(?:(?:(?P<between>[Bb]etween)|[Ff]rom)\s{_FIGURE}\s(?(between)(?:and|to)|to)\s{_FIGURE}"
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


def _openings() -> str:
    """A look-ahead that holds wherever a figure can open, and fails fast where none can.

    Every alternative of the pattern opens with a digit, a bracket, a point, a currency sign
    or code ("US$", "USD"), or one of the words below. Trying the whole pattern at a word that
    opens none ("government") costs microseconds; this look-ahead, grouped by first letter so
    the regex engine rejects most words on one character test, costs a fraction of that.
    """
    leads = [
        *UNITS_WORD, *_SCALES.split("|"), *_QUALIFIERS, "half", "tens of", "scores",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "spring", "summer", "autumn", "fall", "winter", "mid-", "early ", "late ", "past",
        "between", "from",
    ]
    rests: dict[str, list[str]] = {}
    for lead in leads:
        rests.setdefault(lead[0], []).append(re.escape(lead[1:]))
    # "the" and "a" open figures only before certain words: "the past 24 hours", "the 5th of
    # May", "the summer of 2017", "a few hundred", "a half".
    rests["t"].append(
        r"he\s(?:\d|past|last|next|first|coming|previous|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all"
        r"|[Ww]inter)"
    )
    rests["a"].append(rf" (?:half|few|{_SCALES})")
    rests["s"].append(rf"everal (?:{_SCALES})")
    by_letter = "|".join(
        f"[{first.upper()}{first}](?:{'|'.join(sorted(rest, key=len, reverse=True))})"
        for first, rest in sorted(rests.items())
    )
    return rf"(?=[\d(.$£€]|[A-Z]{{1,3}} ?\$|USD|GBP|EUR|{by_letter})"


NUMBER_PATTERN = re.compile(rf"(?<![\w.$£€-]){_openings()}(?:{_BODY})(?![\w$£€])")
"""The one compiled pattern every figure is found with."""


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
# The number words grouped by a stem they begin with, so the text is searched once a stem
# ("six" finds "sixteen" and "sixty") rather than once a word.
_TRIGGER_STEMS = (
    "one two three four five six seven eight nine ten eleven twel twent thirt fift forty "
    "hundred thousand million billion trillion dozen half scores zero".split()
)
_TRIGGERS_BY_STEM = tuple(
    (stem, tuple(w for w in _WORD_TRIGGERS if w.startswith(stem))) for stem in _TRIGGER_STEMS
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
    for stem, words in _TRIGGERS_BY_STEM:
        at = lowered.find(stem)
        while at >= 0:
            if at == 0 or not lowered[at - 1].isalpha():
                for word in words:
                    end = at + len(word)
                    if lowered.startswith(word, at) and (end >= size or not lowered[end].isalpha()):
                        found.append(at)
                        break
            at = lowered.find(stem, at + len(stem))
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
    # A long text writes the same figures again and again ("two", "2017", "$5 million"): each
    # distinct one is read once. Values are frozen, so the spans may share them.
    read: dict[tuple[str, str], tuple[str, NumberValue]] = {}
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
        known = read.get((figure, kind))
        if known is None:
            known = read[(figure, kind)] = parse_figure(figure, kind)
        label, value = known
        yield quick_span(start, end, "number", label, figure, value)


def detect_numbers(text: str) -> list[Span]:
    """Every figure in the text, in order, with its label and normalised value."""
    return list(_spans(text))
