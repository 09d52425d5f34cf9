"""Detecting names costs work in proportion to the text, whatever shape its lines take: four
times a long line of particles' names, of one-word sentences, of listed names no list knows or
of titles costs at most a little over four times the work.

The work is counted, not timed: the characters of the matches a pattern returns (a run read
again from each of its words shows there), or the lines of one module's code that run (a loop
over a whole list or run for each of its items shows there). Where a step was rewritten, its
answers are checked against the plain definition it replaces."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from types import FrameType, ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.detection import article, detect, evidence, labels, runs
from annotations.detection.cues import (
    CONNECTOR_WORDS,
    LIST_JOINS,
    STRONG_TITLES,
    TITLE_FOLLOWERS,
)
from annotations.detection.labels import UNKNOWN
from annotations.detection.lexicon import ORG_WORDS
from annotations.spans import Span

GROWTH_BAR = 4.5
"""At most this much more work for four times the input (linear work grows four times,
quadratic work sixteen)."""


def _made_up(i: int) -> str:
    """A capitalised word no list knows: "Bafex", "Gokix"."""
    consonants, vowels, word = "bdfgklmnprstvz", "aeiou", ""
    for _ in range(3):
        word += consonants[i % 14] + vowels[(i // 14) % 5]
        i //= 70
    return word.capitalize() + "x"


def _lines_run(module: ModuleType, work: Callable[[], object]) -> int:
    """The lines of `module`'s own code that run while `work` runs."""
    counted = 0
    path = module.__file__

    def count(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal counted
        if event == "line":
            counted += 1
        return count

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return count if frame.f_code.co_filename == path else None

    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(None)
    return counted


# 3. Names no list knows, listed on one line.


def test_a_long_list_of_unknown_names_is_read_once_for_its_places() -> None:
    # Each name of the list walked the whole list both ways looking for a place beside it.
    def work(items: int) -> int:
        names = "".join(_made_up(7 * i) + ", " for i in range(items))
        return _lines_run(evidence, lambda: detect(f"Fighters came from {names}and Zorbax.\n"))

    small, large = work(150), work(600)
    assert large <= GROWTH_BAR * small, (small, large)


def _listed_walking(text: str, spans: list[Span], k: int) -> bool:
    """The plain definition: walk the list outwards from the k-th span both ways."""
    for step in (-1, 1):
        j = k
        while 0 <= j + step < len(spans):
            a, b = (spans[j], spans[j + step]) if step == 1 else (spans[j + step], spans[j])
            if text[a.end : b.start] not in LIST_JOINS:
                break
            j += step
            if spans[j].label == "place":
                return True
            if spans[j].label != UNKNOWN:
                break
    return False


@given(
    st.lists(
        st.tuples(
            st.sampled_from([", ", " and ", ", or ", " ", "; ", ",  ", " near "]),
            st.sampled_from(["place", UNKNOWN, UNKNOWN, "person", "org"]),
        ),
        max_size=14,
    )
)
@settings(max_examples=400, deadline=None)
def test_a_name_is_listed_beside_a_place_as_walking_the_list_finds(
    items: list[tuple[str, str]],
) -> None:
    text, spans = "In", []
    for k, (join, label) in enumerate(items):
        text += join
        spans.append(Span(len(text), len(text) + 4, "name", label, f"Nm{k:02d}"))
        text += f"Nm{k:02d}"
    listed = evidence._listed_with_place(text, spans)
    assert listed == [_listed_walking(text, spans, k) for k in range(len(spans))]


# 1. Names with particles, run together on one line.


class _MatchesCounted:
    """A compiled pattern that counts the characters of the matches it returns."""

    read = 0

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def _counted(self, match: re.Match[str] | None) -> re.Match[str] | None:
        if match is not None:
            _MatchesCounted.read += match.end() - match.start()
        return match

    def match(self, text: str, *where: int) -> re.Match[str] | None:
        return self._counted(self.pattern.match(text, *where))

    def search(self, text: str, *where: int) -> re.Match[str] | None:
        return self._counted(self.pattern.search(text, *where))

    def finditer(self, text: str, *where: int) -> Iterator[re.Match[str]]:
        for match in self.pattern.finditer(text, *where):
            self._counted(match)
            yield match


@pytest.mark.parametrize(
    "line",
    [
        lambda k: "The " + "al-Assad Abu al-Shishani el-Sisi " * k + "said.\n",
        # Each particle's short run came before one long run of capitals, searched again
        # after each of them.
        lambda k: "al-Bb, " * k + "Cc " * k,
    ],
    ids=["particles-in-a-run", "particles-before-a-run"],
)
def test_runs_with_particles_are_read_once(
    line: Callable[[int], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(article, "RUN", _MatchesCounted(article.RUN))
    monkeypatch.setattr(article, "_CAPITAL_RUN", _MatchesCounted(article._CAPITAL_RUN))

    def read(k: int) -> int:
        _MatchesCounted.read = 0
        article.capitalised_runs(line(k))
        return _MatchesCounted.read

    small, large = read(100), read(400)
    assert large <= GROWTH_BAR * small, (small, large)


# 2. Capitalised words each ending a sentence, on one line.


class _SearchesCounted(list[Any]):
    """A run's words that count the words their searches read."""

    read = 0

    def index(self, value: Any, *where: Any) -> int:
        at = super().index(value, *where)
        _SearchesCounted.read += at + 1
        return at


def test_a_line_of_one_word_sentences_is_split_in_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The word before each sentence's part was found again by value from the run's start.
    words_of = runs._words_of
    monkeypatch.setattr(runs, "_words_of", lambda run: _SearchesCounted(words_of(run)))

    def work(sentences: int) -> int:
        text = "The " + "Moscow. Damascus. Tunisia. " * sentences + "\n"
        _SearchesCounted.read = 0
        return _lines_run(runs, lambda: detect(text)) + _SearchesCounted.read

    small, large = work(100), work(400)
    assert large <= GROWTH_BAR * small, (small, large)


@given(
    st.lists(
        st.sampled_from(["Moscow.", "Gen.", "U.S.", "Army's", "In", "of", "Damascus", "Al-Bab."]),
        min_size=1,
        max_size=12,
    ),
    st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_the_parts_of_a_run_follow_one_another_through_its_words(
    run: list[str], breaks: bool
) -> None:
    # Where each part starts is counted through the parts before it: that holds only while
    # the parts are the run's words in order, none left out.
    words = runs._words_of(" ".join(run))
    parts = runs._sentences(words, breaks)
    assert [word for part in parts for word in part] == words


# 4. A run of titles.


def test_a_run_of_titles_is_labelled_in_one_pass() -> None:
    # Each title of the run gathered every word after it again.
    def work(titles: int) -> int:
        text = "The " + "Minister Secretary Governor " * titles + "Ministry said it.\n"
        return _lines_run(labels, lambda: detect(text))

    small, large = work(100), work(400)
    assert large <= GROWTH_BAR * small, (small, large)


def _titled_person_walking(words: list[str]) -> bool:
    """The plain definition: for each title, gather the words after it."""
    for k, w in enumerate(words):
        if w in STRONG_TITLES:
            rest = [x for x in words[k + 1 :] if x not in CONNECTOR_WORDS]
            if not rest or not any(x in ORG_WORDS or x in TITLE_FOLLOWERS for x in rest[-1:]):
                return True
    return False


_TITLE_RUN_WORDS = sorted(
    {"Minister", "Secretary", "Governor", "Ministry", "Office", "Tobias", "Ellwood", "of"}
    | set(sorted(STRONG_TITLES)[:4])
    | set(sorted(CONNECTOR_WORDS)[:4])
    | set(sorted(ORG_WORDS)[:4])
    | set(sorted(TITLE_FOLLOWERS)[:4])
)


@given(st.lists(st.sampled_from(_TITLE_RUN_WORDS), max_size=10))
@settings(max_examples=400, deadline=None)
def test_a_title_names_a_person_as_gathering_the_words_after_it_finds(words: list[str]) -> None:
    assert labels._titled_person(words) == _titled_person_walking(words)
