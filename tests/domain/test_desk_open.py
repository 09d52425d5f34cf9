"""Opening a desk: one article's tags read alone, and a big desk's file read once."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

import annotations.storage as storage
from annotations.store import ClaimStatus, Desk
from tests.domain.desks import ARTICLE, FIRST, OTHER, OTHER_FIRST, SECOND


def test_tags_of_one_article_are_its_own_in_stored_order(desk: Desk) -> None:
    other = OTHER_FIRST
    desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    desk.set_status(other, ClaimStatus.CONFIRMED, "ana")
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    desk.set_note(other, "two sources", "ana")
    mine = desk.tags_of(ARTICLE.id)
    assert mine == [t for t in desk.tags() if t.article_id == ARTICLE.id]
    assert [(t.start, t.status) for t in mine] == [
        (SECOND.start, ClaimStatus.DISPUTED),
        (FIRST.start, ClaimStatus.CONFIRMED),
    ]
    assert [t.note for t in desk.tags_of(OTHER.id)] == ["two sources"]
    assert desk.tags_of("no-such-article") == []


def test_tags_of_an_article_after_reopening_match_its_stored_tags(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        desk.set_status(OTHER_FIRST, ClaimStatus.DISPUTED, "ana")
    with Desk.open(path) as desk:
        assert [(t.article_id, t.start) for t in desk.tags_of(ARTICLE.id)] == [
            (ARTICLE.id, FIRST.start)
        ]


def test_a_stale_journal_beside_an_unchanged_file_reads_the_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    # The file put back from a copy: it names no generation, so its journal is stale.
    data = orjson.loads(path.read_bytes())
    assert data.pop("journal")  # the table naming the file's generation
    path.write_bytes(orjson.dumps(data))
    journal = path.with_name(path.name + ".journal")
    assert journal.exists()
    reads: list[Path] = []
    real = storage.read_regular_file

    def counted(file: Path) -> bytes:
        reads.append(Path(file))
        return real(file)

    monkeypatch.setattr(storage, "read_regular_file", counted)
    with Desk.open(path) as desk:
        assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) is not None
    assert reads.count(path) == 1
