"""Work counted, not timed: texts that count what the code under test copies out of them.

A growth test runs the code on two sizes of one shape and compares the counts (four times the
input may cost at most about four times the work; quadratic work costs sixteen). Counts hold
on a busy machine, where timings do not."""

from __future__ import annotations

from typing import Any

__all__ = ["SlicesCounted"]


class SlicesCounted(str):
    """A text that counts the characters every slice of it copies (`SlicesCounted.copied`,
    shared by all such texts: set it to 0 before the run measured)."""

    __slots__ = ()
    copied = 0

    def __getitem__(self, key: Any) -> str:
        piece = str.__getitem__(self, key)
        if isinstance(key, slice):
            SlicesCounted.copied += len(piece)
        return piece
