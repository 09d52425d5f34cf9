"""The analysis cache beside the desk: an export with it is byte for byte the export without
it, whatever the cache holds (damaged, cut short, forged, of other code, of another text)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations import analysis_cache, claim_cells
from annotations.analysis_cache import AnalysisCache, analysis_folder, package_digest
from annotations.article_analysis import ArticleAnalysis
from annotations.articles import ArticleError, article_from_text, load_article
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.export import export_desk_csv, export_rows
from annotations.revisions import reanchor_article
from annotations.sourcing import sourcing_of
from annotations.store import ClaimStatus, Desk
from seeds import seed_paths
from tests.domain.test_properties import TEXT
from tests.domain.test_w3c import _busy_desk


def _csv(desk: Desk, path: Path) -> bytes:
    export_desk_csv(desk, path)
    return path.read_bytes()


def _entries(db: Path) -> list[Path]:
    return sorted(analysis_folder(db).glob("*.cache"))


def test_a_warm_export_is_the_cold_export_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        cold = _csv(desk, tmp_path / "cold.csv")
        cold_rows = export_rows(desk)
        names = [path.name.split("-")[0] for path in _entries(db)]
        assert names == ["article", "article", "claims", "claims", "entities", "files"]
        assert {oct(path.stat().st_mode & 0o777) for path in _entries(db)} == {"0o600"}
        assert _csv(desk, tmp_path / "warm.csv") == cold
        assert export_rows(desk) == cold_rows
        shutil.rmtree(analysis_folder(db))
        assert _csv(desk, tmp_path / "again.csv") == cold


def test_a_warm_export_needs_no_detection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        cold = _csv(desk, tmp_path / "cold.csv")

        def refuse(*_: object, **__: object) -> None:
            raise AssertionError("analysed again")

        import annotations.compare
        import annotations.detection

        monkeypatch.setattr(annotations.detection, "detect", refuse)
        monkeypatch.setattr(annotations.compare, "group_entities", refuse)
        # Sources are read only for the orphan, whose sentence is gone from its article.
        read: list[str] = []
        real = claim_cells.sourcing_of

        def counted(article_id: str, text: str, spans: Any) -> Any:
            read.append(text)
            return real(article_id, text, spans)

        monkeypatch.setattr(claim_cells, "sourcing_of", counted)
        assert _csv(desk, tmp_path / "warm.csv") == cold
        assert read == [t.quote for t in desk.tags() if t.anchor == "orphan"]


def _repack(entry: Path, change: Callable[[dict[str, Any], dict[str, Any]], None]) -> None:
    """Rewrite `entry` with its data and columns changed, under a checksum that holds."""
    raw = entry.read_bytes()
    body = raw.partition(b"\n")[2]
    import json

    head = json.loads(body.partition(b"\n")[0])
    key = head["key"]
    found = analysis_cache._unpack(raw, key)
    assert found is not None
    data, columns = found
    columns = {name: list(column) for name, column in columns.items()}
    change(data, columns)  # type: ignore[arg-type]
    entry.write_bytes(analysis_cache._pack(key, data, columns))  # type: ignore[arg-type]


def _set(name: str, value: Any) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    def change(data: dict[str, Any], columns: dict[str, Any]) -> None:
        if name in columns:
            columns[name] = value(columns[name]) if callable(value) else value
        else:
            data[name] = value(data[name]) if callable(value) else value

    return change


def _bytes(change: Callable[[bytes], bytes]) -> Callable[[Path], object]:
    return lambda entry: entry.write_bytes(change(entry.read_bytes()))


def _forged(*changes: Callable[[dict[str, Any], dict[str, Any]], None]) -> Callable[[Path], None]:
    def forge(entry: Path) -> None:
        for change in changes:
            _repack(entry, change)

    return forge


def _foreign_code(entry: Path) -> None:
    raw = entry.read_bytes()
    key = entry.name.split("-", 1)[1].removesuffix(".cache")
    found = analysis_cache._unpack(raw, key)
    assert found is not None
    real = analysis_cache.code_version
    try:
        analysis_cache.code_version = lambda: "0" * 64  # type: ignore[assignment]
        entry.write_bytes(analysis_cache._pack(key, found[0], found[1]))  # type: ignore[arg-type]
    finally:
        analysis_cache.code_version = real


def _replace_with(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def replace(entry: Path) -> None:
        entry.unlink()
        make(entry)

    return replace


ARTICLE_DAMAGE: dict[str, Callable[[Path], object]] = {
    "empty": _bytes(lambda raw: b""),
    "cut in half": _bytes(lambda raw: raw[: len(raw) // 2]),
    "last byte gone": _bytes(lambda raw: raw[:-1]),
    "a byte flipped": _bytes(lambda raw: raw[:300] + bytes([raw[300] ^ 1]) + raw[301:]),
    "a byte added": _bytes(lambda raw: raw + b"\0"),
    "not an entry": _bytes(lambda raw: b'{"spans": []}'),
    "no header line": _bytes(lambda raw: raw.partition(b"\n")[2]),
    "of other code": _foreign_code,
    "a span past the text": _forged(_set("span_ends", lambda c: [*c[:-1], 10**9])),
    "a negative start": _forged(_set("span_starts", lambda c: [-5, *c[1:]])),
    "spans out of order": _forged(
        _set("span_starts", lambda c: c[::-1]), _set("span_ends", lambda c: c[::-1])
    ),
    "an unknown label": _forged(_set("span_labels", lambda c: [99, *c[1:]])),
    "a column short": _forged(_set("span_labels", lambda c: c[1:])),
    "a column missing": _forged(lambda data, columns: columns.pop("hedge_ends")),
    "a source of the wrong shape": _forged(_set("sources", lambda s: [[1, 2, 3]] + s[1:])),
    "a source number past the list": _forged(_set("sentence_sources", lambda c: [10**6] * len(c))),
    "a hedge text that is a number": _forged(_set("hedge_texts", lambda t: [1] * len(t))),
    "values of the wrong type": _forged(
        _set("values", lambda v: {**v, "approximate": ["yes"] * len(v["approximate"])})
    ),
    "data that is a list": _forged(lambda data, columns: data.clear()),
    "a directory": _replace_with(lambda entry: entry.mkdir()),
    "a link to the desk": _replace_with(
        lambda entry: entry.symlink_to(entry.parent.parent / "desk.json")
    ),
    "a FIFO": _replace_with(lambda entry: os.mkfifo(entry)),
}

ENTITIES_DAMAGE: dict[str, Callable[[Path], object]] = {
    "cut in half": ARTICLE_DAMAGE["cut in half"],
    "a byte flipped": ARTICLE_DAMAGE["a byte flipped"],
    "of other code": _foreign_code,
    "a name number past the list": _forged(_set("0.names", lambda c: [10**6] * len(c))),
    "a name that is not text": _forged(_set("names", lambda n: [None, *n[1:]])),
    "an article the desk lacks": _forged(_set("articles", lambda a: ["f" * 16, *a[1:]])),
    "an article twice": _forged(_set("articles", lambda a: [a[0], a[0]])),
    "mentions out of order": _forged(_set("0.starts", lambda c: c[::-1])),
}


CLAIMS_DAMAGE: dict[str, Callable[[Path], object]] = {
    "cut in half": ARTICLE_DAMAGE["cut in half"],
    "a byte flipped": ARTICLE_DAMAGE["a byte flipped"],
    "of other code": _foreign_code,
    "a cell gone": _forged(_set("cells", lambda c: c[:-1])),
    "a cell that is a number": _forged(_set("cells", lambda c: [7, *c[1:]])),
    "a claim without its end": _forged(_set("ends", lambda c: c[:-1])),
    "cells that are no list": _forged(_set("cells", lambda c: {"a": c})),
    "data that is a list": _forged(lambda data, columns: data.clear()),
}

DAMAGE = {"article-": ARTICLE_DAMAGE, "entities-": ENTITIES_DAMAGE, "claims-": CLAIMS_DAMAGE}


@pytest.mark.parametrize(
    ("kind", "damage"),
    [(kind, damage) for kind, found in DAMAGE.items() for damage in sorted(found)],
    ids=lambda part: part.rstrip("-"),
)
def test_a_damaged_entry_is_ignored_and_computed_again(
    tmp_path: Path, kind: str, damage: str
) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        cold = _csv(desk, tmp_path / "cold.csv")
        for entry in _entries(db):
            if entry.name.startswith(kind):
                DAMAGE[kind][damage](entry)
            elif entry.name.startswith("claims-"):
                entry.unlink()  # else the claims' cells are read and the damaged entry is not
        # The other entries still hold: what is read again must fit them exactly.
        assert _csv(desk, tmp_path / "after.csv") == cold
        shutil.rmtree(analysis_folder(db))
        assert _csv(desk, tmp_path / "fresh.csv") == cold
    cache = AnalysisCache(analysis_folder(db))
    for path in seed_paths():
        assert cache.article(load_article(path).text) is not None  # stored again, whole


def test_an_entry_of_another_text_under_this_texts_name_is_ignored(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        cold = _csv(desk, tmp_path / "cold.csv")
        first, second = (p for p in _entries(db) if p.name.startswith("article-"))
        data = first.read_bytes()
        first.write_bytes(second.read_bytes())
        second.write_bytes(data)
        assert _csv(desk, tmp_path / "after.csv") == cold


def test_an_edited_article_is_analysed_again(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    path = tmp_path / "report.txt"
    path.write_text(min(seed_paths()).read_text(encoding="utf-8"), encoding="utf-8")
    old = load_article(path)
    claim = next(c for c in find_claims(old.id, old.text, detect(old.text)) if "120 ISIS" in c.text)
    with Desk.open(db) as desk:
        desk.remember_article(old)
        desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
        (row,) = export_rows(desk)
        assert "120" in row.numbers.split("; ")
        path.write_text(old.text.replace("120 ISIS", "130 ISIS"), encoding="utf-8")
        new = load_article(path)
        reanchor_article(desk, old.id, new)
        (row,) = export_rows(desk)
        assert "130" in row.numbers.split("; ") and "120" not in row.numbers.split("; ")
        warm = _csv(desk, tmp_path / "warm.csv")
        shutil.rmtree(analysis_folder(db))
        assert _csv(desk, tmp_path / "cold.csv") == warm
    assert AnalysisCache(analysis_folder(db)).article(new.text) is not None


def test_the_cache_keeps_the_most_recently_used_entries_within_its_bounds(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path / "desk.analysis")
    texts = [f"Some {n} fighters were killed, officials said." for n in range(8)]
    for text in texts:
        spans = detect(text)
        cache.store_article(ArticleAnalysis.of(text, spans, sourcing_of("a", text, spans)))
        time.sleep(0.01)  # distinct modification times
    assert len(list(cache.folder.glob("*.cache"))) == 8
    assert cache.article(texts[0]) is not None  # used again: now the newest
    time.sleep(0.01)
    assert cache.evict(max_entries=3) == 5
    kept = [text for text in texts if cache.article(text) is not None]
    assert kept == [texts[0], texts[6], texts[7]]
    size = max(path.stat().st_size for path in cache.folder.glob("*.cache"))
    assert cache.evict(max_bytes=size) == 2
    assert len(list(cache.folder.glob("*.cache"))) == 1


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        analysis_folder(db).write_text("a file where the folder goes", encoding="utf-8")
        cold = _csv(desk, tmp_path / "cold.csv")
        analysis_folder(db).unlink()
        assert _csv(desk, tmp_path / "warm.csv") == _csv(desk, tmp_path / "again.csv") == cold


def test_any_change_to_the_package_changes_the_code_version(tmp_path: Path) -> None:
    root = Path(analysis_cache.__file__).parent
    copy = tmp_path / "annotations"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = package_digest(copy)
    assert before == package_digest(root) == analysis_cache.code_version()
    names = copy / "detection" / "names.py"
    names.write_text(names.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    edited = package_digest(copy)
    assert edited != before
    (copy / "data" / "more_places.txt").write_text("Mayadeen\n", encoding="utf-8")
    assert package_digest(copy) not in (before, edited)


# A writer of entries killed with SIGKILL at a random moment, again and again.
WRITER = """
import sys
from annotations.analysis_cache import AnalysisCache
from annotations.article_analysis import ArticleAnalysis
from annotations.detection import detect
from annotations.sourcing import sourcing_of
text = open(sys.argv[2], encoding="utf-8").read()
analysis = ArticleAnalysis.of(text, detect(text), sourcing_of("a", text, detect(text)))
cache = AnalysisCache(sys.argv[1])
print("ready", flush=True)
while True:
    cache.store_article(analysis)
"""


def test_a_writer_killed_midway_leaves_no_broken_entry_in_use(tmp_path: Path) -> None:
    long_text = "\n".join(load_article(p).text for p in seed_paths()) * 40
    source = tmp_path / "long.txt"
    source.write_text(long_text, encoding="utf-8")
    folder = tmp_path / "desk.analysis"
    for round_ in range(6):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), str(source)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(0.05 + 0.07 * round_)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        for entry in folder.glob("*.cache"):
            assert analysis_cache._unpack(entry.read_bytes(), entry.name[8:-6]) is not None
    cache = AnalysisCache(folder)
    stored = cache.article(long_text)
    assert stored is not None
    fresh = ArticleAnalysis.of(long_text, detect(long_text), None)
    assert stored.spans() == fresh.spans()
    cache.evict()  # what the killed writers left behind goes
    digest = analysis_cache.text_digest(long_text)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [".newsdesk-analysis", f"article-{digest}.cache"]


@settings(max_examples=25, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=3), st.data())
def test_generated_desks_export_the_same_with_and_without_the_cache(
    raws: list[str], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "desk.json"
        with Desk.open(db) as desk:
            for number, raw in enumerate(raws):
                path = Path(folder) / f"a{number}.txt"
                text = article_from_text(raw, path="x.txt").text
                path.write_text(text, encoding="utf-8", newline="")
                try:
                    article = load_article(path)
                except ArticleError:
                    continue
                desk.remember_article(article)
                claims = find_claims(article.id, article.text, detect(article.text))
                chosen = data.draw(st.lists(st.sampled_from(claims), max_size=4)) if claims else []
                for claim in chosen:
                    desk.set_status(claim, ClaimStatus.DISPUTED, "ana")
            cold = _csv(desk, Path(folder) / "cold.csv")
            assert _csv(desk, Path(folder) / "warm.csv") == cold
            for entry in _entries(db):
                entry.write_bytes(entry.read_bytes()[:-3])
            assert _csv(desk, Path(folder) / "damaged.csv") == cold


def test_text_with_a_lone_surrogate_is_stored_and_read_back_exactly(tmp_path: Path) -> None:
    text = "Up to 80 people were reportedly killed, Ahmed \udcff Rahman told AFP on Monday."
    spans = detect(text)
    analysis = ArticleAnalysis.of(text, spans, sourcing_of("a", text, spans))
    cache = AnalysisCache(tmp_path / "desk.analysis")
    cache.store_article(analysis)
    stored = cache.article(text)
    assert stored is not None
    assert stored.spans() == analysis.spans() == sorted(spans, key=lambda s: s.start)
    assert stored.source_cells(0, len(text)) == analysis.source_cells(0, len(text))
    assert stored.sourcing("a") == sourcing_of("a", text, spans)
    # Stored strings holding one (a source, a hedge) come back too.
    entry = analysis_cache._pack("k", {"source": "Rah\udcffman"}, {})
    assert analysis_cache._unpack(entry, "k") == ({"source": "Rah\udcffman"}, {})


def test_the_desk_replaces_an_entry_it_cannot_use_and_keeps_a_good_one(tmp_path: Path) -> None:
    text = "Up to 80 people were reportedly killed in Mayadeen, the ministry said."
    spans = detect(text)
    sourcing = sourcing_of("a", text, spans)
    cache = AnalysisCache(tmp_path / "desk.analysis")
    cache.remember(text, spans, sourcing)
    (entry,) = cache.folder.glob("*.cache")
    _foreign_code(entry)
    assert cache.article(text) is None
    cache.remember(text, spans, sourcing)
    assert cache.article(text) is not None
    inode = entry.stat().st_ino
    cache.remember(text, spans, sourcing)  # a good entry is not written again
    assert entry.stat().st_ino == inode
    _foreign_code(entry)
    inode = entry.stat().st_ino
    cache.remember(text, spans, sourcing)
    assert entry.stat().st_ino != inode and cache.article(text) is not None


def test_claims_tagged_and_names_grouped_since_are_worked_out_afresh(tmp_path: Path) -> None:
    """The cells kept for the claims already exported serve the next export; claims tagged
    since are worked out from the article, and an alias the analyst adds (another grouping
    of names) gives every claim its new entities."""
    db = tmp_path / "desk.json"
    with _busy_desk(db) as desk:
        _csv(desk, tmp_path / "first.csv")
        article = load_article(min(seed_paths()))
        claims = find_claims(article.id, article.text, detect(article.text))
        for claim in claims[7:12]:
            desk.set_status(claim, ClaimStatus.DISPUTED, "checker")
        warm = _csv(desk, tmp_path / "more.csv")
        shutil.rmtree(analysis_folder(db))
        assert warm == _csv(desk, tmp_path / "fresh.csv")
        before = export_rows(desk)
        desk.add_alias("Tunisia", "Egypt")
        warm = _csv(desk, tmp_path / "alias.csv")
        assert export_rows(desk) != before
        shutil.rmtree(analysis_folder(db))
        assert warm == _csv(desk, tmp_path / "alias fresh.csv")


def test_an_article_file_changed_since_it_was_noted_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged file is not read again; one rewritten with the same size and its old
    modification time put back is (its change time moved), and its claims lose its text."""
    monkeypatch.setattr(claim_cells, "_SETTLED_NS", 0)
    path = tmp_path / "report.txt"
    text = min(seed_paths()).read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        article = load_article(path)
        desk.remember_article(article)
        for claim in find_claims(article.id, article.text, detect(article.text))[:4]:
            desk.set_status(claim, ClaimStatus.CONFIRMED, "ana")
        cold = _csv(desk, tmp_path / "cold.csv")
        read: list[str] = []
        real = claim_cells.ClaimSpans._read_file

        def counted(self: claim_cells.ClaimSpans, article_id: str) -> str | None:
            read.append(article_id)
            return real(self, article_id)

        monkeypatch.setattr(claim_cells.ClaimSpans, "_read_file", counted)
        assert _csv(desk, tmp_path / "warm.csv") == cold
        assert read == []
        before = path.stat()
        path.write_text(text.replace("120", "130"), encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_size == before.st_size
        edited = _csv(desk, tmp_path / "edited.csv")
        assert read == [article.id]
        assert edited != cold
        shutil.rmtree(analysis_folder(db))
        assert _csv(desk, tmp_path / "fresh.csv") == edited
