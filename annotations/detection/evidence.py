"""Labels settled by what the whole article says: ages, pronouns, places named once,
surnames of people named in full, acronyms in brackets, sides in a game."""

from __future__ import annotations

import re
from itertools import pairwise

from annotations.detection.article import PERSONAL, ArticleWords
from annotations.detection.cues import (
    CONNECTOR_WORDS,
    CREDIT_LABELS,
    DIRECTIONS,
    KNOWN_NAMES,
    LIST_JOINS,
    PLACE_CUES,
    PLAYED,
    PLAYS,
    STRONG_TITLES,
)
from annotations.detection.labels import UNKNOWN
from annotations.detection.lexicon import (
    COUNTRIES,
    FIRST_NAMES,
    ORG_WORDS,
    PERSON_TITLES,
    PLACES,
    TIME_WORDS,
)
from annotations.detection.quick import quick_span
from annotations.spans import Span

__all__ = [
    "after_indefinite",
    "resolve_labels",
]


def after_indefinite(text: str, at: int) -> bool:
    """True when the word at `at` follows "a" or "an": "to form such a Government"."""
    lead = text[at - 4 if at > 4 else 0 : at].lower()
    return lead.endswith((" a ", " an ", "\na ", "\nan ", '"a ', "“a ")) or lead in ("a ", "an ")


def resolve_labels(spans: list[Span], article: ArticleWords) -> list[Span]:
    """Settle the labels no list decided, from what the whole article says about the name.

    A name no list knows is a person when an age or a pronoun follows it ("Reid, 33,", "Paris
    claims that she"), and a body after "a" ("a Creative Commons licence"); without such
    evidence it is a person when it is two or three plain capitalised words none of which the
    article writes in lowercase or knows as a place ("Mathias Krumbholz", not "Environment
    Canada"), else a body, unless evidence elsewhere in the article typed the same name. A
    lone surname is a person when the article named that person in full or with a title
    ("Chomsky" after "Noam Chomsky"), and so is a place's name that is a person's surname
    ("Paris claims", once "Valeska Paris" is named); an acronym defined in brackets takes the
    label of what it stands for. A lone word typed without evidence that the article also
    writes in lowercase is no name at all ("Zoology classes").
    """
    text = article.text
    settled: list[Span] = []
    guessed: list[int] = []  # where in `settled` a label was settled without evidence
    evidenced: dict[str, str] = {}
    plain_names: dict[str, bool] = {}
    unknown = {s.text for s in spans if s.label == UNKNOWN}
    unknown.update([_PARTICLE_LEAD.sub("", name) for name in unknown])
    placed = {
        s.text
        for s in spans
        if s.label == "place"
        and s.text in unknown
        and _placed_by_cue(text, s.start)
        and text[s.end : s.end + 2] not in ("'s", "’s")
    }
    teams: set[str] = set()
    listed = _listed_with_place(text, spans) if unknown else []
    for span in spans:
        label = span.label
        if span.text in PLACES and label != "person" and _in_a_game(text, span):
            # A national team, or a club named after its town: "Sweden 2–1", "beat Sweden".
            teams.add(span.text)
            if label == "place":
                label = "org"
                span = quick_span(span.start, span.end, "name", label, span.text)
        elif label == UNKNOWN:
            if span.text in placed or _PARTICLE_LEAD.sub("", span.text) in placed:
                # A name the article places somewhere once is that place every time.
                label = "place"
            elif listed[len(settled)]:
                # Listed beside a place: a place here, but too weak a sign to type the same
                # name elsewhere ("at the Smith Center, Hansbrough muscled ...").
                label = "place"
                guessed.append(len(settled))
            elif (
                _PERSON_AFTER.match(text, span.end) is not None
                or _credited(text, span.start)
                or _forename_after(text, span.end)
            ):
                label = "person"
            elif after_indefinite(text, span.start):
                label = "org"
            else:
                guessed.append(len(settled))
                plain = plain_names.get(span.text)
                if plain is None:
                    plain = plain_names[span.text] = _plain_name(span.text.split(), article)
                label = "person" if plain else "org"
            if not guessed or guessed[-1] != len(settled):
                evidenced.setdefault(span.text, label)
            span = quick_span(span.start, span.end, "name", label, span.text)
        settled.append(span)
    for k in guessed:
        span = settled[k]
        label = evidenced.get(span.text, span.label)
        if label != span.label:
            settled[k] = quick_span(span.start, span.end, "name", label, span.text)
    if teams:
        # A side in a game stays one through the article, unless placed: "fans in Sweden".
        settled = [
            quick_span(s.start, s.end, "name", "org", s.text)
            if s.label == "place" and s.text in teams and not _placed_by_cue(text, s.start)
            else s
            for s in settled
        ]
    settled = _by_article(settled, text)
    # A lone word no list knows and no evidence types, which the article also writes in
    # lowercase, is a common word capitalised by style: "a degree in Biology", "the Polaroids".
    common = {k for k in guessed if settled[k].label == "org" and _common_word(settled[k], article)}
    return [s for k, s in enumerate(settled) if k not in common] if common else settled


def _common_word(span: Span, article: ArticleWords) -> bool:
    """True for one title-case word that no list knows and the article writes in lowercase,
    not a model or a club before its number ("Studio 54")."""
    name = span.text
    return (
        " " not in name
        and name[1:].islower()
        and name not in KNOWN_NAMES
        and name not in FIRST_NAMES
        and name not in ORG_WORDS
        and name not in DIRECTIONS
        and not _NUMBER_AFTER.match(article.text, span.end)
        and article.written_lowercase(name.lower())
    )


_NUMBER_AFTER = re.compile(r" \d")


# A score beside a name makes it a side in a game: "Sweden 2–1", "a 3-0 win over Peru".
_SCORE_AFTER = re.compile(r" \(?\d{1,2} ?[–-] ?\d{1,2}\b(?![–-]\d)")
_SCORE_BEFORE = re.compile(
    r"\b\d{1,2} ?[–-] ?\d{1,2} (?:(?:win|victory|defeat|loss|draw) )?(?:over|against|to|with|by|"
    r"v|vs\.?|versus)? ?$"
)
_WORD_AFTER = re.compile(r" ([a-z]+)")


_DIGIT = re.compile(r"\d")


def _in_a_game(text: str, span: Span) -> bool:
    """True when a score or a verb of play stands right before or after the name."""
    start, end = span.start, span.end
    # The cheap looks first: this is asked of every place an article names.
    follows = text[end + 1 : end + 2]
    if follows.islower():
        after = _WORD_AFTER.match(text, end)
        if after is not None and after[1] in PLAYS:
            return True
    elif (follows.isdigit() or follows == "(") and _SCORE_AFTER.match(text, end):
        return True
    lead = text[start - 12 if start > 12 else 0 : start].rsplit(None, 1)
    if lead and lead[-1] in PLAYED:
        return True
    floor = start - 30 if start > 30 else 0
    return (
        _DIGIT.search(text, floor, start) is not None
        and _SCORE_BEFORE.search(text, floor, start) is not None
    )


def _plain_name(words: list[str], article: ArticleWords) -> bool:
    """True for two or three words shaped like a person's names that are nothing else: no
    list knows the first as a place, none is a state, the article writes none in lowercase."""
    return (
        len(words) in (2, 3)
        and all(PERSONAL.fullmatch(w) for w in words)
        # A surname may be a place's name ("Valeska Paris"); a forename is not.
        and words[0] not in KNOWN_NAMES
        # "Environment Canada" is a body; a state is nobody's surname.
        and not any(w in COUNTRIES for w in words)
        and not any(article.written_lowercase(w.lower()) for w in words)
    )


def _by_article(spans: list[Span], text: str) -> list[Span]:
    """Relabel lone surnames of the article's people and acronyms it defines (see
    `resolve_labels`)."""
    surnames = set()
    places = set()  # surnames that are also places, from names such as "Valeska Paris"
    # Each person named once, however often: a long text repeats its names.
    for person in {span.text for span in spans if span.label == "person"}:
        words = person.split()
        last = words[-1].rstrip(".,").split("'")[0].split("’")[0]
        if not PERSONAL.fullmatch(last) or last in ORG_WORDS:
            continue
        if last not in KNOWN_NAMES:
            surnames.add(last)
        elif _place_as_surname(words):
            places.add(last)
    acronyms = _acronyms(text, spans)
    if not surnames and not places and not acronyms:
        return spans
    out = []
    for span in spans:
        label = span.label
        if (label == "org" or label == "place") and " " not in span.text:
            name = span.text
            bare = name.split("'")[0].split("’")[0] if "'" in name or "’" in name else name
            if (label == "org" and (bare in surnames or bare in places)) or (
                label == "place" and bare in places and not _placed_by_cue(text, span.start)
            ):
                # Once "Valeska Paris" is a person, "Paris claims" is her; "in Paris" is not.
                label = "person"
            elif name in acronyms:
                label = acronyms[name]
            if label != span.label:
                span = quick_span(span.start, span.end, "name", label, name)
        out.append(span)
    return out


def _place_as_surname(words: list[str]) -> bool:
    """True when a place's name ends a person's full name as a surname: "Valeska Paris", not
    "Governor of Virginia" or a state ("Environment Canada")."""
    last = words[-1]
    return (
        len(words) > 1
        and last in PLACES
        and last not in COUNTRIES
        and words[-2] not in CONNECTOR_WORDS
        and words[-2] not in PERSON_TITLES
        and words[-2] not in STRONG_TITLES
    )


def _acronyms(text: str, spans: list[Span]) -> dict[str, str]:
    """Acronyms the article defines, with the label of the name they stand for: "Kennedy
    Space Center (KSC)" makes every "KSC" a place."""
    out: dict[str, str] = {}
    for k in range(1, len(spans)):
        short, full = spans[k], spans[k - 1]
        if (
            short.start == full.end + 2
            and text[full.end : short.start] == " ("
            and text[short.end : short.end + 1] == ")"
            and short.text.isupper()
            and " " in full.text
            # An acronym names a body or a place, seldom a person ("Advanced Micro Devices
            # (AMD)", which reads like a person's three names).
            and full.label in ("org", "place")
        ):
            out[short.text] = full.label
    return out


# "Al-Mayadeen" is Mayadeen: an Arabic article before a place's name.
_PARTICLE_LEAD = re.compile(r"^(?:[Aa]l|[Ee]l|[Aa]d|[Aa]s|[Aa]sh|[Aa]r|[Aa]z)[- ]")


def _credited(text: str, at: int) -> bool:
    """True for a name right after a credit label: "Image: Huebi"."""
    lead = text[max(0, at - 16) : at].rstrip()
    return lead.endswith(":") and lead[:-1].rsplit(None, 1)[-1:] in ([w] for w in CREDIT_LABELS)


_COMMA_WORD = re.compile(r", ([^\W\d_]+)\b")


def _forename_after(text: str, end: int) -> bool:
    """True for a surname written before its forename, as lists of authors do: "Austen,
    Jane." (a forename that is also a place, "Paris, Virginia", does not count)."""
    m = _COMMA_WORD.match(text, end)
    return (
        m is not None
        and m.group(1) in FIRST_NAMES
        # "Paris, Virginia" and "Toronto Star, August 15" are not surnames before forenames.
        and m.group(1) not in PLACES
        and m.group(1) not in TIME_WORDS
    )


def _placed_by_cue(text: str, at: int) -> bool:
    """True when the word before `at` places what follows: "in", "near", "town of" (a bare
    "of" or "from" leads to bodies and people as often)."""
    lead = text[max(0, at - 24) : at].split()
    if not lead:
        return False
    word = lead[-1].lower()
    if word == "of" and len(lead) > 1:
        return lead[-2].lower() in PLACE_CUES
    return word in PLACE_CUES and word not in ("of", "from", "to")


def _listed_with_place(text: str, spans: list[Span]) -> list[bool]:
    """For each span, True when it is listed beside a place ("in Qamenas, Sarmin and
    Talamenes"): the items of one list are of one kind.

    Read outwards from a span, a list goes on through names no list knows and ends at the
    first name with another label (a place settles it) or at anything but a list's join. So
    a span is beside a place on one side when its neighbour there is a joined place, or a
    joined unknown name itself beside a place on that side: one pass each way settles every
    span, where walking the whole list again for each of its n items cost n squared."""
    joined = [
        b.start - a.end <= _LONGEST_JOIN and text[a.end : b.start] in LIST_JOINS
        for a, b in pairwise(spans)
    ]
    listed = [False] * len(spans)
    last = len(spans) - 1
    for neighbour, order in ((-1, range(1, last + 1)), (1, range(last - 1, -1, -1))):
        beside = False  # whether the span read just before is beside a place on this side
        for k in order:
            near = spans[k + neighbour]
            if not joined[min(k, k + neighbour)] or near.label not in ("place", UNKNOWN):
                beside = False
            elif near.label == "place":
                beside = True
            listed[k] = listed[k] or beside
    return listed


_LONGEST_JOIN = max(len(join) for join in LIST_JOINS)
"""Spans further apart than this are not joined as a list: no need to copy what is between."""


# What follows a person's name: an age ("Reid, 33,"), or a pronoun within a few words
# ("Paris claims that she", "Mauer, who").
_PERSON_AFTER = re.compile(
    r"(?:['’]s)?(?:, (?:aged )?\d{1,3},|,? who\b|(?: [a-z]+){1,3} (?:he|she)\b)"
)
