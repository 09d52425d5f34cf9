"""New versions of an article: carry its tags across, and find the version the desk knew."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from annotations.anchoring import DEFAULT_THRESHOLD, off_their_words, place_tags, selector_for
from annotations.safe_text import single_line
from annotations.store import Desk, DeskError, DeskLockedError
from annotations.tags import ClaimKey, Tag, claim_key

if TYPE_CHECKING:
    from pathlib import Path

    from annotations.articles import Article
    from annotations.library import LibraryEntry

__all__ = [
    "ReanchorReport",
    "carry_tags_forward",
    "follow_edits",
    "keep_inferred_heading",
    "move_tags_of_replaced",
    "place_tags",
    "reanchor_article",
    "same_location",
]


@dataclass(frozen=True, slots=True)
class ReanchorReport:
    """What became of an article's tags when they were moved onto a new version of it."""

    old_article_id: str
    """The article the tags were made on."""

    new_article_id: str
    """The new version they were re-anchored into."""

    exact: tuple[Tag, ...]
    """Tags whose quote the new version holds unchanged, wherever it now sits."""

    moved: tuple[Tag, ...]
    """Tags found again in new wording, now on the new article, `old_quote` set."""

    orphans: tuple[Tag, ...]
    """Tags whose claim the new version no longer holds, or whose new place another tag
    already took; they stay on the old article, anchor "orphan"."""

    unchecked: bool = False
    """True when the old article is one newsdesk never saw the text of (its tags were stored
    unchecked, `Desk.text_unseen`): the new text is no new version of words anyone tagged
    here, and its tags were placed only where they sit exactly."""

    @property
    def counts(self) -> dict[str, int]:
        """How many tags ended "exact", "moved" and "orphan"."""
        return {"exact": len(self.exact), "moved": len(self.moved), "orphan": len(self.orphans)}


def reanchor_article(
    desk: Desk, old_article_id: str, new_article: Article, *, threshold: float = DEFAULT_THRESHOLD
) -> ReanchorReport:
    """Move every tag of an article onto a new version of its text (see `place_tags`); for
    the article itself (`new_article` has `old_article_id`), the tags that do not sit on its
    words (`off_their_words`) become orphans, never shown on the words their offsets cover
    (the analyst re-attaches them). So do those of an article whose text newsdesk never saw
    (`Desk.text_unseen`: stored unchecked) that do not sit on the new text's words: only the
    analyst's own tags were on words newsdesk showed, to be looked for in new wording.

    Status, note, analyst and links are kept; the new article is remembered. One save, one
    undo (none for tags placed again on their own article: undoing would put them back on
    words nobody tagged).
    """
    same = old_article_id == new_article.id
    unchecked = not same and desk.text_unseen(old_article_id)
    olds = desk.tags_of(old_article_id)
    if same:
        olds = off_their_words(olds, new_article)
        results = [replace(tag, anchor="orphan") for tag in olds]
    else:
        moving = {tag.id for tag in olds}
        taken = {claim_key(t) for t in desk.tags() if t.id not in moving and t.anchor != "orphan"}
        if unchecked:
            results = _where_they_sit(olds, new_article, taken)
        else:
            results = place_tags(olds, new_article, taken, threshold=threshold)
    desk.move_tags(results, new_article, undoable=not same)
    return ReanchorReport(
        old_article_id=old_article_id,
        new_article_id=new_article.id,
        exact=tuple(t for t in results if t.anchor == "exact"),
        moved=tuple(t for t in results if t.anchor == "moved"),
        orphans=tuple(t for t in results if t.anchor == "orphan"),
        unchecked=unchecked,
    )


def _where_they_sit(tags: list[Tag], new_article: Article, taken: set[ClaimKey]) -> list[Tag]:
    """Tags stored unchecked on the text found for their article: each that sits on its words
    at its offsets (`Tag.sits_on`) is placed there, anchor "exact"; any other is an orphan,
    as off its own article's words, never moved on a guess (nor is an orphan placed)."""
    placed: list[Tag] = []
    for tag in tags:
        key = (new_article.id, tag.start, tag.end)
        if tag.anchor == "orphan" or key in taken or not tag.sits_on(new_article.text):
            placed.append(replace(tag, anchor="orphan"))
            continue
        taken.add(key)
        around = selector_for(new_article.text, tag.start, tag.end)
        placed.append(
            replace(
                tag,
                article_id=new_article.id,
                prefix=around.prefix,
                suffix=around.suffix,
                anchor="exact",
            )
        )
    return placed


def same_location(a: str | None, b: str | None) -> bool:
    """True when two stored paths (or URLs) name the same place."""
    if not a or not b:
        return False
    if "://" in a or "://" in b:
        return a.rstrip("/") == b.rstrip("/")
    return os.path.realpath(a) == os.path.realpath(b)


def keep_inferred_heading(desk: Desk, article: Article) -> Article:
    """`article` with the title and date the desk knew for the version it replaces (same
    path, other text), each kept while the new text still holds it: a line added above the
    headline does not become the title, and the date is not lost. A title or date the
    analyst set is kept by the desk itself (`Desk.set_article_details`)."""
    earlier = [
        info
        for info in desk.articles()
        if info.get("id") != article.id and same_location(info.get("path"), article.path)
    ]
    if not earlier:
        return article
    known = earlier[-1]
    flat = " ".join(article.text.split())

    def kept(old: object, new: str | None) -> str | None:
        return old if isinstance(old, str) and old and old != new and old in flat else new

    title = kept(known.get("title"), article.title) or article.title
    date = kept(known.get("date"), article.date)
    if (title, date) == (article.title, article.date):
        return article
    return replace(article, title=title, date=date)


def carry_tags_forward(desk: Desk, article: Article) -> list[ReanchorReport]:
    """Place the tags of `article` that do not sit on its words (an annotation file's, a desk
    edited by hand: `off_their_words`), then move the tags of its earlier versions (same
    path, other text) onto it.

    Returns one report for the first, if any, then one per earlier version that had tags;
    exact and moved tags now point at `article`, the others are orphans the analyst can
    re-attach or discard.
    """
    reports: list[ReanchorReport] = []
    if off_their_words(desk.tags_of(article.id), article):
        reports.append(reanchor_article(desk, article.id, article))
    for info in desk.articles():
        old_id = info.get("id")
        if not old_id or old_id == article.id or not same_location(info.get("path"), article.path):
            continue
        if not any(tag.article_id == old_id for tag in desk.tags()):
            continue
        reports.append(reanchor_article(desk, old_id, article))
    return reports


def follow_edits(desk: Desk, articles: list[Article]) -> list[str]:
    """Carry tags onto articles whose file changed since they were tagged, and make orphans
    of tags not on their article's words, as the desk opens them; say what happened.

    An edited article keeps the title and date known for its earlier version while its text
    still holds them (the list is updated in place).
    """
    messages: list[str] = []
    for i, article in enumerate(articles):
        article = articles[i] = keep_inferred_heading(desk, article)
        for report in carry_tags_forward(desk, article):
            counts = report.counts
            if report.unchecked:
                if counts["orphan"]:
                    messages.append(
                        f"{single_line(article.title)}: {counts['orphan']} tag(s) stored "
                        "unchecked (their article was not found when imported) were not on its "
                        "words at their offsets: they are orphans, shown nowhere (press o to see "
                        "them)."
                    )
                continue
            if report.old_article_id == report.new_article_id:
                messages.append(
                    f"{single_line(article.title)}: {counts['orphan']} tag(s) were not on its "
                    "words at their offsets (an annotation file's or a desk edited by hand): "
                    "they are orphans, shown nowhere (press o to see them)."
                )
                continue
            message = (
                f"{single_line(article.title)}: the file changed since it was tagged. "
                f"{counts['exact']} tag(s) found unchanged, {counts['moved']} moved"
            )
            if counts["orphan"]:
                message += (
                    f", {counts['orphan']} lost their sentence (orphans: press o to see them)"
                )
            messages.append(message + ".")
    return messages


def _tags_to_move(db_path: Path, old_ids: set[str]) -> set[str]:
    """Which of `old_ids` still hold tags that are not orphans (read without the lock)."""
    if not db_path.exists():
        return set()
    with Desk.open(db_path, lock=False) as desk:
        return {
            t.article_id for t in desk.tags() if t.article_id in old_ids and t.anchor != "orphan"
        }


def move_tags_of_replaced(
    db_path: Path, versions: Sequence[tuple[LibraryEntry, Article]], fresh: set[str]
) -> tuple[list[tuple[LibraryEntry, ReanchorReport]], str | None]:
    """After an import, move the tags of each replaced version onto its new one.

    `versions` are the imported entries that replace an older version, with their article;
    `fresh` the ids new to the library. A version imported before, while the desk was open,
    still has its tags to move: importing it again moves them. Returns (reports, why not
    all were moved, or None).
    """
    if not versions or not db_path.exists():
        return [], None
    why_not = None
    try:
        pending = _tags_to_move(db_path, {entry.replaces or "" for entry, _ in versions})
    except DeskError as error:
        pending, why_not = set(), str(error)
    replaced = [
        (entry, article)
        for entry, article in versions
        if entry.replaces is not None and (entry.id in fresh or entry.replaces in pending)
    ]
    if not replaced:
        return [], why_not
    try:
        desk = Desk.open(db_path)
    except DeskLockedError:
        return [], (
            f"the desk {db_path} is open in newsdesk, so the tags of the old versions were "
            "not moved; quit newsdesk and run the same import again to move them"
        )
    except DeskError as error:
        return [], str(error)
    reports: list[tuple[LibraryEntry, ReanchorReport]] = []
    try:
        for entry, article in replaced:
            assert entry.replaces is not None
            reports.append((entry, reanchor_article(desk, entry.replaces, article)))
    except DeskError as error:
        return reports, str(error)
    finally:
        desk.close()
    return reports, None
