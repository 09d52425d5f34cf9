"""Articles: loading files into normalised text with a title, a date and a stable identity."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Article", "ArticleError"]


class ArticleError(Exception):
    """An article could not be loaded; the message names the file and says why."""


@dataclass(frozen=True, slots=True)
class Article:
    """One report, its text normalised once at load so that every offset stays true."""

    id: str
    """Hash of the normalised text: the same article opened from another path has the same id."""

    text: str
    """The normalised text (newlines are "\\n"); every offset in newsdesk indexes this string."""

    title: str
    """The headline, inferred from the text, else its first words, else the file name."""

    date: str | None = None
    """The publication date as the text writes it ("08 October 2017"), if one was found."""

    path: str | None = None
    """Where the article was read from (a file path or a URL), if anywhere."""

    source: str | None = None
    """The outlet or site the article comes from, if known."""

    warnings: tuple[str, ...] = field(default=())
    """Problems met while loading that did not stop it (e.g. invalid UTF-8 replaced)."""
