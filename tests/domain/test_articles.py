"""Tests for annotations.articles: loading files safely, and inferring title and date."""

from __future__ import annotations

import codecs
import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import annotations.articles as articles
from annotations.articles import (
    MAX_BYTES,
    READERS,
    Article,
    ArticleError,
    article_from_text,
    load_article,
    normalise_newlines,
)
from seeds import seed_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
STRIKES = SEEDS / "russian-strikes-kill-120-daesh-militants.txt"
FIGHTERS = SEEDS / "some-120-daesh-fighters-killed-moscow.txt"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def sparse(path: Path, size: int) -> Path:
    """A file of `size` zero bytes that costs no disk."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def refusal(path: Path | str) -> str:
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    message = str(caught.value)
    assert str(path) in message, "the message must name the file"
    return message


# Seeds ---------------------------------------------------------------------------------------


def test_seed_with_page_furniture_finds_headline_and_article_date() -> None:
    article = load_article(STRIKES)
    assert article.title == "Russian Federation strikes kill 120 Daesh militants"
    # The date line under the headline, not the page's own "Tuesday, 17 July 2018".
    assert article.date == "08 October 2017"
    assert article.warnings == ()
    assert article.path == str(STRIKES)


def test_seed_without_headline_falls_back_to_first_words() -> None:
    article = load_article(FIGHTERS)
    assert article.title == "Moscow \u2014 Some 120 Daesh (the so-called IS) fighters\u2026"
    assert article.date is None  # "on Saturday" is not a date


def test_seed_text_is_kept_exactly_and_id_is_its_hash() -> None:
    for path in seed_paths():
        raw = path.read_bytes().decode("utf-8")
        article = load_article(path)
        assert article.text == normalise_newlines(raw)
        assert article.id == hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:16]


# Bad input -------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert "no such file" in refusal(tmp_path / "nowhere.txt")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "folder" in refusal(folder)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_by_permissions(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"Some text.")
    path.chmod(0)
    try:
        assert "permission denied" in refusal(path)
    finally:
        path.chmod(0o600)


def test_unreadable_when_open_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "secret.txt", b"Some text.")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(articles, "open", refuse, raising=False)
    assert "permission denied" in refusal(path)


def test_other_read_errors_are_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "flaky.txt", b"Some text.")

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(articles, "open", fail, raising=False)
    assert "input/output error" in refusal(path)


def test_empty_file(tmp_path: Path) -> None:
    assert "empty" in refusal(write(tmp_path, "empty.txt", b""))


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", codecs.BOM_UTF8 + b" \n"])
def test_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    assert "whitespace" in refusal(write(tmp_path, "blank.txt", data))


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "binary" in refusal(write(tmp_path, "picture.txt", data))


def test_random_bytes_without_nul_are_binary(tmp_path: Path) -> None:
    rng = random.Random(1)
    data = bytes(rng.randrange(1, 256) for _ in range(20_000))
    assert "binary" in refusal(write(tmp_path, "noise.txt", data))


def test_control_characters_make_a_file_binary(tmp_path: Path) -> None:
    data = b"ab\x01\x02\x03\x04" * 1000
    assert "binary" in refusal(write(tmp_path, "controls.md", data))


def test_too_large_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sparse(tmp_path / "huge.txt", MAX_BYTES + 1)

    def must_not_open(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file over the limit must be refused before it is read")

    monkeypatch.setattr(articles, "open", must_not_open, raising=False)
    message = refusal(path)
    assert "too large" in message and "64 MB" in message


def _grown_after_stat(monkeypatch: pytest.MonkeyPatch, path: Path, size_at_stat: int) -> None:
    """`stat` of `path` reports `size_at_stat` bytes: the file grew before it was read."""
    real_stat = os.stat

    def stat(target: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        info = real_stat(target, *args, **kwargs)
        if os.fspath(target) != os.fspath(path):
            return info
        return os.stat_result((*info[:6], size_at_stat, *info[7:]))

    monkeypatch.setattr(articles.os, "stat", stat)


def test_a_file_that_grew_after_stat_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Grown report\n\n" + "Shelling hit the market in Mayadeen. " * 400
    path = write(tmp_path, "grown.txt", text.encode())
    _grown_after_stat(monkeypatch, path, 10)
    assert load_article(path).text == text


def test_a_file_that_grew_past_the_limit_after_stat_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sparse(tmp_path / "growing.txt", MAX_BYTES + 10)
    _grown_after_stat(monkeypatch, path, 100)
    with pytest.raises(ArticleError, match="grew while being read"):
        load_article(path)


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    data = "Caf\u00e9 in Mayadeen: ".encode() + b"\xe9t\xe9 \xff\xfe end of text."
    path = write(tmp_path, "latin.txt", data)
    article = load_article(path)
    assert article.text == "Caf\u00e9 in Mayadeen: \ufffdt\ufffd \ufffd\ufffd end of text."
    assert len(article.warnings) == 1
    assert str(path) in article.warnings[0]
    assert "4 bytes" in article.warnings[0]


def test_truncated_multibyte_sequence_counts_all_its_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.txt", "Moscow \u2014".encode()[:-1] + b" said.")
    article = load_article(path)
    assert "2 bytes" in article.warnings[0]


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "Headline\n\nBody.".encode())
    article = load_article(path)
    assert article.text == "Headline\n\nBody."
    assert article.title == "Headline"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    text = "\u0645\u0648\u0633\u0643\u0648 headline\r\n\r\nSome 120 fighters \U0001f4a5 died."
    path = write(tmp_path, "wide.txt", bom + text.encode(codec))
    article = load_article(path)
    assert article.text == normalise_newlines(text)
    assert article.title == "\u0645\u0648\u0633\u0643\u0648 headline"
    assert article.warnings == ()


def test_utf16_with_a_lone_surrogate_and_odd_byte_is_reported(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "Text ".encode("utf-16-le") + b"\x00\xd8" + b"a\x00" + b"!"
    article = load_article(write(tmp_path, "broken16.txt", data))
    assert article.text == "Text \ufffda\ufffd"
    assert "3 bytes of invalid UTF-16" in article.warnings[0]


def test_utf32_is_refused_with_advice(tmp_path: Path) -> None:
    data = codecs.BOM_UTF32_LE + "Headline".encode("utf-32-le")
    assert "UTF-32" in refusal(write(tmp_path, "wide32.txt", data))


def test_crlf_and_lone_cr_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, "dos.txt", b"Headline\r\n\r\nOne.\rTwo.\r\nThree.")
    article = load_article(path)
    assert article.text == "Headline\n\nOne.\nTwo.\nThree."
    assert "\r" not in article.text


def test_same_text_from_two_paths_has_one_id(tmp_path: Path) -> None:
    one = write(tmp_path, "one.txt", b"Headline\n\nBody text.")
    other = write(tmp_path, "other.md", b"Headline\r\n\r\nBody text.")
    assert load_article(one).id == load_article(other).id
    assert load_article(one).id != article_from_text("Headline\n\nBody text!").id


def test_unknown_suffix_is_read_when_it_is_text(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "notes.log", b"Headline\n\nBody."))
    assert article.title == "Headline"


def test_unknown_suffix_that_is_not_text_is_refused(tmp_path: Path) -> None:
    message = refusal(write(tmp_path, "report.pdf", b"%PDF-1.7 \xe2\xe3\xcf\xd3 stream"))
    assert "'.pdf'" in message


def test_readers_cover_text_markdown_and_web_pages() -> None:
    assert {".txt", ".md", ".html", ".htm"} <= set(READERS)


_LOAD_ONLY = """
import sys
from annotations.articles import load_article
article = load_article(sys.argv[1])
print(article.title)
print("<" in article.text)
"""


@pytest.mark.parametrize("name", ["strikes.html", "STRIKES.HTM"])
def test_a_web_page_is_read_whatever_was_imported_before(tmp_path: Path, name: str) -> None:
    """A fresh interpreter that imports only `annotations.articles` reads the page's text,
    not its markup: the reader does not wait for `annotations.importers` to be imported."""
    page = tmp_path / name
    page.write_bytes((FIXTURES / "strikes.html").read_bytes())
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_ONLY, str(page)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    title, markup = done.stdout.splitlines()
    assert title == load_article(page).title and title.strip()
    assert markup == "False"


def test_fifo_is_refused(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in refusal(fifo)


# Title and date --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date_line",
    [
        "08 October 2017",
        "October 8, 2017",
        "2017-10-08",
        "Tuesday, 17 July 2018",
        "8 Oct 2017",
        "8 Oct 2017 14:05",
        "October 8, 2017 at 2:05 p.m. EDT",
        "2017-10-08T14:05:00Z",
    ],
)
def test_date_line_under_headline_is_kept_as_written(date_line: str) -> None:
    article = article_from_text(f"Latest news\nHeadline of the day\n\n{date_line}\n\nBody.")
    assert article.title == "Headline of the day"
    assert article.date == date_line


def test_page_date_is_used_when_the_headline_has_none() -> None:
    article = article_from_text("Tuesday, 17 July 2018\nMenu\nHeadline\n\nBody text here.")
    assert (article.title, article.date) == ("Headline", "Tuesday, 17 July 2018")


def test_breadcrumbs_and_navigation_are_skipped() -> None:
    text = "Home\nShare\nNews > World > Middle East\nWorld | Syria\nThe real headline\n\nBody."
    assert article_from_text(text).title == "The real headline"


def test_share_bars_and_reading_time_are_skipped() -> None:
    text = "Share on Facebook\nShare on Twitter\n5 min read\nUpdated 3 hours ago\nKiev talks stall"
    assert article_from_text(text + "\n\nBody.").title == "Kiev talks stall"


def test_standfirst_between_headline_and_date_is_skipped() -> None:
    text = "Headline\nA standfirst that sums the story up.\nBy Jane Doe\n8 Oct 2017\n\nBody."
    assert article_from_text(text).date == "8 Oct 2017"


def test_a_date_deep_in_the_body_is_not_the_article_date() -> None:
    text = "Headline\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\n8 Oct 2017\n"
    assert article_from_text(text).date is None


def test_byline_between_headline_and_date_is_skipped() -> None:
    article = article_from_text("Headline\nBy Jane Doe\n8 Oct 2017\n\nBody.")
    assert article.date == "8 Oct 2017"


def test_a_sentence_mentioning_a_weekday_is_no_date() -> None:
    assert article_from_text("Headline\n\nIt happened on Saturday.").date is None


def test_short_text_is_its_own_title_without_ellipsis() -> None:
    assert article_from_text("Troops advanced on Mayadeen.").title == "Troops advanced on Mayadeen."


def test_long_unbroken_opening_is_cut_to_a_short_title() -> None:
    title = article_from_text("\u4fc4" * 500 + "\u3002").title
    assert title.endswith("\u2026") and len(title) <= 81


def test_text_with_nothing_usable_takes_the_file_name() -> None:
    article = article_from_text("\u2014 *** \u2014\n...", path="/desk/some-120_fighters.txt")
    assert article.title == "some 120 fighters"


def test_given_title_and_date_are_single_line_as_the_source_wrote_them() -> None:
    # Kept as given: whatever shows them replaces what would steer the terminal.
    article = article_from_text(
        "Body.", title="  Two\nlines\x1b[2J \u202eevil ", date=" 8 Oct\t2017 "
    )
    assert article.title == "Two lines\x1b[2J \u202eevil"
    assert article.date == "8 Oct 2017"


def test_inferred_title_keeps_the_text_it_was_read_from() -> None:
    title = article_from_text("Bad \x1b]0;title\x07 headline\n\nBody.").title
    assert title == "Bad \x1b]0;title\x07 headline"


# Markdown ------------------------------------------------------------------------------------


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    text = "# Strikes kill 120 militants.\n\n*08 October 2017*\n\nThe ministry said so."
    article = load_article(write(tmp_path, "story.md", text.encode()))
    assert article.title == "Strikes kill 120 militants."
    assert article.date == "08 October 2017"
    assert article.text == text


def test_markdown_setext_heading_and_front_matter(tmp_path: Path) -> None:
    setext = load_article(write(tmp_path, "a.md", b"Big headline\n============\n\nBody."))
    assert setext.title == "Big headline"
    front = b'---\ntitle: "From front matter"\ndate: 2017-10-08\n---\n# Other\n\nBody.'
    article = load_article(write(tmp_path, "b.md", front))
    assert (article.title, article.date) == ("From front matter", "2017-10-08")


def test_hash_line_in_plain_text_is_not_special(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "hash.txt", b"# not markdown here\n\nBody."))
    assert article.title == "# not markdown here"


# Properties ----------------------------------------------------------------------------------


def test_lone_surrogates_do_not_break_the_id() -> None:
    assert article_from_text("a\ud800b").id != article_from_text("a\ud801b").id


@given(st.text())
def test_article_from_text_never_raises_and_keeps_text(text: str) -> None:
    article = article_from_text(text, path="x.txt")
    assert isinstance(article, Article)
    assert article.text == normalise_newlines(text)
    assert "\r" not in article.text
    assert article.title and "\n" not in article.title
    assert article.date is None or "\n" not in article.date


@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".bin"]))
def test_load_article_only_ever_raises_article_error(data: bytes, suffix: str) -> None:
    # A fresh folder per example: hypothesis reruns this body, and tmp_path is per test.
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"any{suffix}"
        path.write_bytes(data)
        try:
            article = load_article(path)
        except ArticleError as error:
            assert str(path) in str(error)
        else:
            assert article.text.strip()
