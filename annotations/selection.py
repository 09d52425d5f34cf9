"""Spans the analyst draws: how a selection grows by word, clause, sentence, figure or name."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotations.claims import sentence_bounds
from annotations.compare.counted import counted_thing

if TYPE_CHECKING:
    from collections.abc import Sequence

    from annotations.spans import Span

__all__ = ["Selection", "TextUnits", "counted_span"]

_TOKEN = re.compile(r"\S+")
_LEADING = "\"'\u201c\u2018([\u00ab"
_TRAILING = ",.;:!?\"'\u201d\u2019)]\u00bb"
_CLAUSE_MARK = re.compile(r"[,;:\u2014\u2013]|\s-\s")
_CONJUNCTIONS = frozenset(
    "and but or nor while whereas because although though since unless whilst yet".split()
)
"""Words that open a new clause: a selection grown by clause stops before them."""


@dataclass(frozen=True, slots=True)
class Selection:
    """A span being drawn: the word it started on (`anchor`) and the word it has grown to
    (`head`), each a (start, end) range of the text; it covers both and all between."""

    anchor: tuple[int, int]
    head: tuple[int, int]

    @property
    def start(self) -> int:
        """Offset of the selection's first character."""
        return min(self.anchor[0], self.head[0])

    @property
    def end(self) -> int:
        """Offset one past the selection's last character."""
        return max(self.anchor[1], self.head[1])

    def to(self, head: tuple[int, int] | None) -> Selection:
        """The selection grown (or shrunk) to a new head; unchanged if there is none."""
        return self if head is None else Selection(self.anchor, head)

    def swapped(self) -> Selection:
        """The same span with its other end moving (vi's `o` in visual mode)."""
        return Selection(self.head, self.anchor)


class TextUnits:
    """The words, clauses and sentences of one text, for growing a selection over them.

    A word is a run of non-space characters less its opening quotes and brackets and its
    closing punctuation, so a selection snaps to "fighters", not "fighters,".
    """

    def __init__(self, text: str, spans: Sequence[Span] = ()) -> None:
        self.text = text
        self.words: list[tuple[int, int]] = [
            _trimmed(text, *m.span()) for m in _TOKEN.finditer(text)
        ]
        self._word_starts = [start for start, _ in self.words]
        self._sentences = sentence_bounds(text)
        self._sentence_starts = [start for start, _ in self._sentences]
        self.spans = sorted(spans, key=lambda span: (span.start, span.end))
        self._span_starts = [span.start for span in self.spans]

    def word_at(self, offset: int) -> tuple[int, int] | None:
        """The word holding `offset`, else the next one (None past the last word)."""
        index = bisect_right(self._word_starts, offset) - 1
        if index >= 0 and offset < self.words[index][1]:
            return self.words[index]
        index += 1
        return self.words[index] if index < len(self.words) else None

    def start_at(self, offset: int) -> Selection | None:
        """A selection of the one word at (or after) `offset`."""
        word = self.word_at(offset)
        return None if word is None else Selection(word, word)

    def next_word(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The word after `head`."""
        index = bisect_left(self._word_starts, head[1])
        return self.words[index] if index < len(self.words) else None

    def previous_word(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The word before `head`."""
        index = bisect_left(self._word_starts, head[0]) - 1
        return self.words[index] if index >= 0 else None

    def next_mention(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The figure or name after `head`, whole."""
        index = bisect_left(self._span_starts, head[1])
        return _range(self.spans[index]) if index < len(self.spans) else None

    def previous_mention(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The figure or name before `head`, whole."""
        index = bisect_left(self._span_starts, head[0]) - 1
        return _range(self.spans[index]) if index >= 0 else None

    def _sentence_of(self, offset: int) -> tuple[int, int]:
        index = max(bisect_right(self._sentence_starts, offset) - 1, 0)
        return self._sentences[index] if self._sentences else (0, len(self.text))

    def sentence_end(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The end of the sentence `head` is in, with its full stop; at that end already,
        the end of the next sentence."""
        start, end = self._sentence_of(head[0])
        if head[1] >= end:
            index = bisect_left(self._sentence_starts, end)
            if index >= len(self._sentences):
                return None
            start, end = self._sentences[index]
        last = self.word_at(max(end - 1, start))
        return (last[0] if last else start, end)

    def sentence_start(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The first word of the sentence `head` is in; on it already, of the sentence before."""
        start, _ = self._sentence_of(head[0])
        if head[0] <= start:
            index = bisect_left(self._sentence_starts, start) - 1
            if index < 0:
                return None
            start = self._sentences[index][0]
        return self.word_at(start)

    def clause_end(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The last word before the next clause break after `head`: a comma, semicolon, colon
        or dash, a conjunction ("and", "but", "while"), or the end of the sentence."""
        _, sentence_end = self._sentence_of(head[0])
        word = self.next_word(head)
        last = head
        while word is not None and word[0] < sentence_end:
            if self.text[word[0] : word[1]].casefold() in _CONJUNCTIONS:
                break
            last = word
            if _CLAUSE_MARK.match(self.text, word[1]) or word[1] >= sentence_end:
                break
            word = self.next_word(word)
        return None if last == head else last

    def clause_start(self, head: tuple[int, int]) -> tuple[int, int] | None:
        """The first word of the clause before `head` (back to the clause break before it)."""
        sentence_start, _ = self._sentence_of(head[0])
        word = self.previous_word(head)
        first: tuple[int, int] | None = None
        while word is not None and word[0] >= sentence_start:
            first = word
            before = self.previous_word(word)
            if self.text[word[0] : word[1]].casefold() in _CONJUNCTIONS:
                break
            if before is not None and _CLAUSE_MARK.match(self.text, before[1]):
                break
            word = before
        return first


def counted_span(text: str, span: Span, limit: int) -> tuple[int, int]:
    """A figure with the noun it counts ("120 ISIS fighters", "60 of them were foreign
    fighters"), looking no further than `limit`; a name, or a figure counting nothing, alone."""
    if span.kind != "number":
        return _range(span)
    head = counted_thing(text, span.end, limit).head
    if not head:
        return _range(span)
    found = text.find(head, span.end, limit)
    return (span.start, found + len(head)) if found >= 0 else _range(span)


def _range(span: Span) -> tuple[int, int]:
    return (span.start, span.end)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A token less its opening quotes and closing punctuation (kept if nothing else is left)."""
    inner_start, inner_end = start, end
    while inner_start < inner_end and text[inner_start] in _LEADING:
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1] in _TRAILING:
        inner_end -= 1
    return (inner_start, inner_end) if inner_start < inner_end else (start, end)
