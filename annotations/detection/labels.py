"""A name's label from word lists and the words right around it."""

from __future__ import annotations

from annotations.detection.article import INITIAL
from annotations.detection.cues import (
    ACTING,
    BODY_NOUNS,
    CONNECTOR_WORDS,
    DIRECTIONS,
    FACILITIES,
    ORG_NOUNS,
    PLACE_CUES,
    PLACE_HEADS,
    PLACE_NOUNS,
    PLACE_OPENERS,
    PLAYED,
    PLAYS,
    ROLES,
    SAID,
    SHORT_STATES,
    SPEECH,
    STRONG_PLACE_CUES,
    STRONG_TITLES,
    TITLE_FOLLOWERS,
    WEAK_PLACE_CUES,
)
from annotations.detection.lexicon import (
    COUNTRIES,
    DEMONYMS,
    FIRST_NAMES,
    KNOWN_PEOPLE,
    ORG_ACRONYMS,
    ORG_WORDS,
    PERSON_TITLES,
    PLACE_WORDS,
    PLACES,
)

__all__ = [
    "PAST",
    "UNKNOWN",
    "label_of",
]


PAST = "-ed"
"""What `label_of` is told follows a name when a verb in the past tense does."""
UNKNOWN = "unknown"
"""The label `label_of` gives a run no list or neighbouring word types; `resolve_labels`
settles it."""


def label_of(words: list[str], before: str, after: str, the: bool) -> str:
    """Person, org, place or group, from word lists and the words around the run.

    `before` is the word before the run, `after` the word after it (both lowercased, "'s" for
    a possessive), `the` whether the run is preceded by, or opens with, "the".
    """
    if len(words) == 1 and words[0].isupper() and words[0].title() in PLACES:
        # Datelines shout: "BAGHDAD" is Baghdad.
        words = [words[0].title()]
    joined = " ".join(words)
    last = words[-1]
    if joined in KNOWN_PEOPLE:
        return "person"
    if words[0] == "Islamic" and len(words) > 1 and words[1] == "State":
        return "org"
    if _titled_person(words):
        return "person"
    if (before in PLAYED or after in PLAYS) and joined in PLACES:
        # A national team or a club named after its town is a body: "beat Sweden 2-0".
        return "org"
    if joined in COUNTRIES:
        # A country that acts is the state: "the UK condemns", "U.S. forces"; one that is
        # somewhere things happen is a place: "in the United States".
        if before not in PLACE_CUES and (
            after in ACTING
            or after == PAST
            or after in SPEECH
            or (after in ORG_NOUNS and joined in SHORT_STATES)
            or the
        ):
            return "org"
        return "place"
    if joined in PLACES or (len(words) == 2 and words[0] in DIRECTIONS and last in PLACES):
        # "Northern Caucasus", "Southern Sudan", "Greater London".
        return "place"
    if len(words) > 1 and words[0] in PLACE_HEADS and last in PLACES:
        # "Bay of Bengal", "State of Texas", "Province of Anbar".
        return "place"
    if len(words) > 1 and last in FACILITIES and not ORG_WORDS.intersection(words[:-1]):
        # A building or a site is a place: "Kennedy Space Center", "Heathrow Airport".
        return "place"
    if len(words) > 1 and words[0] in FACILITIES and words[0] not in ORG_WORDS:
        # "Museum of Flight", "Palace of Westminster" (the words hold no "of" here).
        return "place"
    if any(w in ORG_WORDS or w in ORG_ACRONYMS for w in words):
        if len(words) > 1 and last in PLACE_WORDS and last not in ORG_WORDS:
            return "place"
        return "org"
    if all(w in DEMONYMS for w in words):
        # "Iraqi security forces", "the Syrian people": the demonym stands for a body.
        return "org" if after in ORG_NOUNS else "group"
    if all(w in PLACES or w in DEMONYMS for w in words):
        return "place" if last in PLACES else "group"
    if before in BODY_NOUNS:
        # "militia Yekineyen Parastina Gel", "the band Spoken Motion".
        return "org"
    if before in STRONG_PLACE_CUES or (after in PLACE_NOUNS and len(words) < 3):
        # "in Abu Kamal", "the region of Abu Kamal", "Raqa city": placed before a forename
        # or a person's particle can say otherwise.
        return "place"
    if (words[0] in FIRST_NAMES and (len(words) > 1 or after not in ORG_NOUNS)) or (
        words[0] in PERSON_TITLES and len(words) > 1
    ):
        # "Sana said" is a person, "the Sana news agency" a body.
        return "person"
    if words[0] in ("Abu", "Umm") and len(words) > 1:
        return "person"
    if last in PLACE_WORDS or words[0] in PLACE_OPENERS:
        return "place"
    if after in SPEECH:
        # "Mauer said"; a body speaks too, and is more often written as an acronym
        # ("KCNA said").
        return "person" if len(words) <= 3 and not joined.isupper() and not the else "org"
    if before in ROLES or (before in SAID and not joined.isupper()):
        # "designer Halston", "said Mauer".
        return "person"
    if len(words) == 1 and last.isupper() and len(last) > 1:
        # An unknown acronym is a body: "DAB", "NWSC".
        return "org"
    if before in PLACE_CUES and before not in WEAK_PLACE_CUES and after != "'s":
        # "in Raqqah", but not "interest in Warhol's work".
        return "place"
    if len(words) in (2, 3, 4) and INITIAL.search(joined):
        return "person"
    if the or len(words) > 3:
        return "org"
    return UNKNOWN


def _titled_person(words: list[str]) -> bool:
    """True when a title followed by a name, or a singular title on its own, names a person:
    "Foreign Office Minister Tobias Ellwood", "the U.S. Secretary of State".

    Not a title the run's last word (past connectors) makes a body's or another title's
    ("Minister Secretary Governor Ministry"). That last word is found once: finding it again
    after each title cost a run of titles time quadratic in its length."""
    closing = next(
        (k for k in range(len(words) - 1, -1, -1) if words[k] not in CONNECTOR_WORDS), -1
    )
    bodily = closing >= 0 and (words[closing] in ORG_WORDS or words[closing] in TITLE_FOLLOWERS)
    return any(w in STRONG_TITLES and (k >= closing or not bodily) for k, w in enumerate(words))
