"""A text made only of names, with no sentence punctuation, is one long name span: reading it
for claims, entities and sources costs work in proportion to its length, not to its square or
cube. The work is counted (characters whose name key is computed), not timed."""

from __future__ import annotations

import itertools

import pytest

from annotations.articles import article_from_text
from annotations.claims import find_claims
from annotations.compare import compare, name_keys
from annotations.detection import detect
from annotations.sourcing import sourcing_of

FIRST = ("John", "Mary", "Ahmed", "Olga", "Pierre", "Chen", "Abu Bakr", "Sheikh Hassan")
LAST = ("Smith", "Petrov", "al-Baghdadi", "Dubois", "K. Kowalski", "Okafor", "bin Laden")

RUNS = {
    "names only": " ",
    "names in capitals": " ",
    "names joined by and": " and ",
    "names of places": " of ",
}


def names_text(words: int, joint: str, capitals: bool) -> str:
    """`words` first and last names in turn, joined by `joint`, with no full stop."""
    pairs = itertools.cycle(itertools.product(FIRST, LAST))
    names = [" ".join(next(pairs)) for _ in range(words // 2)]
    text = joint.join(names)
    return text.upper() if capitals else text


def key_work(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Characters read for name keys while `newsdesk claims` reads the text: its detection,
    claims, comparison (entities and their names) and sources."""
    read = 0
    tokens = name_keys._tokens

    def counted(name: str, label: str = "") -> list[str]:
        nonlocal read
        read += len(name)
        return tokens(name, label)

    name_keys.name_key.cache_clear()
    monkeypatch.setattr(name_keys, "_tokens", counted)
    article = article_from_text(text, path="names.txt")
    spans = detect(article.text)
    claims = find_claims(article.id, article.text, spans)
    comparison = compare([(article, spans, claims)])
    sourcing = sourcing_of(article.id, article.text, spans)
    for claim in claims:
        sourcing.claim(claim, comparison, [])
    monkeypatch.undo()
    name_keys.name_key.cache_clear()
    return read


@pytest.mark.parametrize("run", RUNS)
def test_a_run_of_names_costs_work_in_proportion_to_its_length(
    run: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = key_work(names_text(150, RUNS[run], "capitals" in run), monkeypatch)
    assert work > 0
    for words in (300, 600):
        # Twice the names, about twice the work: a cubic reading (every stretch of the span
        # keyed in full) takes eight times as much, a quadratic one four.
        more = key_work(names_text(words, RUNS[run], "capitals" in run), monkeypatch)
        assert more <= 2.6 * work, (words, work, more)
        work = more
