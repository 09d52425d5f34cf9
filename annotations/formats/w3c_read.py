"""Reading a W3C Web Annotation file back into tags, links and article details, checked."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from annotations.analysts import analyst_name, check_creator
from annotations.claim_history import RESOLVED, ClaimChange, check_change, check_time
from annotations.formats.w3c import ARTICLE_FIELDS, ARTICLE_IRI, CLAIM_IRI, LINK_IRI
from annotations.tags import MAX_OFFSET, RELATIONS, ClaimStatus, Link, Tag

__all__ = ["AnnotationFileError", "ReadAnnotations", "read_annotations"]

ANCHORS = ("exact", "moved", "orphan")
"""How a tag can be tied to its text."""

_CHANGE_FIELDS = ClaimChange._fields


class AnnotationFileError(ValueError):
    """An annotation file that cannot be read; the message says where and why, in one line."""


@dataclass(slots=True)
class ReadAnnotations:
    """What an annotation file holds, checked."""

    tags: list[Tag] = field(default_factory=list)
    """One tag per annotation, in the file's order."""

    links: list[Link] = field(default_factory=list)
    """Every link once, in an order that keeps each claim's links in the order it lists them."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    """The details of each article a target describes, in order of first appearance."""


class _Refused(Exception):
    """One annotation's problem, before it is placed in the file."""


def _list(value: Any) -> list[Any]:
    """A JSON-LD value that may be one item or a list of them, as a list."""
    return value if isinstance(value, list) else [value]


def _text(value: Any, what: str, *, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if type(value) is not str:
        raise _Refused(f"{what} is not a string")
    return value


def _offset(value: Any, what: str) -> int:
    if type(value) is not int:
        raise _Refused(f"{what} is not a whole number of characters")
    if value < 0:
        raise _Refused(f"{what} is negative ({value}): a position counts characters from 0")
    if value > MAX_OFFSET:
        raise _Refused(f"{what} ({value}) is past the end of any article newsdesk reads")
    return value


def _typed(node: Any, kind: str) -> bool:
    return isinstance(node, dict) and kind in _list(node.get("type"))


def _iri(value: Any, prefix: str, what: str) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    if type(value) is not str or not value.startswith(prefix) or value == prefix:
        raise _Refused(f"{what} is not a {prefix}… IRI")
    return value[len(prefix) :]


def _creator(value: Any) -> str:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        value = _text(value.get("name", value.get("nickname")), "the creator's name", default="")
    elif value is None:
        value = ""
    elif type(value) is not str:
        raise _Refused("creator is neither a name nor a person")
    return _analyst(value, "its creator's name")


def _analyst(name: str, what: str) -> str:
    if not name:
        return ""  # none given: an unnamed analyst, as a desk of an older newsdesk may hold
    try:
        return analyst_name(name, what=what)
    except ValueError as exc:
        raise _Refused(str(exc)) from None


def _pages(document: Any) -> Iterator[Any]:
    """The annotations of a collection (embedded pages), a page, a list or one annotation."""
    if isinstance(document, list):
        yield from document
        return
    if not isinstance(document, dict):
        raise _Refused("it is not a JSON object")
    if _typed(document, "Annotation"):
        yield document
        return
    page = document.get("first") if _typed(document, "AnnotationCollection") else document
    seen = 0
    while page is not None:
        if not _typed(page, "AnnotationPage"):
            raise _Refused(
                "it is not an annotation collection with its pages embedded, a page, or an "
                "annotation"
            )
        items = page.get("items")
        if not isinstance(items, list):
            raise _Refused("an annotation page has no list of items")
        yield from items
        page = page.get("next")
        seen += 1
        if seen > 100_000:
            raise _Refused("its pages do not end")


def _check_not_ahead(modified: str) -> None:
    """Refuse a `modified` time past this machine's clock (give or take another's): a merge
    takes the latest change's wording, and a time ahead of now would win over every real
    change made after the import, on every desk it is merged into."""
    if modified:
        try:
            check_time(modified, "its modified time")
        except ValueError as exc:
            raise _Refused(str(exc)) from None


def _check_verdict_matches_history(tag: Tag) -> None:
    """Refuse a verdict its own history does not end on: a merge reads analysts' verdicts from
    the history, so an edited verdict would silently become the history's one."""
    verdicts = [c.after for c in tag.history if c.field in ("status", RESOLVED)]
    if verdicts and verdicts[-1] != tag.status_name:
        raise _Refused(f"its verdict is {tag.status_name} but its history ends on {verdicts[-1]}")


class _Reader:
    def __init__(self) -> None:
        self.read = ReadAnnotations()
        self._articles: dict[str, dict[str, Any]] = {}
        self._links: dict[str, Link] = {}
        self._link_lists: list[list[str]] = []
        self._keys: set[tuple[str, int, int]] = set()
        self._ids: set[str] = set()

    def annotation(self, node: Any) -> None:
        if not _typed(node, "Annotation"):
            raise _Refused("it is not an Annotation")
        tag_id = _iri(node.get("id"), CLAIM_IRI, "its id")
        if tag_id in self._ids:
            raise _Refused(f"its id {CLAIM_IRI}{tag_id} is given twice")
        targets = _list(node.get("target"))
        if len(targets) != 1 or not isinstance(targets[0], dict):
            raise _Refused("it has not exactly one target")
        article_id, quote, prefix, suffix, start, end, path = self._target(targets[0])
        status, note, links = self._body(tag_id, node.get("body", []))
        history = node.get("newsdesk:history", [])
        if not isinstance(history, list):
            raise _Refused("its history is not a list")
        anchor = node.get("newsdesk:anchor", "exact")
        if anchor not in ANCHORS:
            raise _Refused(f"its anchor is none of {', '.join(ANCHORS)}")
        old_quote = node.get("newsdesk:oldQuote")
        tag = Tag(
            id=tag_id,
            article_id=article_id,
            start=start,
            end=end,
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            status=status,
            note=note,
            analyst=_creator(node.get("creator")),
            updated_at=_text(node.get("modified"), "modified", default=""),
            anchor=anchor,
            old_quote=None if old_quote is None else _text(old_quote, "the old quote"),
            history=tuple(self._change(entry) for entry in history),
            path=path,
        )
        _check_not_ahead(tag.updated_at)
        _check_verdict_matches_history(tag)
        try:
            check_creator(tag.analyst, (change.analyst for change in tag.history))
        except ValueError as exc:
            raise _Refused(str(exc)) from None
        # Another tool's file (or one trimmed by hand) may give a verdict with no history:
        # it is the creator's verdict, kept in the history a merge reads verdicts from.
        tag = tag.with_own_verdict()
        try:
            # As the desk checks it when stored: the verdict just added to the history has the
            # time `modified` gives, which may be none.
            Tag.check_doc(tag.to_doc())
        except ValueError as exc:
            raise _Refused(str(exc)) from None
        if tag.key in self._keys:
            raise _Refused(f"a claim at {start}..{end} of article {article_id} is tagged twice")
        self._ids.add(tag_id)
        self._keys.add(tag.key)
        self.read.tags.append(tag)
        self._link_lists.append(links)

    def _change(self, entry: Any) -> ClaimChange:
        if not isinstance(entry, dict):
            raise _Refused("a history entry is not an object")
        change = ClaimChange._make(
            _text(entry.get(name), f"a history entry's {name}") for name in _CHANGE_FIELDS
        )
        change = change._replace(analyst=_analyst(change.analyst, "a history entry's analyst"))
        try:
            check_change(change)
        except ValueError as exc:
            raise _Refused(str(exc)) from None
        return change

    def _target(self, target: Mapping[str, Any]) -> tuple[str, str, str, str, int, int, str | None]:
        source = target.get("source")
        article_id = _iri(source, ARTICLE_IRI, "its target's source")
        path = None
        if isinstance(source, dict) and any(term in source for term in ARTICLE_FIELDS.values()):
            info = {"id": article_id} | {
                field: _text(source.get(term), f"the article's {term}", default="")
                for field, term in ARTICLE_FIELDS.items()
            }
            self._articles.setdefault(article_id, info)
            path = info["path"] or None  # the file this claim was tagged in
        selectors = _list(target.get("selector"))
        quotes = [s for s in selectors if _typed(s, "TextQuoteSelector")]
        positions = [s for s in selectors if _typed(s, "TextPositionSelector")]
        if len(quotes) != 1 or len(positions) != 1:
            raise _Refused("its target has not one TextQuoteSelector and one TextPositionSelector")
        quote, position = quotes[0], positions[0]
        start = _offset(position.get("start"), "the start")
        end = _offset(position.get("end"), "the end")
        if end <= start:
            raise _Refused(
                f"its TextPositionSelector {start}..{end} "
                + ("is empty" if end == start else "ends before it starts")
            )
        exact = _text(quote.get("exact"), "the quote")
        if len(exact) != end - start:
            raise _Refused(
                f"its quote is {len(exact)} character(s) long but its position "
                f"{start}..{end} spans {end - start}"
            )
        return (
            article_id,
            exact,
            _text(quote.get("prefix"), "the prefix", default=""),
            _text(quote.get("suffix"), "the suffix", default=""),
            start,
            end,
            path,
        )

    def _body(self, tag_id: str, value: Any) -> tuple[ClaimStatus | None, str, list[str]]:
        status: ClaimStatus | None = None
        notes: list[str] = []
        links: list[str] = []
        for body in _list(value):
            if not isinstance(body, dict):
                raise _Refused("a body is not an object")
            purpose = body.get("purpose")
            if purpose == "tagging":
                value = body.get("value")
                if status is not None or value not in ClaimStatus.__members__.values():
                    raise _Refused("its verdict is not one of confirmed, disputed")
                status = ClaimStatus(value)
            elif purpose == "commenting":
                notes.append(_text(body.get("value"), "the note"))
            elif purpose == "linking":
                links.append(self._link(tag_id, body))
            else:
                raise _Refused(
                    f"a body's purpose {str(purpose)[:40]!r} is not tagging, commenting or linking"
                )
        if len(notes) > 1:
            raise _Refused("it has more than one note")
        return status, notes[0] if notes else "", links

    def _link(self, tag_id: str, body: Mapping[str, Any]) -> str:
        other = _iri(body.get("source"), CLAIM_IRI, "a link's source")
        relation = body.get("newsdesk:relation")
        if relation not in RELATIONS:
            raise _Refused(f"a link's relation is none of {', '.join(RELATIONS)}")
        link_id = _iri(body.get("id"), LINK_IRI, "a link's id")
        link = Link(
            link_id,
            tag_id,
            other,
            relation,
            _creator(body.get("creator")),
            _text(body.get("created"), "a link's time", default=""),
        )
        known = self._links.setdefault(link_id, link)
        if {known.tag_a, known.tag_b} != {tag_id, other} or known.relation != relation:
            raise _Refused(f"link {LINK_IRI}{link_id} joins other claims elsewhere in the file")
        return link_id

    def finish(self) -> ReadAnnotations:
        claims = self._ids
        for link in self._links.values():
            if not {link.tag_a, link.tag_b} <= claims:
                continue  # its other claim was not exported (an export of some statuses)
            self.read.links.append(link)
        order = _consistent_order(self._link_lists)
        self.read.links.sort(key=lambda link: order[link.id])
        self.read.articles = list(self._articles.values())
        return self.read


def _consistent_order(lists: list[list[str]]) -> dict[str, int]:
    """A rank for every item that keeps each list's order (a merge of them), ties by first
    appearance; the original order of a desk's links is one such order."""
    first: dict[str, int] = {}
    after: dict[str, set[str]] = {}
    waiting: dict[str, int] = {}
    for items in lists:
        for item in items:
            first.setdefault(item, len(first))
            waiting.setdefault(item, 0)
        for a, b in zip(items, items[1:], strict=False):
            if b not in after.setdefault(a, set()):
                after[a].add(b)
                waiting[b] += 1
    ready = [(first[item], item) for item, n in waiting.items() if n == 0]
    heapq.heapify(ready)
    rank: dict[str, int] = {}
    while ready:
        _, item = heapq.heappop(ready)
        rank[item] = len(rank)
        for later in after.get(item, ()):
            waiting[later] -= 1
            if waiting[later] == 0:
                heapq.heappush(ready, (first[later], later))
    for item in sorted(first, key=first.__getitem__):  # a cycle, in a file edited by hand
        rank.setdefault(item, len(rank))
    return rank


def read_annotations(data: bytes, name: str) -> ReadAnnotations:
    """Check and read an annotation file's bytes; AnnotationFileError naming `name` (and the
    annotation, counted from 1) for anything that is not a newsdesk W3C export."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        # ValueError covers bad UTF-8, bad JSON and a number too long to read.
        why = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise AnnotationFileError(f"cannot import {name}: not JSON ({why[:200]})") from None
    reader = _Reader()
    try:
        for number, node in enumerate(_pages(document), 1):
            try:
                reader.annotation(node)
            except _Refused as exc:
                where = f"{name}: annotation {number}"
                raise AnnotationFileError(f"cannot import {where}: {exc}") from None
    except _Refused as exc:
        raise AnnotationFileError(f"cannot import {name}: {exc}") from None
    return reader.finish()
