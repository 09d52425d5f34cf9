"""Tests of claim matching by event: evidence, calibrated scores, no match when nothing fits."""

from __future__ import annotations

from datetime import date

from annotations.articles import article_from_text
from annotations.claims import find_claims
from annotations.compare import compare_articles
from annotations.compare.events import (
    article_day,
    claim_dates,
    dates_relation,
    event_lemma,
    event_triggers,
    event_words,
    legal_stages,
)
from annotations.compare.matching import MATCH_THRESHOLD, candidate_evidence, chance
from annotations.detection import detect
from tests.pilot import seeds


def test_action_words_meet_at_one_lemma() -> None:
    assert event_lemma("jolted") == event_lemma("jolt") == event_lemma("jolts")
    assert event_lemma("killed") == event_lemma("killing") == event_lemma("kills")
    assert event_lemma("death") == event_lemma("died") == event_lemma("dies")
    assert event_lemma("quake") == event_lemma("earthquakes") == event_lemma("quaked")
    assert event_lemma("arrested") == event_lemma("arrests")
    assert event_lemma("stopped") == event_lemma("stops")
    assert event_lemma("Sentenced") == event_lemma("sentencing")


def test_nouns_of_action_meet_their_verbs() -> None:
    pairs = {
        "dismissal": "dismissed",
        "arrivals": "arrived",
        "nomination": "nominated",
        "announcement": "announced",
        "payment": "paid",
        "departure": "departs",
        "recovery": "recovered",
    }
    for noun, verb in pairs.items():
        assert event_lemma(noun) == event_lemma(verb), (noun, verb)
    # Short words are not clipped into others: a stem keeps at least a few letters.
    assert event_lemma("final") != event_lemma("fin")
    assert event_lemma("moment") != event_lemma("mo")
    assert event_lemma("measure") != event_lemma("meas")


def test_weekdays_are_read_against_the_article_date() -> None:
    day = article_day("08 October 2017")  # a Sunday
    assert day == date(2017, 10, 8)
    assert article_day("July 23, 2008") == date(2008, 7, 23)
    assert article_day("no date here") is None
    saturday = claim_dates("killed on Saturday", [], day)
    assert saturday.days == {"2017-10-07"}
    yesterday = claim_dates("killed yesterday", [], day)
    assert dates_relation(saturday, yesterday) == ("2017-10-07",)
    monday = claim_dates("arrested on Monday", [], day)
    assert dates_relation(saturday, monday) == ()  # both say when: different days
    assert dates_relation(saturday, claim_dates("no day given", [], day)) is None
    # Without the article's date weekdays compare as words.
    assert claim_dates("on Saturday", [], None).days == {"saturday"}


def test_the_seeds_match_scores_above_every_wrong_candidate() -> None:
    articles = seeds()
    claims = {a.id: find_claims(a.id, a.text, detect(a.text)) for a in articles}
    dates = {a.id: a.date for a in articles}
    found = next(
        pairs
        for pairs in candidate_evidence(claims, dates=dates)
        if pairs and pairs[0].claim.text.startswith("It said that its strikes killed 120")
    )
    scored = sorted(((chance(p.values), p) for p in found), key=lambda x: -x[0])
    best_score, best = scored[0]
    assert best.match.text.startswith("Moscow — Some 120 Daesh")
    assert best_score >= MATCH_THRESHOLD
    assert all(score < best_score for score, _ in scored[1:])
    assert any("120" in figure for figure in best.evidence.figures)
    assert "killed" in best.evidence.actions  # as the claim writes it


def test_reports_of_unrelated_events_give_no_match() -> None:
    one = article_from_text(
        "Floods in Bavaria displaced 3,000 residents on Monday, Mayor Anna Huber said.\n\n"
        "The Danube rose two metres overnight near Passau, the water authority said.\n\n"
        "Schools in Passau stay shut until Friday.\n",
        path="floods.txt",
    )
    two = article_from_text(
        "Acme Corp sold 45 tractors in Peru last year, Carlos Vega reported on Monday.\n\n"
        "Sales in Chile fell by a fifth as farmers waited for lower interest rates.\n\n"
        "The company said 3,000 dealers would get new prices in March.\n",
        path="tractors.txt",
    )
    assert compare_articles([one, two]).matches == []


def test_the_same_event_told_twice_matches_with_its_reasons() -> None:
    one = article_from_text(
        "Quake kills 12 in Qeshm\n\n"
        "An earthquake measuring 5.6 jolted Iran's Qeshm island on Tuesday, killing 12 people, "
        "the governor of Hormozgan province said.\n\n"
        "Rescue teams from Bandar Abbas reached the island by boat.\n",
        path="one.txt",
    )
    two = article_from_text(
        "Deadly tremor on Qeshm\n\n"
        "Twelve people died when a 5.6-magnitude quake jolts Qeshm island on Tuesday, Iranian "
        "state television reported.\n\n"
        "The Red Crescent sent tents and blankets.\n",
        path="two.txt",
    )
    result = compare_articles([one, two])
    best = max(
        (m for m in result.matches if m.claim.text.startswith("An earthquake")),
        key=lambda m: m.score,
    )
    assert best.match.text.startswith("Twelve people died")
    assert {"jolted", "earthquake"} <= set(best.evidence.actions)
    assert best.evidence.places or best.evidence.participants
    summary = best.evidence.summary(result.entity_names())
    assert "event" in summary and "Qeshm" in summary


def test_figures_of_unrelated_incidents_do_not_agree() -> None:
    one = article_from_text(
        "Convoy ambushed near Mosul\n\n"
        "Gunmen ambushed an army convoy about 35km north of Mosul on Monday, killing 4 soldiers."
        "\n\n"
        "Farmers near Kirkuk planted wheat on about 30km of terraces, the ministry said.\n",
        path="one.txt",
    )
    two = article_from_text(
        "Mosul convoy attack\n\n"
        "Four soldiers were killed when gunmen ambushed an army convoy some 35km north of Mosul."
        "\n\n"
        "A bridge in Basra collapsed in a storm about 30km from the port.\n",
        path="two.txt",
    )
    result = compare_articles([one, two])
    by_text = {(m.article_id, m.text): g.status for g in result.figures for m in g.mentions}
    assert by_text[(one.id, "about 35km")] == "agree"  # the same ambush
    # The terraces of Kirkuk and the bridge in Basra share a unit and a value, not an event.
    assert by_text[(one.id, "about 30km")] == "one-side"
    assert by_text[(two.id, "about 30km")] == "one-side"


def test_event_words_are_the_verbs_and_nouns_of_action_not_the_background() -> None:
    text = (
        "Indonesia's remote province was hit by a powerful earthquake that killed five people "
        "after the acquisition, and the company will pay $334m."
    )
    actions, _ = event_words(text)
    found = event_triggers(text, actions)
    for word in ("killed", "hit", "acquisition", "pay"):
        assert event_lemma(word) in found, word
    for word in ("province", "powerful", "remote", "people", "company"):
        assert event_lemma(word) not in found, word


def test_steps_of_a_case_are_told_apart() -> None:
    charged = legal_stages(event_words("He was charged again on July 23")[0])
    guilty = legal_stages(event_words("A jury found him guilty of assault")[0])
    verdict = legal_stages(event_words("The verdict came after a day")[0])
    assert charged and guilty
    assert not charged & guilty
    assert guilty == verdict  # "guilty" and "verdict" are one step
    assert not legal_stages(event_words("The quake jolted the island")[0])


def test_a_verdict_is_not_matched_with_a_charge_of_the_same_man() -> None:
    texts = {
        "verdict": "Warren Jeffs Found Guilty\n\nA Texas jury found Warren Jeffs guilty of "
        "sexual assault of a child on Thursday in San Angelo.\n",
        "verdict-too": "Jeffs convicted\n\nJurors in San Angelo found Warren Jeffs guilty of "
        "sexual assault of a child after a short deliberation.\n",
        "charge": "Jeffs charged again\n\nWarren Jeffs was charged with sexual assault of a "
        "child in San Angelo, prosecutors said.\n",
    }
    articles = [article_from_text(text, path=f"{name}.txt") for name, text in texts.items()]
    claims = {a.id: find_claims(a.id, a.text, detect(a.text)) for a in articles}
    found = next(
        pairs
        for pairs in candidate_evidence(claims)
        if pairs and pairs[0].claim.text.startswith("A Texas jury found Warren Jeffs")
    )
    by_match = {p.match.text.split()[0]: p for p in found}
    assert by_match["Warren"].values["stages_differ"] == 1.0
    assert by_match["Jurors"].values["stages_differ"] == 0.0
    assert chance(by_match["Jurors"].values) > chance(by_match["Warren"].values)
    # The analyst is told why the charge scored lower: each side's step, as written.
    assert by_match["Warren"].evidence.steps_differ == ("guilty", "charged")
    assert "steps of the case differ: guilty / charged" in by_match["Warren"].evidence.summary()
    assert "steps of the case" not in by_match["Jurors"].evidence.summary()
