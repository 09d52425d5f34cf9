"""The articles and claims the store's tests share, and what they read or break on disk."""

from __future__ import annotations

import errno
import json
from pathlib import Path

from annotations.articles import Article
from annotations.claims import Claim

ARTICLE = Article(
    id="a" * 16,
    text="Up to 80 people died in Mogadishu. More than 60 were hurt on Saturday.",
    title="Blast in Mogadishu",
    date="14 October 2017",
    path="/news/blast.txt",
    source="Wire",
)
FIRST = Claim(ARTICLE.id, 0, 34, ARTICLE.text[0:34])
SECOND = Claim(ARTICLE.id, 35, 70, ARTICLE.text[35:70])

OTHER = Article(
    id="b" * 16,
    text="Officials said 85 people were killed. Dozens were injured in the blast.",
    title="Mogadishu toll rises",
    path="/news/toll.txt",
)
OTHER_FIRST = Claim(OTHER.id, 0, 37, OTHER.text[0:37])
OTHER_SECOND = Claim(OTHER.id, 38, 71, OTHER.text[38:71])


def on_disk(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    """The desk file's tables, as TinyDB reads them."""
    data: dict[str, dict[str, dict[str, object]]] = json.loads(path.read_text("utf-8"))
    return data


def broken_sync(fd: int) -> None:
    """In place of os.fsync and os.fdatasync: the disk fails every flush."""
    raise OSError(errno.EIO, "Input/output error")
