"""The names a run of capitalised words holds: opening words dropped, sentences split,
titles and affiliations told apart."""

from __future__ import annotations

from functools import lru_cache

from annotations.detection.article import (
    ABBREVIATION,
    NON_SPACE,
    PERSONAL,
    ArticleWords,
    Verdict,
    Word,
)
from annotations.detection.cues import (
    ABSTRACT_ENDINGS,
    BREAKS,
    DOCUMENT_HEADS,
    EVENT_HEADS,
    EVENT_WORDS,
    FACILITIES,
    FUNCTION_WORDS,
    KNOWN_NAMES,
    ROLES,
    STRONG_TITLES,
    STYLE_ADJECTIVES,
    STYLE_PREFIXES,
)
from annotations.detection.lexicon import (
    COMMON_ACRONYMS,
    COMMON_CAPITALISED,
    FIRST_NAMES,
    ORG_ACRONYMS,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_WORDS,
    PLACES,
    TIME_WORDS,
)

__all__ = [
    "run_verdict",
]


def _words_of(run: str) -> list[Word]:
    """The words of a run with their offsets in it."""
    if "  " not in run and "\t" not in run:
        out = []
        at = 0
        for word in run.split(" "):
            out.append((at, at + len(word), word))
            at += len(word) + 1
        return out
    return [(m.start(), m.end(), m.group()) for m in NON_SPACE.finditer(run)]


@lru_cache(maxsize=8192)
def _strip(word: str) -> str:
    """The word without a possessive or a sentence-final full stop."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("s'", "s’")):
        word = word[:-1]
    if word.endswith(".") and not ABBREVIATION.fullmatch(word):
        word = word.rstrip(".")
    return word


def _sentences(words: list[Word], breaks: bool = True) -> list[list[Word]]:
    """Split a run where a word ends a sentence ("Al-Mayadeen. Gen. Igor") or a name ends in
    a possessive ("the European Union's Regional Initiative")."""
    out: list[list[Word]] = [[]]
    for word in words:
        if breaks and word[2] in BREAKS and out[-1]:
            out.append([])
        out[-1].append(word)
        w = word[2]
        if (w.endswith(".") and not ABBREVIATION.fullmatch(w)) or w.endswith(("'s", "’s")):
            out.append([])
    return [seg for seg in out if seg]


def _casual(word: str, article: ArticleWords) -> bool:
    """True for a word capitalised only by position: it is written lowercase elsewhere, or
    it is a common word, an -ing/-ly form, a day or a month, and no list knows it as a name."""
    if word in KNOWN_NAMES:
        return False
    lowered = word.lower().split("'")[0].split("’")[0]
    return (
        lowered in COMMON_CAPITALISED
        or word in TIME_WORDS
        or article.written_lowercase(lowered)
        or (
            lowered.endswith(("ing", "ly"))
            and word[1:].islower()
            # "Keating", "Reilly": a name the article also writes mid-sentence.
            and not article.capitalised_mid_sentence(word)
        )
    )


def _lone_opener(word: str, article: ArticleWords) -> bool:
    """True for a lone sentence-opening word with no sign of being a name: no list knows it,
    it is not an acronym, and the text never capitalises it mid-sentence."""
    w = _strip(word).split("'")[0]
    if w in KNOWN_NAMES or w in ORG_WORDS or w.isupper() or "-" in w:
        return False
    return not article.capitalised_mid_sentence(w)


def _prefixed_common(word: str) -> bool:
    """True for a prefixed common term capitalised by style ("Counter-IED", "Anti-Terrorism"),
    not one built on a name ("Counter-ISIL", "Anti-Assad")."""
    head, _, rest = word.partition("-")
    if head not in STYLE_PREFIXES or not rest:
        return False
    rest = _strip(rest)
    if rest in KNOWN_NAMES or rest in ORG_WORDS or rest in ORG_ACRONYMS:
        return False
    # An unknown acronym ("IED") or an abstract noun ("Terrorism", "Insurgency").
    return rest.rstrip("s").isupper() or (rest[1:].islower() and rest.endswith(ABSTRACT_ENDINGS))


def _judge(words: list[Word], initial: bool, heading: bool, article: ArticleWords) -> Verdict:
    """The names one sentence's part of a run holds, once opening words are dropped."""
    ws, _, w = words[-1]
    stripped = _strip(w)
    if stripped != w:
        if not stripped:
            return ()
        words[-1] = (ws, ws + len(stripped), stripped)
    if heading:
        # Title-case lines capitalise everything: keep the longest stretch of words that
        # look like names ("Targeted Operations Against ISIL" keeps "ISIL").
        best: list[Word] = []
        current: list[Word] = []
        for x in words:
            w = _strip(x[2])
            if x[2].islower() and current:
                current.append(x)
            elif _casual(w, article) or w.endswith("ed"):
                current = []
            else:
                current.append(x)
                if len(current) > len(best):
                    best = list(current)
        words = best
        initial = False
    if words and _strip(words[0][2]) in EVENT_WORDS:
        # "Exercise Eager Lion" names an event even when the opener would be dropped below.
        return ()
    # Drop leading words that are capitalised only because they open a sentence; a
    # sentence-opening "The" or title stays when a name follows ("The Foreign Secretary").
    # Walk an index rather than popping the list's head, so a huge run stays linear.
    i, n = 0, len(words)
    while i < n:
        first = _strip(words[i][2])
        if i + 1 < n and f"{first} {_strip(words[i + 1][2])}" in PLACES:
            # "New Zealand", "South Africa": the opening word is part of a known place.
            break
        if (
            initial
            and (first == "The" or first in PERSON_TITLES or first in ORG_WORDS)
            and i + 1 < n
            and (not words[i + 1][2].islower() or first != "The")
        ):
            break
        if (
            first in FUNCTION_WORDS
            or first in TIME_WORDS
            # A role capitalised before a name is no title: "Biologist Nick Bos".
            or (
                i + 1 < n
                and first.lower() in ROLES
                and first not in STRONG_TITLES
                and first not in PERSON_TITLES
                and _strip(words[i + 1][2]) in FIRST_NAMES
            )
            or (initial and _casual(first, article))
            or (
                initial
                and (i + 1 == n or words[i + 1][2].islower())
                and _lone_opener(words[i][2], article)
            )
        ):
            i += 1
            while i < n and words[i][2].islower():
                i += 1
            initial = False
            continue
        break
    words = words[i:]
    while words and (words[-1][2].islower() or _strip(words[-1][2]) in TIME_WORDS):
        words.pop()
    if not words:
        return ()
    clean = [_strip(x[2]) for x in words if not x[2].islower()]
    if not clean or not any(c.isalpha() for c in clean[0]) or clean[0] in EVENT_WORDS:
        return ()
    if len(clean) == 1 and clean[0] in COMMON_ACRONYMS:
        return ()
    if clean[-1] in DOCUMENT_HEADS or (len(clean) > 1 and clean[0] in DOCUMENT_HEADS):
        return ()
    if len(clean) > 1 and clean[-1] in EVENT_HEADS:
        return ()
    return (
        _affiliation(words)
        or _body_then_person(words)
        or _title_of_place(words)
        or ((words[0][0], words[-1][1], tuple(clean)),)
    )


def _body_then_person(words: list[Word]) -> Verdict:
    """A body's acronym or a place, and the title after it, as two names: "NASA Administrator
    Charles Bolden" is NASA and Administrator Charles Bolden, "U.S. Senator John Cornyn" the
    U.S. and Senator John Cornyn, "Virginia Governor" Virginia and a governor."""
    if len(words) < 2:
        return ()
    k = 2 if len(words) > 2 and f"{words[0][2]} {_strip(words[1][2])}" in PLACES else 1
    head = " ".join(_strip(x[2]) for x in words[:k])
    acronym = head.isupper() and len(head) > 1 and "." not in head
    if not (acronym or head in PLACES) or words[k][2] not in STRONG_TITLES:
        return ()
    rest = [_strip(x[2]) for x in words[k:] if not x[2].islower()]
    return (
        (words[0][0], words[k - 1][0] + len(_strip(words[k - 1][2])), tuple(head.split())),
        (words[k][0], words[-1][1], tuple(rest)),
    )


def _title_of_place(words: list[Word]) -> Verdict:
    """A title and the place it is the title of: "Governor of Virginia" holds the place
    Virginia (and a governor), as "Mayor of Toronto" holds Toronto."""
    if len(words) != 3 or words[1][2] != "of" or words[0][2] not in STRONG_TITLES:
        return ()
    place = _strip(words[2][2])
    if place not in PLACES:
        return ()
    return (
        (words[0][0], words[0][1], (words[0][2],)),
        (words[2][0], words[2][0] + len(place), (place,)),
    )


def _affiliation(words: list[Word]) -> Verdict:
    """A person and the body after "of" as two names: "Ann Chiang of DAB", "Lee Cheuk-yan of
    the Labour Party"; nothing when the words before "of" do not look like a person's name
    ("Bank of England", "Secretary of State", "United States of America")."""
    k = next((i for i, x in enumerate(words) if x[2] == "of"), 0)
    if not 2 <= k <= 3 or k + 1 >= len(words):
        return ()
    person = [x[2] for x in words[:k]]
    rest = [x for x in words[k + 1 :] if x[2] != "the"]
    if (
        not rest
        or not all(PERSONAL.fullmatch(w) for w in person)
        or any(
            w in ORG_WORDS
            or w in PERSON_TITLES
            or w in PLACE_WORDS
            or w in FACILITIES
            or w in FUNCTION_WORDS
            for w in person
        )
        or " ".join(person) in PLACES
        or any(x[2].islower() for x in rest)
    ):
        return ()
    return (
        (words[0][0], words[k - 1][1], tuple(person)),
        (rest[0][0], rest[-1][1], tuple(_strip(x[2]) for x in rest)),
    )


def _ends_sentence(word: Word) -> bool:
    """True when the word ends a sentence: a full stop not of an abbreviation."""
    w = word[2]
    return w.endswith(".") and not ABBREVIATION.fullmatch(w)


def run_verdict(run: str, initial: bool, heading: bool, article: ArticleWords) -> Verdict:
    """The names a capitalised run holds, judged once per article for each kind of place
    the run can stand in (sentence opening or not, headline or not)."""
    if not initial and not heading and " " not in run and "\t" not in run:
        # One word inside a sentence: the common case, judged without splitting.
        word = _strip(run)
        if (
            not word
            or word in FUNCTION_WORDS
            or word in TIME_WORDS
            or word in EVENT_WORDS
            or word in DOCUMENT_HEADS
            or not any(c.isalpha() for c in word)
            # A lone capital ("Polarisation: H", "option B") names nothing.
            or len(word) == 1
            or word in STYLE_ADJECTIVES
            or word in COMMON_ACRONYMS
            or ("-" in word and _prefixed_common(word))
        ):
            return ()
        return ((0, len(word), (word,)),)
    words = _words_of(run)
    if (
        "." not in run[:-1]
        and "'s " not in run
        and "’s " not in run
        # A headline capitalises every word: "In" there opens nothing.
        and (heading or not any(w[2] in BREAKS for w in words[1:]))
    ):
        return _judge(words, initial, heading, article)
    # A run that crosses a sentence end or a possessive is judged part by part.
    out: list[tuple[int, int, tuple[str, ...]]] = []
    # The parts follow one another through the run's words: the word before a part is the
    # one before where the count of words so far says it starts (finding it again by value
    # searched the run once per part, quadratic in a line of one-word sentences).
    starts = 0
    for k, part in enumerate(_sentences(words, breaks=not heading)):
        opens = k > 0 and (part[0][2] in BREAKS or _ends_sentence(words[starts - 1]))
        starts += len(part)
        out.extend(_judge(part, initial if k == 0 else opens, heading, article))
    return tuple(out)
