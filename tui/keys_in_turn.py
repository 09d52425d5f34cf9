"""Text fields of dialogs on which every key acts in the order it came.

A burst (a paste, a script, a laggy ssh link) must act as the same keys typed slowly. Textual
runs a key's binding only once the key has bubbled up to the app, and an input's enter only
posts a message the dialog handles later: meanwhile the field goes on typing the keys queued
behind it, and a dialog that closes drops them with the field. So a field here runs the
bindings of the keys it does not type itself at once, in turn; and once its dialog is closing,
or focus has left it, it keeps the keys already sent to it and hands them on, in order, to
what has focus then.

The other way round, a key that opens a dialog goes up to the app behind the keys typed after
it, already sent to the desk: those the desk does not take itself reach the app once the
dialog is open, and go to the dialog then (`KeyScreens`); a key that reaches a dialog before
its field has focus goes to the field (`FieldDialog`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from textual import events
from textual.widgets import Input

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    _Field = Widget
    _Dialog = Screen[Any]
else:
    # Not a widget itself: Textual gathers a widget's styles and parts along its bases.
    _Field = _Dialog = object

__all__ = [
    "DialogInput",
    "FieldDialog",
    "KeyScreens",
    "KeysInTurn",
    "close_dialog",
    "escape_then",
]


def _nothing() -> None:
    pass


class KeysInTurn(_Field):
    """A mixin for a dialog's text field (before the Textual widget in the bases)."""

    BOUND_FIRST: ClassVar[frozenset[str]] = frozenset()
    """Keys the widget would spend itself that go to the bindings instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._leaving: Callable[[], object] | None = None
        self._handed_on: list[events.Key] = []

    async def _on_key(self, event: events.Key) -> None:
        if self._leaving is not None or self.screen.focused is not self:
            # Sent before the dialog closed or focus moved on: meant for what has it next.
            event.stop()
            event.prevent_default()
            self._handed_on.append(events.Key(event.key, event.character))
            self.call_later(_nothing)  # an idle to hand them on at, if no key is on its way
            return
        if event.key not in self.BOUND_FIRST:
            await super()._on_key(event)
            if event._stop_propagation:
                return  # typed
        event.stop()
        event.prevent_default()
        # As the app would once the key bubbled up to it (Textual 8.2), but now.
        await self.app._check_bindings(event.key)

    def close_dialog(self, dismiss: Callable[[], object]) -> None:
        """Close the dialog with `dismiss` once the keys already sent here are in: they are
        then handed on, in order, to what is under it."""
        if self._leaving is None:
            self._leaving = dismiss
            self.call_later(_nothing)  # an idle to close on, if no key is on its way

    async def on_idle(self) -> None:
        # Nothing is queued here: every key the app sent before is kept, and the app's next
        # ones go to what has focus now (once the dialog is gone, what is under it). Closed
        # and handed on in one go (nothing awaits a slow step), no key of the app's can get
        # in between.
        dismiss, keys = self._leaving, self._handed_on
        if dismiss is None and not keys:
            return
        self._handed_on = []
        if dismiss is not None and dismiss is not _nothing:
            self._leaving = _nothing  # still closing: no more typing here
            dismiss()
        app = self.app
        for key in keys:
            await app.on_event(key.set_sender(app))


class DialogInput(KeysInTurn, Input):
    """A dialog's one-line field: enter runs the dialog's `submit` at once, on the text as it
    is on screen; keys act in turn, a burst as keys typed slowly (`KeysInTurn`)."""

    async def action_submit(self) -> None:
        # Input posts a message the dialog would handle only after the keys queued behind
        # enter were typed into the field.
        await self.screen.run_action("submit")


def close_dialog(screen: Screen[Any], dismiss: Callable[[], object]) -> None:
    """Close `screen` with `dismiss`, after the keys already sent to its focused field."""
    field = screen.focused
    if isinstance(field, KeysInTurn):
        field.close_dialog(dismiss)
    else:
        dismiss()


class FieldDialog(_Dialog):
    """A mixin for a dialog with a text field (before the Textual screen in the bases): a key
    that reaches the dialog itself, typed before its field had focus, goes to the field.
    (A key the field took never gets here: it stops them all.)"""

    def on_key(self, event: events.Key) -> None:
        field = self.focused
        if not isinstance(field, KeysInTurn):
            field = next(
                (f for f in self.query(self.AUTO_FOCUS or "*") if isinstance(f, KeysInTurn)), None
            )
        if field is None:
            return
        event.stop()
        event.prevent_default()
        self.set_focus(field)
        field.post_message(events.Key(event.key, event.character))


class KeyScreens:
    """The screen each key went to, for the app: a key the desk did not take comes back up
    to the app, and if a key before it opened a dialog meanwhile, it is the dialog's."""

    def __init__(self) -> None:
        self._sent: WeakKeyDictionary[events.Key, Screen[Any]] = WeakKeyDictionary()

    def came_back(self, app: App[Any], event: events.Key) -> bool:
        """Whether `event` is a key that came back up from a screen no longer on top (the
        app then sends it again, to the screen on top); notes where a new key goes."""
        if not event.is_forwarded:
            self._sent[event] = app.screen
            return False
        screen = self._sent.pop(event, None)
        return screen is not None and screen is not app.screen


def escape_then(event: events.Key, focused: Widget | None) -> tuple[events.Key, events.Key] | None:
    """Escape and the letter after it, for an alt+letter that came from a burst, else None.

    Escape and a letter in one read of the terminal (a script, a paste of keys, a laggy
    link) reach Textual as alt+letter, its Option-key reading: the escape was lost, and the
    letter acted in the dialog escape should have closed (escape j d in the link picker
    linked the claim as contradicting; on the desk j was dropped and d disputed the claim
    before it). Newsdesk binds no alt+letter: outside a text field they are the two keys.
    A text field keeps Textual's reading (an Option key typing there must not cancel the
    dialog and drop the text)."""
    char = event.character
    if not event.key.startswith("alt+") or char is None or len(char) != 1:
        return None
    if not (char.isascii() and char.isalpha()):
        return None
    from textual.widgets import TextArea

    if isinstance(focused, (Input, TextArea)):
        return None
    return events.Key("escape", "\x1b"), events.Key(char, char)
