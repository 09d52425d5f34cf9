"""Fixtures every test folder shares: the desk app on a desk file, opened and closed once."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pilot import DeskApp
from tests.pilot import desk_app as open_desk_app


@pytest.fixture
def desk_app() -> DeskApp:
    """Open the desk app: `async with desk_app(db, articles) as (app, pilot)`.

    The seeds when no articles are given; the app runs at `tests.pilot.SIZE` and detection
    has settled when the block starts; the desk is flushed and closed when it ends.
    """
    return open_desk_app


@pytest.fixture(autouse=True, scope="session")
def _own_user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user data folder (the analysis cache's key among it) of the test run, not the
    real one of whoever runs the tests."""
    saved = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("user-data"))
    yield
    if saved is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = saved
