"""The key of a name: one normalised form for every spelling, transliteration and suffix."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter

from anyascii import anyascii

__all__ = [
    "COMPANY_SUFFIXES",
    "DESIGNATORS",
    "TITLES",
    "acronym_of",
    "compact_key",
    "initials",
    "key_tail",
    "name_key",
    "name_skeleton",
    "plain",
    "strip_possessive",
    "token_bounds",
]

_PARTICLES = frozenset("al el ad ed as es ar er at et ash esh az ez an en ul ud the".split())
"""Arabic article spellings (and English "the") that come and go between transliterations."""

TITLES = frozenset(
    """gen general lt col colonel maj major brig capt captain sgt sergeant president pres prime
    minister mr mrs ms dr sheikh shaikh sheik imam king queen prince princess emir spokesman
    spokeswoman spokesperson adm admiral gov governor sen senator rep representative mayor
    judge justice secretary chancellor chairman chairwoman chief deputy director sir lord lady
    rev reverend pope elect actress actor singer rapper star coach""".split()
)
"""Ranks, offices and callings that precede a person's name in some reports and not others
("President-elect Barack Obama", "Actress Tara Reid"): kept as a role, not as the name."""

_PLACE_WORDS = frozenset(
    {"province", "governorate", "city", "town", "region", "district", "village", "area"}
)
"""Trailing generic words: "Deir Ezzor province" is still Deir Ezzor."""

COMPANY_SUFFIXES = frozenset(
    "inc incorporated corp corporation co ltd limited llc plc ag sa nv gmbh".split()
)
"""Legal forms that some reports add to a company's name and others leave out."""

DESIGNATORS = COMPANY_SUFFIXES | frozenset(
    """center centre clinic hospital university college institute school academy technologies
    technology systems group company foundation association agency bank church club society
    network service services department ministry office council committee commission union
    league team studios airlines laboratories labs""".split()
)
"""Words that make a name an institution's: "Promises Treatment Center" is short for nothing,
but "Promises" is short for it."""

_TOKEN_FOLDS: Mapping[str, str] = {
    "albu": "abu",
    "bou": "abu",
    "abou": "abu",
    "northern": "north",
    "southern": "south",
    "eastern": "east",
    "western": "west",
}
"""Whole-word variants no letter rule catches ("Northern Caucasus" is the North Caucasus)."""

ACRONYM_SKIPS = frozenset("of and the for & de du des la le".split())
"""Words an acronym leaves out: "UNHCR" is the UN High Commissioner for Refugees."""

_DOUBLED = re.compile(r"(.)\1+")
"""A letter written twice or more ("Mayaddeen"): transliterations double letters at will."""
_LETTER = itemgetter(1)
"""A `_DOUBLED` match's letter, as its replacement: a function in C, where the template
"\\1" runs Python code at each call on Python 3.11 (a quarter of the time a key takes)."""
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u02bc\u02bf\u02be.]")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ASSIMILATED = re.compile(r"^[ae]([tdrzsnl])\1")
_VOWELS = re.compile(r"[aeiouy]")
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019](?:s\b)?$", re.IGNORECASE)
_PARTICIPLE_TAIL = re.compile(
    r"-(?:held|led|backed|controlled|based|born|owned|allied|aligned|linked|affiliated"
    r"|inspired|occupied|run|sponsored|funded|supported|dominated|friendly)$"
)
"""A participle hyphenated onto a name ("ISIL-held", "U.S.-led") says what the name did: the
entity is the name before it."""


def strip_possessive(text: str) -> str:
    """ "Lohan's" and "Chargers'" name Lohan and the Chargers."""
    return _POSSESSIVE.sub("", text)


def plain(text: str) -> str:
    """Lowercase ASCII, no apostrophes or dots: Da'esh, U.S., Ḥomṣ and Шойгу all have one."""
    if text.isascii():
        # Nothing to transliterate or decompose: most names, and every name of the lexicons.
        return _APOSTROPHES.sub("", text.casefold())
    # Transliterate whole letters first: NFKD would turn "й" into "и" and a lost breve.
    decomposed = unicodedata.normalize("NFKD", anyascii(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", stripped.casefold())


def _fold_token(token: str) -> str:
    token = _TOKEN_FOLDS.get(token, token)
    # "Ezzor", "Assad": a sun letter doubled after a vowel is the article assimilated (ez-Zor).
    if len(token) >= 5 and _ASSIMILATED.match(token):
        token = token[2:]
    token = token.replace("ei", "e").replace("ee", "i").replace("ou", "u").replace("oo", "u")
    token = token.replace("dh", "z").replace("ph", "f").replace("kh", "k").replace("q", "k")
    return _DOUBLED.sub(_LETTER, token)


def words_of(text: str) -> list[str]:
    """The plain words of a name, a trailing participle and possessive left out."""
    bare = _PARTICIPLE_TAIL.sub("", strip_possessive(text.strip()))
    return [w for w in _NON_WORD.split(plain(bare)) if w]


def _without_trailing(words: list[str], dropped: frozenset[str]) -> list[str]:
    """`words` without the `dropped` ones at their end, the first word kept whatever it is.
    Cut once: dropping them one copy of the list at a time is quadratic in a capitalised run
    ("Acme Co Co Co ...", detected as one name)."""
    end = len(words)
    while end > 1 and words[end - 1] in dropped:
        end -= 1
    return words[:end] if end < len(words) else words


def _tokens(text: str, label: str = "") -> list[str]:
    words = words_of(text)
    if label == "person":
        # "Russian Defense Minister Sergei Shoigu" is Sergei Shoigu: drop up to the last title.
        titles = [i for i, w in enumerate(words[:-1]) if w in TITLES]
        if titles:
            words = words[titles[-1] + 1 :]
    if label == "place":
        words = _without_trailing(words, _PLACE_WORDS)
    words = _without_trailing(words, COMPANY_SUFFIXES)
    kept = [w for i, w in enumerate(words) if not (w in _PARTICLES and i < len(words) - 1)]
    if len(kept) >= 3:
        # "Raj K. Chohan" is Raj Chohan: a middle initial comes and goes between reports.
        kept = [kept[0], *(w for w in kept[1:-1] if len(w) > 1), kept[-1]]
    return [_fold_token(w) for w in (kept or words)]


def key_tail(text: str) -> str | None:
    """The last word of the key of any name that ends in `text` after words and spaces or tabs
    ("South Sudan" for "Sudan": "sudan"), whatever those words are; None when they may end it
    (`text` holds legal forms only). The words before are split from `text` by the spaces, and
    the key of a name ends with its last word that is no legal form, whatever comes before it
    (see `_tokens`): a rule that drops a name's last word must change this too."""
    words = [w for w in words_of(text) if w not in COMPANY_SUFFIXES]
    return _fold_token(words[-1]) if words else None


@lru_cache(maxsize=1 << 16)
def token_bounds(word: str) -> tuple[int, int, int]:
    """What the key of a name holding `word` (a run of characters between spaces) takes from
    it, wherever the word stands in the name: (the fewest words, the most words of more than
    one letter that are not particles, the most words). Particles, legal forms and initials
    may be dropped, and a last word's possessive or participle; a name keeps at most two
    words that are particles or initials, its first and its last."""
    raw = [w for w in _NON_WORD.split(plain(word)) if w]
    last = words_of(word)
    fewest = min(_counted(raw, COMPANY_SUFFIXES), _counted(last, COMPANY_SUFFIXES))
    return fewest, max(_counted(raw), _counted(last)), len(raw)


def _counted(words: list[str], dropped: frozenset[str] = frozenset()) -> int:
    """How many of `words` are more than an initial and neither particles nor `dropped`."""
    return sum(1 for w in words if len(w) > 1 and w not in _PARTICLES and w not in dropped)


@lru_cache(maxsize=1 << 16)
def name_key(text: str, label: str = "") -> str:
    """The normalised form of a name: "Al-Mayadeen" and "al-Mayadin" both give "mayadin"."""
    return " ".join(_tokens(text, label))


def name_skeleton(key: str) -> tuple[str, ...]:
    """Consonants of each word of a key, first letter kept: tolerant of vowel spellings."""
    return tuple(w[0] + _DOUBLED.sub(_LETTER, _VOWELS.sub("", w[1:])) for w in key.split())


def compact_key(key: str) -> str:
    """A key without its spaces: "Sea Micro" is SeaMicro, "H-P" is HP."""
    return key.replace(" ", "")


def initials(text: str) -> str:
    """The acronym a name's words make: "Advanced Micro Devices" gives "amd",
    "Hewlett-Packard" "hp"; "" for a single word."""
    words = _without_trailing(
        [w for w in words_of(text) if w not in ACRONYM_SKIPS], COMPANY_SUFFIXES
    )
    return "".join(w[0] for w in words) if len(words) > 1 else ""


@lru_cache(maxsize=1 << 14)
def acronym_of(text: str) -> str:
    """The letters of a name written as an acronym ("AMD", "H-P", "U.N."), else ""."""
    bare = strip_possessive(text.strip())
    letters = re.sub(r"[.\-&\s]", "", bare)
    if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
        return letters.casefold()
    return ""
