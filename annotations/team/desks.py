"""Reading analysts' desk files for a merge, and writing the team desk."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from tinydb.storages import MemoryStorage

from annotations.analysts import analyst_name
from annotations.desk_lock import take_sidecar
from annotations.desk_paths import output_refusal
from annotations.files import describe_os_error
from annotations.journal import JournalStorage
from annotations.storage import DeskError, DeskWriteError
from annotations.tags import Link, Tag
from annotations.team.merge import (
    LOCAL_TABLES,
    MERGED_TABLES,
    DeskContent,
    TeamDesk,
    merge_desks,
)

if TYPE_CHECKING:
    from annotations.store import Desk

__all__ = ["MergeResult", "SameDeskError", "merge_desk_files", "merged_content", "read_desk"]


class SameDeskError(DeskError):
    """The team desk would be written over one of the desks being merged."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What a merge wrote."""

    path: Path
    """The team desk."""

    team: TeamDesk
    """What it holds: its tables, as written, and its tags."""

    carried: int
    """Tags carried onto the current version of their article before merging."""

    into_existing: bool
    """Whether a team desk was already there and was merged into."""


def read_desk(path: str | os.PathLike[str]) -> tuple[DeskContent, list[Tag], list[Link], int]:
    """A desk file's content (with its journal), its checked tags and links, and how many
    tags were carried onto the current text of their article file.

    The file is only read: nothing is written beside it, and it is not locked (the analyst
    may have it open). Tags of an article whose file now holds another text are carried onto
    it as opening the desk would (`annotations.desk_now.place_on_versions`), in a copy.
    DeskError if the file is missing, is not a desk, or holds a table a merge cannot keep.
    """
    file = Path(path)
    if not file.is_file():
        why = (
            "it is a folder"
            if file.is_dir()
            else "it is not a regular file"
            if file.exists()
            else "no such file"
        )
        raise DeskError(f"cannot read desk {file}: {why}")
    stored = JournalStorage(file, owner=False).read()
    if stored is None:
        raise DeskError(f"cannot read desk {file}: it is empty, not a desk")
    return _checked(stored, file)


def _checked(stored: DeskContent, file: Path) -> tuple[DeskContent, list[Tag], list[Link], int]:
    """`read_desk` of the content `stored` of the desk `file`, in a copy."""
    from annotations.store import Desk

    stored = {name: table for name, table in stored.items() if name not in LOCAL_TABLES}
    if unknown := sorted(set(stored) - set(MERGED_TABLES)):
        raise DeskError(
            f"cannot merge desk {file}: it holds {', '.join(map(repr, unknown))}, which this "
            "newsdesk cannot merge; upgrade newsdesk rather than drop them"
        )
    memory = MemoryStorage()  # type: ignore[no-untyped-call]
    memory.write(stored)  # read for this merge alone: the copy may change, the file never
    try:
        # A copy in memory, checked as opening it would check it; the file stays as it is.
        desk = Desk(memory, path=None)
    except DeskError as exc:
        raise type(exc)(str(exc).replace("the in-memory desk", f"desk {file}")) from None
    try:
        carried = _carry_to_current_versions(desk, file)
        content = memory.read()
        assert content is not None
        # A verdict its history does not end on (an older desk, one edited by hand) is its
        # analyst's verdict all the same: the merge reads verdicts from the history.
        tags = [_named(tag.with_own_verdict(), file) for tag in desk.tags()]
        links = [replace(link, analyst=_name(link.analyst, file)) for link in desk.links()]
        return content, tags, links, carried
    finally:
        desk.close()


def _name(analyst: str, file: Path) -> str:
    """`analyst` as `analysts.analyst_name` gives it ("" stays an unnamed analyst, as an older
    desk may hold); DeskError naming the desk if it names no analyst."""
    if not analyst:
        return ""
    try:
        return analyst_name(analyst)
    except ValueError as exc:
        raise DeskError(f"cannot merge desk {file}: {exc}") from None


def _named(tag: Tag, file: Path) -> Tag:
    """`tag` with its analyst and those of its history named as `_name` gives them: names
    that differ only by their Unicode form or surrounding spaces are one analyst."""
    analyst = _name(tag.analyst, file)
    names = [_name(change.analyst, file) for change in tag.history]
    if analyst == tag.analyst and all(map(str.__eq__, names, (c.analyst for c in tag.history))):
        return tag  # the usual case: a merge of big desks builds no copies
    history = tuple(c._replace(analyst=name) for c, name in zip(tag.history, names, strict=True))
    return replace(tag, analyst=analyst, history=history)


def _carry_to_current_versions(desk: Desk, file: Path) -> int:
    """Place the tags of the desk `file` (its copy `desk`) on each article as it is now, as
    opening the desk would (`annotations.desk_now`): carried onto a changed file's new text,
    orphans where they are off their article's words; return how many were carried."""
    from annotations.desk_now import place_on_versions, versions_to_place

    return place_on_versions(desk, versions_to_place(desk, file)[1])


def merged_content(
    inputs: Sequence[str | os.PathLike[str]], *, team: DeskContent | None = None, at: Path = Path()
) -> tuple[TeamDesk, int]:
    """The team desk of the desk files `inputs` (and of the team desk `at` holding `team`,
    merged into), in memory, and how many of their tags were carried onto the current
    version of their article first."""
    # Every tag, history entry and document built here lives until the team desk is made,
    # and none of them forms a cycle: the collector's full passes over them (half the time of
    # a merge of 2 x 50k tags) find nothing to free, so it waits until the merge is done.
    _refuse_named_twice(inputs)
    paused = gc.isenabled()
    gc.disable()
    try:
        read = [read_desk(path) for path in inputs]
        if team is not None:
            read.append(_checked(team, at))
        merged = merge_desks([r[0] for r in read], [r[1] for r in read], [r[2] for r in read])
    finally:
        if paused:
            gc.enable()
    return merged, sum(r[3] for r in read)


def _refuse_named_twice(inputs: Sequence[str | os.PathLike[str]]) -> None:
    """DeskError if one desk file is given twice: by the same path, through a link, or by
    another name of the same file (a hard link). Merged twice it would count as two desks,
    and agreement would measure an analyst against themself."""
    seen: dict[tuple[int, int], int] = {}
    for number, path in enumerate(inputs):
        try:
            info = os.stat(path)
        except OSError:
            continue  # read_desk says why it cannot be read
        first = seen.setdefault((info.st_dev, info.st_ino), number)
        if first != number:
            raise DeskError(
                f"desk {path} is the same file as desk {inputs[first]} (given twice, through "
                "a link or another name): give each analyst's desk once"
            )


def merge_desk_files(
    inputs: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str]
) -> MergeResult:
    """Merge the desk files `inputs` into the team desk at `output`; say what was written.

    A team desk already there is merged into: it counts as one more input (its journal
    replayed first), so its settlements, notes and decisions stay. The team desk is written
    whole, crash-safely, under its lock (a newsdesk that has it open makes the merge wait for
    nothing: it is refused). It is never one of the inputs, nor any other desk's file.
    """
    given = Path(output)
    if (refused := output_refusal(given, tuple(inputs), desk_allowed=True)) is not None:
        raise SameDeskError(f"the team desk {refused}")
    # A team desk reached through a link is the file it points to, as opening it would be.
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    lock = take_sidecar(
        target.with_name(target.name + ".lock"),
        held=lambda pid: (
            f"the team desk {target} is open in another newsdesk (PID {pid}); "
            "close it first, or write the team desk to another file"
        ),
        unusable=lambda why: f"cannot write the team desk {target}: {why}",
    )
    try:
        # Its journal is replayed, never dropped unread: a journal the file does not own
        # is refused with a message and a copy kept, and nothing is written.
        storage = JournalStorage(target)
        existing = storage.read()
        team, carried = merged_content(inputs, team=existing, at=target)
        try:
            storage.write(team.content)
        except OSError as exc:
            raise DeskWriteError(
                f"could not write the team desk {target}: {describe_os_error(exc)}; "
                "nothing was changed"
            ) from None
    finally:
        lock.release()
    return MergeResult(target, team, carried, existing is not None)
