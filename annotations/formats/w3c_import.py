"""`import-annotations`: a W3C Web Annotation export read back into a desk."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotations.article_texts import find_texts
from annotations.desk_documents import quoted
from annotations.files import describe_os_error
from annotations.formats.w3c_read import AnnotationFileError, ReadAnnotations, read_annotations

if TYPE_CHECKING:
    from annotations.store import Desk
    from annotations.tags import Tag

__all__ = [
    "MAX_BYTES",
    "AnnotationFileError",
    "ImportResult",
    "article_texts",
    "check_against_texts",
    "import_w3c",
    "read_annotation_file",
    "store_annotations",
]

MAX_BYTES = 512 * 1024 * 1024
"""The largest annotation file read (512 MB); a bigger one is refused, not cut short."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did."""

    added: int
    """Claims stored."""

    already: int
    """Claims the desk already held exactly so."""

    kept: tuple[tuple[str, str], ...]
    """(quote, what differs) of each claim the desk holds differently: the desk's own tag
    was kept. What differs is "verdict" when the verdicts differ, else what does ("note",
    "history", "analyst, time")."""

    links: int
    """Links stored."""

    unchecked: tuple[str, ...] = ()
    """The article (its title, else its file, else its id) of each claim stored without
    being checked against its text, because newsdesk could not find the article: it is
    checked when the article is opened, and listed as an orphan if it is off its words."""


def read_annotation_file(path: str | os.PathLike[str]) -> ReadAnnotations:
    """Read and check a W3C export (`annotations.formats.w3c`); AnnotationFileError, naming
    the file, for one that cannot be read or is not such an export."""
    name = str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise AnnotationFileError(f"cannot read {name}: {describe_os_error(exc)}") from None
    if len(data) > MAX_BYTES:
        raise AnnotationFileError(
            f"cannot import {name}: it is larger than {MAX_BYTES // 2**20} MB"
        )
    return read_annotations(data, name)


def article_texts(
    read: ReadAnnotations, db: str | os.PathLike[str] | None, desk: Desk | None = None
) -> dict[str, str]:
    """The text of every article the file's tags sit on that can be found
    (`annotations.article_texts.find_texts`, with the paths the file gives)."""
    ids = (tag.article_id for tag in read.tags)
    return find_texts(ids, db, desk, {info["id"]: info for info in read.articles})


def check_against_texts(read: ReadAnnotations, texts: Mapping[str, str], name: str) -> None:
    """Refuse the file (AnnotationFileError naming the annotation) if a tag that claims to sit
    exactly on a known article's text does not: past its end, or another quote there."""
    for number, tag in enumerate(read.tags, 1):
        text = texts.get(tag.article_id)
        if text is None or tag.anchor == "orphan":
            continue  # an orphan's offsets are those of a version of the article now gone
        where = f"cannot import {name}: annotation {number}"
        if tag.end > len(text):
            raise AnnotationFileError(
                f"{where}: its position {tag.start}..{tag.end} is past the end of its article "
                f"({len(text)} characters)"
            )
        if text[tag.start : tag.end] != tag.quote:
            raise AnnotationFileError(
                f"{where}: its quote {quoted(tag.quote)} is not the article's text at "
                f"{tag.start}..{tag.end}, {quoted(text[tag.start : tag.end])}"
            )


def store_annotations(
    desk: Desk, read: ReadAnnotations, texts: Mapping[str, str] | None = None
) -> ImportResult:
    """Store what an annotation file holds in `desk`, in one save.

    Tags keep their ids, analysts, times and history. A claim the desk already tags
    differently keeps the desk's tag (nothing the analyst saved is overwritten; the result
    names it), and so does a link between claims the desk already links. `texts` are the
    articles' texts the tags were checked against: a tag stored for any other article is
    counted as unchecked.
    """
    new, same, kept = [], 0, []
    for tag in read.tags:
        held = desk.tag_by_id(tag.id) or desk.tag_at(*tag.key)
        if held is None:
            new.append(tag)
        elif held == tag:
            same += 1
        else:
            kept.append((held.quote, _difference(held, tag)))
    on_desk = {tag.id for tag in desk.tags()} | {tag.id for tag in new}
    linked = {frozenset((link.tag_a, link.tag_b)) for link in desk.links()}
    taken = {link.id for link in desk.links()}
    links = []
    for link in read.links:
        pair = frozenset((link.tag_a, link.tag_b))
        if pair <= on_desk and pair not in linked and link.id not in taken:
            links.append(link)
            linked.add(pair)
    linked_ids = {end for link in links for end in (link.tag_a, link.tag_b)}
    # A tag kept only for a link that is not stored would be an empty tag: leave it out (one
    # cleared over another analyst's change is kept for its history, as the desk keeps it).
    new = [
        t
        for t in new
        if t.status is not None or t.note.strip() or t.names_others or t.id in linked_ids
    ]
    found = texts or {}
    unseen = {info["id"] for info in read.articles} - found.keys()
    desk.add_imported(new, links, read.articles, unseen)
    named = {info["id"]: _name(info) for info in read.articles}
    unchecked = tuple(
        named.get(tag.article_id) or tag.article_id
        for tag in new
        if tag.article_id not in found and tag.anchor != "orphan"
    )
    return ImportResult(len(new), same, tuple(kept), len(links), unchecked)


def _name(info: Mapping[str, object]) -> str:
    """An article of the file in words: its title, else its file."""
    for field in ("title", "path"):
        value = info.get(field)
        if isinstance(value, str) and value.strip():
            return value
    return ""


_COMPARED = (
    ("verdict", "status"),
    ("note", "note"),
    ("history", "history"),
    ("analyst", "analyst"),
    ("time", "updated_at"),
    ("anchoring", "anchor"),
)


def _difference(held: Tag, read: Tag) -> str:
    """What the desk's tag and the file's differ in: "verdict" if their verdicts do (nothing
    else then matters), else every other difference, "note, history"."""
    differ = [name for name, field in _COMPARED if getattr(held, field) != getattr(read, field)]
    if "verdict" in differ:
        return "verdict"
    return ", ".join(differ) or "id or position"


def import_w3c(desk: Desk, path: str | os.PathLike[str]) -> ImportResult:
    """Read a W3C export into `desk` (`read_annotation_file`, then `check_against_texts` and
    `store_annotations`)."""
    read = read_annotation_file(path)
    texts = article_texts(read, desk.path, desk)
    check_against_texts(read, texts, str(path))
    return store_annotations(desk, read, texts)
