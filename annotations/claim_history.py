"""A claim's history: every change of its verdict or note, who made it and when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

__all__ = ["UNTAGGED", "ClaimChange", "describe_history", "overruled", "parse_history"]

UNTAGGED = "untagged"
"""How a claim with no verdict is named in the history and in the CSV."""


class ClaimChange(NamedTuple):
    """One change of a claim, stored in the desk as a list of five strings."""

    analyst: str
    """Who made it."""

    at: str
    """When, ISO 8601 in UTC."""

    field: str
    """"status" or "note"."""

    before: str
    """The status ("confirmed", "disputed", "untagged") or note before the change."""

    after: str
    """The status or note after it."""

    def describe(self) -> str:
        """The change in words: "2026-12-02T13:00:00Z checker: untagged → confirmed"."""
        if self.field == "status":
            what = f"{self.before} → {self.after}"
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
