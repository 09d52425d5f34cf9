"""Every figure form the highlighter reads, with its span and normalised value."""

from __future__ import annotations

import pytest

from annotations.detection import detect, detect_numbers
from annotations.spans import NumberValue, Span


def _only_number(text: str) -> Span:
    numbers = [s for s in detect(text) if s.kind == "number"]
    assert len(numbers) == 1, numbers
    return numbers[0]


@pytest.mark.parametrize(
    ("sentence", "figure", "label", "value"),
    [
        (
            "Strikes killed Some 120 fighters.",
            "Some 120",
            "count",
            NumberValue(120, 120, approximate=True),
        ),
        ("It killed up to 80 fighters.", "up to 80", "count", NumberValue(0, 80)),
        ("It killed more than 60 mercenaries.", "more than 60", "count", NumberValue(60, None)),
        ("It killed at least 28 people.", "at least 28", "count", NumberValue(28, None)),
        ("It killed fewer than 40 people.", "fewer than 40", "count", NumberValue(0, 40)),
        ("It killed about 40 people.", "about 40", "count", NumberValue(40, 40, approximate=True)),
        (
            "It killed nearly 300 people.",
            "nearly 300",
            "count",
            NumberValue(300, 300, approximate=True),
        ),
        ("It flew over 870 missions.", "over 870", "count", NumberValue(870, None)),
        ("It took 1,800 fighters.", "1,800", "count", NumberValue(1800, 1800)),
        ("A rise of 3.25 points.", "3.25", "count", NumberValue(3.25, 3.25)),
        ("It killed nine natives.", "nine", "count", NumberValue(9, 9)),
        ("It killed twenty-five men.", "twenty-five", "count", NumberValue(25, 25)),
        ("Dozens of militants died.", "Dozens", "count", NumberValue(24, 144, approximate=True)),
        (
            "It hit hundreds of targets.",
            "hundreds",
            "count",
            NumberValue(200, 1000, approximate=True),
        ),
        (
            "It hit hundreds of thousands of homes.",
            "hundreds of thousands",
            "count",
            NumberValue(200_000, 1_000_000, approximate=True),
        ),
        ("It has 60-plus partners.", "60-plus", "count", NumberValue(60, None)),
        (
            "It cost $1.7 million in all.",
            "$1.7 million",
            "money",
            NumberValue(1_700_000, 1_700_000, unit="USD"),
        ),
        (
            "It cost £59.5m in all.",
            "£59.5m",
            "money",
            NumberValue(59_500_000, 59_500_000, unit="GBP"),
        ),
        (
            "It cost over 9 billion euros in all.",
            "over 9 billion euros",
            "money",
            NumberValue(9_000_000_000, None, unit="EUR"),
        ),
        (
            "A fine of between $1.7 million and $5.1 million was set.",
            "between $1.7 million and $5.1 million",
            "money",
            NumberValue(1_700_000, 5_100_000, unit="USD"),
        ),
        ("Turnout was 25% lower.", "25%", "percent", NumberValue(25, 25, unit="%")),
        ("Turnout was 10 per cent lower.", "10 per cent", "percent", NumberValue(10, 10, unit="%")),
        (
            "It fell 15 to 20 percent today.",
            "15 to 20 percent",
            "percent",
            NumberValue(15, 20, unit="%"),
        ),
        (
            "It covers 1,800 square km now.",
            "1,800 square km",
            "quantity",
            NumberValue(1800, 1800, unit="km2"),
        ),
        (
            "It covers 700 square miles now.",
            "700 square miles",
            "quantity",
            NumberValue(700, 700, unit="mi2"),
        ),
        ("The dam is 984ft tall.", "984ft", "quantity", NumberValue(984, 984, unit="ft")),
        (
            "The river carries 7,000 m3/s at peak.",
            "7,000 m3/s",
            "quantity",
            NumberValue(7000, 7000, unit="m3/s"),
        ),
        (
            "They walked 7.5 kilometers south.",
            "7.5 kilometers",
            "quantity",
            NumberValue(7.5, 7.5, unit="km"),
        ),
        ("It lasted 24 hours at most.", "24 hours", "duration", NumberValue(24, 24, unit="hour")),
        ("It lasted two weeks in all.", "two weeks", "duration", NumberValue(2, 2, unit="week")),
        (
            "Over the past 24 hours it fell.",
            "the past 24 hours",
            "duration",
            NumberValue(24, 24, unit="hour"),
        ),
    ],
)
def test_figure_span_and_value(sentence: str, figure: str, label: str, value: NumberValue) -> None:
    span = _only_number(sentence)
    assert span.text == figure
    assert span.label == label
    assert span.value == value


@pytest.mark.parametrize(
    ("sentence", "figure", "iso"),
    [
        ("Posted 08 October 2017 by staff.", "08 October 2017", "2017-10-08"),
        ("Talks opened Dec. 6th in Geneva.", "Dec. 6th", "--12-06"),
        ("Talks ran 5-6 April 2016 in Geneva.", "5-6 April 2016", "2016-04-05"),
        ("Posted 12/09/2016 by staff.", "12/09/2016", "2016-09-12"),
        ("Tuesday, 17 July 2018 was hot.", "Tuesday, 17 July 2018", "2018-07-17"),
        ("Signed on July 21, 2016 in Washington.", "July 21, 2016", "2016-07-21"),
        ("Signed in December 2014 in Vienna.", "December 2014", "2014-12"),
        ("Signed in 2015 in Vienna.", "2015", "2015"),
        ("It rained on Monday, Dec. 26 all day.", "Monday, Dec. 26", "--12-26"),
        ("Visits ran May 15-24 this year.", "May 15-24", "--05-15"),
        ("Fighting grew in the summer of 2017 there.", "the summer of 2017", "2017"),
    ],
)
def test_dates_carry_iso(sentence: str, figure: str, iso: str) -> None:
    span = _only_number(sentence)
    assert (span.text, span.label) == (figure, "date")
    assert span.value is not None and span.value.iso == iso


def test_year_alone_has_its_value() -> None:
    span = _only_number("It began in 2014 near Raqqa.")
    assert span.value == NumberValue(2014, 2014, iso="2014")


@pytest.mark.parametrize(
    "sentence",
    [
        "One of the towns fell.",
        "It is one of the last bastions.",
        "Force protection is my number one priority.",
        "Call 910-432-3383 for details.",
    ],
)
def test_idioms_and_phone_numbers_are_not_figures(sentence: str) -> None:
    assert detect_numbers(sentence) == []


def test_numbers_in_unit_names_belong_to_the_name() -> None:
    text = "Airmen deployed from the 158th Fighter Wing and Mobile Unit Two arrived."
    assert detect_numbers(text) == []


def test_plain_count_after_a_name_is_part_of_the_name() -> None:
    spans = detect("The report aired on Rossiya 24 at noon.")
    assert [(s.kind, s.text) for s in spans if "24" in s.text] == [("name", "Rossiya 24")]


def test_lists_of_numbers_are_not_ranges() -> None:
    spans = detect_numbers("It killed 14 and wounded 3 in the town.")
    assert [s.text for s in spans] == ["14", "3"]


def test_money_magnitude_is_not_metres() -> None:
    assert _only_number("A grant of £20m was made.").value == NumberValue(
        20_000_000, 20_000_000, unit="GBP"
    )
    assert _only_number("A wall 100m long stood.").value == NumberValue(100, 100, unit="m")
