"""Web pages: the main text and metadata of a saved page, and the visible text of HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

__all__ = [
    "WebPage",
    "html_to_text",
    "looks_like_html",
    "page_source",
    "read_page",
    "site_of",
    "web_address",
]


@dataclass(frozen=True, slots=True)
class WebPage:
    """What a web page says about its article."""

    text: str
    """The main text, one blank line between paragraphs (menus, scripts, banners left out)."""

    title: str | None
    """The headline, if the page names one."""

    date: str | None
    """The publication date, if the page gives one."""

    source: str | None
    """The outlet's name, else the site of the page's URL."""

    url: str | None
    """The page's own address (canonical URL, og:url), else the one it was read from."""

    author: str | None
    """The byline, if the page names one."""


def read_page(html: str | bytes, *, url: str | None = None) -> WebPage | None:
    """The article in a web page, or None if the page holds no article text."""
    # trafilatura takes a fifth of a second to import: only pay for it when HTML is read.
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_images=False
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        # trafilatura gives up on some pages that do hold text (lxml refuses an attribute of
        # tens of megabytes, an inline image say): read the visible text without it.
        markup = html if isinstance(html, str) else html.decode("utf-8", "replace")
        text = html_to_text(markup)
    if not text or not text.strip():
        return None
    page_url = _own_address(getattr(document, "url", None), url)
    return WebPage(
        text=_paragraphs(text),
        title=getattr(document, "title", None),
        date=getattr(document, "date", None),
        source=page_source(getattr(document, "sitename", None), page_url),
        url=page_url,
        author=getattr(document, "author", None),
    )


def _own_address(claimed: object, read_from: str | None) -> str | None:
    """Where the page lives: its canonical or og:url, else the address it was read from.

    The page's claim is untrusted: only a web address is kept, so a canonical link of
    "/home/…" or "file:…" never names a local file as the article; and a page fetched from
    one site cannot claim to be another site's article (the library would take it for that
    article's next version and move its tags onto it).
    """
    own, fetched = web_address(claimed), web_address(read_from)
    if own and fetched and site_of(own) != site_of(fetched):
        return fetched
    return own or fetched


def web_address(value: object) -> str | None:
    """`value` if it is an absolute http or https address with a host, else None.

    Page metadata and JSON records name the article's URL; the library uses it to tell which
    article a new import is a version of, so anything else (a local path, `file:`,
    `javascript:`, a relative link, text with spaces or control characters) is not one.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return text


def site_of(url: str | None) -> str | None:
    """The site of a URL: its host in lower case without "www." ("bbc.co.uk"); None if none."""
    if not url:
        return None
    text = url.strip()
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def page_source(outlet: str | None, url: str | None) -> str | None:
    """The outlet's name, else the site of the URL."""
    if outlet and outlet.strip():
        name = " ".join(outlet.split())
        # Some pages give their bare host as the site name; show it as a site.
        if " " not in name and "." in name:
            return site_of(name) or name
        return name
    return site_of(url)


# The visible text of HTML -------------------------------------------------------------------

_HTML_TAG = re.compile(
    r"<\s*(?:p|br|div|span|a|b|i|em|strong|h[1-6]|ul|ol|li|blockquote|article|section|html|"
    r"body|figure|figcaption|table|tr|td|img|script|style)\b[^>]*>",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote article section header footer "
    "figure figcaption table tr pre hr dd dt".split()
)
_SKIPPED_TAGS = frozenset("script style noscript template svg head iframe".split())


def looks_like_html(text: str) -> bool:
    """Whether a text field holds HTML markup rather than plain text."""
    head = text[:20000]
    # A lone "<b>" in prose ("x <b> y") is not markup; a tag that is closed, or a <br>, is.
    return _HTML_TAG.search(head) is not None and ("</" in head or "<br" in head.lower())


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML fragment, one paragraph per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def _close_paragraph(self) -> None:
        paragraph = " ".join("".join(self._current).split())
        if paragraph:
            self.paragraphs.append(paragraph)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self._close_paragraph()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._close_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._close_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML fragment (a JSON body field): scripts and styles dropped,
    one paragraph per block element, paragraphs separated by blank lines."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    parser._close_paragraph()
    return "\n\n".join(parser.paragraphs)


def _paragraphs(text: str) -> str:
    """Extracted text with one blank line between paragraphs, as newsdesk's own files have."""
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
