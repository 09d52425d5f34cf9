"""The names inside every detected name span of the open articles, read in bulk.

Where a span stands (a headline or running text, the word written before it) is found for all
the spans of an article at once, by index; what a spelling holds (`read_piece`) is read once
per spelling, label and place, however many articles repeat it. The work grows with the
spans, and the little of it done per span runs in the interpreter's own loops.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import accumulate, chain, compress, count, groupby, islice, repeat
from operator import add, and_, attrgetter, is_, is_not, le, not_

from annotations.compare.name_keys import key_tail, name_key
from annotations.compare.name_parts import (
    Evidence,
    Mention,
    Piece,
    headings,
    name_of,
    pieces_of,
    read_piece,
)

__all__ = ["name_boundaries"]

_ARTICLE = attrgetter("article_id")
_START = attrgetter("start")
_TEXT = attrgetter("text")
_SIGN = attrgetter("text", "label", "role")
_Sign = tuple[str, str, str]

_GAP_WORD = re.compile(r"[ \t]+((?:[^\W_]|['\u2019-]){0,30})")
"""Matched in an article's reversed text from just before a name: the spaces written before it,
then the word before them (at most 30 letters, digits, apostrophes and hyphens), backwards."""

_CAPITAL_BEFORE = re.compile(r"[ \t]++(?:[^\W_]|['\u2019-]){1,30}+(?<![a-z0-9'\u2019-])")
"""The same, only where the word may begin with a capital (it begins with no small letter,
digit, apostrophe or hyphen of ASCII): the few names whose word before is worth a look."""

_Part = tuple[int, int, str, str, str]
"""A name a mention holds: start and end, offset from the mention's start, then its text,
label and role."""

_AS_IS: tuple[_Part | None, ...] = (None,)
"""The reading of most mentions: the whole span is the name, as detected."""

_HEADED = ((False,), (True,))
"""A one-piece mention's place: in running text, in a headline."""


class _Lines:
    """One article's lines, which of those holding names are headlines, and its text
    backwards."""

    __slots__ = ("text", "judged", "lines", "starts", "rows", "backwards")

    def __init__(self, text: str, judged: dict[str, bool]) -> None:
        self.text = text
        # Lines judged already, in this article or another: a desk's articles share many.
        self.judged = judged
        self.lines: list[str] = []
        self.starts: list[int] = []
        self.rows: dict[int, bool] = {0: False}
        self.backwards = ""

    def headings(self, offsets: list[int]) -> list[bool]:
        """Whether the line holding each offset is a headline (none holds an offset before the
        text; the last holds those after it), each line judged once."""
        if not self.lines:
            self.lines = self.text.split("\n")
        rows = self._rows(offsets)
        unread = sorted(set(rows).difference(self.rows))
        lines = [self.lines[row - 1] for row in unread]
        new = list(set(lines).difference(self.judged))
        self.judged.update(zip(new, headings(new), strict=True))
        self.rows.update(zip(unread, map(self.judged.__getitem__, lines), strict=True))
        return list(map(self.rows.__getitem__, rows))

    def _rows(self, offsets: list[int]) -> list[int]:
        """The line of each offset, counted from 1 (0 before the text), not found by reading
        back from it: a long paragraph holds many names, and reading back from each one is
        quadratic in the paragraph."""
        if offsets and offsets[0] >= 0 and all(map(le, offsets, islice(offsets, 1, None))):
            # In order, as detection gives them: by the line breaks since the one before,
            # counted in one pass along the text (twice as quick as an index of the lines).
            breaks = map(self.text.count, repeat("\n"), chain((0,), offsets), offsets)
            return list(islice(accumulate(breaks, initial=1), 1, None))
        if not self.starts:
            self.starts = list(accumulate(map(add, map(len, self.lines), repeat(1)), initial=0))
            self.starts.pop()
        return list(map(bisect.bisect_right, repeat(self.starts), offsets))

    def reversed_text(self) -> str:
        """The text backwards: words before names are read by a forward match in it."""
        if not self.backwards:
            self.backwards = self.text[::-1]
        return self.backwards

    def word_before(self, start: int) -> tuple[int, str] | None:
        """Where the word written before `start` (spaces or tabs between) begins, and the word;
        None when no space or tab comes right before."""
        size = len(self.text)
        if start > size:
            return None
        found = _GAP_WORD.match(self.reversed_text(), size - start)
        if found is None:
            return None
        return size - found.end(), found.group(1)[::-1]


def name_boundaries(
    mentions: Iterable[Mention], texts: Mapping[str, str] | None = None
) -> list[Mention]:
    """The names inside the detected name spans, each with its role.

    `texts` (article id to text) lets headline spans be re-read with the names the body text
    uses; without it every span counts as running text.
    """
    given = list(mentions)
    # Each mention's sign (text, label, role) hashed once, as the place it first occurs: a
    # tuple's hash is not kept, and the counts and look-ups by sign would hash it again each.
    first_at: dict[_Sign, int] = {}
    signs = _Signs(list(map(first_at.setdefault, map(_SIGN, given), count())), first_at)
    # Each spelling cut once, its text read from the signs rather than from every mention.
    cut = {text: pieces_of(text) for text in {text for text, _, _ in first_at}}
    lines: dict[str, _Lines | None] = {}
    judged: dict[str, bool] = {}
    for article_id in set(map(_ARTICLE, given)):
        text = (texts or {}).get(article_id)
        lines[article_id] = None if text is None else _Lines(text, judged)
    headed = _headings(given, cut, lines)
    # A span of one piece in running text, where most stand: `headed` holds the very tuple
    # `_HEADED[0]` for those, and tuples of other lengths for the spans of several pieces.
    running = list(map(is_, headed, repeat(_HEADED[0])))
    evidence = _evidence(given, signs, cut, headed, running)
    found = _names(given, signs, cut, headed, running, evidence)
    _take_back(found, lines, evidence)
    return found


class _Signs:
    """The mentions' signs (text, label, role), each as the index of its first mention."""

    __slots__ = ("firsts", "at")

    def __init__(self, firsts: list[int], first_at: Mapping[_Sign, int]) -> None:
        self.firsts = firsts
        self.at = {first: sign for sign, first in first_at.items()}
        """Each sign by the index of its first mention."""

    def __getitem__(self, n: int) -> _Sign:
        return self.at[self.firsts[n]]


def _runs(mentions: list[Mention]) -> Iterable[tuple[str, int, list[Mention]]]:
    """The runs of mentions of one article: (article id, index of the first, the run)."""
    at = 0
    for article_id, run in groupby(mentions, _ARTICLE):
        of_article = list(run)
        yield article_id, at, of_article
        at += len(of_article)


def _headings(
    given: list[Mention], cut: Mapping[str, list[Piece]], lines: Mapping[str, _Lines | None]
) -> list[tuple[bool, ...]]:
    """For each mention, whether each of its pieces stands in a headline."""
    never = _unheaded(cut)
    # Most spans begin with their name: only the others' offsets move to where it begins.
    shift = {text: p[0].start for text, p in cut.items() if len(p) == 1 and p[0].start}
    odd = {text for text, pieces in cut.items() if len(pieces) != 1}
    headed: list[tuple[bool, ...]] = []
    for article_id, at, run in _runs(given):
        spelt = list(map(_TEXT, run))
        reader = lines[article_id]
        if reader is None:
            headed.extend(map(never.__getitem__, spelt))
            continue
        starts = list(map(_START, run))
        offsets = list(map(add, starts, map(shift.get, spelt, repeat(0)))) if shift else starts
        headed.extend(map(_HEADED.__getitem__, reader.headings(offsets)))
        if not odd:
            continue
        # The pieces of the spans that hold several, their lines found together.
        several = list(compress(range(len(run)), map(odd.__contains__, spelt)))
        at_pieces = [starts[n] + p.start for n in several for p in cut[spelt[n]]]
        flags = iter(reader.headings(at_pieces))
        for n in several:
            headed[at + n] = tuple(islice(flags, len(cut[spelt[n]])))
    return headed


def _unheaded(cut: Mapping[str, list[Piece]]) -> dict[str, tuple[bool, ...]]:
    """The place of a spelling's pieces in running text (the one-piece ones share theirs)."""
    return {t: _HEADED[0] if len(p) == 1 else (False,) * len(p) for t, p in cut.items()}


def _evidence(
    given: list[Mention],
    signs: _Signs,
    cut: Mapping[str, list[Piece]],
    headed: list[tuple[bool, ...]],
    running: list[bool],
) -> Evidence:
    """How often the body text writes each name alone under each label."""
    # Counted by spelling, a piece of a span at a time. A key's labels keep the order they
    # first occur in, which settles a tie between two labels.
    spelt = list(compress(signs.firsts, running))
    tally: dict[tuple[str, str, int], int] = {}
    counted = Counter(spelt)
    for first, times in counted.items():
        text, label, _ = signs.at[first]
        tally[(text, label, 0)] = tally.get((text, label, 0), 0) + times
    # A piece of a span that holds several, where it first occurs (the rest of those not in
    # running text stand in headlines, their one piece not counted).
    pieces: dict[tuple[str, str, int], tuple[int, int]] = {}
    for n in compress(range(len(given)), map(not_, running)):
        mention = given[n]
        for p, heading in enumerate(headed[n]):
            if not heading:
                at = (mention.text, mention.label, p)
                tally[at] = tally.get(at, 0) + 1
                pieces.setdefault(at, (n, p))
    order = list(tally)
    if pieces:
        # Where each spelling first stands in running text: at its first mention, unless that
        # one stands elsewhere (a headline); only then are all the signs read, from the end.
        stands = {first: first for first in counted}
        if not all(map(running.__getitem__, counted)):
            where = reversed(list(compress(range(len(given)), running)))
            stands = dict(zip(reversed(spelt), where, strict=True))
        firsts: dict[tuple[str, str, int], tuple[int, int]] = {}
        for first, n in stands.items():
            text, label, _ = signs.at[first]
            firsts[(text, label, 0)] = min((n, 0), firsts.get((text, label, 0), (n, 0)))
        order.sort(key=(firsts | pieces).__getitem__)
    labels: dict[str, Counter[str]] = {}
    for text, label, p in order:
        piece = cut[text][p]
        key = name_key(text[piece.start : piece.end])
        if key:
            seen = labels.get(key)
            if seen is None:
                seen = labels[key] = Counter()
            seen[label] += tally[(text, label, p)]
    return Evidence(labels)


def _names(
    given: list[Mention],
    signs: _Signs,
    cut: Mapping[str, list[Piece]],
    headed: list[tuple[bool, ...]],
    running: list[bool],
    evidence: Evidence,
) -> list[Mention]:
    """The names of each mention, in order: most are their own, as detected."""
    # The first name of a span keeps the span's start, so a look-up by span finds it; a span
    # given twice over in a row (the same object) is read as one.
    if all(cut.values()):
        firsts = list(map(is_not, given, [None, *given[:-1]]))
    else:
        firsts = []
        previous: Mention | None = None
        for mention in given:
            firsts.append(mention is not previous)
            if cut[mention.text]:
                previous = mention
    readings: dict[tuple[str, str, int, int, bool], list[tuple[Piece, int, str]]] = {}
    # Read once per spelling where most stand (in running text, a span of its own), then
    # again for the few that stand elsewhere.
    never = _unheaded(cut)
    usual = {
        first: _plan(sign, never[sign[0]], True, cut, evidence, readings)
        for first, sign in signs.at.items()
    }
    chosen = list(map(usual.__getitem__, signs.firsts))
    # The rest, a span of several pieces among them (those in running text read alike again).
    plans: dict[tuple[tuple[str, str, str], tuple[bool, ...], bool], tuple[_Part | None, ...]] = {}
    for n in compress(range(len(given)), map(not_, map(and_, running, firsts))):
        at = (signs[n], headed[n], firsts[n])
        if at not in plans:
            plans[at] = _plan(*at, cut, evidence, readings)
        chosen[n] = plans[at]
    out: list[Mention] = []
    at_mention = 0
    for n in compress(range(len(given)), map(is_not, chosen, repeat(_AS_IS))):
        out.extend(given[at_mention:n])
        at_mention = n + 1
        mention = given[n]
        out.extend(mention if part is None else _part(mention, *part) for part in chosen[n])
    out.extend(given[at_mention:])
    return out


def _plan(
    sign: tuple[str, str, str],
    flags: tuple[bool, ...],
    first: bool,
    cut: Mapping[str, list[Piece]],
    evidence: Evidence,
    readings: dict[tuple[str, str, int, int, bool], list[tuple[Piece, int, str]]],
) -> tuple[_Part | None, ...]:
    """The names of every mention spelt, labelled and placed alike."""
    text, label, role = sign
    mention = Mention("", 0, len(text), text, label, role)
    plan: list[_Part | None] = []
    for piece, heading in zip(cut[text], flags, strict=True):
        at = (text, label, piece.start, piece.end, heading)
        if at not in readings:
            readings[at] = read_piece(mention, piece, heading, evidence)
        for extent, name_start, found in readings[at]:
            start = 0 if first else extent.start
            first = False
            whole = (start, extent.end, name_start) == (0, len(text), 0) and found == label
            if whole and not role:
                plan.append(None)
                continue
            # Its text and role cut here, once for every mention spelt alike.
            name, written = text[start : extent.end], text[start:name_start]
            plan.append((start, extent.end, name, found, written))
    return _AS_IS if plan == [None] else tuple(plan)


def _part(mention: Mention, start: int, end: int, text: str, label: str, role: str) -> Mention:
    return Mention(
        mention.article_id, mention.start + start, mention.start + end, text, label, role
    )


def _take_back(
    found: list[Mention], lines: Mapping[str, _Lines | None], evidence: Evidence
) -> None:
    """ "South Sudan" where the detector kept only "Sudan" (a headline's first word, say):
    the word before is taken back when the articles write the longer name elsewhere."""
    lengthened = _Lengthened(evidence)
    for n in list(compress(range(len(found)), map(lengthened.__getitem__, map(_TEXT, found)))):
        mention = found[n]
        reader = lines[mention.article_id]
        if reader is not None and _CAPITAL_BEFORE.match(
            reader.reversed_text(), len(reader.text) - mention.start
        ):
            found[n] = _longer(mention, reader, evidence)


class _Lengthened(dict[str, bool]):
    """Whether a word written before a spelling could make a longer known name of it, worked
    out once per spelling as the spellings come: only when the spelling's key ends like another
    known key does, as the longer name's key ends like the spelling's (the text at a mention
    is its spelling). Most spellings are ruled out so, not by a match at every mention."""

    def __init__(self, evidence: Evidence) -> None:
        super().__init__()
        self.ends: dict[str, set[str]] = {}
        for key in evidence.labels:
            self.ends.setdefault(key.rsplit(" ", 1)[-1], set()).add(key)

    def __missing__(self, text: str) -> bool:
        tail = key_tail(text)
        found = tail is None or bool(self.ends.get(tail, set()) - {name_key(name_of(text))})
        self[text] = found
        return found


def _longer(mention: Mention, reader: _Lines, evidence: Evidence) -> Mention:
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
