"""The analyst's entity decisions, as every view groups names by them: the one place that
turns a desk's merges, splits and aliases into the arguments of the grouping."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from annotations.compare.names import MergeDecision, SplitDecision, name_key

if TYPE_CHECKING:
    from annotations.store import Desk

__all__ = ["EntityDecisions", "entity_decisions"]

_LABELS = ("", "person", "org", "place", "group")


class EntityDecisions(TypedDict):
    """Keywords of `annotations.compare.compare` and `group_entities`."""

    aliases: dict[str, list[str]]
    merges: list[MergeDecision]
    splits: list[SplitDecision]


def _undone_by(merge: MergeDecision, split: SplitDecision) -> bool:
    """True when `split` takes apart what `merge` joined: it splits one of the merge's two
    entities by a spelling of one of them, and does not name the entity a split made."""
    sides = {merge.key_a, merge.key_b}
    if split.entity_key not in sides or split.split_key in sides:
        return False
    return any(name_key(split.text, label) in sides for label in _LABELS)


def entity_decisions(desk: Desk) -> EntityDecisions:
    """The desk's decisions as the grouping takes them, for the desk, `newsdesk compare
    --db`, the export and the entity panel alike.

    The grouping applies splits before merges, so a merge would otherwise join again the
    spelling the analyst later split out of it ("Soviet" merged into "Soviet Union", then
    split off): a split that takes a merge apart ends that merge.
    """
    splits = [SplitDecision(d["entity_key"], d["text"]) for d in desk.splits()]
    merges = [MergeDecision(d["key_a"], d["key_b"]) for d in desk.merges()]
    merges = [m for m in merges if not any(_undone_by(m, s) for s in splits)]
    return {"aliases": desk.aliases(), "merges": merges, "splits": splits}
