"""New versions of an article: find the version the desk knew and carry its tags across."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.store import Desk, ReanchorReport

__all__ = ["carry_tags_forward", "same_location"]


def same_location(a: str | None, b: str | None) -> bool:
    """True when two stored paths (or URLs) name the same place."""
    if not a or not b:
        return False
    if "://" in a or "://" in b:
        return a.rstrip("/") == b.rstrip("/")
    return os.path.realpath(a) == os.path.realpath(b)


def carry_tags_forward(desk: Desk, article: Article) -> list[ReanchorReport]:
    """Move the tags of earlier versions of `article` (same path, other text) onto it.

    Returns one report per earlier version that had tags; exact and moved tags now point at
    `article`, the others are orphans the analyst can re-attach or discard.
    """
    reports: list[ReanchorReport] = []
    for info in desk.articles():
        old_id = info.get("id")
        if not old_id or old_id == article.id or not same_location(info.get("path"), article.path):
            continue
        if not any(tag.article_id == old_id for tag in desk.tags()):
            continue
        reports.append(desk.reanchor_article(old_id, article))
    return reports
