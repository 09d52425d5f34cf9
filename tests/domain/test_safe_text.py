"""Tests for annotations.safe_text: nothing that can steer a terminal survives, offsets hold."""

from __future__ import annotations

import unicodedata

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.safe_text import (
    PLACEHOLDER,
    escape_json,
    escape_json_bytes,
    printable,
    single_line,
)

ATTACKS = [
    pytest.param("before\x1b[2Jafter", id="ESC[2J clear screen"),
    pytest.param("x\x1b]0;pwned title\x07y", id="OSC 0 window title"),
    pytest.param("x\x1b]52;c;ZXZpbA==\x1b\\y", id="OSC 52 clipboard"),
    pytest.param("nul\x00here", id="NUL"),
    pytest.param("del\x7fhere", id="DEL"),
    pytest.param("csi\x9b31mred", id="C1 CSI U+009B"),
    pytest.param("abc\u202edcba", id="U+202E right-to-left override"),
    pytest.param("cr\rover", id="carriage return"),
    pytest.param("bs\x08\x08x", id="backspace"),
    pytest.param("line\u2028sep\u2029para", id="line and paragraph separators"),
    pytest.param("iso\u2066late\u2069d", id="bidi isolates"),
    pytest.param("zero\u200bwidth\ufeffbom", id="zero-width space and BOM"),
    pytest.param("lone \ud83d surrogate", id="lone surrogate"),
    pytest.param("tag\U000e0041\U000e0042smuggling", id="tag characters"),
]

UNSAFE_FOR_TERMINAL = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - {"\n"}


@pytest.mark.parametrize("text", ATTACKS)
def test_attacks_are_defused_one_for_one(text: str) -> None:
    safe = printable(text)
    assert len(safe) == len(text)
    assert not UNSAFE_FOR_TERMINAL & set(safe)
    assert not any(unicodedata.category(ch) in ("Cf", "Cs", "Zl", "Zp") for ch in safe)
    # Characters that were safe stay where they were, so offsets computed on text still hold.
    for before, after in zip(text, safe, strict=True):
        if before.isalnum():
            assert after == before


def test_c0_controls_show_as_control_pictures() -> None:
    assert printable("a\x1bb") == "a\u241bb"
    assert printable("\x00") == "\u2400"
    assert printable("\x7f") == "\u2421"
    assert printable("\x9b") == PLACEHOLDER


def test_newline_kept_and_tab_becomes_one_space() -> None:
    assert printable("one\ntwo\tthree") == "one\ntwo three"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Plain ASCII, with punctuation: 120 (IS) fighters.", id="ascii"),
        pytest.param("قتل 120 مسلحا من داعش في سوريا", id="arabic"),
        pytest.param("俄罗斯空袭打死120名武装分子", id="cjk"),
        pytest.param("Family \U0001f468\u200d\U0001f469\u200d\U0001f467 zwj", id="emoji zwj"),
        pytest.param("Heart \u2764\ufe0f and keycap 1\ufe0f\u20e3", id="variation selectors"),
        pytest.param("Cafe\u0301 Mu\u0308nchen", id="combining marks"),
        pytest.param("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", id="persian zwnj"),
        pytest.param(
            "Flag \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f!",
            id="subdivision flag",
        ),
        pytest.param("soft\u00adhyphen", id="soft hyphen"),
        pytest.param("Cuneiform \U00012000 and math \U0001d400", id="astral letters"),
    ],
)
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert printable(text) == text


def test_stray_tags_next_to_a_flag_are_still_replaced() -> None:
    flag = "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"
    text = flag + " and \U000e0068\U000e0069 hidden"
    safe = printable(text)
    assert safe.startswith(flag)
    assert "\U000e0068" not in safe and len(safe) == len(text)


def test_every_format_character_is_replaced_except_the_documented_ones() -> None:
    kept = {"\u00ad", "\u200c", "\u200d"}
    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) == "Cf" and char not in kept:
            assert printable("a" + char) == "a" + PLACEHOLDER, hex(code)


def test_single_line_turns_newlines_into_spaces() -> None:
    assert single_line("Title\nsecond\x1b line") == "Title second\u241b line"


@given(st.text())
def test_printable_preserves_length(text: str) -> None:
    assert len(printable(text)) == len(text)
    assert len(single_line(text)) == len(text)


@given(st.text())
def test_printable_is_idempotent_and_leaves_nothing_unsafe(text: str) -> None:
    safe = printable(text)
    assert printable(safe) == safe
    assert not UNSAFE_FOR_TERMINAL & set(safe)
    safe.encode("utf-8")  # a lone surrogate would raise here, as it would on the terminal


_JSON_PIECES = st.sampled_from(
    [
        "plain words ",
        '"quoted" ',
        "\n",
        "\x1b[31m",
        "\x07",
        "\x7f",
        "\x85",
        "\x9b",
        "\u202e",
        "\u2066",
        "\u200b",
        "\u200d",
        "\u2028",
        "\ufeff",
        "— “curly” ‘quotes’ … ",
        "Al-Mayādīn ",
        "دير الزور ",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "\U000e0041",
        "\U0001d173",
        "\U000110bd",
        "\U0001f600",
        "\u00a0°£",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_JSON_PIECES, max_size=30).map("".join))
def test_escaping_json_bytes_gives_what_escaping_its_text_gives(text: str) -> None:
    document = orjson.dumps({"text": text, "list": [text, 1]}, option=orjson.OPT_INDENT_2)
    assert escape_json_bytes(document) == escape_json(document.decode()).encode()


def test_escaping_json_bytes_returns_a_clean_document_itself() -> None:
    clean = orjson.dumps({"sentence": "Mayadeen — “the capital” … 120 fighters"})
    assert escape_json_bytes(clean) is clean
