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
_CONNECTOR = (
    r"(?:of|for|the|on|de|du|al|el|az|ad|ash|ar|bu|bin|ibn|bint|van|von|der|la|da|and the|of the)"
)
_JOIN = rf"(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?)"
_RUN = re.compile(rf"(?<![\w'’-]){_WORD}(?:{_JOIN}{_WORD})*")
_CAP_MID = re.compile(r"(?<=[A-Za-z.,;] )[A-Z][\w’-]*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_ABBREVIATION = re.compile(
    r"(?:[A-Z]\.)+[A-Z]?|(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Cmdr|Brig|Gov|Sen|Rep|Rev"
    r"|Pvt|Cpl|Spc|Jr|Sr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Co|Corp|Inc|Ltd"
    r"|Mt|Ft|Prof|Pres|Amb|Messrs|Dept|Gov|Lt\.Gen|Maj\.Gen|Brig\.Gen|Lt\.Col)\."
)
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\xad"
_SENTENCE_END = frozenset(".!?:;\n•*#|>")
_QUOTES = "\"'“”‘’(«[-–— \t"
_PLACE_CUES = frozenset(
    "in near at from to into across outside around of toward towards throughout via "
    "against inside east west north south northeast northwest southeast southwest "
    "eastern western northern southern central province city town village".split()
)
_FUNCTION = frozenset(
    "The A An This That These Those Our Their His Her Its My Your We I It In On At Of For From To "
    "By With And Or But As If When While After Before During Since Until".split()
)
_EVENT_WORDS = frozenset("Operation Exercise".split())
# Agreements, laws and plans are documents, not people, organisations, places or groups.
_DOCUMENT_HEADS = frozenset(
    "Agreement Agreements Initiative Law Laws Convention Conventions Treaty Accord Accords "
    "Declaration Communique Communiqué Protocol Act Plan Framework Strategy Cessation "
    "Hostilities Talks Process Doctrine Charter Roadmap Memorandum Guidelines".split()
)
_BEFORE = re.compile(r"(\w+)\W*$")
_AFTER = re.compile(r"(?:[’']s\b|\W*)(\w+)?")


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
    while i >= 0 and (text[i] in _QUOTES or text[i].isspace() or text[i] in _INVISIBLE):
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


def _label(words: list[str], before: str, after: str, the: bool) -> str:
    """Person, org, place or group, from word lists and the words around the run.

    `before` is the word before the run, `after` the word after it (both lowercased, "'s" for
    a possessive), `the` whether the run is preceded by, or opens with, "the".
    """
    joined = " ".join(words)
    last = words[-1]
    # A title followed by a name, or a singular title on its own, names a person:
    # "Foreign Office Minister Tobias Ellwood", "the U.S. Secretary of State".
    for k, w in enumerate(words):
        if w in _STRONG_TITLES:
            rest = [x for x in words[k + 1 :] if x not in _CONNECTOR_WORDS]
            if not rest or not any(x in ORG_WORDS or x in _TITLE_FOLLOWERS for x in rest[-1:]):
                return "person"
    if joined in PLACES and joined not in _CITIES_ONLY:
        # A country that acts is the state: "The UK is", "the United States condemns".
        if the or after in _ACTING or (after in _ORG_NOUNS and joined in _SHORT_STATES):
            return "org"
        return "place"
    if joined in PLACES:
        return "place"
    if any(w in ORG_WORDS or w in ORG_ACRONYMS for w in words):
        if len(words) > 1 and last in PLACE_WORDS and last not in ORG_WORDS:
            return "place"
        return "org"
    if words[0] in FIRST_NAMES or (words[0] in PERSON_TITLES and len(words) > 1):
        return "person"
    if words[0] in ("Abu", "Umm") and len(words) > 1:
        return "person"
    if last in PLACE_WORDS or words[0] in _PLACE_OPENERS:
        return "place"
    if all(w in DEMONYMS for w in words):
        # "Iraqi security forces", "the Syrian people": the demonym stands for a body.
        return "org" if after in _ORG_NOUNS else "group"
    if all(w in PLACES or w in DEMONYMS for w in words):
        return "place" if last in PLACES else "group"
    if after in _SPEECH:
        return "person" if len(words) <= 3 else "org"
    if before in _PLACE_CUES:
        return "place"
    if len(words) in (2, 3, 4) and _INITIAL.search(joined):
        return "person"
    return "org"


_STRONG_TITLES = frozenset(
    "Secretary Minister President Envoy Ambassador Representative Spokesman Spokeswoman "
    "Spokesperson Chancellor King Queen Prince Sheikh Emir Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. "
    "Gen Gen. Lt Lt. Col Col. Capt Capt. Maj Maj. Sgt Sgt. Adm Adm. Brig Brig. Cmdr Cmdr. "
    "Officer Governor Mayor Senator Premier Secretary-General Vice-President Pvt Pvt. "
    "Cpl Cpl. Spc Spc. Sen Sen. Rep Rep. Gov Gov. Ayatollah Imam Pope Commodore "
    "Lieutenant Colonel Major Captain Sergeant Admiral Brigadier General HE".split()
)
_TITLE_FOLLOWERS = frozenset("Office Ministry Department Council Committee Command".split())
_CONNECTOR_WORDS = frozenset("of for the on de du al el".split())
# Regions never act as a state, so "the Gulf" stays a place.
_CITIES_ONLY = frozenset(
    ("Middle East", "Gulf", "Persian Gulf", "Europe", "Africa", "Asia", "Levant",
     "Mediterranean", "Caucasus", "North Caucasus", "Northern Caucasus", "Balkans", "Sinai",
     "Golan Heights", "West Bank", "Gaza", "Crimea", "Kurdistan")
)
_SHORT_STATES = frozenset("U.S. US UK U.K. U.K USA America".split())
_ACTING = frozenset(
    "is has was will would remains continues stands must should can could condemns supports "
    "reaffirms welcomes calls urges believes strongly also announced signed said says "
    "'s".split()
)
_ORG_NOUNS = frozenset(
    "forces force government governments army military troops officials authorities regime "
    "people peoples population security community communities opposition parties partners "
    "allies counterparts citizens service ships strike strikes airstrikes assistance support "
    "commitment efforts tribe tribes militia militias soldiers personnel navy delegation "
    "leadership leaders administration ministry police diplomats embassy".split()
)
_SPEECH = frozenset("said says told added stated explained noted commented wrote".split())
_PLACE_OPENERS = frozenset(
    "Mount Wadi Fort Jabal Jebel Tal Tell Ain Ayn Bir Qasr Kafr Deir Dayr Ras Camp Lake "
    "Port Cape Saint St. Al-Qaim".split()
)
_INITIAL = re.compile(r"\b[A-Z]\. [A-Z]")


def detect_names(text: str) -> list[Span]:
    """Every name in the text, in order, labelled person, org, place or group."""
    lower_seen = set(_LOWER_WORD.findall(text))
    cap_mid = set(_CAP_MID.findall(text))
    headings: dict[int, bool] = {}
    spans: list[Span] = []
    for match in _RUN.finditer(text):
        for words in _segments(_words_of(text, *match.span())):
            span = _judge(text, words, lower_seen, cap_mid, headings)
            if span is not None:
                spans.append(span)
    return _known_people(spans)


def _known_people(spans: list[Span]) -> list[Span]:
    """Relabel a lone surname as a person when the article named that person in full."""
    surnames = {
        s.text.split()[-1].rstrip(".,")
        for s in spans
        if s.label == "person" and " " in s.text
    }
    if not surnames:
        return spans
    out = []
    for span in spans:
        bare = span.text.split("'")[0].split("’")[0]
        if span.label != "person" and " " not in span.text and bare in surnames:
            span = Span(span.start, span.end, "name", "person", span.text)
        out.append(span)
    return out


def _segments(words: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Split a run where a word ends a sentence ("Al-Mayadeen. Gen. Igor")."""
    out: list[list[tuple[int, int, str]]] = [[]]
    for word in words:
        out[-1].append(word)
        w = word[2]
        if w.endswith(".") and not _ABBREVIATION.fullmatch(w):
            out.append([])
    return [seg for seg in out if seg]


def _heading(text: str, start: int, cache: dict[int, bool]) -> bool:
    """True when the run sits on a short title-case line without a closing stop."""
    line_start = text.rfind("\n", 0, start) + 1
    known = cache.get(line_start)
    if known is not None:
        return known
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    words = line.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    verdict = (
        0 < len(words) <= 14
        and not line.endswith((".", ":", '"', "”", ";", ","))
        and capitalised * 2 > len(words)
    )
    cache[line_start] = verdict
    return verdict


def _casual(word: str, lower_seen: set[str]) -> bool:
    """True for a word capitalised only by position: it is written lowercase elsewhere, or
    it is a common word, an -ing/-ly form, a day or a month, and no list knows it as a name."""
    if word in PLACES or word in DEMONYMS or word in ORG_ACRONYMS or word in FIRST_NAMES:
        return False
    lowered = word.lower()
    for mark in ("'", "’"):
        if mark in lowered:
            lowered = lowered.split(mark)[0]
    return (
        lowered in COMMON_CAPITALISED
        or word in TIME_WORDS
        or lowered in lower_seen
        or (lowered.endswith(("ing", "ly")) and word[1:].islower())
    )


def _lone_opener(text: str, word: tuple[int, int, str], cap_mid: set[str]) -> bool:
    """True for a lone sentence-opening word with no sign of being a name: no list knows it,
    it is not an acronym, and the text never capitalises it mid-sentence."""
    w = _strip(word[2]).split("'")[0]
    if w in PLACES or w in DEMONYMS or w in ORG_ACRONYMS or w in FIRST_NAMES or w in ORG_WORDS:
        return False
    if w.isupper() or "-" in w or w in cap_mid:
        return False
    return True


def _judge(
    text: str,
    words: list[tuple[int, int, str]],
    lower_seen: set[str],
    cap_mid: set[str],
    headings: dict[int, bool],
) -> Span | None:
    """The name a run holds once sentence-opening words are dropped, or None."""
    ws, _, w = words[-1]
    stripped = _strip(w)
    if stripped != w:
        if not stripped:
            return None
        words[-1] = (ws, ws + len(stripped), stripped)
    initial = _sentence_initial(text, words[0][0])
    if _heading(text, words[0][0], headings):
        # Title-case lines capitalise everything: keep only words that look like names.
        words = [x for x in words if not _casual(_strip(x[2]), lower_seen)]
        initial = False
    # Drop leading words that are capitalised only because they open a sentence; a
    # sentence-opening "The" stays when a name follows ("The Foreign Secretary").
    while words:
        first = _strip(words[0][2])
        if (
            initial
            and (first == "The" or first in PERSON_TITLES or first in ORG_WORDS)
            and len(words) > 1
            and not words[1][2].islower()
        ):
            break
        if (
            first in _FUNCTION
            or first in TIME_WORDS
            or (initial and _casual(first, lower_seen))
            or (initial and len(words) == 1 and _lone_opener(text, words[0], cap_mid))
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
    clean = [_strip(x[2]) for x in words if not x[2].islower()]
    if not clean or not any(c.isalpha() for c in clean[0]) or clean[0] in _EVENT_WORDS:
        return None
    if clean[-1] in _DOCUMENT_HEADS or (len(clean) > 1 and clean[0] in _DOCUMENT_HEADS):
        return None
    start, end = words[0][0], words[-1][1]
    before_match = _BEFORE.search(text, max(0, start - 30), start)
    before = before_match.group(1).lower() if before_match else ""
    after_match = _AFTER.match(text, end, min(len(text), end + 30))
    after = after_match.group(1).lower() if after_match and after_match.group(1) else ""
    if text.startswith(("'s", "’s"), end):
        after = "'s"
    the = clean[0] == "The" or before == "the"
    label = _label([c for c in clean if c != "The"] or clean, before, after, the)
    return Span(start, end, "name", label, text[start:end])
