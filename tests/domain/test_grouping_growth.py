"""Grouping names across articles costs work in proportion to the names, not to their square:
twice the articles, names and analyst's decisions, at most a little over twice the work.

The work is counted, not timed: the lines of the grouping's own code that run (a loop over
pairs of mentions, or over every mention for each decision, shows there), and the name keys
computed (a spelling read again for each article that repeats it shows there)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from annotations.compare import Mention, group_entities, name_keys

GROUPING = Path(sys.modules[group_entities.__module__].__file__ or "").parent
"""The folder of the grouping's modules: their lines are the ones counted."""

GROWTH_BAR = 2.4
"""At most this much more work for twice the input (linear work doubles; quadratic work
would grow four times)."""


def _paragraph(n: int) -> list[tuple[str, str, str]]:
    """A report's paragraph naming person `n`, their organisation and town: pieces of (text
    before a name, the name, its label)."""
    given, family, group, town = f"Given{n}", f"Family{n}", f"Front{n}", f"Town{n}"
    return [
        ("", f"{given} {family} Meets {group} In {town}", "org"),  # a title-case headline
        ("\n", f"{given} {family}", "person"),
        (" said the ", f"{group} Front", "org"),
        (" had left ", town, "place"),
        (" on Monday. ", family, "person"),
        ("'s aide, ", f"Minister {given} {family}", "person"),
        (", told ", "Reuters", "org"),
        (" that ", family, "person"),
        (" of ", f"{town} Province", "place"),
    ]


def reports(people: int, per_article: int = 10) -> tuple[list[Mention], dict[str, str]]:
    """Articles of `per_article` paragraphs, each person named in two articles."""
    mentions: list[Mention] = []
    texts: dict[str, str] = {}
    for first in range(0, people, per_article):
        for copy in range(2):
            article_id = f"a{first}-{copy}"
            text = ""
            for n in range(first, min(people, first + per_article)):
                for before, name, label in _paragraph(n):
                    text += before
                    mentions.append(
                        Mention(article_id, len(text), len(text) + len(name), name, label)
                    )
                    text += name
                text += " would return.\n\n"
            texts[article_id] = text
    return mentions, texts


def _decisions(people: int) -> dict[str, Any]:
    """A merge for every person (by a spelling's key, not the entity's), one for every other
    organisation (by entity key), and a split for every tenth person."""
    return {
        "merges": [(f"family{n}", f"town{n}") for n in range(people)]
        + [(f"front{n} front", f"front{n + 1} front") for n in range(0, people, 2)],
        "splits": [(f"given{n} family{n}", f"Family{n}") for n in range(0, people, 10)],
    }


def grouping_work(people: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Lines of the grouping's code run, and name keys computed, grouping `people` people."""
    mentions, texts = reports(people)
    counted = 0
    keys = name_keys._tokens

    def counting_tokens(text: str, label: str = "") -> list[str]:
        nonlocal counted
        counted += 1
        return keys(text, label)

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal counted
        if not frame.f_code.co_filename.startswith(str(GROUPING)):
            return None
        counted += event == "line"
        return tracer

    name_keys.name_key.cache_clear()
    name_keys.token_bounds.cache_clear()
    monkeypatch.setattr(name_keys, "_tokens", counting_tokens)
    sys.settrace(tracer)
    try:
        entities = group_entities(mentions, texts=texts, **_decisions(people))
    finally:
        sys.settrace(None)
    assert sum(len(e.mentions) for e in entities) >= len(mentions)
    return counted


def test_the_reports_name_what_the_test_says() -> None:
    mentions, texts = reports(20)
    for m in mentions:
        assert texts[m.article_id][m.start : m.end] == m.text
    entities = group_entities(mentions, texts=texts)
    named = {m.name for e in entities for m in e.mentions}
    assert {"Given3 Family3", "Front3 Front", "Town3", "Reuters"} <= named
    assert "Given3 Family3 Meets Front3 In Town3" not in named  # a headline, read for its names


def test_grouping_work_grows_with_the_names(monkeypatch: pytest.MonkeyPatch) -> None:
    work = [grouping_work(people, monkeypatch) for people in (40, 80, 160)]
    growth = [later / earlier for earlier, later in zip(work, work[1:], strict=False)]
    assert all(g <= GROWTH_BAR for g in growth), f"work {work}: growth {growth} per doubling"
