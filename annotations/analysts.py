"""Who an analyst is: one name, normalised and checked the same way wherever it comes in."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from annotations.safe_text import clipped_line, single_line

__all__ = [
    "MAX_ANALYST_LENGTH",
    "SHOWN_CELLS",
    "analyst_name",
    "check_creator",
    "same_analyst",
    "shown_analyst",
]

MAX_ANALYST_LENGTH = 120
"""The most characters an analyst's name may have: a name, not a paragraph."""


def same_analyst(name: str) -> str:
    """The one spelling of `name` every analyst name is compared and kept in: Unicode NFC,
    without surrounding white space. "José" typed precomposed and "Jose" + U+0301 (as some
    keyboards and file systems give it) print alike, so they are one analyst."""
    if name.isascii():
        return name.strip()
    return unicodedata.normalize("NFC", name).strip()


def analyst_name(raw: str, *, what: str = "the analyst name") -> str:
    """`raw` as the analyst it names (`same_analyst`), or ValueError saying in one line why it
    names none: empty or white space only, or longer than `MAX_ANALYST_LENGTH` characters.

    Every entry point calls this: --analyst, the login name, the creators and history entries
    of an imported annotation file, and the desks a merge reads. Control characters are kept
    (they are the analyst's, and shown as stand-ins on screen like every untrusted string).
    """
    name = same_analyst(raw)
    if not name:
        raise ValueError(f"{what} is empty: give the name of who tagged")
    if len(name) > MAX_ANALYST_LENGTH:
        raise ValueError(
            f"{what} {single_line(name[:24])!r}… is {len(name)} characters long; an analyst "
            f"name has at most {MAX_ANALYST_LENGTH}"
        )
    return name


def check_creator(creator: str, history: Iterable[str]) -> None:
    """ValueError unless `creator`, the analyst a record says made a tag, is one of the
    analysts of the tag's own history (when it has one): a tag is its last changer's, and a
    merge reads verdicts from the history, so a creator the history never names would export
    as one analyst while its verdicts are another's."""
    analysts = {same_analyst(name) for name in history}
    if analysts and same_analyst(creator) not in analysts:
        named = ", ".join(sorted(single_line(name[:40]) for name in analysts))
        raise ValueError(
            f"its creator {single_line(creator[:40])!r} made none of its history's changes "
            f"(by {named})"
        )


SHOWN_CELLS = 24
"""The most terminal cells an analyst's name takes where it is shown: wherever it is, the
verdict, note or hint beside it stays in sight."""


def shown_analyst(name: str) -> str:
    """`name` as every screen and report line shows it: one safe line of at most
    `SHOWN_CELLS` cells, "…" ending a longer one."""
    return clipped_line(name, SHOWN_CELLS)
