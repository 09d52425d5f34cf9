"""Claims: the sentences of an article that carry at least one number or name."""

# The splitter is hand-written rather than pysbd (unmaintained, and tens of times slower on a
# megabyte) or an NLP model (a download, which newsdesk must never need). One compiled regex
# finds every line break and sentence-final mark; only those few candidates get Python-level
# checks (abbreviations, initials, quotes running on), so cost follows the punctuation, not
# the characters.

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from annotations.spans import Span

__all__ = ["Claim", "find_claims", "sentence_bounds"]


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence the analyst can tag; offsets index the article text."""

    article_id: str
    """The `Article.id` this claim belongs to."""

    start: int
    """Index of the sentence's first character."""

    end: int
    """Index one past the sentence's last character."""

    text: str
    """The article text between start and end, exactly."""

    spans: tuple[Span, ...] = ()
    """The numbers and names inside the sentence, in order."""

    drawn: bool = False
    """True for a span the analyst drew (part of a sentence, or across sentences); False for
    a sentence, or a part of one the analyst split off or joined (see
    `annotations.claim_edits`)."""

    @property
    def numbers(self) -> tuple[Span, ...]:
        """The figures of the claim."""
        return tuple(s for s in self.spans if s.kind == "number")

    @property
    def names(self) -> tuple[Span, ...]:
        """The names of the claim."""
        return tuple(s for s in self.spans if s.kind == "name")


# A candidate opens with a character from one set, so the regex engine finds it with a tight
# scan of the text instead of trying the pattern at every position (under half the time of a
# leading lookahead); a lookbehind then tells a line break from a mark. A line break takes
# the blank lines and indent after it along, and a mark with only spaces before the line's
# end is no candidate: both would split off nothing but white space, which trimming drops.
# A report's marks mostly end paragraphs, so Python sees about a third of the candidates.
# The marks and quotes are read possessively (`*+`), so a mark run that ends its line is
# skipped whole, never matched again shorter; and a run is a candidate only from its first
# mark (a second lookbehind), as when every run was matched: else a line of n dots would be
# tried from each of them, n*n/2 steps. A mark runs from the match's start to the group
# `close`, which only marks have.
_CANDIDATE = re.compile(
    "[\n.!?\u2026\u3002\uff01\uff1f\u061f\u0964]"
    "(?:(?<=\n)\\s*"
    "|(?:(?<=[.!?\u2026])(?<![.!?\u2026]{2})[.!?\u2026]*+"
    "|(?<=[\u3002\uff01\uff1f\u061f\u0964])(?<![\u3002\uff01\uff1f\u061f\u0964]{2})"
    "[\u3002\uff01\uff1f\u061f\u0964]*+)"
    "(?P<close>[\"'\u201d\u2019\u00bb)\\]]*+)"
    "(?![^\\S\n]*+(?:\n|\\Z)))"
)
_GAP = re.compile(r"[^\S\n]*")
_OPENERS = "\"'\u201c\u2018(["
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_ATTRIBUTION = re.compile(
    r"(?:[^\W\d_][\w'\u2019-]*\s+){1,5}"
    r"(?:said|says|added|adds|told|tells|asked|asks|stated|noted|wrote|explained|warned"
    r"|insisted|replied|according)\b"
)

_ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof gen lt col maj capt cpt sgt cpl pvt cmdr cdr adm brig gov sen rep pres
    rev hon fr sr jr st mt ft messrs mme mlle esq supt insp det amb
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    approx est dept univ ave blvd vs
    """.split()
)
"""Words that end in a period without ending the sentence ("Gen. Igor Konashenkov")."""

_NUMBERING = frozenset("no nos art vol p pp fig ch sec para".split())
"""Abbreviations that only precede a number ("No. 5"); "no." before a word ends a sentence."""

_CLOSING_QUOTES = frozenset("\"'\u201d\u2019\u00bb")
_ASIAN_MARKS = frozenset("\u3002\uff01\uff1f")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the sentences of `text`, in order.

    Each sentence is trimmed of surrounding whitespace; together they cover every non-space
    character. A line break always ends a sentence (a headline is its own sentence). A period
    after an abbreviation, a title or an initial ("Gen.", "U.S.", "J. R. R."), a decimal point,
    an ellipsis, or a closing quote the sentence runs on from ('...," the ministry said') does
    not end one.
    """
    return list(_sentence_bounds(text))


@lru_cache(maxsize=16)
def _sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    # The same texts are split for their claims, then their sources and figures: once is
    # enough for the articles open together (a string caches its hash: a hit costs nothing).
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if match.lastindex is None:
            _add_trimmed(bounds, text, start, match.start())
            start = match.end()
        elif _ends_sentence(text, match):
            _add_trimmed(bounds, text, start, match.end())
            start = match.end()
    _add_trimmed(bounds, text, start, len(text))
    return tuple(bounds)


def _add_trimmed(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append [start, end) less its surrounding whitespace, unless nothing is left."""
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        # The usual piece, a line or a sentence ending one: two looks instead of a copy.
        bounds.append((start, end))
        return
    piece = text[start:end]
    stripped = piece.lstrip()
    if not stripped:
        return
    start += len(piece) - len(stripped)
    end = start + len(stripped.rstrip())
    bounds.append((start, end))


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Decide whether the sentence-final mark found by `match` really ends a sentence."""
    mark = text[match.start() : match.start("close")]
    after = match.end()
    gap = _GAP.match(text, after)
    follower_at = gap.end() if gap else after
    if follower_at >= len(text) or text[follower_at] == "\n":
        return True
    if mark[-1] in _ASIAN_MARKS:
        return True  # Chinese and Japanese put no space after a full stop.
    follower = text[follower_at]
    if follower_at == after:
        # No space: "he added.Moscow" is a boundary; "1.7", "U.S.A" and "example.com" are not.
        return mark == "." and follower.isupper() and _glued_word_ends(text, match.start())
    if "\u2026" in mark or mark.startswith(".."):
        return False  # An ellipsis trails off inside the sentence.
    if follower.islower() or follower in ",;:":
        return False  # '"Why?" he asked', '... destroyed," the ministry said'
    if mark == "." and _is_abbreviation(_word_before(text, match.start()), follower):
        return False
    close = match.group("close")
    if close and close[-1] in _CLOSING_QUOTES and _ATTRIBUTION.match(text, follower_at):
        return False  # '..." Konashenkov said.' is one claim with its attribution.
    return True


def _word_before(text: str, mark_start: int) -> str:
    """The word that a sentence-final mark at `mark_start` is attached to."""
    chunk = text[max(0, mark_start - 40) : mark_start]
    if not chunk or chunk[-1].isspace():
        return ""
    return chunk.rsplit(maxsplit=1)[-1].lstrip(_OPENERS)


def _glued_word_ends(text: str, mark_start: int) -> bool:
    """True if the word before a space-less period is plainly a sentence's last word."""
    word = _word_before(text, mark_start)
    return len(word) >= 2 and word[-1].islower() and word.isalpha()


def _is_abbreviation(word: str, follower: str) -> bool:
    """True if `word` followed by a period is an abbreviation, title or initial."""
    if not word:
        return False
    if _INITIALISM.fullmatch(word):
        return True  # "U.S", "U.N", "e.g", "a.m"
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. R. R. Tolkien"
    key = word.casefold()
    if key in _NUMBERING:
        return follower.isdigit()
    return key in _ABBREVIATIONS


_STATEMENT_ENDS = frozenset('.!?"\u201d')
"""The last characters of a sentence that states something: not a headline, not furniture."""

_START = attrgetter("start")
_END = attrgetter("end")


def find_claims(article_id: str, text: str, spans: Sequence[Span]) -> list[Claim]:
    """Return one Claim per sentence of `text` holding at least one span, with its spans.

    Page furniture is not a claim: a line that is only a date ("Tuesday, 17 July 2018"), a
    breadcrumb trail ("Main » Russian Federation strikes …") or a sign-off ("— Agencies",
    "– AFP/Reuters") states nothing to confirm, and a headline line repeated (the title
    again above the first paragraph) is the claim it repeats, not a second one.

    A span belongs to the sentence it starts in. If a span runs past the end of its sentence
    on the same line, the split there was wrong (no name or figure spans two sentences), so
    the sentences are joined into one claim. Line breaks are never joined across: a span
    crossing one stays with the sentence it starts in, and its end lies past `Claim.end`.
    Spans starting outside every sentence (in whitespace, or beyond the text) are dropped.
    """
    # Two stable sorts on one number each order by start, then end, in half the time of a
    # (start, end) key, which builds a tuple for each span and compares tuples.
    ordered = sorted(sorted(spans, key=_END), key=_START)
    bounds = sentence_bounds(text)
    claims: list[Claim] = []
    headlines: set[str] = set()
    in_body = False
    count = len(ordered)
    last = len(bounds) - 1
    taken = 0
    index = 0
    while index <= last and taken < count:
        start, end = bounds[index]
        while taken < count and ordered[taken].start < start:
            taken += 1
        first = taken
        reach = end
        while taken < count:
            span = ordered[taken]
            if span.start >= end:
                break
            taken += 1
            # Only a span reaching further than those before it can join another sentence.
            if span.end > reach:
                reach = span.end
                while reach > end and index < last:
                    next_start, next_end = bounds[index + 1]
                    if next_start >= reach or "\n" in text[end:next_start]:
                        break
                    index += 1
                    end = next_end
        members = tuple(ordered[first:taken])
        # A sentence closed by a stop, a mark or a closing quote (most are) is neither a
        # headline nor furniture: one look at its last character spares asking both.
        closed = text[end - 1] in _STATEMENT_ENDS
        headline = not closed and _is_headline_line(text, start, end)
        if members and (closed or not _is_furniture(text, start, end, members)):
            sentence = text[start:end]
            if headline and sentence in headlines:
                index += 1
                continue
            if headline and not in_body:
                headlines.add(sentence)
            claims.append(Claim(article_id, start, end, sentence, members))
        # The title is repeated only above the first paragraph: once the body has begun, a
        # line that reads like a headline again ("Killed: 12" twice in a table) is a claim.
        in_body = in_body or not headline
        index += 1
    return claims


_BREADCRUMB = re.compile(r"\s[»›]\s")
_DATELINE_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun
    on at published posted updated last modified date am pm gmt utc bst cet cest est edt
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")
_SIGN_OFF = re.compile(r"[\u2014\u2013-]{1,2}\s*(?:[A-Z][\w.&'\u2019-]*+[\s,/]*+){1,4}")
"""A dash and up to four capitalised words: "— Agencies", "– AFP/Reuters", "-- Staff".

Each word is read whole and never given back (possessive `*+`): a word's letters could
otherwise be cut into four "words" in every possible way before a line like "- AAAA…;" is
found not to be a sign-off, time growing with the fourth power of the word. The lines it
matches are the same: words run together are one word either way."""


def _is_headline_line(text: str, start: int, end: int) -> bool:
    """True for a sentence that is a whole line and ends without a full stop: a headline."""
    whole_line = (start == 0 or text[start - 1] == "\n") and text[end : end + 1] in ("", "\n")
    last = text[end - 1 : end]
    return whole_line and last not in _STATEMENT_ENDS and last != ":"


_NOT_SPACE = re.compile(r"\S")


def _ends_text(text: str, at: int) -> bool:
    """True if nothing but white space follows `at`: read up to the next character that is
    not, never the rest of the text (a list of a thousand one-name lines asks for each)."""
    return _NOT_SPACE.search(text, at) is None


def _is_furniture(text: str, start: int, end: int, spans: Sequence[Span]) -> bool:
    """True for a line of page furniture that states nothing: a dateline ("Tuesday, 17 July
    2018", "Published on 08 October 2017") or a breadcrumb trail ("Main » World » …")."""
    if text[end - 1 : end] in _STATEMENT_ENDS:
        return False
    if _SIGN_OFF.fullmatch(text, start, end) and (
        text[start - 1 : start] not in ("", "\n") or _ends_text(text, end)
    ):
        # After the last sentence of a paragraph, or closing the text: a list item
        # ("- Russia" on a line of its own, mid-text) is not a sign-off.
        return True
    if _BREADCRUMB.search(text, start, end):
        # A quotation in guillemets (« … ») is speech, not a trail of links.
        return not any(mark in text[start:end] for mark in "«‹")
    if any(span.kind != "number" or span.label != "date" for span in spans):
        return False
    rest = [text[start : spans[0].start]]
    rest += [text[a.end : b.start] for a, b in zip(spans, spans[1:], strict=False)]
    rest.append(text[spans[-1].end : end])
    return all(
        word.casefold() in _DATELINE_WORDS for piece in rest for word in _WORD.findall(piece)
    )
