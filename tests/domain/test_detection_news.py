"""Highlighting on news prose: each error class seen on news, with examples written here."""

from __future__ import annotations

import pytest

from annotations.detection import detect


def _spans(text: str) -> dict[str, tuple[str, str]]:
    """Each detected span's text with its kind and label."""
    return {s.text: (s.kind, s.label) for s in detect(text)}


def _names(text: str) -> dict[str, str]:
    return {s.text: s.label for s in detect(text) if s.kind == "name"}


def _labelled(text: str) -> list[tuple[str, str]]:
    """Each name in order, with its label (a name may recur with another label)."""
    return [(s.text, s.label) for s in detect(text) if s.kind == "name"]


def _figures(text: str) -> list[str]:
    return [s.text for s in detect(text) if s.kind == "number"]


# --- People and places typed by evidence, not defaulted to organisations -------------------


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # A first name from the census list.
        ("The award went to Kelsey Brannigan last spring.", "Kelsey Brannigan", "person"),
        # A role written before the name.
        ("The show was curated by designer Ottoline Varga.", "Ottoline Varga", "person"),
        # Speech after the name.
        ("The fares will rise, Ferrante said on the radio.", "Ferrante", "person"),
        # Speech before the name.
        ("The fares will rise, said Okonkwo.", "Okonkwo", "person"),
        # An age after the name.
        ("Hartmut Reissfelder, 41, was arrested at home.", "Hartmut Reissfelder", "person"),
        # A pronoun after the name.
        ("In court, Villaseñor claims that she never signed it.", "Villaseñor", "person"),
        # A title the article gave the person earlier makes the lone surname a person.
        (
            "Professor Imelda Sorvino leads the study. Later Sorvino wrote to the board.",
            "Sorvino",
            "person",
        ),
        # Two plain capitalised words the article never writes in lowercase.
        ("A reply came from Aurelio Quintanilla on Tuesday.", "Aurelio Quintanilla", "person"),
        # A line break ends the previous line's words: "Party" does not make the next line's
        # name a party's.
        ("Ho Man-kit of the Liberal Party\n\nChan Wai-ling of the DFA", "Chan Wai-ling", "person"),
        # A month after a comma is a date, not a forename after a surname.
        ("— Hamilton Ledger, August 15, 2008", "Hamilton Ledger", "org"),
        # A state is nobody's surname.
        ("A leaked Transport Norway memo was found.", "Transport Norway", "org"),
        # "the" before a name survives the preposition before it: a newspaper speaks.
        ("Hamid Osei, editor at the Accra Chronicle, said.", "Accra Chronicle", "org"),
        # Buildings and roads named first by their kind are places.
        ("Visitors filled the Museum of Sound in Leeds.", "Museum of Sound", "place"),
        ("The papers lay on Birchwood Road all night.", "Birchwood Road", "place"),
    ],
)
def test_names_are_typed_by_evidence(text: str, name: str, label: str) -> None:
    assert _names(text).get(name) == label


def test_two_words_the_article_writes_in_lowercase_are_not_a_person() -> None:
    names = _names(
        "The report used a Creative Pulse licence. Its creative team had a pulse of its own."
    )
    assert names.get("Creative Pulse") == "org"


def test_a_person_of_a_body_is_two_names() -> None:
    names = _names("Tomasz Wrenowski of the Green Alliance won the seat.")
    assert names.get("Tomasz Wrenowski") == "person"
    assert names.get("Green Alliance") == "org"
    names = _names("Ines Carvalho of PSD kept hers.")
    assert names == {"Ines Carvalho": "person", "PSD": "org"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Protests spread in the United States overnight.", "United States"),
        ("Flights to Mongolia resumed on Friday.", "Mongolia"),
        ("The convoy reached Curitiba before dawn.", "Curitiba"),
        ("Floods hit the State of Nevada hard.", "State of Nevada"),
        ("Flights from New Zealand were closed.", "New Zealand"),
        ("South Africa sent two ships.", "South Africa"),
        ("The exhibit moves to the Hillcrest Museum next year.", "Hillcrest Museum"),
        ("The storm moved up the Bay of Biscay.", "Bay of Biscay"),
        ("Pilgrims travelled across the former Soviet Union.", "Soviet Union"),
    ],
)
def test_places_are_places(text: str, name: str) -> None:
    assert _names(text).get(name) == "place"


@pytest.mark.parametrize(
    "text",
    [
        "New Zealand closed its border.",
        "Yesterday, Uruguay recalled its ambassador.",
        "Late on Friday Norway announced new sanctions.",
    ],
)
def test_a_state_that_acts_is_a_body(text: str) -> None:
    # A verb in the past tense after the state's name makes it the actor, as "condemns" or
    # "announced" always did; a state somewhere things happen stays a place (above).
    assert set(_names(text).values()) == {"org"}


def test_an_unknown_acronym_after_of_is_a_body_not_a_place() -> None:
    assert _names("He is a member of KRZ, the farmers' union.").get("KRZ") == "org"


# --- Capitals of every cased script --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("The minister met Łukasz Wiśniewski in Warsaw.", "Łukasz Wiśniewski", "person"),
        ("Their envoy Øystein Brekke said no.", "Øystein Brekke", "person"),
        ("Protesters gathered in Ñuñoa on Monday.", "Ñuñoa", "place"),
        ("Buses waited near Çanakkale for the ferry.", "Çanakkale", "place"),
    ],
)
def test_capitals_outside_ascii_start_names(text: str, name: str, label: str) -> None:
    assert _names(text).get(name) == label


def test_a_run_of_non_ascii_capitals_is_one_name() -> None:
    names = _names("Police in Ústí nad Labem said Žofie Dvořáková was safe.")
    assert "Žofie Dvořáková" in names


# --- Web and wiki layout -------------------------------------------------------------------


def test_citation_markers_are_not_figures() -> None:
    text = "The dam was finished in 1964.[12] Its lake is 40 km long.[citation needed][b]"
    assert _figures(text) == ["1964", "40 km"]


def test_coordinates_are_neither_figures_nor_names() -> None:
    text = "The village lies at 36°12′N 37°09′E, and the camp at 4.05°S, 39.66°E, near Mombasa."
    spans = _spans(text)
    assert set(spans) == {"Mombasa"}


def test_a_temperature_in_degrees_is_a_figure() -> None:
    assert _spans("It was 41 °C in the shade.").get("41 °C") == ("number", "quantity")


def test_label_value_lines_hold_no_names() -> None:
    text = "Transponder details\nBitrate: 8,000 kbit/s\nPolarisation: H\nDVB-S2 8/9\nOpen 24/7.\n"
    names = _names(text)
    assert "Bitrate" not in names and "Polarisation" not in names
    figures = _figures(text)
    assert "8" not in figures and "9" not in figures and "24" not in figures


# --- Words that are not names --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He said I'm tired and I'd rather go, and They've left already.",
        "Thank God the rain stopped, he told reporters.",
        "Her grandfather fought in the Korean War and watched the Winter Olympics.",
        "The novelist won the Booker Prize twice.",
    ],
)
def test_contractions_deities_wars_games_and_awards_are_not_names(text: str) -> None:
    assert _names(text) == {}


def test_a_line_without_a_full_stop_does_not_join_the_next_sentence() -> None:
    names = _names("Photo: Marta Lindqvist In the Northern Cape by-election she won.")
    assert "Marta Lindqvist" in names
    assert not any(n.startswith("In") or " In " in n for n in names)


# --- Figures -------------------------------------------------------------------------------


def test_relative_times_keep_their_unit() -> None:
    text = "She left six weeks ago, came back nine days later and stayed three more weeks."
    assert _figures(text) == ["six weeks", "nine days", "three more weeks"]


@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("The reservoir lost 2,000 acre-feet.", "2,000 acre-feet", "acre-ft"),
        ("The spillway passed 500 cu ft/s.", "500 cu ft/s", "ft3/s"),
        ("They stored 300 m3 of water.", "300 m3", "m3"),
        ("They pumped 300 m3 an hour.", "300 m3 an hour", "m3/h"),
        ("The road runs 40 mi north.", "40 mi", "mi"),
        ("Bread costs 90 dinars now.", "90 dinars", "dinar"),
        ("The link runs at 12,288 MHz.", "12,288 MHz", "MHz"),
    ],
)
def test_units_and_currencies_stay_with_their_number(text: str, figure: str, unit: str) -> None:
    spans = {s.text: s for s in detect(text)}
    assert figure in spans
    value = spans[figure].value
    assert value is not None and value.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        "He offered to swap the old radio for one.",
        "The new motorway cuts the valley in two, residents say.",
    ],
)
def test_one_and_two_closing_a_clause_are_pronouns(text: str) -> None:
    assert _figures(text) == []


def test_a_count_of_two_still_counts() -> None:
    assert _figures("Two of the guards and one driver were hurt.") == ["Two", "one"]


@pytest.mark.parametrize(
    ("text", "figure", "label", "unit"),
    [
        ("Gusts reached 160 kilometres per hour.", "160 kilometres per hour", "quantity", "km/h"),
        ("The train ran at 300 km / h on the new line.", "300 km / h", "quantity", "km/h"),
        ("The fund raised HK$ 40 million last year.", "HK$ 40 million", "money", "HKD"),
        ("Tickets sold for $ 45 each.", "$ 45", "money", "USD"),
        ("The club has 500+ members.", "500+", "count", None),
        ("The snow lay three inches deep.", "three inches", "quantity", "in"),
    ],
)
def test_rates_spaced_currencies_and_open_counts(
    text: str, figure: str, label: str, unit: str | None
) -> None:
    spans = {s.text: s for s in detect(text)}
    assert figure in spans
    assert spans[figure].label == label
    value = spans[figure].value
    assert value is not None and value.unit == unit


def test_clock_times_decades_centuries_and_large_ordinals_are_one_figure_each() -> None:
    text = (
        "Polls closed at 21:45 BST. Jazz of the 1920’s shaped the 19th century's end; "
        "the 10,000th visitor came in."
    )
    assert _figures(text) == ["21:45 BST", "1920’s", "19th century", "10,000th"]
    spans = {s.text: s for s in detect(text)}
    century = spans["19th century"].value
    assert century is not None and (century.low, century.high) == (1800.0, 1899.0)


def test_an_open_count_has_no_upper_bound() -> None:
    spans = {s.text: s for s in detect("More than that, 20 + versions exist.")}
    value = spans["20 +"].value
    assert value is not None and value.low == 20.0 and value.high is None


def test_a_kind_of_body_written_before_a_name_makes_it_a_body() -> None:
    names = _names("Last year the band Velvet Harbours toured Spain.")
    assert names.get("Velvet Harbours") == "org"
    assert _names("Fighters of the militia Saraya Nour Khalil withdrew.") == {
        "Saraya Nour Khalil": "org"
    }


def test_a_direction_before_a_known_place_and_an_article_before_a_placed_name() -> None:
    names = _names("Fighters from the Northern Caucasus crossed. They held Al-Rastan too.")
    assert names.get("Northern Caucasus") == "place"
    text = "Shelling hit the town of Rastan on Monday. Al-Rastan was quiet by night."
    assert _names(text).get("Al-Rastan") == "place"


def test_said_names_the_speaker_only_when_the_clause_ends_after_the_name() -> None:
    assert _names("Officials said Liwa al-Quds lost the hill.") == {"Liwa al-Quds": "org"}


# --- What the article says elsewhere settles a name's kind ------------------------------------


def test_a_surname_that_is_a_place_follows_the_person_named_in_full() -> None:
    names = _labelled(
        "Ottilie Dublin, a nurse, has sued the clinic.\n\n"
        "Dublin says she was never paid. Later Dublin moved in with her sister in Dublin."
    )
    assert names == [
        ("Ottilie Dublin", "person"),
        ("Dublin", "person"),
        ("Dublin", "person"),
        # Placed by "in": the city, not the nurse.
        ("Dublin", "place"),
    ]


def test_a_title_of_a_place_does_not_lend_the_place_as_a_surname() -> None:
    names = _names("Mayor of Toronto Ilse Brandt met them. Crowds in Toronto cheered.")
    assert names.get("Toronto") == "place"


def test_an_acronym_in_brackets_takes_the_kind_of_the_name_it_shortens() -> None:
    spans = _labelled(
        "Crews met at the Lindqvist Maritime Museum (LMM) on Monday. Most LMM staff stayed."
    )
    assert spans == [("Lindqvist Maritime Museum", "place"), ("LMM", "place"), ("LMM", "place")]


def test_a_place_before_a_title_is_a_place_of_its_own() -> None:
    names = _names("Later U.S. Senator Halvard Brenn spoke. Which Oregon Governor did most?")
    assert names == {
        "U.S.": "place",
        "Senator Halvard Brenn": "person",
        "Oregon": "place",
        "Governor": "person",
    }


def test_a_title_of_a_place_holds_the_place() -> None:
    names = _names("She is the nominee for Governor of Nevada this year.")
    assert names.get("Nevada") == "place"


def test_a_name_after_a_is_a_thing_and_stays_one_in_the_article() -> None:
    names = _labelled(
        "The site uses a Bright Fennel licence. Donors gave to the Red Cross and Bright Fennel."
    )
    assert ("Bright Fennel", "person") not in names
    assert names.count(("Bright Fennel", "org")) == 2


def test_a_side_in_a_game_is_a_body_through_the_article() -> None:
    spans = _labelled(
        "Uruguay beat Peru 2–1 on Sunday. After a 3-0 win over Chile, Ghana faced Mali.\n\n"
        "Peru now needs a win. Fans in Peru were quiet."
    )
    assert spans == [
        ("Uruguay", "org"),
        ("Peru", "org"),
        ("Chile", "org"),
        ("Ghana", "org"),
        ("Mali", "org"),
        ("Peru", "org"),
        ("Peru", "place"),
    ]


def test_a_place_without_a_game_stays_a_place() -> None:
    assert _names("Prices rose 2% in Peru in 2015.") == {"Peru": "place"}


# --- Capitalised words that name nothing ---------------------------------------------------


def test_a_word_capitalised_by_style_that_the_article_writes_in_lowercase_is_no_name() -> None:
    names = _names(
        "She took Zoology classes at Leeds. Her zoology lecturer, Amos Brightwater, kept bees."
    )
    assert "Zoology" not in names
    assert names.get("Leeds") == "place"
    assert names.get("Amos Brightwater") == "person"


def test_a_word_written_lowercase_only_in_an_address_is_still_a_name() -> None:
    names = _names(
        "Figures came from Traffiqa, which ranks sites (see www.traffiqa.com/top and "
        "@traffiqa)."
    )
    assert "Traffiqa" in names


def test_a_role_capitalised_before_a_name_is_no_part_of_it() -> None:
    assert _names("Economist Maria Tenner tells us about prices.") == {"Maria Tenner": "person"}
    # A title stays: it is part of how the news names the person.
    assert "Senator Maria Tenner" in _names("Later Senator Maria Tenner spoke.")


def test_acronyms_of_things_are_no_names() -> None:
    names = _names("He sold old DVDs, earned a PhD and tested the DNA, unlike UNESCO.")
    assert names == {"UNESCO": "org"}
