"""Bracketed pastes that hold control characters reach the app whole and in order.

Textual's input parser (8.x) reads an ESC inside a bracketed paste as the start of an escape
sequence: the characters after it leave the paste and arrive as key presses ahead of it ("alpha
ESC beta" became "^ betaalpha "), and a BEL among them is lost as an unbound key. So the input
is filtered before the parser sees it: inside a paste, every character the safe-text path
would replace but tab and line breaks becomes its stand-in (ESC "␛", BEL "␇", a bidi override
"\ufffd"), and the paste's end marker alone still ends it. The same stand-ins are put into
any paste event that reaches the note editor by another way, and into a stored note it opens
with.
"""

from __future__ import annotations

import os
import re
import selectors
from codecs import getincrementaldecoder
from collections.abc import Callable, Iterable

from textual import events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from annotations.safe_text import printable

__all__ = ["PasteGuard", "PasteSafeDriver", "PasteSafeParser", "stand_ins", "unedited_kept"]

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"

# C0 controls but tab, line feed and carriage return (a pasted line break), DEL and C1.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BETWEEN_BREAKS = re.compile("[^\t\r\n]+")


def stand_ins(text: str) -> str:
    """`text` as the safe-text path shows it (`printable`: a control character's picture, a
    stand-in for a bidi override, an invisible format character or a lone surrogate), but
    with its tabs and line breaks kept: what a note editor may hold and draw."""
    if text.isascii() and _CONTROLS.search(text) is None:
        return text
    return _BETWEEN_BREAKS.sub(lambda found: printable(found.group()), text)


def _units(text: str, shown: str) -> list[tuple[str, str]]:
    """`text` cut into (its characters, how to compare them): a line break (CR LF, LF or CR)
    is one unit compared as LF (the editor writes its own line ends), any other character
    is compared as `shown` has it at its place (`stand_ins` keeps the length)."""
    units: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        if text.startswith("\r\n", at):
            units.append(("\r\n", "\n"))
            at += 2
            continue
        char = text[at]
        units.append((char, "\n" if char == "\r" else shown[at]))
        at += 1
    return units


_DIFF_LIMIT = 4_000_000
"""The most (stored × edited) characters between the unchanged start and end to compare for
what else was left as it was: beyond it (a note of tens of thousands of characters rewritten
in the middle) the middle is taken as edited."""


def unedited_kept(stored: str, edited: str) -> str:
    """`edited`, the text of an editor that opened on `stand_ins(stored)`, with every part the
    analyst left untouched given back as stored: a control or bidi character there stays
    itself, not its picture (several characters share a picture, so only their place tells
    them apart), and a line keeps its own line end. Opened and saved unchanged, the note is
    the stored one."""
    shown = stand_ins(stored)
    if len(shown) != len(stored):
        return stored if edited == shown else edited  # never seen: stand-ins keep the length
    old, new = _units(stored, shown), _units(edited, edited)
    if [c for _, c in old] == [c for _, c in new]:
        return stored
    head = 0
    while head < min(len(old), len(new)) and old[head][1] == new[head][1]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail][1] == new[-1 - tail][1]:
        tail += 1
    old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
    kept = [text for text, _ in old[:head]]
    if old_middle and new_middle and len(old_middle) * len(new_middle) <= _DIFF_LIMIT:
        from difflib import SequenceMatcher

        compare = SequenceMatcher(
            None, [c for _, c in old_middle], [c for _, c in new_middle], autojunk=False
        )
        for op, i1, i2, j1, j2 in compare.get_opcodes():
            source = old_middle[i1:i2] if op == "equal" else new_middle[j1:j2]
            kept.extend(text for text, _ in source)
    else:
        kept.extend(text for text, _ in new_middle)
    kept.extend(text for text, _ in old[len(old) - tail :])
    return _joined(kept)


def _joined(units: list[str]) -> str:
    """The units one after another, each line end still one: a CR of one and the LF that
    begins the next would read as a single CR LF."""
    for at in range(1, len(units)):
        if units[at].startswith("\n") and units[at - 1].endswith("\r"):
            units[at] = "\r" + units[at]
    return "".join(units)


def _end_marker_start(text: str) -> int:
    """How many characters at the end of `text` could begin the paste's end marker."""
    for size in range(min(len(text), len(PASTE_END) - 1), 0, -1):
        if PASTE_END.startswith(text[-size:]):
            return size
    return 0


class PasteGuard:
    """Terminal input, chunk by chunk, with the controls inside bracketed pastes replaced by
    stand-ins (see the module). Markers split across chunks are found too: outside a paste
    nothing is held back (a lone ESC is the escape key), inside one only what could begin
    the end marker waits for the next chunk."""

    def __init__(self) -> None:
        self._pasting = False
        self._seen = ""  # the last characters passed on outside a paste
        self._held = ""  # inside a paste: what could begin the end marker

    def feed(self, data: str) -> str:
        """What to hand the parser for the chunk `data` (possibly nothing yet)."""
        data, self._held = self._held + data, ""
        out: list[str] = []
        at = 0
        while at < len(data):
            if not self._pasting:
                look = self._seen + data[at:]
                found = look.find(PASTE_START)
                if found < 0:
                    out.append(data[at:])
                    self._seen = look[-(len(PASTE_START) - 1) :]
                    break
                begin = at + found + len(PASTE_START) - len(self._seen)
                out.append(data[at:begin])
                self._pasting, self._seen, at = True, "", begin
                continue
            end = data.find(PASTE_END, at)
            if end < 0:
                body = data[at:]
                keep = _end_marker_start(body)
                self._held = body[len(body) - keep :]
                out.append(stand_ins(body[: len(body) - keep]))
                break
            out.append(stand_ins(data[at:end]) + PASTE_END)
            self._pasting, at = False, end + len(PASTE_END)
        return "".join(out)


_ESCAPE_THEN_KEY = re.compile(r"\x1b(?=[^\[\]OP_^X\\])")
"""ESC followed in the same read by a key, not by what begins an escape sequence (CSI, SS3,
OSC, DCS, APC, PM, SOS, ST): in a paste the ESC was made a picture, its markers are CSI."""


class PasteSafeParser(XTermParser):
    """Textual's parser, fed through a `PasteGuard`.

    With `escapes_apart` saying so (no text field has focus), ESC and the key after it in one
    read are the escape key and that key, not Textual's alt+key or Option-character reading:
    a burst (a script, a paste of keys, a laggy link) acts as the keys typed one by one.
    """

    def __init__(
        self, debug: bool = False, *, escapes_apart: Callable[[], bool] | None = None
    ) -> None:
        super().__init__(debug)
        self._guard = PasteGuard()
        self._escapes_apart = escapes_apart

    def feed(self, data: str) -> Iterable[Message]:
        if not data:
            return super().feed(data)  # the end of input
        filtered = self._guard.feed(data)
        # Nothing to parse yet (a part of the end marker waits): an empty feed would end input.
        if not filtered:
            return ()
        apart = self._escapes_apart
        if "\x1b" not in filtered or apart is None or not apart():
            return super().feed(filtered)
        messages: list[Message] = []
        at = 0
        for found in _ESCAPE_THEN_KEY.finditer(filtered):
            if found.start() > at:
                messages.extend(super().feed(filtered[at : found.start()]))
            messages.append(events.Key("escape", "\x1b"))
            at = found.end()
        if at < len(filtered):
            messages.extend(super().feed(filtered[at:]))
        return messages


def _no_text_field(app: object) -> bool:
    """Whether the app's focus is on no text field (read from the input thread)."""
    from textual.widgets import Input, TextArea

    try:
        focused = app.focused  # type: ignore[attr-defined]
    except Exception:  # no screen yet, or closing: Textual's reading
        return False
    return not isinstance(focused, (Input, TextArea))


class PasteSafeDriver(LinuxDriver):
    """Textual's Linux driver reading its input with a `PasteSafeParser`, and sizing the
    screen by the terminal it draws on."""

    def _get_terminal_size(self) -> tuple[int, int]:
        # Textual asks stdout (`shutil.get_terminal_size`): with stdout sent to a file or a
        # pipe it drew an 80x24 desk in a corner of a bigger terminal. The desk draws on
        # stderr (or what `open_desk` put there): that terminal's size is the screen's.
        file = self._file
        try:
            if file is not None:
                columns, lines = os.get_terminal_size(file.fileno())
                if columns > 0 and lines > 0:
                    return columns, lines
        except (AttributeError, ValueError, OSError):
            pass
        return super()._get_terminal_size()

    def run_input_thread(self) -> None:
        # As LinuxDriver.run_input_thread (Textual 8.2), with the parser swapped.
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        app = self._app
        parser = PasteSafeParser(self._debug, escapes_apart=lambda: _no_text_field(app))
        # A byte that is no UTF-8 (a Latin-1 paste, a raw 8-bit C1 control) is read as
        # U+FFFD, as the terminal would draw it: strict decoding ended the desk in a trace.
        decode = getincrementaldecoder("utf-8")(errors="replace").decode

        def process(found: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for number, (_, mask) in enumerate(found, 1):
                if mask & selectors.EVENT_READ:
                    last = final and number == len(found)
                    data = decode(os.read(self.fileno, 1024 * 4), final=last)
                    if not data:
                        break  # stdin piped and at its end
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _ in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
