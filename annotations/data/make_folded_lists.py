"""Write the word lists as the name grouping compares them: place keys and plain names.

    python -m annotations.data.make_folded_lists

The grouping compares names by `name_key` and `plain`; folding the lexicon's thousands of
places and first names so took 30 ms of every compare (a few of them are not ASCII, and the
first of those loads the transliteration tables), for the same result each time. Run this
again after changing the place or first-name lists (places.txt, countries.txt,
first_names.txt, the lexicon's own lines) or how `name_key` or `plain` read a name:
tests/domain/test_folded_lists.py fails until then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from annotations.compare.name_keys import name_key, plain
from annotations.detection.lexicon import COUNTRIES, FIRST_NAMES, PLACES

HERE = Path(__file__).resolve().parent


def _lines(fold: Callable[[str], str], names: Iterable[str]) -> str:
    return "".join(f"{folded}\n" for folded in sorted({fold(name) for name in names}))


def folded_lists() -> dict[str, str]:
    """Each file's name and content: the folded names, each once, one a line, sorted."""
    return {
        "place_keys.txt": _lines(name_key, PLACES | COUNTRIES),
        "places_plain.txt": _lines(plain, PLACES | COUNTRIES),
        "first_names_plain.txt": _lines(plain, FIRST_NAMES),
    }


def main() -> None:
    for name, content in folded_lists().items():
        (HERE / name).write_text(content, encoding="utf-8")


if __name__ == "__main__":
    main()
