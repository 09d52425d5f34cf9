"""Wrapping an article's paragraphs: the fast path (characters one cell each) breaks lines
where the word-by-word loop (`wrap_words`, the plain statement of the wrap) does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.article_lines import TextLines, split_paragraphs, wrap_paragraph, wrap_words

_PIECES = st.sampled_from(
    ["a", "bb", "ccc", "dddddddddd", "x" * 23, " ", "  ", "\t", "\x0b", "\x1c", " " * 9, "-", "."]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.integers(1, 30), st.text("ab ", max_size=5))
def test_ascii_lines_break_where_the_word_loop_breaks(body: str, width: int, before: str) -> None:
    text = before + "\n" + body + "\nafter"
    start, end = len(before) + 1, len(before) + 1 + len(body)
    fast = list(wrap_paragraph(text, start, end, width, ascii_only=True))
    assert fast == list(wrap_words(text, start, end, width, len))


_WIDE_PIECES = st.sampled_from(
    ["a", "bb", "x" * 23, " ", "  ", "\t", "—", "é", "’", "«", "漢字", "\u00a0", "\u200b", "\x1c"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WIDE_PIECES, max_size=40).map("".join), st.integers(1, 30))
def test_any_paragraph_breaks_where_the_word_loop_measuring_cells_breaks(
    body: str, width: int
) -> None:
    """Em dashes, accents and curly quotes take the fast path; wide characters, zero-width
    ones and other spaces the word loop, each as wide as the terminal draws it."""
    text = "before\n" + body
    start, end = len("before\n"), len(text)
    wrapped = list(wrap_paragraph(text, start, end, width, ascii_only=False))
    assert wrapped == list(wrap_words(text, start, end, width, cell_len))


def test_a_long_report_wraps_to_the_same_lines_either_way() -> None:
    words = ("Officials", "said", "80", "people", "were", "killed", "near", "the", "river,")
    text = (
        "\n".join(
            " ".join(words[(i + j) % len(words)] for j in range(7 + i % 40)) + "  " * (i % 3)
            for i in range(300)
        )
        + "\n"
        + "y" * 250
    )
    paragraphs = split_paragraphs(text)
    for width in (1, 7, 40, 96):
        lines = TextLines.wrap(text, paragraphs, width, ascii_only=True)
        expected = [
            line for start, end in paragraphs for line in wrap_words(text, start, end, width, len)
        ]
        assert list(zip(lines.starts, lines.ends, strict=True)) == expected
