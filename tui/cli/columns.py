"""Records printed as columns, one row as it comes: sized to the terminal, never to the rows."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotations.safe_text import single_line

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["Column", "print_columns"]

_GAP = "  "


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a listing."""

    header: str
    """Its heading."""

    key: str | Callable[[Mapping[str, Any]], object]
    """The record's key it shows, or a function of the record."""

    cells: int = 0
    """A fixed width in terminal cells; 0 to take `share` of what the fixed columns leave."""

    share: int = 1
    """Parts of the width left by the fixed columns, for a column without `cells`."""

    keep_end: bool = False
    """Cut a long value at its start ("…/reports/today.txt"), not its end."""

    fold: bool = False
    """Show a long value whole, over as many lines as it takes, instead of cutting it."""

    right: bool = False
    """Align to the right (counts)."""

    def value(self, record: Mapping[str, Any]) -> str:
        """The record's cell as untrusted text on one line ("" for none)."""
        found = self.key(record) if callable(self.key) else record[self.key]
        return single_line("" if found is None else str(found))


def _widths(columns: Sequence[Column], width: int) -> list[int]:
    fixed = sum(c.cells for c in columns) + len(_GAP) * (len(columns) - 1)
    shares = sum(c.share for c in columns if not c.cells) or 1
    # What the fixed columns leave, however little: a row wider than the terminal wraps, and
    # each of its lines then runs into the next row's (`list` at 80 columns needed 110).
    rest = max(width - fixed, 4 * shares)
    return [c.cells or max(rest * c.share // shares, 4) for c in columns]


def _fit(line: str, width: int, *, keep_end: bool = False) -> str:
    """`line` in exactly `width` cells: cut with "…" or padded."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(line) <= width:
        return set_cell_size(line, width)
    if keep_end:
        tail = line[-width:]
        while cell_len(tail) > width - 1:
            tail = tail[1:]
        return set_cell_size("…" + tail, width)
    return set_cell_size(line, width - 1) + "…"


def _pieces(column: Column, text: str, width: int) -> list[str]:
    """The lines a cell takes: one, cut to fit, or several for a folded column."""
    from rich.cells import set_cell_size

    if column.fold and text:
        return [set_cell_size(piece, width) for piece in _wrapped(text, width)]
    if column.right:
        return [_fit(text, width).rstrip().rjust(width)]
    return [_fit(text, width, keep_end=column.keep_end)]


def _wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken between words; a word longer than a
    line is cut into pieces that fill it. Only spaces where a line breaks or starts are left out."""
    from rich.cells import cell_len, chop_cells

    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = cell_len(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
            line, used = "", 0
        if not word:
            continue  # a space where a line breaks or starts
        if size > width:
            *whole, word = chop_cells(word, width)
            lines.extend(whole)
            size = cell_len(word)
        line, used = word, size
    if line or not lines:
        lines.append(line)
    return lines


def print_columns(
    records: Iterable[Mapping[str, Any]],
    columns: Sequence[Column],
    out: SupportsWrite[str],
    *,
    width: int | None = None,
) -> None:
    """Write a header line, then each record's row as soon as it comes.

    Widths come from the terminal (`width`, else its size, at least 80 cells), so nothing
    waits for the rows to be measured: a Rich table of thousands of rows took seconds before
    its first line. Every cell is untrusted text, shown without markup or control characters.
    """
    if width is None:
        width = max(shutil.get_terminal_size((160, 24)).columns, 80)
    widths = _widths(columns, width)
    header = _GAP.join(_pieces(c, c.header, w)[0] for c, w in zip(columns, widths, strict=True))
    out.write(header.rstrip() + "\n")
    for record in records:
        cells = [_pieces(c, c.value(record), w) for c, w in zip(columns, widths, strict=True)]
        for n in range(max(len(pieces) for pieces in cells)):
            line = _GAP.join(
                pieces[n] if n < len(pieces) else " " * w
                for pieces, w in zip(cells, widths, strict=True)
            )
            out.write(line.rstrip() + "\n")
