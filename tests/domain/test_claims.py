"""Tests for annotations.claims: sentence splitting and claims built from detected spans."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.articles import load_article
from annotations.claims import Claim, find_claims, sentence_bounds
from annotations.spans import NumberValue, Span

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
STRIKES = SEEDS / "russian-strikes-kill-120-daesh-militants.txt"
FIGHTERS = SEEDS / "some-120-daesh-fighters-killed-moscow.txt"


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_bounds(text)]


def span_of(text: str, needle: str, kind: str = "name", label: str = "place") -> Span:
    start = text.index(needle)
    value = NumberValue(low=None, high=None) if kind == "number" else None
    return Span(start, start + len(needle), kind, label, needle, value)  # type: ignore[arg-type]


# Splitting -----------------------------------------------------------------------------------


def test_plain_sentences_split_and_are_trimmed() -> None:
    text = "  Troops advanced.  The town fell!   Was it over? Nobody knew.  "
    assert sentences(text) == ["Troops advanced.", "The town fell!", "Was it over?", "Nobody knew."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Gen. Igor Konashenkov said that in the last 24 hours, 120 fighters were killed.",
        "Dr. Smith and Mr. Jones met Lt. Col. Petrov at St. Mary's on Jan. 5, officials said.",
        "The U.S. military and U.K. officials briefed the U.N. Security Council on Tuesday.",
        "Talks resume Dec. 6th in Room No. 5 of the ministry.",
        "The book by J. R. R. Tolkien sold 1.7 million copies at $5.1 apiece.",
        "He paused... and then the strikes resumed\u2026 Moscow said nothing.",
        "Revenues were between $1.7 million and $5.1 million a month.",
        "Strikes hit at 5 a.m. local time, e.g. near the border.",
    ],
)
def test_abbreviations_initials_decimals_and_ellipses_do_not_split(sentence: str) -> None:
    assert sentences(sentence) == [sentence]


def test_period_after_numbering_word_before_a_word_ends_the_sentence() -> None:
    assert sentences("He said no. The ministry said yes.") == [
        "He said no.",
        "The ministry said yes.",
    ]


def test_a_long_run_of_marks_ending_a_line_is_read_once() -> None:
    # A run of marks that ends its line is no candidate; tried again from each of its marks,
    # a line of 400,000 dots took minutes. Run apart, so that a return of that fault fails
    # here rather than stalling the whole run.
    code = (
        "from annotations.claims import sentence_bounds\n"
        "text = 'He left' + '.' * 400_000 + '\\n' + '\\u3002' * 400_000 + ' \\nNext.'\n"
        "print(len(sentence_bounds(text)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "3"


def test_quote_running_on_with_a_comma_or_lowercase_word_is_one_sentence() -> None:
    text = (
        '"A command post of the terrorists and up to 80 (IS) fighters were destroyed in the area '
        'of Mayadeen," the ministry said, adding some 40 IS fighters were killed. '
        '"Why?" he asked. "It is over." Konashenkov said. Next sentence.'
    )
    assert sentences(text) == [
        '"A command post of the terrorists and up to 80 (IS) fighters were destroyed in the area '
        'of Mayadeen," the ministry said, adding some 40 IS fighters were killed.',
        '"Why?" he asked.',
        '"It is over." Konashenkov said.',
        "Next sentence.",
    ]


def test_closing_quote_then_a_new_sentence_splits() -> None:
    assert sentences('He said "enough." The army left.') == ['He said "enough."', "The army left."]


def test_every_line_break_ends_a_sentence() -> None:
    text = "Headline without a stop\nDr.\nSmith spoke, and\nthe line went on.\n\n\nLast"
    assert sentences(text) == [
        "Headline without a stop",
        "Dr.",
        "Smith spoke, and",
        "the line went on.",
        "Last",
    ]


def test_missing_space_before_a_capital_is_a_boundary() -> None:
    text = "The area is a black hole, he added.Moscow denied it. The U.S.A. and example.com stay."
    assert sentences(text) == [
        "The area is a black hole, he added.",
        "Moscow denied it.",
        "The U.S.A. and example.com stay.",
    ]


def test_chinese_full_stops_split_without_spaces() -> None:
    assert sentences("俄罗斯说打死120人。叙利亚军队前进！") == [
        "俄罗斯说打死120人。",
        "叙利亚军队前进！",
    ]


def test_empty_and_blank_texts_have_no_sentences() -> None:
    assert sentence_bounds("") == []
    assert sentence_bounds(" \n\t\n ") == []


# Seeds ---------------------------------------------------------------------------------------


def test_seed_sentences_that_must_stay_whole() -> None:
    strikes = sentences(load_article(STRIKES).text)
    fighters = sentences(load_article(FIGHTERS).text)
    konashenkov = next(s for s in strikes if s.startswith("Gen. Igor Konashenkov said"))
    assert konashenkov.endswith("along the Syrian-Iraqi border.")
    quoted = next(s for s in strikes if s.startswith('"According to information'))
    assert quoted.endswith('were destroyed", Konashenkov said.')
    command = next(s for s in fighters if s.startswith('"A command post'))
    assert command.endswith("were killed around the town of Albu Kamal.")
    assert "Russian Federation strikes kill 120 Daesh militants" in strikes  # the headline line
    assert "08 October 2017" in strikes


def test_us_inside_a_sentence_does_not_split_a_seed_like_text() -> None:
    text = "The U.S. coalition said 40 IS fighters died. The Observatory disagreed."
    assert sentences(text) == [
        "The U.S. coalition said 40 IS fighters died.",
        "The Observatory disagreed.",
    ]


# Claims --------------------------------------------------------------------------------------


def test_claims_hold_only_sentences_with_spans() -> None:
    text = "Nothing here. Some 120 fighters died in Mayadeen. Quiet again. Albu Kamal fell."
    spans = [
        span_of(text, "Albu Kamal"),
        span_of(text, "Some 120", "number", "count"),
        span_of(text, "Mayadeen"),
    ]
    claims = find_claims("a1", text, spans)
    assert [c.text for c in claims] == ["Some 120 fighters died in Mayadeen.", "Albu Kamal fell."]
    assert [s.text for s in claims[0].spans] == ["Some 120", "Mayadeen"]
    assert [s.text for s in claims[0].numbers] == ["Some 120"]
    assert [s.text for s in claims[0].names] == ["Mayadeen"]
    assert all(c.article_id == "a1" for c in claims)
    for claim in claims:
        assert claim.text == text[claim.start : claim.end]


def test_span_across_a_wrong_split_joins_the_sentences() -> None:
    text = "He read Yahoo! News reports of 9 deaths. Then it rained."
    assert sentences(text)[0] == "He read Yahoo!"  # the splitter cannot know this name
    crossing = span_of(text, "Yahoo! News", "name", "org")
    claims = find_claims("a1", text, [crossing])
    assert [c.text for c in claims] == ["He read Yahoo! News reports of 9 deaths."]


def test_span_across_a_line_break_stays_with_its_first_line() -> None:
    text = "Headline about Deir\nEzzor fighting.\nOther line."
    crossing = span_of(text, "Deir\nEzzor")
    claims = find_claims("a1", text, [crossing])
    assert [c.text for c in claims] == ["Headline about Deir"]
    assert claims[0].spans == (crossing,)


def test_spans_outside_every_sentence_are_dropped() -> None:
    text = "One.   Two."
    stray = Span(5, 6, "name", "place", " ")
    beyond = Span(50, 55, "name", "place", "")
    assert find_claims("a1", text, [stray, beyond]) == []


def test_claims_on_the_seeds_with_real_detection() -> None:
    detection = pytest.importorskip("annotations.detection")
    for path in (STRIKES, FIGHTERS):
        article = load_article(path)
        spans = detection.detect(article.text)
        claims = find_claims(article.id, article.text, spans)
        assert claims, "every seed has figures and names"
        # Every span is in a claim but those of datelines ("Tuesday, 17 July 2018"), of
        # the breadcrumb trail ("Main » Russian Federation strikes …"), of the headline
        # repeated above the text, and of the sign-off ("— Agencies").
        claimed = {s for c in claims for s in c.spans}
        for span in spans:
            if span not in claimed:
                line_start = article.text.rfind("\n", 0, span.start) + 1
                line = article.text[line_start : article.text.find("\n", span.start)]
                headline = claims[0].text
                assert (
                    span.label == "date"
                    or " » " in line
                    or line == headline
                    or "— Agencie" in line  # (the last line: find() cut its end)
                ), line
        assert sum(len(c.spans) for c in claims) == len(claimed)
        for claim in claims:
            assert claim.text == article.text[claim.start : claim.end]
            assert all(claim.start <= s.start < claim.end for s in claim.spans)
    fighters = load_article(FIGHTERS)
    claims = find_claims(fighters.id, fighters.text, detection.detect(fighters.text))
    command = next(c for c in claims if c.text.startswith('"A command post'))
    assert command.text.endswith("Albu Kamal.")
    assert any("80" in s.text for s in command.numbers)


def _claim_texts(text: str) -> list[str]:
    from annotations.detection import detect

    return [claim.text for claim in find_claims("a", text, detect(text))]


def test_page_furniture_is_not_a_claim() -> None:
    text = (
        "Tuesday, 17 July 2018\n"
        "Main » Russian Federation strikes kill 120 Daesh militants\n"
        "Published on 08 October 2017\n"
        "Russian Federation strikes kill 120 Daesh militants\n"
        "08 October 2017\n"
        "The strikes began on 08 October 2017.\n"
        "Talks in Geneva » Syria » 2018 resumed on Monday.\n"
    )
    assert _claim_texts(text) == [
        "Russian Federation strikes kill 120 Daesh militants",
        "The strikes began on 08 October 2017.",
        "Talks in Geneva » Syria » 2018 resumed on Monday.",
    ]


def test_a_quotation_in_guillemets_is_still_a_claim() -> None:
    line = "« We destroyed 120 fighters » said the ministry in Moscow"
    assert _claim_texts(line + "\n") == [line]


def test_a_dated_line_with_a_name_or_a_count_is_still_a_claim() -> None:
    assert _claim_texts("Moscow, 08 October 2017\n") == ["Moscow, 08 October 2017"]
    assert _claim_texts("Tuesday: 120 killed\n") == ["Tuesday: 120 killed"]


# Properties ----------------------------------------------------------------------------------

PUNCTUATED = st.lists(
    st.sampled_from([*"aZ .!?\n\"',;\u2026\u3002", "Dr", "U.S.", " 1.7 ", "\u201d", "said"]),
    max_size=60,
).map("".join)


@given(st.one_of(st.text(), PUNCTUATED))
def test_sentence_bounds_are_in_bounds_ordered_trimmed_and_cover_the_text(text: str) -> None:
    bounds = sentence_bounds(text)
    previous_end = 0
    for start, end in bounds:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert "\n" not in text[start:end]
        assert not text[previous_end:start].strip()
        previous_end = end
    assert not text[previous_end:].strip()


@given(st.one_of(st.text(), PUNCTUATED), st.data())
def test_claim_text_is_always_the_text_between_its_offsets(text: str, data: st.DataObject) -> None:
    words = [m.span() for m in re.finditer(r"\S+", text)]
    chosen = data.draw(st.lists(st.sampled_from(words), unique=True) if words else st.just([]))
    spans = [Span(s, e, "name", "place", text[s:e]) for s, e in chosen]
    claims = find_claims("x", text, spans)
    claimed = {span for claim in claims for span in claim.spans}
    assert sum(len(c.spans) for c in claims) == len(claimed)
    for span in set(spans) - claimed:
        # A span outside every claim sits on a line that states nothing (page furniture,
        # the title repeated above the text), and such a line never ends a sentence.
        line_start = text.rfind("\n", 0, span.start) + 1
        line_end = text.find("\n", span.start)
        line = text[line_start : len(text) if line_end < 0 else line_end].strip()
        assert line[-1:] not in (".", "!", "?"), (line, text)
    for claim in claims:
        assert isinstance(claim, Claim)
        assert claim.text == text[claim.start : claim.end]
        assert claim.spans == tuple(sorted(claim.spans, key=lambda s: (s.start, s.end)))


def test_a_headline_like_line_repeated_in_the_body_is_a_claim_each_time() -> None:
    text = "Strikes in Syria\nStrikes in Syria\nThe toll rose.\n"
    text += "Killed: 12\nWounded: 3\nKilled: 12\n"
    spans = [
        Span(m.start(), m.end(), "name", "place", m.group())
        for m in re.finditer(r"Syria|12|3", text)
    ]
    lines = [c.text for c in find_claims("x", text, spans)]
    # The title repeated above the text is one claim; the table's repeated row is two.
    assert lines == ["Strikes in Syria", "Killed: 12", "Wounded: 3", "Killed: 12"]
