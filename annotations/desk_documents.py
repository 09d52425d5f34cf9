"""The desk's stored documents: table names, decision fields, and tags built when first read."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from annotations.claim_history import StepName
from annotations.tags import Tag

if TYPE_CHECKING:
    from annotations.claims import Claim

SCHEMA = 1
"""The desk layout this version writes; a desk with a higher number is refused, not guessed at.

Links, entity and figures-board decisions and aliases live in tables of their own that older
desks simply lack, so adding them did not change the layout of anything already stored: still
schema 1.
"""

TAGS = "tags"
ARTICLES = "articles"
META = "meta"
LINKS = "links"
MERGES = "merges"
SPLITS = "splits"
ALIASES = "aliases"
POSITION = "position"
"""Field of an article document: where the analyst left off reading it (a text offset)."""
SET_BY_ANALYST = "set_by_analyst"
"""Field of an article document: the title, source and date the analyst gave it."""
TEXT_UNSEEN = "text_unseen"
"""Field of an article document: True for an article an annotation file described whose text
newsdesk did not find when its tags were imported (they were stored unchecked); dropped once
the desk opens that text. Its tags never sat on words newsdesk saw, so a text found later is
no new version of one the analyst tagged: they are placed only where they sit exactly."""
FIGURE_MERGES = "figure_merges"
FIGURE_SPLITS = "figure_splits"
CLAIM_SPLITS = "claim_splits"
"""A sentence the analyst split in two (see `annotations.claim_edits`)."""
CLAIM_JOINS = "claim_joins"
"""Two sentences the analyst joined into one claim."""
DECISION_FIELDS = {
    MERGES: ("key_a", "key_b"),
    SPLITS: ("entity_key", "text"),
    FIGURE_MERGES: ("figure_a", "figure_b"),
    FIGURE_SPLITS: ("figure",),
    ALIASES: ("canonical", "alias"),
    CLAIM_SPLITS: ("claim", "at"),
    CLAIM_JOINS: ("first", "second"),
}

LAST_IMPORT = "last_import"
"""A table of one document: how to take back the last import-annotations (the tag and link
documents it added), kept until the next change, so that the next desk opened on the file
can undo it (an import made from the command line is one `u` in the desk)."""

Op = tuple[str, str, dict[str, Any] | None]
"""One stored change: (table, document id, new document or None to delete it)."""

Undoable = tuple[list[Op], Tag | None, StepName]
"""A change undo or redo can take back: the changes that put the documents back, what
undo() returns, and the change in words."""

IMPORT_STEP = StepName.plain("import", "anchor")
"""How undo names taking back an import-annotations."""

_NAME_BY_TABLE = {
    LINKS: StepName.plain("link", "link"),
    MERGES: StepName.plain("merge", "decision"),
    SPLITS: StepName.plain("split", "decision"),
    ALIASES: StepName.plain("alias", "decision"),
    CLAIM_SPLITS: StepName.plain("claim split", "claims"),
    CLAIM_JOINS: StepName.plain("claims joined", "claims"),
}


def name_of(ops: list[Op]) -> StepName:
    """The name of a change that is not one claim's status or note, by the table it touches."""
    for table, _, _ in ops:
        if table in _NAME_BY_TABLE:
            return _NAME_BY_TABLE[table]
    return StepName.plain("tag change", "anchor")


class HasToDict(Protocol):
    def to_dict(self) -> Mapping[str, Any]: ...


def plain_decision(
    decision: Mapping[str, Any] | HasToDict, names: tuple[str, ...]
) -> dict[str, str]:
    """A decision as the plain dict stored for it; ValueError if a field is missing or blank."""
    data = decision if isinstance(decision, Mapping) else decision.to_dict()
    plain: dict[str, str] = {}
    for name in names:
        value = data.get(name)
        if type(value) is not str or not value.strip():
            raise ValueError(f"{name} must be a non-empty string, not {value!r}")
        plain[name] = value
    return plain


def quoted(text: str, limit: int = 60) -> str:
    """A claim as an error message names it: its first words, in quotes, on one line."""
    words = " ".join(text.split())
    return f"“{words if len(words) <= limit else words[: limit - 1] + '…'}”"


_NOT_SHOWN = frozenset((SET_BY_ANALYST, TEXT_UNSEEN))


def shown_details(info: Mapping[str, Any]) -> dict[str, Any]:
    """An article's stored details with what the analyst set in place of the inferred ones."""
    shown = {name: value for name, value in info.items() if name not in _NOT_SHOWN}
    chosen = info.get(SET_BY_ANALYST)
    if isinstance(chosen, Mapping):
        shown.update({k: v for k, v in chosen.items() if isinstance(v, str) and v})
    return shown


def now() -> str:
    """The time of a change as stored: UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def placed_on(claim: Claim, prefix: str, suffix: str) -> dict[str, Any]:
    """The fields that tie a tag to `claim`: article, offsets, quote and context."""
    return {
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.text,
        "prefix": prefix,
        "suffix": suffix,
    }


def new_tag(claim: Claim, analyst: str, prefix: str, suffix: str, path: str | None = None) -> Tag:
    """A fresh tag on `claim` with no status and no note, made in the file at `path`."""
    return Tag(
        id=uuid.uuid4().hex[:12],
        status=None,
        note="",
        analyst=analyst,
        updated_at=now(),
        drawn=claim.drawn,
        path=path,
        **placed_on(claim, prefix, suffix),
    )


class TagsByDoc:
    """The desk's tags by document id, in the order first stored, built from their documents
    when first read.

    Opening a 100k-tag desk checks every document but builds no Tag: the screen reads the
    few on its articles. Building the same tag twice from two threads is harmless.
    """

    __slots__ = ("_built", "_docs")

    def __init__(self) -> None:
        self._docs: dict[str, dict[str, Any]] = {}
        self._built: dict[str, Tag] = {}

    def load(self, docs: dict[str, dict[str, Any]]) -> None:
        """Take checked documents by id."""
        self._docs = dict(docs)
        self._built = {}

    def put(self, doc_id: str, doc: dict[str, Any], tag: Tag) -> None:
        """Store (or replace, keeping its place) the tag of a document."""
        self._docs[doc_id] = doc
        self._built[doc_id] = tag

    def pop(self, doc_id: str, default: None = None) -> Tag | None:
        tag = self.get(doc_id)
        self._docs.pop(doc_id, None)
        self._built.pop(doc_id, None)
        return tag

    def get(self, doc_id: str) -> Tag | None:
        tag = self._built.get(doc_id)
        if tag is None:
            doc = self._docs.get(doc_id)
            if doc is None:
                return None
            # Every document here was checked when it was loaded or stored.
            tag = self._built[doc_id] = Tag.from_checked_doc(doc)
        return tag

    def __getitem__(self, doc_id: str) -> Tag:
        tag = self.get(doc_id)
        if tag is None:
            raise KeyError(doc_id)
        return tag

    def __len__(self) -> int:
        return len(self._docs)

    def items(self) -> Iterator[tuple[str, Tag]]:
        for doc_id in list(self._docs):
            yield doc_id, self[doc_id]

    def values(self) -> Iterator[Tag]:
        for _, tag in self.items():
            yield tag

    def of_article(self, article_id: str) -> list[Tag]:
        """The tags on one article's claims, in the order first stored, built alone."""
        return [self[i] for i, doc in list(self._docs.items()) if doc["article_id"] == article_id]

    def docs(self) -> list[dict[str, Any]]:
        """The stored documents, without building tags."""
        return list(self._docs.values())
