"""A team's desks: merging analysts' desks, their verdicts and conflicts, their agreement."""

from __future__ import annotations

from annotations.team.merge import (
    DeskContent,
    TeamDesk,
    merge_contents,
    merge_desks,
    merge_histories,
)
from annotations.team.verdicts import (
    Verdict,
    describe_verdicts,
    in_conflict,
    resolution,
    standing_notes,
    standing_verdicts,
    verdict_cells,
    verdicts_of,
)

__all__ = [
    "DeskContent",
    "TeamDesk",
    "Verdict",
    "describe_verdicts",
    "in_conflict",
    "merge_contents",
    "merge_desks",
    "merge_histories",
    "resolution",
    "standing_notes",
    "standing_verdicts",
    "verdict_cells",
    "verdicts_of",
]
