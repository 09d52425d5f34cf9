"""Fuzzed desks and libraries: wrong types, values and missing keys, from the real schema.

Every command either works or refuses with one line naming the file: never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.articles import article_from_text
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.library import Library
from annotations.store import ClaimStatus, Desk, DeskError
from tui.cli import main

TEXT = (
    "Some 120 fighters were killed near Mayadeen on Sunday, the ministry said. "
    "Another 40 died in Raqqa. Rami Abdel Rahman said ISIS lost 60 men."
)

# Values of every JSON type, with the strings a hostile hand would type.
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.sampled_from(["", "confirmed", "disputed", "exact", "orphan", "\x1b]0;x\x07", "1"])
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _template(folder: Path) -> tuple[bytes, bytes, bytes]:
    """A real desk (articles, tags, a link, decisions) and a real library, as bytes."""
    db = folder / "desk.json"
    article = article_from_text(TEXT, title="T", path=str(folder / "a.txt"), source="S")
    other = article_from_text(TEXT.replace("120", "130"), title="U", source="V")
    library = Library(db)
    library.add(article)
    with Desk.open(db) as desk:
        desk.remember_article(article)
        desk.remember_article(other)
        first, second = (find_claims(a.id, a.text, detect(a.text))[0] for a in (article, other))
        desk.set_status(first, ClaimStatus.CONFIRMED, "ana")
        desk.set_note(second, "check", "ana")
        desk.link_claims(first, second, "corroborates", "ana")
        desk.add_alias("Islamic State", "Daech")
    (entry,) = library.entries()
    return (
        db.read_bytes(),
        (library.folder / "index.json").read_bytes(),
        (library.folder / f"{entry.id}.json").read_bytes(),
    )


_FOLDER = Path(tempfile.mkdtemp(prefix="newsdesk-fuzz-"))
DESK, INDEX, ARTICLE = _template(_FOLDER)
ARTICLE_NAME = f"{Library(_FOLDER / 'desk.json').entries()[0].id}.json"


@st.composite
def mutated(draw: st.DrawFn, raw: bytes) -> Any:
    """The JSON document `raw` with one to three places changed: a value replaced, a key
    dropped, or the whole document replaced."""
    document = json.loads(raw)
    for _ in range(draw(st.integers(1, 3))):
        path: list[Any] = []
        node = document
        # Mostly deep: a field of a document is where a hand edit goes wrong.
        while isinstance(node, (dict, list)) and node and draw(st.integers(0, 4)) > 0:
            key = draw(
                st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node)))
            )
            path.append(key)
            node = node[key]
        if not path:
            document = draw(VALUES) if draw(st.booleans()) else document
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(VALUES)
    return document


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def written(desk: bytes, index: bytes, article: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "desk.library").mkdir()
        (folder / "desk.json").write_bytes(desk)
        (folder / "desk.library" / "index.json").write_bytes(index)
        (folder / "desk.library" / ARTICLE_NAME).write_bytes(article)
        yield folder / "desk.json"


def check_every_command(db: Path, damaged: str) -> None:
    for argv in (
        ("export", "--db", str(db)),
        ("export", "--format", "jsonl", "--db", str(db)),
        ("export", "--format", "w3c", "--db", str(db)),
        ("report", "--db", str(db)),
        ("list", "--json", "--db", str(db)),
        ("orphans", "--json", "--db", str(db)),
        ("alias", "--db", str(db)),
        ("alias", "Islamic State", "IS-K", "--db", str(db)),
    ):
        status, out, err = run(*argv)
        assert "Traceback" not in err and "internal error" not in err, (argv, err)
        if status != 0:
            assert status == 2, (argv, err)
            assert err.count("\n") == 1 and err.startswith("newsdesk: "), (argv, err)
            assert damaged in err or "desk.json" in err, (argv, err)


FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(mutated(DESK))
def test_a_fuzzed_desk_works_or_is_refused_naming_it(document: Any) -> None:
    with written(json.dumps(document).encode(), INDEX, ARTICLE) as db:
        check_every_command(db, str(db))
        # What the desk screen reads from an open desk has the types it expects.
        try:
            desk = Desk.open(db, lock=False)
        except DeskError as exc:
            assert str(db) in str(exc)
            return
        with desk:
            for info in desk.articles():
                assert isinstance(info["id"], str)
                for field in ("title", "date", "path", "source"):
                    assert info.get(field) is None or isinstance(info[field], str), info
            for tag in desk.tags():
                assert 0 <= tag.start <= tag.end and isinstance(tag.quote, str)


@FUZZ
@given(mutated(INDEX), mutated(ARTICLE))
def test_a_fuzzed_library_works_or_is_refused_naming_the_file(index: Any, article: Any) -> None:
    with written(DESK, json.dumps(index).encode(), json.dumps(article).encode()) as db:
        check_every_command(db, "desk.library")
        library = Library(db)
        for entry in library.entries():
            assert isinstance(entry.title, str) and isinstance(entry.chars, int)
            try:
                library.get(entry.id)
            except Exception as exc:  # noqa: BLE001 - the type is what is checked
                assert type(exc).__name__ == "LibraryError", exc
                assert "desk.library" in str(exc)
