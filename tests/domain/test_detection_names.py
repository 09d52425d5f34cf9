"""Names the highlighter finds, their boundaries and their labels."""

from __future__ import annotations

import pytest

from annotations.detection import detect_names


def _names(text: str) -> dict[str, str]:
    return {s.text: s.label for s in detect_names(text)}


@pytest.mark.parametrize(
    ("sentence", "name", "label"),
    [
        ("Troops entered the town of al-Mayadin on Friday.", "al-Mayadin", "place"),
        ("Troops marched south from Deir el-Zour toward the river.", "Deir el-Zour", "place"),
        ("The commander Abu Omar al-Shishani was killed.", "Abu Omar al-Shishani", "person"),
        (
            "Forces loyal to President Bashar Al-Assad advanced.",
            "President Bashar Al-Assad",
            "person",
        ),
        (
            "The toll came from the Syrian Observatory for Human Rights on Monday.",
            "Syrian Observatory for Human Rights",
            "org",
        ),
        ("A statement from U.S. Central Command said so.", "U.S. Central Command", "org"),
        (
            "He spoke to Foreign Minister Sergei Lavrov by phone.",
            "Foreign Minister Sergei Lavrov",
            "person",
        ),
        ("Fighters crossed into Iraq overnight.", "Iraq", "place"),
        ("The talks drew Kurdish and Arab leaders.", "Kurdish", "group"),
        ("Officials said the Sunni majority had voted.", "Sunni", "group"),
        ("Aid reached Damascus at last.", "Damascus", "place"),
    ],
)
def test_names_with_particles_titles_and_labels(sentence: str, name: str, label: str) -> None:
    assert _names(sentence).get(name) == label


def test_general_and_his_name_stay_one_person() -> None:
    found = _names("Maj. Gen. Igor Konashenkov said that the strikes went on.")
    assert any("Igor Konashenkov" in text and label == "person" for text, label in found.items())


@pytest.mark.parametrize(
    "text",
    [
        "Meanwhile, regime forces broke into the town.",
        "Backed by air raids, regime forces broke into the town.",
        "According to the ministry, regime forces broke into the town.",
        "Responding to the report, the ministry spoke.",
    ],
)
def test_sentence_openers_are_not_names(text: str) -> None:
    first_word = text.split()[0].strip(",")
    assert not any(first_word in name for name in _names(text))


def test_opener_is_a_name_when_the_text_capitalises_it_elsewhere() -> None:
    text = "The strike was near the border. Mayadeen fell later, said officials in Mayadeen."
    assert detect_names(text)[0].text == "Mayadeen"


def test_opener_is_not_a_name_when_the_text_writes_it_lowercase() -> None:
    text = "Fighting went on. Fighting is fierce in Raqqa."
    assert list(_names(text)) == ["Raqqa"]


def test_sentence_opening_the_stays_with_its_name() -> None:
    found = _names("The Foreign Secretary met him. The talks went well.")
    assert found.get("The Foreign Secretary") == "person"
    assert "The" not in found


def test_days_and_months_are_not_names() -> None:
    assert _names("On Saturday the ministry said in October that it had ended.") == {}


def test_a_state_that_acts_is_an_organisation_a_place_otherwise() -> None:
    assert _names("The UK is working with its allies.")["The UK"] == "org"
    assert _names("Aid was flown to Syria overnight.")["Syria"] == "place"


def test_demonym_before_forces_stands_for_the_body() -> None:
    assert _names("They trained Iraqi security forces there.")["Iraqi"] == "org"


def test_surname_alone_follows_the_full_name() -> None:
    text = "Navy Capt. Jeff Davis briefed reporters. The city fell, Davis said."
    found = [s for s in detect_names(text) if s.text == "Davis"]
    assert found and found[0].label == "person"


def test_headline_keeps_only_its_names() -> None:
    # Headline words the body writes in lowercase are not names.
    text = "Raqqa in Next Isolation Phase\nThe isolation phase went on near Raqqa today."
    heading = [s.text for s in detect_names(text) if s.start < text.index("\n")]
    assert heading == ["Raqqa"]


def test_documents_and_operations_are_not_names() -> None:
    text = "They backed the Cessation of Hostilities and joined Operation Inherent Resolve."
    assert _names(text) == {}


def test_possessive_splits_a_run() -> None:
    found = _names("Talks in the European Union's Regional Initiative went on.")
    assert found.get("European Union") == "org"


@pytest.mark.parametrize(
    "sentence",
    [
        "They urged him to form such a Government as quickly as possible.",
        "A Government spokesman declined to comment.",
        "The talks will set up a Committee next week.",
    ],
)
def test_a_body_after_a_or_an_is_not_a_name(sentence: str) -> None:
    assert [s.text for s in detect_names(sentence)] == []


def test_a_named_body_after_a_stays_a_name() -> None:
    spans = detect_names("They met a Ministry of Defence official and the Government of Iraq.")
    assert [s.text for s in spans] == ["Ministry of Defence", "Government of Iraq"]


def test_a_prefixed_common_term_is_not_a_name() -> None:
    text = "They help in Counter-IED training, Counter-IEDs and Anti-Terrorism work."
    assert [s.text for s in detect_names(text)] == []


def test_a_prefixed_name_stays_a_name() -> None:
    text = "They joined the Counter-ISIL campaign and an Anti-Assad rally."
    assert [s.text for s in detect_names(text)] == ["Counter-ISIL", "Anti-Assad"]


def test_an_adjective_of_office_alone_is_not_a_name() -> None:
    text = "They met at the Ministerial level before the Presidential election."
    assert [s.text for s in detect_names(text)] == []


def test_an_adjective_of_office_inside_a_name_stays() -> None:
    assert [s.text for s in detect_names("He spoke at the Presidential Palace.")] == [
        "Presidential Palace"
    ]


def test_a_surname_ending_in_ing_opens_a_sentence_as_a_name() -> None:
    text = 'Officer Charles H. Keating IV died.\n\n"Keating\'s service was honourable."'
    assert [s.text for s in detect_names(text)][-1] == "Keating"


def test_an_ing_word_opening_a_sentence_is_still_plain() -> None:
    assert [s.text for s in detect_names("Morning came early in Mosul.")] == ["Mosul"]
