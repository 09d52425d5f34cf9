"""The word lists the name grouping reads folded (`annotations/data/*_plain.txt`,
`place_keys.txt`) are the lexicon's lists as `name_key` and `plain` fold them now: the files
are written again here and compared."""

from __future__ import annotations

import pytest

from annotations.compare import name_links, name_parts
from annotations.compare.name_keys import name_key, plain
from annotations.compare.name_parts import folded_list
from annotations.data.make_folded_lists import HERE, folded_lists
from annotations.detection.lexicon import COUNTRIES, FIRST_NAMES, PLACES


@pytest.mark.parametrize("name", folded_lists())
def test_each_shipped_file_is_what_the_script_writes_now(name: str) -> None:
    shipped = (HERE / name).read_text(encoding="utf-8")
    assert shipped == folded_lists()[name], "run: python -m annotations.data.make_folded_lists"


def test_the_grouping_reads_each_list_folded() -> None:
    assert name_links._gazetteer() == frozenset(name_key(p) for p in PLACES | COUNTRIES)
    assert name_parts._gazetteer() == frozenset(plain(p) for p in PLACES | COUNTRIES)
    assert name_parts.first_names() == frozenset(plain(n) for n in FIRST_NAMES)


def test_a_list_reads_back_as_written() -> None:
    for name in folded_lists():
        assert "".join(f"{line}\n" for line in sorted(folded_list(name))) == folded_lists()[name]
