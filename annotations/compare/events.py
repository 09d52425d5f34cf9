"""What identifies the event a claim reports: its action words, participants, place and time."""

# Rule-based on purpose: a lemmatiser package either ships a model (a download newsdesk must
# never need) or a large table for one corpus. Both sides of a comparison go through the same
# rules, so a stem that is not an English word ("rattl") still matches its other forms.

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from annotations.compare.case_steps import legal_stages
from annotations.compare.event_dates import (
    DAY_WORDS,
    ClaimDates,
    article_day,
    claim_dates,
    dates_relation,
)
from annotations.compare.word_runs import RunLemmas, ascii_lemma_sets

__all__ = [
    "DAY_WORDS",
    "ClaimDates",
    "ClaimWords",
    "article_day",
    "claim_dates",
    "claim_event",
    "claim_lemmas",
    "dates_relation",
    "event_lemma",
    "event_triggers",
    "event_words",
    "legal_stages",
]

_IRREGULAR: dict[str, str] = {
    # killing and dying
    "died": "die",
    "dies": "die",
    "dying": "die",
    "death": "die",
    "deaths": "die",
    "dead": "die",
    "killed": "kill",
    "killing": "kill",
    "killings": "kill",
    "kills": "kill",
    "fatal": "die",
    "fatally": "die",
    "toll": "die",
    # common irregular verbs of news events
    "struck": "strike",
    "striking": "strike",
    "strikes": "strike",
    "hit": "hit",
    "hits": "hit",
    "hitting": "hit",
    "shook": "shake",
    "shaken": "shake",
    "shaking": "shake",
    "fled": "flee",
    "fleeing": "flee",
    "caught": "catch",
    "won": "win",
    "winning": "win",
    "wins": "win",
    "lost": "lose",
    "losing": "lose",
    "losses": "lose",
    "loss": "lose",
    "sold": "sell",
    "bought": "buy",
    "began": "begin",
    "begun": "begin",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "held": "hold",
    "left": "leave",
    "led": "lead",
    "met": "meet",
    "paid": "pay",
    "made": "make",
    "ran": "run",
    "shot": "shoot",
    "shooting": "shoot",
    "shootings": "shoot",
    "stole": "steal",
    "stolen": "steal",
    "theft": "steal",
    "thefts": "steal",
    "robbed": "rob",
    "robbery": "rob",
    "robberies": "rob",
    "rode": "ride",
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "broke": "break",
    "broken": "break",
    "chose": "choose",
    "chosen": "choose",
    "fought": "fight",
    "sank": "sink",
    "sunk": "sink",
    "spoke": "speak",
    "wrote": "write",
    "written": "write",
    "sent": "send",
    "found": "find",
    "brought": "bring",
    "built": "build",
    "swept": "sweep",
    "blew": "blow",
    "blown": "blow",
    "froze": "freeze",
    "frozen": "freeze",
    # nouns of the events they name
    "arrests": "arrest",
    "arrested": "arrest",
    "arresting": "arrest",
    "earthquake": "quake",
    "earthquakes": "quake",
    "quakes": "quake",
    "temblor": "quake",
    "temblors": "quake",
    "tremor": "quake",
    "tremors": "quake",
    "sentence": "sentence",
    "sentenced": "sentence",
    "sentencing": "sentence",
    "verdict": "convict",
    "convicted": "convict",
    "conviction": "convict",
    "guilty": "convict",
    "acquisition": "acquire",
    "acquired": "acquire",
    "acquires": "acquire",
    "acquiring": "acquire",
    "purchase": "buy",
    "purchased": "buy",
    "resignation": "resign",
    "resigned": "resign",
    "appointment": "appoint",
    "appointed": "appoint",
    "nomination": "nominate",
    "nominated": "nominate",
    "election": "elect",
    "elected": "elect",
    "injuries": "injure",
    "injury": "injure",
    "injured": "injure",
    "wounded": "injure",
    "explosion": "explode",
    "exploded": "explode",
    "blast": "explode",
    "blasts": "explode",
    "capture": "capture",
    "captured": "capture",
    "seized": "seize",
    "seizure": "seize",
    "attack": "attack",
    "attacked": "attack",
    "attacks": "attack",
    "airstrike": "strike",
    "airstrikes": "strike",
    "raid": "strike",
    "raids": "strike",
    "escape": "escape",
    "escaped": "escape",
    "rehab": "rehab",
}
"""Forms the suffix rules cannot reach, and nouns that name the action ("death": die);
regular nouns of action ("dismissal", "announcement") are reached by `_DERIVED`."""

_STOP = frozenset(
    """a an and or but nor the this that these those its it it's their theirs his her hers our
    your my me him us they them he she we you i who whom whose which what whatever were was
    is are am be been being have has had having do does did doing will would could should
    shall may might must can cannot in on at from of to by with for into onto over under near
    around about as than then so such per each said say says saying told tell tells also not
    no nor all both some many several much more most less least few there here when where
    while after before since until against via through up down out off one two three ago last
    past according other another just only even still yet again very really too now new
    first second latest own same like also if because though although however whether any
    every either neither mr mrs ms dr
    today yesterday tomorrow tonight morning afternoon evening night week weeks day days month
    months year years time times monday tuesday wednesday thursday friday saturday sunday
    report reports reported reporting reportedly news official officials source sources
    statement people percent dozen dozens hundred hundreds thousand thousands million millions
    four five six seven eight nine ten eleven twelve twenty thirty forty fifty""".split()
)
"""Words that say nothing about which event it was (time words are read as dates instead)."""

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_NOT_PLURAL = ("ss", "us", "is", "ous", "ics", "ies")


@lru_cache(maxsize=65536)
def event_lemma(word: str) -> str:
    """The lemma of an action word or its noun: "jolted" and "jolts" -> "jolt", "death" -> "die".

    Suffix rules with a small table of irregular forms; regular forms that the rules stem
    imperfectly ("rattled" -> "rattl") stem the same way on both sides.
    """
    w = word.casefold().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return _without_e(_IRREGULAR.get(w) or _stem(w))


def _without_e(stem: str) -> str:
    # "quake" and "quaked" meet at "quak": the final e comes and goes with the suffixes.
    return stem[:-1] if stem.endswith("e") and len(stem) > 3 else stem


def _stem(w: str) -> str:
    if len(w) <= 4:
        return w
    if w.endswith("ies") and len(w) > 5:
        return w[:-3] + "y"
    if w.endswith("ied"):
        return w[:-3] + "y"
    for suffix in ("ings", "ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            stem = w[: -len(suffix)]
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]  # "stopped" -> "stop"
            return stem
    if w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(_NOT_PLURAL):
        w = w[:-1]
    return _underived(w)


_DERIVED: tuple[tuple[str, str, int], ...] = (
    ("ation", "ate", 4),  # nomination -> nominate
    ("ment", "", 3),  # announcement -> announce, payment -> pay
    ("al", "", 5),  # arrival -> arrive, dismissal -> dismiss
    ("ure", "", 5),  # departure -> depart
    ("ery", "er", 5),  # recovery -> recover
)
"""Noun endings that turn a verb into the name of its action, with what they replace, and the
shortest stem left: "dismissal" and "dismissed" meet at "dismiss"."""


def _underived(w: str) -> str:
    for suffix, verb, shortest in _DERIVED:
        if w.endswith(suffix) and len(w) - len(suffix) >= shortest:
            return w[: -len(suffix)] + verb
    return w


def event_words(
    text: str, names: Iterable[tuple[int, int]] = ()
) -> tuple[dict[str, str], frozenset[str]]:
    """(action words outside names: lemma -> the word as first written, lowercased; every
    content word's lemma, names included).

    The second set keeps a verb a headline's title case swallowed into a name ("LaRue Dies").
    """
    read = ClaimWords.of(text, names)
    return _actions(read.outside), read.lemmas()


def claim_event(
    text: str, names: Iterable[tuple[int, int]] = ()
) -> tuple[dict[str, str], frozenset[str], frozenset[str], frozenset[int]]:
    """`event_words`, `event_triggers` and `legal_stages` of one claim, its words read once:
    (action words, every content word's lemma, the triggers, the steps of a case)."""
    read = ClaimWords.of(text, names)
    actions, triggers, stages = read.event()
    return actions, read.lemmas(), triggers, stages


@dataclass(frozen=True, slots=True)
class ClaimWords:
    """A claim's words as the event rules read them, read once: the content words' lemmas and
    the action lemmas, what the actions are and how the claim uses them (`event`), for the
    claims that meet another (every claim's lemmas alone come from `claim_lemmas`)."""

    words: list[_Reading]
    """Every word, in order."""

    outside: list[_Reading]
    """The words outside names, in order."""

    @classmethod
    def of(cls, text: str, names: Iterable[tuple[int, int]] = ()) -> ClaimWords:
        """The words of `text` (a claim), `names` the offsets of its names in it."""
        return cls(*_read_words(text, names))

    def lemmas(self) -> frozenset[str]:
        """Every content word's lemma, names included."""
        return _lemmas_of(self.words)

    def action_lemmas(self) -> frozenset[str]:
        """The lemmas of the action words: the content words outside names."""
        return _lemmas_of(self.outside)

    def event(self) -> tuple[dict[str, str], frozenset[str], frozenset[int]]:
        """(the action words: lemma -> the word as first written, lowercased; the triggers;
        the steps of a case)."""
        actions = _actions(self.outside)
        return actions, _triggers(self.words, actions), legal_stages(actions)


_LEMMA = itemgetter(1)


def claim_lemmas(
    text: str, names: Iterable[tuple[int, int]] = ()
) -> tuple[frozenset[str], frozenset[str]]:
    """(the action lemmas, those of the content words outside names; the other content words'
    lemmas, those only its names hold): what every claim needs of `ClaimWords`, read without
    keeping the words, as few claims need them in order (`ClaimWords.event`)."""
    inside = sorted(names)
    # Nearly every claim is all ASCII (a flag of the str, not a scan), and read quicker as bytes.
    if text.isascii() and (as_bytes := ascii_lemma_sets(text, inside, _run_lemma)) is not None:
        return as_bytes
    findall = _WORD.findall
    if not inside:
        return _lemma_set(findall(text)), frozenset()
    outside: list[str] = []
    within: list[str] = []
    at = 0
    for start, end in inside:
        # The same pieces as `_read_words` reads, and the same words when none is cut.
        if _cuts(text, at, start, end):
            read = ClaimWords(*_read_cut(text, inside))
            actions = read.action_lemmas()
            return actions, read.lemmas() - actions
        outside += findall(text, at, start)
        within += findall(text, start, end)
        at = end
    outside += findall(text, at)
    actions = _lemma_set(outside)
    others: set[str | None] = set(map(_lemma, within))
    others -= actions
    others.discard(None)
    return actions, frozenset(others)  # type: ignore[arg-type]  # None was taken out


def _lemma_set(words: Iterable[str]) -> frozenset[str]:
    found: set[str | None] = set(map(_lemma, words))
    found.discard(None)
    return frozenset(found)  # type: ignore[arg-type]  # None was taken out


def _lemmas_of(words: Iterable[_Reading]) -> frozenset[str]:
    found: set[str | None] = set(map(_LEMMA, words))
    found.discard(None)
    return frozenset(found)  # type: ignore[arg-type]  # None was taken out


_Reading = tuple[str, str | None, bool, bool]
"""A word as the event rules read it: lowercased, its lemma (None for a word that says nothing
of the event), whether its form alone makes it a verb or a noun of action, and whether it is
an auxiliary after which an action word is a verb."""


def _read_words(
    text: str, names: Iterable[tuple[int, int]]
) -> tuple[list[_Reading], list[_Reading]]:
    """(every word, the words outside the `names` spans), each read once.

    The stretches between names and the names themselves are read one after the other: the
    same words as reading the whole text, as long as no word runs across a name's edge. One
    that does ("Konashenkov's") is read twice, whole and cut at the edge (its outside piece).
    """
    inside = sorted(names)
    findall = _WORD.findall
    if not inside:
        words = list(map(_reading, findall(text)))
        return words, words
    words, outside = [], []
    at = 0
    for start, end in inside:
        if _cuts(text, at, start, end):
            return _read_cut(text, inside)
        gap = list(map(_reading, findall(text, at, start)))
        words += gap
        outside += gap
        words += map(_reading, findall(text, start, end))
        at = end
    gap = list(map(_reading, findall(text, at)))
    return words + gap, outside + gap


_RUNS_ACROSS = re.compile(r"[\w'\u2019-]{2}")
"""Two characters a word may hold side by side (letters, digits, apostrophes, hyphens): matched
at an edge's left neighbour, a word may run on across the edge, and reading the text in two
pieces there would cut it."""


def _cuts(text: str, at: int, start: int, end: int) -> bool:
    """Whether reading the name [start, end) of `text` on its own, after the text read up to
    `at`, would cut a word at one of its edges, or read some of it twice (names overlap)."""
    runs_across = _RUNS_ACROSS.match
    return (
        start < at
        or end > len(text)
        or (start > 0 and runs_across(text, start - 1) is not None)
        or (end > 0 and runs_across(text, end - 1) is not None)
    )


def _read_cut(
    text: str, inside: Sequence[tuple[int, int]]
) -> tuple[list[_Reading], list[_Reading]]:
    """`_read_words` where a word crosses a name's edge or names overlap: the whole text read,
    then what lies between the names read again on its own."""
    gaps, at = [], 0
    for start, end in inside:
        gaps.append(text[at:start])
        at = max(at, end)
    gaps.append(text[at:])
    return list(map(_reading, _WORD.findall(text))), list(
        map(_reading, _WORD.findall(" ".join(gaps)))
    )


def _actions(outside: Iterable[_Reading]) -> dict[str, str]:
    """The action words among `outside`: lemma -> the word as first written, lowercased."""
    actions: dict[str, str] = {}
    for low, stem, _, _ in outside:
        if stem is not None and stem not in actions:
            actions[stem] = low
    return actions


_AUXILIARY = frozenset(
    "to will would has have had was were is are be been being did does could may might can".split()
)
"""Words after which an action word is a verb: "will pay", "has resigned", "to acquire"."""

_NOMINAL = ("tion", "sion", "ment")
"""Endings of nouns that name an action ("acquisition", "resignation", "announcement")."""


def event_triggers(text: str, actions: Mapping[str, str]) -> frozenset[str]:
    """The claim's action words that read as the event itself, as lemmas: verbs by their form
    ("jolted", "killing", an irregular past, a word after "will" or "to") and nouns that name
    an action ("acquisition"); background words ("province", "grandmother") are left out.

    `actions` is `event_words`' first result (lemma -> the word as first written)."""
    return _triggers(list(map(_reading, _WORD.findall(text))), actions)


def _triggers(words: Sequence[_Reading], actions: Mapping[str, str]) -> frozenset[str]:
    found: set[str] = set()
    after_auxiliary = False
    for _, lemma, verb_form, auxiliary in words:
        if (verb_form or after_auxiliary) and lemma is not None and lemma in actions:
            found.add(lemma)
        after_auxiliary = auxiliary
    return frozenset(found)


@lru_cache(maxsize=65536)
def _reading(word: str) -> _Reading:
    low = word.casefold()
    if low in _STOP or len(low) < 3:
        return low, None, False, low in _AUXILIARY
    verb_form = (
        low in _IRREGULAR
        or low.endswith(_NOMINAL)
        or (len(low) > 4 and low.endswith(("ed", "ing")))
    )
    return low, event_lemma(word), verb_form, low in _AUXILIARY


class _Lemmas(dict[str, str | None]):
    """Each word's lemma (None for one that says nothing of the event), worked out when first
    met: every word of every claim is looked up here, and a dict's own lookup is quicker than
    a call through `lru_cache`. Bounded like the caches: emptied when a vocabulary fills it."""

    def __missing__(self, word: str) -> str | None:
        if len(self) >= 65536:
            self.clear()
        found = self[word] = _reading(word)[1]
        return found


_lemma = _Lemmas().__getitem__
_run_lemma = RunLemmas(_lemma).__getitem__
"""A run's lemma, for the claims read as bytes (`ascii_lemma_sets`)."""
