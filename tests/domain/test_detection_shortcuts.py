"""The highlighter's faster paths agree with the plain definitions they replace."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotations.detection.article import RUN, capitalised_runs

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
    ],
)
def test_capitalised_runs_written_by_hand(text: str) -> None:
    _runs_agree(text)


def test_capitalised_runs_of_random_text() -> None:
    pieces = list("Aa x-'’.,\n\tŁé&") + [
        "al-", "Al-", "ash-", "del-", "bin-", "ibn-", "abu-", "le-", "of ", "the ", "'s ",
        "Bo", "U.S.", "of the ",
    ]
    rng = random.Random(13)
    for _ in range(5000):
        _runs_agree("".join(rng.choice(pieces) for _ in range(rng.randint(1, 16))))


def test_capitalised_runs_of_the_seeds() -> None:
    for path in SEEDS:
        _runs_agree(path.read_text(encoding="utf-8"))
