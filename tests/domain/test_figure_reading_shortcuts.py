"""Reading what figures count, by the faster paths, agrees with the plain definitions they
replace (written out here) on generated text and on the seeds."""

from __future__ import annotations

import random
import re
from pathlib import Path

from annotations.compare import counted
from annotations.compare.counted import Counted, counted_thing, lemma, share_of
from annotations.detection import detect

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|\d[\d,.]*|[()\[\]]|[^\sA-Za-z\d]")


def plain_counted_thing(text: str, end: int, limit: int | None = None) -> Counted:
    """`counted_thing` as first written: every token of the 200 characters, then the rules."""
    stop = len(text) if limit is None else limit
    tokens = _TOKEN.findall(text[end : min(stop, end + 200)])
    i = 0
    part_of = False
    if len(tokens) > 1 and tokens[0].casefold() == "of":
        if tokens[1].casefold() in counted._PRONOUN_OF:
            part_of = True
            i = 2
            while i < len(tokens) and tokens[i].casefold() in counted._BE:
                i += 1
        else:
            i = 1
            if i < len(tokens) and tokens[i].casefold() in ("the", "its", "their"):
                i += 1
    modifiers: list[str] = []
    depth = 0
    words = 0
    while i < len(tokens) and words < 8:
        token = tokens[i]
        i += 1
        if token in "([":
            depth += 1
            continue
        if token in ")]":
            depth = max(0, depth - 1)
            continue
        if depth:
            continue
        if not token[0].isalpha():
            break
        words += 1
        low = token.casefold()
        if low in counted._SCALE_WORDS:
            continue
        if token[0].isupper() or low.endswith(("'s", "\u2019s")):
            modifiers.append(token)
            continue
        if low in counted._FUNCTION_WORDS and low not in counted._IRREGULAR:
            break
        if counted._looks_plural(token) or low in counted._SINGULAR_HEADS:
            return Counted(token, lemma(token), tuple(modifiers), part_of)
        modifiers.append(token)
    return Counted("", "", (), part_of)


# Figures as the reports write them, the words that follow them, and marks and letters the
# tokens treat apart (accents, curly apostrophes, dashes, non-ASCII digits and spaces).
_PIECES = (
    "up to 80 ",
    "more than 60 ",
    "some 120 ",
    "40-50 ",
    "$5 million ",
    "€3.5bn ",
    "12% ",
    "8 October 2017 ",
    "120 80 ",
    "60 of them were ",
    "of those reportedly ",
    "of the ",
    "of its ",
    "of ",
    "them ",
    "were ",
    "to be ",
    "the ",
    "foreign ",
    "Tunisian ",
    "ISIS ",
    "group's ",
    "Daesh\u2019s ",
    "fighters",
    "mercenaries ",
    "people ",
    "soldier ",
    "civilians ",
    "children ",
    "hundred ",
    "thousand ",
    "dozen ",
    "killed ",
    "bus ",
    "analysis ",
    "(",
    ")",
    "[",
    "]",
    "(about 30) ",
    ", ",
    ". ",
    "\n\n",
    "-",
    "'",
    "\u2019",
    "\u2014",
    "\u00a0",
    "\u0663\u0660 ",
    "\u00e9lite ",
    "caf\u00e9s ",
    "\u6218\u58eb ",
    "  ",
    "a b c d e f g h i ",
)


def _texts(count: int, most: int, seed: int) -> list[str]:
    """`count` texts of up to `most` pieces drawn at random (always the same draw); the
    empty text first."""
    rng = random.Random(seed)
    return [""] + [
        "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, most))) for _ in range(count)
    ]


def test_counted_thing_agrees_with_the_plain_reading_of_random_text() -> None:
    rng = random.Random(7)
    for text in _texts(300, 12, seed=3):
        for end in range(len(text) + 1):
            for limit in (None, len(text), end, max(0, end - 2), end + rng.randint(0, 60)):
                assert counted_thing(text, end, limit) == plain_counted_thing(text, end, limit), (
                    text,
                    end,
                    limit,
                )


def test_counted_thing_agrees_past_the_first_words_of_a_long_phrase() -> None:
    # Parentheticals and modifiers that run the noun far from the figure, up to the 200th
    # character and the eighth word.
    rng = random.Random(11)
    for _ in range(300):
        words = [rng.choice(("(", ")", "foreign ", "ISIS ", "hundred ", "x" * rng.randint(1, 40)))]
        words += [rng.choice(_PIECES) for _ in range(rng.randint(0, 30))]
        text = "60 " + " ".join(words) + " fighters were killed"
        for end in (2, 3):
            assert counted_thing(text, end) == plain_counted_thing(text, end), text


def test_counted_thing_agrees_on_every_figure_of_the_seeds() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        for span in detect(text):
            for limit in (None, span.end + 30):
                assert counted_thing(text, span.end, limit) == plain_counted_thing(
                    text, span.end, limit
                ), (path.name, span)


def plain_share_of(text: str, start: int, end: int, value: float) -> tuple[float, int] | None:
    """`share_of` as first written: the 24 characters after the count copied and matched."""
    if 0 < value < 1:
        return value * 100, end
    after = re.match(r"[\s-]+([A-Za-z]+)\s+of\b", text[end : end + 24])
    if after is None or value < 1:
        return None
    denominator = counted._FRACTION_NOUNS.get(after.group(1).casefold())
    if denominator is None or value >= denominator:
        return None
    return value / denominator * 100, end + after.end(1)


_SHARE_PIECES = (
    "half of ",
    "two thirds of ",
    "-quarters of the ",
    " fifths of",
    "tenth of\u00e9 ",
    "halves ofx ",
    "Third  of ",
    "quarter offensive ",
    "\u00a0half\u00a0of ",
    "3 ",
    "of ",
    " ",
    "-",
    "\n",
)
_SHARE_VALUES = (-1.0, 0.0, 0.25, 0.5, 1.0, 2.0, 3.0, 4.0, 9.0, 10.0, 12.0)


def test_share_of_agrees_with_the_plain_reading() -> None:
    rng = random.Random(5)
    texts = [
        "".join(rng.choice(_SHARE_PIECES) for _ in range(rng.randint(1, 8))) for _ in range(300)
    ]
    # "of" exactly at the 24th character, a word running on past it or not.
    texts += [
        f"3{' ' * pad}{word}{' ' * (24 - pad - len(word) - 2)}of{tail}"
        for word in ("half", "thirds", "quarters", "tenth")
        for pad in range(1, 6)
        for tail in ("", "fensive", " the", "\u00e9")
    ]
    for text in ["", *texts]:
        for end in range(len(text) + 1):
            for value in _SHARE_VALUES:
                assert share_of(text, 0, end, value) == plain_share_of(text, 0, end, value), (
                    text,
                    end,
                    value,
                )


def plain_qualifiers(thing: Counted) -> tuple[str, ...]:
    """`Counted.qualifiers` as first written."""
    implied = counted._SAME_COUNT.get(thing.lemma, (thing.lemma, ()))[1]
    found = {m.casefold() for m in thing.modifiers if m.casefold() in counted.QUALIFIERS}
    found |= {m.casefold() for m in thing.modifiers if counted.is_demonym(m)}
    return tuple(sorted(found | set(implied)))


def test_what_a_noun_implies_is_written_sorted_and_without_repeats() -> None:
    for _, implied in counted._SAME_COUNT.values():
        assert implied == tuple(sorted(set(implied)))


def test_qualifiers_and_phrase_agree_with_the_plain_reading() -> None:
    rng = random.Random(9)
    lemmas = [*counted._SAME_COUNT, "civilian", "person", "", "dollar", "\u00e9lite"]
    words = ["foreign", "Foreign", "LOCAL", "wounded", "Tunisian", "Chechen", "ISIS", "Daesh's"]
    words += ["armed", "air", "senior", "new", "\u00c9gyptian", "Iraqi", "x"]
    for _ in range(3000):
        modifiers = tuple(rng.choice(words) for _ in range(rng.choice((0, 0, 1, 2, 4))))
        head = rng.choice(("fighters", "mercenaries", "", "people", " "))
        thing = Counted(head, rng.choice(lemmas), modifiers, rng.random() < 0.5)
        assert thing.qualifiers == plain_qualifiers(thing), thing
        assert thing.phrase == " ".join((*thing.modifiers, thing.head)).strip(), thing
