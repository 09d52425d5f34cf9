"""Importing web pages by address, from a local server on 127.0.0.1 only: a good page, a
redirect, a 404, a slow server, a huge page, a page that is not HTML."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from annotations.library import Library
from annotations.web_fetch import FetchError, fetch_page, is_url
from annotations.web_import import import_url
from seeds import seed_paths
from tui.cli import main

SEED = sorted(seed_paths())[0].read_text(encoding="utf-8")
TITLE = "Russian Federation strikes kill 120 Daesh militants"
# The story's paragraphs, without the saved page's date line and breadcrumbs.
BODY = "".join(f"<p>{para}</p>\n" for para in SEED.split("\n\n")[3:] if para.strip())
PAGE = (
    f"<html><head><title>{TITLE}</title><meta property='og:site_name' content='Sputnik'>"
    f"</head><body><nav>Home | World | Sport</nav><article><h1>{TITLE}</h1>{BODY}</article>"
    "<footer>Cookies help us deliver our services</footer></body></html>"
).encode()


def _send(handler: BaseHTTPRequestHandler, status: int, kind: str, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _redirect(to: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def go(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", to)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return go


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    _send(handler, 200, "text/html", PAGE)


def _trickle(handler: BaseHTTPRequestHandler) -> None:
    # Headers at once, then a byte now and then: each read is quick, the whole is not.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(40):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.1)


def _huge_declared(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(11 * 2**20))
    handler.end_headers()


def _huge_streamed(handler: BaseHTTPRequestHandler) -> None:
    # No length given: the limit has to be kept while reading.
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    for _ in range(40):
        handler.wfile.write(chunk)


ROUTES: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {
    "/good": lambda h: _send(h, 200, "text/html; charset=utf-8", PAGE),
    "/text": lambda h: _send(h, 200, "text/plain; charset=utf-8", SEED.encode()),
    "/missing": lambda h: _send(h, 404, "text/html", b"<p>not here</p>"),
    "/broken": lambda h: _send(h, 500, "text/html", b"<p>oops</p>"),
    "/moved": _redirect("/good"),
    "/loop": _redirect("/loop"),
    "/to-file": _redirect("file:///etc/passwd"),
    "/to-broken": _redirect("http://[::1/x"),
    "/to-bad-port": _redirect("http://127.0.0.1:99999/x"),
    "/slow": _slow,
    "/trickle": _trickle,
    "/huge": _huge_declared,
    "/huge-streamed": _huge_streamed,
    "/image": lambda h: _send(h, 200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    "/impostor": lambda h: _send(
        h,
        200,
        "text/html; charset=utf-8",
        PAGE.replace(b"<head>", b'<head><link rel="canonical" href="https://news.example.org/a">'),
    ),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        route = ROUTES.get(self.path)
        if route is None:
            _send(self, 404, "text/plain", b"no route")
        else:
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A web server on 127.0.0.1; every proxy variable points at a port nothing listens on,
    so a fetch that went through a proxy would fail."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:9")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_good_page_is_imported_with_its_address_and_fetch_time(site: str) -> None:
    result = import_url(f"{site}/good")
    assert not result.problems
    (item,) = result.imported
    assert item.article.title == TITLE
    assert "60 of them were foreign fighters" in item.article.text
    assert "Cookies" not in item.article.text
    assert "Home | World" not in item.article.text
    assert item.article.path == f"{site}/good" and item.url is not None
    assert item.fetched_at is not None and item.fetched_at.endswith("Z")


def test_a_redirect_is_followed_and_the_page_keeps_both_addresses(site: str) -> None:
    page = fetch_page(f"{site}/moved")
    assert (page.url, page.final_url) == (f"{site}/moved", f"{site}/good")
    (item,) = import_url(f"{site}/moved").imported
    assert item.article.path == f"{site}/moved"
    assert item.article.title == TITLE


def test_plain_text_is_read_as_a_text_file(site: str) -> None:
    (item,) = import_url(f"{site}/text").imported
    assert item.article.text.startswith("Tuesday, 17 July 2018")
    assert "60 of them were foreign fighters" in item.article.text


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/broken", "the server answered 500 Internal Server Error"),
        ("/loop", "more than 5 redirects"),
        ("/to-file", "only http and https addresses can be imported, not file:"),
        ("/to-broken", "not a valid address (Invalid IPv6 URL)"),
        ("/to-bad-port", "not a valid address (Port out of range 0-65535)"),
        ("/huge", "the page is larger than 10 MB, newsdesk's limit"),
        ("/image", "not a web page or text (content type image/png)"),
    ],
)
def test_a_page_that_cannot_be_imported_says_why(site: str, path: str, why: str) -> None:
    result = import_url(f"{site}{path}")
    assert not result.imported
    (problem,) = result.problems
    assert problem.path == f"{site}{path}" and problem.message == why


def test_a_page_bigger_than_the_limit_is_refused_while_reading(site: str) -> None:
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch_page(f"{site}/huge-streamed", max_bytes=2**20)


@pytest.mark.parametrize("path", ["/slow", "/trickle"])
def test_a_slow_server_is_given_up_on_in_time(site: str, path: str) -> None:
    began = time.monotonic()
    with pytest.raises(FetchError, match="1 seconds"):
        fetch_page(f"{site}{path}", timeout=1)
    assert time.monotonic() - began < 2.5


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("ftp://127.0.0.1/x", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http:///nohost", "names no host"),
        ("http://[::1", "not a valid address"),
        ("https://127.0.0.1:99999/", "not a valid address"),
        ("http://host:port/", "not a valid address"),
        ("http://127.0.0.1:9/", "cannot connect to the server"),
    ],
)
def test_other_addresses_are_refused(address: str, why: str) -> None:
    assert is_url(address)
    with pytest.raises(FetchError, match=why):
        fetch_page(address, timeout=2)


def test_a_certificate_that_cannot_be_checked_is_an_error_not_a_retry(tmp_path: Path) -> None:
    # A self-signed certificate on 127.0.0.1: the fetch fails, and newsdesk does not try
    # again without checking (no insecure fallback), so the page never arrives.
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    served: list[str] = []
    ROUTES["/secret"] = lambda h: (served.append(h.path), _send(h, 200, "text/html", PAGE))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/secret"
        with pytest.raises(FetchError, match="certificate verify failed"):
            fetch_page(url, timeout=5)
        assert served == []
    finally:
        del ROUTES["/secret"]
        server.shutdown()
        server.server_close()


def test_import_command_with_addresses(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.json"
    assert main(["import", "--db", str(db), f"{site}/good", f"{site}/missing"]) == 0
    captured = capsys.readouterr()
    assert "imported 1 new article(s)" in captured.out
    (line,) = [row for row in captured.err.splitlines() if "problem" in row]
    assert line == f"  problem: {site}/missing: the server answered 404 Not Found"
    (entry,) = Library(db).entries()
    assert (entry.title, entry.path) == (TITLE, f"{site}/good")
    assert entry.source and entry.imported_at.endswith("Z")
    assert main(["import", "--db", str(db), "--timeout", "1", f"{site}/slow"]) == 2
    err = capsys.readouterr().err
    assert "no answer within 1 seconds" in err and "Traceback" not in err
    assert len(Library(db).entries()) == 1
    # A malformed address is a problem named in one line, never an internal error.
    assert main(["import", "--db", str(db), "http://[::1", "http://h:99999/\x1b]0;x\x07"]) == 2
    err = capsys.readouterr().err
    assert "http://[::1: not a valid address" in err and "internal error" not in err
    assert "\x1b" not in err and "\x07" not in err


def test_a_fetched_page_cannot_claim_another_sites_article(
    site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page's canonical link is the page's word: one fetched from another site that names
    an article already in the library must not become that article's next version."""
    db = tmp_path / "desk.json"
    records = tmp_path / "wire.json"
    story = "Some 120 fighters were killed near Mayadeen on Sunday."
    records.write_text(f'[{{"text": "{story}", "url": "https://news.example.org/a"}}]')
    assert main(["import", "--db", str(db), str(records)]) == 0
    assert main(["import", "--db", str(db), f"{site}/impostor"]) == 0
    assert "1 new article(s), 0 new version(s)" in capsys.readouterr().out.splitlines()[-1]
    entries = Library(db).entries()
    assert len(entries) == 2 and all(entry.replaces is None for entry in entries)
    found = Library(db).find_by_location("https://news.example.org/a")
    assert found is not None and Library(db).get(found.id).text.strip() == story
