"""Sentences and claims match a plain reference: every break and mark read, spans one by one."""

from __future__ import annotations

import random
import re

from annotations import claims
from annotations.claims import Claim, find_claims, sentence_bounds
from annotations.spans import NumberValue, Span

# The reference reads every line break and every run of marks as a candidate, and gives each
# span to its sentence one at a time: the way the splitter worked before it left line-final
# marks and blank lines to the regex and read the spans a run at a time.
_EVERY_CANDIDATE = re.compile(
    "(?=[\n.!?\u2026\u3002\uff01\uff1f\u061f\u0964])"
    "(?:\n"
    "|(?P<mark>[.!?\u2026]+|[\u3002\uff01\uff1f\u061f\u0964]+)"
    "(?P<close>[\"'\u201d\u2019\u00bb)\\]]*))"
)


def _reference_ends_sentence(text: str, match: re.Match[str]) -> bool:
    mark = match.group("mark")
    after = match.end()
    follower_at = after
    while follower_at < len(text) and text[follower_at].isspace() and text[follower_at] != "\n":
        follower_at += 1
    if follower_at >= len(text) or text[follower_at] == "\n":
        return True
    if mark[-1] in "\u3002\uff01\uff1f":
        return True
    follower = text[follower_at]
    if follower_at == after:
        word = claims._word_before(text, match.start())
        glued_end = len(word) >= 2 and word[-1].islower() and word.isalpha()
        return mark == "." and follower.isupper() and glued_end
    if "\u2026" in mark or mark.startswith(".."):
        return False
    if follower.islower() or follower in ",;:":
        return False
    word = claims._word_before(text, match.start())
    if mark == "." and claims._is_abbreviation(word, follower):
        return False
    close = match.group("close")
    if (
        close
        and close[-1] in "\"'\u201d\u2019\u00bb"
        and claims._ATTRIBUTION.match(text, follower_at)
    ):
        return False
    return True


def reference_bounds(text: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _EVERY_CANDIDATE.finditer(text):
        if match.group("mark") is None:
            pieces.append((start, match.start()))
            start = match.end()
        elif _reference_ends_sentence(text, match):
            pieces.append((start, match.end()))
            start = match.end()
    pieces.append((start, len(text)))
    bounds = []
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            bounds.append((start, end))
    return bounds


def reference_claims(article_id: str, text: str, spans: list[Span]) -> list[Claim]:
    ordered = sorted(spans, key=lambda span: (span.start, span.end))
    bounds = reference_bounds(text)
    found: list[Claim] = []
    headlines: set[str] = set()
    in_body = False
    taken = 0
    index = 0
    while index < len(bounds) and taken < len(ordered):
        start, end = bounds[index]
        while taken < len(ordered) and ordered[taken].start < start:
            taken += 1
        members: list[Span] = []
        reach = end
        while taken < len(ordered) and ordered[taken].start < end:
            span = ordered[taken]
            members.append(span)
            taken += 1
            reach = max(reach, span.end)
            while reach > end and index + 1 < len(bounds):
                next_start, next_end = bounds[index + 1]
                if next_start >= reach or "\n" in text[end:next_start]:
                    break
                index += 1
                end = next_end
        headline = claims._is_headline_line(text, start, end)
        if members and not claims._is_furniture(text, start, end, members):
            sentence = text[start:end]
            if headline and sentence in headlines:
                index += 1
                continue
            if headline and not in_body:
                headlines.add(sentence)
            found.append(Claim(article_id, start, end, sentence, tuple(members)))
        in_body = in_body or not headline
        index += 1
    return found


# Generated articles --------------------------------------------------------------------------

WORDS = (
    "Moscow the said ministry Konashenkov told reporters 120 1.7 $5.1 Mr. Mrs. Dr. Gen. U.S. U.N."
    " e.g. a.m. No. no. 5 J. R. St. Jan. vs. example.com added.Moscow he Caf\u00e9 \u00c9tat"
    " \u0394\u03ae\u03bc\u03bf\u03c2 \u041c\u043e\u0441\u043a\u0432\u0430 \u5317\u4eac"
    " \u0627\u0644\u0642\u0627\u0647\u0631\u0629 x A Tuesday 17 July 2018 Reuters AFP Agencies"
).split()
MARKS = (
    ". . . ! ? ?! .. ... \u2026 \u3002 \uff01 \uff1f \u061f \u0964 .\" .\u201d ?' .) .] !\u00bb"
    " .\u2019 , ; : !! \u3002\u3002 \uff01\uff1f \u0964\u0964 \u3002.\u201d ?\u3002 .\u2026"
).split()
OPENERS = ['"', "\u201c", "'", "\u2018", "(", "[", "\u00ab"]
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0", "\u2003", "\u3000", "\x0b", "\x0c", "\r", "\x1c"]
BREAKS = ["\n", "\n", "\n\n", " \n", "\n  ", "\n\n\n", "\u2028", "\n\t\n"]
LINES = (
    "# Strikes in Syria|Strikes in Syria|- Russia|* 120 killed|1. Moscow said no."
    "|Tuesday, 17 July 2018|Published on 08 October 2017|Main \u00bb World \u00bb Syria"
    "|\u2014 Agencies|\u2013 AFP/Reuters|-- Staff|MOSCOW, Oct 8 (Reuters) -|Killed: 12"
    "|\u00ab Moscow \u00bb said|\u201cWe won,\u201d Konashenkov said."
).split("|")


def random_sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 8))]
    if words and rng.random() < 0.2:
        words[0] = rng.choice(OPENERS) + words[0]
    parts = []
    for word in words:
        parts.append(word)
        parts.append(rng.choice(SPACES) if rng.random() < 0.9 else "")
    parts.append(rng.choice(MARKS) if rng.random() < 0.8 else "")
    return "".join(parts)


def random_article(rng: random.Random) -> str:
    if rng.random() < 0.03:
        return ""
    parts = []
    for _ in range(rng.randint(1, 12)):
        roll = rng.random()
        if roll < 0.2:
            parts.append(rng.choice(LINES))
        else:
            parts.append(random_sentence(rng))
        roll = rng.random()
        parts.append(rng.choice(BREAKS) if roll < 0.4 else rng.choice(SPACES) if roll < 0.9 else "")
    return "".join(parts)


def random_spans(rng: random.Random, text: str) -> list[Span]:
    spans = []
    for match in re.finditer(r"\S+", text):
        if rng.random() < 0.4:
            number = rng.random() < 0.5
            label = "date" if number and rng.random() < 0.7 else "count" if number else "place"
            value = NumberValue(low=None, high=None) if number else None
            kind = "number" if number else "name"
            spans.append(Span(match.start(), match.end(), kind, label, match.group(), value))  # type: ignore[arg-type]
    for match in re.finditer(r"\d+ \w+ \d{4}|\b\d+\b", text):
        if rng.random() < 0.7:
            # Dates as the detector finds them, so that datelines are page furniture.
            value = NumberValue(low=None, high=None)
            spans.append(Span(match.start(), match.end(), "number", "date", match.group(), value))
    for _ in range(rng.randint(0, 3)):
        # Spans running past their sentence, across a line break, or out of the text.
        start = rng.randint(0, len(text) + 2)
        end = start + rng.randint(1, 40)
        spans.append(Span(start, end, "name", "org", text[start:end]))
    if spans and rng.random() < 0.2:
        spans.append(rng.choice(spans))
    rng.shuffle(spans)
    return spans


def test_sentence_bounds_match_the_reference_on_generated_articles() -> None:
    rng = random.Random(20261203)
    for _ in range(4000):
        text = random_article(rng)
        assert sentence_bounds(text) == reference_bounds(text), text


def test_claims_match_the_reference_on_generated_articles() -> None:
    rng = random.Random(1203)
    for _ in range(3000):
        text = random_article(rng)
        spans = random_spans(rng, text)
        assert find_claims("a", text, spans) == reference_claims("a", text, spans), text


def test_marks_ending_lines_and_blank_lines_split_as_the_reference_does() -> None:
    for text in [
        "",
        "\n\n",
        "Moscow said no.\n",
        "Moscow said no. \n\nThe U.S. said yes!\u00a0\n",
        "He asked: why?!\u201d\n  \n\u201cNo,\u201d Konashenkov said.",
        "\u5317\u4eac\u3002\n\u5317\u4eac\u3002\u5317\u4eac.\u3002\n",
        "\u5317\u4eac\u3002\u3002\n\u5317\u4eac\uff01\uff1f \n\u0964\u0964",
        "Mr.\nSmith left.. \nThe end\u2026",
        "It ended.\x1c\nNext.\u2028Then\r\n",
    ]:
        assert sentence_bounds(text) == reference_bounds(text), text
