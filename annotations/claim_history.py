"""A claim's history: every change of its verdict or note, who made it and when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, Protocol

from annotations.analysts import same_analyst


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
    "VERDICTS",
    "ClaimChange",
    "StepName",
    "changed_by_others",
    "changes_between",
    "check_change",
    "check_time",
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


VERDICTS = ("confirmed", "disputed", UNTAGGED)
"""Every verdict a history entry can name."""

_FIELDS = ("status", "note", RESOLVED)
_CLOCK_SKEW = timedelta(days=1)
"""How far ahead of this machine's clock a change's time may be (another analyst's clock)."""


def check_change(change: ClaimChange, latest: datetime | None = None) -> None:
    """ValueError, saying what is wrong, if `change` is not a change newsdesk makes: a field
    other than status, note or resolved, a verdict it does not know, or a time that is not
    an ISO 8601 time or lies in the future (past `latest`, `latest_time()` if not given)."""
    analyst, at, field, before, after = change
    if field not in _FIELDS:
        raise ValueError(f"a history entry changes {field[:40]!r}, not status, note or resolved")
    if field != "note" and after not in VERDICTS:
        raise ValueError(f"a history entry gives the unknown verdict {after[:40]!r}")
    if field == "status" and before not in VERDICTS:
        raise ValueError(f"a history entry starts from the unknown verdict {before[:40]!r}")
    check_time(at, "a history entry's time", latest)


def check_time(at: str, what: str, latest: datetime | None = None) -> None:
    """ValueError, saying `what` is wrong, if `at` is not an ISO 8601 time or lies past
    `latest` (`latest_time()` if not given); a time without a zone is taken as UTC."""
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise ValueError(f"{what} {at[:40]!r} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when > (latest or latest_time()):
        raise ValueError(f"{what} {at[:40]!r} is in the future")


def latest_time() -> datetime:
    """The latest time a change can have been made at: now, give or take another clock."""
    return datetime.now(UTC) + _CLOCK_SKEW


def parse_history(value: Any) -> tuple[ClaimChange, ...]:
    """The history stored in a tag document; ValueError if it is not a list of changes
    newsdesk makes (`check_change`)."""
    if value is None:
        return ()
    if type(value) is not list:
        raise ValueError("history is not a list")
    changes = []
    latest = latest_time() if value else None
    for entry in value:
        if type(entry) is not list or len(entry) != 5 or not all(type(x) is str for x in entry):
            raise ValueError("a history entry is not five strings")
        change = ClaimChange._make(entry)
        check_change(change, latest)
        changes.append(change)
    return tuple(changes)


def describe_history(history: Iterable[ClaimChange]) -> str:
    """The history as one text, oldest change first, one change a line (the CSV cell)."""
    return "\n".join(change.describe() for change in history)


def overruled(history: Sequence[ClaimChange]) -> tuple[ClaimChange, ClaimChange] | None:
    """(the latest verdict change, the verdict it replaced) when another analyst made the
    replaced one; None if the claim's verdict is nobody else's to have changed.

    Changed means the latest analyst saw that verdict and gave another: two analysts who
    tagged apart (their desks merged) each changed an untagged claim, and two who agree
    changed nothing of each other's."""
    verdicts = [change for change in history if change.field == "status"]
    if len(verdicts) < 2:
        return None
    latest, replaced = verdicts[-1], verdicts[-2]
    if replaced.after == UNTAGGED or latest.analyst == replaced.analyst:
        return None
    if latest.before != replaced.after or latest.after == replaced.after:
        return None
    return latest, replaced


def changed_by_others(history: Iterable[Sequence[str]], analyst: str) -> bool:
    """Whether an analyst other than `analyst` made any change of `history` (`ClaimChange`s,
    or the lists a desk stores them as), names compared in one form (`same_analyst`)."""
    own = same_analyst(analyst)
    return any(change[0] != own and same_analyst(change[0]) != own for change in history)


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
