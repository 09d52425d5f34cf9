"""Finding a sentence's source reads each cue's neighbourhood, not the rest of the sentence:
a sentence of a thousand cues costs a thousand times one, not a million."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.articles import Article
from annotations.attribution import attribute
from annotations.claims import find_claims
from annotations.compare import compare_articles
from annotations.detection import detect
from annotations.safe_text import blank_sequences
from annotations.source_cues import (
    _PHRASE_STOP,
    _QUOTES,
    _closes_sentence,
    _closing_marks,
    _phrase_after,
    own_source,
)
from annotations.sourcing import MergedKeys, sourcing_of
from tests.counting import SlicesCounted


def _copied(sentence: str) -> int:
    spans = detect(sentence)
    SlicesCounted.copied = 0
    found = attribute(SlicesCounted(sentence), spans)
    assert found and found[0][2] is not None
    return SlicesCounted.copied


def test_a_sentence_of_many_according_tos_reads_each_phrase_once() -> None:
    def sentence(cues: int) -> str:
        middle = "according to officials in Mayadeen, " * cues
        return f"The army advanced {middle}the Observatory said.\n"

    small, large = _copied(sentence(200)), _copied(sentence(800))
    assert large <= 4.5 * small, (small, large)  # four times the cues; quadratic is sixteen


def test_a_sentence_of_many_speakers_is_not_read_to_its_end_for_each() -> None:
    def sentence(cues: int) -> str:
        # A quotation closes the sentence: no cue is its closing frame, every one is asked.
        middle = "the ministry said, the army said, " * cues
        return f'Fighting went on in Mayadeen as {middle}officials said "it is over".\n'

    small, large = _copied(sentence(200)), _copied(sentence(800))
    assert large <= 4.5 * small, (small, large)


_PIECES = [" ", "  ", ",", ".", '"', "``", "''", "\u201c", "\u201d", "(", ";", " who ", "a", "Army"]
_PIECES += ["according to", "the", "officials", "word" * 40, "\x1b[31m", "\x1b]0;t\x07"]


@given(st.lists(st.sampled_from(_PIECES), max_size=120).map("".join), st.integers(0, 600))
@settings(max_examples=500, deadline=None)
def test_the_phrase_after_a_cue_is_what_reading_the_whole_sentence_finds(
    sentence: str, window: int
) -> None:
    # The plain definition: the rest of the sentence read whole.
    whole = blank_sequences(sentence)
    stop = _PHRASE_STOP.search(whole)
    phrase = whole[: stop.start() if stop else len(whole)].rstrip(". ")
    expected = None if len(phrase.split()) > 12 else phrase
    text = "x" * window + sentence
    assert _phrase_after(text, window, len(text)) == expected


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join), st.data())
@settings(max_examples=500, deadline=None)
def test_a_closing_frame_is_told_as_reading_the_rest_of_the_sentence_would(
    sentence: str, data: st.DataObject
) -> None:
    lead = "x," * data.draw(st.integers(0, 100))  # the sentence inside a longer text
    text = lead + sentence
    start, end = len(lead), len(text)
    at = data.draw(st.integers(start, end))
    # The plain definition: the rest of the sentence read whole.
    before, rest = text[max(0, at - 160) : at], text[at:end]
    expected = max(before.rfind(","), max(before.rfind(q) for q in _QUOTES)) >= 0 and (
        not any(q in rest for q in _QUOTES) and rest.count(",") <= 1
    )
    assert _closes_sentence(text, at, *_closing_marks(text, start, end)) == expected


class _Walked(list):  # type: ignore[type-arg]
    """A list that counts the items walked through."""

    walked = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in list.__iter__(self):
            _Walked.walked += 1
            yield item


def _person(n: int) -> str:
    letters = "".join("bcdfghklmnprstvz"[(n >> (4 * k)) & 15] for k in range(3))
    return f"{letters.capitalize()}a {letters[::-1].capitalize()}ov"


def test_each_claims_source_is_named_without_walking_every_entity() -> None:
    # `newsdesk claims` names each claim's source after its entity: every entity was walked
    # for every claim, time quadratic in a report of many speakers.
    def walked(speakers: int) -> int:
        text = "".join(f"{_person(n)} said the army advanced. " for n in range(speakers))
        article = Article(id="a", title="t", text=text)
        spans = detect(text)
        comparison = compare_articles([article])
        comparison.entities = _Walked(comparison.entities)
        found = sourcing_of(article.id, text, spans)
        _Walked.walked = 0
        named = [
            found.claim(claim, comparison).source_entity for claim in find_claims("a", text, spans)
        ]
        assert named[-1] == _person(speakers - 1)
        return _Walked.walked

    small, large = walked(100), walked(400)
    assert large <= 4.5 * small, (small, large)


def _followed_afresh(key: str, merges: list[dict[str, str]]) -> set[str]:
    """The plain definition of a key's group: the decisions followed until it stops growing."""
    group, grew = {key}, True
    while grew:
        grew = False
        for merge in merges:
            pair = {merge.get("key_a", ""), merge.get("key_b", "")}
            if pair & group and not pair <= group:
                group |= pair
                grew = True
    return group


_KEYS = st.sampled_from(["a", "b", "c", "d", "e", "f", ""])


@given(
    st.lists(st.fixed_dictionaries({}, optional={"key_a": _KEYS, "key_b": _KEYS}), max_size=12),
    _KEYS,
)
@settings(max_examples=500, deadline=None)
def test_merged_keys_group_a_key_as_following_the_decisions_does(
    merges: list[dict[str, str]], key: str
) -> None:
    assert MergedKeys(merges).group(key) == _followed_afresh(key, merges)


class _Asked(dict):  # type: ignore[type-arg]
    """A decision that counts the questions asked of it."""

    asked = 0

    def get(self, *args):  # type: ignore[no-untyped-def,override]
        _Asked.asked += 1
        return dict.get(self, *args)


def test_a_chain_of_merges_is_followed_once_for_every_source() -> None:
    # Followed afresh for each source, a chain of n decisions cost n passes of n decisions.
    def asked(chain: int) -> int:
        merges = [_Asked(key_a=f"k{n}", key_b=f"k{n + 1}") for n in range(chain)]
        _Asked.asked = 0
        merged = MergedKeys(merges)
        assert all(len(merged.group(f"k{n}")) == chain + 1 for n in range(0, chain, 7))
        return _Asked.asked

    assert asked(2_000) <= 4.5 * asked(500)


class _NamesRead(list):  # type: ignore[type-arg]
    """A sentence's names that count how many of them are walked through or copied."""

    read = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        _NamesRead.read += len(self)
        return list.__iter__(self)

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        found = list.__getitem__(self, key)
        if isinstance(key, slice):  # (one name looked up, as a bisection does, is not counted)
            _NamesRead.read += len(found)
        return found


def test_each_source_looks_only_at_the_names_inside_it() -> None:
    # Finding the name that heads each "according to" source listed every name of the
    # sentence, and copied those after it: a sentence of many named sources was quadratic.
    def read(cues: int) -> int:
        middle = "".join(f"according to {_person(n)}, " for n in range(cues))
        text = f"The army advanced {middle}and stopped.\n"
        names = _NamesRead(s for s in detect(text) if s.kind == "name")
        _NamesRead.read = 0
        assert own_source(text, 0, len(text) - 1, names) is not None
        return _NamesRead.read

    small, large = read(100), read(400)
    assert large <= 4.5 * small, (small, large)
