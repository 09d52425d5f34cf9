"""Who a claim is attributed to: each pattern, with the cases that must find nobody."""

from __future__ import annotations

import pytest

from annotations.attribution import Source, attribute
from annotations.detection import detect
from seeds import seed_paths


def sources(text: str) -> list[Source | None]:
    return [source for _, _, source in attribute(text, detect(text))]


def only(text: str) -> Source | None:
    found = sources(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dozens of militants were killed, the Russian Defense Ministry said.",
            "Russian Defense Ministry",
        ),
        ("Gen. Igor Konashenkov said that 120 fighters were killed.", "Gen. Igor Konashenkov"),
        ('"Twelve posts were destroyed," said Igor Konashenkov.', "Igor Konashenkov"),
        (
            "Twelve posts were destroyed, according to a Syrian military source.",
            "a Syrian military source",
        ),
        ("The regime lost 40 tanks, the official Sana news agency reported.", "Sana news agency"),
        ("The Observatory claimed that 14 civilians died in Raqqa.", "Observatory"),
        ("Hospital officials say 30 people were wounded in Mosul.", "Hospital officials"),
        ("The Pentagon announced 200 more troops for Iraq.", "Pentagon"),
        ("``It was horrible,'' said Benson, an editor at WCCO-TV.", "Benson"),
        ("The driver fled 20 feet, said witness Angela Benson.", "Angela Benson"),
        ("Tara Reid entered rehab, her rep confirmed to People on Friday.", "her rep"),
        (
            "He is in the care of team doctor, John R. Amoss, who said he expects a recovery.",
            "John R. Amoss",
        ),
        (
            "Coach Sean Payton said 3 players were hurt, he also said none needs surgery.",
            "Coach Sean Payton",
        ),
    ],
)
def test_a_speech_verb_or_according_to_names_the_source(text: str, expected: str) -> None:
    source = only(text)
    assert source is not None and source.text == expected


def test_a_source_that_told_an_outlet_has_the_outlet_as_via() -> None:
    text = (
        '"Regime forces entered Mayadeen," Rami Abdel Rahman, head of the Britain-based Syrian '
        "Observatory for Human Rights, told AFP."
    )
    source = only(text)
    assert source is not None
    assert (source.text, source.via) == ("Rami Abdel Rahman", "AFP")
    assert source.role.startswith("head of the Britain-based")
    assert text[source.start : source.end] == "Rami Abdel Rahman"


def test_a_closed_quotation_is_attributed_to_the_speaker_after_it() -> None:
    text = '"According to information received, 40 fighters were destroyed", Konashenkov said.'
    source = only(text)
    assert source is not None and source.text == "Konashenkov"


def test_a_quotation_opened_by_a_speaker_carries_over_its_sentences() -> None:
    text = (
        'Colonel John Dorrian said: "We struck 12 targets near Raqqa. '
        'Three of them were weapons depots."'
    )
    first, second = sources(text)
    assert first is not None and second is not None
    assert first.text == second.text == "Colonel John Dorrian"
    assert second.cue == "quotation"


def test_a_pronoun_takes_the_last_named_source_that_fits() -> None:
    text = (
        "The Syrian Central Military Media said troops are marching south.\n\n"
        "It said that its strikes killed 120 ISIS fighters.\n\n"
        "Russian Defense Minister Sergei Shoigu said in August that the war was ending.\n\n"
        'The area has become a "black hole", he added.'
    )
    media, it, shoigu, he = sources(text)
    assert media is not None and it is not None and shoigu is not None and he is not None
    assert it.text == "Syrian Central Military Media" and it.cue == "pronoun"
    assert he.text == shoigu.text == "Russian Defense Minister Sergei Shoigu"


def test_a_pronoun_with_no_named_source_before_it_has_none() -> None:
    assert sources("He added that 40 fighters were killed in Raqqa.") == [None]


def test_a_person_pronoun_does_not_take_an_organisation() -> None:
    text = "The Pentagon said 12 strikes hit Raqqa.\n\nHe added that 40 fighters were killed."
    assert sources(text)[1] is None


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        (
            "Some 120 fighters were killed in Syria.\nThe ministry gave no names. — Agencies",
            "Agencies",
        ),
        ("BEIRUT (Reuters) - Some 120 fighters were killed in Syria on Saturday.", "Reuters"),
    ],
)
def test_an_agency_sign_off_is_the_fallback_source(text: str, agency: str) -> None:
    found = [s for s in sources(text) if s is not None]
    assert found and all(s.text == agency and s.cue == "sign-off" for s in found)


def test_the_sign_off_line_itself_has_no_source() -> None:
    assert sources("Some 120 fighters were killed in Syria.\n— Agencies")[-1] is None


def test_an_own_source_wins_over_the_sign_off() -> None:
    text = "Some 120 fighters were killed, the ministry said.\n— Agencies"
    assert [s.text if s else None for s in sources(text)] == ["the ministry", None]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry's said-to-be-final report lists 120 dead in Syria.",
        "Says Who?",
        "The Syrian army and allied forces have reportedly closed in on Mayadeen.",
        "The militants are said to hold 40 villages near Raqqa.",
        "Some 300 people fled, according to unconfirmed reports from Raqqa.",
        "Forty commanders were destroyed according to information received via several channels.",
        "Troops told to withdraw from Raqqa left 12 posts behind.",
    ],
)
def test_no_attribution_means_no_source(text: str) -> None:
    assert all(source is None for source in sources(text))


def test_the_seeds_name_the_sources_the_reader_sees() -> None:
    expected = {
        "Dozens of ISIS militants": "Russian Defense Ministry",
        "Gen. Igor Konashenkov said": "Gen. Igor Konashenkov",
        '"According to information': "Konashenkov",
        '"With support from Russian aviation': "Rami Abdel Rahman",
        "Mayadeen in the oil-rich": "a Syrian military source",
        "On another front": "Sana news agency",
        "The most recent charge": "Britain-based Human Rights' Observatory Group",
        "It said that its strikes": "Syrian Central Military Media",
    }
    seen: dict[str, str] = {}
    for path in seed_paths():
        text = path.read_text(encoding="utf-8")
        for start, end, source in attribute(text, detect(text)):
            for opening in expected:
                if text[start:end].startswith(opening) and source is not None:
                    seen[opening] = source.text
    assert seen == expected


def test_every_seed_sentence_of_the_gold_file_gets_its_source() -> None:
    """The gold file's seed rows (bench/attribution.py scores all of it) as a regression check."""
    import json
    from pathlib import Path

    from annotations.attribution import source_at

    root = Path(__file__).resolve().parents[2]
    gold = root / "tests" / "fixtures" / "attribution_gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    seeds = [row for row in rows if row["file"].startswith("seeds/")]
    assert len(seeds) >= 20
    for name in {row["file"] for row in seeds}:
        text = (root / name).read_text(encoding="utf-8")
        found = attribute(text, detect(text))
        for row in (r for r in seeds if r["file"] == name):
            at = text.index(row["sentence"])
            source = source_at(found, at, at + len(row["sentence"]))
            assert source is not None and row["key"].casefold() in source.text.casefold(), row
            assert source.via == row.get("via"), row


QUOTED_RUN = "\n\n".join(
    [
        'Rescue teams reached Gayan on Thursday. "We dug all night. Three more were alive. We '
        'could not reach the others," Mohammad Haqqani, a ministry spokesman, told AFP. He added '
        "that 14 helicopters had flown. It said 300 rescuers were there. They said 12 died.",
        '"The roads are cut. Nothing moves. We wait," said Ramiz Alakbarov. "Food is short."',
        'The ministry said: "Tents went out. More will follow. The toll will rise."',
        "\u2014 Agencies",
    ]
)
"""Quotations over several sentences, carried back and forth, pronouns, and a sign-off."""


@pytest.mark.parametrize("order", ["forward", "backward", "shuffled", "one at a time"])
def test_sources_read_lazily_are_those_read_in_order(order: str) -> None:
    """`Attributions` finds a sentence's source only when asked, with the sentences it depends
    on (pronouns look back, quotations carry both ways): asked in any order, or one sentence
    at a time, each sentence gets the source that reading the whole text in order gives."""
    import random

    from annotations.attribution import Attributions

    texts = [QUOTED_RUN, *(path.read_text(encoding="utf-8") for path in seed_paths())]
    for text in texts:
        spans = detect(text)
        expected = attribute(text, spans)
        assert sum(1 for *_, s in expected if s is not None and s.cue == "quotation") >= (
            4 if text is QUOTED_RUN else 0
        )
        indices = list(range(len(expected)))
        if order == "backward":
            indices.reverse()
        elif order == "shuffled":
            random.Random(7).shuffle(indices)
        lazy = Attributions(text, spans)
        for n in indices:
            if order == "one at a time":
                lazy = Attributions(text, spans)
            assert lazy[n] == expected[n], (n, text[expected[n][0] : expected[n][1]])
