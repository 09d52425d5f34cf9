"""Tests for the desk store and its durable storage."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from annotations.anchoring import selector_for
from annotations.articles import Article
from annotations.claims import Claim
from annotations.revisions import reanchor_article
from annotations.storage import AtomicJSONStorage
from annotations.store import (
    ClaimStatus,
    Desk,
    DeskCorruptError,
    DeskLockedError,
    DeskVersionError,
    DeskWriteError,
    Tag,
)

ARTICLE = Article(
    id="a" * 16,
    text="Up to 80 people died in Mogadishu. More than 60 were hurt on Saturday.",
    title="Blast in Mogadishu",
    date="14 October 2017",
    path="/news/blast.txt",
    source="Wire",
)
FIRST = Claim(ARTICLE.id, 0, 34, ARTICLE.text[0:34])
SECOND = Claim(ARTICLE.id, 35, 71, ARTICLE.text[35:71])


@pytest.fixture(params=["memory", "file"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    d = Desk.in_memory() if request.param == "memory" else Desk.open(tmp_path / "desk.json")
    yield d
    d.close()


def _on_disk(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    data: dict[str, dict[str, dict[str, object]]] = json.loads(path.read_text("utf-8"))
    return data


# -- behaviour on any storage ---------------------------------------------------------------


def test_set_status_is_found_by_tag_at_and_counted(desk: Desk) -> None:
    tag = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana", prefix="", suffix=" More than")
    assert tag is not None
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == tag
    assert desk.tag_at(ARTICLE.id, SECOND.start, SECOND.end) is None
    assert tag.quote == FIRST.text and tag.status is ClaimStatus.CONFIRMED
    assert tag.analyst == "ana" and tag.suffix == " More than"
    assert tag.updated_at.endswith("Z") and len(tag.id) == 12
    desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    assert desk.counts() == {"confirmed": 1, "disputed": 1, "noted": 0}


def test_tag_id_is_stable_while_the_claim_stays_tagged(desk: Desk) -> None:
    first = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    changed = desk.set_status(FIRST, ClaimStatus.DISPUTED, "ben")
    noted = desk.set_note(FIRST, "casualty figures differ", "ben")
    other = desk.set_status(SECOND, ClaimStatus.CONFIRMED, "ana")
    assert first is not None and changed is not None and noted is not None and other is not None
    assert first.id == changed.id == noted.id
    assert other.id != first.id
    assert noted.status is ClaimStatus.DISPUTED and noted.analyst == "ben"


def test_only_tagged_or_noted_claims_are_stored(desk: Desk) -> None:
    assert desk.set_status(FIRST, None, "ana") is None
    assert desk.set_note(FIRST, "", "ana") is None
    assert desk.tags() == []
    desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    desk.set_note(FIRST, "check the toll", "ana")
    assert desk.set_status(FIRST, None, "ana") is not None  # the note keeps it
    assert desk.counts()["noted"] == 1
    assert desk.set_note(FIRST, "  ", "ana") is None
    assert desk.tags() == []
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) is None


def test_undo_walks_back_every_change(desk: Desk) -> None:
    confirmed = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    noted = desk.set_note(FIRST, "source: ministry", "ana")
    desk.set_status(SECOND, ClaimStatus.DISPUTED, "ana")
    assert desk.undo() is None  # SECOND back to untagged
    assert desk.tag_at(ARTICLE.id, SECOND.start, SECOND.end) is None
    assert desk.undo() == confirmed
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == confirmed
    assert noted is not None and noted.note
    assert desk.undo() is None
    assert desk.tags() == []
    assert not desk.can_undo
    assert desk.undo() is None


def test_articles_are_remembered_without_their_text(desk: Desk) -> None:
    desk.remember_article(ARTICLE)
    info = desk.article_info(ARTICLE.id)
    assert info == {
        "id": ARTICLE.id,
        "title": ARTICLE.title,
        "date": ARTICLE.date,
        "path": ARTICLE.path,
        "source": ARTICLE.source,
    }
    assert desk.article_info("missing") is None
    if desk.path is not None:
        assert "Mogadishu. More" not in desk.path.read_text("utf-8")


def test_reads_from_another_thread_during_writes(desk: Desk) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                for tag in desk.tags():
                    assert desk.tag_at(tag.article_id, tag.start, tag.end) is not None
        except BaseException as exc:  # noqa: B902 - reported to the main thread below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(60):
            desk.set_status(Claim("b", i * 10, i * 10 + 5, "x"), ClaimStatus.CONFIRMED, "ana")
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert len(desk.tags()) == 60


# -- the file -------------------------------------------------------------------------------


def test_reopened_desk_finds_its_tags_and_is_a_tinydb_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "desk.json"
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        tag = desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        desk.set_note(SECOND, "who counted?", "ben")
        desk.set_note(SECOND, "who counted? (2)", "ben")
        noted = desk.tag_at(ARTICLE.id, SECOND.start, SECOND.end)
    with Desk.open(path) as again:
        assert again.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == tag
        assert again.tag_at(ARTICLE.id, SECOND.start, SECOND.end) == noted
        assert again.article_info(ARTICLE.id) is not None
        assert not again.can_undo  # undo is per session
    db = TinyDB(path)
    try:
        assert {"meta", "tags", "articles"} <= db.tables()
        assert len(db.table("tags")) == 2
        assert db.table("meta").all() == [{"schema": 1}]
    finally:
        db.close()


def test_undo_is_written_to_disk(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        desk.undo()
    (doc,) = _on_disk(path)["tags"].values()
    assert doc["status"] == "confirmed"


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema": 2}}, "tags": {}}))
    before = path.read_bytes()
    with pytest.raises(DeskVersionError, match="schema 2") as info:
        Desk.open(path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == before
    # The refusal released the lock: the same process may try again.
    with pytest.raises(DeskVersionError):
        Desk.open(path)


@pytest.mark.parametrize(
    "content",
    [b'{"meta": {"1": {"schema": 1}}, "tags": {', b"[1, 2, 3]", b'{"tags": {"1": 5}}'],
    ids=["truncated", "not-a-table-layout", "document-not-an-object"],
)
def test_corrupt_file_is_refused_untouched_with_a_backup(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "desk.json"
    path.write_bytes(content)
    with pytest.raises(DeskCorruptError) as info:
        Desk.open(path)
    message = str(info.value)
    assert str(path) in message
    assert path.read_bytes() == content
    (backup,) = tmp_path.glob("desk.json.corrupt-*")
    assert str(backup) in message
    assert backup.read_bytes() == content


@pytest.mark.parametrize(
    "change",
    [{"start": None}, {"status": "maybe"}, {"note": 5}, {"status": ["confirmed"]}],
    ids=["start", "status", "note", "unhashable-status"],
)
def test_damaged_tag_document_is_refused(tmp_path: Path, change: dict[str, object]) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    data = _on_disk(path)
    data["tags"]["1"].update(change)
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(DeskCorruptError, match="tag document 1"):
        Desk.open(path)


def test_stale_temporary_files_are_removed_when_the_lock_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    stale = tmp_path / ".desk.json.999999.tmp"
    unrelated = tmp_path / ".other.json.1.tmp"
    stale.write_bytes(b"{half")
    unrelated.write_bytes(b"{}")
    Desk.open(path, lock=False).close()
    assert stale.exists()
    Desk.open(path).close()
    assert not stale.exists()
    assert unrelated.exists()


# -- the storage on its own, under plain TinyDB --------------------------------------------


def test_storage_serves_reads_from_memory_after_the_first(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    assert storage.read() is None
    storage.write({"t": {"1": {"a": 1}}})
    path.write_bytes(b"not json any more")
    assert storage.read() == {"t": {"1": {"a": 1}}}


def test_storage_works_under_tinydb_and_forgets_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sub" / "db.json"
    db = TinyDB(path, storage=AtomicJSONStorage)
    db.insert({"n": 1})
    db.update({"n": 2}, doc_ids=[1])

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(DeskWriteError):
        db.update({"n": 3}, doc_ids=[1])
    monkeypatch.undo()
    # TinyDB changed the cached documents in place before the write failed; the storage
    # dropped them, so the database shows what is on disk.
    assert db.all() == [{"n": 2}]
    db.close()
    plain = TinyDB(path)
    assert plain.all() == [{"n": 2}]
    plain.close()


def test_second_open_in_the_same_process_is_refused_with_our_pid(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    first = Desk.open(path)
    try:
        with pytest.raises(DeskLockedError) as info:
            Desk.open(path)
        assert f"PID {os.getpid()}" in str(info.value)
        assert str(path) in str(info.value)
    finally:
        first.close()
    Desk.open(path).close()  # closing released the lock


def test_second_instance_in_another_process_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys
                from annotations.store import Desk
                desk = Desk.open({str(path)!r})
                print("open", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(DeskLockedError, match=f"PID {holder.pid}\\b"):
            Desk.open(path)
    finally:
        holder.communicate("\n", timeout=10)
    Desk.open(path).close()


def test_lock_false_skips_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path), Desk.open(path, lock=False) as reader:
        assert reader.tags() == []


# -- failed writes --------------------------------------------------------------------------


def _assert_failed_write_left_old_state(desk: Desk, path: Path, old: Tag | None) -> None:
    assert desk.tag_at(ARTICLE.id, FIRST.start, FIRST.end) == old
    with Desk.open(path, lock=False) as on_disk:
        (saved,) = on_disk.tags()
    assert old is not None and saved.status == old.status
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


def _broken_sync(fd: int) -> None:
    raise OSError(errno.EIO, "Input/output error")


def test_interrupted_sync_keeps_the_old_state_and_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        old = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        monkeypatch.setattr(os, "fdatasync", _broken_sync)
        monkeypatch.setattr(os, "fsync", _broken_sync)
        with pytest.raises(DeskWriteError, match="previous state"):
            desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        with pytest.raises(DeskWriteError):
            desk.set_note(SECOND, "new", "ana")
        _assert_failed_write_left_old_state(desk, path, old)
        assert desk.tags() == [old]
        monkeypatch.undo()
        # The failed changes are not undoable; the one before them still is.
        assert desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana") is not None
        assert desk.undo() == old
        assert desk.undo() is None
    with Desk.open(path) as again:
        assert again.tags() == []


def test_disk_full_gives_a_write_error_and_keeps_the_old_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        old = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")

        def full_disk(fd: int, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "write", full_disk)
        with pytest.raises(DeskWriteError, match="disk is full") as info:
            desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        monkeypatch.undo()
        assert str(path) in str(info.value)
        _assert_failed_write_left_old_state(desk, path, old)


def test_unwritable_folder_keeps_changes_in_the_journal_until_it_can_compact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    real_open = os.open

    def read_only_folder(file: str | os.PathLike[str], flags: int, *args: int) -> int:
        if str(file).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args)

    with Desk.open(path) as desk:
        desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        desk.close()  # compacted: desk.json holds the tag
    with Desk.open(path) as desk:
        monkeypatch.setattr(os, "open", read_only_folder)
        # A change appends to the journal, which needs no new file in the folder...
        disputed = desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
        # ...and compacting at close, which does, fails quietly: nothing is lost.
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    (doc,) = _on_disk(path)["tags"].values()
    assert doc["status"] == "confirmed"
    monkeypatch.undo()
    with Desk.open(path) as again:
        assert again.tags() == [disputed]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_folder_gives_a_write_error(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    path = folder / "desk.json"
    with Desk.open(path) as desk:
        old = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
        folder.chmod(0o500)
        try:
            with pytest.raises(DeskWriteError):
                desk.set_status(FIRST, ClaimStatus.DISPUTED, "ana")
            _assert_failed_write_left_old_state(desk, path, old)
        finally:
            folder.chmod(0o700)


_WRITER_SCRIPT = """
import sys
from annotations.claims import Claim
from annotations.storage import AtomicJSONStorage
from annotations.store import ClaimStatus, Desk
desk = Desk.open(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    desk.set_note(Claim("a", i, i + 1, "x" * 500), "note " * 50, "ana")
    i += 1
"""


def test_killed_mid_write_leaves_a_readable_desk(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    counts = []
    for delay in (0.05, 0.13, 0.21):
        child = subprocess.Popen(
            [sys.executable, "-c", _WRITER_SCRIPT, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            child.kill()
        child.wait()
        with Desk.open(path) as desk:
            counts.append(len(desk.tags()))
    assert counts == sorted(counts) and counts[-1] > 0


# -- evidence links -------------------------------------------------------------------------

OTHER = Article(
    id="b" * 16,
    text="Officials said 85 people were killed. Dozens were injured in the blast.",
    title="Mogadishu toll rises",
    path="/news/toll.txt",
)
OTHER_FIRST = Claim(OTHER.id, 0, 37, OTHER.text[0:37])
OTHER_SECOND = Claim(OTHER.id, 38, 71, OTHER.text[38:71])


def test_link_stores_both_claims_and_is_found_from_either_end(desk: Desk) -> None:
    confirmed = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    around = selector_for(OTHER.text, OTHER_FIRST.start, OTHER_FIRST.end, context=7)
    link = desk.link_claims(FIRST, OTHER_FIRST, "contradicts", "ana", selector_b=around)
    assert confirmed is not None and link.tag_a == confirmed.id
    other = desk.tag_at(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end)
    assert other is not None and link.tag_b == other.id and link.other(confirmed.id) == other.id
    assert other.status is None and other.note == "" and other.suffix == " Dozens"
    assert other.quote == OTHER_FIRST.text
    assert desk.links_of(ARTICLE.id, FIRST.start, FIRST.end) == [link]
    assert desk.links_of(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end) == [link]
    assert desk.links_of(OTHER.id, OTHER_SECOND.start, OTHER_SECOND.end) == []
    assert desk.links() == [link]
    assert link.relation == "contradicts" and link.analyst == "ana" and link.created_at
    assert desk.tag_by_id(other.id) == other
    # A claim kept only for its link is neither tagged nor noted.
    assert desk.counts() == {"confirmed": 1, "disputed": 0, "noted": 0}


def test_linking_the_same_pair_again_keeps_one_link(desk: Desk) -> None:
    first = desk.link_claims(FIRST, OTHER_FIRST, "corroborates", "ana")
    assert desk.link_claims(OTHER_FIRST, FIRST, "corroborates", "ben") == first
    changed = desk.link_claims(OTHER_FIRST, FIRST, "contradicts", "ben")
    assert changed.id == first.id and changed.relation == "contradicts"
    assert desk.links() == [changed]
    assert desk.undo() is None
    assert desk.links() == [first]


def test_bad_links_are_refused(desk: Desk) -> None:
    with pytest.raises(ValueError, match="itself"):
        desk.link_claims(FIRST, FIRST, "corroborates", "ana")
    with pytest.raises(ValueError, match="relation"):
        desk.link_claims(FIRST, OTHER_FIRST, "supports", "ana")  # type: ignore[arg-type]
    assert desk.links() == [] and desk.tags() == [] and not desk.can_undo


def test_a_linked_claim_outlives_its_status_and_goes_with_its_last_link(desk: Desk) -> None:
    desk.set_status(OTHER_FIRST, ClaimStatus.DISPUTED, "ana")
    one = desk.link_claims(FIRST, OTHER_FIRST, "contradicts", "ana")
    two = desk.link_claims(FIRST, OTHER_SECOND, "corroborates", "ana")
    assert desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana") is not None
    kept = desk.set_status(FIRST, None, "ana")
    assert kept is not None and kept.status is None  # its links keep it
    assert desk.unlink(one.id) == one
    assert desk.tag_at(*FIRST_KEY) is not None  # still linked to OTHER_SECOND
    assert desk.tag_at(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end) is not None  # has a status
    assert desk.unlink(two.id) == two
    assert desk.tag_at(*FIRST_KEY) is None
    assert desk.tag_at(OTHER.id, OTHER_SECOND.start, OTHER_SECOND.end) is None
    assert desk.unlink(two.id) is None
    assert [t.quote for t in desk.tags()] == [OTHER_FIRST.text]


FIRST_KEY = (ARTICLE.id, FIRST.start, FIRST.end)


def test_undo_of_link_and_unlink(desk: Desk) -> None:
    confirmed = desk.set_status(FIRST, ClaimStatus.CONFIRMED, "ana")
    link = desk.link_claims(FIRST, OTHER_FIRST, "corroborates", "ana")
    other = desk.tag_at(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end)
    desk.unlink(link.id)
    assert desk.links() == [] and desk.tag_at(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end) is None
    assert desk.undo() is None
    assert desk.links() == [link]
    assert desk.tag_at(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end) == other
    assert desk.undo() is None  # the link itself
    assert desk.links() == [] and desk.tags() == [confirmed]
    assert desk.links_of(*FIRST_KEY) == []


def test_a_link_that_fails_to_save_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        monkeypatch.setattr(os, "fdatasync", _broken_sync)
        with pytest.raises(DeskWriteError):
            desk.link_claims(FIRST, OTHER_FIRST, "corroborates", "ana")
        monkeypatch.undo()
        assert desk.tags() == [] and desk.links() == [] and not desk.can_undo
        link = desk.link_claims(FIRST, OTHER_FIRST, "corroborates", "ana")
    with Desk.open(path) as again:
        assert again.links() == [link]
        assert len(again.tags()) == 2
        assert again.links_of(OTHER.id, OTHER_FIRST.start, OTHER_FIRST.end) == [link]


# -- entity decisions and aliases -----------------------------------------------------------


def test_merges_splits_and_aliases_are_stored_once_and_undone(desk: Desk) -> None:
    from annotations.aliases import with_aliases
    from annotations.compare import MergeDecision, SplitDecision

    merge = MergeDecision("org:isis", "org:daesh")
    assert desk.add_merge(merge) == merge.to_dict()
    desk.add_merge({"key_a": "org:daesh", "key_b": "org:isis"})  # the same pair
    desk.add_merge({"key_a": "person:ali", "key_b": "person:ali hassan"})
    assert [MergeDecision.from_dict(m) for m in desk.merges()][0] == merge
    assert len(desk.merges()) == 2
    split = SplitDecision("place:georgia", "Georgia")
    desk.add_split(split)
    desk.add_split(split.to_dict())
    assert [SplitDecision.from_dict(s) for s in desk.splits()] == [split]
    desk.add_alias("SOHR", "the monitor")
    desk.add_alias("SOHR", "the monitor")
    desk.add_alias("Amaq", "Amaq news agency")
    assert desk.aliases() == {"SOHR": ["the monitor"], "Amaq": ["Amaq news agency"]}
    table = with_aliases(desk.aliases())
    assert "the monitor" in table["SOHR"] and "Syrian Observatory" in table["SOHR"]
    for bad in ({"key_a": "org:isis"}, {"key_a": "org:isis", "key_b": "  "}):
        with pytest.raises(ValueError, match="key_b"):
            desk.add_merge(bad)
    with pytest.raises(ValueError):
        desk.add_alias("SOHR", "SOHR")
    with pytest.raises(ValueError, match="itself"):
        desk.add_merge({"key_a": "org:isis", "key_b": "org:isis"})
    desk.undo()
    assert desk.aliases() == {"SOHR": ["the monitor"]}
    desk.undo()
    assert desk.aliases() == {}
    desk.undo()
    assert desk.splits() == []
    desk.undo()
    assert desk.merges() == [merge.to_dict()]
    desk.undo()
    assert desk.merges() == [] and not desk.can_undo


# -- re-anchoring ---------------------------------------------------------------------------

OLD_TEXT = (
    "Up to 80 people died in Mogadishu. More than 60 were hurt on Saturday. "
    "The mayor blamed al-Shabaab for the attack."
)
OLD = Article(id="c" * 16, text=OLD_TEXT, title="Blast (first version)")
NEW = Article(
    id="d" * 16,
    text=(
        "Up to 80 people died in Mogadishu. More than 70 were hurt on Saturday. "
        "Rain fell across the city all afternoon."
    ),
    title="Blast (corrected)",
)
OLD_CLAIMS = [Claim(OLD.id, s, e, OLD_TEXT[s:e]) for s, e in ((0, 34), (35, 70), (71, 114))]


def _tag_old_version(desk: Desk) -> list[Tag]:
    tags = []
    for claim, status in zip(
        OLD_CLAIMS, (ClaimStatus.CONFIRMED, ClaimStatus.DISPUTED, None), strict=True
    ):
        text = OLD_TEXT
        before, after = text[max(0, claim.start - 32) : claim.start], text[claim.end :][:32]
        tag = desk.set_status(claim, status, "ana", prefix=before, suffix=after)
        if status is None:
            tag = desk.set_note(claim, "who says?", "ana", prefix=before, suffix=after)
        assert tag is not None
        tags.append(tag)
    return tags


def test_reanchoring_moves_found_tags_and_orphans_the_rest(desk: Desk) -> None:
    first, second, third = _tag_old_version(desk)
    link = desk.link_claims(OLD_CLAIMS[1], OTHER_FIRST, "contradicts", "ana")
    report = reanchor_article(desk, OLD.id, NEW)
    assert report.counts == {"exact": 1, "moved": 1, "orphan": 1}
    assert (report.old_article_id, report.new_article_id) == (OLD.id, NEW.id)
    (exact,), (moved,), (orphan,) = report.exact, report.moved, report.orphans
    assert exact.id == first.id and exact.article_id == NEW.id and exact.anchor == "exact"
    assert (exact.start, exact.end, exact.old_quote) == (0, 34, None)
    assert moved.id == second.id and moved.anchor == "moved" and moved.article_id == NEW.id
    assert moved.quote == "More than 70 were hurt on Saturday."
    assert NEW.text[moved.start : moved.end] == moved.quote
    assert moved.old_quote == second.quote and moved.status is ClaimStatus.DISPUTED
    assert moved.prefix == NEW.text[max(0, moved.start - 32) : moved.start]
    assert orphan.id == third.id and orphan.anchor == "orphan"
    assert orphan.key == third.key and orphan.note == "who says?"
    assert desk.orphans() == [orphan]
    assert desk.tag_at(*moved.key) == moved and desk.tag_at(*second.key) is None
    assert desk.tag_at(*third.key) == orphan
    # The link follows its tag to the new version.
    assert desk.links_of(*moved.key) == [link]
    assert desk.links_of(*second.key) == []
    assert desk.article_info(NEW.id) is not None
    assert desk.undo() is None
    assert [desk.tag_at(*t.key) for t in (first, second, third)] == [first, second, third]
    assert desk.links_of(*second.key) == [link] and desk.orphans() == []


def test_reanchoring_never_puts_two_tags_on_one_claim(desk: Desk) -> None:
    first, _, _ = _tag_old_version(desk)
    already = desk.set_status(Claim(NEW.id, 0, 34, NEW.text[0:34]), ClaimStatus.DISPUTED, "ben")
    report = reanchor_article(desk, OLD.id, NEW)
    assert [t.id for t in report.orphans][0] == first.id
    assert desk.tag_at(NEW.id, 0, 34) == already
    still = desk.tag_at(*first.key)
    assert still is not None and still.anchor == "orphan"


def test_reanchoring_an_article_without_tags_changes_nothing(desk: Desk) -> None:
    report = reanchor_article(desk, "missing", NEW)
    assert report.counts == {"exact": 0, "moved": 0, "orphan": 0}
    assert desk.tags() == [] and not desk.can_undo


def test_reattach_and_discard_an_orphan(desk: Desk) -> None:
    _, _, third = _tag_old_version(desk)
    link = desk.link_claims(OLD_CLAIMS[2], OTHER_SECOND, "corroborates", "ana")
    reanchor_article(desk, OLD.id, NEW)
    (orphan,) = desk.orphans()
    target = Claim(NEW.id, 71, len(NEW.text), NEW.text[71:])
    target_key = (NEW.id, 71, len(NEW.text))
    taken = Claim(NEW.id, 0, 34, NEW.text[0:34])
    with pytest.raises(ValueError, match="is already") as refused:
        desk.reattach(orphan.id, taken)
    # The message names the claims by their words, not by tag ids.
    assert taken.text.split()[0] in str(refused.value) and orphan.id not in str(refused.value)
    assert orphan.quote.split()[0] in str(refused.value)
    with pytest.raises(KeyError):
        desk.reattach("nope", target)
    back = desk.reattach(orphan.id, target, prefix="Saturday. ")
    assert back.anchor == "moved" and back.key == target_key and back.quote == target.text
    assert back.old_quote == third.quote and back.prefix == "Saturday. "
    assert back.note == third.note and desk.orphans() == []
    assert desk.links_of(*target_key) == [link]
    desk.undo()
    assert desk.orphans() == [orphan]
    assert desk.discard(orphan.id) == orphan
    assert desk.tag_at(*orphan.key) is None and desk.links() == []
    # The other end was kept only for the link, so it went too.
    assert desk.tag_at(OTHER.id, OTHER_SECOND.start, OTHER_SECOND.end) is None
    assert desk.discard(orphan.id) is None
    desk.undo()
    assert desk.orphans() == [orphan] and desk.links() == [link]
    assert desk.tag_at(OTHER.id, OTHER_SECOND.start, OTHER_SECOND.end) is not None


# -- on file: reopen, old desks, damage -----------------------------------------------------


def test_links_decisions_and_reanchored_tags_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        _tag_old_version(desk)
        link = desk.link_claims(OLD_CLAIMS[0], OTHER_FIRST, "corroborates", "ana")
        desk.add_merge({"key_a": "org:isis", "key_b": "org:daesh"})
        desk.add_split({"entity_key": "place:georgia", "text": "Georgia"})
        desk.add_alias("SOHR", "the monitor")
        report = reanchor_article(desk, OLD.id, NEW)
        tags = desk.tags()
    with Desk.open(path) as again:
        assert again.tags() == tags
        assert again.links() == [link]
        assert again.links_of(NEW.id, 0, 34) == [link]
        assert again.orphans() == list(report.orphans)
        assert again.merges() == [{"key_a": "org:isis", "key_b": "org:daesh"}]
        assert again.splits() == [{"entity_key": "place:georgia", "text": "Georgia"}]
        assert again.aliases() == {"SOHR": ["the monitor"]}
        assert again.article_info(NEW.id) is not None
    db = TinyDB(path)
    try:
        assert db.table("meta").all() == [{"schema": 1}]
        assert len(db.table("links")) == 1 and len(db.table("aliases")) == 1
    finally:
        db.close()


def test_a_desk_written_before_links_opens_and_takes_them(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    old_tag = {
        "id": "0123456789ab", "article_id": ARTICLE.id, "start": 0, "end": 34,
        "quote": FIRST.text, "prefix": "", "suffix": "", "status": "confirmed", "note": "",
        "analyst": "ana", "updated_at": "2026-01-01T00:00:00Z",
    }  # fmt: skip
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema": 1}}, "tags": {"1": old_tag}}))
    with Desk.open(path) as desk:
        (tag,) = desk.tags()
        assert tag.anchor == "exact" and desk.links() == [] and desk.merges() == []
        link = desk.link_claims(FIRST, OTHER_FIRST, "corroborates", "ana")
        assert link.tag_a == "0123456789ab"
    with Desk.open(path) as again:
        assert again.links() == [link] and len(again.tags()) == 2


@pytest.mark.parametrize(
    ("table", "doc"),
    [
        ("links", {"id": "x", "tag_a": "a", "tag_b": "b", "relation": "maybe"}),
        ("links", {"id": "x", "tag_a": "a"}),
        ("merges", {"key_a": "org:isis", "key_b": 5}),
        ("aliases", {"canonical": "SOHR"}),
    ],
    ids=["relation", "missing-end", "merge-key", "alias"],
)
def test_damaged_link_or_decision_is_refused(
    tmp_path: Path, table: str, doc: dict[str, object]
) -> None:
    path = tmp_path / "desk.json"
    path.write_bytes(orjson.dumps({"meta": {"1": {"schema": 1}}, table: {"1": doc}}))
    with pytest.raises(DeskCorruptError, match=f"{table} document 1"):
        Desk.open(path)


def test_reads_during_link_writes(desk: Desk) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                for link in desk.links():
                    tag = desk.tag_by_id(link.tag_a)
                    assert tag is not None
                    assert link in desk.links_of(tag.article_id, tag.start, tag.end)
        except BaseException as exc:  # noqa: B902 - reported to the main thread below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(40):
            desk.link_claims(
                Claim("a", i * 10, i * 10 + 5, "x"), Claim("b", i, i + 1, "y"), "corroborates", "a"
            )
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert len(desk.links()) == 40
