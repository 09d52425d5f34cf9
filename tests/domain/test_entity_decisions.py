"""The desk's merges and splits group names the same way in every view: desk, compare --db,
export and the entity panel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from annotations.articles import load_article
from annotations.claims import find_claims
from annotations.compare import compare
from annotations.detection import detect
from annotations.entity_decisions import entity_decisions
from annotations.export import export_desk_csv
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths


def _seed_comparison(desk: Desk):  # type: ignore[no-untyped-def]
    articles = [load_article(p) for p in seed_paths()]
    prepared = []
    for article in articles:
        spans = detect(article.text)
        prepared.append((article, spans, find_claims(article.id, article.text, spans)))
    return prepared, compare(prepared, **entity_decisions(desk))


def _together(comparison, a: str, b: str) -> bool:  # type: ignore[no-untyped-def]
    (entity,) = [e for e in comparison.entities if a in e.spellings]
    return b in entity.spellings


def test_a_split_after_a_merge_takes_it_apart_and_undo_puts_it_back() -> None:
    desk = Desk.in_memory()
    _, before = _seed_comparison(desk)
    egypt = next(e for e in before.entities if "Moscow" in e.spellings)
    tunisia = next(e for e in before.entities if "Homs" in e.spellings)
    assert egypt is not tunisia
    desk.add_merge({"key_a": egypt.key, "key_b": tunisia.key})
    _, merged = _seed_comparison(desk)
    assert _together(merged, "Moscow", "Homs")
    (entity,) = [e for e in merged.entities if "Moscow" in e.spellings]
    desk.add_split({"entity_key": entity.key, "text": "Moscow"})
    _, split = _seed_comparison(desk)
    assert not _together(split, "Moscow", "Homs")
    desk.undo()
    _, undone = _seed_comparison(desk)
    assert _together(undone, "Moscow", "Homs")


def test_the_export_names_entities_as_the_desk_groups_them(tmp_path: Path) -> None:
    desk = Desk.in_memory()
    prepared, plain = _seed_comparison(desk)
    for article, _, _ in prepared:
        desk.remember_article(article)
    _, _, claims = prepared[1]  # Moscow is named in the second seed
    claim = next(c for c in claims if "Moscow" in c.text and "Homs" not in c.text)
    desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
    egypt = next(e for e in plain.entities if "Moscow" in e.spellings)
    tunisia = next(e for e in plain.entities if "Homs" in e.spellings)

    def entities_cell() -> str:
        out = io.StringIO(newline="")
        export_desk_csv(desk, out, spans={a.id: s for a, s, _ in prepared})
        (row,) = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
        return row["entities"]

    desk.add_merge({"key_a": tunisia.key, "key_b": egypt.key})
    _, merged = _seed_comparison(desk)
    (entity,) = [e for e in merged.entities if "Moscow" in e.spellings]
    assert entity.name in entities_cell().split("; ")
    desk.add_split({"entity_key": entity.key, "text": "Moscow"})
    assert "Moscow" in entities_cell().split("; ")
