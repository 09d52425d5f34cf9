"""Anything that reaches the desk can be stored: undecodable names and lone surrogates."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from annotations.articles import article_from_text, load_article
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from annotations.writer import DeskWriter

TEXT = (
    "Some 120 fighters were killed near Mayadeen on Sunday, the ministry said. "
    "Another 40 died in Raqqa. Local groups counted up to 80 civilian deaths."
)

# File names as a Latin-1, Windows-1252 or Shift-JIS system writes them, and raw junk:
# none of them is valid UTF-8, so Python names them with lone surrogates (surrogateescape).
UNDECODABLE_NAMES = [
    "München".encode("latin-1") + b".txt",
    "café – résumé".encode("cp1252") + b".txt",
    "報告".encode("shift_jis") + b".txt",
    b"\xff\xfe\x80.txt",
]

# Strings an imported record may carry: lone high and low surrogates, a reversed pair.
SURROGATE_TEXTS = ["W \ud800", "\udfff end", "\udc00\ud800", "ok \udcfc"]


@pytest.mark.parametrize("name", UNDECODABLE_NAMES, ids=["latin1", "cp1252", "sjis", "junk"])
def test_an_article_with_an_undecodable_name_is_remembered_and_tagged(
    tmp_path: Path, name: bytes
) -> None:
    path = os.fsdecode(os.path.join(os.fsencode(tmp_path), name))
    Path(path).write_text(TEXT, encoding="utf-8")
    article = load_article(path)
    claims = find_claims(article.id, article.text, detect(article.text))
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.remember_article(article)
        for claim in claims:
            desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
    # The file on disk is valid UTF-8 JSON, and reading it back gives the same path.
    raw = db.read_bytes()
    raw.decode("utf-8")
    with Desk.open(db) as desk:
        assert len(desk.tags()) == len(claims) == 3
        (info,) = desk.articles()
        assert info["path"] == path
        assert os.path.isfile(info["path"])


@pytest.mark.parametrize("text", SURROGATE_TEXTS)
def test_lone_surrogates_in_titles_and_sources_are_stored_exactly(
    tmp_path: Path, text: str
) -> None:
    article = article_from_text(TEXT, title=f"Title {text}", source=text, path=None)
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.remember_article(article)
        claim = find_claims(article.id, article.text, detect(article.text))[0]
        desk.set_note(claim, f"note {text}", "ana")
    with Desk.open(db) as desk:
        (info,) = desk.articles()
        assert (info["title"], info["source"]) == (article.title, text)
        assert desk.tags()[0].note == f"note {text}"


def test_a_desk_with_surrogates_goes_back_to_fast_writes_once_they_are_gone(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.json"
    plain = article_from_text(TEXT, title="Plain")
    with Desk.open(db) as desk:
        desk.remember_article(plain)
    orjson.loads(db.read_bytes())  # written by orjson: no escapes needed


def test_a_change_that_cannot_be_stored_is_refused_alone_and_never_blocks_the_queue(
    tmp_path: Path,
) -> None:
    db = tmp_path / "desk.json"
    article = article_from_text(TEXT, title="T")
    claims = find_claims(article.id, article.text, detect(article.text))
    errors: list[Exception] = []
    with Desk.open(db) as desk:
        writer = DeskWriter(desk)
        # An object JSON has no form for: the storage refuses it as a value, not a disk error.
        writer.submit(
            lambda d: d.set_note(claims[0], object(), "ana"),  # type: ignore[arg-type]
            on_error=errors.append,
        )
        writer.submit(lambda d: d.set_status(claims[1], ClaimStatus.CONFIRMED, "ana"))
        writer.submit(lambda d: d.set_status(claims[2], ClaimStatus.DISPUTED, "ana"))
        assert writer.flush(timeout=10)
        assert writer.failed == 0
        writer.close()
    assert errors and "disk" not in str(errors[0]).lower()
    with Desk.open(db) as desk:
        assert sorted(str(t.status) for t in desk.tags()) == ["confirmed", "disputed"]
