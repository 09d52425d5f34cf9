"""Properties of the whole pipeline on arbitrary Unicode: file, article, detection, claims, CSV."""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.articles import ArticleError, article_from_text, load_article
from annotations.claims import find_claims, sentence_bounds
from annotations.detection import clear_shared_caches, detect
from annotations.export import export_desk_csv
from annotations.store import ClaimStatus, Desk

# Words that wake the detector up, mixed into arbitrary text so figures, names and sentence
# ends meet odd neighbours (combining marks, RTL, wide characters, line breaks).
NEWSY = st.sampled_from(
    [
        "Some 120",
        "up to 80",
        "more than 60",
        "$1.7 million",
        "Deir Ezzor",
        "Rami Abdel",
        "Rahman",
        "Mayadeen",
        "U.S.",
        "Gen.",
        "Dec. 6",
        "1,800 square km",
        "24 hours",
        "Syria",
        "ISIS",
        "the Kurdish",
        "—",
        ".",
        ". ",
        "!\n",
        "\r\n",
        "\r",
        "\u0301",
        "\u202e",
        "北京",
        "120名",
        "。",
        "😀",
        "🇸🇾",
        "سوريا",
        "١٢٠",
        "\t",
        "\x00",
        "\ufeff",
        " ",
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(NEWSY, st.text(max_size=6)), max_size=40).map("".join),
)
SETTINGS = settings(max_examples=200, deadline=None)


@SETTINGS
@given(TEXT)
def test_article_detection_and_claims_agree_on_offsets(raw: str) -> None:
    article = article_from_text(raw, path="x.txt")
    text = article.text
    spans = detect(text)
    claims = find_claims(article.id, text, spans)
    detected = set(spans)
    bounds = sentence_bounds(text)
    previous_end = 0
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert claim.start >= previous_end
        previous_end = claim.end
        assert claim.text == text[claim.start : claim.end]
        assert claim.article_id == article.id
        # A claim is one sentence, or sentences joined where a span crossed a wrong split.
        assert any(start == claim.start for start, _ in bounds)
        assert any(end == claim.end for _, end in bounds)
        last = claim.start
        for span in claim.spans:
            assert span in detected
            assert claim.start <= span.start and span.end <= claim.end
            assert span.start >= last
            last = span.end
            assert text[span.start : span.end] == span.text


def _encodings(text: str) -> list[bytes]:
    return [
        text.encode("utf-8"),
        codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
        text.replace("\n", "\r").encode("utf-16"),
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_a_file_in_any_encoding_gives_the_text_article_from_text_gives(raw: str) -> None:
    # Line ends are re-encoded from the normalised text: a raw "\r\n" would become "\r\r\n".
    expected = article_from_text(raw.replace("\ufeff", ""), path="x.txt")
    with tempfile.TemporaryDirectory() as folder:
        for number, data in enumerate(_encodings(expected.text)):
            path = Path(folder) / f"article{number}.txt"
            path.write_bytes(data)
            try:
                article = load_article(path)
            except ArticleError as error:
                # Refusals (empty, binary, whitespace) must name the file.
                assert str(path) in str(error)
                continue
            assert article.text == expected.text
            assert article.id == expected.id
            assert detect(article.text) == detect(expected.text)


NOTE = st.text(max_size=80)


@SETTINGS
@given(TEXT, NOTE, st.sampled_from([ClaimStatus.CONFIRMED, ClaimStatus.DISPUTED]))
def test_raw_export_gives_back_claims_and_notes_exactly(
    raw: str, note: str, status: ClaimStatus
) -> None:
    article = article_from_text(raw, path="x.txt")
    claims = find_claims(article.id, article.text, detect(article.text))
    desk = Desk.in_memory()
    desk.remember_article(article)
    for claim in claims[:3]:
        desk.set_status(claim, status, "analyst")
        desk.set_note(claim, note, "analyst")
    out = io.StringIO(newline="")
    rows = export_desk_csv(desk, out, neutralise=False)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert rows == len(parsed) == len(claims[:3])
    for row, claim in zip(parsed, claims[:3], strict=True):
        assert row["claim"] == claim.text
        assert row["note"] == note
        assert row["status"] == str(status)
        assert (int(row["start"]), int(row["end"])) == (claim.start, claim.end)


@SETTINGS
@given(TEXT, TEXT)
def test_what_detection_remembers_across_articles_never_changes_its_answer(
    first: str, second: str
) -> None:
    # Verdicts and labels are shared across articles for speed: only for runs no article
    # evidence can change, so an article detects the same after any other as on its own.
    clear_shared_caches()
    cold = detect(second)
    clear_shared_caches()
    detect(first)
    assert detect(second) == cold
