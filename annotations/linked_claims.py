"""The links of every tag, with the tag at the other end, for the exports that type them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.store import Desk
    from annotations.tags import Link, Tag

__all__ = ["links_by_tag"]


def links_by_tag(desk: Desk) -> dict[str, list[tuple[Link, Tag]]]:
    """Each linked tag's links in the order made, each with the tag at its other end.

    The same links, in the same order, as the CSV's "links" cell names.
    """
    links = desk.links()
    if not links:
        return {}
    # Only the tags at the links' ends: building every tag of a big desk costs seconds.
    ends = {end for link in links for end in (link.tag_a, link.tag_b)}
    tags = {tag_id: tag for tag_id in ends if (tag := desk.tag_by_id(tag_id)) is not None}
    found: dict[str, list[tuple[Link, Tag]]] = {}
    for link in links:
        for end in (link.tag_a, link.tag_b):
            other = tags.get(link.other(end))
            if other is not None:  # an end removed by an older newsdesk that did not know links
                found.setdefault(end, []).append((link, other))
    return found
