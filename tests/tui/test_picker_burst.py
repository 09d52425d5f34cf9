"""Keys that come in one burst with the key opening articles from the library picker (a paste,
a script, a laggy link): the picker opens what the filter showed when enter was pressed, and
the keys after it act, in order, on the desk it opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.library import Library
from annotations.store import Desk
from annotations.writer import DeskWriter
from tests.pilot import SIZE, burst, screen_of, seeds, settle, stored, views
from tui.app import NewsdeskApp
from tui.picker import LibraryPicker


@pytest.mark.parametrize(
    "keys",
    [
        (*"moscow", "enter"),
        # down moves to the list: the keys after it are the list's, enter opens from there
        (*"moscow", "down", "enter"),
        (*"m", "down", "up", "tab", *"oscow", "enter"),
    ],
    ids=["filter", "list", "back-to-filter"],
)
async def test_keys_after_enter_in_the_picker_act_on_the_desk_it_opens(
    tmp_path: Path, keys: tuple[str, ...]
) -> None:
    db = tmp_path / "desk.json"
    library = Library(db)
    for article in seeds():
        library.add(article)
    desk = Desk.open(db)
    writer = DeskWriter(desk)
    app = NewsdeskApp([], desk, writer, analyst="t", db_label=str(db), library=library)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LibraryPicker)
            await burst(pilot, *keys, "j", "j", "d")
            await settle(pilot)
            screen_of(app)
            (view,) = views(app)
            assert view.text.startswith("Moscow — Some 120 Daesh")
            assert view.current_claim == 1
            second = view.claims[1].start
    finally:
        writer.flush()
        writer.close()
        desk.close()
    assert [row[1:] for row in stored(db)] == [(second, "disputed", "")]
