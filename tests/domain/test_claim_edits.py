"""Claims the analyst shapes: selections that grow by words, clauses and sentences; sentences
split and joined; drawn tags placed among the sentence claims."""

from __future__ import annotations

import pytest

from annotations.claim_edits import arrange_claims, drawn_claim, join_decision, split_decision
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from annotations.selection import Selection, TextUnits, counted_span
from annotations.spans import Span
from annotations.store import ClaimStatus, Desk
from annotations.tags import Tag

TEXT = (
    "Moscow said on Saturday that its jets, flying from Hmeimim, killed 120 fighters and "
    "that 60 of them were foreign.\n\n"
    "\u201cThe strikes will go on,\u201d a spokesman said. Nobody else confirmed the toll."
)


def words(text: str, selection: Selection | None) -> str:
    assert selection is not None
    return text[selection.start : selection.end]


def test_a_selection_snaps_to_whole_words_and_grows_by_word_clause_and_sentence() -> None:
    units = TextUnits(TEXT, detect(TEXT))
    start = units.start_at(TEXT.index("jets") + 2)  # inside a word: the whole word
    assert words(TEXT, start) == "jets"
    assert start is not None
    # Punctuation after a word stays out: "jets", not "jets,".
    grown = start.to(units.next_word(start.head))
    assert words(TEXT, grown) == "jets, flying"
    # A clause ends at the next comma or conjunction; at one already, at the one after.
    clause = start.to(units.clause_end(start.head))
    assert words(TEXT, clause) == "jets, flying from Hmeimim"
    its = units.start_at(TEXT.index("its"))
    assert its is not None
    assert words(TEXT, its.to(units.clause_end(its.head))) == "its jets"
    killed = units.start_at(TEXT.index("killed"))
    assert killed is not None
    assert words(TEXT, killed.to(units.clause_end(killed.head))) == "killed 120 fighters"
    # A sentence ends with its full stop, and the next press crosses the paragraph break.
    sentence = killed.to(units.sentence_end(killed.head))
    assert words(TEXT, sentence).endswith("were foreign.")
    further = sentence.to(units.sentence_end(sentence.head))
    assert words(TEXT, further).endswith("\u201cThe strikes will go on,\u201d a spokesman said.")
    # Back to the sentence's start, and the other end moves after a swap.
    back = killed.to(units.sentence_start(killed.head))
    assert words(TEXT, back).startswith("Moscow said") and words(TEXT, back).endswith("killed")
    assert words(TEXT, back.to(units.next_word(back.head))).startswith("said on")
    swapped = back.swapped()
    assert words(TEXT, swapped.to(units.next_word(swapped.head))).endswith("killed 120")


def test_a_selection_steps_over_whole_figures_and_names() -> None:
    spans = detect(TEXT)
    units = TextUnits(TEXT, spans)
    start = units.start_at(TEXT.index("killed"))
    assert start is not None
    step = start.to(units.next_mention(start.head))
    assert words(TEXT, step) == "killed 120"
    assert units.previous_mention(start.head) == (
        TEXT.index("Hmeimim"),
        TEXT.index("Hmeimim") + len("Hmeimim"),
    )


def test_a_figure_takes_the_noun_it_counts() -> None:
    spans = detect(TEXT)
    figure = next(span for span in spans if span.text == "120")
    start, end = counted_span(TEXT, figure, len(TEXT))
    assert TEXT[start:end] == "120 fighters"
    name = next(span for span in spans if span.text == "Moscow")
    assert counted_span(TEXT, name, len(TEXT)) == (name.start, name.end)


def sentences() -> tuple[list[Claim], list[Span]]:
    spans = detect(TEXT)
    return find_claims("a", TEXT, spans), spans


def test_splits_and_joins_reshape_the_sentence_claims_by_their_words() -> None:
    claims, spans = sentences()
    first = claims[0]
    split = split_decision(first, TEXT.index("and that 60"))
    shaped = arrange_claims("a", TEXT, claims, spans, splits=[split])
    texts = [claim.text for claim in shaped]
    assert texts[0].endswith("killed 120 fighters") and texts[1].startswith("and that 60")
    assert all(not claim.drawn for claim in shaped)
    # The same words in a new version of the text, pushed down by a line: the split holds.
    edited = "Update.\n" + TEXT
    moved = find_claims("b", edited, detect(edited))
    reshaped = arrange_claims("b", edited, moved, detect(edited), splits=[split])
    assert [c.text for c in reshaped if "120" in c.text or "60 of" in c.text] == texts[:2]
    # Joining the two parts again gives the sentence back.
    joined = arrange_claims(
        "a", TEXT, claims, spans, splits=[split], joins=[join_decision(shaped[0], shaped[1])]
    )
    assert [c.text for c in joined] == [c.text for c in claims]
    with pytest.raises(ValueError):
        split_decision(first, first.start)


def test_drawn_tags_follow_the_sentence_they_start_in_and_old_tags_read_as_sentences() -> None:
    claims, spans = sentences()
    start = TEXT.index("60 of them")
    end = start + len("60 of them were foreign")
    claim = drawn_claim("a", TEXT, start, end, spans)
    with Desk.in_memory() as desk:
        tag = desk.set_status(claim, ClaimStatus.DISPUTED, "me")
        assert tag is not None and tag.drawn
        shaped = arrange_claims("a", TEXT, claims, spans, drawn=desk.tags())
    index = next(i for i, c in enumerate(shaped) if c.drawn)
    assert shaped[index - 1] == claims[0]  # nested: right after its sentence
    assert shaped[index].text == "60 of them were foreign"
    assert [s.text for s in shaped[index].spans] == ["60"]
    old = tag.to_doc()
    del old["drawn"]  # a desk saved before drawn claims
    assert Tag.from_doc(old).drawn is False
    assert Tag.from_checked_doc(old).drawn is False
