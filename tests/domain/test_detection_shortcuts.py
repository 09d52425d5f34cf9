"""The highlighter's faster paths agree with the plain definitions they replace."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from annotations.detection import numbers
from annotations.detection.article import RUN, capitalised_runs
from annotations.detection.numbers import NUMBER_PATTERN

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _runs_agree(text: str) -> None:
    plain = [(m.span(), m.groups()) for m in RUN.finditer(text)]
    fast = [(m.span(), m.groups()) for m in capitalised_runs(text)]
    assert fast == plain, text


@pytest.mark.parametrize(
    "text",
    [
        "President Bashar al-Assad met Abu Bakr al-Baghdadi in Deir ez-Zor.",
        "al-Assad said; ash-Sham, del-Río and bin-Laden; xal-Assad, Al-Nusra's fighters",
        "ibn-Khaldun-Ibn Sina, le-Pen la-Paz de-Gaulle da-Silva an-Nur at-Tanf az-Zour",
        "Ómer Çelik and Łukashenka met in Łódź; the Élysée said the U.S. Army",
        "re-Al-Assad -al-Assad 'al-Assad ’Al Foo’s bar al-",
        # Runs opening with a particle before and inside one long run of capitals.
        "al-Bb, al-Cc; al-Dd Ee Ff Gg. The al-Assad Abu al-Shishani el-Sisi Abu-Bakr said",
        "X-Ab-Cd al-Ef-Gh, Q&al-Rs Tu-al-Vw (ash-Sham) Yz",
    ],
)
def test_capitalised_runs_written_by_hand(text: str) -> None:
    _runs_agree(text)


def _random_texts(pieces: list[str], count: int, most: int, joint: str) -> list[str]:
    """`count` texts of one to `most` pieces drawn at random (always the same draw)."""
    rng = random.Random(13)
    return [
        joint.join(rng.choice(pieces) for _ in range(rng.randint(1, most))) for _ in range(count)
    ]


_RUN_PIECES = list("Aa x-'’.,\n\tŁé&") + [
    "al-",
    "Al-",
    "ash-",
    "del-",
    "bin-",
    "ibn-",
    "abu-",
    "le-",
    "of ",
    "the ",
    "'s ",
    "Bo",
    "U.S.",
    "of the ",
]


def test_capitalised_runs_of_random_text() -> None:
    for text in _random_texts(_RUN_PIECES, 5000, 16, ""):
        _runs_agree(text)


def test_capitalised_runs_of_the_seeds() -> None:
    for path in SEEDS:
        _runs_agree(path.read_text(encoding="utf-8"))


# Words and marks figures are made of, and words that look like their openings but are not.
_FIGURE_PIECES = (
    "the The a A several Several few half one One two twenty-five hundred hundreds thousands "
    "million 5 12 2017 1990s 3.5 .5 $ £ € US$ NZ $ USD GBP EUR ( ) - – , . : / % km miles per "
    "cent percent between Between from From to and or past Past last next first coming previous "
    "spring Summer autumn fall winter of mid- early late Monday Tuesday, January Jan. Sept Sep "
    "May 5th 21st century up to more than less at least most as many no fewer not over under "
    "some about nearly approx. an estimated just well close tens scores dozen dozens days weeks "
    "years hours ago B.C. AD a.m. pm GMT 10:30 24/7 FEC 5/6 (555) 123-4567 12345-678 zero Ten "
    "TEN THE ABOUT theme another Marine Sunni often x"
).split()


# The number pattern without its look-ahead over the words a figure can open with.
_PLAIN_NUMBERS = re.compile(rf"(?<![\w.$£€-])(?:{numbers._BODY})(?![\w$£€])")


def _figures_agree(text: str) -> None:
    assert [m.span() for m in NUMBER_PATTERN.finditer(text)] == [
        m.span() for m in _PLAIN_NUMBERS.finditer(text)
    ], text


def test_figure_openings_of_random_text() -> None:
    for k, text in enumerate(_random_texts(_FIGURE_PIECES, 20000, 8, " ")):
        # Some pieces glued together too: "5km", "US$5", "Jan.5".
        _figures_agree(text.replace(" ", "", k % 4) if k % 3 == 0 else text)


def test_figure_openings_of_the_seeds() -> None:
    for path in SEEDS:
        _figures_agree(path.read_text(encoding="utf-8"))
