"""Fixtures every test folder shares: the desk app on a desk file, opened and closed once."""

from __future__ import annotations

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
