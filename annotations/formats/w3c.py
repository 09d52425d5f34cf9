"""W3C Web Annotation export: the desk's tags as one AnnotationCollection in JSON-LD.

Each tag is an `Annotation` on its article (`urn:newsdesk:article:<id>`), placed by a
TextQuoteSelector and a TextPositionSelector; its body holds the verdict (purpose "tagging"),
the note ("commenting") and the links ("linking", to the other claim's annotation). What the
model has no term for (the anchor, the first quote, the history, a link's relation) sits
under `newsdesk:` keys, which JSON-LD reads as absolute IRIs and other readers pass over.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from annotations.linked_claims import links_by_tag
from annotations.safe_text import escape_json

if TYPE_CHECKING:
    from annotations.store import Desk
    from annotations.tags import Link, Tag

__all__ = [
    "ARTICLE_IRI",
    "CLAIM_IRI",
    "CONTEXT",
    "LINK_IRI",
    "annotation_collection",
    "export_w3c",
]

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The Web Annotation JSON-LD context every annotation document names."""

CLAIM_IRI = "urn:newsdesk:claim:"
"""Prefix of an annotation's id: the tag's id follows."""

ARTICLE_IRI = "urn:newsdesk:article:"
"""Prefix of a target's source: the article's id (the hash of its text) follows."""

LINK_IRI = "urn:newsdesk:link:"
"""Prefix of a link body's id: the link's id follows."""

ARTICLE_FIELDS: Mapping[str, str] = {
    "title": "dcterms:title",
    "date": "dcterms:date",
    "source": "dcterms:publisher",
    "path": "dcterms:source",
}
"""The article details the desk keeps, and the Dublin Core term each is written as."""


def _person(name: str) -> dict[str, str]:
    return {"type": "Person", "name": name}


def _link_body(link: Link, other: Tag) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": LINK_IRI + link.id,
        "type": "SpecificResource",
        "purpose": "linking",
        "source": CLAIM_IRI + other.id,
        "newsdesk:relation": link.relation,
    }
    if link.created_at:
        body["created"] = link.created_at
    if link.analyst:
        body["creator"] = _person(link.analyst)
    return body


def _article(article_id: str, info: Mapping[str, Any] | None, path: str | None) -> dict[str, Any]:
    """The target's source: the article, with the file `path` the claim was tagged in."""
    source: dict[str, Any] = {"id": ARTICLE_IRI + article_id, "type": "Text"}
    if info is not None:
        source["format"] = "text/plain"
        for field, term in ARTICLE_FIELDS.items():
            source[term] = info.get(field) or ""
        if path:
            source[ARTICLE_FIELDS["path"]] = path
    return source


def _annotation(
    tag: Tag, info: Mapping[str, Any] | None, links: list[tuple[Link, Tag]]
) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if tag.status is not None:
        body.append({"type": "TextualBody", "purpose": "tagging", "value": tag.status.value})
    if tag.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": tag.note,
                "format": "text/plain",
            }
        )
    body.extend(_link_body(link, other) for link, other in links)
    # A claim cleared over another analyst's verdict is kept for those assessments.
    assessed = tag.status is not None or (not tag.note and tag.names_others)
    motivation = "assessing" if assessed else "commenting" if tag.note else "linking"
    annotation: dict[str, Any] = {
        "id": CLAIM_IRI + tag.id,
        "type": "Annotation",
        "motivation": motivation,
    }
    created = tag.history[0].at if tag.history else tag.updated_at
    if created:  # a tag saved by a newsdesk that kept no time has none
        annotation["created"] = created
    if tag.updated_at:
        annotation["modified"] = tag.updated_at
    if tag.analyst:
        annotation["creator"] = _person(tag.analyst)
    annotation["body"] = body
    annotation["target"] = {
        "type": "SpecificResource",
        "source": _article(tag.article_id, info, tag.path),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": tag.quote,
                "prefix": tag.prefix,
                "suffix": tag.suffix,
            },
            {"type": "TextPositionSelector", "start": tag.start, "end": tag.end},
        ],
    }
    annotation["newsdesk:anchor"] = tag.anchor
    if tag.old_quote is not None:
        annotation["newsdesk:oldQuote"] = tag.old_quote
    annotation["newsdesk:history"] = [change._asdict() for change in tag.history]
    return annotation


def _tags_to_export(desk: Desk, statuses: Collection[str] | None) -> list[Tag]:
    """The exported tags in the CSV's order, then the tags kept only for a link with one of
    them (so the link can be read back), by article and place."""
    from annotations.export import rows_for_desk

    tags = []
    for row in rows_for_desk(desk, statuses=statuses):
        tag = desk.tag_by_id(row.claim_id)
        if tag is not None:
            tags.append(tag)
    chosen = {tag.id for tag in tags}
    kept_for_links = {
        end: desk.tag_by_id(end)
        for link in desk.links()
        for end in (link.tag_a, link.tag_b)
        if link.other(end) in chosen and end not in chosen
    }
    extra = [tag for tag in kept_for_links.values() if tag is not None]
    # By article id, not by the order the desk first remembered its articles: a copy read
    # back from this file remembers them in the order they appear here, and must export the
    # same file again.
    extra.sort(key=lambda t: (t.article_id, t.start, t.end))
    return tags + extra


def annotation_collection(
    desk: Desk, *, statuses: Collection[str] | None = None, label: str = "newsdesk claims"
) -> dict[str, Any]:
    """The desk's tags (those `statuses` chooses, as the CSV export does) as a W3C
    AnnotationCollection with its one page embedded."""
    tags = _tags_to_export(desk, statuses)
    exported = {tag.id for tag in tags}
    links = {
        tag_id: [(link, other) for link, other in found if other.id in exported]
        for tag_id, found in links_by_tag(desk).items()
    }
    infos = {info["id"]: info for info in desk.articles()}
    items = [_annotation(tag, infos.get(tag.article_id), links.get(tag.id, [])) for tag in tags]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": "urn:newsdesk:collection",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
    }
    if items:  # a page has one or more items; an empty collection has no first page
        collection["first"] = {
            "id": "urn:newsdesk:collection:page:1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    return collection


def export_w3c(
    desk: Desk, out: TextIO, *, statuses: Collection[str] | None = None, for_terminal: bool
) -> int:
    """Write the collection as indented JSON-LD (on a terminal with control and bidi
    characters as `\\uXXXX` escapes); return how many annotations it holds."""
    collection = annotation_collection(desk, statuses=statuses)
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    out.write((escape_json(text) if for_terminal else text) + "\n")
    total: int = collection["total"]
    return total
