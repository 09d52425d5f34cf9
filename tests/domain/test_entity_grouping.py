"""Grouping names across reports: name boundaries in news copy, short forms, acronyms, scripts."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from annotations.articles import Article, load_article
from annotations.claims import find_claims
from annotations.compare import Entity, Mention, compare_articles, group_entities, name_key
from annotations.detection import detect
from annotations.export import export_desk_csv
from annotations.store import ClaimStatus, Desk


def mention(text: str, label: str = "org", article: str = "a", start: int = 0) -> Mention:
    return Mention(article, start, start + len(text), text, label)


def spaced(*names: tuple[str, str, str]) -> list[Mention]:
    """Mentions (text, label, article) at distinct offsets."""
    return [
        mention(t, label, article, start=i * 100) for i, (t, label, article) in enumerate(names)
    ]


def holding(entities: list[Entity], name: str) -> Entity:
    found = [e for e in entities if any(m.name == name for m in e.mentions)]
    assert len(found) == 1, f"{name!r} is in {len(found)} entities"
    return found[0]


def together(entities: list[Entity], *names: str) -> bool:
    return len({id(holding(entities, n)) for n in names}) == 1


def compared(*texts: str) -> list[Entity]:
    articles = [Article(id=f"a{i}", text=t, title=f"a{i}") for i, t in enumerate(texts)]
    return compare_articles(articles).entities


def test_a_title_case_headline_is_read_with_the_names_the_body_uses() -> None:
    entities = compared(
        "Ridgeback Beat Harriers In Overtime Thriller\n\n"
        "The Ridgeback won on Sunday. Coach Ana Varga said the Harriers played well.\n",
        "The Harriers lost to the Ridgeback on Sunday, Varga said.\n",
    )
    names = {m.name for e in entities for m in e.mentions}
    assert "Ridgeback Beat Harriers" not in names
    assert not together(entities, "Ridgeback", "Harriers")
    ridgeback = holding(entities, "Ridgeback")
    assert {m.article_id for m in ridgeback.mentions} == {"a0", "a1"}
    assert len([m for m in ridgeback.mentions if m.article_id == "a0"]) == 2


def test_a_role_before_a_name_is_an_attribute_not_the_name() -> None:
    entities = group_entities(
        spaced(
            ("Actress Mira Sollen", "org", "a"),
            ("Mira Sollen", "person", "b"),
            ("Sollen", "person", "b"),
        )
    )
    person = holding(entities, "Mira Sollen")
    assert together(entities, "Mira Sollen", "Sollen")
    assert len(person.mentions) == 3
    assert person.roles == ("Actress",)
    assert person.name == "Mira Sollen"


def test_leading_titles_are_a_role_even_without_other_evidence() -> None:
    entities = group_entities(
        spaced(("President-elect Dara Quell", "org", "a"), ("Dara Quell", "org", "b"))
    )
    assert len(entities) == 1
    assert entities[0].roles == ("President-elect",)
    (minister,) = group_entities([mention("Arcadian Defense Minister Ivo Brasko")])
    assert (minister.name, minister.label) == ("Ivo Brasko", "person")
    assert minister.roles == ("Arcadian Defense Minister",)


@pytest.mark.parametrize(
    ("span", "first", "second"),
    [
        pytest.param(
            "Christopher Tamm of Fort Lusk",
            ("Christopher Tamm", "person"),
            ("Fort Lusk", "place"),
            id="a person of a place",
        ),
        pytest.param(
            "Harriers' Jon Pello", ("Harriers", "org"), ("Jon Pello", "person"), id="an owner"
        ),
    ],
)
def test_a_span_that_holds_two_names_is_read_as_two(
    span: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    entities = group_entities(spaced((span, "org", "a"), (*first, "b"), (*second, "b")))
    assert len(entities) == 2
    for name, _ in (first, second):
        assert holding(entities, name).article_ids == {"a", "b"}


@pytest.mark.parametrize(
    ("names", "count"),
    [
        pytest.param([("Tyler Brant", "person"), ("Brant", "org")], 1, id="one full name"),
        pytest.param(
            [("Tyler Brant", "person"), ("Gene Brant", "person"), ("Brant", "person")],
            3,
            id="a surname two people share",
        ),
        pytest.param([("South Sudan", "place"), ("Sudan", "place")], 2, id="a place in a place"),
        pytest.param(
            [("Quantum Rail Systems", "org"), ("Quiet Road Society", "org"), ("QRS", "org")],
            3,
            id="an acronym of two expansions",
        ),
        pytest.param(
            [("Norvale Corp.", "org"), ("Norvale", "org"), ("Sea Lantern", "org")]
            + [("SeaLantern", "org"), ("the Orbis Group", "org"), ("Orbis Group", "org")],
            3,
            id="company suffix, spacing, the",
        ),
    ],
)
def test_how_many_entities_the_names_make(names: list[tuple[str, str]], count: int) -> None:
    mentions = spaced(*((text, label, "ab"[n % 2]) for n, (text, label) in enumerate(names)))
    assert len(group_entities(mentions)) == count


def test_a_team_without_its_home_city_is_the_same_team() -> None:
    entities = group_entities(
        spaced(
            ("Portsmouth Herons", "org", "a"), ("Herons", "org", "b"), ("Portsmouth", "place", "b")
        )
    )
    assert together(entities, "Portsmouth Herons", "Herons")
    assert not together(entities, "Portsmouth", "Herons")


def test_an_acronym_joins_its_one_expansion() -> None:
    entities = group_entities(
        spaced(
            ("Quantum Rail Systems", "org", "a"),
            ("QRS", "org", "b"),
            ("Hewlett-Packard", "org", "a"),
            ("H-P", "org", "b"),
        )
    )
    assert together(entities, "Quantum Rail Systems", "QRS")
    assert together(entities, "Hewlett-Packard", "H-P")
    assert not together(entities, "QRS", "H-P")


def test_one_string_is_one_entity_whatever_the_labels() -> None:
    entities = group_entities(
        spaced(("Norvale", "org", "a"), ("Norvale", "person", "b"), ("Norvale", "org", "c"))
    )
    assert len(entities) == 1
    assert entities[0].label == "org"


def test_names_in_other_scripts_are_transliterated_before_keying() -> None:
    assert name_key("Сергей Шойгу") != name_key("Владимир Путин")
    assert name_key("Сергей Шойгу") == name_key("Sergey Shoygu")
    entities = group_entities(
        spaced(("Сергей Шойгу", "person", "a"), ("Владимир Путин", "person", "b"))
    )
    assert len(entities) == 2


def test_a_team_and_its_player_written_together_are_two_names() -> None:
    entities = compared(
        "Herons Jon Pello scored twice. Jon Pello said the Herons deserved it.\n",
        "The Herons won, and coach Ana Varga praised Pello.\n",
    )
    assert not together(entities, "Herons", "Jon Pello")
    assert together(entities, "Jon Pello", "Pello")
    assert len(holding(entities, "Herons").mentions) == 3


def test_a_word_the_detector_left_off_in_front_is_taken_back() -> None:
    lost = "South Sudan accuses its neighbour. Aid reached South Sudan on Monday.\n"
    entities = group_entities(
        [
            Mention("a", lost.index("Sudan"), lost.index("Sudan") + 5, "Sudan", "place"),
            Mention(
                "a", lost.rindex("South Sudan"), lost.rindex("Sudan") + 5, "South Sudan", "place"
            ),
            Mention("b", 0, 5, "Sudan", "place"),
        ],
        texts={"a": lost, "b": "Sudan denies it.\n"},
    )
    assert len(entities) == 2
    south = holding(entities, "South Sudan")
    assert [m.start for m in south.mentions] == [0, lost.rindex("South Sudan")]


def test_a_middle_name_or_initial_comes_and_goes() -> None:
    assert name_key("Raj K. Chohan") == name_key("Raj Chohan")
    entities = group_entities(
        spaced(("Christopher Kenyon Tamm", "person", "a"), ("Christopher Tamm", "org", "b"))
    )
    assert len(entities) == 1


def test_people_are_typed_by_what_their_spellings_say() -> None:
    person = group_entities(spaced(("Lindy Lorca", "org", "a"), ("Lorca", "org", "b")))
    assert [e.label for e in person] == ["person"]
    team = group_entities(
        spaced(
            ("The Herons", "person", "a"),
            ("Portsmouth Herons", "org", "b"),
            ("NYPD", "person", "c"),
        )
    )
    assert {e.label for e in team} == {"org"}


def test_every_name_of_a_span_is_found_where_the_desk_looks() -> None:
    texts = (
        "Herons' Jon Pello was arrested. Pello plays for the Herons.\n",
        "Jon Pello apologised, the Herons said.\n",
    )
    articles = [Article(id=f"a{i}", text=t, title=f"a{i}") for i, t in enumerate(texts)]
    comparison = compare_articles(articles)
    first = texts[0]
    owner = comparison.entity_of("a0", 0)
    player = comparison.entity_of("a0", first.index("Jon"))
    assert owner is not None and player is not None and owner is not player
    assert owner.article_ids == player.article_ids == {"a0", "a1"}
    assert comparison.entity_of("a0", first.index("Pello plays")) is player


def test_the_export_groups_names_as_the_desk_does(tmp_path: Path) -> None:
    texts = (
        "Ridgeback Beat Harriers In Overtime Thriller\n\n"
        "The Ridgeback won on Sunday. Coach Ana Varga said the Harriers played well.\n",
        "The Harriers lost to the Ridgeback on Sunday, Varga said.\n",
    )
    paths = [tmp_path / f"report-{n}.txt" for n in range(2)]
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text, encoding="utf-8")
    first, second = (load_article(path) for path in paths)
    desk = Desk.open(tmp_path / "desk.json")
    try:
        for article in (first, second):
            desk.remember_article(article)
        headline = find_claims(first.id, first.text, detect(first.text))[0]
        desk.set_status(headline, ClaimStatus.CONFIRMED, "ana")
        out = io.StringIO()
        export_desk_csv(desk, out)
        (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    finally:
        desk.close()
    assert row["entities"].split("; ") == ["Ridgeback", "Harriers"]


def test_a_spelling_often_read_as_a_place_is_no_short_form() -> None:
    entities = group_entities(
        spaced(
            ("Wenlock", "org", "a"),
            ("Wenlock", "org", "b"),
            ("Wenlock", "place", "b"),
            ("Wenlock Fire", "org", "a"),
            ("Herons", "org", "a"),
            ("Herons", "org", "b"),
            ("Herons", "place", "b"),
            ("Herons", "org", "a"),
            ("Portsmouth Herons", "org", "b"),
            ("Portsmouth", "place", "a"),
        )
    )
    assert not together(entities, "Wenlock", "Wenlock Fire")
    assert together(entities, "Herons", "Portsmouth Herons")
