"""The analysis-cache key is always owner-only: a key others could read, or another user's,
is replaced by a new private one, whatever was there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from annotations import cache_trust
from annotations.articles import load_article
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk
from tests.attacks.support import newsdesk

TEXT = "Some 120 fighters were killed near Mayadeen. The ministry in Moscow said 80 died."


def _planted(path: Path, kind: str) -> bytes | None:
    """Plant a hostile key at `path`; the bytes that must not stay the key (None: no file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "empty": b"",
        "huge": b"k" * (50 << 20),
        "readable": b"r" * 32,
        "group-writable": b"w" * 32,
        "foreign": b"f" * 32,
    }[kind]
    path.write_bytes(data)
    os.chmod(path, 0o620 if kind == "group-writable" else 0o644)
    if kind == "foreign":
        if os.getuid() != 0:
            pytest.skip("giving a file to another user needs root")
        os.chown(path, 65534, 65534)
    return data


KINDS = ["empty", "huge", "readable", "group-writable", "foreign"]


def _assert_private_new_key(path: Path, old: bytes | None) -> bytes:
    info = os.lstat(path)
    assert info.st_mode & 0o777 == 0o600, oct(info.st_mode)
    assert info.st_uid == os.getuid() and info.st_size == 32
    key = path.read_bytes()
    assert key != old
    return key


@pytest.mark.parametrize("kind", KINDS)
def test_a_key_others_could_read_is_replaced_by_a_private_one(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "analysis-cache.key"
    old = _planted(path, kind)
    key = cache_trust._read_or_make_key(path)
    assert key is not None and key == _assert_private_new_key(path, old)
    # The new key is kept: asked again, the same.
    assert cache_trust._read_or_make_key(path) == key


def test_a_private_key_of_this_users_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "analysis-cache.key"
    path.write_bytes(b"p" * 32)
    os.chmod(path, 0o600)
    assert cache_trust._read_or_make_key(path) == b"p" * 32
    assert os.lstat(path).st_mode & 0o777 == 0o600


def _desk(db: Path) -> None:
    (db.parent / "a.txt").write_text(TEXT, encoding="utf-8")
    article = load_article(db.parent / "a.txt")
    with Desk.open(db) as desk:
        desk.remember_article(article)
        claim = find_claims(article.id, article.text, detect(article.text))[0]
        desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")


@pytest.mark.parametrize("kind", ["none", *KINDS])
def test_export_leaves_an_owner_only_key(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "desks" / "rt.json"
    db.parent.mkdir()
    _desk(db)
    key = tmp_path / "data" / "newsdesk" / "analysis-cache.key"
    old = None if kind == "none" else _planted(key, kind)
    done = newsdesk("export", "--db", db, "-o", tmp_path / "out.csv", home=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    _assert_private_new_key(key, old)
    first = (tmp_path / "out.csv").read_bytes()
    # A second export trusts the key it made and gives the same file.
    kept = key.read_bytes()
    assert newsdesk("export", "--db", db, "-o", tmp_path / "out.csv", home=tmp_path).returncode == 0
    assert key.read_bytes() == kept and (tmp_path / "out.csv").read_bytes() == first
    shutil.rmtree(tmp_path / "data")
