"""`newsdesk compare` on the seeds, and aliases added to the desk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seeds import seed_paths
from tui.cli import main

FIRST, SECOND = (path.name for path in seed_paths())


@pytest.fixture(scope="module")
def document() -> dict[str, object]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["compare", "--json", *map(str, seed_paths())]) == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def spellings_of(document: dict[str, object]) -> list[set[str]]:
    return [
        {m["text"] for m in entity["mentions"]}  # type: ignore[index]
        for entity in document["entities"]  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(
    "spellings",
    [
        {"Mayadeen", "al-Mayadin", "Al-Mayadeen", "Al Mayadeen"},
        {"Deir Ezzor", "Deir el-Zour", "Der el-Zour"},
        {"Abu Kamal", "Albu Kamal"},
        {"ISIS", "IS", "Daesh"},
    ],
)
def test_every_spelling_set_is_one_entity(document: dict[str, object], spellings: set[str]) -> None:
    groups = [group for group in spellings_of(document) if group & spellings]
    assert len(groups) == 1 and spellings <= groups[0]


def test_konashenkov_is_one_person(document: dict[str, object]) -> None:
    groups = [g for g in spellings_of(document) if any("Konashenkov" in s for s in g)]
    assert len(groups) == 1 and len(groups[0]) >= 2


@pytest.mark.parametrize(
    "apart",
    [("Syria", "Syrian"), ("Iraq", "Iraqi"), ("Abu Omar al-Shishani", "Salahuddin al-Shishani")],
)
def test_related_names_stay_apart(document: dict[str, object], apart: tuple[str, str]) -> None:
    for group in spellings_of(document):
        assert not {apart[0], apart[1]} <= group


def figure(document: dict[str, object], file: str, text: str) -> dict[str, object]:
    for group in document["figures"]:  # type: ignore[attr-defined]
        for mention in group["mentions"]:
            if mention["file"] == file and mention["text"] == text:
                return group  # type: ignore[no-any-return]
    raise AssertionError(f"{text!r} of {file} is in no figure group")


def test_figures_line_up_as_the_seeds_say(document: dict[str, object]) -> None:
    fighters = figure(document, SECOND, "Some 120")
    assert fighters["status"] == "agree"
    assert any(m["file"] == FIRST and m["text"] == "120" for m in fighters["mentions"])  # type: ignore[attr-defined]
    foreign = figure(document, FIRST, "60")
    assert foreign["status"] == "agree"
    assert any(m["file"] == SECOND and m["text"] == "60" for m in foreign["mentions"])  # type: ignore[attr-defined]
    for file, text in ((FIRST, "14"), (FIRST, "3"), (SECOND, "up to 80"), (SECOND, "some 40")):
        assert figure(document, file, text)["status"] == "one-side", text


def test_the_matching_claim_is_the_moscow_opening(document: dict[str, object]) -> None:
    best = max(
        (
            m
            for m in document["matches"]  # type: ignore[attr-defined]
            if m["claim"]["text"].startswith("It said that its strikes killed 120 ISIS")
        ),
        key=lambda m: m["score"],
    )
    assert best["match"]["file"] == SECOND
    assert best["match"]["text"].startswith("Moscow — Some 120 Daesh")


def test_articles_that_share_nothing_are_not_linked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "harvest.txt"
    b = tmp_path / "chess.txt"
    a.write_text("Farmers in Iowa harvested 300 tonnes of corn in October.\n", encoding="utf-8")
    b.write_text("Magnus Carlsen won the Norway Chess title with 12 points.\n", encoding="utf-8")
    assert main(["compare", "--json", str(a), str(b)]) == 0
    document = json.loads(capsys.readouterr().out)
    for entity in document["entities"]:
        assert len({m["file"] for m in entity["mentions"]}) == 1
    assert all(group["status"] != "agree" for group in document["figures"])
    assert document["matches"] == []


def test_an_alias_added_to_the_desk_groups_names_in_compare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "Officials said the Tiger Forces lost 40 fighters near Kobani.\n", encoding="utf-8"
    )
    b.write_text("Officials said Qawat al-Nimr lost 40 fighters.\n", encoding="utf-8")
    db = tmp_path / "desk.json"

    def entity_groups() -> list[set[str]]:
        assert main(["compare", "--json", "--db", str(db), str(a), str(b)]) == 0
        document = json.loads(capsys.readouterr().out)
        return [{m["text"] for m in e["mentions"]} for e in document["entities"]]

    assert main(["alias", "--db", str(db)]) == 0  # lists; creates nothing harmful
    capsys.readouterr()

    def together(groups: list[set[str]]) -> bool:
        return any(
            any("Tiger Forces" in text for text in group) and "Qawat al-Nimr" in group
            for group in groups
        )

    assert not together(entity_groups())
    assert main(["alias", "--db", str(db), "Tiger Forces", "Qawat al-Nimr"]) == 0
    capsys.readouterr()
    assert together(entity_groups())
    assert main(["alias", "--db", str(db)]) == 0
    assert "Qawat al-Nimr  (added in this desk)" in capsys.readouterr().out


def test_compare_follows_the_sentence_splits_kept_in_the_desk(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from annotations.claim_edits import split_decision
    from annotations.claims import find_claims
    from annotations.detection import detect
    from annotations.store import Desk

    paths = [str(path) for path in seed_paths()]
    text = Path(paths[0]).read_text(encoding="utf-8")
    whole = next(
        c for c in find_claims("a", text, detect(text)) if c.text.startswith("It said that its")
    )
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.add_claim_decision("split", split_decision(whole, text.index("and that 60")))
    capsys.readouterr()
    assert main(["compare", "--json", "--db", str(db), *paths]) == 0
    claims = [m["claim"]["text"] for m in json.loads(capsys.readouterr().out)["matches"]]
    # The comparison matches the two claims the analyst made of the sentence, never the whole.
    assert whole.text not in claims
    assert "It said that its strikes killed 120 ISIS fighters" in claims


# A long sentence of figures: each figure is shown with the opening of its sentence -------


def _characters_made_single_line(
    figures: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> int:
    """The characters `compare` (as tables) makes printable for two one-sentence tolls."""
    import contextlib
    import io

    import tui.cli.compare as command

    read = 0
    plain = command.single_line

    def counting(text: str) -> str:
        nonlocal read
        read += len(text)
        return plain(text)

    paths = []
    for shift in (0, 1):
        counts = "".join(
            f"{n % 97 + 2 + shift} fighters in Zone {n % 13}, " for n in range(figures)
        )
        path = tmp_path / f"toll-{figures}-{shift}.txt"
        path.write_text(f"The toll was {counts}in all.\n", encoding="utf-8")
        paths.append(str(path))
    with monkeypatch.context() as patch, contextlib.redirect_stdout(io.StringIO()):
        patch.setattr(command, "single_line", counting)
        assert main(["compare", *paths]) == 0
    return read


def test_each_figure_of_a_long_sentence_is_shown_with_only_its_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = _characters_made_single_line(60, tmp_path, monkeypatch)
    large = _characters_made_single_line(240, tmp_path, monkeypatch)
    assert large <= 4.5 * small, (small, large)


@given(st.text(st.sampled_from("ab \n\x1b\u202e\U0001f3f4\U000e0067\U000e007f"), max_size=12))
def test_a_sentence_opening_is_the_opening_of_the_sentence_made_single_line(text: str) -> None:
    from annotations.safe_text import single_line
    from tui.cli.compare import _opening

    for width in (0, 3, 5, 90):
        assert _opening(text, width) == single_line(text)[:width]
