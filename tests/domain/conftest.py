"""Fixtures of the domain tests: the same desk in memory and on a file, the seeds compared."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.compare import Comparison, compare
from annotations.store import Desk
from tests.domain.comparing import Prepared, seed_articles


@pytest.fixture(params=["memory", "file"])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Desk]:
    """A fresh desk, once in memory and once on a file in `tmp_path`; closed afterwards."""
    opened = Desk.in_memory() if request.param == "memory" else Desk.open(tmp_path / "desk.json")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def seeds() -> Prepared:
    """The two seed reports, detected, with their claims (compared once a session)."""
    return seed_articles()


@pytest.fixture(scope="session")
def seed_comparison(seeds: Prepared) -> Comparison:
    """The comparison of the two seed reports."""
    return compare(seeds)
