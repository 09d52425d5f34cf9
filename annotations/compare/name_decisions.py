"""The analyst's calls on entities: two are one, or a spelling names something else.

Kept apart from the grouping so that the desk can read and write them without loading it."""

from __future__ import annotations

from dataclasses import dataclass

from annotations.compare.decisions import Decision
from annotations.compare.name_keys import name_key

__all__ = ["MergeDecision", "SplitDecision"]


@dataclass(frozen=True, slots=True)
class MergeDecision(Decision):
    """The analyst's call that two entities are one (entity keys, or keys of any spelling)."""

    key_a: str
    """Key of the first entity."""

    key_b: str
    """Key of the second entity."""


@dataclass(frozen=True, slots=True)
class SplitDecision(Decision):
    """The analyst's call that one spelling inside an entity names something else."""

    entity_key: str
    """Key of the entity the automatic grouping put the spelling in."""

    text: str
    """The spelling to take out; its mentions become an entity of their own."""

    @property
    def split_key(self) -> str:
        """Key of the entity the split creates."""
        return f"{self.entity_key}|{name_key(self.text)}"
