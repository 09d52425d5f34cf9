"""Each analyst's verdict on a claim, read from its history, and whether they disagree."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from annotations.claim_history import RESOLVED, UNTAGGED, ClaimChange

__all__ = [
    "Verdict",
    "analyst_notes",
    "describe_verdicts",
    "in_conflict",
    "note_cell",
    "resolution",
    "standing_notes",
    "standing_verdicts",
    "verdict_cells",
    "verdicts_of",
]


class _Tagged(Protocol):
    """What verdicts are read from: a `annotations.tags.Tag`, as far as it matters."""

    @property
    def history(self) -> tuple[ClaimChange, ...]: ...
    @property
    def status_name(self) -> str: ...
    @property
    def note(self) -> str: ...
    @property
    def analyst(self) -> str: ...
    @property
    def updated_at(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Verdict:
    """One analyst's standing verdict on a claim and their latest note on it."""

    analyst: str
    """Who gave it."""

    status: str
    """"confirmed" or "disputed"."""

    at: str
    """When, ISO 8601 in UTC."""

    note: str = ""
    """The analyst's latest note on the claim, "" if none."""


def standing_verdicts(history: Sequence[ClaimChange]) -> dict[str, ClaimChange]:
    """The verdict changes still standing, by analyst, oldest analyst first.

    Each analyst's latest verdict counts, unless a later change was made over it knowingly: a
    change whose "before" is another analyst's verdict (not the changer's own previous one)
    saw that verdict and replaces it, as on one shared desk; a change made on another desk
    starts from the changer's own state, so both verdicts stand after a merge. A resolution
    settles every verdict before it and stands as the resolver's. Clearing a verdict
    (back to untagged) withdraws it.
    """
    standing = _standing(history, "status", settled_by=RESOLVED)
    return {a: c for a, c in standing.items() if c.after != UNTAGGED}


def standing_notes(history: Sequence[ClaimChange]) -> dict[str, ClaimChange]:
    """The note changes still standing, by analyst, oldest first: as `standing_verdicts`,
    each analyst's latest note unless a later change was made over it knowingly; an analyst
    removing their own note leaves a colleague's (made on another desk) standing."""
    return {a: c for a, c in _standing(history, "note").items() if c.after}


def _standing(
    history: Sequence[ClaimChange], field: str, settled_by: str | None = None
) -> dict[str, ClaimChange]:
    standing: dict[str, ClaimChange] = {}
    for change in history:
        if change.field == settled_by:
            standing = {change.analyst: change}
        elif change.field == field:
            own = standing.get(change.analyst)
            if own is None or own.after != change.before:
                standing = {a: c for a, c in standing.items() if c.after != change.before}
            standing.pop(change.analyst, None)
            standing[change.analyst] = change
    return standing


def verdicts_of(tag: _Tagged) -> list[Verdict]:
    """Every standing verdict on the claim, with each analyst's latest note, by analyst name.

    A tag saved before claims had a history stands for its one analyst's verdict.
    """
    history = tag.history
    if not any(change.field in ("status", RESOLVED) for change in history):
        if tag.status_name == UNTAGGED:
            return []
        return [Verdict(tag.analyst, tag.status_name, tag.updated_at, tag.note)]
    notes: dict[str, str] = {}
    for change in history:
        if change.field == "note":
            notes[change.analyst] = change.after
    return [
        Verdict(analyst, change.after, change.at, notes.get(analyst, ""))
        for analyst, change in sorted(standing_verdicts(history).items())
    ]


def in_conflict(tag: _Tagged) -> bool:
    """Whether analysts' standing verdicts on the claim differ."""
    return len({verdict.status for verdict in verdicts_of(tag)}) > 1


def describe_verdicts(verdicts: Sequence[Verdict]) -> str:
    """The verdicts in one line: "checker: confirmed; reviewer: disputed"."""
    return "; ".join(f"{verdict.analyst}: {verdict.status}" for verdict in verdicts)


def resolution(tag: _Tagged, analyst: str, at: str, status: str) -> ClaimChange | None:
    """The history entry that settles the claim's conflict with `status` (None: no conflict).

    It names the verdicts it settled, so the claim's history keeps what was decided over what.
    """
    if not in_conflict(tag):
        return None
    return ClaimChange(analyst, at, RESOLVED, describe_verdicts(verdicts_of(tag)), status)


def verdict_cells(tag: _Tagged) -> dict[str, str]:
    """The export's "verdicts" and "conflict" cells of a claim two or more analysts judged
    ({} otherwise: a claim with one change has one analyst's verdict at most)."""
    verdicts = verdicts_of(tag) if len(tag.history) > 1 else []
    if len(verdicts) < 2:
        return {}
    conflict = len({verdict.status for verdict in verdicts}) > 1
    return {"verdicts": describe_verdicts(verdicts), "conflict": "yes" if conflict else ""}


def analyst_notes(tag: _Tagged) -> dict[str, str]:
    """Each analyst's latest note on the claim, by analyst name, when two analysts or more
    left notes that differ ({} otherwise: the claim's one note says it all)."""
    if len(tag.history) < 2:
        return {}
    notes: dict[str, str] = {}
    for change in tag.history:
        if change.field == "note":
            notes[change.analyst] = change.after
    kept = {analyst: note for analyst, note in sorted(notes.items()) if note.strip()}
    return kept if len(set(kept.values())) > 1 else {}


def note_cell(tag: _Tagged) -> str:
    """The export's "note" cell: the claim's note, or, where analysts' notes differ, every
    analyst's latest note as one JSON object, `{"checker": "…", "reviewer": "…"}`."""
    notes = analyst_notes(tag)
    return json.dumps(notes, ensure_ascii=False) if notes else tag.note
