"""The shortcuts of finding sources against the plain definitions: the speech verbs, grouped
by first letter, match where and what the plain alternation of the words matches, in every
sentence; a search among the next few starts finds what a search of them all finds."""

from __future__ import annotations

import bisect
import random
import re

from annotations.attribution import Attributions, _index_from, _toggles, attribute
from annotations.source_cues import _VERB

_PLAIN = re.compile(
    r"(?<![\w'\u2019-])(?:said|says|say|told|tells|reported|claimed|added|adds|stated|announced"
    r"|announces|confirmed|confirms|accused|accuses|alleged|alleges|insisted|insists|noted|warned"
    r"|warns|wrote|writes|explained|explains|declared|declares|denied|denies|estimated|quoted"
    r"|cited|(?:reports|claims|notes|states|estimates|quotes|cites)(?=\s+that\b|\s*[,:]))"
    r"(?![\w-])(?!\s+to\s+[a-z])"
)
"""The speech verb as it was written before it was grouped: the reference."""

_VERBS = """said says say told tells reported claimed added adds stated announced announces
confirmed confirms accused accuses alleged alleges insisted insists noted warned warns wrote
writes explained explains declared declares denied denies estimated quoted cited reports claims
notes states estimates quotes cites report claim tell sa sai saying tolds asked""".split()

_PIECES = _VERBS + [
    " ", " ", " ", "  ", "\t", "\n", ",", ", ", ":", " : ", ".", "-", "'", "\u2019", '"', "\u201c",
    "\u201d", "``", "''", "(", ")", "_", "x", "The ministry ", "It ", "he ", "they ", "is ",
    "was ", "been ", "according to ", "Konashenkov", "AFP", "to ", " to be", " to withdraw",
    " to AFP", " to  x", " to\nz", " that ", " thatch", " that", " TO be", "told AFP ",
    "\u00e9t\u00e9", "\u0130", "\u212a", "\u00df", "\u0661", "\x1b[31m", "SAID", "Said", "sAid",
]


def _sentence(rng: random.Random) -> str:
    size = rng.choice((0, 1, 2, 5, 12, 40, 300))
    return "".join(rng.choice(_PIECES) for _ in range(size))


def _found(pattern: re.Pattern[str], sentence: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(sentence)]


def test_the_grouped_verbs_match_as_the_plain_alternation() -> None:
    rng = random.Random(20261203)
    matched = 0
    for _ in range(20_000):
        sentence = _sentence(rng)
        expected = _found(_PLAIN, sentence)
        assert _found(_VERB, sentence) == expected, sentence
        matched += bool(expected)
    assert matched > 5_000  # (the inputs do hold verbs: the test compares something)


def test_each_verb_alone_and_in_a_frame_matches_as_the_plain_alternation() -> None:
    for verb in _VERBS:
        for frame in ("{}", "x {}", "{} that", "{}, x", "{}:", "{} to be", "'{}", "{}-x", "{}s"):
            sentence = frame.format(verb)
            assert _found(_VERB, sentence) == _found(_PLAIN, sentence), sentence


def test_a_search_from_a_known_lower_bound_finds_what_bisect_finds() -> None:
    rng = random.Random(7)
    for _ in range(20_000):
        starts = sorted(rng.choices(range(60), k=rng.choice((0, 1, 3, 9, 30))))
        value = rng.randrange(-2, 64)
        expected = bisect.bisect_left(starts, value)
        # Any lower bound the caller may give: every start before it is below `value`.
        lo = rng.randrange(0, expected + 1)
        assert _index_from(starts, value, lo) == expected, (starts, value, lo)


_QUOTED = ["He said", " ", "\n", "\n\n", '"', "\u201c", "\u201d", "``", "''", ". ", "! ", "? "]
_QUOTED += ["It rose.", "The army said.", "\u201cWe won,\u201d he said.", "x", "Mr. Li", "'"]


def _open_read_whole(text: str, bounds: list[tuple[int, int]], n: int) -> bool:
    """Whether a quotation is open where sentence `n` begins: every sentence of its
    paragraph before it read, in order."""
    first = n
    while first > 0 and "\n" not in text[bounds[first - 1][1] : bounds[first][0]]:
        first -= 1
    inside = False
    for k in range(first, n):
        inside = _toggles(text[bounds[k][0] : bounds[k][1]], inside)
    return inside


def test_a_quotation_open_where_a_sentence_begins_is_as_reading_its_paragraph_finds() -> None:
    rng = random.Random(11)
    for _ in range(3_000):
        text = "".join(rng.choice(_QUOTED) for _ in range(rng.choice((0, 1, 4, 15, 60))))
        found = Attributions(text)
        order = list(range(len(found)))
        rng.shuffle(order)
        for n in order:
            # Asked in any order, the next sentence's too, as `_carried` asks.
            assert found._open(n) == _open_read_whole(text, found.bounds, n), (text, n)
            if n + 1 < len(found) and rng.random() < 0.5:
                assert found._open(n + 1) == _open_read_whole(text, found.bounds, n + 1)
        # The sources found in any order are those found in order.
        again = Attributions(text)
        assert [again[n] for n in order] == [found[n] for n in order]
        assert [found[n] for n in range(len(found))] == attribute(text)
