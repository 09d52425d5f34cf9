"""CSV text exactly as `csv.writer` writes it, with cells a spreadsheet would run neutralised.

`csv.writer` copies every character of every cell into a buffer of four bytes a character
before it writes the line: for an export of 100k claims it took most of the run. Here a line
is joined from its cells as they are whenever none needs quoting (the common case, found with
a few scans of the joined text in C), and a cell is quoted only when it must be. The result is
byte for byte what `csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\\r\\n")` writes;
the tests compare the two on every character.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import TextIO

from annotations.safe_text import printable

__all__ = [
    "CellText",
    "CsvCells",
    "LINE_END",
    "cell_text",
    "neutralise_cell",
    "write_lines",
]

LINE_END = "\r\n"
"""What ends every line (RFC 4180)."""

CellText = Callable[[object], str]
"""A cell's value -> its text in a CSV line, quoted if it must be."""

# Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP
# "CSV injection"); tab and CR are included because some importers strip them first.
_FORMULA_STARTS = frozenset("=+-@\t\r")
# A cell needs the exact check only if it starts with one of these: the formula starts and
# every character str.isspace holds for (none is above U+3000, ideographic space).
_SUSPECT_FIRSTS = _FORMULA_STARTS | {chr(c) for c in range(0x3001) if chr(c).isspace()}
_first_char = itemgetter(slice(0, 1))
# `csv.writer` (QUOTE_MINIMAL) quotes a cell holding the delimiter, the quote or a line break.
_needs_quotes = re.compile('[,"\r\n]').search


def neutralise_cell(text: str) -> str:
    """Prefix `'` to text a spreadsheet would run as a formula, even after leading spaces."""
    if not text:
        return text
    first = text[0]
    if first in _FORMULA_STARTS:
        return "'" + text
    if first.isspace():
        stripped = text.lstrip()
        if stripped and stripped[0] in _FORMULA_STARTS:
            return "'" + text
    return text


def cell_text(neutralise: bool, for_terminal: bool) -> CellText:
    """How a cell is written: neutralised (unless `neutralise` is off), shown safely on a
    terminal with `for_terminal` (`printable`), then quoted as `csv.writer` would."""

    def text_of(value: object) -> str:
        if not isinstance(value, str):
            return "" if value is None else str(value)
        if neutralise and value[:1] in _SUSPECT_FIRSTS:
            value = neutralise_cell(value)
        if for_terminal:
            value = printable(value)
        if _needs_quotes(value) is None:
            return value
        return '"' + value.replace('"', '""') + '"'

    return text_of


class _Known(dict[str, str]):
    """Texts of cells by value, each worked out when first asked for."""

    def __init__(self, text_of: CellText) -> None:
        super().__init__()
        self._text_of = text_of

    def __missing__(self, value: str) -> str:
        found = self[value] = self._text_of(value)
        return found


class CsvCells:
    """Cells made text for CSV lines, remembering the text of values that recur."""

    def __init__(self, neutralise: bool) -> None:
        self.text_of = cell_text(neutralise, False)
        """A cell's text (see `cell_text`)."""
        self.suspect = _SUSPECT_FIRSTS if neutralise else frozenset()
        """The first characters that may make a cell need neutralising."""
        self.needs_quotes = _needs_quotes
        """Whether a text needs quoting: `suspect` and this found nothing, the text stands."""
        self.known = _Known(self.text_of)
        """The text of a cell of few values (a status, an analyst), by value: worked out once
        each."""

    def joined(self, cells: Sequence[str]) -> str:
        """The text of adjoining text cells, with their commas: as they are when none needs
        quoting or neutralising (a few scans of the joined text), else cell by cell."""
        joined = ",".join(cells)
        if (
            joined.count(",") != len(cells) - 1
            or '"' in joined
            or "\r" in joined
            or "\n" in joined
            or not self.suspect.isdisjoint(map(_first_char, cells))
        ):
            return ",".join(map(self.text_of, cells))
        return joined


def write_lines(lines: Iterable[str], out: TextIO, batch: int = 2048) -> int:
    """Write `lines` (each with its end) to `out` a batch at a time; return how many."""
    count = 0
    pending: list[str] = []
    for line in lines:
        pending.append(line)
        if len(pending) == batch:
            out.write("".join(pending))
            count += batch
            pending.clear()
    if pending:
        out.write("".join(pending))
    return count + len(pending)
