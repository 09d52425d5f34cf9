"""What the analyst says about a claim: its status, the tag that stores it, and links."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import StrEnum
from operator import itemgetter
from typing import Any, Literal, Protocol

from annotations.claim_history import (
    RESOLVED,
    UNTAGGED,
    ClaimChange,
    changed_by_others,
    parse_history,
)

__all__ = [
    "RELATIONS",
    "ClaimKey",
    "ClaimStatus",
    "Link",
    "LinkRelation",
    "MAX_OFFSET",
    "Selector",
    "Tag",
    "claim_key",
    "quote_sits",
    "tag_fields",
    "tags_fields",
]

ClaimKey = tuple[str, int, int]
"""(article id, start, end): which claim of which article a tag sits on."""

LinkRelation = Literal["corroborates", "contradicts"]
"""What a linked claim is to the other: evidence for it, or evidence against it."""

RELATIONS: tuple[str, ...] = ("corroborates", "contradicts")
"""Every `LinkRelation`, for checking a stored or requested one."""

MAX_OFFSET = 64 * 1024 * 1024
"""The largest offset a tag can hold: no article newsdesk reads is longer than
`annotations.articles.MAX_BYTES` bytes, so none has more characters."""


class _Placed(Protocol):
    @property
    def article_id(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def claim_key(claim: _Placed) -> ClaimKey:
    """The key of a claim, a tag or a mention: (article id, start, end)."""
    return (claim.article_id, claim.start, claim.end)


@dataclass(frozen=True, slots=True)
class Selector:
    """Where a tag sits in the text it was made on, in the spirit of the W3C Web Annotation
    TextQuoteSelector plus TextPositionSelector."""

    quote: str
    """The tagged text, exactly."""

    prefix: str
    """Up to `annotations.anchoring.CONTEXT_CHARS` characters just before the quote."""

    suffix: str
    """Up to `annotations.anchoring.CONTEXT_CHARS` characters just after the quote."""

    start: int
    """Offset of the quote's first character in the old text."""

    end: int
    """Offset one past the quote's last character in the old text."""


class ClaimStatus(StrEnum):
    """What the analyst has decided about a claim."""

    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


def quote_sits(text: str, start: int, end: int, quote: str) -> bool:
    """Whether a tag with `quote` at `start`..`end` can be shown on `text`: its offsets inside
    it, its quote the words there, and words it is (a tag on spaces or line breaks alone sits
    on no claim). The one rule for tags and for their stored documents alike."""
    return 0 <= start < end <= len(text) and text[start:end] == quote and not quote.isspace()


@dataclass(frozen=True, slots=True)
class Tag:
    """The analyst's verdict and note on one claim, as saved in the desk.

    A claim is stored once it has a status, a note, or a link to a claim of another article.
    A tag kept only for its links has `status` None and `note` "": it is not counted as
    "noted" and not exported, and it goes away with its last link. A claim cleared while its
    history holds another analyst's change (their verdict, note or resolution) is kept too,
    with `status` None and its history (`names_others`): counted as neither tagged nor noted,
    exported as untagged with that history.
    """

    id: str
    """Short stable id, given when the claim is first tagged or noted."""

    article_id: str
    """The `Article.id` of the claim."""

    start: int
    """Index of the claim's first character in the article text."""

    end: int
    """Index one past the claim's last character."""

    quote: str
    """The claim's text when it was tagged."""

    prefix: str
    """Up to 32 characters of article text before the claim, to find it again if offsets move."""

    suffix: str
    """Up to 32 characters of article text after the claim."""

    status: ClaimStatus | None
    """Confirmed or disputed; None when the claim only carries a note."""

    note: str
    """The analyst's note, "" if none."""

    analyst: str
    """Who made the latest change."""

    updated_at: str
    """When the latest change was made, ISO 8601 in UTC."""

    anchor: str = "exact"
    """How the tag is tied to the text: "exact" while the quote sits at start..end, "moved"
    once re-anchored elsewhere or to new wording, "orphan" when a new version of the article
    no longer holds the claim (the tag then keeps its old article id and offsets)."""

    old_quote: str | None = None
    """The quote as first tagged, if re-anchoring later found the claim changed."""

    history: tuple[ClaimChange, ...] = ()
    """Every change of the claim's status or note, oldest first (desks saved before there
    was a history start with the changes made since)."""

    drawn: bool = False
    """True for a claim the analyst drew over a span of their choosing (a part of a sentence,
    a figure with its noun, words across sentences); False for a sentence claim (desks saved
    before drawn claims read as sentence claims)."""

    path: str | None = None
    """The file the analyst tagged the claim in: one text opened under several file names is
    one article, and each tag keeps the name it was made under. None for tags saved before
    newsdesk kept it (they go by the article's remembered path)."""

    @property
    def status_name(self) -> str:
        """The status as the history and the CSV name it: confirmed, disputed or untagged."""
        return UNTAGGED if self.status is None else self.status.value

    @property
    def key(self) -> ClaimKey:
        """(article id, start, end): the claim the tag sits on."""
        return claim_key(self)

    @property
    def selector(self) -> Selector:
        """The tag's quote, context and offsets, to find it again in a new version."""
        return Selector(self.quote, self.prefix, self.suffix, self.start, self.end)

    def sits_on(self, text: str) -> bool:
        """Whether the tag can be shown on `text`: its offsets inside it, its quote the words
        there, and words it is (a tag on spaces or line breaks alone sits on no claim)."""
        return quote_sits(text, self.start, self.end, self.quote)

    @property
    def names_others(self) -> bool:
        """Whether its history holds a change by an analyst other than its latest one: what
        keeps a cleared claim stored, as the record of a colleague's verdict or note."""
        return changed_by_others(self.history, self.analyst)

    def with_own_changes(self) -> Tag:
        """`with_own_verdict`, and its note likewise at the end of its history when the
        history does not end on it: before a change clears the tag, so that the record kept
        says whose the verdict and note it clears were."""
        tag = self.with_own_verdict()
        notes = [c.after for c in tag.history if c.field == "note"]
        last = notes[-1] if notes else ""
        if last == tag.note:
            return tag
        own = ClaimChange(tag.analyst, tag.updated_at, "note", last, tag.note)
        return replace(tag, history=(*tag.history, own))

    def with_own_verdict(self) -> Tag:
        """The tag with its own verdict at the end of its history when the history does not
        end on it (a desk saved before claims had a history, another tool's annotations, a
        desk edited by hand): its status is its analyst's verdict, and merges and agreement
        read analysts' verdicts from the history."""
        if self.status is None:
            return self  # a note alone claims no verdict: the history's own stands
        verdicts = [c.after for c in self.history if c.field in ("status", RESOLVED)]
        last = verdicts[-1] if verdicts else UNTAGGED
        if last == self.status_name:
            return self
        own = ClaimChange(self.analyst, self.updated_at, "status", last, self.status_name)
        return replace(self, history=(*self.history, own))

    def to_doc(self) -> dict[str, Any]:
        """The tag as a TinyDB document."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "status": None if self.status is None else self.status.value,
            "note": self.note,
            "analyst": self.analyst,
            "updated_at": self.updated_at,
            "anchor": self.anchor,
            "old_quote": self.old_quote,
            "history": [list(change) for change in self.history],
            "drawn": self.drawn,
            "path": self.path,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Tag:
        """Read a tag back from its document; ValueError if the document is not a tag."""
        return cls(*cls.check_doc(doc))

    @classmethod
    def from_checked_doc(cls, doc: dict[str, Any]) -> Tag:
        """Build a tag from a document that `check_doc` has already passed (no checks again)."""
        try:
            v = _tag_fields(doc)
        except KeyError:
            v = _tag_fields(_TAG_DEFAULTS | doc)
        return cls(  # type: ignore[call-arg]
            *v[:7], _STATUS_BY_VALUE[v[7]], *v[8:13], parse_history(v[13]), *v[14:]
        )

    @staticmethod
    def checked_fields(doc: dict[str, Any]) -> tuple[Any, ...]:
        """The fields of a document `check_doc` has passed, in `Tag` order, as stored: the
        status as its text (None for none) and the history as its list (None or [] for none).

        Reading a whole big desk (an export) takes these rather than building 100k tags.
        """
        return tag_fields(doc)

    @staticmethod
    def check_fields(doc: dict[str, Any]) -> tuple[Any, ...]:
        """`checked_fields` of a document, checked to be a tag as `check_doc` checks it (the
        same ValueError if it is not), without building its status and history.

        Opening a desk checks every stored tag (100k for a big desk): the common case is one
        look-up of the fields' types among the shapes a tag can have.
        """
        v: tuple[Any, ...]
        try:
            v = _all_fields(doc)
        except (KeyError, TypeError):
            try:
                v = Tag.checked_fields(doc)  # older documents lack the optional fields
            except (KeyError, TypeError):
                Tag.check_doc(doc)
                raise ValueError("not a tag") from None
        if (
            tuple(map(type, v)) not in _TAG_SHAPES
            or v[7] not in _STATUS_BY_VALUE
            or not 0 <= v[2] <= v[3] <= MAX_OFFSET
        ):
            Tag.check_doc(doc)  # raises, saying what is wrong
            raise ValueError("not a tag")
        if v[13]:
            parse_history(v[13])
        return v

    @staticmethod
    def check_doc(doc: dict[str, Any]) -> tuple[Any, ...]:
        """The fields of a tag document in `Tag` order, checked; ValueError if it is not a tag.

        Opening a desk checks every stored tag with this (100k times for a big desk), so the
        fields come out in one C call and are checked as a tuple.
        """
        try:
            try:
                v = _tag_fields(doc)
            except KeyError:  # written by an older newsdesk: optional fields may be missing
                v = _tag_fields(_TAG_DEFAULTS | doc)
            status = _STATUS_BY_VALUE[v[7]]
            history = parse_history(v[13])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a tag: missing or bad field {exc}") from exc
        if not (
            type(v[0]) is str
            and type(v[1]) is str
            and type(v[4]) is str
            and type(v[5]) is str
            and type(v[6]) is str
            and type(v[8]) is str
            and type(v[9]) is str
            and type(v[10]) is str
            and type(v[11]) is str
            and (v[12] is None or type(v[12]) is str)
            and type(v[14]) is bool
            and (v[15] is None or type(v[15]) is str)
        ):
            raise ValueError("not a tag: a text field is not a string")
        if not (type(v[2]) is int and type(v[3]) is int and 0 <= v[2] <= v[3] <= MAX_OFFSET):
            raise ValueError(
                "not a tag: start/end are not offsets (integers, start <= end, "
                f"at most {MAX_OFFSET})"
            )
        return (*v[:7], status, *v[8:13], history, *v[14:])


_stored_fields = itemgetter(*(f.name for f in fields(Tag) if f.name != "path"))


def _tag_fields(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The fields of a tag document in `Tag` order; KeyError if one (but the path) is missing.

    The path came later than the rest: desks of 100k tags saved before it must not take the
    slower way of the documents that lack a field.
    """
    return (*_stored_fields(doc), doc.get("path"))


def tag_fields(doc: dict[str, Any]) -> tuple[Any, ...]:
    """`Tag.checked_fields`, as a plain function for loops over every tag of a desk."""
    try:
        return (*_stored_fields(doc), doc.get("path"))
    except KeyError:
        return _tag_fields(_TAG_DEFAULTS | doc)


_all_fields = itemgetter(*(f.name for f in fields(Tag)))


def tags_fields(docs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """`tag_fields` of every document, in one pass of C for the usual documents (all fields
    present): reading the 100k tags of a desk for an export."""
    try:
        return list(map(_all_fields, docs))
    except (KeyError, TypeError):
        return list(map(tag_fields, docs))


_TAG_DEFAULTS: dict[str, Any] = {
    "prefix": "",
    "suffix": "",
    "note": "",
    "analyst": "",
    "updated_at": "",
    "anchor": "exact",
    "old_quote": None,
    "history": None,
    "drawn": False,
    "path": None,
}
_NONE = type(None)
_TAG_SHAPES = frozenset(
    (str, str, int, int, str, str, str, status, str, str, str, str, old, history, bool, path)
    for status in (str, _NONE)
    for old in (str, _NONE)
    for history in (list, _NONE)
    for path in (str, _NONE)
)
"""The types of a tag document's fields, in `Tag` order, that `check_doc` lets through."""
_STATUS_BY_VALUE: dict[str | None, ClaimStatus | None] = {None: None} | {
    s.value: s for s in ClaimStatus
}


@dataclass(frozen=True, slots=True)
class Link:
    """The analyst's note that a claim of one article is evidence for or against another's."""

    id: str
    """Short stable id."""

    tag_a: str
    """`Tag.id` of the claim the analyst was on; ids, not offsets, so a link follows its tags
    when they are re-anchored."""

    tag_b: str
    """`Tag.id` of the claim it was linked with."""

    relation: LinkRelation
    """"corroborates" or "contradicts"."""

    analyst: str
    """Who made the link."""

    created_at: str
    """When, ISO 8601 in UTC."""

    def other(self, tag_id: str) -> str:
        """The id of the end that is not `tag_id`."""
        return self.tag_b if tag_id == self.tag_a else self.tag_a

    def to_doc(self) -> dict[str, Any]:
        """The link as a TinyDB document."""
        return {
            "id": self.id,
            "tag_a": self.tag_a,
            "tag_b": self.tag_b,
            "relation": self.relation,
            "analyst": self.analyst,
            "created_at": self.created_at,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Link:
        """Read a link back from its document; ValueError if the document is not a link."""
        try:
            values = [doc[name] for name in ("id", "tag_a", "tag_b", "relation")]
        except KeyError as exc:
            raise ValueError(f"not a link: missing field {exc}") from exc
        values += [doc.get("analyst", ""), doc.get("created_at", "")]
        if not all(type(value) is str for value in values):
            raise ValueError("not a link: a field is not a string")
        if values[3] not in RELATIONS:
            raise ValueError(f"not a link: unknown relation {values[3]!r}")
        return cls(*values)
