"""One very long name (a capitalised run of a few hundred KB is a single name span) costs the
grouping work in proportion to its length, not to its square. The work is counted, not timed:
the words copied out of a name's words, or the characters of its text read."""

from __future__ import annotations

import re
from typing import Any, SupportsIndex

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.compare import Mention, group_entities, name_keys, name_links
from annotations.compare.name_keys import ACRONYM_SKIPS, DESIGNATORS, name_key, name_skeleton
from annotations.compare.name_links import Form
from annotations.compare.name_parts import _of_between, pieces_of

GROWTH_BAR = 4.5
"""At most this much more work for four times the input (linear work grows four times;
quadratic work sixteen)."""


class _CountedWords(list[str]):
    """A name's words that count the words each subscript hands out."""

    read = 0

    def __getitem__(self, at: Any) -> Any:
        got = super().__getitem__(at)
        _CountedWords.read += len(got) if isinstance(at, slice) else 1
        return got


class _CountedKey(str):
    """A name key whose words count what is read of them."""

    __slots__ = ()

    def split(self, sep: str | None = None, maxsplit: SupportsIndex = -1) -> Any:
        return _CountedWords(super().split(sep, maxsplit))


def _long_name_mentions(repeats: int) -> tuple[list[Mention], dict[str, str]]:
    """Two reports, each with one capitalised run ending in a designator ("... Ministry"), and
    a place that begins it, as `newsdesk compare` finds them."""
    mentions: list[Mention] = []
    texts: dict[str, str] = {}
    for article_id in ("a", "b"):
        name = "Russian Federation Army " * repeats + "Ministry"
        text = f"The {name} said. Russian Federation is big.\n"
        texts[article_id] = text
        at = text.index("Russian Federation is")
        mentions.append(Mention(article_id, 4, 4 + len(name), name, "org"))
        mentions.append(Mention(article_id, at, at + 18, "Russian Federation", "place"))
    return mentions, texts


def _words_read_grouping(repeats: int, monkeypatch: pytest.MonkeyPatch) -> int:
    def counted_key(text: str, label: str = "") -> str:
        return _CountedKey(name_key(text, label))

    monkeypatch.setattr(name_links, "name_key", counted_key)
    mentions, texts = _long_name_mentions(repeats)
    _CountedWords.read = 0
    entities = group_entities(mentions, texts=texts)
    monkeypatch.undo()
    assert entities
    return _CountedWords.read


def test_a_long_name_costs_the_short_forms_work_in_proportion_to_its_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every head of a long name was joined to see if it is a place, and every head of a name
    ending "Ministry" joined as a short form of it: n^2 words for a name of n words."""
    work = [_words_read_grouping(repeats, monkeypatch) for repeats in (200, 800)]
    assert work[1] <= GROWTH_BAR * work[0], work


def _short_forms_before(form: Form, place_keys: frozenset[str], person_like: bool) -> list[str]:
    """The short forms as they were found before: every head of the name joined and tried."""
    words = form.key.split()
    if len(words) < 2 or any(w in ACRONYM_SKIPS for w in words):
        return []
    shorts: list[str] = []
    if len(words) <= 3 and words[-1] not in DESIGNATORS:
        shorts.append(words[-1])
        if person_like:
            shorts.append(words[0])
    if person_like and len(words) >= 3:
        shorts.append(f"{words[0]} {words[-1]}")
    for n in range(1, len(words)):
        head = " ".join(words[:n])
        if head in place_keys or head in name_links._gazetteer():
            shorts.append(" ".join(words[n:]))
    if words[-1] in DESIGNATORS:
        shorts.extend(" ".join(words[:n]) for n in range(1, len(words)))
    return shorts


_WORDS = st.sampled_from(["syria", "army", "front", "ministry", "center", "colts", "new", "york"])
_KEYS = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)


@given(
    key=_KEYS,
    place_keys=st.frozensets(_KEYS, max_size=4),
    other_keys=st.frozensets(_KEYS, max_size=6),
    person_like=st.booleans(),
)
def test_short_forms_are_the_ones_every_head_tried_gave_that_some_form_has(
    key: str, place_keys: frozenset[str], other_keys: frozenset[str], person_like: bool
) -> None:
    """Only a form's key is ever looked up among the short forms: those must be the same."""
    form = Form("org", key, (), None, [])
    keys = {key} | place_keys | other_keys
    by_words = name_links._KeysByWords
    known = (by_words(keys), by_words(keys, backwards=True))
    now = name_links._short_forms_of(form, False, by_words(place_keys), known, person_like)
    before = _short_forms_before(form, place_keys, person_like)
    assert set(now) <= set(before)
    assert set(now) & keys == set(before) & keys


class _CountedText(str):
    """A mention's text that counts the characters its subscripts hand out."""

    __slots__ = ()
    read = 0

    def __getitem__(self, at: Any) -> Any:
        got = super().__getitem__(at)
        _CountedText.read += len(got)
        return got


def _characters_read_cutting(repeats: int) -> int:
    _CountedText.read = 0
    pieces = pieces_of(_CountedText("The " + "Rebels' Forces' Fighters' " * repeats + "Army"))
    assert len(pieces) == 3 * repeats  # the last possessive leaves one word: no cut
    return _CountedText.read


def test_a_name_full_of_possessives_is_cut_reading_it_once() -> None:
    """The rest of the span was split after each inner possessive, to see whether a name
    follows: n^2 characters for a span of n possessives."""
    work = [_characters_read_cutting(repeats) for repeats in (200, 800)]
    assert work[1] <= GROWTH_BAR * work[0], work


_SPAN_TEXT = st.lists(
    st.sampled_from(
        ["Rebels", "forces", "Army", "'", "\u2019", "s", " ", "\t", "\u00a0", "(", "]"]
    ),
    max_size=40,
).map("".join)


def _pieces_before(text: str) -> list[tuple[int, int]]:
    """The pieces as they were cut before: the rest of the span split after each possessive."""
    cuts: list[tuple[int, int]] = []
    for bracket in re.finditer(r"\s*[()\[\]]\s*", text):
        cuts.append((bracket.start(), bracket.end()))
    for owner in re.finditer(r"(?<=\w)['\u2019]s?(?=\s+\S)", text, re.IGNORECASE):
        rest = text[owner.end() :].split()
        if len(rest) >= 2 and rest[0][:1].isupper():
            cuts.append((owner.end(), owner.end()))
    pieces, at = [], 0
    for start, end in sorted(cuts):
        pieces.append((at, start))
        at = end
    pieces.append((at, len(text)))
    edges = ",;:!?\"“”'‘’()[]"
    trimmed = []
    for start, end in pieces:
        while start < end and (text[start].isspace() or text[start] in edges):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in edges):
            end -= 1
        if end > start:
            trimmed.append((start, end))
    return trimmed


@given(text=_SPAN_TEXT)
def test_pieces_are_the_ones_splitting_the_rest_gave(text: str) -> None:
    assert [(p.start, p.end) for p in pieces_of(text)] == _pieces_before(text)


def _vowel_name(n: int) -> str:
    """Names of one consonant skeleton, differing only in their vowels: "Badarankazal"."""
    name = "B"
    for consonant in "drnkzl":
        name += "aeiou"[n % 5] + consonant
        n //= 5
    return name


def _comparisons_linking(names: int, monkeypatch: pytest.MonkeyPatch) -> int:
    compared = 0
    agree = name_links._spellings_agree

    def counted(a: Form, b: Form) -> bool:
        nonlocal compared
        compared += 1
        return agree(a, b)

    monkeypatch.setattr(name_links, "_spellings_agree", counted)
    mentions = []
    for n in range(names):
        name = _vowel_name(7 * n)
        mentions.append(Mention(f"a{n % 2}", 0, len(name), name, "person"))
    assert group_entities(mentions)
    monkeypatch.undo()
    return compared


def test_spellings_of_one_skeleton_cost_comparisons_in_proportion_to_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every spelling of a consonant skeleton was compared with every other: n^2 comparisons
    for a report naming n people whose names differ only in their vowels."""
    work = [_comparisons_linking(names, monkeypatch) for names in (200, 800)]
    assert work[1] <= GROWTH_BAR * work[0], work


def _every_pair_by_skeleton(forms: list[Form], groups: name_links.Groups) -> None:
    """The transliteration links as they were made before: every pair of a skeleton compared."""
    by_skeleton: dict[tuple[str, ...], list[int]] = {}
    for i, form in enumerate(forms):
        by_skeleton.setdefault(form.skeleton, []).append(i)
    for members in by_skeleton.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if name_links._spellings_agree(forms[i], forms[j]):
                    groups.union(i, j)


_LETTERS = st.lists(st.sampled_from(["b", "d", "r", "a", "e", "i", "o", "y", "n"]), max_size=7)
_SPELLINGS = st.lists(_LETTERS.map("".join).filter(bool), min_size=1, max_size=2).map(" ".join)


@given(
    spellings=st.lists(
        st.tuples(st.sampled_from(["person", "org", "place", "group"]), _SPELLINGS),
        unique=True,
        max_size=30,
    )
)
def test_spellings_link_as_when_every_pair_of_a_skeleton_was_compared(
    spellings: list[tuple[str, str]],
) -> None:
    forms = [
        Form(label, key, name_skeleton(key), None, [Mention("a", 0, len(key), key, label)])
        for label, key in spellings
    ]
    now = name_links.link_forms(forms)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(name_links, "_link_transliterations", _every_pair_by_skeleton)
        before = name_links.link_forms(forms)
    assert [now.find(i) for i in range(len(forms))] == [before.find(i) for i in range(len(forms))]


_SPACED_TEXT = st.lists(
    st.sampled_from(["of", "A", " ", "  ", "\t", "\u00a0", "(", "o"]), max_size=12
)


@given(words=_SPACED_TEXT, data=st.data())
def test_of_is_found_where_searching_from_every_space_found_it(
    words: list[str], data: st.DataObject
) -> None:
    text = "".join(words)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    now = _of_between(text, start, end)
    before = re.compile(r"\s+of\s+").search(text, start, end)
    assert (now and now.span()) == (before and before.span())


@given(words=_SPACED_TEXT)
def test_brackets_cut_where_searching_from_every_space_cut(words: list[str]) -> None:
    text = "".join(words)
    assert [(p.start, p.end) for p in pieces_of(text)] == _pieces_before(text)


class _CountedList(list[str]):
    """A name's plain words that count the words each subscript hands out, slices counted too."""

    read = 0

    def __getitem__(self, at: Any) -> Any:
        got = super().__getitem__(at)
        if isinstance(at, slice):
            _CountedList.read += len(got)
            return _CountedList(got)
        _CountedList.read += 1
        return got


def _words_read_keying(repeats: int, monkeypatch: pytest.MonkeyPatch) -> int:
    words = name_keys.words_of
    monkeypatch.setattr(name_keys, "words_of", lambda text: _CountedList(words(text)))
    name_keys.name_key.cache_clear()
    _CountedList.read = 0
    name = "Acme" + " Co" * repeats + " Ltd"
    mentions = [Mention(a, 4, 4 + len(name), name, "org") for a in ("a", "b")]
    assert group_entities(mentions)
    monkeypatch.undo()
    name_keys.name_key.cache_clear()
    return _CountedList.read


def test_a_name_of_many_legal_forms_is_keyed_cutting_them_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A name's trailing legal forms ("Co", "Ltd") were dropped one copy of its words at a
    time: n^2 words copied for a name of n of them."""
    work = [_words_read_keying(repeats, monkeypatch) for repeats in (200, 800)]
    assert work[1] <= GROWTH_BAR * work[0], work


@given(words=st.lists(st.sampled_from(["acme", "co", "ltd", "city", "province", "x"]), max_size=8))
def test_trailing_words_are_dropped_as_one_at_a_time_dropped_them(words: list[str]) -> None:
    for dropped in (name_keys.COMPANY_SUFFIXES, frozenset({"city", "province"})):
        before = list(words)
        while len(before) > 1 and before[-1] in dropped:
            before = before[:-1]
        assert name_keys._without_trailing(words, dropped) == before


def test_two_long_runs_of_capitals_are_not_read_against_each_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Closeness of spelling reads a pair's characters against each other: two 100 KB runs of
    # capitalised words, detected as one name each and apart only by their vowels, took
    # seconds, four times as long for twice the run.
    compared: list[int] = []
    ratio = name_links.fuzz.ratio

    def counted(a: str, b: str, **options: Any) -> float:
        compared.append(len(a) * len(b))
        return float(ratio(a, b, **options))

    monkeypatch.setattr(name_links.fuzz, "ratio", counted)
    run = "Russian Federation Army " * 400
    mentions = [
        Mention("a", 4, 4 + len(run) - 1, run.strip(), "org"),
        Mention("b", 4, 4 + len(run) - 1, run.strip().replace("a", "e"), "org"),
        Mention("a", 0, 12, "Mohammed Ali", "person"),
        Mention("b", 0, 12, "Muhammad Ali", "person"),
    ]
    entities = group_entities(mentions)
    # Ordinary transliterations are still read for closeness, and still linked.
    assert any({m.text for m in e.mentions} == {"Mohammed Ali", "Muhammad Ali"} for e in entities)
    assert compared and max(compared) <= 256 * 256  # no two names longer than 256 read
