"""The steps a legal case goes through, read from a claim's action words: two claims at
different steps report different events of one story."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

__all__ = ["legal_stages"]

_STAGES: tuple[tuple[str, int], ...] = (
    ("arrest", 1),
    ("charg", 2),
    ("indict", 2),
    ("accus", 2),
    ("trial", 3),
    ("testif", 3),
    ("convict", 4),
    ("acquit", 4),
    ("sentenc", 5),
    ("appeal", 6),
    ("releas", 7),
    ("parol", 7),
)
"""Stems of the steps a case goes through, in order: an arrest, a charge, a trial, a verdict,
a sentence, an appeal, a release. Two claims at different steps report different events of
one story ("charged" and "found guilty" of the same man)."""


def legal_stages(lemmas: Iterable[str]) -> frozenset[int]:
    """The steps of a case (see `_STAGES`) the action lemmas name."""
    return frozenset(chain.from_iterable(map(_stages_of, lemmas)))


@lru_cache(maxsize=65536)
def _stages_of(lemma: str) -> tuple[int, ...]:
    return tuple(stage for stem, stage in _STAGES if lemma.startswith(stem))
