"""Who one sentence says it quotes: a speech verb and its subject, or "according to"."""

# Rules, not a parser: a speech verb ("said", "told", "reported", "accused", ...) and the noun
# phrase before it, or after it when inverted ('..." said Konashenkov.'), or "according to"
# and a phrase that names a source. A sentence-final frame (", the ministry said.") wins over
# a cue inside a quotation. A pronoun subject ("It said", "he added") is left for the sentences
# around it to resolve (see `annotations.attribution`).

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Literal

from annotations.safe_text import blank_sequences
from annotations.spans import Span

__all__ = ["Source", "SourceCue", "own_source"]

SourceCue = Literal["said", "according-to", "pronoun", "quotation", "sign-off"]


@dataclass(frozen=True, slots=True)
class Source:
    """Who a sentence is attributed to, as written in the article."""

    start: int
    """Index of the source's first character ("Rami Abdel Rahman")."""

    end: int
    """Index one past its last character."""

    text: str
    """The source as written, without a leading "the" before a proper name."""

    cue: SourceCue
    """How it was found: said (a speech verb), according-to, pronoun ("it said", resolved),
    quotation (carried from the quotation's attributed sentence), sign-off (agency fallback)."""

    via: str | None = None
    """The outlet it was told to ("told AFP" -> "AFP"), else None."""

    via_start: int | None = None
    """Index of the outlet's first character, when there is one."""

    role: str = ""
    """An appositive after the name ("head of the Britain-based Syrian Observatory ...")."""

    name_start: int | None = None
    """Start of the detected name that heads the source, to find its entity; None if the source
    is a description ("a Syrian military source")."""

    speaker: Literal["person", "org", ""] = ""
    """Whether the source is a person or an organisation, when a name says so."""


_SPEECH_VERBS = """said says say told tells reported claimed added adds stated announced
announces confirmed confirms accused accuses alleged alleges insisted insists noted warned warns
wrote writes explained explains declared declares denied denies estimated quoted cited""".split()
"""Speech verbs, in the order they are tried."""
_NOUN_LIKE_VERBS = "reports claims notes states estimates quotes cites".split()
"""Forms that are as often nouns ("the report lists", "his claims"): they count only before
"that" or a colon; the bare "report", "claim" and "tell" not at all."""


def _by_first_letter(verbs: list[str], noun_like: list[str]) -> str:
    """The verbs as one alternation grouped by first letter ("s(?:aid|ays|ay)|t(?:old|ells)"),
    each letter's words in their order and the noun-like forms, with what must follow them,
    last: it matches what the plain alternation of the words does, and the engine reads one
    letter where it tried every word."""
    groups: dict[str, list[str]] = {}
    for word in verbs:
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    for word in noun_like:
        groups.setdefault(word[0], []).append(re.escape(word[1:]) + r"(?=\s+that\b|\s*[,:])")
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in groups.items())


_VERB = re.compile(
    rf"(?<![\w'\u2019-])(?:{_by_first_letter(_SPEECH_VERBS, _NOUN_LIKE_VERBS)})"
    r"(?![\w-])(?!\s+to\s+[a-z])"
)
"""A speech verb, not before an infinitive ("said to be", "told to withdraw")."""
_INVERTING = frozenset("said says added adds wrote writes asked asks explained noted".split())
"""Verbs whose speaker may follow them ('..." said Konashenkov'); "told AFP" names a listener."""
_ACCORDING = re.compile(r"(?<![\w-])according\s+to\s+", re.IGNORECASE)
_ACCORDING_HINT = "ccord"
"""What the lower case of every sentence `_ACCORDING` matches in holds: c, o, r and d are
matched by themselves and their capitals only ("i" by the dotless i, U+0131, too)."""
_WORD = re.compile(r"[\w'\u2019.&-]+|[^\w\s]")
_PRONOUNS = {"it": "org", "they": "org", "he": "person", "she": "person"}
_AUXILIARIES = frozenset(
    "also later then had has have again earlier previously separately further".split()
)
_BE = frozenset("is are was were be been being it's".split())
_STOP = frozenset(
    """that which who whom whose when where while as if because and but or nor so than then
    there this these those what how why after before since until although though also
    has have had will would could should may might must can did does do not never""".split()
)
"""Words that end the subject phrase when walking back from the verb."""

_BINDERS = frozenset("of for in at on to from de al el ul the a an and".split())
"""Lower-case words allowed inside a subject phrase ("Observatory for Human Rights")."""
_LEADING_BINDERS = _BINDERS - {"the", "a", "an", "al", "el", "de"}
"""Binders a subject phrase does not start with ("of the ministry" is "the ministry")."""

_SOURCE_NOUNS = frozenset(
    """source sources official officials ministry ministries agency agencies spokesman
    spokeswoman spokesperson spokespeople observatory monitor monitors coalition government
    police army military command commander commanders statement statements media outlet
    outlets witness witnesses resident residents activist activists group groups authorities
    authority office department council committee report reports envoy minister president
    diplomat diplomats analyst analysts expert experts doctor doctors medic medics hospital
    channel network newspaper broadcaster television radio website embassy mission
    organisation organization un sana afp reuters ap tass ria interfax""".split()
)
"""Head nouns that say a phrase after "according to" is a source ("a Syrian military source",
"the coalition"); "according to information received" names none."""

_INVERTED_SPEAKER = re.compile(
    r"\s+((?:[a-z]+\s+){0,2}(?:(?:of|from|for|the)\s+)?"
    r"[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|of|for|the))*)"
)
"""The speaker after an inverted verb: "said Konashenkov", "said witness Angela Benson",
"said reports from Ashgabat"; at least one capitalised word."""
_PHRASE_STOP = re.compile(r"[,;:\"\u201c\u201d()]|\s(?:who|which|that|when)\s")
_VIA = re.compile(r"\s+(?:the\s+)?([A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})")
_ROLE_START = re.compile(r"^(?:the\s+|a\s+|an\s+)?[a-z]")
_QUOTES = ('"', "\u201c", "\u201d", "``", "''")
"""Quotation marks, with the doubled ASCII marks of older wire copy (``like this'')."""
_NOT_SOURCES = frozenset("there this that which what who one".split())


def own_source(text: str, start: int, end: int, names: Sequence[Span]) -> Source | None:
    """The source a sentence names itself, or a pronoun placeholder to resolve later."""
    sentence = text[start:end]
    candidates: list[tuple[int, Source]] = []
    for verb in _VERB.finditer(sentence):
        v_start, v_end = start + verb.start(), start + verb.end()
        if _is_passive(text, start, v_start):
            continue
        source = _subject_before(text, start, v_start, names) or _subject_after(
            text, v_end, end, verb.group(0), names
        )
        if source is None:
            continue
        if verb.group(0) in ("told", "tells", "tell"):
            source = _with_via(text, v_end, end, source)
        candidates.append((v_start, source))
    # The case-blind pattern tries every position of the sentence; few sentences hold the
    # letters it needs ("ccord", which only their capitals match), and the rest are not read.
    if _ACCORDING_HINT in sentence.lower():
        for according in _ACCORDING.finditer(sentence):
            source = _according_to(text, start + according.end(), end, names)
            if source is not None:
                candidates.append((start + according.start(), source))
    if len(candidates) <= 1:
        # The answer whether or not it closes the sentence, and whatever its cue.
        return candidates[0][1] if candidates else None
    if any(c[1].cue != "pronoun" for c in candidates):
        # "Sean Payton said ..., he also said ...": the pronoun is the named speaker.
        candidates = [c for c in candidates if c[1].cue != "pronoun"]
    if len(candidates) == 1:
        return candidates[0][1]
    candidates.sort(key=lambda c: c[0])
    # A frame closing the sentence (", the ministry said.") speaks for all of it. What
    # follows each cue is known from the last quote and the last two commas of the sentence,
    # found once: a sentence of a thousand cues is not read to its end for each.
    last_quote, second_comma = _closing_marks(text, start, end)
    for at, source in reversed(candidates):
        if _closes_sentence(text, at, last_quote, second_comma):
            return source
    return candidates[0][1]


def _is_passive(text: str, sentence_start: int, verb_start: int) -> bool:
    """True for "is said to", "was reported": the verb reports nobody's words."""
    before = text[max(sentence_start, verb_start - 12) : verb_start].split()
    return bool(before) and before[-1].casefold() in _BE


def _closing_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the last quotation mark and of the second-to-last comma of the sentence
    [start, end), or -1: what `_closes_sentence` asks of the rest of the sentence."""
    last_quote = max(text.rfind(q, start, end) for q in _QUOTES)
    last_comma = text.rfind(",", start, end)
    return last_quote, text.rfind(",", start, last_comma) if last_comma >= 0 else -1


def _closes_sentence(text: str, at: int, last_quote: int, second_comma: int) -> bool:
    """True if the cue at `at` is in the sentence's last clause, after a comma or a quote:
    no quote after it, and at most one comma (`last_quote` and `second_comma`, the offsets
    of the sentence's last quotation mark and second-to-last comma, or -1)."""
    if last_quote >= at or second_comma >= at:
        return False  # (known without reading what comes before the cue)
    before = text[max(0, at - 160) : at]
    return max(before.rfind(","), max(before.rfind(q) for q in _QUOTES)) >= 0


class _TokensBefore:
    """The words and marks of text[lo:hi], read from the last one back and only as far as
    asked: a subject is the few words before its verb, not the whole window. A terminal
    escape sequence is none of them (its parameters, "0m" of ESC[0m, are no word of a
    subject)."""

    __slots__ = ("_found", "_hi", "_read")

    def __init__(self, text: str, lo: int, hi: int) -> None:
        # A token is a whole run of word characters or a single mark, so the window read
        # backwards holds the same tokens, reversed, last first.
        self._found = _WORD.finditer(blank_sequences(text[lo:hi])[::-1])
        self._hi = hi
        self._read: list[tuple[int, int, str]] = []

    def back(self, k: int) -> tuple[int, int, str] | None:
        """The token `k` places before the last (0: the last), None if there are not so many,
        as (start, end, text)."""
        read = self._read
        while len(read) <= k:
            found = next(self._found, None)
            if found is None:
                return None
            read.append((self._hi - found.end(), self._hi - found.start(), found.group()[::-1]))
        return read[k]


def _subject_before(
    text: str, sentence_start: int, verb_start: int, names: Sequence[Span]
) -> Source | None:
    """The noun phrase right before a speech verb, walking back over at most twelve words."""
    tokens = _TokensBefore(text, max(sentence_start, verb_start - 240), verb_start)
    # `at`: how many tokens from the end the walk has passed.
    at = 0
    while (token := tokens.back(at)) is not None and token[2].casefold() in _AUXILIARIES:
        at += 1
    if token is not None and token[2] == ",":
        # "Rami Abdel Rahman, head of the Observatory, told AFP": a role between commas.
        role = _phrase_before(tokens, at + 1)
        comma = tokens.back(at + 1 + len(role))
        if not role or comma is None or comma[2] != ",":
            return None
        named = _phrase_before(tokens, at + 2 + len(role))
        if not named or not _ROLE_START.match(" ".join(t[2] for t in role)):
            return None
        source = _make_source(text, named[0][0], named[-1][1], "said", names)
        if source is None or source.speaker != "person":
            return None
        return replace(source, role=text[role[0][0] : role[-1][1]])
    if (
        token is not None
        and token[2].casefold() == "who"
        and (comma := tokens.back(at + 1)) is not None
        and comma[2] == ","
        and tokens.back(at + 2) is not None
    ):
        # "team doctor, John R. Amoss, who said": the relative clause's antecedent.
        at += 2
    kept = _phrase_before(tokens, at)
    while kept and kept[0][2].casefold() in _LEADING_BINDERS:
        kept.pop(0)
    if not kept:
        return None
    low = kept[-1][2].casefold()
    if len(kept) == 1 and low in _PRONOUNS:
        return Source(kept[0][0], kept[0][1], kept[0][2], "pronoun", speaker=_speaker(low))
    if low in _BINDERS or kept[0][2].casefold() in _NOT_SOURCES or low.endswith("ly"):
        return None
    return _make_source(text, kept[0][0], kept[-1][1], "said", names)


def _phrase_before(tokens: _TokensBefore, at: int) -> list[tuple[int, int, str]]:
    """The words before the last `at` of `tokens` that can make up a subject, at most twelve,
    in order."""
    kept: list[tuple[int, int, str]] = []
    while (token := tokens.back(at + len(kept))) is not None:
        word = token[2]
        if not word[0].isalnum() and not (word[0] == "'" and word[1:2].isalnum()):
            break
        if word.casefold() in _STOP:
            break
        if len(kept) >= 12:
            return []  # too far from the verb to be its subject
        kept.append(token)
    kept.reverse()
    while kept and kept[0][2].casefold() in _LEADING_BINDERS:
        kept.pop(0)
    return kept


def _subject_after(
    text: str, verb_end: int, sentence_end: int, verb: str, names: Sequence[Span]
) -> Source | None:
    """'..." said Konashenkov.': the speaker after a verb that follows a quote or comma."""
    if verb not in _INVERTING:
        return None
    before = text[max(0, verb_end - len(verb) - 4) : verb_end - len(verb)].rstrip()
    if not before.endswith((",", *_QUOTES)):
        return None
    match = _INVERTED_SPEAKER.match(text, verb_end, sentence_end)
    if match is None:
        return None
    start = match.start(1)
    return _make_source(text, start, start + len(match.group(1).rstrip(".")), "said", names)


def _according_to(
    text: str, phrase_start: int, sentence_end: int, names: Sequence[Span]
) -> Source | None:
    """The source after "according to", if the phrase names one."""
    phrase = _phrase_after(text, phrase_start, sentence_end)
    if phrase is None:
        return None
    words = [w.casefold().strip(".'") for w in phrase.split()]
    if not words:
        return None
    first = bisect.bisect_left(names, phrase_start, key=_START)
    last = bisect.bisect_left(names, phrase_start + len(phrase), key=_START)
    has_name = any(n.label in ("person", "org") for n in names[first:last])
    head_is_source = any(w in _SOURCE_NOUNS for w in words[:4]) or (words[-1] in _SOURCE_NOUNS)
    if not has_name and any(w in ("report", "reports") for w in words[:3]):
        return None  # "according to unconfirmed reports" is a hedge, not a source
    if not (has_name or head_is_source):
        return None
    return _make_source(text, phrase_start, phrase_start + len(phrase), "according-to", names)


_START = attrgetter("start")

_PHRASE_WINDOW = 256
"""How much of a sentence after "according to" is read at first for the phrase: the window
doubles until the phrase ends in it or is plainly too long."""


def _phrase_after(text: str, phrase_start: int, sentence_end: int) -> str | None:
    """The phrase from `phrase_start` to the next comma, quote, bracket or clause in the
    sentence, less a closing full stop, read with the sequences blanked (the ";" of
    "ESC]0;title BEL" ends no phrase); None when it is longer than twelve words.

    Read in windows that double, never to the end of a long sentence for each cue: a
    sentence of a thousand "according to"s was read to its end for every one of them."""
    size = _PHRASE_WINDOW
    while True:
        end = min(sentence_end, phrase_start + size)
        window = blank_sequences(text[phrase_start:end])
        stop = _PHRASE_STOP.search(window)
        if stop is not None or end == sentence_end:
            phrase = window[: stop.start() if stop else len(window)].rstrip(". ")
            return None if len(phrase.split()) > 12 else phrase
        # The words the window holds whole (its last may run on): past twelve, so is the
        # phrase.
        if len(window[: window.rstrip().rfind(" ") + 1].split()) > 12:
            return None
        size *= 2


def _make_source(
    text: str, start: int, end: int, cue: SourceCue, names: Sequence[Span]
) -> Source | None:
    """A source over [start, end), less a leading "the" before a proper name and any terminal
    escape sequence at either end, with its name; None if nothing else is left."""
    # Read with the sequences blanked (a sequence that began up to _REACH before `start`
    # too): "the ESC[0m Army" is "the Army", "CSI 31mReuters" is "Reuters".
    offset = max(0, start - _REACH)
    words = blank_sequences(text[offset:end])
    start, end = offset + _skip_blanks(words, start - offset), offset + len(words.rstrip())
    if start >= end:
        return None
    parts = words[start - offset : end - offset].split()
    if len(parts) > 1 and parts[0].casefold() == "the" and parts[1][:1].isupper():
        start = offset + words.index(parts[1], start - offset)
    name = _heading_name(text, start, end, names)
    speaker: Literal["person", "org", ""] = ""
    if name is not None:
        speaker = "person" if name.label == "person" else "org" if name.label == "org" else ""
        lead = words[start - offset : name.start - offset].split()
        if all(w.casefold() in ("the", "a", "an") or w[:1].islower() for w in lead):
            # "the official Sana news agency" -> "Sana news agency"
            start = max(start, name.start)
    return Source(
        start, end, text[start:end], cue, name_start=name.start if name else None, speaker=speaker
    )


def _skip_blanks(text: str, at: int) -> int:
    """The first position from `at` on that is not white space."""
    return len(text) - len(text[at:].lstrip())


_REACH = 256
"""How far back a terminal escape sequence that a source would start inside may begin."""

_GENERIC_TAILS = frozenset("news agency media group spokesman spokeswoman office".split())


def _heading_name(text: str, start: int, end: int, names: Sequence[Span]) -> Span | None:
    """The detected name that is the source (not a place it is in: "ministry in Moscow")."""
    # The names are in order: look from the one before `start`, up to the first past `end`
    # (never a copy of every name after it: a sentence of many sources asks for each).
    first = max(0, bisect.bisect_left(names, start, key=_START) - 1)
    last = bisect.bisect_left(names, end, key=_START)
    for name in names[first:last]:
        if name.end <= start:
            continue
        if name.label not in ("person", "org"):
            continue
        before = text[start : max(start, name.start)].split()
        if any(w.casefold() in ("in", "of", "for", "at", "from", "on") for w in before):
            continue
        rest = text[name.end : end].split()
        if all(w.casefold() in _GENERIC_TAILS for w in rest):
            return name
    return None


def _with_via(text: str, verb_end: int, sentence_end: int, source: Source) -> Source:
    """ "told AFP": the outlet the source spoke to, when it is a proper name."""
    match = _VIA.match(text, verb_end, sentence_end)
    if match is None:
        return source
    return replace(source, via=match.group(1).rstrip("."), via_start=match.start(1))


def _speaker(pronoun: str) -> Literal["person", "org", ""]:
    kind = _PRONOUNS.get(pronoun, "")
    return "person" if kind == "person" else "org" if kind == "org" else ""
