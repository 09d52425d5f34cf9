"""Who an analyst is: one normalised name wherever it comes in (--analyst, the login name,
an imported annotation file's creators and history, the desks a merge reads), so names that
print alike are one analyst, and an empty, blank or endless name is refused."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from annotations.analysts import MAX_ANALYST_LENGTH, analyst_name, check_creator
from annotations.store import ClaimStatus, Desk
from tests.attacks.support import assert_one_line, newsdesk
from tests.domain.test_store import ARTICLE, FIRST
from tui.cli import main

NFC = "Jos\u00e9"
NFD = "Jose\u0301"


def test_one_name_however_it_is_written() -> None:
    assert NFC != NFD and unicodedata.normalize("NFC", NFD) == NFC
    assert analyst_name(NFD) == analyst_name(f"  {NFC}\t") == NFC
    assert analyst_name("checker") == "checker"
    for blank in ("", " ", "\t\u3000 ", "\n"):
        with pytest.raises(ValueError, match="empty"):
            analyst_name(blank)
    assert analyst_name("a" * MAX_ANALYST_LENGTH) == "a" * MAX_ANALYST_LENGTH
    with pytest.raises(ValueError, match="characters long"):
        analyst_name("A" * 10_240)
    # Control characters are kept: shown as stand-ins like every untrusted string.
    assert analyst_name("\x1b[2Jx") == "\x1b[2Jx"


def test_a_creator_must_have_made_its_own_history() -> None:
    check_creator("checker", ["checker", "reviewer"])
    check_creator(NFD, [NFC])
    check_creator("checker", [])
    with pytest.raises(ValueError, match="reviewer"):
        check_creator("checker", ["reviewer", "reviewer"])


@pytest.mark.parametrize("name", ["", "   ", "A" * 10_240, "\u3000"])
def test_the_desk_refuses_an_analyst_option_that_names_no_one(tmp_path: Path, name: str) -> None:
    (tmp_path / "a.txt").write_text("Some 120 fighters were killed.", encoding="utf-8")
    done = newsdesk(
        "--db", tmp_path / "d.json", "--analyst", name, tmp_path / "a.txt", home=tmp_path
    )
    assert done.returncode == 2
    err = done.stderr.decode()
    assert "--analyst" in err and "Traceback" not in err and len(err) < 2000
    assert not (tmp_path / "d.json").exists()


def test_the_desk_refuses_a_login_name_that_names_no_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some 120 fighters were killed.", encoding="utf-8")
    env = {"LOGNAME": "   ", "USER": "   ", "LNAME": "   ", "USERNAME": "   "}
    done = newsdesk("--db", tmp_path / "d.json", tmp_path / "a.txt", home=tmp_path, env=env)
    assert_one_line(done, says="--analyst NAME")
    assert done.returncode == 2 and not (tmp_path / "d.json").exists()


def _desk(path: Path, analyst: str, status: ClaimStatus) -> Path:
    """A desk whose one tag is by `analyst`, stored exactly so (as an older newsdesk, or a
    hand edit, may have left it)."""
    with Desk.open(path) as desk:
        desk.remember_article(ARTICLE)
        desk.set_status(FIRST, status, "PLACEHOLDER")
    for file in (path, path.with_name(path.name + ".journal")):
        if file.exists():
            escaped = json.dumps(analyst)[1:-1]
            file.write_text(file.read_text("utf-8").replace("PLACEHOLDER", escaped), "utf-8")
    return path


def test_names_that_differ_only_in_their_unicode_form_are_one_analyst(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _desk(tmp_path / "a.json", NFC, ClaimStatus.CONFIRMED)
    b = _desk(tmp_path / "b.json", f" {NFD} ", ClaimStatus.DISPUTED)
    c = _desk(tmp_path / "c.json", "checker", ClaimStatus.DISPUTED)
    assert main(["agreement", "--json", str(a), str(b)]) == 0
    assert json.loads(capsys.readouterr().out)["analysts"] == []
    assert main(["agreement", "--json", str(a), str(b), str(c)]) == 0
    assert json.loads(capsys.readouterr().out)["analysts"] == [NFC, "checker"]
    team = tmp_path / "team.json"
    assert main(["merge", str(b), str(a), "-o", str(team)]) == 0
    assert main(["export", "--format", "jsonl", "--db", str(team)]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines() if "{" in line]
    assert row["analyst"] == NFC and NFD not in json.dumps(row, ensure_ascii=False)


def test_a_desk_holding_an_endless_analyst_name_is_not_merged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _desk(tmp_path / "a.json", "A" * 10_240, ClaimStatus.CONFIRMED)
    b = _desk(tmp_path / "b.json", "checker", ClaimStatus.DISPUTED)
    assert main(["merge", str(a), str(b), "-o", str(tmp_path / "team.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a.json" in err and len(err) < 400
    assert not (tmp_path / "team.json").exists()


def _w3c(tmp_path: Path, change: Any) -> Path:
    source = _desk(tmp_path / "src.json", "checker", ClaimStatus.CONFIRMED)
    out = tmp_path / "e.w3c.json"
    assert main(["export", "--format", "w3c", "--db", str(source), "-o", str(out)]) == 0
    document = json.loads(out.read_text("utf-8"))
    change(document["first"]["items"][0])
    out.write_text(json.dumps(document), "utf-8")
    return out


def _set_creator(name: str) -> Any:
    def change(item: dict[str, Any]) -> None:
        item["creator"]["name"] = name
        for entry in item["newsdesk:history"]:
            entry["analyst"] = name

    return change


def _history_by(name: str) -> Any:
    def change(item: dict[str, Any]) -> None:
        for entry in item["newsdesk:history"]:
            entry["analyst"] = name

    return change


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_set_creator("   "), "empty"),
        (_set_creator("\u3000"), "empty"),
        (_set_creator("A" * 10_240), "characters long"),
        (_history_by("reviewer"), "made none of its history"),
        (_history_by(" "), "empty"),
    ],
    ids=["blank", "ideographic-space", "endless", "creator-not-in-history", "blank-history"],
)
def test_import_annotations_refuses_a_record_naming_no_analyst(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, says: str
) -> None:
    file = _w3c(tmp_path, change)
    capsys.readouterr()
    db = tmp_path / "into.json"
    assert main(["import-annotations", "--db", str(db), str(file)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "annotation 1" in err and says in err and len(err) < 600
    assert not db.exists()


def test_import_annotations_keeps_one_spelling_of_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _w3c(tmp_path, _set_creator(f"{NFD} "))
    db = tmp_path / "into.json"
    assert main(["import-annotations", "--db", str(db), str(file)]) == 0
    with Desk.open(db) as desk:
        (tag,) = desk.tags()
    assert tag.analyst == NFC and {c.analyst for c in tag.history} == {NFC}
