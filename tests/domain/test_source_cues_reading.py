"""Finding a sentence's source reads only what it needs: the words a subject can reach back to,
the sentences with the letters of "according to", a claim's sentences from its last back, no
escape sequence where no introducer is. Each shortcut finds what the plain definition, reading
everything, finds."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.attribution import Source, source_at
from annotations.detection import detect
from annotations.safe_text import TERMINAL_SEQUENCE, blank_sequences
from annotations.source_cues import (
    _ACCORDING,
    _ACCORDING_HINT,
    _AUXILIARIES,
    _BINDERS,
    _LEADING_BINDERS,
    _NOT_SOURCES,
    _PRONOUNS,
    _ROLE_START,
    _STOP,
    _WORD,
    _make_source,
    _speaker,
    _subject_before,
)
from annotations.spans import Span

# --- the plain definitions: the subject walked back over every token of its window ---------


def _tokens_before(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    window = blank_sequences(text[lo:hi])
    return [(lo + m.start(), lo + m.end(), m.group()) for m in _WORD.finditer(window)]


def _phrase_before(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for token in reversed(tokens):
        word = token[2]
        if not word[0].isalnum() and not (word[0] == "'" and word[1:2].isalnum()):
            break
        if word.casefold() in _STOP:
            break
        if len(kept) >= 12:
            return []
        kept.append(token)
    kept.reverse()
    while kept and kept[0][2].casefold() in _LEADING_BINDERS:
        kept.pop(0)
    return kept


def _subject_read_whole(
    text: str, sentence_start: int, verb_start: int, names: list[Span]
) -> Source | None:
    tokens = _tokens_before(text, max(sentence_start, verb_start - 240), verb_start)
    while tokens and tokens[-1][2].casefold() in _AUXILIARIES:
        tokens.pop()
    if tokens and tokens[-1][2] == ",":
        tokens.pop()
        role = _phrase_before(tokens)
        if not role or len(tokens) <= len(role) or tokens[-len(role) - 1][2] != ",":
            return None
        named = _phrase_before(tokens[: -len(role) - 1])
        if not named or not _ROLE_START.match(" ".join(t[2] for t in role)):
            return None
        source = _make_source(text, named[0][0], named[-1][1], "said", names)
        if source is None or source.speaker != "person":
            return None
        return replace(source, role=text[role[0][0] : role[-1][1]])
    if len(tokens) > 2 and tokens[-1][2].casefold() == "who" and tokens[-2][2] == ",":
        tokens = tokens[:-2]
    kept = _phrase_before(tokens)
    while kept and kept[0][2].casefold() in _LEADING_BINDERS:
        kept.pop(0)
    if not kept:
        return None
    low = kept[-1][2].casefold()
    if len(kept) == 1 and low in _PRONOUNS:
        return Source(kept[0][0], kept[0][1], kept[0][2], "pronoun", speaker=_speaker(low))
    if low in _BINDERS or kept[0][2].casefold() in _NOT_SOURCES or low.endswith("ly"):
        return None
    return _make_source(text, kept[0][0], kept[-1][1], "said", names)


# --- the shortcuts against them ----------------------------------------------------------------

_WORDS = ["Rami Abdel Rahman", "Igor Konashenkov", "Observatory", "Gen.", "U.S.", "Army"]
_WORDS += ["head", "of", "the", "a", "al", "and", "it", "he", "they", "who", "that", "there"]
_WORDS += ["also", "later", "had", "recently", "spokesman", "'s", "\u2019s", "&", "-", "x" * 60]
_WORDS += [",", ",", ",", '"', "(", ";", ".", "\n", "w w w w w w w w w w w", "\u00e9t\u00e9"]
_WORDS += ["\x1b[31m", "\x9b0m", "\x1b]0;t\x07", "\x1b[0mReuters", "\u0661\u0662", "_"]
_WORDS += ["Rami Abdel Rahman, head of the Observatory,", "Igor Konashenkov, head,", ", who"] * 3
_WORDS += ["w " * 12, ", WHO", "Also"]


@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.data())
@settings(max_examples=1000, deadline=None)
def test_the_subject_before_a_verb_is_what_reading_its_whole_window_finds(
    words: list[str], data: st.DataObject
) -> None:
    before = data.draw(st.sampled_from([" ", ""])).join(words)
    lead = data.draw(st.sampled_from(["", "x", "Officials said. ", "y" * 300]))
    before += data.draw(st.sampled_from([" ", "", "\n", '"', ","]))
    text = lead + before + "said the army."
    verb_start = len(lead) + len(before)
    sentence_start = data.draw(st.integers(0, verb_start))
    names = [s for s in detect(text) if s.kind == "name"]
    expected = _subject_read_whole(text, sentence_start, verb_start, names)
    assert _subject_before(text, sentence_start, verb_start, names) == expected


_CASES = ["according to", "ACCORDING TO", "AcCoRdInG\tto", "accord\u0131ng to", "accord\u0130ng to"]
_CASES += ["\u212a", "ccord", "CCORD", "acc", "ord", "ing to ", " ", "-", "x", "\u00df", "\u0130"]


@given(st.lists(st.sampled_from(_CASES), max_size=12).map("".join))
@settings(max_examples=500, deadline=None)
def test_every_sentence_according_to_matches_in_holds_the_hint(sentence: str) -> None:
    assert _ACCORDING.search(sentence) is None or _ACCORDING_HINT in sentence.lower()


def _source(n: int) -> Source:
    return Source(n, n + 1, "x", "said")


@given(
    st.lists(st.one_of(st.none(), st.integers(0, 50).map(_source)), max_size=8),
    st.integers(-3, 60),
    st.integers(-3, 60),
)
@settings(max_examples=500, deadline=None)
def test_a_claims_source_is_its_last_sentence_with_one_as_reading_every_sentence(
    found: list[Source | None], start: int, length: int
) -> None:
    attributions = [(8 * n, 8 * n + 6, source) for n, source in enumerate(found)]
    starts = [a[0] for a in attributions]
    end = start + length
    # The plain definition: every sentence of the claim read, the last source kept.
    first = sum(s <= start for s in starts) - 1
    last = sum(s < end for s in starts) - 1
    expected = None
    for n in range(max(first, 0), max(last, first) + 1):
        if n < len(attributions) and attributions[n][2] is not None:
            expected = attributions[n][2]
    assert source_at(attributions, start, end, starts) == expected


@given(st.text(alphabet="ab \x1b\x9b\x9d[]0;m\x07\x9c\\\u00e9"))
@settings(max_examples=500, deadline=None)
def test_text_without_an_introducer_is_blanked_as_the_sequences_pattern_would(text: str) -> None:
    expected = re.sub(TERMINAL_SEQUENCE, lambda found: " " * len(found.group()), text)
    assert blank_sequences(text) == expected
