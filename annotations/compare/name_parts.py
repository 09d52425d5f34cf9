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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, repeat
from operator import and_, attrgetter, itemgetter, not_
from pathlib import Path
from typing import NamedTuple

from annotations.compare.name_keys import TITLES, name_key, plain, token_bounds
from annotations.spans import Span

__all__ = [
    "Evidence",
    "Mention",
    "Piece",
    "first_names",
    "folded_list",
    "headings",
    "is_heading",
    "mentions_of",
    "name_mentions",
    "name_of",
    "pieces_of",
    "read_piece",
]


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


def name_mentions(article_id: str, spans: Iterable[Span]) -> list[Mention]:
    """The mentions of an article's name spans, in their order: made as plain tuples, without
    a call per span, as a long report has tens of thousands."""
    return [
        tuple.__new__(Mention, (article_id, s.start, s.end, s.text, s.label, ""))
        for s in spans
        if s.kind == "name"
    ]


def mentions_of(given: Iterable[Mention | tuple[str, Span]]) -> list[Mention]:
    """Mentions as they are, or of (article id, name span) pairs."""
    raws = list(given)
    if all(map(isinstance, raws, repeat(Mention))):
        return raws  # type: ignore[return-value]  # each one a Mention, as just seen
    if any(map(isinstance, raws, repeat(Mention))):
        return [raw if isinstance(raw, Mention) else Mention.of(*raw) for raw in raws]
    # All pairs, as the export gives them by the hundred thousand: made by the column.
    spans: list[Span] = list(map(itemgetter(1), raws))
    columns = zip(
        map(itemgetter(0), raws),
        map(attrgetter("start"), spans),
        map(attrgetter("end"), spans),
        map(attrgetter("text"), spans),
        map(attrgetter("label"), spans),
        repeat(""),
        strict=False,  # the roles are endless: none before any of these names
    )
    return list(map(tuple.__new__, repeat(Mention), columns))


def name_of(text: str, role: str = "") -> str:
    """The name a mention's text holds after its role."""
    return text[len(role) :].strip(_EDGE_PUNCT + " ")


_OF = re.compile(r"\s+of\s+")
_OF_AFTER_WORD = re.compile(r"(?<!\s)\s+of\s+")
"""`_OF` where the spaces before "of" begin: a search for `_OF` tries again from every space of
a long run of them, reading the rest of the run each time."""
_BRACKET = re.compile(r"(?:(?<!\s)\s*)?[()\[\]]\s*")
"""A bracket and the spaces around it, the spaces before taken only from where they begin (or
right after the last cut), for the same reason."""
_SPLIT_WORD = re.compile(r"\S+")
"""A word as `str.split()` finds it: the regex's whitespace is the one `str.isspace` knows."""
_INNER_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s?(?=\s+\S)", re.IGNORECASE)
_SMALL_WORDS = frozenset(
    "a an the of in on at to for and or as by with from into vs v after over up".split()
)
"""Words a title-case headline leaves in lower case."""

_EDGES = "[" + re.escape(_EDGE_PUNCT) + "]*"
_SMALL = "|".join(sorted(_SMALL_WORDS, key=len, reverse=True))
_RUNNING = re.compile(rf"(?:^|(?<=\s)){_EDGES}(?!(?i:{_SMALL}){_EDGES}(?:\s|\Z))[a-z]")
"""A word of running text: a small letter after any edge punctuation, and not a small word.
Where it matches, `is_heading` would stop at a word; where not, the words are read."""


_DATA = Path(__file__).resolve().parent.parent / "data"


def folded_list(name: str) -> frozenset[str]:
    """One of the word lists as the grouping compares them (`name_key`, `plain`), written by
    `data/make_folded_lists.py` (a test writes them again and compares): folding the lists'
    thousands of names on every compare took 30 ms, for the same names each time."""
    return frozenset((_DATA / name).read_text(encoding="utf-8").split("\n")[:-1])


@cache
def _gazetteer() -> frozenset[str]:
    """Known places and countries, plain: read on first use, not when the module loads."""
    return folded_list("places_plain.txt")


@cache
def first_names() -> frozenset[str]:
    """Known first names, plain: read on first use, not when the module loads."""
    return folded_list("first_names_plain.txt")


@dataclass(slots=True)
class Piece:
    """A stretch of one mention's text that may be a name: offsets into the mention text."""

    start: int
    end: int


def pieces_of(text: str) -> list[Piece]:
    """Split a span at brackets and at an inner possessive: "ATI Technologies (ATI)",
    "Chargers' Jamal Williams"."""
    cuts: list[tuple[int, int]] = []
    for bracket in _BRACKET.finditer(text):
        cuts.append((bracket.start(), bracket.end()))
    # Where the words begin, found once: splitting the rest of the span after each possessive
    # reads a span of n possessives ("Rebels' Forces' Fighters' ...") n times over.
    word_starts: list[int] | None = None
    for owner in _INNER_POSSESSIVE.finditer(text):
        if word_starts is None:
            word_starts = [word.start() for word in _SPLIT_WORD.finditer(text)]
        # The word after the possessive (a space follows it), and that another comes after.
        after = bisect.bisect_left(word_starts, owner.end())
        if len(word_starts) - after >= 2 and text[word_starts[after]].isupper():
            cuts.append((owner.end(), owner.end()))
    pieces: list[Piece] = []
    at = 0
    for start, end in sorted(cuts):
        pieces.append(Piece(at, start))
        at = end
    pieces.append(Piece(at, len(text)))
    return [p for p in (_trimmed(text, p) for p in pieces) if p.end > p.start]


def _trimmed(text: str, piece: Piece) -> Piece:
    start, end = piece.start, piece.end
    while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
        end -= 1
    return Piece(start, end)


def headings(lines: list[str]) -> list[bool]:
    """`is_heading` of each line: most are found to be running text by one match each."""
    verdicts = [False] * len(lines)
    unsettled = map(and_, map(bool, lines), map(not_, map(_RUNNING.search, lines)))
    for n in compress(range(len(lines)), unsettled):
        verdicts[n] = is_heading(lines[n])
    return verdicts


def is_heading(line: str) -> bool:
    """Whether a line is a title-case or upper-case headline, whose capitals say nothing."""
    if _RUNNING.search(line):
        return False  # running text, found without reading the line word by word
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
class Evidence:
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


def _word_spans(text: str, piece: Piece) -> list[tuple[int, int]]:
    return [
        (piece.start + w.start(), piece.start + w.end())
        for w in _WORD.finditer(text[piece.start : piece.end])
    ]


def _segments(
    text: str, words: list[tuple[int, int]], evidence: Evidence
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


def _of_between(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first " of " (spaces around it) of `text[start:end]`, as `_OF.search` finds it."""
    return _OF.match(text, start, end) or _OF_AFTER_WORD.search(text, start, end)


def _split_of(mention: Mention, piece: Piece, evidence: Evidence) -> list[tuple[Piece, str]] | None:
    """ "Christopher Simpson of Fort Coffee": a person of a place is two names."""
    text = mention.text
    of = _of_between(text, piece.start, piece.end)
    if of is None:
        return None
    person = Piece(piece.start, of.start())
    place = _trimmed(text, Piece(of.end(), piece.end))
    comma = text.find(",", place.start, place.end)
    if comma > 0:
        place = _trimmed(text, Piece(place.start, comma))
    before = text[person.start : person.end]
    person_key, place_key = name_key(before), name_key(text[place.start : place.end])
    if not evidence.person_like(person_key, before.split(), mention.label) or not place_key:
        return None
    return [(person, "person"), (place, evidence.label_of(place_key, "place"))]


def read_piece(
    mention: Mention, piece: Piece, heading: bool, evidence: Evidence
) -> list[tuple[Piece, int, str]]:
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
    parts: list[tuple[Piece, int, str]] = []
    for n, (first, end, role_from) in enumerate(segments):
        extent_start = piece.start if n == 0 else words[role_from][0]
        name_start = words[first][0]
        extent = Piece(extent_start, words[end - 1][1])
        key = name_key(text[name_start : extent.end])
        label = mention.label if len(segments) == 1 else evidence.label_of(key, mention.label)
        parts.append((extent, name_start, label))
    return parts


def _titles_as_role(
    text: str, piece: Piece, words: list[tuple[int, int]], label: str
) -> list[tuple[Piece, int, str]]:
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
