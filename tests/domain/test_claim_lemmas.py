"""Every claim's lemma sets, read without keeping its words, are those of its words in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotations.compare.events import ClaimWords, claim_lemmas

_PIECES = st.sampled_from(
    [
        "killed",
        "the",
        "Konashenkov",
        "'s",
        "quake",
        "Saturday",
        "strikes",
        "Gen.",
        "x5",
        "5",
        "it's",
        "a",
        "\u0130stanbul",
        "dismissal",
    ]
)
_GLUE = st.sampled_from([" ", " ", "", "-", "'", "\u2019", ", ", "_"])


@st.composite
def _claims(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text of news words, glued so that words may run across a name's edge, and names that
    may touch, overlap or run past its end."""
    pieces = draw(st.lists(st.tuples(_PIECES, _GLUE), max_size=12))
    text = "".join(word + glue for word, glue in pieces)
    edge = st.integers(0, len(text) + 2)
    names = draw(st.lists(st.tuples(edge, edge).map(lambda ab: (min(ab), max(ab))), max_size=4))
    return text, names


@given(_claims())
def test_claim_lemmas_are_those_of_the_words_read_in_order(
    claim: tuple[str, list[tuple[int, int]]],
) -> None:
    text, names = claim
    read = ClaimWords.of(text, names)
    actions, others = claim_lemmas(text, names)
    assert actions == read.action_lemmas()
    assert others == read.lemmas() - read.action_lemmas()
