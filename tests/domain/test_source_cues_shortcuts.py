"""The shortcuts of finding sources against the plain definitions: the speech verbs, grouped
by first letter, match where and what the plain alternation of the words matches, in every
sentence; a search among the next few starts finds what a search of them all finds."""

from __future__ import annotations

import bisect
import random
import re

from annotations.attribution import _index_from
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
