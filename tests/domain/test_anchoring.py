"""Tests for re-anchoring tags after an article's text changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.anchoring import (
    CONTEXT_CHARS,
    Selector,
    TextAnchors,
    reanchor,
    reanchor_all,
    selector_for,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
ARTICLE = (SEEDS / "russian-strikes-kill-120-daesh-militants.txt").read_text(encoding="utf-8")
CLAIM = (
    "It said that its strikes killed 120 ISIS fighters and that 60 of them were foreign "
    "fighters from the former Soviet republics, Egypt and Tunisia."
)
# Same event, same figure, but about civilians: it must never capture a tag on CLAIM.
SIMILAR = (
    "It said that its strikes killed 120 civilians and that 60 of them were children "
    "from the villages near Egypt and Tunisia."
)


def tag(text: str, quote: str, occurrence: int = 0) -> Selector:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(quote, at + 1)
    return selector_for(text, at, at + len(quote))


def test_unchanged_text_is_exact() -> None:
    selector = tag(ARTICLE, CLAIM)
    found = reanchor(selector, ARTICLE)
    assert (found.status, found.start, found.end, found.score) == (
        "exact",
        selector.start,
        selector.end,
        1.0,
    )
    assert not found.text_changed


def test_text_inserted_before_a_claim_lands_on_the_same_sentence() -> None:
    selector = tag(ARTICLE, CLAIM)
    inserted = "UPDATE: this story has been updated with comment from the ministry.\n\n"
    new_text = inserted + ARTICLE
    found = reanchor(selector, new_text)
    assert found.status == "exact"
    assert (found.start, found.end) == (
        selector.start + len(inserted),
        selector.end + len(inserted),
    )
    assert new_text[found.start : found.end] == CLAIM
    assert found.score == 1.0 and not found.text_changed


def test_corrected_figure_is_reanchored_as_moved() -> None:
    selector = tag(ARTICLE, CLAIM)
    corrected = CLAIM.replace("killed 120", "killed 130")
    new_text = ARTICLE.replace(CLAIM, corrected)
    found = reanchor(selector, new_text)
    assert found.status == "moved" and found.text_changed
    assert found.start is not None and found.end is not None
    assert new_text[found.start : found.end] == corrected
    assert 0.86 <= found.score < 1.0


def test_deleted_sentence_is_an_orphan_even_beside_a_similar_one() -> None:
    selector = tag(ARTICLE, CLAIM)
    for new_text in (
        ARTICLE.replace(CLAIM, ""),
        ARTICLE.replace(CLAIM, SIMILAR),
        ARTICLE.replace(CLAIM, "") + "\n\n" + SIMILAR,
    ):
        found = reanchor(selector, new_text)
        assert found.status == "orphan", new_text
        assert (found.start, found.end) == (None, None)
        assert found.score < 0.86


def test_deleted_sentence_is_not_reattached_to_the_other_report_of_120() -> None:
    other = (SEEDS / "some-120-daesh-fighters-killed-moscow.txt").read_text(encoding="utf-8")
    found = reanchor(tag(ARTICLE, CLAIM), other)
    assert found.status == "orphan"


def test_two_identical_sentences_the_nearest_wins() -> None:
    sentence = "The ministry said 40 fighters were killed."
    text = f"Intro one. {sentence} Middle part. {sentence} Closing words."
    for occurrence in (0, 1):
        selector = tag(text, sentence, occurrence)
        shifted = "A new opening sentence. " + text
        found = reanchor(selector, shifted)
        assert found.status == "exact"
        assert found.start == selector.start + len("A new opening sentence. ")


def test_identical_sentences_with_the_same_context_go_to_the_nearest() -> None:
    sentence = "Fighting continued."
    block = f"{'x' * 40} {sentence} {'y' * 40}\n"
    text = "Headline\n" + block * 3
    selector = tag(text, sentence, 1)
    # Every copy has the same prefix and suffix, so only the distance can decide.
    new_text = block * 3
    found = reanchor(selector, new_text)
    assert found.status == "exact"
    assert found.start == selector.start - len("Headline\n")


def test_matching_context_beats_distance_for_identical_sentences() -> None:
    sentence = "Officials said the toll could rise."
    text = f"Strikes hit Mayadeen. {sentence} Aid stalled.\n\nIn Raqa, calm. {sentence} End."
    selector = tag(text, sentence, 1)
    long_insert = "Background paragraph. " * 20
    new_text = text.replace("In Raqa, calm.", long_insert + "In Raqa, calm.")
    found = reanchor(selector, new_text)
    assert found.start == new_text.index(sentence, new_text.index("In Raqa"))


def test_sentence_split_in_two_still_anchors() -> None:
    selector = tag(ARTICLE, CLAIM)
    split = CLAIM.replace(" and that 60 of them were", ". Some 60 of them were")
    new_text = ARTICLE.replace(CLAIM, split)
    found = reanchor(selector, new_text)
    assert found.status == "moved"
    assert found.start is not None and found.end is not None
    assert new_text[found.start : found.end] == split


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s.replace(", Egypt", " ,Egypt"),
        lambda s: s.replace(" ", "  "),
        lambda s: s.replace(" and that 60", "\nand that 60"),
        lambda s: s.rstrip(".") + "!",
    ],
    ids=["comma", "double-spaces", "line-break", "final-punctuation"],
)
def test_punctuation_and_whitespace_changes_keep_the_tag(edit: object) -> None:
    assert callable(edit)
    changed: str = edit(CLAIM)
    selector = tag(ARTICLE, CLAIM)
    new_text = ARTICLE.replace(CLAIM, changed)
    found = reanchor(selector, new_text)
    assert found.status == "moved" and found.text_changed
    assert found.start is not None and found.end is not None
    # The line-break edit may split the sentence; the passage found still covers the claim.
    assert new_text.index(changed) <= found.start
    assert found.end <= new_text.index(changed) + len(changed)
    assert found.end - found.start >= len(changed) * 0.5


def test_edited_clause_inside_a_sentence_is_found_on_whole_words() -> None:
    quote = "troops are marching south from Deir el-Zour"
    selector = tag(ARTICLE, quote)
    edited = "troops were marching south from Deir el-Zour"
    new_text = "Intro.\n" + ARTICLE.replace(quote, edited)
    found = reanchor(selector, new_text)
    assert found.status == "moved"
    assert found.start is not None and found.end is not None
    assert new_text[found.start : found.end] == edited


def test_a_short_quote_does_not_jump_to_another_occurrence() -> None:
    text = "Troops entered Mayadeen on Friday. Later, Mayadeen fell. Aid reached the town."
    selector = tag(text, "Mayadeen", 0)
    new_text = text.replace("Troops entered Mayadeen on Friday. ", "")
    assert reanchor(selector, new_text).status == "orphan"


def test_a_name_is_not_matched_inside_another_word() -> None:
    text = "Linus said so. The machines are big. Torvalds agreed."
    selector = tag(text, "Linus")
    assert reanchor(selector, "He said so. The machines are big. Torvalds agreed.").status == (
        "orphan"
    )


def test_empty_quote_is_an_orphan() -> None:
    assert reanchor(Selector("", "", "", 0, 0), ARTICLE).status == "orphan"


def test_selector_for_keeps_context_and_rejects_bad_offsets() -> None:
    at = ARTICLE.index(CLAIM)
    selector = selector_for(ARTICLE, at, at + len(CLAIM))
    assert selector.quote == CLAIM
    assert selector.prefix == ARTICLE[at - CONTEXT_CHARS : at]
    assert selector.suffix == ARTICLE[at + len(CLAIM) : at + len(CLAIM) + CONTEXT_CHARS]
    assert selector_for("abc", 0, 1).prefix == ""
    with pytest.raises(ValueError):
        selector_for("abc", 2, 5)


def test_reanchor_all_agrees_with_reanchor() -> None:
    sentences = [s for s in ARTICLE.split("\n") if len(s) > 40]
    selectors = [tag(ARTICLE, s) for s in sentences]
    new_text = "Breaking.\n\n" + ARTICLE.replace("120", "130")
    assert reanchor_all(selectors, new_text) == [reanchor(s, new_text) for s in selectors]
    anchors = TextAnchors(new_text)
    assert [anchors.reanchor(s) for s in selectors] == reanchor_all(selectors, new_text)


@settings(max_examples=40, deadline=None)
@given(
    inserted=st.text(alphabet="abcdefghij .,\n", max_size=300),
    index=st.integers(min_value=0, max_value=12),
)
def test_any_insertion_elsewhere_keeps_every_tag_on_its_sentence(inserted: str, index: int) -> None:
    sentences = [s for s in ARTICLE.split("\n") if len(s) > 40]
    quote = sentences[index % len(sentences)]
    selector = tag(ARTICLE, quote)
    new_text = inserted + ARTICLE
    found = reanchor(selector, new_text)
    # Unchanged words are the same claim: exact wherever the insertion pushed them.
    assert found.status == "exact"
    assert found.start is not None and found.end is not None
    assert new_text[found.start : found.end] == quote



def test_a_name_repeated_everywhere_keeps_its_own_occurrence() -> None:
    text = "".join(f"Report {i}: fighting near Mayadeen, day {i}.\n" for i in range(400))
    at = text.index("Mayadeen, day 250.")
    selector = selector_for(text, at, at + len("Mayadeen"))
    new_text = "Editor's note: figures revised.\n" + text
    found = reanchor(selector, new_text)
    assert found.status == "exact"
    assert found.start == at + len("Editor's note: figures revised.\n")
