"""Fetching a web page to import: http and https only, certificates checked, bounded in time
and size, and never through a proxy the environment names."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

__all__ = [
    "FETCH_TIMEOUT",
    "MAX_PAGE_BYTES",
    "MAX_REDIRECTS",
    "FetchError",
    "FetchedPage",
    "fetch_page",
    "is_url",
]

FETCH_TIMEOUT = 20.0
"""Seconds a fetch may take, all redirects and the whole body included."""

MAX_PAGE_BYTES = 10 * 1024 * 1024
"""The largest page newsdesk fetches (10 MB); a bigger one is refused, never cut short."""

MAX_REDIRECTS = 5
"""Redirects followed before a fetch gives up."""

_SCHEMES = ("http", "https")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


class FetchError(Exception):
    """A page could not be fetched; the message says why in one line (the URL is not in it)."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A page as fetched."""

    url: str
    """The address asked for."""

    final_url: str
    """The address the page came from, after redirects."""

    content_type: str
    """The media type the server gave ("text/html"), without parameters."""

    data: bytes
    """The body, whole."""

    fetched_at: str
    """When it was fetched, ISO 8601 in UTC."""

    @property
    def is_html(self) -> bool:
        """Whether the page is HTML (else plain text)."""
        return self.content_type in _HTML_TYPES


def is_url(text: str) -> bool:
    """Whether `text` is an address to fetch rather than a file path (any scheme://)."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme.replace("+", "").isalnum()


def _checked(url: str, base: str | None = None) -> str:
    """`url` (resolved against `base`, for a redirect) if it is an http or https address
    naming a host; FetchError otherwise, a malformed one included ("http://[::1", a port
    past 65535), since addresses come from the command line and from servers."""
    try:
        if base is not None:
            url = urljoin(base, url)
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # each raises ValueError when malformed
    except ValueError as exc:
        raise FetchError(f"not a valid address ({_short(exc)})") from None
    if parts.scheme.lower() not in _SCHEMES:
        raise FetchError(f"only http and https addresses can be imported, not {parts.scheme}:")
    if not host:
        raise FetchError("the address names no host")
    return url


def fetch_page(
    url: str,
    *,
    timeout: float = FETCH_TIMEOUT,
    max_bytes: int = MAX_PAGE_BYTES,
    max_redirects: int = MAX_REDIRECTS,
) -> FetchedPage:
    """Fetch `url`: an HTML or plain-text page answered 200, within `timeout` seconds (the
    whole fetch) and `max_bytes`. Redirects are followed, each checked as http or https.

    Certificates are checked against certifi's roots and a failure is an error, never a reason
    to try again without them. Proxies named in the environment are not used: the page comes
    straight from its server. Raises FetchError saying why.
    """
    import certifi
    import urllib3

    deadline = time.monotonic() + timeout
    pool = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=certifi.where(), retries=False)
    current = _checked(url)
    try:
        for _ in range(max_redirects + 1):
            left = deadline - time.monotonic()
            if left <= 0:
                raise FetchError(f"no answer within {timeout:g} seconds")
            try:
                response = pool.request(
                    "GET",
                    current,
                    redirect=False,
                    preload_content=False,
                    timeout=urllib3.Timeout(connect=left, read=left),
                    headers={"User-Agent": "newsdesk", "Accept": "text/html, text/plain;q=0.8"},
                )
            except urllib3.exceptions.HTTPError as exc:
                raise FetchError(_why(exc, timeout)) from None
            try:
                if response.status in (301, 302, 303, 307, 308):
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"the server redirected ({response.status}) to nowhere")
                    current = _checked(location, base=current)
                    continue
                return _page(url, current, response, deadline, timeout, max_bytes)
            finally:
                response.release_conn()
        raise FetchError(f"more than {max_redirects} redirects")
    finally:
        pool.clear()


def _page(
    url: str, final: str, response: object, deadline: float, timeout: float, max_bytes: int
) -> FetchedPage:
    import urllib3

    assert isinstance(response, urllib3.BaseHTTPResponse)
    if response.status != 200:
        try:
            reason = HTTPStatus(response.status).phrase
        except ValueError:
            reason = "unknown status"
        raise FetchError(f"the server answered {response.status} {reason}")
    content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES + _TEXT_TYPES:
        shown = content_type or "none given"
        raise FetchError(f"not a web page or text (content type {shown})")
    declared = response.headers.get("Content-Length", "")
    limit = f"the page is larger than {max_bytes / 2**20:g} MB, newsdesk's limit"
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(limit)
    body = bytearray()
    try:
        # read1: what has arrived, not a full buffer, so a trickling server meets the deadline.
        while chunk := response.read1(65536):
            body += chunk
            if len(body) > max_bytes:
                raise FetchError(limit)
            if time.monotonic() > deadline:
                raise FetchError(f"the page took longer than {timeout:g} seconds to arrive")
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(_why(exc, timeout)) from None
    at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return FetchedPage(url, final, content_type, bytes(body), at)


def _why(exc: Exception, timeout: float) -> str:
    """A urllib3 failure in words."""
    import urllib3

    reason = getattr(exc, "reason", None) or exc
    # Before timeouts: urllib3 files a refused connection under ConnectTimeoutError too.
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        return "the host name could not be found"
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return "cannot connect to the server"
    if isinstance(reason, urllib3.exceptions.TimeoutError | TimeoutError):
        return f"no answer within {timeout:g} seconds"
    if isinstance(reason, urllib3.exceptions.SSLError):
        return f"the secure connection failed, so nothing was fetched ({_short(reason)})"
    if isinstance(reason, urllib3.exceptions.ProtocolError):
        return f"the connection broke off ({_short(reason)})"
    return f"the page could not be fetched ({_short(reason)})"


def _short(exc: object) -> str:
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text:
        return "certificate verify failed"
    return text.split(": ", 1)[-1][:120]
