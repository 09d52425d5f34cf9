"""W3C Web Annotation export and import: the model's required shapes, and the round trip."""

from __future__ import annotations

import copy
import functools
import io
import itertools
import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.articles import Article, load_article
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from annotations.export import export_desk_csv, write_export
from annotations.formats import (
    CONTEXT,
    AnnotationFileError,
    annotation_collection,
    export_w3c,
    import_w3c,
)
from annotations.store import ClaimStatus, Desk, LinkRelation
from seeds import seed_paths

# -- the Web Annotation Data Model (W3C Recommendation, 23 February 2017,
# https://www.w3.org/TR/annotation-model/), the parts a newsdesk export uses --------------

MOTIVATIONS = {
    "assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
    "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
    "tagging",
}  # fmt: skip
"""§3.3.5 Motivation and Purpose: the oa:Motivation instances."""

# §3.3.3: created/modified are xsd:dateTime and SHOULD be in UTC with the "Z" timezone.
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
# RFC 3987: an absolute IRI starts with a scheme and a colon.
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _check_agent(agent: Any) -> None:
    # §3.3.1: an agent is an IRI or an object; its type, if any, is Person, Organization or
    # Software, and "name" has at most one value.
    if isinstance(agent, str):
        assert IRI.match(agent)
        return
    assert isinstance(agent, dict)
    assert set(_values(agent.get("type", "Person"))) <= {"Person", "Organization", "Software"}
    assert isinstance(agent.get("name", ""), str)


def _check_times(node: dict[str, Any]) -> None:
    for key in ("created", "modified"):
        if key in node:
            assert DATE_TIME.match(node[key]), node[key]
    if "creator" in node:
        for agent in _values(node["creator"]):
            _check_agent(agent)


def _check_body(body: Any) -> None:
    assert isinstance(body, dict)
    if "purpose" in body:
        assert set(_values(body["purpose"])) <= MOTIVATIONS
    if body.get("type") == "TextualBody":
        # §3.2.4: a TextualBody MUST have exactly one value, a string.
        assert isinstance(body["value"], str)
        assert isinstance(body.get("format", "text/plain"), str)
    else:
        # §4.1: a Specific Resource MUST have exactly one source, an IRI or a resource.
        assert body["type"] == "SpecificResource"
        assert IRI.match(body["source"])
        if "id" in body:
            assert IRI.match(body["id"])
    _check_times(body)


def _check_selector(selector: Any) -> str:
    assert isinstance(selector, dict)
    kind = selector["type"]  # §4.2: each selector MUST have exactly one type
    if kind == "TextQuoteSelector":
        # §4.2.4: exact MUST, prefix and suffix SHOULD/MAY, each exactly one string.
        assert isinstance(selector["exact"], str)
        for key in ("prefix", "suffix"):
            assert isinstance(selector.get(key, ""), str)
    elif kind == "TextPositionSelector":
        # §4.2.5: start and end MUST, each exactly one non-negative integer; end >= start.
        start, end = selector["start"], selector["end"]
        assert type(start) is int and type(end) is int and 0 <= start <= end
    return str(kind)


def check_annotation(annotation: Any, *, embedded: bool) -> None:
    """The model's MUSTs for one annotation (§3.1)."""
    assert isinstance(annotation, dict)
    if not embedded:
        assert annotation["@context"] == CONTEXT
    assert IRI.match(annotation["id"])  # MUST have exactly one IRI
    assert "Annotation" in _values(annotation["type"])  # MUST have Annotation as a type
    targets = _values(annotation["target"])  # MUST have one or more targets
    assert targets
    if "motivation" in annotation:
        assert set(_values(annotation["motivation"])) <= MOTIVATIONS
    _check_times(annotation)
    for body in _values(annotation.get("body", [])):
        _check_body(body)
    for target in targets:
        assert isinstance(target, dict)
        source = target["source"]  # a Specific Resource MUST have exactly one source
        assert IRI.match(source["id"] if isinstance(source, dict) else source)
        if isinstance(source, dict) and "type" in source:
            assert source["type"] in {"Dataset", "Image", "Video", "Sound", "Text"}
        kinds = [_check_selector(s) for s in _values(target.get("selector", []))]
        assert sorted(kinds) == ["TextPositionSelector", "TextQuoteSelector"]


def check_collection(document: Any) -> None:
    """The model's MUSTs for a collection with its page embedded (§5)."""
    assert document["@context"] == CONTEXT
    assert IRI.match(document["id"])
    assert document["type"] == "AnnotationCollection"
    assert type(document["total"]) is int and document["total"] >= 0
    if document["total"] == 0:
        assert "first" not in document
        return
    page = document["first"]  # MUST have a first page if it has annotations
    assert IRI.match(page["id"]) and page["type"] == "AnnotationPage"
    assert page["items"]  # a page MUST have one or more items
    assert type(page.get("startIndex", 0)) is int
    assert len(page["items"]) == document["total"]
    for annotation in page["items"]:
        check_annotation(annotation, embedded=True)


# -- a desk with every kind of tag -------------------------------------------------------


def _seeds() -> list[tuple[Article, list[Claim]]]:
    found = []
    for path in seed_paths():
        article = load_article(path)
        found.append((article, find_claims(article.id, article.text, detect(article.text))))
    return found


def _busy_desk(path: Path) -> Desk:
    """Verdicts, notes, a note alone, links (one to a claim kept only for it), a moved tag
    and an orphan, over both seeds."""
    (a, claims_a), (b, claims_b) = _seeds()
    desk = Desk.open(path)
    desk.remember_article(a)
    desk.remember_article(b)
    desk.set_status(claims_a[1], ClaimStatus.CONFIRMED, "checker")
    desk.set_note(claims_a[1], "two lines\n<script>document.title='pwned'</script>; x", "rev")
    desk.set_status(claims_a[1], ClaimStatus.DISPUTED, "reviewer")
    desk.set_status(claims_b[2], ClaimStatus.DISPUTED, "checker")
    desk.set_note(claims_b[4], "only a note, =1+2", "checker")
    desk.link_claims(claims_b[2], claims_a[1], "contradicts", "checker")
    desk.link_claims(claims_a[1], claims_b[6], "corroborates", "reviewer")
    desk.link_claims(claims_a[3], claims_a[1], "corroborates", "checker")
    desk.set_status(claims_a[5], ClaimStatus.CONFIRMED, "checker")
    desk.set_status(claims_a[6], ClaimStatus.CONFIRMED, "checker")
    moved = desk.tag_at(a.id, claims_a[5].start, claims_a[5].end)
    orphan = desk.tag_at(a.id, claims_a[6].start, claims_a[6].end)
    assert moved is not None and orphan is not None
    moved = replace(moved, anchor="moved", old_quote="An older wording.")
    desk.move_tags([moved, replace(orphan, anchor="orphan")], a)
    return desk


def _w3c(desk: Desk) -> str:
    out = io.StringIO()
    export_w3c(desk, out, for_terminal=False)
    return out.getvalue()


def _csv(desk: Desk, path: Path) -> bytes:
    export_desk_csv(desk, path)
    return path.read_bytes()


def test_the_export_holds_the_models_required_fields(tmp_path: Path) -> None:
    with _busy_desk(tmp_path / "desk.json") as desk:
        document = json.loads(_w3c(desk))
    check_collection(document)
    items = document["first"]["items"]
    # Five claims the analyst touched, then the two claims kept only for their links.
    assert [item["motivation"] for item in items][-3:] == ["commenting", "linking", "linking"]
    assert document["total"] == 7
    disputed = next(i for i in items if any(b.get("value") == "disputed" for b in i["body"]))
    assert disputed["creator"] == {"type": "Person", "name": "reviewer"}
    purposes = [b["purpose"] for b in disputed["body"]]
    assert purposes[:2] == ["tagging", "commenting"] and purposes.count("linking") == 3
    history = disputed["newsdesk:history"]
    assert [h["analyst"] for h in history] == ["checker", "rev", "reviewer"]
    assert disputed["created"] == history[0]["at"] and disputed["modified"] == history[-1]["at"]
    source = disputed["target"]["source"]
    assert source["dcterms:title"] == "Russian Federation strikes kill 120 Daesh militants"
    quote, position = disputed["target"]["selector"]
    assert quote["exact"] and position["end"] - position["start"] == len(quote["exact"])
    assert {i.get("newsdesk:anchor") for i in items} == {"exact", "moved", "orphan"}


def test_an_empty_desk_is_an_empty_collection() -> None:
    document = annotation_collection(Desk.in_memory())
    check_collection(document)
    assert document["total"] == 0


def test_round_trip_into_an_empty_desk_exports_the_same(tmp_path: Path) -> None:
    with _busy_desk(tmp_path / "desk.json") as desk:
        first = _w3c(desk)
        first_csv = _csv(desk, tmp_path / "first.csv")
    (tmp_path / "desk.w3c.json").write_text(first, encoding="utf-8")
    with Desk.open(tmp_path / "copy.json") as copy_desk:
        result = import_w3c(copy_desk, tmp_path / "desk.w3c.json")
        assert (result.added, result.links, result.kept) == (7, 3, ())
        # One undo takes the whole import back; redo brings it again.
        assert copy_desk.undo_step() is not None
        assert copy_desk.tags() == [] and copy_desk.links() == []
        assert copy_desk.redo_step() is not None
    # Reopened from disk: the import was saved, links and history included.
    with Desk.open(tmp_path / "copy.json") as copy_desk:
        assert _w3c(copy_desk) == first
        assert _csv(copy_desk, tmp_path / "second.csv") == first_csv
        # Importing again changes nothing.
        again = import_w3c(copy_desk, tmp_path / "desk.w3c.json")
        assert (again.added, again.already, again.links) == (0, 7, 0)
        assert _w3c(copy_desk) == first


def test_a_claim_the_desk_tags_otherwise_keeps_the_desks_tag(tmp_path: Path) -> None:
    with _busy_desk(tmp_path / "desk.json") as desk:
        (tmp_path / "a.json").write_text(_w3c(desk), encoding="utf-8")
        tag = next(t for t in desk.tags() if t.status is ClaimStatus.DISPUTED and t.note)
    (article, claims), _ = _seeds()
    claim = next(c for c in claims if c.start == tag.start)
    with Desk.open(tmp_path / "other.json") as other:
        mine = other.set_status(claim, ClaimStatus.CONFIRMED, "editor")
        result = import_w3c(other, tmp_path / "a.json")
        assert result.kept == ((tag.quote, "verdict"),)
        assert other.tag_at(*tag.key) == mine
        # Its links went with it, and so did the two claims kept only for them.
        assert (result.added, result.links) == (4, 0)


# -- hostile desks, generated --------------------------------------------------------------

HOSTILE = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x1b[31m", "\u202e", "\r\n", "\x00", "\ud800", '"', "\\", "; ", "<"]),
    ),
    max_size=8,
).map("".join)


@st.composite
def desks(draw: st.DrawFn) -> Desk:
    desk = Desk.in_memory()
    claims: list[Claim] = []
    for n in range(draw(st.integers(1, 3))):
        text = draw(st.lists(HOSTILE, min_size=2, max_size=4).map(". ".join)) + "."
        article = Article(
            id=f"article{n}",
            text=text,
            title=draw(HOSTILE),
            date=draw(st.one_of(st.none(), HOSTILE)),
            path=draw(st.one_of(st.none(), HOSTILE)),
            source=draw(st.one_of(st.none(), HOSTILE)),
        )
        if draw(st.booleans()):
            desk.remember_article(article)
        cuts = sorted(draw(st.sets(st.integers(0, len(text)), min_size=2, max_size=6)))
        claims += [Claim(article.id, s, e, text[s:e]) for s, e in itertools.pairwise(cuts)]
    for claim in claims:
        analyst = draw(HOSTILE)
        if draw(st.booleans()):
            desk.set_status(claim, draw(st.sampled_from([*ClaimStatus, None])), analyst)
        if draw(st.booleans()):
            desk.set_note(claim, draw(HOSTILE), draw(HOSTILE), prefix=draw(HOSTILE))
    for _ in range(draw(st.integers(0, 3))):
        a, b = draw(st.sampled_from(claims)), draw(st.sampled_from(claims))
        if a.start != b.start or a.article_id != b.article_id:
            relation = draw(st.sampled_from(["corroborates", "contradicts"]))
            desk.link_claims(a, b, cast("LinkRelation", relation), draw(HOSTILE))
    return desk


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(desks())
def test_round_trip_holds_for_generated_desks_with_hostile_text(desk: Desk) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.w3c.json"
        # Through a real file: text that is not valid Unicode is written as escapes.
        write_export(path, lambda out, _: export_w3c(desk, out, for_terminal=False))
        first = path.read_bytes()
        check_collection(json.loads(first))
        copy_desk = Desk.in_memory()
        import_w3c(copy_desk, path)
        write_export(path, lambda out, _: export_w3c(copy_desk, out, for_terminal=False))
        assert path.read_bytes() == first


# -- malformed files -------------------------------------------------------------------------


def _sample(tmp_path: Path) -> dict[str, Any]:
    with _busy_desk(tmp_path / "desk.json") as desk:
        return dict(json.loads(_w3c(desk)))


def _spoiled(document: dict[str, Any], how: str) -> Any:
    spoiled = copy.deepcopy(document)
    item = spoiled["first"]["items"][0]
    if how == "no id":
        del item["id"]
    elif how == "foreign id":
        item["id"] = "http://example.org/anno1"
    elif how == "no target":
        del item["target"]
    elif how == "two targets":
        item["target"] = [item["target"], item["target"]]
    elif how == "no position":
        item["target"]["selector"] = item["target"]["selector"][:1]
    elif how == "negative start":
        item["target"]["selector"][1]["start"] = -1
    elif how == "end before start":
        item["target"]["selector"][1]["end"] = 0
        item["target"]["selector"][1]["start"] = 5
    elif how == "float offset":
        item["target"]["selector"][1]["end"] = 3.5
    elif how == "bad verdict":
        item["body"][0]["value"] = "maybe"
    elif how == "two notes":
        item["body"].append(dict(item["body"][1]))
    elif how == "note not text":
        item["body"][1]["value"] = ["a"]
    elif how == "unknown purpose":
        item["body"][0]["purpose"] = "<script>"
    elif how == "bad relation":
        item["body"][2]["newsdesk:relation"] = "refutes"
    elif how == "bad anchor":
        item["newsdesk:anchor"] = "floating"
    elif how == "history not a list":
        item["newsdesk:history"] = "yesterday"
    elif how == "history entry short":
        del item["newsdesk:history"][0]["at"]
    elif how == "same claim twice":
        spoiled["first"]["items"].append(dict(item, id=item["id"] + "x"))
    elif how == "same id twice":
        spoiled["first"]["items"].append(item)
    elif how == "not an annotation":
        item["type"] = "Highlight"
    elif how == "page by IRI":
        spoiled["first"] = "http://example.org/page1"
    elif how == "a string":
        return "annotations"
    elif how == "foreign source":
        item["target"]["source"] = "http://example.org/article"
    elif how == "verdict not its history's":
        # A colleague's verdict edited by hand: a merge reads verdicts from the history.
        verdict = next(body for body in item["body"] if body["purpose"] == "tagging")
        verdict["value"] = "confirmed" if verdict["value"] == "disputed" else "disputed"
    return spoiled


SPOILS = [
    "no id", "foreign id", "no target", "two targets", "no position", "negative start",
    "end before start", "float offset", "bad verdict", "two notes", "note not text",
    "unknown purpose", "bad relation", "bad anchor", "history not a list",
    "history entry short", "same claim twice", "same id twice", "not an annotation",
    "page by IRI", "a string", "foreign source", "verdict not its history's",
]  # fmt: skip


def test_malformed_files_are_refused_in_one_line_naming_the_file(tmp_path: Path) -> None:
    document = _sample(tmp_path)
    raw_files = {
        "not json": b"{",
        "not utf-8": b'{"type": "\xff"}',
        "too deep": b"[" * 100_000 + b"]" * 100_000,
        "huge number": b'{"total": ' + b"9" * 5000 + b"}",
        "empty": b"",
    }
    cases = [(how, json.dumps(_spoiled(document, how)).encode()) for how in SPOILS]
    for how, data in [*cases, *raw_files.items()]:
        path = tmp_path / f"bad {how}.w3c.json"
        path.write_bytes(data)
        desk = Desk.in_memory()
        with pytest.raises(AnnotationFileError) as caught:
            import_w3c(desk, path)
        message = str(caught.value)
        assert str(path) in message and "\n" not in message, (how, message)
        assert desk.tags() == [] and desk.links() == [], how


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_files_import_or_are_refused_never_crash(data: st.DataObject) -> None:
    document = _fuzz_base()
    spoiled = copy.deepcopy(document)
    items = spoiled["first"]["items"]
    item = items[data.draw(st.integers(0, len(items) - 1))]
    junk = st.one_of(
        st.none(), st.booleans(), st.integers(-3, 10**6), st.floats(), HOSTILE, st.just({})
    )
    for _ in range(data.draw(st.integers(1, 4))):
        node: Any = item
        while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = data.draw(st.sampled_from(keys))
            if not isinstance(node[key], (dict, list)) or data.draw(st.booleans()):
                if isinstance(node, dict) and data.draw(st.booleans()):
                    del node[key]
                else:
                    node[key] = data.draw(junk)
                break
            node = node[key]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.json"
        path.write_text(json.dumps(spoiled), encoding="utf-8", errors="surrogatepass")
        desk = Desk.in_memory()
        try:
            import_w3c(desk, path)
        except AnnotationFileError as error:
            assert "\n" not in str(error) and str(path) in str(error)


@functools.cache
def _fuzz_base() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        return _sample(Path(folder))


@pytest.mark.parametrize(
    ("how", "says"),
    [("negative start", "negative (-1)"), ("float offset", "not a whole number")],
)
def test_a_bad_position_is_named_for_what_is_wrong(tmp_path: Path, how: str, says: str) -> None:
    path = tmp_path / "bad.w3c.json"
    path.write_text(json.dumps(_spoiled(_sample(tmp_path), how)), encoding="utf-8")
    with pytest.raises(AnnotationFileError, match=re.escape(says)):
        import_w3c(Desk.in_memory(), path)


@pytest.mark.parametrize("modified", [None, "", "yesterday"])
def test_a_verdict_without_history_or_a_time_is_refused_not_a_crash(
    tmp_path: Path, modified: str | None
) -> None:
    document = copy.deepcopy(_fuzz_base())
    item = next(i for i in document["first"]["items"] if "newsdesk:history" in i)
    del item["newsdesk:history"]  # the verdict then goes into the history at `modified`
    if modified is None:
        del item["modified"]
    else:
        item["modified"] = modified
    path = tmp_path / "no-time.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    desk = Desk.in_memory()
    with pytest.raises(AnnotationFileError) as caught:
        import_w3c(desk, path)
    assert "ISO 8601" in str(caught.value) and str(path) in str(caught.value)
    assert desk.tags() == []
