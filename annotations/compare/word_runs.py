"""A claim's lemma sets read from its bytes when it is all ASCII, quicker than the word regex."""

# In ASCII text a word of the event rules (a letter, then letters, digits, underscores,
# apostrophes or hyphens) is a run of those characters from its first letter on: blanking every
# other byte and splitting finds the runs at C speed, where the regex tries each place in turn.

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

__all__ = ["RunLemmas", "ascii_lemma_sets"]

_IN_WORD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_'-"
"""The ASCII characters a word may hold past its first letter (`\\w`, apostrophe, hyphen)."""

_BEFORE_LETTER = b"0123456789_'-"
"""What a run may hold before its first letter, which the word regex does not take."""

_OTHER = bytes(c for c in range(256) if c not in _IN_WORD)
_BLANKED = bytes.maketrans(_OTHER, b" " * len(_OTHER))
"""Every byte that cannot be in a word made a space, so that words are what `split` finds."""

_SPACE = ord(" ")


class RunLemmas(dict[bytes, "str | None"]):
    """Each run's lemma: that of the word it holds, from its first letter (None for a run of
    no letter, as for a word that says nothing of the event). Worked out when first met and
    bounded like `events._Lemmas`, so that a run is looked up in one call, as a word is."""

    def __init__(self, lemma: Callable[[str], str | None]) -> None:
        super().__init__()
        self._lemma = lemma

    def __missing__(self, run: bytes) -> str | None:
        if len(self) >= 65536:
            self.clear()
        word = run.lstrip(_BEFORE_LETTER)
        found = self[run] = self._lemma(word.decode("ascii")) if word else None
        return found


def ascii_lemma_sets(
    text: str, inside: Sequence[tuple[int, int]], lemma: Callable[[bytes], str | None]
) -> tuple[frozenset[str], frozenset[str]] | None:
    """`events.claim_lemmas` of an all-ASCII `text`, `inside` its names' offsets in order and
    `lemma` a run's lemma (`RunLemmas`); None where `events._cuts` would find a name that
    cuts a word or overlaps the one before, which the caller reads as words instead."""
    runs = text.encode("ascii").translate(_BLANKED)
    if not inside:
        return _lemma_set(map(lemma, runs.split())), frozenset()
    size = len(runs)
    outside: list[bytes] = []
    within: list[bytes] = []
    at = 0
    for start, end in inside:
        # Word characters on both sides of an edge: a run (a word) would be cut there.
        if (
            start < at
            or end > size
            or (0 < start < size and runs[start - 1] != _SPACE and runs[start] != _SPACE)
            or (0 < end < size and runs[end - 1] != _SPACE and runs[end] != _SPACE)
        ):
            return None
        outside += runs[at:start].split()
        within += runs[start:end].split()
        at = end
    outside += runs[at:].split()
    actions = _lemma_set(map(lemma, outside))
    others = set(map(lemma, within))
    others -= actions
    others.discard(None)
    return actions, frozenset(others)  # type: ignore[arg-type]  # None was taken out


def _lemma_set(found: Iterable[str | None]) -> frozenset[str]:
    lemmas = set(found)
    lemmas.discard(None)
    return frozenset(lemmas)  # type: ignore[arg-type]  # None was taken out
