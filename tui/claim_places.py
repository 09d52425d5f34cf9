"""Where an article view's claims sit: sentences side by side, drawn claims inside them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from annotations.claims import Claim

__all__ = ["ClaimPlaces"]


class ClaimPlaces:
    """The claims of one article in reading order: each sentence claim (sentences never
    overlap), then the claims the analyst drew that start in it, by start.

    Finding the claims a line touches bisects the sentences and the drawn claims apart, so
    a long article with many claims costs the same per line as one with few.
    """

    def __init__(self, claims: Sequence[Claim] = ()) -> None:
        self.claims = list(claims)
        """Every claim, in the order `j` visits them."""
        self.starts = [claim.start for claim in self.claims]
        """Each claim's start (sorted: claims are in reading order)."""
        self._sentences = [i for i, claim in enumerate(self.claims) if not claim.drawn]
        self._sentence_starts = [self.claims[i].start for i in self._sentences]
        self._sentence_ends = [self.claims[i].end for i in self._sentences]
        self._drawn = [i for i, claim in enumerate(self.claims) if claim.drawn]
        self._drawn_starts = [self.claims[i].start for i in self._drawn]
        self._longest_drawn = max(
            (self.claims[i].end - self.claims[i].start for i in self._drawn), default=0
        )

    def __len__(self) -> int:
        return len(self.claims)

    def index_of(self, start: int, end: int) -> int:
        """Index of the claim over exactly [start, end) (a sentence before a drawn claim
        over the same words), or -1."""
        index = bisect_left(self.starts, start)
        while index < len(self.claims) and self.claims[index].start == start:
            if self.claims[index].end == end:
                return index
            index += 1
        return -1

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence claim containing `offset`, or -1."""
        position = bisect_right(self._sentence_starts, offset) - 1
        if position >= 0 and offset < self._sentence_ends[position]:
            return self._sentences[position]
        return -1

    def claim_at(self, offset: int) -> int:
        """Index of the sentence claim containing `offset`, else of the narrowest drawn claim
        containing it, else -1."""
        index = self.sentence_at(offset)
        if index >= 0:
            return index
        holding = self.drawn_touching(offset, offset + 1)
        if not holding:
            return -1
        return min(holding, key=lambda i: self.claims[i].end - self.claims[i].start)

    def sentences_touching(self, start: int, end: int) -> list[int]:
        """The sentence claims with a character in [start, end) (the one starting at `start`
        for an empty line)."""
        found: list[int] = []
        for position in range(bisect_right(self._sentence_ends, start), len(self._sentences)):
            claim_start = self._sentence_starts[position]
            if claim_start >= end and not (start == end == claim_start):
                break
            found.append(self._sentences[position])
        return found

    def drawn_touching(self, start: int, end: int) -> list[int]:
        """The drawn claims with a character in [start, end)."""
        found: list[int] = []
        first = bisect_left(self._drawn_starts, start - self._longest_drawn)
        for position in range(first, len(self._drawn)):
            index = self._drawn[position]
            claim = self.claims[index]
            if claim.start >= end:
                break
            if claim.end > start:
                found.append(index)
        return found

    @property
    def sentence_count(self) -> int:
        """How many claims are sentences (or parts the analyst split or joined), not drawn."""
        return len(self._sentences)

    def sentence_number(self, index: int) -> int:
        """The 1-based number among the sentence claims of claim `index`'s sentence; for a
        drawn claim outside every sentence (on a heading, a dateline), that of the sentence
        claim it follows, else of the first, which it comes before (0 only with none)."""
        holder = self.holder(index)
        if holder >= 0:
            return bisect_left(self._sentences, holder) + 1
        return min(max(self.sentences_before(index), 1), len(self._sentences))

    def sentences_before(self, index: int) -> int:
        """How many sentence claims come before claim `index` in reading order."""
        return bisect_left(self._sentences, index)

    def holder(self, index: int) -> int:
        """The sentence claim drawn claim `index` starts in (-1 if none); a sentence claim
        holds itself."""
        if not 0 <= index < len(self.claims):
            return -1
        claim = self.claims[index]
        return index if not claim.drawn else self.sentence_at(claim.start)

    def drawn_in(self, index: int) -> list[int]:
        """The drawn claims that start in sentence claim `index`, in order."""
        if not 0 <= index < len(self.claims) or self.claims[index].drawn:
            return []
        claim = self.claims[index]
        first = bisect_left(self._drawn_starts, claim.start)
        last = bisect_left(self._drawn_starts, claim.end, first)
        return self._drawn[first:last]
