"""Fixtures of the domain tests: the same desk in memory and on a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.store import Desk


@pytest.fixture(params=["memory", "file"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    """A fresh desk, once in memory and once on a file in `tmp_path`; closed afterwards."""
    opened = Desk.in_memory() if request.param == "memory" else Desk.open(tmp_path / "desk.json")
    yield opened
    opened.close()
