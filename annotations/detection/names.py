"""Names in text: people, organisations, places and groups, found from capitalisation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.detection.lexicon import (
    COMMON_CAPITALISED,
    DEMONYMS,
    FIRST_NAMES,
    ORG_ACRONYMS,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_WORDS,
    PLACES,
    TIME_WORDS,
)
from annotations.spans import Span

__all__ = ["detect_names"]

_PARTICLE = r"(?:al|el|ad|as|ash|an|ar|at|az|bin|ibn|abu|de|del|da|le|la)"
_WORD = rf"(?:[A-Z][\w'’&.]*(?:-[\w'’&.]+)*|{_PARTICLE}-[A-Z][\w'’.]*(?:-[\w'’.]+)*)"
_CONNECTOR = r"(?:of|for|the|on|de|du|al|el|bin|ibn|bint|van|von|der|la|da|and the|of the)"
_JOIN = rf"(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?)"
_RUN = re.compile(rf"(?<![\w'’-]){_WORD}(?:{_JOIN}{_WORD})*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)+[A-Z]?|(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Cmdr|Brig|Gov|Sen|Rep|Rev"
    r"|Pvt|Cpl|Spc|Jr|Sr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Co|Corp|Inc|Ltd"
    r"|Mt|Ft|Prof|Pres|Amb|Messrs|Dept|Gov|Lt\.Gen|Maj\.Gen|Brig\.Gen|Lt\.Col)\."
)
_SENTENCE_END = frozenset(".!?:;\n•*#|>")
_QUOTES = "\"'“”‘’(«[-–— \t"
_PLACE_CUES = frozenset(
    "in near at from to into across outside around of toward towards throughout via "
    "against inside east west north south northeast northwest southeast southwest "
    "eastern western northern southern central province city town village".split()
)
_LEADING_DROP = frozenset(w.capitalize() for w in COMMON_CAPITALISED) | TIME_WORDS


@dataclass(slots=True)
class _Candidate:
    """A capitalised run before it is judged."""

    start: int
    end: int
    words: list[tuple[int, int, str]]
    initial: bool


def _sentence_initial(text: str, start: int) -> bool:
    """True when only quotes, brackets or spaces stand between the start and a sentence end."""
    i = start - 1
    while i >= 0 and text[i] in _QUOTES:
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in _SENTENCE_END:
        if ch == "." and i >= 1:
            # "Gen. Igor" and "U.S. forces": an abbreviation is not a sentence end.
            j = i
            while j > 0 and text[j - 1].isalpha():
                j -= 1
            token = text[j : i + 1]
            if _ABBREVIATION.fullmatch(token) and token[:-1] not in ("Mr", "Mrs", "Dr"):
                return token[:-1].lower() in COMMON_CAPITALISED
        return True
    return text[i] == "\n"


def _words_of(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for m in re.finditer(r"\S+", text[start:end]):
        out.append((start + m.start(), start + m.end(), m.group()))
    return out


def _strip(word: str) -> str:
    """The word without a possessive or a sentence-final full stop."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("s'", "s’")):
        word = word[:-1]
    if word.endswith(".") and not _ABBREVIATION.fullmatch(word):
        word = word.rstrip(".")
    return word


def _label(words: list[str], before: str) -> str:
    """Person, org, place or group, from word lists and the word before the run."""
    joined = " ".join(words)
    last = words[-1]
    if joined in PLACES:
        return "place"
    if any(w in ORG_WORDS or w in ORG_ACRONYMS for w in words):
        if len(words) > 1 and words[-1] in PLACE_WORDS and words[-1] not in ORG_WORDS:
            return "place"
        return "org"
    if words[0] in FIRST_NAMES or (words[0] in PERSON_TITLES and len(words) > 1):
        return "person"
    if words[0].lower().startswith(("abu", "umm")) and len(words) > 1:
        return "person"
    if last in PLACE_WORDS:
        return "place"
    if len(words) == 1 and last in DEMONYMS:
        return "group"
    if all(w in PLACES or w in DEMONYMS for w in words):
        return "place" if words[-1] in PLACES else "group"
    if before in _PLACE_CUES:
        return "place"
    if last.isupper() and len(last) > 1:
        return "org"
    if len(words) in (2, 3) and all(w[:1].isupper() and w[1:].islower() for w in words):
        return "person"
    return "org"


def detect_names(text: str) -> list[Span]:
    """Every name in the text, in order, labelled person, org, place or group."""
    lower_seen = set(_LOWER_WORD.findall(text))
    spans: list[Span] = []
    for match in _RUN.finditer(text):
        for words in _segments(_words_of(text, *match.span())):
            span = _judge(text, words, lower_seen)
            if span is not None:
                spans.append(span)
    return spans


def _segments(words: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Split a run where a word ends a sentence ("Al-Mayadeen. Gen. Igor")."""
    out: list[list[tuple[int, int, str]]] = [[]]
    for word in words:
        out[-1].append(word)
        w = word[2]
        if w.endswith(".") and not _ABBREVIATION.fullmatch(w):
            out.append([])
    return [seg for seg in out if seg]


def _judge(text: str, words: list[tuple[int, int, str]], lower_seen: set[str]) -> Span | None:
    """The name a run holds once sentence-opening words are dropped, or None."""
    if True:
        start, end = words[0][0], words[-1][1]
        # Trim a sentence-final stop off the last word; keep abbreviations like "U.S.".
        ws, we, w = words[-1]
        stripped = _strip(w)
        if stripped != w:
            if not stripped:
                return None
            words[-1] = (ws, ws + len(stripped), stripped)
            end = ws + len(stripped)
        initial = _sentence_initial(text, start)
        # Drop leading words that are capitalised only because they open a sentence.
        while words:
            first = _strip(words[0][2])
            if first in _LEADING_DROP or (
                initial
                and first.lower() in lower_seen
                and first not in PLACES
                and first not in DEMONYMS
                and first not in ORG_ACRONYMS
            ):
                words.pop(0)
                while words and words[0][2].islower():
                    words.pop(0)
                initial = False
                continue
            break
        while words and (words[-1][2].islower() or _strip(words[-1][2]) in TIME_WORDS):
            words.pop()
        if not words:
            return None
        start, end = words[0][0], words[-1][1]
        clean = [_strip(w) for _, _, w in words if not w.islower()]
        if not clean or not any(c.isalpha() for c in clean[0]):
            return None
        before_match = re.search(r"(\w+)\W*$", text[max(0, start - 30) : start])
        before = before_match.group(1).lower() if before_match else ""
        label = _label(clean, before)
        return Span(start, end, "name", label, text[start:end])
