"""The desk store's links, entity decisions and re-anchored tags, in memory and on file."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from annotations.anchoring import selector_for
from annotations.articles import Article
from annotations.claims import Claim
from annotations.revisions import reanchor_article
from annotations.store import ClaimStatus, Desk, DeskCorruptError, DeskWriteError, Tag
from tests.domain.desks import ARTICLE, FIRST, OTHER, OTHER_FIRST, OTHER_SECOND, broken_sync

# -- evidence links -------------------------------------------------------------------------


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
        monkeypatch.setattr(os, "fdatasync", broken_sync)
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
    # An orphan sits on no claim: not even its old one, if that text is opened again.
    assert desk.tag_at(*third.key) is None and desk.tag_by_id(third.id) == orphan
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
    assert desk.tag_at(*first.key) is None
    still = desk.tag_by_id(first.id)
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


def test_an_orphan_reattaches_onto_a_claim_cleared_over_a_colleagues_verdict(
    desk: Desk,
) -> None:
    _, _, third = _tag_old_version(desk)
    reanchor_article(desk, OLD.id, NEW)
    (orphan,) = desk.orphans()
    target = Claim(NEW.id, 71, len(NEW.text), NEW.text[71:])
    target_key = (NEW.id, 71, len(NEW.text))
    desk.set_status(target, ClaimStatus.CONFIRMED, "root")
    kept = desk.set_status(target, None, "checker")  # kept: it records root's verdict
    assert kept is not None and kept.status is None and desk.tag_at(*target_key) == kept
    back = desk.reattach(orphan.id, target)
    assert back.id == orphan.id and back.key == target_key and back.note == third.note
    assert desk.tag_at(*target_key) == back and desk.orphans() == []
    assert [t.id for t in desk.tags() if t.key == target_key] == [orphan.id]
    # Every change stays on record, in time order: root's verdict, its clearing, ana's note.
    steps = [(c.analyst, c.field, c.after) for c in back.history]
    assert ("root", "status", "confirmed") in steps and ("checker", "status", "untagged") in steps
    assert ("ana", "note", "who says?") in steps
    assert [c.at for c in back.history] == sorted(c.at for c in back.history)
    desk.undo()
    assert desk.orphans() == [orphan] and desk.tag_at(*target_key) == kept
    # A claim with a verdict, a note or a link standing is still refused.
    desk.set_note(target, "ours", "checker")
    with pytest.raises(ValueError, match="is already untagged with a note"):
        desk.reattach(orphan.id, target)


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
