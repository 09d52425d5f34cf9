"""Tests for CSV export of tagged claims."""

from __future__ import annotations

import csv
import io
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

from annotations.articles import Article
from annotations.claims import Claim
from annotations.export import COLUMNS, ExportRow, export_csv, neutralise_cell, rows_for_desk
from annotations.revisions import reanchor_article
from annotations.store import ClaimStatus, Desk, Tag

TEXT_COLUMNS = [f.name for f in fields(ExportRow) if f.name not in ("start", "end")]

PLAIN = ExportRow(
    claim_id="c1",
    status="confirmed",
    claim="Up to 80 people died.",
    note="",
    article_title="Blast",
    article_path="/news/a.txt",
    article_date="14 October 2017",
    article_source="Wire",
    start=0,
    end=21,
    numbers="Up to 80",
    names="",
    analyst="ana",
    updated_at="2026-01-01T00:00:00Z",
    anchor="exact",
    old_quote="",
)


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _export(rows: list[ExportRow], *, neutralise: bool = True) -> str:
    out = io.StringIO(newline="")
    assert export_csv(rows, out, neutralise=neutralise) == len(rows)
    return out.getvalue()


def test_header_and_columns_in_order() -> None:
    assert list(COLUMNS) == [
        "claim_id", "status", "claim", "note", "article_title", "article_path", "article_date",
        "article_source", "start", "end", "numbers", "names", "analyst", "updated_at", "anchor",
        "old_quote", "links", "entities", "source", "source_via", "hedges", "history",
        "verdicts", "conflict",
    ]  # fmt: skip
    text = _export([])
    assert text == ",".join(COLUMNS) + "\r\n"


def test_awkward_text_survives_a_round_trip() -> None:
    awkward = [
        replace(PLAIN, claim='He said "80, maybe 90"\nthen left.', note="a,b;c"),
        replace(PLAIN, claim="Über 5 000 — 二十人 🙂", note='""', names="Müller; 李"),
        replace(PLAIN, claim="line\r\nbreak", note=" leading and trailing "),
    ]
    text = _export(awkward, neutralise=False)
    rows = _read(text)
    assert rows[0] == list(COLUMNS)
    for row, original in zip(rows[1:], awkward, strict=True):
        assert row == [str(getattr(original, c)) for c in COLUMNS]
    assert text.count("\r\n") >= 4 and text.endswith("\r\n")
    assert text.encode("utf-8").decode("utf-8") == text


@pytest.mark.parametrize("column", TEXT_COLUMNS)
@pytest.mark.parametrize("payload", ["=1+2", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1"])
def test_formulas_are_neutralised_in_every_text_column(column: str, payload: str) -> None:
    change: dict[str, Any] = {column: payload}
    row = replace(PLAIN, **change)
    (_, cells) = _read(_export([row]))
    written = dict(zip(COLUMNS, cells, strict=True))
    assert written[column] == "'" + payload
    for other in COLUMNS:
        if other != column:
            assert written[other] == str(getattr(PLAIN, other))


@pytest.mark.parametrize("text", ["", "a=b", "80 - 90", "'=already", "Up to 80"])
def test_harmless_text_is_left_alone(text: str) -> None:
    assert neutralise_cell(text) == text


def test_raw_option_keeps_formulas() -> None:
    row = replace(PLAIN, note='=HYPERLINK("x")', claim="-5 degrees")
    (_, cells) = _read(_export([row], neutralise=False))
    written = dict(zip(COLUMNS, cells, strict=True))
    assert written["note"] == '=HYPERLINK("x")'
    assert written["claim"] == "-5 degrees"


def _claim(article: Article, start: int, end: int) -> Claim:
    return Claim(article.id, start, end, article.text[start:end])


def test_rows_for_desk_exports_tagged_claims_by_article_then_position() -> None:
    second = Article(id="b" * 8, text="Zed said 60 died. Ann said 70.", title="Zeta report")
    first = Article(
        id="z" * 8,
        text="Sixty died in Aden. Police said 70.",
        title="Aden blast",
        date="1 May 2020",
        path="/a.txt",
        source="Wire",
    )
    desk = Desk.in_memory()
    desk.remember_article(first)
    desk.remember_article(second)
    desk.set_status(_claim(second, 18, 30), ClaimStatus.DISPUTED, "ana")
    desk.set_status(_claim(first, 20, 35), ClaimStatus.CONFIRMED, "ana")
    desk.set_note(_claim(first, 20, 35), "=cmd", "ben")
    desk.set_status(_claim(first, 0, 19), ClaimStatus.DISPUTED, "ana")
    desk.set_note(_claim(second, 0, 17), "only a note", "ana")

    def spans_for(tag: Tag) -> tuple[list[str], list[str]]:
        return ([f"n{tag.start}", "70"], [f"name{tag.end}"])

    rows = rows_for_desk(desk, spans_for=spans_for)
    # The claim with only a note is exported too, as untagged.
    assert [(r.article_title, r.start, r.status) for r in rows] == [
        ("Aden blast", 0, "disputed"),
        ("Aden blast", 20, "confirmed"),
        ("Zeta report", 0, "untagged"),
        ("Zeta report", 18, "disputed"),
    ]
    top = rows[1]
    assert (top.status, top.note, top.analyst) == ("confirmed", "=cmd", "ben")
    assert (top.article_date, top.article_path, top.article_source) == (
        "1 May 2020",
        "/a.txt",
        "Wire",
    )
    assert top.claim == "Police said 70."
    assert (top.numbers, top.names) == ("n20; 70", "name35")
    assert rows[2].article_date == ""

    disputed = rows_for_desk(desk, statuses={ClaimStatus.DISPUTED})
    assert [(r.start, r.numbers) for r in disputed] == [(0, ""), (18, "")]

    (_, *cells) = _read(_export(rows))
    assert cells[1][COLUMNS.index("note")] == "'=cmd"


def test_every_whitespace_character_is_suspected() -> None:
    # The export's prefilter only scans up to U+3000; a space above that would slip through.
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    for space in spaces:
        (_, cells) = _read(_export([replace(PLAIN, note=space + "=1")]))
        assert cells[COLUMNS.index("note")] == "'" + space + "=1"


def test_links_column_names_the_other_claim_and_its_article() -> None:
    aden = Article(id="a" * 8, text="Sixty died in Aden. Police said 70.", title="Aden blast")
    wire = Article(id="w" * 8, text="Officials said 64 died. Nobody was arrested.", title="")
    desk = Desk.in_memory()
    desk.remember_article(aden)
    desk.remember_article(wire)
    sixty = desk.set_status(_claim(aden, 0, 19), ClaimStatus.DISPUTED, "ana")
    desk.link_claims(_claim(aden, 0, 19), _claim(wire, 0, 23), "contradicts", "ana")
    desk.link_claims(_claim(aden, 0, 19), _claim(aden, 20, 35), "corroborates", "ana")
    desk.link_claims(_claim(wire, 24, 44), _claim(aden, 20, 35), "corroborates", "ana")
    officials = desk.tag_at(wire.id, 0, 23)
    police = desk.tag_at(aden.id, 20, 35)
    assert sixty is not None and officials is not None and police is not None
    # Claims kept only for their links carry no status, so only one row is exported.
    (row,) = rows_for_desk(desk)
    assert row.claim_id == sixty.id
    assert row.links == (
        f"contradicts:{officials.id} by ana; corroborates:{police.id} by ana (Aden blast)"
    )
    desk.set_status(_claim(aden, 20, 35), ClaimStatus.CONFIRMED, "ana")
    rows = rows_for_desk(desk)
    assert [r.claim_id for r in rows] == [sixty.id, police.id]
    (other,) = [t for t in desk.tags() if t.article_id == wire.id and t.start == 24]
    assert rows[1].links == (
        f"corroborates:{sixty.id} by ana (Aden blast); corroborates:{other.id} by ana"
    )
    (header, *cells) = _read(_export(rows))
    links = COLUMNS.index("links")
    assert header[links] == "links" and cells[0][links] == rows[0].links


def test_reanchored_and_orphaned_tags_are_exported_with_their_anchor() -> None:
    old = Article(
        id="o" * 8,
        text="Up to 80 people died in Mogadishu. More than 60 were hurt on Saturday. "
        "The mayor blamed al-Shabaab for the attack.",
        title="Blast",
    )
    new = Article(
        id="n" * 8,
        text="Up to 80 people died in Mogadishu. More than 70 were hurt on Saturday. "
        "Rain fell across the city all afternoon.",
        title="Blast (corrected)",
    )
    desk = Desk.in_memory()
    desk.remember_article(old)
    for start, end in ((0, 34), (35, 70), (71, 114)):
        prefix, suffix = old.text[max(0, start - 32) : start], old.text[end : end + 32]
        claim = _claim(old, start, end)
        desk.set_status(claim, ClaimStatus.CONFIRMED, "ana", prefix=prefix, suffix=suffix)
    reanchor_article(desk, old.id, new)
    rows = rows_for_desk(desk)
    by_anchor = {r.anchor: r for r in rows}
    assert sorted(by_anchor) == ["exact", "moved", "orphan"]
    moved = by_anchor["moved"]
    assert moved.claim == "More than 70 were hurt on Saturday."
    assert moved.old_quote == "More than 60 were hurt on Saturday."
    assert moved.article_title == "Blast (corrected)"
    orphan = by_anchor["orphan"]
    assert (orphan.article_title, orphan.start, orphan.old_quote) == ("Blast", 71, "")
    assert orphan.claim == "The mayor blamed al-Shabaab for the attack."


def test_entities_column_follows_the_analysts_split_and_merge(tmp_path: Path) -> None:
    from annotations.articles import load_article
    from annotations.claims import find_claims
    from annotations.compare import compare_articles
    from annotations.detection import detect
    from annotations.export import export_desk_csv
    from seeds import seed_paths

    first, second = (load_article(path) for path in seed_paths())
    desk = Desk.open(tmp_path / "desk.json")
    try:
        desk.remember_article(first)
        desk.remember_article(second)
        claim = next(
            c
            for c in find_claims(first.id, first.text, detect(first.text))
            if "Abu Kamal" in c.text
        )
        desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")

        def entities_cell() -> str:
            out = io.StringIO()
            export_desk_csv(desk, out)
            (row,) = csv.DictReader(io.StringIO(out.getvalue()))
            return row["entities"]

        assert "Albu Kamal" in entities_cell().split("; ")
        kamal = next(
            e for e in compare_articles([first, second]).entities if "Abu Kamal" in e.spellings
        )
        desk.add_split({"entity_key": kamal.key, "text": "Abu Kamal"})
        assert "Abu Kamal" in entities_cell().split("; ")
        assert "Albu Kamal" not in entities_cell().split("; ")
    finally:
        desk.close()


def test_source_and_hedge_columns_say_who_says_it_and_how_firmly(tmp_path: Path) -> None:
    from annotations.articles import load_article
    from annotations.export import export_desk_csv
    from seeds import seed_paths

    article = load_article(min(seed_paths()))  # the Russian strikes report
    desk = Desk.in_memory()
    desk.remember_article(article)
    text = article.text
    for opening in ("It said that its strikes", "The Syrian army and allied forces"):
        start = text.index(opening)
        desk.set_status(_claim(article, start, text.index(".", start) + 1), "confirmed", "ana")
    out = io.StringIO(newline="")
    export_desk_csv(desk, out)  # the article is read from its file
    header, it_said, reportedly = _read(out.getvalue())
    cells = [dict(zip(header, row, strict=True)) for row in (it_said, reportedly)]
    assert cells[0]["source"] == "Syrian Central Military Media"
    assert cells[0]["source_via"] == "" and cells[0]["hedges"] == ""
    assert cells[1]["source"] == ""
    assert cells[1]["hedges"] == "reportedly (reporting)"
