"""No key does two things by accident: the desk screen's and the article view's keys."""

from __future__ import annotations

from textual.binding import Binding

from tui.article_view import ArticleView
from tui.desk_screen import DeskScreen

# Keys the article view takes only while a span is being drawn (its selection mode), and
# gives way to the desk screen's otherwise; the view's own c / d tag the span.
WHILE_SELECTING = {"w", "b", "e", "right", "left", "comma", "semicolon", "o", "c", "d", "escape"}


def _keys(cls: type) -> dict[str, set[str]]:
    """Each key and the actions it is bound to, a class's bindings replacing its bases'."""
    found: dict[str, set[str]] = {}
    for klass in reversed(cls.__mro__):
        own: dict[str, set[str]] = {}
        for binding in vars(klass).get("BINDINGS", []):
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                own.setdefault(key.strip(), set()).add(binding.action)
        found.update(own)
    return found


def test_no_key_is_bound_to_two_actions_across_the_desk() -> None:
    screen = _keys(DeskScreen)
    view = _keys(ArticleView)
    # The screen's "n" is a note, or the next search hit while searching: one key, by mode.
    clashes = {
        key: screen[key] | view[key]
        for key in screen.keys() & view.keys()
        if key not in WHILE_SELECTING and screen[key] != view[key]
    }
    assert not clashes
    for keys in (screen, view):
        doubled = {k: a for k, a in keys.items() if len(a) > 1 and k not in WHILE_SELECTING | {"n"}}
        assert not doubled
