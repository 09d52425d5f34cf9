"""Detected spans: what the detector finds in an article, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "NAME_LABELS",
    "NUMBER_LABELS",
    "NumberValue",
    "Span",
    "SpanKind",
]

SpanKind = Literal["number", "name"]

NUMBER_LABELS: tuple[str, ...] = ("count", "money", "date", "quantity", "percent", "duration")
"""Labels a `number` span can carry."""

NAME_LABELS: tuple[str, ...] = ("person", "org", "place", "group")
"""Labels a `name` span can carry (`group`: nationalities, religious and ethnic groups)."""


@dataclass(frozen=True, slots=True)
class NumberValue:
    """The normalised value of a figure, so figures can be compared across articles."""

    low: float | None
    """Lowest value the figure allows ("up to 80" -> 0, "more than 60" -> 60); None if unknown."""

    high: float | None
    """Highest value the figure allows ("more than 60" -> None, meaning unbounded)."""

    approximate: bool = False
    """True for hedged figures ("some 120", "about 40", "nearly 300")."""

    unit: str | None = None
    """Currency code ("USD", "GBP"), unit ("km2", "km", "hour", "%"), or None for plain counts."""

    iso: str | None = None
    """For dates only: the date as far as it is known, ISO style ("2017-10-08", "2017-10",
    "--12-06")."""


@dataclass(frozen=True, slots=True)
class Span:
    """One detected number or name: offsets are str indices into the article text."""

    start: int
    """Index of the first character."""

    end: int
    """Index one past the last character."""

    kind: SpanKind
    """"number" or "name"."""

    label: str
    """One of NUMBER_LABELS for numbers, NAME_LABELS for names."""

    text: str
    """The article text between start and end, exactly."""

    value: NumberValue | None = None
    """The normalised value, for numbers."""
