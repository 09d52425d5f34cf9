"""A claim's history: every change of its verdict or note, who made it and when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol


class _Verdict(Protocol):
    """What a change of a claim compares: a `annotations.tags.Tag`, as far as it matters."""

    @property
    def status(self) -> object: ...
    @property
    def status_name(self) -> str: ...
    @property
    def note(self) -> str: ...


ClaimKey = tuple[str, int, int]
"""(article id, start, end), as `annotations.tags.ClaimKey`."""

__all__ = [
    "RESOLVED",
    "UNTAGGED",
    "ClaimChange",
    "StepName",
    "changes_between",
    "describe_history",
    "overruled",
    "parse_history",
]

UNTAGGED = "untagged"
"""How a claim with no verdict is named in the history and in the CSV."""

RESOLVED = "resolved"
"""The `ClaimChange.field` of a resolution: an analyst settled the verdicts analysts
disagreed on (`before` names them, "checker: confirmed; reviewer: disputed"; `after` is the
verdict chosen)."""


class ClaimChange(NamedTuple):
    """One change of a claim, stored in the desk as a list of five strings."""

    analyst: str
    """Who made it."""

    at: str
    """When, ISO 8601 in UTC."""

    field: str
    """"status", "note" or "resolved" (`RESOLVED`)."""

    before: str
    """The status ("confirmed", "disputed", "untagged") or note before the change."""

    after: str
    """The status or note after it."""

    def describe(self) -> str:
        """The change in words: "2026-12-02T13:00:00Z checker: untagged → confirmed"."""
        if self.field == "status":
            what = f"{self.before} → {self.after}"
        elif self.field == RESOLVED:
            what = f"resolved ({self.before}) as {self.after}"
        elif not self.before:
            what = f"note added: {self.after!r}"
        elif not self.after:
            what = f"note removed (was {self.before!r})"
        else:
            what = f"note {self.before!r} → {self.after!r}"
        return f"{self.at} {self.analyst}: {what}"


def parse_history(value: Any) -> tuple[ClaimChange, ...]:
    """The history stored in a tag document; ValueError if it is not a list of changes."""
    if value is None:
        return ()
    if type(value) is not list:
        raise ValueError("history is not a list")
    changes = []
    for entry in value:
        if type(entry) is not list or len(entry) != 5 or not all(type(x) is str for x in entry):
            raise ValueError("a history entry is not five strings")
        changes.append(ClaimChange._make(entry))
    return tuple(changes)


def describe_history(history: Iterable[ClaimChange]) -> str:
    """The history as one text, oldest change first, one change a line (the CSV cell)."""
    return "\n".join(change.describe() for change in history)


def overruled(history: Sequence[ClaimChange]) -> tuple[ClaimChange, ClaimChange] | None:
    """(the latest verdict change, the verdict it replaced) when another analyst made the
    replaced one; None if the claim's verdict is nobody else's to have changed."""
    verdicts = [change for change in history if change.field == "status"]
    if len(verdicts) < 2:
        return None
    latest, replaced = verdicts[-1], verdicts[-2]
    if replaced.after == UNTAGGED or latest.analyst == replaced.analyst:
        return None
    return latest, replaced


def changes_between(
    before: _Verdict, after: _Verdict, analyst: str, at: str
) -> tuple[ClaimChange, ...]:
    """The history entries of a change of a claim from `before` to `after`."""
    changes = []
    if before.status != after.status:
        changes.append(ClaimChange(analyst, at, "status", before.status_name, after.status_name))
    if before.note != after.note:
        changes.append(ClaimChange(analyst, at, "note", before.note, after.note))
    return tuple(changes)


def _step_word(change: ClaimChange, was: str, now: str) -> str:
    """How undo and redo name one change: "untagged → confirmed", "note", "resolution"."""
    if change.field == "status":
        return f"{was} → {now}"
    return "resolution" if change.field == RESOLVED else "note"


@dataclass(frozen=True, slots=True)
class StepName:
    """How undo and redo name a change the desk keeps for them."""

    forward: str
    """The change as made (and redone): "untagged → confirmed", "note", "merge"."""

    backward: str
    """The change as undone: "confirmed → untagged"."""

    kind: str
    """"tag" (a status or note), "link", "decision" (a merge, split or alias), "anchor"
    (carrying tags onto a new version, re-attaching or discarding a tag)."""

    key: ClaimKey | None = None
    """The claim it changed, when it changed one claim."""

    @classmethod
    def of_changes(cls, key: ClaimKey, changes: Sequence[ClaimChange]) -> StepName:
        """The name of a change of one claim's status or note."""
        named = [c for c in changes if c.field != RESOLVED] or changes
        forward = [_step_word(c, c.before, c.after) for c in named]
        backward = [_step_word(c, c.after, c.before) for c in named]
        return cls(", ".join(forward), ", ".join(backward), "tag", key)

    @classmethod
    def plain(cls, what: str, kind: str, key: ClaimKey | None = None) -> StepName:
        """A change named the same both ways ("link", "merge", "re-attach")."""
        return cls(what, what, kind, key)
