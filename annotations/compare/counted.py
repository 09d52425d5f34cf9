"""What a figure counts: the noun phrase after it, singular, with the qualifiers that matter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain, islice

__all__ = [
    "QUALIFIERS",
    "Counted",
    "continues_count",
    "counted_thing",
    "is_demonym",
    "lemma",
    "share_of",
]

_IRREGULAR: Mapping[str, str] = {
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "servicemen": "serviceman",
    "gunmen": "gunman",
    "militia": "militia",
    "police": "police",
    "personnel": "personnel",
    "dead": "dead",
    "wounded": "wounded",
}

_COUNTED_AS: Mapping[str, tuple[str, ...]] = {
    "fighter": (
        "fighter",
        "militant",
        "terrorist",
        "jihadist",
        "jihadi",
        "insurgent",
        "extremist",
        "islamist",
        "gunman",
        "combatant",
    ),
    "soldier": ("soldier", "troop", "serviceman"),
    "child": ("kid", "minor"),
    "person": ("individual",),
    "commander": ("warlord",),
    "strike": ("raid",),
}
"""What is counted -> the nouns that count it. Civilians, children and fighters stay apart:
each is its own toll."""

_SAME_COUNT: Mapping[str, tuple[str, tuple[str, ...]]] = {
    **{noun: (what, ()) for what, nouns in _COUNTED_AS.items() for noun in nouns},
    # A mercenary is a foreign fighter: "60 foreign fighters" and "60 mercenaries" count alike.
    "mercenary": ("fighter", ("foreign",)),
    "airstrike": ("strike", ("air",)),
}
"""Lemma -> (what it counts, qualifiers it implies, sorted), for nouns that count the same thing
here."""

QUALIFIERS = frozenset(
    {
        "foreign",
        "local",
        "civilian",
        "wounded",
        "injured",
        "dead",
        "missing",
        "captured",
        "detained",
        "displaced",
        "air",
        "female",
        "male",
        "senior",
        "armed",
    }
)
"""Modifiers that change what is counted ("foreign fighters" are not all "fighters")."""

_FUNCTION_WORDS = frozenset(
    """a an and or but nor the this that these those its their his her our your my who whom
    which what were was is are be been being have has had will would could should may might
    in on at from of to by with for into over under near around about including include
    includes among between during since until after before as than then so such per each
    killed died dead wounded said say says reported according while when where across others
    toward towards against via through up down out off not no yes also all both either
    reportedly further more most less least only just some many several""".split()
)
"""Words that end a noun phrase (or cannot be its head)."""

_SINGULAR_HEADS = frozenset({*_SAME_COUNT, "civilian", "child", "person", "commander"})
"""Counted nouns recognised in the singular too: "one soldier was killed"."""

_SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ous", "ics")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*|[()\[\]]|[^\sA-Za-z\d]")
_MATCHED = re.Match.group
_PRONOUN_OF = frozenset({"them", "those", "these", "whom", "which", "it"})
_BE = frozenset({"were", "was", "are", "is", "being", "been", "reportedly", "said", "to", "be"})


def lemma(word: str) -> str:
    """The singular of a counted noun: fighters -> fighter, mercenaries -> mercenary."""
    w = word.casefold()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(_NOT_PLURAL_ENDINGS) and len(w) > 3:
        return w[:-1]
    return w


def _looks_plural(word: str) -> bool:
    w = word.casefold()
    if w in _IRREGULAR:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(_NOT_PLURAL_ENDINGS)


def is_demonym(word: str) -> bool:
    """True for a capitalised word that names a people ("Tunisian", "Chechen")."""
    return (
        word[:1].isupper()
        and len(word) >= 5
        and word.casefold().endswith(("an", "ian", "ese", "ish", "i"))
    )


@dataclass(frozen=True, slots=True)
class Counted:
    """What a figure counts, read from the words that follow it."""

    head: str
    """The counted noun as written ("fighters"); empty if none was found."""

    lemma: str
    """Its singular ("fighter")."""

    modifiers: tuple[str, ...] = ()
    """Words between the figure and the noun, parentheticals skipped ("foreign", "ISIS")."""

    part_of_previous: bool = False
    """True for "60 of them": a part of the figure before it in the sentence."""

    @property
    def phrase(self) -> str:
        """The noun phrase as the analyst reads it: "ISIS fighters"."""
        if not self.modifiers:
            return self.head.strip()
        return " ".join((*self.modifiers, self.head)).strip()

    @property
    def what(self) -> str:
        """The thing counted, in this domain's terms: militants and fighters are one thing."""
        return _SAME_COUNT.get(self.lemma, (self.lemma, ()))[0]

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """The modifiers that change what is counted, plus those the noun implies."""
        implied = _SAME_COUNT.get(self.lemma, (self.lemma, ()))[1]
        if not self.modifiers:
            # Most figures have no words before their noun; what a noun implies is written
            # sorted and without repeats.
            return implied
        found = {m.casefold() for m in self.modifiers if m.casefold() in QUALIFIERS}
        found |= {m.casefold() for m in self.modifiers if is_demonym(m)}
        return tuple(sorted(found | set(implied)))


_NOTHING = Counted("", "")
_NOTHING_OF_PREVIOUS = Counted("", "", (), True)
"""What a figure counts when no noun is found (two in five figures of a long report): made
once, as a frozen dataclass is slow to make."""


def counted_thing(text: str, end: int, limit: int | None = None) -> Counted:
    """What the figure ending at `end` counts, looking no further than `limit` (sentence end).

    Skips adjectives, names, scale words and parentheticals up to the head noun; "60 of them
    were foreign fighters" reads the noun phrase after "were" and is marked part of the figure
    before it.
    """
    # Only the 200 characters after the figure are read, and of them only the words up to its
    # noun, each as it is needed: the noun phrase is a few words, and tokenising all 200
    # characters after each figure of a long sentence cost more than the rest of reading it.
    stop = len(text) if limit is None else limit
    tokens = map(_MATCHED, _TOKEN.finditer(text, end, min(stop, end + 200)))
    ahead = list(islice(tokens, 2))
    part_of = False
    if len(ahead) > 1 and ahead[0].casefold() == "of":
        if ahead[1].casefold() in _PRONOUN_OF:
            part_of = True
            ahead = []
            for token in tokens:
                if token.casefold() not in _BE:
                    ahead = [token]
                    break
        else:
            ahead = [] if ahead[1].casefold() in ("the", "its", "their") else ahead[1:]
    modifiers: list[str] = []
    depth = 0
    words = 0
    for token in chain(ahead, tokens):
        if words >= 8:
            break
        if token in "([":
            depth += 1
            continue
        if token in ")]":
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if not token[0].isalpha():
            break
        words += 1
        low = token.casefold()
        if low in _SCALE_WORDS:
            continue
        if token[0].isupper() or low.endswith(("'s", "\u2019s")):
            # Names and possessives ("the Daesh group's last bastions") sit before the noun.
            modifiers.append(token)
            continue
        if low in _FUNCTION_WORDS and low not in _IRREGULAR:
            break
        if _looks_plural(token) or low in _SINGULAR_HEADS:
            return Counted(token, lemma(token), tuple(modifiers), part_of)
        modifiers.append(token)
    return _NOTHING_OF_PREVIOUS if part_of else _NOTHING


_FRACTION_NOUNS: Mapping[str, int] = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}
"""Nouns that make a number a share of something ("two thirds of"), by their denominator."""
_FRACTION_AFTER = re.compile(r"[\s-]+([A-Za-z]+)\s+of\b")

_ADDS_BEFORE = frozenset({"another", "further", "additional"})
_ADDS_AFTER = frozenset({"more", "others"})


def share_of(text: str, start: int, end: int, value: float) -> tuple[float, int] | None:
    """(percent, end of its words) when the count at `start`..`end` states a share of something
    rather than a number of things: "half of the province" (50), "three quarters of" (75).
    None for a count of things."""
    if 0 < value < 1:
        return value * 100, end
    if value < 1:
        return None
    # Read in place (pos/endpos), not from a copy of the 24 characters after each count.
    after = _FRACTION_AFTER.match(text, end, end + 24)
    if after is None:
        return None
    denominator = _FRACTION_NOUNS.get(after.group(1).casefold())
    if denominator is None or value >= denominator:
        return None
    return value / denominator * 100, after.end(1)


def continues_count(text: str, start: int, end: int) -> tuple[str, ...] | None:
    """For a count that adds to one stated before it and leaves its noun out ("Another 40
    died", "a further 12 were wounded", "40 more were killed", "40 others"), the qualifiers
    the words after it give ("wounded"); None for any other count."""
    before = text[max(0, start - 24) : start].split()
    after = [t.casefold() for t in _TOKEN.findall(text[end : end + 40])]
    if not (before and before[-1].casefold() in _ADDS_BEFORE) and not (
        after and after[0] in _ADDS_AFTER
    ):
        return None
    return tuple(sorted({t for t in after[:5] if t in QUALIFIERS}))
