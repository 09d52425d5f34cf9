"""An article's visual lines: wrapped per paragraph, as offsets into the text."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from rich.cells import cell_len

__all__ = ["TextLines", "split_paragraphs", "wrap_paragraph", "wrap_words"]

_WORD = re.compile(r"\S+\s*|\s+")


def wrap_paragraph(
    text: str, start: int, end: int, width: int, *, ascii_only: bool
) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the visual lines of one paragraph at a given width.

    Greedy word wrap; a word longer than the width is cut. Trailing spaces stay on the line
    they follow (they are cropped when drawn), so offsets cover the paragraph without gaps.
    """
    width = max(width, 1)
    if ascii_only or _one_cell_each(text[start:end]):
        return _wrap_ascii(text, start, end, width)
    return wrap_words(text, start, end, width, cell_len)


def wrap_words(
    text: str, start: int, end: int, width: int, measure: Callable[[str], int]
) -> Iterator[tuple[int, int]]:
    """`wrap_paragraph` a word at a time, each as wide as `measure` says (`len` for text of
    one cell a character, whose fast path must break where this does)."""
    if end - start <= width and measure(text[start:end]) <= width:
        yield start, end
        return
    line_start = start
    line_width = 0
    for match in _WORD.finditer(text, start, end):
        word_start, word_end = match.span()
        word = match.group()
        visible = measure(word.rstrip())
        if line_width and line_width + visible > width:
            yield line_start, word_start
            line_start, line_width = word_start, 0
        if visible > width:
            # A word wider than the line: cut it into line-sized pieces.
            cut = word_start
            piece_width = 0
            for index in range(word_start, word_end):
                char_width = measure(text[index])
                if piece_width + char_width > width and index > cut:
                    yield cut, index
                    cut, piece_width = index, 0
                piece_width += char_width
            line_start, line_width = cut, piece_width
            continue
        line_width += measure(word)
    if line_start < end or line_start == start:
        yield line_start, end


_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
"""The ASCII characters `\\s` matches: what separates the words `_WORD` finds."""
_WORD_START = re.compile(r"\S")


_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))


@cache
def _one_cell(character: str) -> bool:
    return not character.isspace() and cell_len(character) == 1


def _one_cell_each(paragraph: str) -> bool:
    """True when each character of `paragraph` is one cell wide and the space is its only
    space: then a word's width is its length, as in ASCII (an em dash or curly quotes do not
    send a paragraph word by word through `cell_len`)."""
    return all(map(_one_cell, set(paragraph) - _PRINTABLE_ASCII))


def _wrap_ascii(text: str, start: int, end: int, width: int) -> Iterator[tuple[int, int]]:
    """`wrap_paragraph` of text whose characters are one cell each (ASCII, or `_one_cell_each`),
    a line at a time instead of a word at a time.

    With one cell per character, a word fits on the line from `line` when its last visible
    character lies before `line + width`: the line breaks at the start of the word that
    covers that column, or after the spaces that do. A first word wider than the line is cut.
    """
    line = start
    while line + width < end:
        limit = line + width
        if text[limit] in _SPACES:
            word = _WORD_START.search(text, limit, end)
            if word is None:
                break  # only spaces after the limit: they stay on this last line
            yield line, word.start()
            line = word.start()
            continue
        space = max(text.rfind(char, line, limit) for char in _SPACES)
        if space >= line:
            yield line, space + 1
            line = space + 1
            continue
        # A word wider than the line (with its spaces) is cut into line-sized pieces.
        match = _WORD.match(text, line, end)
        word_end = match.end() if match else end
        while line + width < word_end:
            yield line, line + width
            line += width
    yield line, end


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the lines of `text`, without their line breaks."""
    paragraphs: list[tuple[int, int]] = []
    start = 0
    while True:
        newline = text.find("\n", start)
        if newline < 0:
            paragraphs.append((start, len(text)))
            return paragraphs
        paragraphs.append((start, newline))
        start = newline + 1


@dataclass(frozen=True, slots=True)
class TextLines:
    """The visual lines of a whole article at one width."""

    width: int
    """The width the text was wrapped to, in cells."""

    starts: list[int]
    """Offset of each line's first character."""

    ends: list[int]
    """Offset one past each line's last character."""

    @classmethod
    def wrap(
        cls, text: str, paragraphs: list[tuple[int, int]], width: int, *, ascii_only: bool
    ) -> TextLines:
        """Wrap every paragraph of `text` to `width` cells."""
        starts: list[int] = []
        ends: list[int] = []
        for para_start, para_end in paragraphs:
            # Per paragraph: one em dash must not send a whole article through cell_len.
            plain = ascii_only or text[para_start:para_end].isascii()
            for line_start, line_end in wrap_paragraph(
                text, para_start, para_end, width, ascii_only=plain
            ):
                starts.append(line_start)
                ends.append(line_end)
        return cls(width, starts, ends)

    def line_of(self, offset: int) -> int:
        """The line holding character `offset`."""
        return max(bisect_right(self.starts, offset) - 1, 0)

    def offset_at(self, text: str, line_no: int, column: int, *, ascii_only: bool) -> int:
        """The offset of the character drawn at `column` of line `line_no` (the line's last
        character past its end, its first before its start)."""
        start, end = self.starts[line_no], self.ends[line_no]
        if column < 0:
            return start
        if ascii_only:
            return min(start + column, max(end - 1, start))
        width = 0
        for index in range(start, end):
            width += cell_len(text[index])
            if width > column:
                return index
        return max(end - 1, start)
