"""Where a name begins and ends in news copy: headlines, roles, "X of Place", possessives.

A detected name span may hold more than one name ("Colts Beat Chiefs" in a title-case headline,
"Chargers' Jamal Williams", "Christopher Simpson of Fort Coffee") or a role before the name
("Actress Tara Reid", "Alaska Gov. Sarah Palin"). The names the body text of the open articles
uses on their own are the evidence for re-reading such spans.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from annotations.compare.name_keys import TITLES, name_key, plain, token_bounds
from annotations.detection.lexicon import COUNTRIES, FIRST_NAMES, PLACES
from annotations.spans import Span

__all__ = ["first_names", "Mention", "name_boundaries", "name_of"]


_WORD = re.compile(r"[^\s()\[\]{}\"“”]+")
_EDGE_PUNCT = ",;:!?\"“”'‘’()[]"


class Mention(NamedTuple):
    """One place a name occurs: in which article, where, and as what.

    A named tuple rather than a dataclass: the grouping makes one for every name of every open
    article, and a tuple is made and hashed several times faster."""

    article_id: str
    """The `Article.id` of the article the name occurs in."""

    start: int
    """Index of the first character in the article text."""

    end: int
    """Index one past the last character."""

    text: str
    """The name exactly as the article spells it, with any role written before it."""

    label: str
    """The span label: person, org, place or group."""

    role: str = ""
    """Words before the name that say what the named is, not who ("Actress", "Gov."): the
    leading part of `text` that is not the name."""

    @classmethod
    def of(cls, article_id: str, span: Span) -> Mention:
        """The mention of a detected name span."""
        return cls(article_id, span.start, span.end, span.text, span.label)

    @property
    def name(self) -> str:
        """The name itself, without its role."""
        return name_of(self.text, self.role)


def name_of(text: str, role: str = "") -> str:
    """The name a mention's text holds after its role."""
    return text[len(role) :].strip(_EDGE_PUNCT + " ")


_OF = re.compile(r"\s+of\s+")
_LINE_END = re.compile("\n")
_INNER_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s?(?=\s+\S)", re.IGNORECASE)
_SMALL_WORDS = frozenset(
    "a an the of in on at to for and or as by with from into vs v after over up".split()
)
"""Words a title-case headline leaves in lower case."""


@cache
def _gazetteer() -> frozenset[str]:
    """Known places and countries, plain: made on first use, not when the module loads."""
    return frozenset(plain(p) for p in PLACES | COUNTRIES)


@cache
def first_names() -> frozenset[str]:
    """Known first names, plain: made on first use, not when the module loads."""
    return frozenset(plain(n) for n in FIRST_NAMES)


@dataclass(slots=True)
class _Piece:
    """A stretch of one mention's text that may be a name: offsets into the mention text."""

    start: int
    end: int


def _pieces(text: str) -> list[_Piece]:
    """Split a span at brackets and at an inner possessive: "ATI Technologies (ATI)",
    "Chargers' Jamal Williams"."""
    cuts: list[tuple[int, int]] = []
    for bracket in re.finditer(r"\s*[()\[\]]\s*", text):
        cuts.append((bracket.start(), bracket.end()))
    for owner in _INNER_POSSESSIVE.finditer(text):
        rest = text[owner.end() :].split()
        if len(rest) >= 2 and rest[0][:1].isupper():
            cuts.append((owner.end(), owner.end()))
    pieces: list[_Piece] = []
    at = 0
    for start, end in sorted(cuts):
        pieces.append(_Piece(at, start))
        at = end
    pieces.append(_Piece(at, len(text)))
    return [p for p in (_trimmed(text, p) for p in pieces) if p.end > p.start]


def _trimmed(text: str, piece: _Piece) -> _Piece:
    start, end = piece.start, piece.end
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        end -= 1
    return _Piece(start, end)


def _is_heading(line: str) -> bool:
    letters = 0
    for raw in line.split():
        word = raw.strip(_EDGE_PUNCT)
        if not word[:1].isalpha():
            continue
        if word[0].islower() and word.lower() not in _SMALL_WORDS:
            return False  # running text: most lines stop here, at their first common word
        letters += 1
    return letters >= 3


@dataclass(slots=True)
class _Evidence:
    """How the body text of the open articles writes names on their own."""

    labels: dict[str, Counter[str]]
    sizes: tuple[int, ...] = field(init=False)
    """How many words the known keys have, each once."""

    def __post_init__(self) -> None:
        self.sizes = tuple(sorted({len(key.split(" ")) for key in self.labels}))

    def known(self, key: str) -> bool:
        return key in self.labels

    def person_like(self, key: str, words: list[str], label: str) -> bool:
        if len(words) < 2:
            return False
        seen = self.labels.get(key)
        if seen and seen.most_common(1)[0][0] == "person":
            return True
        if label == "person" or plain(words[0]) in first_names():
            return True
        # A surname the articles write alone: "Flynn" for Ka'loni Flynn.
        return name_key(words[-1]) in self.labels and not self.place_like(name_key(words[-1]))

    def place_like(self, key: str) -> bool:
        seen = self.labels.get(key)
        return bool(seen and seen.most_common(1)[0][0] == "place") or key in _gazetteer()

    def label_of(self, key: str, fallback: str) -> str:
        seen = self.labels.get(key)
        return seen.most_common(1)[0][0] if seen else fallback


def _word_spans(text: str, piece: _Piece) -> list[tuple[int, int]]:
    return [
        (piece.start + w.start(), piece.start + w.end())
        for w in _WORD.finditer(text[piece.start : piece.end])
    ]


def _segments(
    text: str, words: list[tuple[int, int]], evidence: _Evidence
) -> list[tuple[int, int, int]]:
    """Longest known names from left to right: (first word, end word, role start word).
    The whole span is no evidence for itself."""
    found: list[tuple[int, int, int]] = []
    ends = _Ends(text, words, evidence.sizes)
    i = role_from = 0
    while i < len(words):
        for j in ends.longest_first(i, len(words) - (i == 0)):
            if evidence.known(name_key(text[words[i][0] : words[j - 1][1]])):
                found.append((i, j, role_from))
                i = role_from = j
                break
        else:
            i += 1
    return found


class _Ends:
    """Where a known name starting at a word may end: only where the words between could make
    a key of as many words as some known key has. A run of names with no punctuation ("John
    Smith Mary Jones ...") is one long span: reading every stretch of it is cubic."""

    def __init__(self, text: str, words: list[tuple[int, int]], sizes: tuple[int, ...]) -> None:
        self.sizes = sizes
        # A NEL between words is a space that `plain` deletes, joining the words' letters.
        self.every = "\x85" in text
        self.fewest, self.full, self.most = [0], [0], [0]
        if not self.every:
            for start, end in words:
                for total, add in zip(
                    (self.fewest, self.full, self.most), token_bounds(text[start:end]), strict=True
                ):
                    total.append(total[-1] + add)

    def longest_first(self, i: int, top: int) -> list[int] | range:
        """The ends after word `i`, up to `top`, that a known key fits, longest first."""
        if self.every:
            return range(top, i, -1)
        ends: set[int] = set()
        for size in self.sizes:
            # Ends where `size` words may be taken: no fewer than the words no rule drops,
            # no more than the words there are, nor than two more than the full words.
            low = max(
                i + 1,
                bisect.bisect_left(self.most, self.most[i] + size),
                bisect.bisect_left(self.full, self.full[i] + size - 2),
            )
            high = min(top, bisect.bisect_right(self.fewest, self.fewest[i] + size) - 1)
            ends.update(range(low, high + 1))
        return sorted(ends, reverse=True)


def _split_of(
    mention: Mention, piece: _Piece, evidence: _Evidence
) -> list[tuple[_Piece, str]] | None:
    """ "Christopher Simpson of Fort Coffee": a person of a place is two names."""
    text = mention.text
    of = _OF.search(text, piece.start, piece.end)
    if of is None:
        return None
    person = _Piece(piece.start, of.start())
    place = _trimmed(text, _Piece(of.end(), piece.end))
    comma = text.find(",", place.start, place.end)
    if comma > 0:
        place = _trimmed(text, _Piece(place.start, comma))
    before = text[person.start : person.end]
    person_key, place_key = name_key(before), name_key(text[place.start : place.end])
    if not evidence.person_like(person_key, before.split(), mention.label) or not place_key:
        return None
    return [(person, "person"), (place, evidence.label_of(place_key, "place"))]


def _read_piece(
    mention: Mention, piece: _Piece, heading: bool, evidence: _Evidence
) -> list[tuple[_Piece, int, str]]:
    """The names in one piece: (extent, start of the name within it, label)."""
    text = mention.text
    whole = name_key(text[piece.start : piece.end])
    if not heading:
        by_of = _split_of(mention, piece, evidence)
        if by_of is not None:
            return [(p, p.start, label) for p, label in by_of]
    words = _word_spans(text, piece)
    if len(words) < 2 or (heading and evidence.known(whole)):
        return [(piece, piece.start, mention.label)]
    segments = _segments(text, words, evidence)
    if not heading:
        # In running text only a full name written alone elsewhere is re-read out of a longer
        # span: "Saints RB Pierre Thomas" becomes two, "Indianapolis Colts" stays one name.
        if not segments or segments[-1][1] != len(words) or segments[-1][0] == 0:
            return _titles_as_role(text, piece, words, mention.label)
        first, end, _ = segments[-1]
        if end - first < 2:
            return _titles_as_role(text, piece, words, mention.label)
        segments = [s for s in segments if s[1] <= first] + [segments[-1]]
    if not segments:
        return _titles_as_role(text, piece, words, mention.label)
    parts: list[tuple[_Piece, int, str]] = []
    for n, (first, end, role_from) in enumerate(segments):
        extent_start = piece.start if n == 0 else words[role_from][0]
        name_start = words[first][0]
        extent = _Piece(extent_start, words[end - 1][1])
        key = name_key(text[name_start : extent.end])
        label = mention.label if len(segments) == 1 else evidence.label_of(key, mention.label)
        parts.append((extent, name_start, label))
    return parts


def _titles_as_role(
    text: str, piece: _Piece, words: list[tuple[int, int]], label: str
) -> list[tuple[_Piece, int, str]]:
    """ "President-elect Barack Obama", "Russian Defense Minister Sergei Shoigu": the words up
    to the last title are a role when a full name follows."""
    n = 0
    for at in range(len(words) - 2):
        letters = re.split(r"[^a-z]+", plain(text[words[at][0] : words[at][1]]))
        if any(w in TITLES for w in letters):
            n = at + 1
    if n == 0:
        return [(piece, piece.start, label)]
    return [(piece, words[n][0], "person")]


_GAP_WORD = re.compile(r"[ \t]+((?:[^\W_]|['\u2019-]){0,30})")
"""Matched in an article's reversed text from just before a name: the spaces written before it,
then the word before them (at most 30 letters, digits, apostrophes and hyphens), backwards."""

_Plan = tuple[tuple[int, int, int, str] | None, ...]
"""The names of a mention: for each, None (the whole mention is the name), else (start, end,
start of the name after its role, label), relative to the mention's start."""


class _Lines:
    """One article's lines, and which of those holding names are headlines."""

    __slots__ = ("text", "starts", "verdicts", "backwards")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in _LINE_END.finditer(text))
        self.verdicts: dict[int, bool] = {}
        self.backwards = ""

    def heading(self, offset: int) -> bool:
        """Whether the line holding `offset` is a headline."""
        # The line's start by its index, not by reading back to it: a long paragraph holds
        # many names, and reading back from each one is quadratic in the paragraph.
        start = self.starts[bisect.bisect_right(self.starts, offset) - 1]
        verdict = self.verdicts.get(start)
        if verdict is None:
            end = self.text.find("\n", offset)
            line = self.text[start : end if end >= 0 else len(self.text)]
            verdict = self.verdicts[start] = _is_heading(line)
        return verdict

    def word_before(self, start: int) -> tuple[int, str] | None:
        """Where the word written before `start` (spaces or tabs between) begins, and the word;
        None when no space or tab comes right before."""
        size = len(self.text)
        if start > size:
            return None
        if not self.backwards:
            # Read backwards by a forward match in the reversed text: one pass per name.
            self.backwards = self.text[::-1]
        found = _GAP_WORD.match(self.backwards, size - start)
        if found is None:
            return None
        return size - found.end(), found.group(1)[::-1]


def name_boundaries(
    mentions: Iterable[Mention], texts: Mapping[str, str] | None = None
) -> list[Mention]:
    """The names inside the detected name spans, each with its role.

    `texts` (article id to text) lets headline spans be re-read with the names the body text
    uses; without it every span counts as running text.

    The work is one pass over the mentions to see where they stand and one to write their
    names; what a spelling holds is read once per spelling, label and place (running text or
    headline), however many articles repeat it.
    """
    given = list(mentions)
    cut = {text: _pieces(text) for text in {m.text for m in given}}
    lines: dict[str, _Lines | None] = {}
    for article_id in {m.article_id for m in given}:
        text = (texts or {}).get(article_id)
        lines[article_id] = None if text is None else _Lines(text)
    headed = _headings(given, cut, lines)
    evidence = _evidence(given, cut, headed)
    readings: dict[tuple[str, str, int, int, bool], list[tuple[_Piece, int, str]]] = {}
    plans: dict[tuple[str, str, str, tuple[bool, ...], bool], _Plan] = {}
    out: list[Mention] = []
    previous: Mention | None = None
    for mention, flags in zip(given, headed, strict=True):
        if not flags:
            continue  # nothing of a name in it
        # The first name keeps the span's start, so a look-up by span finds it.
        first = mention is not previous
        previous = mention
        at = (mention.text, mention.label, mention.role, flags, first)
        plan = plans.get(at)
        if plan is None:
            plan = plans[at] = _plan(mention, cut[mention.text], flags, first, evidence, readings)
        reader = lines[mention.article_id]
        for part in plan:
            found = mention if part is None else _part(mention, *part)
            out.append(found if reader is None else _taken_back(found, reader, evidence))
    return out


def _headings(
    given: list[Mention], cut: Mapping[str, list[_Piece]], lines: Mapping[str, _Lines | None]
) -> list[tuple[bool, ...]]:
    """For each mention, whether each of its pieces stands in a headline."""
    headed: list[tuple[bool, ...]] = []
    never = [(False,) * n for n in range(max(map(len, cut.values()), default=0) + 1)]
    for mention in given:
        pieces = cut[mention.text]
        reader = lines[mention.article_id]
        if reader is None or not pieces:
            headed.append(never[len(pieces)])
        elif len(pieces) == 1:
            headed.append((reader.heading(mention.start + pieces[0].start),))
        else:
            headed.append(tuple(reader.heading(mention.start + p.start) for p in pieces))
    return headed


def _evidence(
    given: list[Mention], cut: Mapping[str, list[_Piece]], headed: list[tuple[bool, ...]]
) -> _Evidence:
    """How often the body text writes each name alone under each label."""
    # Counted by spelling first: a long article repeats its names. A key's labels keep the
    # order they first occur in, which settles a tie between two labels.
    tally: dict[tuple[str, int, str], int] = {}
    for mention, flags in zip(given, headed, strict=True):
        for n, heading in enumerate(flags):
            if not heading:
                at = (mention.text, n, mention.label)
                tally[at] = tally.get(at, 0) + 1
    labels: dict[str, Counter[str]] = {}
    for (text, n, label), count in tally.items():
        piece = cut[text][n]
        key = name_key(text[piece.start : piece.end])
        if key:
            seen = labels.get(key)
            if seen is None:
                seen = labels[key] = Counter()
            seen[label] += count
    return _Evidence(labels)


def _plan(
    mention: Mention,
    pieces: list[_Piece],
    flags: tuple[bool, ...],
    first: bool,
    evidence: _Evidence,
    readings: dict[tuple[str, str, int, int, bool], list[tuple[_Piece, int, str]]],
) -> _Plan:
    """The names of every mention spelt, labelled and placed like `mention`."""
    text = mention.text
    plan: list[tuple[int, int, int, str] | None] = []
    for piece, heading in zip(pieces, flags, strict=True):
        at = (text, mention.label, piece.start, piece.end, heading)
        if at not in readings:
            readings[at] = _read_piece(mention, piece, heading, evidence)
        for extent, name_start, label in readings[at]:
            start = 0 if first else extent.start
            first = False
            if (start, extent.end, name_start) == (0, len(text), 0) and label == mention.label:
                if not mention.role:
                    plan.append(None)  # the whole span is the name, as most are: kept as is
                    continue
            plan.append((start, extent.end, name_start, label))
    return tuple(plan)


def _part(mention: Mention, start: int, end: int, name_start: int, label: str) -> Mention:
    text = mention.text
    return Mention(
        mention.article_id,
        mention.start + start,
        mention.start + end,
        text[start:end],
        label,
        text[start:name_start],
    )


def _taken_back(mention: Mention, reader: _Lines, evidence: _Evidence) -> Mention:
    """ "South Sudan" where the detector kept only "Sudan" (a headline's first word, say):
    the word before is taken back when the articles write the longer name elsewhere."""
    if mention.role:
        return mention
    before = reader.word_before(mention.start)
    if before is None:
        return mention
    first, word = before
    if not word[:1].isupper() or evidence.known(name_key(word)):
        return mention  # a name of its own ("Saints Pierre Thomas") is not a lost first word
    longer = reader.text[first : mention.end]
    key = name_key(longer)
    if key == name_key(mention.name) or not evidence.known(key):
        return mention
    return Mention(mention.article_id, first, mention.end, longer, mention.label)
