"""Claims: the sentences of an article that carry at least one number or name."""

from __future__ import annotations

from dataclasses import dataclass

from annotations.spans import Span

__all__ = ["Claim"]


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence the analyst can tag; offsets index the article text."""

    article_id: str
    """The `Article.id` this claim belongs to."""

    start: int
    """Index of the sentence's first character."""

    end: int
    """Index one past the sentence's last character."""

    text: str
    """The article text between start and end, exactly."""

    spans: tuple[Span, ...] = ()
    """The numbers and names inside the sentence, in order."""

    @property
    def numbers(self) -> tuple[Span, ...]:
        """The figures of the claim."""
        return tuple(s for s in self.spans if s.kind == "number")

    @property
    def names(self) -> tuple[Span, ...]:
        """The names of the claim."""
        return tuple(s for s in self.spans if s.kind == "name")
