"""Merging analysts' desks into one team desk: every tag, note, link and decision, nothing lost.

The merge works on desk contents (the TinyDB tables as stored) and is a pure function of
them: merging the same desks in any order, any grouping, or twice, gives the same desk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson

from annotations.claim_history import RESOLVED, ClaimChange
from annotations.desk_documents import (
    ARTICLES,
    DECISION_FIELDS,
    LAST_IMPORT,
    LINKS,
    META,
    TAGS,
    TEXT_UNSEEN,
)
from annotations.tags import ClaimKey, ClaimStatus, Link, Tag
from annotations.team.verdicts import standing_notes, standing_verdicts

__all__ = [
    "DECISION_TABLES",
    "LOCAL_TABLES",
    "MERGED_TABLES",
    "SCHEMA",
    "DeskContent",
    "TeamDesk",
    "merge_contents",
    "merge_desks",
    "merge_histories",
]

SCHEMA = 1
"""The desk layout a merged desk is written in (`annotations.store.SCHEMA`)."""

DeskContent = dict[str, dict[str, dict[str, Any]]]
"""A desk as stored: table name -> document id -> document."""

DECISION_TABLES: tuple[str, ...] = tuple(DECISION_FIELDS)
"""The tables of decisions (entity and figures-board merges and splits, aliases, claims split
or joined): merged as sets."""

MERGED_TABLES: tuple[str, ...] = (META, TAGS, ARTICLES, LINKS, *DECISION_TABLES)
"""Every table a desk holds and a merge keeps; a desk holding any other is refused, never
merged without it."""

LOCAL_TABLES: tuple[str, ...] = (LAST_IMPORT,)
"""Tables of one desk's own session (how to take back its last import): nothing a team desk
could undo, so a merge leaves them out rather than refusing the desk."""

_ARTICLE_FIELDS_NOT_MERGED = frozenset({"position"})
"""Where each analyst left off reading is theirs alone: a team desk starts at the top."""


def _canonical(value: Any) -> bytes:
    """A value's JSON, with sorted keys: an order on documents that ignores their history.
    Copied out of the buffer orjson made it in (some 4 KB however short the JSON), as the
    decision tables keep one per record."""
    return bytes(
        memoryview(orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS))
    )


def merge_histories(histories: Iterable[Sequence[ClaimChange]]) -> tuple[ClaimChange, ...]:
    """Every change of a claim made on any of the desks, once, oldest first.

    Changes are ordered by time, then analyst. The changes one analyst made in one second keep
    their order: where one desk holds a longer run of them than another (the same desk, saved
    later), the longer run is taken; runs that differ otherwise are all kept, in a fixed order.
    """
    runs: dict[tuple[str, str], set[tuple[ClaimChange, ...]]] = {}
    for history in histories:
        grouped: dict[tuple[str, str], list[ClaimChange]] = {}
        for change in history:
            grouped.setdefault((change.at, change.analyst), []).append(change)
        for when, changes in grouped.items():
            runs.setdefault(when, set()).add(tuple(changes))
    merged: list[ClaimChange] = []
    for when in sorted(runs):
        candidates = sorted(runs[when], key=lambda run: (-len(run), run))
        kept: list[tuple[ClaimChange, ...]] = []
        for run in candidates:
            if not any(other[: len(run)] == run for other in kept):
                kept.append(run)
        for run in sorted(kept):
            merged.extend(run)
    return tuple(merged)


def _latest(tags: Sequence[Tag]) -> Tag:
    """The tag whose analyst changed the claim last (ties broken by content, not by order).

    Its id and history are left out of the order: a merge replaces both, and merging a merged
    tag again must pick the same one."""
    when = max(tag.updated_at for tag in tags)
    last = [tag for tag in tags if tag.updated_at == when]
    if len(last) == 1:
        return last[0]
    return max(last, key=lambda tag: _canonical(_ranked_fields(tag)))


def _ranked_fields(tag: Tag) -> dict[str, Any]:
    doc = tag.to_doc()
    del doc["id"], doc["history"]
    return doc


def _merge_tags(tags: Sequence[Tag]) -> Tag:
    """One tag for one claim tagged on several desks: the latest change's wording, every
    analyst's changes in its history, the latest verdict and note still standing in the
    merged history, and the smallest id.

    The status and note are read from the merged history, not from the latest tag: a note
    added in the same second as a colleague's verdict (or later, on another desk) says
    nothing about the verdict, which stands, nor does an analyst removing their own note
    remove a colleague's; where analysts' verdicts differ the claim shows the latest (the
    history orders one second's changes by analyst) and is in conflict."""
    latest = _latest(tags)
    history = merge_histories(tag.history for tag in tags)
    merged = replace(latest, id=min(tag.id for tag in tags), history=history)
    if any(change.field in ("status", RESOLVED) for change in history):
        standing = list(standing_verdicts(history).values())
        merged = replace(merged, status=ClaimStatus(standing[-1].after) if standing else None)
    if any(change.field == "note" for change in history):
        notes = list(standing_notes(history).values())
        merged = replace(merged, note=notes[-1].after if notes else "")
    return merged


def _merge_articles(contents: Sequence[DeskContent]) -> list[dict[str, Any]]:
    """Every article any desk remembers, by id; a field the desks disagree on takes the
    greatest value (so any order of merging agrees). An article is one whose text newsdesk
    never saw (`TEXT_UNSEEN`) only if no desk saw it: an analyst's tags on it were on its words."""
    by_id: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for content in contents:
        for doc in content.get("articles", {}).values():
            if doc.get(TEXT_UNSEEN) is not True:
                seen.add(doc["id"])
            merged = by_id.setdefault(doc["id"], {})
            for name, value in doc.items():
                if name in _ARTICLE_FIELDS_NOT_MERGED:
                    continue
                if name not in merged or _rank(value) > _rank(merged[name]):
                    merged[name] = value
    for article_id in seen:
        by_id[article_id].pop(TEXT_UNSEEN, None)
    return sorted(by_id.values(), key=lambda doc: (str(doc.get("title") or ""), doc["id"]))


def _rank(value: Any) -> tuple[bool, bytes]:
    """An order on stored values in which a missing one (None, "") comes first."""
    return (value not in (None, ""), _canonical(value))


def _numbered(docs: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i): dict(doc) for i, doc in enumerate(docs, start=1)}


@dataclass(frozen=True, slots=True)
class TeamDesk:
    """A merged desk: its tables as stored, and its tags."""

    content: DeskContent
    """Table name -> document id -> document, ready to write."""

    tags: list[Tag]
    """The merged tags, in the order of `content["tags"]`."""


def merge_contents(
    contents: Sequence[DeskContent], tags: Sequence[Sequence[Tag]], links: Sequence[Sequence[Link]]
) -> DeskContent:
    """The tables of `merge_desks`' team desk."""
    return merge_desks(contents, tags, links).content


def merge_desks(
    contents: Sequence[DeskContent], tags: Sequence[Sequence[Tag]], links: Sequence[Sequence[Link]]
) -> TeamDesk:
    """The team desk of several desks: `contents[i]` as stored, with its checked `tags[i]` and
    `links[i]` (`annotations.team.desks.read_desk` gives all three).

    Tags on the same claim (article and offsets, after each desk's tags were carried onto
    the current version of their article) become one, holding every analyst's changes; links
    follow the tags they join and are kept once per pair, relation and analyst; decisions
    are kept once each.
    """
    by_claim: dict[ClaimKey, list[Tag]] = {}
    for desk_tags in tags:
        for tag in desk_tags:
            by_claim.setdefault(tag.key, []).append(tag)
    merged_tags = [_merge_tags(group) for _, group in sorted(by_claim.items())]
    new_id = {tag.id: merged.id for merged in merged_tags for tag in by_claim[merged.key]}
    merged_links: dict[tuple[tuple[str, str], str, str], Link] = {}
    for desk_links in links:
        for link in desk_links:
            ends = (new_id.get(link.tag_a, link.tag_a), new_id.get(link.tag_b, link.tag_b))
            if ends[0] == ends[1]:
                continue
            moved = replace(link, tag_a=min(ends), tag_b=max(ends))
            key = ((moved.tag_a, moved.tag_b), moved.relation, moved.analyst)
            kept = merged_links.get(key)
            if kept is None or (moved.created_at, moved.id) < (kept.created_at, kept.id):
                merged_links[key] = moved
    result: DeskContent = {
        "meta": {"1": {"schema": SCHEMA}},
        "tags": _numbered(tag.to_doc() for tag in merged_tags),
        "articles": _numbered(_merge_articles(contents)),
        "links": _numbered(link.to_doc() for _, link in sorted(merged_links.items())),
    }
    for table in DECISION_TABLES:
        unique = {
            _canonical(doc): doc for content in contents for doc in content.get(table, {}).values()
        }
        result[table] = _numbered(unique[key] for key in sorted(unique))
    return TeamDesk(result, merged_tags)
