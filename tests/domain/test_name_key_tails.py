"""A name's key ends as the key of its last words does, whatever is written before them: the
grouping looks for a lost first word ("South Sudan" where the detector kept "Sudan") only at
the spellings whose key ends like another known name's."""

from __future__ import annotations

import pytest

from annotations.compare.name_keys import key_tail, name_key

BEFORE = ["South", "Al", "Raj", "President", "Acme", "K.", "O'Neil", "Bou", "Ḥomṣ", "The", "Co"]
"""Words written before a name: particles, titles, initials, legal forms, transliterations."""


@pytest.mark.parametrize(
    "name",
    [
        "Sudan",
        "Sergei Shoigu",
        "K. Chohan",
        "al-Assad",
        "Lohan's",
        "Chargers'",
        "U.S.-led",
        "ISIL-held",
        "Deir Ezzor province",
        "Acme Co",
        "Шойгу",
        "Ḥomṣ",
        "the Front",
        "Al",
        "X",
    ],
)
def test_a_key_ends_with_the_tail_of_the_last_words(name: str) -> None:
    tail = key_tail(name)
    assert tail is not None
    assert name_key(name).split(" ")[-1] == tail
    for before in BEFORE:
        for gap in (" ", "\t", "  "):
            assert name_key(before + gap + name).split(" ")[-1] == tail, before + gap + name


def test_legal_forms_alone_have_no_tail_of_their_own() -> None:
    assert key_tail("Co") is None
    assert key_tail("Inc. Ltd") is None
    assert name_key("Acme Inc. Ltd") == "acme"
