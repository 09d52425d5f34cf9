"""Safe display text: characters that could steer the terminal replaced one for one."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "PLACEHOLDER",
    "TERMINAL_SEQUENCE",
    "blank_sequences",
    "clipped_line",
    "has_sequences",
    "without_sequences",
    "escape_json",
    "escape_json_bytes",
    "printable",
    "single_line",
]

PLACEHOLDER = "\ufffd"
"""Stands in for every unsafe character that has no control picture (one cell wide)."""

# What is replaced, and why (every replacement is one character, so offsets never move):
# - C0 controls (ESC starts CSI/OSC sequences, CR and BS move the cursor, BEL rings) become
#   their control pictures U+2400+code ("␛", "␀", "␍"): one cell wide and say what was there.
#   "\n" is kept (it is the paragraph break); "\t" becomes one space so widths stay predictable.
# - DEL becomes "␡"; C1 controls U+0080-U+009F (U+009B is an 8-bit CSI) become PLACEHOLDER.
# - Format characters (category Cf) that reorder or hide text become PLACEHOLDER: bidi marks,
#   embeddings, overrides and isolates, zero-width space, word joiner, BOM, invisible operators,
#   interlinear annotations, Arabic/Syriac/Kaithi prepended marks, and tag characters.
# - Line and paragraph separators U+2028/U+2029 and lone surrogates (which cannot be written to
#   a UTF-8 terminal at all) become PLACEHOLDER.
# Kept on purpose: ZWNJ U+200C and ZWJ U+200D (Persian and Indic shaping, emoji sequences),
# variation selectors and combining marks (not format characters), the soft hyphen U+00AD
# (common in web copy, one cell wide, harmless), and tag characters inside a well-formed
# subdivision flag (U+1F3F4, tags, U+E007F) so the Scottish or Welsh flag stays a flag.
_CF_UNSAFE_BMP = (
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
_CF_UNSAFE_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE_BMP = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff" + _CF_UNSAFE_BMP
_UNSAFE_CLASS = "[" + _UNSAFE_BMP + _CF_UNSAFE_ASTRAL + "]"

# A regex class listing many astral ranges is matched range by range, several times slower
# than its BMP part (a lookup table); so the search uses two covering astral ranges instead,
# and translate, which is exact, decides. A hit on a harmless character there only costs time.
_UNSAFE = re.compile("[" + _UNSAFE_BMP + "\U000110bd-\U0001d17a\U000e0001-\U000e007f]")
_UNSAFE_ASCII = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


TERMINAL_SEQUENCE = (
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[@-Z\\-_]"
)
"""A terminal escape sequence smuggled into text, 7-bit or 8-bit (C1): an OSC (a title, a
link) to its terminator, a CSI (colours, cursor moves) with its parameters and final byte, or
a two-character escape. `printable` makes its introducer harmless; what follows it is plain
text on screen, but it is no word of the article: no name, figure or source starts in it."""

_SEQUENCE = re.compile(TERMINAL_SEQUENCE)


def blank_sequences(text: str) -> str:
    """`text` with every terminal escape sequence replaced by as many spaces (so offsets into
    it stay valid): what readers of words see in its place."""
    if not has_sequences(text):
        return text  # (a search or three for one character, not a class tried everywhere)
    return _SEQUENCE.sub(lambda found: " " * len(found.group()), text)


def has_sequences(text: str) -> bool:
    """Whether `text` may hold a terminal escape sequence (it has an introducer)."""
    # A search for one character is a memchr, fifty times faster than a class's regex: it
    # is paid on every text detected. The 8-bit introducers only where the text is not all
    # ASCII (which Python knows without a scan).
    return "\x1b" in text or (not text.isascii() and ("\x9b" in text or "\x9d" in text))


def without_sequences(text: str) -> tuple[str, list[int]]:
    """`text` with every terminal escape sequence taken out, as if it were not there (neither a
    space nor a break: "ESC[1;31mInterior Ministry" reads "Interior Ministry", "to ESC[0mReuters"
    reads "to Reuters"), and where each character left came from: `text[kept[i]]` is the
    result's character `i`, and `kept` ends with `len(text)`."""
    kept: list[int] = []
    pieces: list[str] = []
    done = 0
    for found in _SEQUENCE.finditer(text):
        pieces.append(text[done : found.start()])
        kept.extend(range(done, found.start()))
        done = found.end()
    pieces.append(text[done:])
    kept.extend(range(done, len(text) + 1))
    return "".join(pieces), kept


def _picture(code: int) -> str:
    """The one-cell stand-in for the unsafe character `code`."""
    if code == 0x09:
        return " "
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return PLACEHOLDER


def _unsafe_codes() -> list[int]:
    """Every code point the unsafe class matches, expanded from its ranges."""
    codes: list[int] = []
    body = _UNSAFE_CLASS[1:-1]
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            codes.extend(range(ord(body[i]), ord(body[i + 2]) + 1))
            i += 3
        else:
            codes.append(ord(body[i]))
            i += 1
    return codes


_TABLE: dict[int, str] = {code: _picture(code) for code in _unsafe_codes()}
_ASCII_TABLE: dict[int, str] = {code: _picture(code) for code in _TABLE if code < 0x80}


def printable(text: str) -> str:
    """Return `text` with every control, bidi or hidden format character replaced one for one.

    The result has exactly the length of `text`, so offsets into it stay valid.
    """
    # Searching first keeps clean text (the usual case) to one C-level scan and no copy;
    # str.translate then costs the same however many characters need replacing.
    if text.isascii():
        if _UNSAFE_ASCII.search(text) is None:
            return text
        return text.translate(_ASCII_TABLE)
    if _UNSAFE.search(text) is None:
        return text
    safe = text.translate(_TABLE)
    if "\U0001f3f4" not in text:
        return safe
    pieces: list[str] = []
    done = 0
    for flag in _FLAG.finditer(text):
        pieces.append(safe[done : flag.start()])
        pieces.append(flag.group())
        done = flag.end()
    pieces.append(safe[done:])
    return "".join(pieces)


def single_line(text: str) -> str:
    """Return `printable(text)` with line breaks as spaces, for titles and file names."""
    return printable(text).replace("\n", " ")


def _cells(char: str) -> int:
    """The terminal cells `char` takes: 2 for wide and full-width, 0 for combining marks and
    zero-width joiners, else 1 (what the terminal's wcwidth gives, near enough to bound)."""
    if char.isascii():
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def clipped_line(text: str, cells: int) -> str:
    """`single_line(text)` cut to at most `cells` terminal cells, "…" ending a cut one: for a
    name shown beside other things (an analyst's), which must never push them out of sight."""
    line = single_line(text)
    if len(line) <= cells and line.isascii():
        return line
    used = 0
    for index, char in enumerate(line):
        width = _cells(char)
        if used + width > cells - 1:
            # No room for this character and the "…": the line is cut here, unless all
            # that is left fits where the "…" would go.
            if used + sum(_cells(c) for c in line[index:]) <= cells:
                return line
            return line[:index] + "…"
        used += width
    return line


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def escape_json(document: str) -> str:
    """Return JSON text with every character `printable` would replace written as a `\\uXXXX`
    escape: the same data for a JSON reader, nothing that steers the terminal it is shown on.

    JSON's structure is ASCII, so such characters can only sit inside strings, where the
    escape means the same character (a lone surrogate included, which a UTF-8 stream could
    not carry at all).
    """
    if document.isascii() and _UNSAFE_ASCII.search(document) is None:
        return document
    return _UNSAFE.sub(_json_escape, document)



# Every ASCII byte `_UNSAFE` leaves alone (all but the controls and DEL): deleted from a UTF-8
# document with one C-level pass, they leave its other characters whole (ASCII bytes never sit
# inside a longer character's bytes), a small remainder to search instead of all of it.
_SAFE_ASCII_BYTES = bytes(code for code in range(0x80) if not _UNSAFE_ASCII.match(chr(code)))


def escape_json_bytes(document: bytes) -> bytes:
    """`escape_json` of UTF-8 JSON text, as UTF-8: the bytes `escape_json(document.decode())
    .encode()` gives, without decoding and searching the whole of a document that needs
    nothing escaped (the usual case): only its characters that are not plain ASCII are."""
    rest = document.translate(None, _SAFE_ASCII_BYTES)
    if not rest or _UNSAFE.search(rest.decode()) is None:
        return document
    return escape_json(document.decode()).encode()
