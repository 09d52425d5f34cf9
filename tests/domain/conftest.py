"""Fixtures of the domain tests: the seeds compared once a session."""

from __future__ import annotations

import pytest

from annotations.compare import Comparison, compare
from tests.domain.comparing import Prepared, seed_articles


@pytest.fixture(scope="session")
def seeds() -> Prepared:
    return seed_articles()


@pytest.fixture(scope="session")
def seed_comparison(seeds: Prepared) -> Comparison:
    return compare(seeds)
