"""Tests for comparing reports: entities across articles and matching claims (figures: see
test_compare_figures.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.aliases import BUILTIN_ALIASES, with_aliases
from annotations.articles import Article
from annotations.claims import Claim, find_claims
from annotations.compare import (
    Comparison,
    Entity,
    Mention,
    MergeDecision,
    SplitDecision,
    compare,
    group_entities,
    match_claims,
    name_key,
)
from annotations.spans import Span
from tests.domain.comparing import FIRST, SECOND, article_of, name, number


def mention(text: str, label: str = "place", article: str = "a", start: int = 0) -> Mention:
    return Mention(article, start, start + len(text), text, label)


def entity_with(entities: list[Entity], text: str) -> Entity:
    found = [e for e in entities if any(m.text == text for m in e.mentions)]
    assert len(found) == 1, f"{text!r} is in {len(found)} entities"
    return found[0]


def together(entities: list[Entity], *texts: str) -> bool:
    return len({id(entity_with(entities, t)) for t in texts}) == 1


def claims_of(article: Article, spans: list[Span]) -> list[Claim]:
    return find_claims(article.id, article.text, spans)


def test_transliterations_of_one_place_group_together() -> None:
    groups = [
        ("Mayadeen", "al-Mayadin", "Al-Mayadeen", "Al Mayadeen"),
        ("Deir Ezzor", "Deir el-Zour", "Der el-Zour"),
        ("Abu Kamal", "Albu Kamal"),
        ("North Caucasus", "Northern Caucasus"),
    ]
    mentions = [mention(t, start=i) for i, t in enumerate(t for g in groups for t in g)]
    entities = group_entities(mentions)
    assert len(entities) == len(groups)
    for spellings in groups:
        assert together(entities, *spellings)


def test_name_key_drops_particles_titles_and_diacritics() -> None:
    assert name_key("Al-Mayadeen") == name_key("al-Mayadin")
    assert name_key("Gen. Igor Konashenkov", "person") == name_key("Igor Konashenkov", "person")
    assert name_key("Russian Defense Minister Sergei Shoigu", "person") == name_key(
        "Sergei Shoigu", "person"
    )
    assert name_key("Ḥomṣ") == name_key("Homs")
    assert name_key("Deir Ezzor") != name_key("Damascus")


def test_a_participle_hyphenated_onto_a_name_is_not_part_of_the_entity() -> None:
    assert name_key("ISIL-held", "org") == name_key("ISIL", "org")
    assert name_key("U.S.-led") == name_key("U.S.")
    assert name_key("Syrian-backed") == name_key("Syrian")
    # Only a trailing participle: a name that carries one inside keeps its words.
    assert name_key("US-backed Kurdish") != name_key("Kurdish")


def test_surname_alone_joins_the_one_full_name_that_ends_with_it() -> None:
    entities = group_entities(
        [
            mention("Gen. Igor Konashenkov", "person", start=0),
            mention("Igor Konashenkov", "person", start=30),
            mention("Konashenkov", "person", start=60),
            mention("Sergei Shoigu", "person", start=90),
        ]
    )
    person = entity_with(entities, "Konashenkov")
    assert {m.text for m in person.mentions} == {
        "Gen. Igor Konashenkov",
        "Igor Konashenkov",
        "Konashenkov",
    }
    assert person.label == "person"
    assert not together(entities, "Konashenkov", "Sergei Shoigu")


def test_surname_shared_by_several_people_joins_none_of_them() -> None:
    entities = group_entities(
        [
            mention("Abu Omar al-Shishani", "person", start=0),
            mention("Salahuddin al-Shishani", "person", start=30),
            mention("Shishani", "person", start=60),
        ]
    )
    assert len(entities) == 3


def test_people_whose_given_names_differ_stay_apart() -> None:
    names = ("Abu Omar al-Shishani", "Salahuddin al-Shishani", "Alyauddin Al-Shishani")
    entities = group_entities([mention(n, "person", start=i * 30) for i, n in enumerate(names)])
    assert len(entities) == 3


@pytest.mark.parametrize(
    ("country", "people", "people_label"),
    [
        ("Syria", "Syrian", "group"),
        ("Iraq", "Iraqi", "group"),
        ("Syria", "Syrian", "place"),
        ("Iraq", "Iraqi", "place"),
    ],
)
def test_a_demonym_never_joins_its_country(country: str, people: str, people_label: str) -> None:
    entities = group_entities([mention(country, "place"), mention(people, people_label, start=9)])
    assert len(entities) == 2


def test_a_person_never_joins_a_place_of_the_same_spelling() -> None:
    entities = group_entities([mention("Jordan", "person"), mention("Jordan", "place", start=9)])
    assert len(entities) == 2


def test_a_place_the_detector_calls_an_org_still_joins_its_spellings() -> None:
    entities = group_entities(
        [mention("Mayadeen", "org"), mention("al-Mayadin", "place", start=20)]
    )
    assert len(entities) == 1
    assert entities[0].label in ("org", "place")


def test_a_person_and_a_place_of_one_spelling_get_different_keys() -> None:
    entities = group_entities(
        [
            mention("Jordan", "person"),
            mention("Jordan", "place", start=9),
            mention("Jordan", "place", start=20),
        ]
    )
    assert len({e.key for e in entities}) == 2


def test_alias_table_groups_the_names_of_one_group() -> None:
    texts = ("ISIS", "IS", "ISIL", "Daesh", "Islamic State")
    entities = group_entities([mention(t, "org", start=i * 20) for i, t in enumerate(texts)])
    assert len(entities) == 1
    assert entities[0].key == name_key("ISIS")
    assert "ISIS" in BUILTIN_ALIASES and "Daesh" in BUILTIN_ALIASES["ISIS"]


def test_alias_table_recognises_a_long_alias_inside_an_org_name() -> None:
    entities = group_entities(
        [
            mention("Britain-based Syrian Observatory for Human Rights", "org"),
            mention("SOHR", "org", start=80),
        ]
    )
    assert len(entities) == 1


def test_caller_aliases_extend_the_built_in_table() -> None:
    mentions = [
        mention("Tiger Forces", "org"),
        mention("Qawat al-Nimr", "org", start=40),
        mention("Daesh", "org", start=80),
        mention("ISIS", "org", start=90),
    ]
    assert len(group_entities(mentions)) == 3
    table = with_aliases({"Tiger Forces": ["Qawat al-Nimr"]})
    entities = group_entities(mentions, aliases=table)
    assert len(entities) == 2
    assert together(entities, "Tiger Forces", "Qawat al-Nimr")
    assert together(entities, "Daesh", "ISIS")


def test_analyst_merge_wins_over_automatic_grouping() -> None:
    mentions = [mention("Tiger Forces", "org"), mention("Qawat al-Nimr", "org", start=40)]
    assert len(group_entities(mentions)) == 2
    merged = group_entities(
        mentions, merges=[MergeDecision(name_key("Tiger Forces"), name_key("Qawat al-Nimr"))]
    )
    assert len(merged) == 1
    # Plain tuples, as read back from JSON, work too.
    again = group_entities(mentions, merges=[(merged[0].key, name_key("Qawat al-Nimr"))])
    assert len(again) == 1


def test_analyst_split_wins_over_automatic_grouping() -> None:
    mentions = [
        mention("Mayadeen", start=0),
        mention("Al Mayadeen", start=20),
        mention("al-Mayadin", start=40),
        mention("Al Mayadeen", start=60),
    ]
    (whole,) = group_entities(mentions)
    entities = group_entities(mentions, splits=[SplitDecision(whole.key, "Al Mayadeen")])
    assert len(entities) == 2
    out = entity_with(entities, "Al Mayadeen")
    assert [m.start for m in out.mentions] == [20, 60]
    assert together(entities, "Mayadeen", "al-Mayadin")
    assert out.key != whole.key


def test_decisions_are_plain_json_data() -> None:
    merge = MergeDecision("tiger forces", "kawat nimr")
    split = SplitDecision("mayadin", "Al Mayadeen")
    text = json.dumps({"merges": [merge.to_dict()], "splits": [split.to_dict()]})
    data = json.loads(text)
    assert MergeDecision.from_dict(data["merges"][0]) == merge
    assert SplitDecision.from_dict(data["splits"][0]) == split


def test_seed_entities_link_across_articles(seed_comparison: Comparison) -> None:
    entities = seed_comparison.entities
    assert together(entities, "Mayadeen", "al-Mayadin", "Al-Mayadeen", "Al Mayadeen")
    assert together(entities, "Deir Ezzor", "Deir el-Zour", "Der el-Zour")
    assert together(entities, "Abu Kamal", "Albu Kamal")
    assert together(entities, "ISIS", "IS", "Daesh")
    assert together(entities, "Gen. Igor Konashenkov", "Konashenkov")
    assert not together(entities, "Syria", "Syrian")
    assert not together(entities, "Iraq", "Iraqi")
    isis = entity_with(entities, "Daesh")
    assert len(isis.article_ids) == 2


# Claims -------------------------------------------------------------------------------------


def test_seed_claim_matches_the_same_statement_in_the_other_report(
    seeds: list[tuple[Article, list[Span], list[Claim]]], seed_comparison: Comparison
) -> None:
    first, second = seeds[0], seeds[1]
    claim = next(c for c in first[2] if c.text.startswith("It said that its strikes killed 120"))
    best = seed_comparison.best_match(first[0].id, claim.start)
    assert best is not None
    assert best.match.article_id == second[0].id
    assert best.match.text.startswith("Moscow — Some 120 Daesh")
    assert 0 < best.score <= 1
    assert "isis" in best.shared_entities


def test_match_claims_works_from_claims_alone(
    seeds: list[tuple[Article, list[Span], list[Claim]]],
) -> None:
    matches = match_claims({article.id: claims for article, _, claims in seeds})
    opening = next(c for c in seeds[1][2] if c.text.startswith("Moscow — Some 120"))
    best = max((m for m in matches if m.claim == opening), key=lambda m: m.score)
    # The headline and the body sentence both report the 120 killed: either is the event.
    assert best.match.text.startswith(
        ("It said that its strikes killed 120 ISIS fighters", "Russian Federation strikes kill 120")
    )
    assert "120" in " ".join(best.evidence.figures)


def test_articles_that_share_nothing_have_no_links() -> None:
    one_text = "Floods in Bavaria displaced 3,000 residents, Mayor Anna Huber said."
    two_text = "Acme Corp sold 45 tractors in Peru, Carlos Vega reported on Monday."
    one, two = article_of(one_text, "one"), article_of(two_text, "two")
    one_spans = [
        name(one_text, "Bavaria", "place"),
        number(one_text, "3,000", 3000, 3000),
        name(one_text, "Anna Huber", "person"),
    ]
    two_spans = [
        name(two_text, "Acme Corp", "org"),
        number(two_text, "45", 45, 45),
        name(two_text, "Peru", "place"),
        name(two_text, "Carlos Vega", "person"),
    ]
    result = compare(
        [(one, one_spans, claims_of(one, one_spans)), (two, two_spans, claims_of(two, two_spans))]
    )
    assert all(len(e.article_ids) == 1 for e in result.entities)
    assert all(g.status == "one-side" for g in result.figures)
    assert result.matches == []


# The entry point ----------------------------------------------------------------------------


def test_comparison_to_json_has_the_promised_shape(
    seeds: list[tuple[Article, list[Span], list[Claim]]], seed_comparison: Comparison
) -> None:
    names = {article.id: Path(article.path or "").name for article, _, _ in seeds}
    data = json.loads(json.dumps(seed_comparison.to_json(names.__getitem__)))
    assert set(data) >= {"entities", "figures", "matches"}
    entity = data["entities"][0]
    assert set(entity) >= {"name", "label", "mentions"}
    assert set(entity["mentions"][0]) >= {"file", "start", "end", "text"}
    figure = data["figures"][0]
    assert figure["status"] in ("agree", "clash", "one-side")
    assert isinstance(figure["counts"], str)
    assert set(figure["mentions"][0]) >= {"file", "start", "end", "text", "low", "high", "unit"}
    match = data["matches"][0]
    assert set(match) >= {"claim", "match", "score"}
    assert set(match["claim"]) >= {"file", "start", "end", "text"}
    files = {m["file"] for e in data["entities"] for m in e["mentions"]}
    assert files == {FIRST.name, SECOND.name}
    texts = {article.id: article.text for article, _, _ in seeds}
    by_file = {Path(a.path or "").name: a.id for a, _, _ in seeds}
    for m in entity["mentions"]:
        assert texts[by_file[m["file"]]][m["start"] : m["end"]] == m["text"]


def test_lookups_for_the_ui(
    seeds: list[tuple[Article, list[Span], list[Claim]]], seed_comparison: Comparison
) -> None:
    first = seeds[0][0]
    start = first.text.index("al-Mayadin")
    entity = seed_comparison.entity_of(first.id, start)
    assert entity is not None and entity.key == name_key("Mayadeen")
    assert seed_comparison.entity_of(first.id, start + 3) is entity
    assert seed_comparison.entity_of(first.id, first.text.index("marching")) is None
    figure = seed_comparison.figure_group_of(first.id, first.text.index("14 civilians"))
    assert figure is not None and figure.counts == "civilians"
    assert seed_comparison.best_match("no such article", 0) is None


def test_entity_keys_do_not_depend_on_mention_order() -> None:
    texts = ["Konashenkov", "Gen. Igor Konashenkov", "al-Mayadin", "Mayadeen", "Daesh", "ISIS"]
    labels = ["person", "person", "place", "place", "org", "org"]
    mentions = [
        mention(t, lab, start=i * 30) for i, (t, lab) in enumerate(zip(texts, labels, strict=True))
    ]
    forward = {(e.key, e.name) for e in group_entities(mentions)}
    backward = {(e.key, e.name) for e in group_entities(list(reversed(mentions)))}
    assert forward == backward
    assert {k for k, _ in forward} == {"igor konashenkov", "mayadin", "isis"}


def test_nothing_to_compare_gives_an_empty_comparison() -> None:
    result = compare([])
    assert (result.entities, result.figures, result.matches) == ([], [], [])
    assert result.entity_of("any", 0) is None
    assert result.figure_group_of("any", 0) is None
    assert result.to_json(str) == {"entities": [], "figures": [], "matches": []}


def test_group_entities_takes_article_span_pairs_too() -> None:
    text = "Mayadeen fell; al-Mayadin was empty."
    pairs = [("a", name(text, "Mayadeen", "place")), ("a", name(text, "al-Mayadin", "place"))]
    (entity,) = group_entities(pairs)
    assert [(m.start, m.text) for m in entity.mentions] == [(0, "Mayadeen"), (15, "al-Mayadin")]
