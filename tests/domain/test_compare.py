"""Tests for comparing reports: entities across articles, figure alignment, matching claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.aliases import BUILTIN_ALIASES, with_aliases
from annotations.articles import Article, load_article
from annotations.claims import Claim, find_claims
from annotations.compare import (
    Comparison,
    Entity,
    FigureGroup,
    Mention,
    MergeDecision,
    SplitDecision,
    align_figures,
    compare,
    counted_thing,
    group_entities,
    lemma,
    match_claims,
    name_key,
)
from annotations.detection import detect
from annotations.spans import NumberValue, Span

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIRST = SEEDS / "russian-strikes-kill-120-daesh-militants.txt"
SECOND = SEEDS / "some-120-daesh-fighters-killed-moscow.txt"


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


def article_of(text: str, name: str) -> Article:
    return Article(id=name, text=text, title=name)


def number(
    text: str,
    needle: str,
    low: float | None,
    high: float | None,
    *,
    approximate: bool = False,
    label: str = "count",
    nth: int = 0,
) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(
        start, start + len(needle), "number", label, needle, NumberValue(low, high, approximate)
    )


def name(text: str, needle: str, label: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle), "name", label, needle)


@pytest.fixture(scope="module")
def seeds() -> list[tuple[Article, list[Span], list[Claim]]]:
    out = []
    for path in (FIRST, SECOND):
        article = load_article(path)
        spans = detect(article.text)
        out.append((article, spans, claims_of(article, spans)))
    return out


@pytest.fixture(scope="module")
def seed_comparison(seeds: list[tuple[Article, list[Span], list[Claim]]]) -> Comparison:
    return compare(seeds)


# Names -------------------------------------------------------------------------------------


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


# Figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "figure", "head", "modifiers"),
    [
        ("its strikes killed 120 ISIS fighters and 60 more", "120", "fighters", ("ISIS",)),
        ("killed 60 foreign mercenaries from Egypt", "60", "mercenaries", ("foreign",)),
        ("accused it of killing 14 civilians, including 3 children", "14", "civilians", ()),
        ("including 3 children in an air raid", "3", "children", ()),
        ("Some 120 Daesh (the so-called IS) fighters and 60", "Some 120", "fighters", ("Daesh",)),
        ("and up to 80 (IS) fighters including nine natives", "up to 80", "fighters", ()),
        ("and that 60 of them were foreign fighters from", "60", "fighters", ("foreign",)),
        ("only one soldier was wounded", "one", "soldier", ()),
    ],
)
def test_counted_thing_reads_the_noun_a_figure_counts(
    sentence: str, figure: str, head: str, modifiers: tuple[str, ...]
) -> None:
    end = sentence.index(figure) + len(figure)
    counted = counted_thing(sentence, end)
    assert counted.head == head
    assert counted.modifiers == modifiers


def test_of_them_is_part_of_the_figure_before() -> None:
    sentence = "It killed 120 fighters and 60 of them were foreign fighters."
    assert counted_thing(sentence, sentence.index("60") + 2).part_of_previous
    assert not counted_thing(sentence, sentence.index("120") + 3).part_of_previous


def test_counted_thing_finds_nothing_when_no_noun_follows() -> None:
    sentence = "The toll rose to 45, officials said."
    assert counted_thing(sentence, sentence.index("45") + 2).head == ""


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("fighters", "fighter"),
        ("mercenaries", "mercenary"),
        ("civilians", "civilian"),
        ("children", "child"),
        ("natives", "native"),
        ("people", "person"),
        ("boxes", "box"),
        ("houses", "house"),
        ("press", "press"),
    ],
)
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_synonyms_count_the_same_thing_but_civilians_do_not() -> None:
    def what(sentence: str, figure: str) -> tuple[str, tuple[str, ...]]:
        counted = counted_thing(sentence, sentence.index(figure) + len(figure))
        return counted.what, counted.qualifiers

    assert what("120 militants died", "120") == what("120 fighters died", "120")
    assert what("60 foreign fighters", "60") == what("60 foreign mercenaries", "60")
    assert what("60 mercenaries", "60") == what("60 foreign fighters", "60")
    assert what("60 foreign fighters", "60") != what("60 fighters", "60")
    assert what("14 civilians", "14") != what("14 fighters", "14")


def two_reports(
    first: str, second: str, figures: list[tuple[int, str, float | None, float | None, bool]]
) -> list[FigureGroup]:
    articles = [article_of(first, "one"), article_of(second, "two")]
    spans: list[list[Span]] = [[], []]
    for side, needle, low, high, approximate in figures:
        text = articles[side].text
        spans[side].append(number(text, needle, low, high, approximate=approximate))
    return align_figures([(articles[0], spans[0]), (articles[1], spans[1])])


def test_hedged_figure_agrees_with_the_plain_one() -> None:
    groups = two_reports(
        "Strikes killed 120 fighters.",
        "Some 120 fighters were killed.",
        [(0, "120", 120, 120, False), (1, "Some 120", 120, 120, True)],
    )
    assert [g.status for g in groups] == ["agree"]
    assert groups[0].counts == "fighters"


def test_different_values_for_the_same_thing_clash() -> None:
    groups = two_reports(
        "Strikes killed 120 fighters.",
        "Strikes killed 300 militants.",
        [(0, "120", 120, 120, False), (1, "300", 300, 300, False)],
    )
    assert [g.status for g in groups] == ["clash"]
    assert {m.article_id for m in groups[0].mentions} == {"one", "two"}


def test_approximate_widening_has_limits() -> None:
    near = two_reports(
        "Some 120 fighters died.",
        "Strikes killed 130 fighters.",
        [(0, "Some 120", 120, 120, True), (1, "130", 130, 130, False)],
    )
    far = two_reports(
        "Some 120 fighters died.",
        "Strikes killed 160 fighters.",
        [(0, "Some 120", 120, 120, True), (1, "160", 160, 160, False)],
    )
    assert [g.status for g in near] == ["agree"]
    assert [g.status for g in far] == ["clash"]


def test_different_things_counted_never_align() -> None:
    groups = two_reports(
        "Strikes killed 14 civilians.",
        "Strikes killed 14 fighters.",
        [(0, "14", 14, 14, False), (1, "14", 14, 14, False)],
    )
    assert sorted(g.status for g in groups) == ["one-side", "one-side"]


def figure_group(groups: list[FigureGroup], article: str, text: str) -> FigureGroup:
    found = [g for g in groups for m in g.mentions if m.article_id == article and m.text == text]
    assert found, f"no figure {text!r}"
    return found[0]


def test_seed_figures_align(
    seeds: list[tuple[Article, list[Span], list[Claim]]], seed_comparison: Comparison
) -> None:
    first, second = seeds[0][0].id, seeds[1][0].id
    groups = seed_comparison.figures

    fighters = figure_group(groups, second, "Some 120")
    assert fighters.status == "agree"
    assert (first, "120") in {(m.article_id, m.text) for m in fighters.mentions}

    foreign = figure_group(groups, first, "60")
    assert foreign.status == "agree"
    texts = {(m.article_id, m.text) for m in foreign.mentions}
    assert (second, "60") in texts
    # "more than 60 foreign mercenaries" restates the same figure: it joins, without clashing.
    assert (second, "more than 60") in texts
    assert "foreign" in foreign.counts

    for article, text in ((first, "14"), (first, "3"), (second, "up to 80"), (second, "some 40")):
        group = figure_group(groups, article, text)
        assert group.status == "one-side", text
        assert group.article_ids == {article}
    assert figure_group(groups, first, "14").counts == "civilians"
    assert figure_group(groups, first, "3").counts == "children"


def test_dates_are_not_aligned(seed_comparison: Comparison) -> None:
    labels = {m.label for g in seed_comparison.figures for m in g.mentions}
    assert "date" not in labels and "count" in labels


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


def test_three_reports_of_one_figure_agree_in_one_group() -> None:
    texts = ["Strikes killed 120 fighters.", "Some 120 militants died.", "About 120 fighters died."]
    articles = [article_of(t, f"r{n}") for n, t in enumerate(texts)]
    needles = [("120", False), ("Some 120", True), ("About 120", True)]
    spans = [
        [number(a.text, needle, 120, 120, approximate=approx)]
        for a, (needle, approx) in zip(articles, needles, strict=True)
    ]
    groups = align_figures(list(zip(articles, spans, strict=True)))
    assert [g.status for g in groups] == ["agree"]
    assert groups[0].article_ids == {"r0", "r1", "r2"}


def test_a_clash_pairs_the_closest_figures_and_leaves_the_rest_one_side() -> None:
    second = "Up to 130 fighters died in X, 80 fighters in Y, 40 fighters in Z."
    groups = two_reports(
        "Strikes killed 150 fighters.",
        second,
        [
            (0, "150", 150, 150, False),
            (1, "Up to 130", 0, 130, False),
            (1, "80", 80, 80, False),
            (1, "40", 40, 40, False),
        ],
    )
    clash = [g for g in groups if g.status == "clash"]
    assert len(clash) == 1
    assert {m.text for m in clash[0].mentions} == {"150", "Up to 130"}
    assert sorted(m.text for g in groups if g.status == "one-side" for m in g.mentions) == [
        "40",
        "80",
    ]


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
