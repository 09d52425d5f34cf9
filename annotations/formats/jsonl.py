"""JSON Lines export: one object per tagged claim, every CSV column typed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from annotations.linked_claims import links_by_tag
from annotations.safe_text import escape_json
from annotations.team.verdicts import verdicts_of

if TYPE_CHECKING:
    from annotations.export import ExportRow
    from annotations.store import Desk

__all__ = ["claim_records", "export_jsonl", "split_cell"]

_LIST_SEPARATOR = "; "

# Line breaks to `str.splitlines` and to some JSON Lines readers, though JSON lets them stand
# raw inside a string: written as escapes, so that one record is always one line.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def split_cell(cell: str) -> list[str]:
    """The items of a "; "-joined cell (figures, names, entities), [] for an empty one."""
    return cell.split(_LIST_SEPARATOR) if cell else []


def _hedge(item: str) -> dict[str, str]:
    """A hedge cell's item, "up to (figure)", as {"text": "up to", "kind": "figure"}."""
    text, _, kind = item.rpartition(" (")
    return {"text": text, "kind": kind.removesuffix(")")} if text else {"text": item, "kind": ""}


def claim_records(desk: Desk, rows: Sequence[ExportRow]) -> Iterator[dict[str, Any]]:
    """Each row as an object: the CSV's columns in its order, with offsets as integers, the
    figures, names, entities and hedges as lists, links and history as lists of objects, and
    no old quote as null, each analyst's verdict (on a team desk) as an object and the
    conflict as a boolean. Links and history come from the desk itself, not from the cells,
    so a note or title holding "; " or a line break reads back exactly."""
    links = links_by_tag(desk)
    titles = {info["id"]: info.get("title") or "" for info in desk.articles()}
    for row in rows:
        tag = desk.tag_by_id(row.claim_id)
        history = tag.history if tag is not None else ()
        verdicts = verdicts_of(tag) if tag is not None else []
        yield {
            "claim_id": row.claim_id,
            "status": row.status,
            "claim": row.claim,
            "note": row.note,
            "article_title": row.article_title,
            "article_path": row.article_path,
            "article_date": row.article_date,
            "article_source": row.article_source,
            "start": row.start,
            "end": row.end,
            "numbers": split_cell(row.numbers),
            "names": split_cell(row.names),
            "analyst": row.analyst,
            "updated_at": row.updated_at,
            "anchor": row.anchor,
            "old_quote": row.old_quote or None,
            "links": [
                {
                    "relation": link.relation,
                    "claim_id": other.id,
                    "article_title": titles.get(other.article_id, ""),
                    "analyst": link.analyst,
                }
                for link, other in links.get(row.claim_id, ())
            ],
            "entities": split_cell(row.entities),
            "source": row.source or None,
            "source_via": row.source_via or None,
            "hedges": [_hedge(item) for item in split_cell(row.hedges)],
            "history": [change._asdict() for change in history],
            "verdicts": [
                {"analyst": verdict.analyst, "status": verdict.status} for verdict in verdicts
            ]
            if len(verdicts) > 1
            else [],
            "conflict": row.conflict == "yes",
        }


def export_jsonl(records: Iterable[dict[str, Any]], out: TextIO, *, for_terminal: bool) -> int:
    """Write one JSON object a line; on a terminal control, bidi and lone surrogate characters
    are written as `\\uXXXX` escapes (the same data for a JSON reader, nothing raw on
    screen). Return how many objects were written."""
    count = 0
    for record in records:
        line = json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS)
        out.write((escape_json(line) if for_terminal else line) + "\n")
        count += 1
    return count
