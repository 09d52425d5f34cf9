"""Articles on the desk: their details, where the analyst left off, tags moved to a new
version, and tags read back from an export."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from annotations.claim_history import StepName
from annotations.desk_documents import (
    ARTICLES,
    IMPORT_STEP,
    LAST_IMPORT,
    LINKS,
    POSITION,
    SET_BY_ANALYST,
    TAGS,
    TEXT_UNSEEN,
    Op,
    quoted,
    shown_details,
)
from annotations.desk_records import DeskRecords
from annotations.tags import Link, Tag

if TYPE_CHECKING:
    from annotations.articles import Article


class DeskArticles(DeskRecords):
    """The title, date, path, source and reading place of every article the desk has seen."""

    def remember_article(self, article: Article) -> None:
        """Keep an article's title, date, path and source (never its text) in the desk."""
        with self._change_lock:
            self._check_open()
            op = self._article_op(article)
            if op is not None:
                self._commit([op])

    def _article_op(self, article: Article, *, keep_from: str | None = None) -> Op | None:
        info: dict[str, Any] = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "path": article.path,
            "source": article.source,
        }
        # What the analyst set (a title for a hash file name, the outlet, the date) outlives
        # the inferred values, and a new version of the article (`keep_from`) keeps it.
        kept = self._articles.get(article.id) or self._articles.get(keep_from or "") or {}
        if kept.get(SET_BY_ANALYST):
            info[SET_BY_ANALYST] = dict(kept[SET_BY_ANALYST])
        if type(kept.get(POSITION)) is int and kept is self._articles.get(article.id):
            info[POSITION] = kept[POSITION]
        if self._articles.get(article.id) == info:
            return None
        return (ARTICLES, self._article_docs.get(article.id) or self._new_doc_id(ARTICLES), info)

    def move_tags(self, tags: Sequence[Tag], article: Article, *, undoable: bool = True) -> None:
        """Store tags carried onto a new version of their article, and remember that version.

        Each of `tags` replaces the stored tag with its id (`annotations.revisions` decides
        where they land). One save, one undo (none unless `undoable`); remembering the
        article is not undone. KeyError if a tag is not stored; ValueError if two tags would
        sit on one claim (an orphan sits on none).
        """
        with self._change_lock:
            self._check_open()
            changed: dict[str, Tag] = {}
            for tag in tags:
                doc_id = self._tag_docs_by_id.get(tag.id)
                if doc_id is None:
                    raise KeyError(f"no tag {tag.id!r} on this desk")
                if tag.anchor != "orphan" and article.path:
                    # Its offsets are now the new version's, read from that file.
                    tag = replace(tag, path=article.path)
                if self._tags[doc_id] != tag:
                    changed[doc_id] = tag
            holders = {key: d for key, d in self._tag_docs.items() if d not in changed}
            for doc_id, tag in changed.items():
                if tag.anchor != "orphan" and holders.setdefault(tag.key, doc_id) != doc_id:
                    raise ValueError(f"two tags would sit on the claim at {tag.start}..{tag.end}")
            ops: list[Op] = [(TAGS, doc_id, tag.to_doc()) for doc_id, tag in changed.items()]
            olds = [self._tags[d].article_id for d in changed if self._tags[d].article_id]
            article_op = self._article_op(article, keep_from=olds[0] if olds else None)
            if article_op is not None:
                ops.append(article_op)
            if not ops:
                return
            undo = [op for op in self._commit(ops) if op[0] != ARTICLES]
            if undo and undoable:
                self._remember(undo, None, StepName.plain("re-anchoring", "anchor"))

    def add_imported(
        self,
        tags: Sequence[Tag],
        links: Sequence[Link] = (),
        articles: Sequence[Mapping[str, Any]] = (),
        unseen: Collection[str] = (),
    ) -> None:
        """Store tags, links and article details read from an export, as they were (ids,
        times, history), in one save and one undo step named "import".

        Articles the desk already knows keep its details; an undo leaves the articles. A new
        one among `unseen` (ids of articles whose text was not found: their tags are stored
        unchecked) is remembered as such (`text_unseen`).
        ValueError if a tag's id or claim, or a link's id, is already taken, or a link's end
        is no tag of the desk or of `tags`.
        """
        with self._change_lock:
            self._check_open()
            ops: list[Op] = []
            ids = set(self._tag_docs_by_id)
            keys = set(self._tag_docs)
            for tag in tags:
                # An orphan sits on no claim: its offsets are those of a text now gone.
                placed = tag.anchor != "orphan"
                if tag.id in ids or (placed and tag.key in keys):
                    raise ValueError(f"the claim {quoted(tag.quote)} already has a tag")
                ids.add(tag.id)
                if placed:
                    keys.add(tag.key)
                ops.append((TAGS, self._new_doc_id(TAGS), tag.to_doc()))
            link_ids = set(self._link_docs)
            for link in links:
                if link.id in link_ids or not {link.tag_a, link.tag_b} <= ids:
                    raise ValueError(f"link {link.id!r} is taken or links a claim not on the desk")
                link_ids.add(link.id)
                ops.append((LINKS, self._new_doc_id(LINKS), link.to_doc()))
            for info in articles:
                if info["id"] not in self._articles:
                    doc = {k: info.get(k) for k in ("id", "title", "date", "path", "source")}
                    if info["id"] in unseen:
                        doc[TEXT_UNSEEN] = True
                    ops.append((ARTICLES, self._new_doc_id(ARTICLES), doc))
            if not ops:
                return
            # Kept on the desk, so a desk opened later on the file can take it back too.
            added = [[table, doc_id] for table, doc_id, _ in ops if table != ARTICLES]
            if added:
                ops.append((LAST_IMPORT, "1", {"added": added}))
            # As for a new version of an article, remembering the articles is not undone.
            undo = [op for op in self._commit(ops) if op[0] != ARTICLES]
            if added:
                self._remember(undo, None, IMPORT_STEP)

    def article_info(self, article_id: str) -> dict[str, Any] | None:
        """The remembered id, title, date, path and source of an article, if any; a title,
        date or source the analyst set replaces the one read from the file."""
        with self._view_lock:
            info = self._articles.get(article_id)
            return None if info is None else shown_details(info)

    def text_unseen(self, article_id: str) -> bool:
        """Whether the desk knows the article only from an annotation file whose tags were
        stored unchecked, its text never found since (opening the text forgets this)."""
        with self._view_lock:
            return (self._articles.get(article_id) or {}).get(TEXT_UNSEEN) is True

    def articles(self) -> list[dict[str, Any]]:
        """Every remembered article's metadata, in the order they were first remembered
        (with what the analyst set, as `article_info`)."""
        with self._view_lock:
            return [shown_details(info) for info in self._articles.values()]

    def set_positions(self, positions: Mapping[str, int]) -> None:
        """Remember where the analyst left off in each article (article id -> text offset), to
        open them there next time. Not a change to undo; articles the desk does not know
        are left out."""
        with self._change_lock:
            self._check_open()
            ops: list[Op] = []
            for article_id, offset in positions.items():
                doc_id = self._article_docs.get(article_id)
                if doc_id is None or self._articles[article_id].get(POSITION) == offset:
                    continue
                ops.append((ARTICLES, doc_id, {**self._articles[article_id], POSITION: offset}))
            if ops:
                self._commit(ops)

    def set_article_details(
        self,
        article_id: str,
        *,
        title: str | None = None,
        source: str | None = None,
        date: str | None = None,
    ) -> dict[str, Any]:
        """Set the title, outlet and date the desk shows and exports for an article ("" goes
        back to what the file says, None keeps what the analyst set before, exactly); return
        its details as now shown. One undoable change, none if nothing differs. KeyError if
        the desk does not know the article."""
        with self._change_lock:
            self._check_open()
            doc_id = self._article_docs.get(article_id)
            if doc_id is None:
                raise KeyError(f"the desk does not know article {article_id!r}")
            info = dict(self._articles[article_id])
            before = info.get(SET_BY_ANALYST)
            wanted = dict(before) if isinstance(before, Mapping) else {}
            given = {"title": title, "source": source, "date": date}
            wanted.update(
                {name: value.strip() for name, value in given.items() if value is not None}
            )
            chosen = {name: value for name, value in wanted.items() if value}
            if chosen:
                info[SET_BY_ANALYST] = chosen
            else:
                info.pop(SET_BY_ANALYST, None)
            if info != self._articles[article_id]:
                name = StepName.plain("article details", "article")
                self._apply([(ARTICLES, doc_id, info)], name=name)
            return shown_details(info)
