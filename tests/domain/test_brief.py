"""The brief: what it holds for the seeds, and hostile text escaped in HTML and Markdown."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from annotations.analysts import shown_analyst
from annotations.articles import load_article
from annotations.brief import Brief, build_brief
from annotations.brief_html import CONTENT_SECURITY_POLICY, brief_html
from annotations.brief_markdown import brief_markdown, markdown_text
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.safe_text import printable
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths

SCRIPT_NOTE = "<script>document.title='pwned'</script>"
IMG_NOTE = "<img src=x onerror=\"document.title='pwned'\">"
HOSTILE_NOTE = f"{SCRIPT_NOTE}\n{IMG_NOTE}\n# not a heading\n[link](http://example.org) *x*"
HOSTILE_ANALYST = "</style><script>alert(1)</script>\"'&amp;\x1b[2J"


def seeds_desk(db: Path) -> None:
    """The seeds with a confirmed claim carrying a hostile note, a disputed one linked to it,
    and a hostile analyst: what `newsdesk report` is tried on."""
    claims = []
    with Desk.open(db) as desk:
        for path in seed_paths():
            article = load_article(path)
            desk.remember_article(article)
            claims.append(find_claims(article.id, article.text, detect(article.text)))
        desk.set_status(claims[0][2], ClaimStatus.CONFIRMED, "checker")
        desk.set_note(claims[0][2], HOSTILE_NOTE, HOSTILE_ANALYST)
        desk.set_status(claims[1][1], ClaimStatus.DISPUTED, "reviewer")
        desk.link_claims(claims[1][1], claims[0][2], "contradicts", "reviewer")


def _brief(tmp_path: Path) -> Brief:
    seeds_desk(tmp_path / "desk.json")
    with Desk.open(tmp_path / "desk.json", lock=False) as desk:
        return build_brief(desk)


def test_the_brief_of_the_seeds(tmp_path: Path) -> None:
    brief = _brief(tmp_path)
    assert [a.title for a in brief.articles][0] == (
        "Russian Federation strikes kill 120 Daesh militants"
    )
    assert all(a.readable for a in brief.articles) and brief.articles[0].date == "08 October 2017"
    counts = {row.counts: row for row in brief.figures}
    fighters = counts["militants/fighters"]
    assert fighters.status == "agree" and len(fighters.cells) == 2
    assert any(f.text == "Some 120" and f.range == "≈106–134" for f in fighters.cells[1][1])
    assert all(row.status in ("agree", "clash") for row in brief.figures)
    confirmed, disputed = (
        next(c for c in brief.claims if c.status == s) for s in ("confirmed", "disputed")
    )
    assert confirmed.note == HOSTILE_NOTE and confirmed.analysts == (
        "checker",
        shown_analyst(HOSTILE_ANALYST),
    )
    assert [(link.relation, link.quote) for link in disputed.links] == [
        ("contradicts", confirmed.quote)
    ]
    shared = {e.name: e for e in brief.entities}
    assert len(shared["Mayadeen"].articles) == 2 and "al-Mayadin" in shared["Mayadeen"].spellings
    assert all(len(e.articles) > 1 for e in brief.entities)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
            self._in_style = False


def test_the_html_page_runs_nothing_and_loads_nothing(tmp_path: Path) -> None:
    page = brief_html(_brief(tmp_path), generated="2026-12-02T10:00:00Z")
    parser = _Tags()
    parser.feed(page)
    names = {tag for tag, _ in parser.tags}
    assert names <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table", "tr", "th",
        "td", "div", "ul", "li", "b", "i", "span",
    }, names  # fmt: skip
    for _, attrs in parser.tags:
        assert not {"src", "href", "action", "srcdoc"} & attrs.keys()
        assert not any(name.startswith("on") for name in attrs)
    csp = [a["content"] for t, a in parser.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == [CONTENT_SECURITY_POLICY] and "default-src 'none'" in CONTENT_SECURITY_POLICY
    # The one style sheet is the one the policy names by its hash.
    (style,) = parser.styles
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in CONTENT_SECURITY_POLICY
    # Notes and names show as text, escaped; the terminal escape as its stand-in.
    assert html.escape(SCRIPT_NOTE, quote=True) in page and SCRIPT_NOTE not in page
    assert html.escape(IMG_NOTE, quote=True) in page
    assert "\x1b" not in page and html.escape(shown_analyst(HOSTILE_ANALYST), quote=True) in page


def _rendered_text(markdown: str) -> str:
    """What a CommonMark reader shows of inline Markdown: tags dropped, entities read."""
    rendered = MarkdownIt("commonmark", {"html": True}).renderInline(markdown)
    assert "<" not in re.sub(r"<br />\n?", "", rendered), rendered
    return html.unescape(re.sub(r"<br />\n?", "\n", rendered))


@given(st.text())
def test_markdown_text_reads_back_as_the_text_itself(text: str) -> None:
    shown = "\n".join(line.strip() for line in printable(text).split("\n"))
    assert _rendered_text(markdown_text(text)) == shown


def test_the_markdown_brief_lets_no_html_or_markup_through(tmp_path: Path) -> None:
    document = brief_markdown(_brief(tmp_path), generated="2026-12-02T10:00:00Z")
    rendered = MarkdownIt("commonmark", {"html": True}).render(document)
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    assert "<h1>Brief</h1>" in rendered and "not a heading" in rendered
    assert "<h1>not a heading" not in rendered and "\x1b" not in document
    assert html.escape(SCRIPT_NOTE, quote=False) in rendered
