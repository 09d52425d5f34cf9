"""The desk keeps what it found in each article it opens, so the export need not find it again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import annotations.detection
from annotations.analysis_cache import AnalysisCache, analysis_folder
from annotations.claims import find_claims
from annotations.detection import detect
from annotations.export import export_rows
from annotations.store import ClaimStatus, Desk
from tests.pilot import DeskApp, seeds, settle

NEWSDESK = Path(sys.executable).with_name("newsdesk")


async def test_the_desk_keeps_each_articles_analysis_for_the_export(
    tmp_path: Path, desk_app: DeskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "desk.json"
    async with desk_app(db) as (_app, pilot):
        for key in ("c", "j", "d", "tab", "j", "c"):
            await pilot.press(key)
        await settle(pilot)
    cache = AnalysisCache(analysis_folder(db))
    for article in seeds():
        assert cache.article(article.text) is not None

    def refuse(*_: object) -> None:
        raise AssertionError("detected again")

    monkeypatch.setattr(annotations.detection, "detect", refuse)
    with Desk.open(db, lock=False) as desk:
        filled = export_rows(desk)
    monkeypatch.undo()
    assert filled and all(row.numbers or row.names for row in filled)
    shutil.rmtree(analysis_folder(db))
    with Desk.open(db, lock=False) as desk:
        assert export_rows(desk) == filled


def test_a_warm_export_loads_no_detection_grouping_or_sourcing_code(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    with Desk.open(db) as desk:
        for article in seeds():
            desk.remember_article(article)
            for claim in find_claims(article.id, article.text, detect(article.text))[::3]:
                desk.set_status(claim, ClaimStatus.DISPUTED, "ana")
    command = [str(NEWSDESK), "export", "--db", str(db), "-o", str(tmp_path / "cold.csv")]
    subprocess.run(command, check=True, capture_output=True)
    warm = subprocess.run(
        [sys.executable, "-X", "importtime", *command[:-1], str(tmp_path / "warm.csv")],
        check=True,
        capture_output=True,
        text=True,
    )
    imported = {line.split("|")[-1].strip() for line in warm.stderr.splitlines()}
    assert "annotations.export" in imported
    analysis = {"annotations.detection", "annotations.compare", "annotations.sourcing"}
    assert not imported & analysis
    assert (tmp_path / "warm.csv").read_bytes() == (tmp_path / "cold.csv").read_bytes()
