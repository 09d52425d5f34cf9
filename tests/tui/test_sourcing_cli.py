"""`newsdesk claims`, `newsdesk figures` and the sources in `compare --json`, run as commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.store import Desk
from seeds import seed_paths
from tui.cli import main

SEEDS = [str(path) for path in sorted(seed_paths())]


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_claims_json_gives_each_claim_its_source_and_hedges(
    capsys: pytest.CaptureFixture[str],
) -> None:
    claims = _json(capsys, "claims", "--json", *SEEDS)["claims"]
    assert isinstance(claims, list)
    by_opening = {c["text"][:30]: c for c in claims}
    rami = next(c for c in claims if c["text"].startswith('"With support from Russian'))
    assert rami["source"]["text"] == "Rami Abdel Rahman"
    assert rami["source"]["via"] == "AFP"
    assert rami["source"]["entity"] == "Rami Abdel Rahman"
    text = Path(SEEDS[0]).read_text(encoding="utf-8")
    konashenkov = next(c for c in claims if c["text"].startswith('"According to information'))
    source = konashenkov["source"]
    assert text[source["start"] : source["end"]] == "Konashenkov"
    # Grouped with the article's other spelling, so the two are one source.
    general = next(c for c in claims if c["text"].startswith("Gen. Igor Konashenkov said"))
    assert general["source"]["text"] == "Gen. Igor Konashenkov"
    assert source["entity"] == general["source"]["entity"]
    assert "Igor Konashenkov" in source["entity"]
    reportedly = next(c for c in claims if "reportedly closed in" in c["text"])
    assert reportedly["source"] is None
    assert reportedly["hedges"] == [
        {
            "text": "reportedly",
            "start": text.index("reportedly"),
            "end": text.index("reportedly") + 10,
            "kind": "reporting",
        }
    ]
    assert {"file", "start", "end", "text", "source", "hedges", "figures", "names"} <= set(
        by_opening["It said that its strikes kille"]
    )


def test_figures_json_is_the_board_clash_first_with_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    board = _json(capsys, "figures", "--json", *SEEDS)
    rows = board["rows"]
    assert isinstance(rows, list)
    statuses = [row["status"] for row in rows]
    assert statuses == sorted(statuses, key=["clash", "agree", "one-side"].index)
    fighters = next(r for r in rows if r["counts"] == "militants/fighters")
    assert fighters["status"] == "agree"
    a1, a2 = (Path(p).name for p in SEEDS)
    sources = {e["source"]["text"] for e in fighters["cells"][a1] if e["source"]}
    assert sources == {"Syrian Central Military Media"}
    (some_120,) = fighters["cells"][a2]
    assert some_120["text"] == "Some 120"
    assert some_120["range"] == "≈106–134"
    assert [h["text"] for h in some_120["hedges"]] == ["Some"]
    civilians = next(r for r in rows if r["counts"] == "civilians")
    assert civilians["status"] == "one-side"
    (fourteen,) = civilians["cells"][a1]
    assert fourteen["source"]["text"] == "Britain-based Human Rights' Observatory Group"
    up_to_80 = next(r for r in rows if any(e["text"] == "up to 80" for e in r["cells"][a2]))
    assert up_to_80["status"] == "one-side"


def test_figures_follow_the_splits_and_merges_kept_in_the_desk(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "desk.json"
    board = _json(capsys, "figures", "--json", *SEEDS)
    rows = board["rows"]
    a2 = Path(SEEDS[1]).name
    up_to_80 = next(r for r in rows if any(e["text"] == "up to 80" for e in r["cells"][a2]))
    fighters = next(r for r in rows if r["counts"] == "militants/fighters")
    (some_120,) = fighters["cells"][a2]
    with Desk.open(db) as desk:
        article_a2 = up_to_80["id"].split(":")[0]
        desk.add_figure_split({"figure": f"{article_a2}:{some_120['start']}"})
        desk.add_figure_merge({"figure_a": up_to_80["id"], "figure_b": fighters["id"]})
    after = _json(capsys, "figures", "--json", "--db", str(db), *SEEDS)["rows"]
    merged = next(r for r in after if r["id"] == up_to_80["id"] or r["id"] == fighters["id"])
    texts = sorted(e["text"] for cell in merged["cells"].values() for e in cell)
    assert "up to 80" in texts and "Some 120" not in texts
    # 120 (A1) and up to 80 (A2) cannot both hold: the merged row is a clash, and comes first.
    assert merged["status"] == "clash" and after[0] is merged
    alone = next(r for r in after if any(e["text"] == "Some 120" for e in r["cells"][a2]))
    assert alone["status"] == "one-side"


def test_compare_json_figure_mentions_carry_their_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = _json(capsys, "compare", "--json", *SEEDS)
    figures = document["figures"]
    assert isinstance(figures, list)
    mentions = [m for group in figures for m in group["mentions"]]
    assert all("source" in m for m in mentions)
    up_to = next(m for m in mentions if m["text"] == "up to 80")
    assert up_to["source"]["text"] == "the ministry"


def test_claims_on_a_missing_file_fails_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["claims", "no-such-file.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_hostile_text_in_a_source_never_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = "\x1b]0;owned\x07[@click=app.quit]Evil\x1b[31m Agency"
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(f"Some 120 fighters were killed, {hostile} said.\n", encoding="utf-8")
    b.write_text("About 40 fighters were killed, the ministry reportedly said.\n", encoding="utf-8")
    for command in ("claims", "figures"):
        assert main([command, str(a), str(b)]) == 0
        out = capsys.readouterr().out
        assert "\x1b]" not in out and "\x07" not in out and "\x1b[31m" not in out
        assert "fighters" in out


def test_a_source_with_no_name_follows_the_analysts_merge_with_an_entity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from annotations.attribution import Source
    from annotations.sourcing import source_key

    entities = _json(capsys, "compare", "--json", *SEEDS)["entities"]
    assert isinstance(entities, list)
    ministry = next(e for e in entities if e["name"] == "Russian Defense Ministry")
    moscow = Source(0, 0, "the defense ministry in Moscow", "said")
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        desk.add_merge({"key_a": ministry["key"], "key_b": source_key(None, "", moscow)})
    claims = _json(capsys, "claims", "--json", "--db", str(db), *SEEDS)["claims"]
    assert isinstance(claims, list)
    (moscow_claim,) = [c for c in claims if c["text"].startswith("Moscow — Some 120")]
    assert moscow_claim["source"]["text"] == "the defense ministry in Moscow"
    assert moscow_claim["source"]["entity"] == "Russian Defense Ministry"
    # Without the decision the source stands alone.
    claims = _json(capsys, "claims", "--json", *SEEDS)["claims"]
    (alone,) = [c for c in claims if c["text"].startswith("Moscow — Some 120")]
    assert alone["source"]["entity"] is None
