"""Tags on the desk: a claim's status and note, orphans re-attached or discarded, counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotations import desk_documents as documents
from annotations.analysts import same_analyst
from annotations.claim_history import StepName, changes_between
from annotations.desk_documents import LINKS, TAGS, Op, new_tag, placed_on, quoted
from annotations.desk_records import DeskRecords
from annotations.tags import ClaimStatus, Tag, claim_key
from annotations.team.verdicts import in_conflict, resolution

if TYPE_CHECKING:
    from annotations.claims import Claim


class DeskTags(DeskRecords):
    """What the analyst says about each claim: status, note, and where the tag sits."""

    def set_status(
        self,
        claim: Claim,
        status: ClaimStatus | None,
        analyst: str,
        *,
        prefix: str = "",
        suffix: str = "",
    ) -> Tag | None:
        """Mark a claim confirmed, disputed, or neither (None); return what is now stored."""
        status = None if status is None else ClaimStatus(status)
        return self._change(claim, analyst, prefix, suffix, status=status)

    def set_note(
        self,
        claim: Claim,
        note: str,
        analyst: str,
        *,
        prefix: str = "",
        suffix: str = "",
    ) -> Tag | None:
        """Set the note on a claim ("" removes it); return what is now stored."""
        return self._change(claim, analyst, prefix, suffix, note=note)

    def _change(
        self, claim: Claim, analyst: str, prefix: str, suffix: str, **change: Any
    ) -> Tag | None:
        analyst = same_analyst(analyst)
        with self._change_lock:
            self._check_open()
            key = claim_key(claim)
            doc_id = self._tag_docs.get(key)
            before = None if doc_id is None else self._tags[doc_id]
            if before is None:
                # A fresh tag stands for the untagged claim it replaces.
                was = new_tag(claim, analyst, prefix, suffix, self._path_of(claim.article_id))
                after = replace(was, **change)
            else:
                if before.quote != claim.text:
                    # A tag stored unchecked (an import for an article newsdesk could not
                    # find, a desk edited by hand) holds this place with other words: it is an
                    # orphan, and taking it over would put its verdict on these words.
                    raise ValueError(
                        f"the place of {quoted(claim.text)} holds an orphaned tag on "
                        f"{quoted(before.quote)}; re-attach or discard it first (o)"
                    )
                # Tagging a claim analysts disagree on settles it, even with the verdict shown.
                settling = "status" in change and in_conflict(before)
                if not settling and all(getattr(before, k) == v for k, v in change.items()):
                    return before
                was = before
                after = replace(
                    before,
                    quote=claim.text,
                    prefix=prefix or before.prefix,
                    suffix=suffix or before.suffix,
                    analyst=analyst,
                    updated_at=documents.now(),
                    **change,
                )
            changes = changes_between(was, after, analyst, after.updated_at)
            if before is not None and "status" in change:
                settled = resolution(before, analyst, after.updated_at, after.status_name)
                changes += () if settled is None else (settled,)
            after = replace(after, history=was.history + changes)
            name = StepName.of_changes(key, changes)
            if before is not None and not (
                after.status is not None or after.note.strip() or after.names_others
            ):
                # Cleared, and nobody else's in its history: yet the verdict or note cleared
                # may be missing from it (a desk saved before claims had one) and be another
                # analyst's. The history then says whose, and keeps the record.
                after = replace(after, history=before.with_own_changes().history + changes)
            if self._is_empty(after):
                # Only tagged, noted or linked claims are stored, and cleared ones whose
                # history holds a colleague's change; a tag emptied of all that is removed.
                if doc_id is None:
                    return None
                self._apply([(TAGS, doc_id, None)], before, name)
                return None
            self._apply([(TAGS, doc_id or self._new_doc_id(TAGS), after.to_doc())], before, name)
            return after

    def orphans(self, texts: Mapping[str, str] | None = None) -> list[Tag]:
        """Tags a new version of their article no longer holds, waiting for the analyst, and
        tags on the articles in `texts` (text by article id) that do not sit on its words
        (past its end, empty, another quote there: a desk edited by hand), which the article
        cannot show."""
        texts = texts or {}
        with self._view_lock:
            return [
                tag
                for tag in self._tags.values()
                if tag.anchor == "orphan"
                or (tag.article_id in texts and not tag.sits_on(texts[tag.article_id]))
            ]

    def reattach(
        self,
        tag_id: str,
        claim: Claim,
        *,
        prefix: str = "",
        suffix: str = "",
    ) -> Tag:
        """Attach a tag (usually an orphan) to the claim the analyst picked; anchor "moved".

        A claim cleared over a colleague's verdict keeps a record of it (no status, no note):
        the tag takes its place, with that record's history merged into its own.

        KeyError if there is no such tag; ValueError if another tag is on that claim.
        """
        with self._change_lock:
            self._check_open()
            doc_id = self._tag_docs_by_id.get(tag_id)
            if doc_id is None:
                raise KeyError(f"no tag {tag_id!r} on this desk")
            tag = self._tags[doc_id]
            key = claim_key(claim)
            holder = self._tag_docs.get(key)
            ops: list[Op] = []
            history = tag.history
            if holder is not None and holder != doc_id:
                held = self._tags[holder]
                if held.status is not None or held.note or self._linked(held.id):
                    raise ValueError(
                        f"the claim {quoted(claim.text)} is already {held.status_name}"
                        f"{' with a note' if held.note else ''}; discard the orphan "
                        f"{quoted(tag.quote)} or clear that claim first"
                    )
                # Only the record of a cleared verdict: its history goes on with the tag.
                ops.append((TAGS, holder, None))
                history = tuple(sorted((*held.history, *tag.history), key=lambda c: c.at))
            after = replace(
                tag,
                **placed_on(claim, prefix, suffix),
                path=self._path_of(claim.article_id) or tag.path,
                anchor="moved",
                old_quote=(tag.old_quote or tag.quote)
                if claim.text != tag.quote
                else tag.old_quote,
                history=history,
            )
            if after != tag:
                ops.append((TAGS, doc_id, after.to_doc()))
                self._apply(ops, name=StepName.plain("re-attach", "anchor", after.key))
            return after

    def _linked(self, tag_id: str) -> bool:
        return any(tag_id in (link.tag_a, link.tag_b) for link in self._links.values())

    def discard(self, tag_id: str) -> Tag | None:
        """Delete a tag and its links (an orphan the analyst gave up on); return it, or None.

        A tag at the other end of a link that was kept only for that link goes too.
        """
        with self._change_lock:
            self._check_open()
            doc_id = self._tag_docs_by_id.get(tag_id)
            if doc_id is None:
                return None
            tag = self._tags[doc_id]
            ops: list[Op] = [(TAGS, doc_id, None)]
            gone = [
                (d, link) for d, link in self._links.items() if tag_id in (link.tag_a, link.tag_b)
            ]
            ops += [(LINKS, d, None) for d, _ in gone]
            others = tuple(link.other(tag_id) for _, link in gone)
            ops += self._emptied_tag_ops(others, frozenset(link.id for _, link in gone))
            self._apply(ops, name=StepName.plain("discard", "anchor", tag.key))
            return tag

    # -- reading --------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """Every stored tag (tagged, noted or linked claims), in the order first stored."""
        with self._view_lock:
            return list(self._tags.values())

    def tags_of(self, article_id: str) -> list[Tag]:
        """The stored tags on one article's claims, in the order first stored. Only those are
        built: opening one article on a desk of 100k tags need not build the others."""
        with self._view_lock:
            return self._tags.of_article(article_id)

    def tag_documents(self) -> list[dict[str, Any]]:
        """Every stored tag's document, in the order first stored, without building the tags
        (each was checked when loaded or stored; `Tag.checked_fields` reads it): for reading a
        whole big desk at once, as an export does. Treat them as read-only."""
        with self._view_lock:
            return self._tags.docs()

    def tag_at(self, article_id: str, start: int, end: int) -> Tag | None:
        """The tag on the claim at start..end of an article, if it has one (an orphan is on
        no claim)."""
        with self._view_lock:
            doc_id = self._tag_docs.get((article_id, start, end))
            return None if doc_id is None else self._tags[doc_id]

    def tag_on(self, claim: Claim) -> Tag | None:
        """The tag on the claim, if it has one that sits on the claim's words (one stored
        unchecked on other words at its place is an orphan, never shown on this claim)."""
        tag = self.tag_at(*claim_key(claim))
        return tag if tag is not None and tag.quote == claim.text else None

    def tag_by_id(self, tag_id: str) -> Tag | None:
        """The tag with this id (a link's end, say), if it is still stored."""
        with self._view_lock:
            doc_id = self._tag_docs_by_id.get(tag_id)
            return None if doc_id is None else self._tags[doc_id]

    def counts(self) -> dict[str, int]:
        """How many claims carry each status, plus "noted": claims with a note and no status.

        Tags kept only for their links, or for a colleague's verdict cleared since, are in
        neither.
        """
        result = {status.value: 0 for status in ClaimStatus}
        result["noted"] = 0
        with self._view_lock:
            # From the documents: counting must not build every tag of a big desk.
            for doc in self._tags.docs():
                status = doc["status"]
                if status is not None:
                    result[status] += 1
                elif doc.get("note", "").strip():
                    result["noted"] += 1
        return result
