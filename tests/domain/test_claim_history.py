"""A claim's history in the desk, undo and redo in words, and how both reach the CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.claim_history import ClaimChange, overruled, parse_history
from annotations.export import export_desk_csv
from annotations.store import ClaimStatus, Desk
from tests.domain.test_store import ARTICLE, FIRST, SECOND


@pytest.fixture(params=["memory", "file"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    d = Desk.in_memory() if request.param == "memory" else Desk.open(tmp_path / "desk.json")
    d.remember_article(ARTICLE)
    yield d
    d.close()


def _rows(desk: Desk, **kwargs: object) -> list[dict[str, str]]:
    out = io.StringIO(newline="")
    export_desk_csv(desk, out, **kwargs)  # type: ignore[arg-type]
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def test_every_change_of_status_and_note_is_kept_with_who_and_from_to(desk: Desk) -> None:
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
    desk.set_note(FIRST, "two sources", "checker")
    tag = desk.set_status(FIRST, ClaimStatus.DISPUTED, "reviewer")
    assert tag is not None
    assert [(c.analyst, c.field, c.before, c.after) for c in tag.history] == [
        ("checker", "status", "untagged", "confirmed"),
        ("checker", "note", "", "two sources"),
        ("reviewer", "status", "confirmed", "disputed"),
    ]
    assert all(c.at.endswith("Z") for c in tag.history)
    assert overruled(tag.history) == (tag.history[2], tag.history[0])


def test_history_survives_reopening_the_desk(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
        desk.set_status(FIRST, ClaimStatus.DISPUTED, "reviewer")
    with Desk.open(path) as desk:
        tag = desk.tag_at(ARTICLE.id, 0, 34)
        assert tag is not None
        assert [c.analyst for c in tag.history] == ["checker", "reviewer"]


def test_a_change_by_the_same_analyst_is_not_overruled(desk: Desk) -> None:
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
    tag = desk.set_status(FIRST, ClaimStatus.DISPUTED, "checker")
    assert tag is not None and overruled(tag.history) is None
    cleared = desk.set_status(SECOND, ClaimStatus.CONFIRMED, "a")
    desk.set_status(SECOND, None, "a")
    again = desk.set_status(SECOND, ClaimStatus.DISPUTED, "b")
    assert cleared is not None and again is not None
    # Nothing of a's stood when b disputed it: a fresh verdict, not an overruling.
    assert overruled(again.history) is None


def test_damaged_history_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_history([["only", "four", "strings", "here"]])
    with pytest.raises(ValueError):
        parse_history("checker confirmed")
    assert parse_history(None) == ()
    change = ClaimChange("a", "2026-12-01T10:00:00Z", "status", "untagged", "confirmed")
    assert parse_history([list(change)])


def test_undo_and_redo_say_what_they_did_and_where(desk: Desk) -> None:
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    step = desk.undo_step()
    assert step is not None
    assert (step.what, step.kind, step.key, step.tag) == (
        "disputed → untagged",
        "tag",
        (ARTICLE.id, 35, 70),
        None,
    )
    redone = desk.redo_step()
    assert redone is not None and redone.what == "untagged → disputed"
    assert redone.tag is not None and redone.tag.status is ClaimStatus.DISPUTED
    assert desk.tag_at(ARTICLE.id, 35, 70) == redone.tag
    assert desk.redo_step() is None
    # A new change after an undo ends what can be redone.
    desk.undo_step()
    desk.set_note(FIRST, "later", "ana")
    assert not desk.can_redo and desk.redo_step() is None
    assert desk.undo_step() is not None and desk.undo_step() is not None
    assert desk.undo_step() is None


def test_undo_of_a_merge_is_named_a_decision(desk: Desk) -> None:
    desk.add_merge({"key_a": "soviet", "key_b": "soviet union"})
    step = desk.undo_step()
    assert step is not None and (step.what, step.kind) == ("merge", "decision")
    assert desk.merges() == []
    assert desk.redo_step() is not None and len(desk.merges()) == 1


def test_csv_history_column_names_the_overruled_analyst(desk: Desk) -> None:
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "checker")
    desk.set_status(FIRST, ClaimStatus.DISPUTED, "reviewer")
    (row,) = _rows(desk)
    assert (row["status"], row["analyst"]) == ("disputed", "reviewer")
    lines = row["history"].splitlines()
    assert len(lines) == 2
    assert "checker: untagged → confirmed" in lines[0]
    assert "reviewer: confirmed → disputed" in lines[1]


def test_note_only_claims_export_as_untagged_and_can_be_chosen(desk: Desk) -> None:
    desk.set_note(FIRST, "line one\nline two\tend", "ana")
    desk.set_status(SECOND, ClaimStatus.CONFIRMED, "ana")
    rows = _rows(desk)
    assert [(r["status"], r["note"]) for r in rows] == [
        ("untagged", "line one\nline two\tend"),
        ("confirmed", ""),
    ]
    only = _rows(desk, statuses=["untagged"])
    assert [r["claim"] for r in only] == [FIRST.text]
    assert [r["claim"] for r in _rows(desk, statuses=["confirmed"])] == [SECOND.text]


def test_a_claim_kept_only_for_a_link_is_not_exported(desk: Desk) -> None:
    desk.link_claims(FIRST, SECOND, "corroborates", "ana")
    assert _rows(desk) == []


def test_article_details_the_analyst_sets_outlive_the_inferred_ones(desk: Desk) -> None:
    desk.set_article_details(ARTICLE.id, title="Mogadishu blast toll", source="", date="")
    info = desk.article_info(ARTICLE.id)
    assert info is not None
    assert (info["title"], info["source"], info["date"]) == (
        "Mogadishu blast toll",
        "Wire",
        "14 October 2017",
    )
    # Opening the file again does not bring the inferred title back...
    desk.remember_article(ARTICLE)
    assert desk.articles()[0]["title"] == "Mogadishu blast toll"
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    assert _rows(desk)[0]["article_title"] == "Mogadishu blast toll"
    # ...undo does, and so does an empty title.
    desk.undo()
    desk.undo()
    assert desk.articles()[0]["title"] == "Blast in Mogadishu"
    desk.set_article_details(ARTICLE.id, title="x", source="AP", date="")
    desk.set_article_details(ARTICLE.id, title="", source="AP", date="")
    info = desk.article_info(ARTICLE.id)
    assert info is not None and (info["title"], info["source"]) == ("Blast in Mogadishu", "AP")
    with pytest.raises(KeyError):
        desk.set_article_details("unknown", title="t", source="", date="")


def test_only_a_verdict_seen_and_replaced_is_overruled() -> None:
    def change(analyst: str, before: str, after: str) -> ClaimChange:
        return ClaimChange(analyst, "2026-01-01T00:00:00Z", "status", before, after)

    knowingly = (
        change("checker", "untagged", "confirmed"),
        change("reviewer", "confirmed", "disputed"),
    )
    assert overruled(knowingly) == (knowingly[1], knowingly[0])
    # Merged desks: each analyst tagged the untagged claim on their own desk.
    agreed = (
        change("checker", "untagged", "confirmed"),
        change("reviewer", "untagged", "confirmed"),
    )
    apart = (change("checker", "untagged", "confirmed"), change("reviewer", "untagged", "disputed"))
    assert overruled(agreed) is None
    assert overruled(apart) is None
