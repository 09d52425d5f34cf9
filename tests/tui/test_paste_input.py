"""The input filter ahead of Textual's parser: a bracketed paste holding controls is one paste
event, in order, however the terminal's bytes are cut into reads; keys outside pastes are
untouched, and a lone ESC (the escape key) is never held back."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser
from textual.widgets import TextArea

from tests.pilot import Host
from tui.dialogs import NoteDialog
from tui.paste_input import (
    PASTE_END,
    PASTE_START,
    PasteGuard,
    PasteSafeParser,
    stand_ins,
    unedited_kept,
)

STREAM = (
    "j\x1b[A"  # a key and an arrow key before the paste
    + PASTE_START
    + "alpha \x1b]0;T\x07 beta\x1b[201 gamma\x00\x9b1m\r\ndelta\x1b"
    + PASTE_END
    + "\x1bx"  # alt+x after it
)
PASTED = "alpha ␛]0;T␇ beta␛[201 gamma␀\ufffd1m\r\ndelta␛"


def _events(parser: XTermParser, chunks: list[str]) -> list[object]:
    found: list[object] = []
    for chunk in chunks:
        found.extend(parser.feed(chunk))
    found.extend(parser.feed(""))
    return found


def _described(found: list[object]) -> list[str]:
    return [
        f"paste:{e.text}" if isinstance(e, events.Paste) else f"key:{e.key}"
        for e in found
        if isinstance(e, (events.Paste, events.Key))
    ]


def test_every_cut_of_the_stream_gives_the_same_events() -> None:
    whole = _described(_events(PasteSafeParser(), [STREAM]))
    assert whole == ["key:j", "key:up", f"paste:{PASTED}", "key:alt+x"]
    for cut in range(1, len(STREAM)):
        chunks = [STREAM[:cut], STREAM[cut:]]
        assert _described(_events(PasteSafeParser(), chunks)) == whole, cut
    guard = PasteGuard()
    assert "".join(guard.feed(char) for char in STREAM) == PasteGuard().feed(STREAM)


def test_textuals_own_parser_scrambles_the_same_paste() -> None:
    # What the filter is for: without it, the text after ESC arrives as keys, first.
    found = _described(_events(XTermParser(), [PASTE_START + "alpha \x1b beta" + PASTE_END]))
    assert found != ["paste:alpha ␛ beta"]
    assert _described(
        _events(PasteSafeParser(), [PASTE_START + "alpha \x1b beta" + PASTE_END])
    ) == ["paste:alpha ␛ beta"]


def test_a_lone_escape_outside_a_paste_is_passed_on_at_once() -> None:
    guard = PasteGuard()
    assert guard.feed("\x1b") == "\x1b"
    assert guard.feed("[20") == "[20"
    assert guard.feed("0~abc\x1b[20") == "0~abc"  # a paste began: its end may be coming
    assert guard.feed("1~") == "\x1b[201~"


def test_stand_ins_keep_tabs_and_line_breaks() -> None:
    assert stand_ins("a\tb\r\nc\nd") == "a\tb\r\nc\nd"
    assert stand_ins("\x1b\x07\x00\x7f\x85\x9b") == "␛␇␀␡\ufffd\ufffd"


async def test_a_paste_event_into_the_note_keeps_controls_as_pictures() -> None:
    app = Host(NoteDialog("Some 120 fighters were killed.", "kept: "))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        # A paste that reached the app some other way than the terminal's filter.
        app.post_message(events.Paste("alpha \x1b beta\x07\tgamma\x9b1m\nend"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == ["kept: alpha ␛ beta␇\tgamma\ufffd1m\nend"]


_NOTE_CHARS = st.sampled_from(
    [
        "a",
        "b",
        " ",
        "\n",
        "\r",
        "\r\n",
        "\x1b",
        "\x07",
        "\u202e",
        "\u202c",
        "\x9b",
        "é",
        "中",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "\u200d",
    ]
)


def _lines_alike(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@given(
    stored=st.lists(_NOTE_CHARS, max_size=30).map("".join),
    cut=st.integers(0, 60),
    width=st.integers(0, 5),
    typed=st.lists(st.sampled_from(["x", " ", "\n", "␛"]), max_size=5).map("".join),
)
def test_a_note_edited_anywhere_is_what_the_editor_showed_with_the_rest_as_stored(
    stored: str, cut: int, width: int, typed: str
) -> None:
    shown = _lines_alike(stand_ins(stored))  # the editor writes one kind of line end
    assert unedited_kept(stored, shown) == stored
    cut = min(cut, len(shown))
    edited = shown[:cut] + typed + shown[cut + width :]
    kept = unedited_kept(stored, edited)
    # Shown again, it is exactly what the analyst left in the editor (as the editor would
    # show it: a flag cut in two is no flag)...
    assert _lines_alike(stand_ins(kept)) == _lines_alike(stand_ins(edited))
    # ...and words added at either end leave the stored note whole beside them (a line
    # break or a picture typed beside one of the note's own may be taken for either).
    words = typed.replace("\n", "").replace("␛", "")
    assert unedited_kept(stored, words + shown) == words + stored
    assert unedited_kept(stored, shown + words) == stored + words


def test_escape_and_a_key_in_one_read_are_two_keys_unless_a_text_field_has_focus() -> None:
    import time

    def keys(data: str, apart: bool) -> list[str]:
        parser = PasteSafeParser(escapes_apart=lambda: apart)
        found = list(parser.feed(data))
        time.sleep(0.12)  # a lone escape at the end is told by a pause
        found += list(parser.tick())
        return [getattr(event, "key", type(event).__name__) for event in found]

    assert keys("\x1bjd", True) == ["escape", "j", "d"]
    assert keys("l\x1b1c", True) == ["l", "escape", "1", "c"]
    assert keys("\x1b d\x1b\r", True) == ["escape", "space", "d", "escape", "enter"]
    assert keys("\x1b\x1bj", True) == ["escape", "escape", "j"]
    # Escape sequences, a paste and a lone escape are read as ever.
    assert keys("\x1b[A\x1bOB\x1b[1;3D", True) == ["up", "down", "alt+left"]
    assert keys("\x1b[200~a\x1bb\x1b[201~x", True) == ["Paste", "x"]
    assert keys("\x1b", True) == ["escape"]
    # In a text field: Textual's Option-key reading (typing must not cancel the dialog).
    assert keys("\x1bjd", False) == ["alt+j", "d"]
