"""Tests for importing HTML pages, JSON, JSON Lines and folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import load_article
from annotations.importers import (
    FIELD_NAMES,
    article_from_html,
    html_to_text,
    import_file,
    import_path,
    looks_like_html,
    site_of,
)
from annotations.web_pages import web_address

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
PAGE = FIXTURES / "strikes.html"
# Marker words planted in the page's scripts, styles, menus, banners and footers.
FURNITURE = (
    "SCRIPT-TEXT-MUST-NOT-APPEAR",
    "INLINE-SCRIPT-TEXT",
    "COOKIE-BANNER-TEXT",
    "MENU-ITEM-TEXT",
    "SIDEBAR-LINK-TEXT",
    "FOOTER-TEXT",
    "font-family",
)


def test_html_page_gives_main_text_and_metadata() -> None:
    result = import_path(PAGE)
    assert result.problems == [] and result.files == 1
    [item] = result.imported
    article = item.article
    assert "killed 120 ISIS fighters and that 60 of them" in article.text
    assert "Abu Kamal." in article.text
    for marker in FURNITURE:
        assert marker not in article.text
    assert article.title == "Russian strikes kill 120 Daesh militants"
    assert article.date == "2017-10-08"
    assert article.source == "Example Herald"
    assert article.path == str(PAGE)
    assert item.url == "https://www.exampleherald.com/world/russian-strikes-kill-120"
    assert item.author == "Jane Reporter"
    # Paragraphs are separated by blank lines, like the plain-text articles.
    assert "\n\nIt said that its strikes" in article.text


def test_html_without_site_name_falls_back_to_the_site_of_its_url() -> None:
    html = PAGE.read_text(encoding="utf-8").replace(
        '<meta property="og:site_name" content="Example Herald">', ""
    )
    item = article_from_html(html, path="saved.html")
    assert item.article.source == "exampleherald.com"


def test_html_with_no_article_text_is_a_problem(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    result = import_path(empty)
    assert result.imported == []
    [problem] = result.problems
    assert problem.path == str(empty) and "no article text" in problem.message


def test_load_article_reads_html_like_an_import() -> None:
    article = load_article(PAGE)
    assert article == import_file(PAGE).articles[0]
    assert "COOKIE-BANNER-TEXT" not in article.text


def test_json_array_reads_every_common_field_name() -> None:
    result = import_path(FIXTURES / "articles.json")
    assert result.problems == []
    first, second = result.imported
    assert first.article.title == "Some 120 Daesh fighters killed, Moscow says"
    # The body held HTML: entities decoded, the script dropped, paragraphs kept.
    assert first.article.text.startswith("Moscow \u2014 Some 120 Daesh fighters")
    assert "SCRIPT-IN-BODY" not in first.article.text and "<p>" not in first.article.text
    assert "\n\nMayadeen is one of" in first.article.text
    assert first.article.source == "Agencies"
    assert first.article.date == "2017-10-07T18:00:00Z"
    assert first.url == "https://www.example-wire.com/2017/10/07/120-daesh-fighters"
    assert first.article.path == first.url
    assert second.article.title == "Russian strikes kill 120 Daesh militants"
    assert second.article.source == "Example Herald"
    assert second.author == "Jane Reporter, Ali Writer"
    assert second.article.date == "2017-10-08"
    assert second.article.path == f"{FIXTURES / 'articles.json'}#2"


def test_json_lines_bad_lines_are_reported_and_the_rest_imports() -> None:
    file = FIXTURES / "wire.jsonl"
    result = import_path(file)
    assert [a.title for a in result.articles] == [
        "Observatory: regime forces enter Mayadeen",
        "Homs operations end",
    ]
    assert [(p.path, p.line) for p in result.problems] == [
        (str(file), 2),
        (str(file), 4),
        (str(file), 5),
    ]
    assert "not valid JSON" in result.problems[0].message
    assert str(result.problems[0]).startswith(f"{file}, line 2: ")
    assert "not an article object" in result.problems[1].message
    assert "no article text" in result.problems[2].message
    observatory, homs = result.imported
    assert observatory.article.source == "news.example.org"
    assert observatory.article.date == "2017-10-06"
    assert homs.article.source == "Sana" and homs.author == "Staff"
    assert homs.article.path == f"{file}#6"


def test_field_map_reads_other_names_and_nested_fields() -> None:
    file = FIXTURES / "custom.json"
    assert import_path(file).articles == []
    result = import_path(file, field_map={"text": "story_body", "title": "meta.headline"})
    [article] = result.articles
    assert article.title == "Up to 80 fighters killed"
    assert article.text.startswith("Russian air strikes killed up to 80 fighters")
    assert article.path == str(file)
    with pytest.raises(ValueError, match="headline"):
        import_path(file, field_map={"headline": "x"})


def test_accepted_field_names_are_published() -> None:
    assert "maintext" in FIELD_NAMES["text"] and "publishedAt" in FIELD_NAMES["date"]
    assert set(FIELD_NAMES) == {"text", "title", "source", "url", "date", "author"}


def test_invalid_json_file_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[\n  {"text": "fine"},\n  {"text": oops}\n]\n')
    [problem] = import_path(bad).problems
    assert problem.line == 3 and "not valid JSON" in problem.message


def test_invalid_utf8_in_json_lines_is_a_warning(tmp_path: Path) -> None:
    file = tmp_path / "latin.jsonl"
    file.write_bytes(b'{"title": "Caf\xe9", "text": "Prices rose 12 percent."}\n')
    [article] = import_path(file).articles
    assert article.title == "Caf\ufffd"
    assert any("invalid UTF-8" in w for w in article.warnings)


def _unreadable(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """Listing any of `folders` is refused, as for a folder of another user's (the tests may
    run as root, whom permissions do not stop)."""
    real_scandir = os.scandir
    refused = {os.fspath(f) for f in folders}

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) in refused:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_read_is_a_problem_not_a_silence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("Report\n\nShelling killed 5 in Raqqa.\n")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "b.txt").write_text("Secret\n\nShelling killed 6 in Homs.\n")
    _unreadable(monkeypatch, tmp_path / "secret")
    result = import_path(tmp_path)
    assert [a.title for a in result.articles] == ["Report"]
    assert [(p.path, p.message) for p in result.problems] == [
        (str(tmp_path / "secret"), "cannot be read (permission denied)")
    ]
    # The folder itself unreadable: that is the problem, not "holds no file to import".
    _unreadable(monkeypatch, tmp_path)
    [problem] = import_path(tmp_path).problems
    assert (problem.path, problem.message) == (str(tmp_path), "cannot be read (permission denied)")


def test_folder_import_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    shutil.copy(PAGE, tmp_path / "b-page.htm")
    shutil.copy(FIXTURES / "wire.jsonl", tmp_path / "c-wire.ndjson")
    (tmp_path / "a-notes.txt").write_text("Notes on Mayadeen\n\nThe town fell on Friday.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.md").write_text("# Homs\n\nOperations ended in Homs.\n")
    (tmp_path / ".hidden.txt").write_text("Hidden article.\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.txt").write_text("Not an article.\n")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n")
    calls: list[tuple[int, int, str]] = []

    result = import_path(tmp_path, on_progress=lambda d, t, n: calls.append((d, t, n)))

    assert calls == [
        (0, 4, ""),
        (1, 4, "a-notes.txt"),
        (2, 4, "b-page.htm"),
        (3, 4, "c-wire.ndjson"),
        (4, 4, "sub/d.md"),
    ]
    assert result.files == 4
    assert [a.title for a in result.articles] == [
        "Notes on Mayadeen",
        "Russian strikes kill 120 Daesh militants",
        "Observatory: regime forces enter Mayadeen",
        "Homs operations end",
        "Homs",
    ]
    assert {p.line for p in result.problems} == {2, 4, 5}


def test_missing_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    result = import_path(tmp_path / "nowhere")
    assert result.articles == [] and "no such file" in result.problems[0].message


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.bbc.co.uk/news/world-41537339", "bbc.co.uk"),
        ("http://News.Example.ORG:8080/a?b=c", "news.example.org"),
        ("example.com/path", "example.com"),
        ("https://localhost/x", None),
        ("", None),
        (None, None),
    ],
)
def test_site_of(url: str | None, site: str | None) -> None:
    assert site_of(url) == site


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<p>Some 120 fighters.</p>", True),
        ("Line one<br>line two", True),
        ("Fewer than 60 < 80 and 90 > 70.", False),
        ("He wrote <b> and left it open", False),
    ],
)
def test_looks_like_html(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


def test_html_to_text_keeps_paragraphs_and_drops_code() -> None:
    text = html_to_text(
        "<div><p>First &amp; <b>bold</b>\n  words.</p><style>p{}</style>"
        "<script>x()</script><p>Second.</p>Tail<br/>end</div>"
    )
    assert text == "First & bold words.\n\nSecond.\n\nTail\n\nend"


def test_news_api_wrapper_is_read_as_its_list_of_articles() -> None:
    result = import_path(FIXTURES / "newsapi.json")
    assert result.problems == []
    [item] = result.imported
    assert item.article.title == "Syrian army closes in on Mayadeen"
    assert item.article.source == "Example Wire" and item.author == "Wire Staff"
    assert item.article.text.startswith("The Syrian army and allied forces")


def test_a_whole_page_in_a_text_field_is_extracted_like_an_html_file(tmp_path: Path) -> None:
    file = tmp_path / "pages.jsonl"
    record = {"html": PAGE.read_text(encoding="utf-8"), "title": "Strikes: the record's title"}
    file.write_text(json.dumps(record) + "\n" + json.dumps({"html": "<html></html>"}) + "\n")
    result = import_path(file, field_map={"text": "html"})
    [item] = result.imported
    assert item.article.text == import_file(PAGE).articles[0].text
    for marker in FURNITURE:
        assert marker not in item.article.text
    # The record's own fields win; the page fills in the rest.
    assert item.article.title == "Strikes: the record's title"
    assert item.article.source == "Example Herald" and item.author == "Jane Reporter"
    assert (
        item.url
        == item.article.path
        == ("https://www.exampleherald.com/world/russian-strikes-kill-120")
    )
    [problem] = result.problems
    assert (problem.line, problem.message) == (2, "no article text found in the HTML")


def test_trafilatura_is_only_imported_when_html_is_read() -> None:
    # It takes a fifth of a second to import; starting the app must not pay for it.
    code = (
        "import sys, annotations.importers, annotations.library\n"
        "print('trafilatura' in sys.modules)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "False"


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("https://news.example.org/a?b=1", True),
        ("  http://news.example.org/a  ", True),
        ("/etc/passwd", False),
        ("file:///etc/hosts", False),
        ("javascript:alert(1)", False),
        ("mine.txt", False),
        ("//news.example.org/a", False),
        ("http://", False),
        ("http:///a", False),
        ("http://news.example.org/a b", False),
        ("http://news.example.org/\x1b[2J", False),
        ("http://[::1", False),
        (42, False),
    ],
)
def test_only_web_addresses_are_kept_as_an_articles_url(value: object, kept: bool) -> None:
    assert (web_address(value) is not None) is kept


def test_a_page_naming_its_web_address_keeps_it(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    body = "<p>Some 120 fighters were killed near Mayadeen on Sunday, the ministry said.</p>" * 3
    page.write_text(
        '<html><head><link rel="canonical" href="https://news.example.org/a">'
        f"<title>T</title></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    [item] = import_path(page).imported
    assert item.url == "https://news.example.org/a"
