"""Importing a web page from its address: fetched, then read as a saved page would be."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from annotations.articles import ArticleError, article_from_text, decode_text
from annotations.importers import (
    ImportedArticle,
    ImportProblem,
    ImportResult,
    article_from_html,
)
from annotations.web_fetch import FETCH_TIMEOUT, FetchError, fetch_page, is_url

__all__ = ["import_url", "is_url"]


def import_url(url: str, *, timeout: float = FETCH_TIMEOUT) -> ImportResult:
    """Fetch a web page and import it as a saved one would be (`annotations.web_fetch`): its
    path is the address asked for (importing it again makes a new version), its url the one
    the page came from. Problems are reported in the result, never raised."""
    try:
        page = fetch_page(url, timeout=timeout)
        if page.is_html:
            item = article_from_html(page.data, path=url, url=page.final_url)
        else:
            text, warnings = decode_text(Path("page.txt"), page.data, strict=True)
            item = ImportedArticle(article_from_text(text, path=url, warnings=warnings))
    except (FetchError, ArticleError) as exc:
        message = str(exc).removeprefix(f"{url}: ").removeprefix("page.txt: ")
        return ImportResult(problems=[ImportProblem(url, message)], files=1)
    return ImportResult(imported=[replace(item, fetched_at=page.fetched_at)], files=1)
