"""Links on the desk: two claims marked as corroborating or contradicting each other."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from annotations import desk_documents as documents
from annotations.analysts import same_analyst
from annotations.claim_history import StepName
from annotations.desk_documents import LINKS, TAGS, Op, new_tag
from annotations.desk_records import DeskRecords
from annotations.tags import RELATIONS, Link, LinkRelation, Selector, claim_key

if TYPE_CHECKING:
    from annotations.claims import Claim


class DeskLinks(DeskRecords):
    """Links between claims, each end a tag (made, with no status, if the claim had none)."""

    def link_claims(
        self,
        claim_a: Claim,
        claim_b: Claim,
        relation: LinkRelation,
        analyst: str,
        *,
        selector_a: Selector | None = None,
        selector_b: Selector | None = None,
    ) -> Link:
        """Link two claims as corroborating or contradicting evidence; return the link.

        A claim with no tag yet gets one with no status and no note, kept for the link, with
        the prefix and suffix of its selector (`annotations.anchoring.selector_for`) to find
        it again in a new version. Two claims have at most one link: linking them again
        changes its relation.
        """
        if relation not in RELATIONS:
            raise ValueError(f"relation must be one of {RELATIONS}, not {relation!r}")
        analyst = same_analyst(analyst)
        key_a, key_b = claim_key(claim_a), claim_key(claim_b)
        if key_a == key_b:
            raise ValueError("a claim cannot be linked with itself")
        with self._change_lock:
            self._check_open()
            ops: list[Op] = []
            ends: list[str] = []
            for claim, key, selector in (
                (claim_a, key_a, selector_a),
                (claim_b, key_b, selector_b),
            ):
                doc_id = self._tag_docs.get(key)
                if doc_id is not None:
                    ends.append(self._tags[doc_id].id)
                    continue
                context = ("", "") if selector is None else (selector.prefix, selector.suffix)
                tag = new_tag(claim, analyst, *context, self._path_of(claim.article_id))
                ops.append((TAGS, self._new_doc_id(TAGS), tag.to_doc()))
                ends.append(tag.id)
            pair = {ends[0], ends[1]}
            existing = next(
                (
                    (doc_id, link)
                    for doc_id, link in self._links.items()
                    if {link.tag_a, link.tag_b} == pair
                ),
                None,
            )
            if existing is not None and existing[1].relation == relation:
                return existing[1]
            if existing is not None:
                doc_id = existing[0]
                link = replace(
                    existing[1], relation=relation, analyst=analyst, created_at=documents.now()
                )
            else:
                doc_id = self._new_doc_id(LINKS)
                link = Link(
                    uuid.uuid4().hex[:12], ends[0], ends[1], relation, analyst, documents.now()
                )
            ops.append((LINKS, doc_id, link.to_doc()))
            self._apply(ops)
            return link

    def unlink(self, link_id: str) -> Link | None:
        """Remove a link; return it, or None if there is no such link.

        A tag kept only for this link goes with it.
        """
        with self._change_lock:
            self._check_open()
            doc_id = self._link_docs.get(link_id)
            if doc_id is None:
                return None
            link = self._links[doc_id]
            ops: list[Op] = [(LINKS, doc_id, None)]
            ops += self._emptied_tag_ops((link.tag_a, link.tag_b), frozenset({link_id}))
            self._apply(ops, name=StepName.plain("unlink", "link"))
            return link

    def links(self) -> list[Link]:
        """Every link, in the order made."""
        with self._view_lock:
            return list(self._links.values())

    def links_of(self, article_id: str, start: int, end: int) -> list[Link]:
        """The links of the claim at start..end of an article, in the order made."""
        with self._view_lock:
            doc_id = self._tag_docs.get((article_id, start, end))
            if doc_id is None:
                return []
            tag_id = self._tags[doc_id].id
            return [link for link in self._links.values() if tag_id in (link.tag_a, link.tag_b)]
