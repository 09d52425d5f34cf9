"""Sign-offs and repeated headlines are page furniture, not claims; look-alikes stay claims."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.claims import _SIGN_OFF, find_claims
from annotations.detection import detect
from tests.counting import SlicesCounted


def claims_of(text: str) -> list[str]:
    return [claim.text for claim in find_claims("a", text, detect(text))]


def test_a_sign_off_after_the_last_sentence_is_not_a_claim() -> None:
    for sign_off in ("— Agencies", "– AFP/Reuters", "-- Reuters", "— Agencies, AFP"):
        text = f"Strikes killed 40 people in Mosul on Friday, officials said. {sign_off}\n"
        assert claims_of(text) == [
            "Strikes killed 40 people in Mosul on Friday, officials said."
        ], sign_off
        # Alone on the last line, too.
        text = f"Strikes killed 40 people in Mosul on Friday, officials said.\n\n{sign_off}\n"
        assert len(claims_of(text)) == 1, sign_off


def test_a_dash_before_a_figure_or_a_list_item_mid_text_stays_a_claim() -> None:
    text = "Casualties by town:\n- Mosul\n- Raqqa\nThe toll rose to 40 — 12 of them children.\n"
    found = claims_of(text)
    # (Whether "Raqqa" is a name is the detector's business; a detected list item stays.)
    assert "- Mosul" in found
    assert any("12 of them children" in claim for claim in found)


def test_a_headline_repeated_above_the_text_is_one_claim() -> None:
    text = (
        "Russian strikes kill 120 Daesh militants\n"
        "08 October 2017\n"
        "Russian strikes kill 120 Daesh militants\n\n"
        "It said that its strikes killed 120 fighters.\n"
        "It said that its strikes killed 120 fighters.\n"
    )
    found = claims_of(text)
    assert found.count("Russian strikes kill 120 Daesh militants") == 1
    # A sentence the article repeats is still each time a claim: only headlines fold.
    assert found.count("It said that its strikes killed 120 fighters.") == 2


def test_telling_list_lines_from_a_sign_off_reads_each_line_not_the_rest_of_the_text() -> None:
    # Each "- Name" line alone on its line could be an agency's sign-off were nothing after
    # it: asking so once copied the rest of the text for every line, quadratic in the list.
    def copied(lines: int) -> int:
        text = "Strikes were reported.\n" + "- John Smith\n" * lines + "The agency said so.\n"
        spans = detect(text)
        SlicesCounted.copied = 0
        claims = find_claims("a", SlicesCounted(text), spans)
        assert len(claims) == lines  # every list line is a claim, the last one too
        return SlicesCounted.copied

    small, large = copied(500), copied(2_000)
    assert large <= 4.5 * small, (small, large)  # four times the lines; quadratic is sixteen


_SIGN_OFF_CUT_EVERY_WAY = re.compile(r"[\u2014\u2013-]{1,2}\s*(?:[A-Z][\w.&'\u2019-]*[\s,/]*){1,4}")
"""The sign-off pattern as it was: its words could be cut apart anywhere."""


@given(
    st.lists(
        st.sampled_from(["A", "B", "a", "-", "\u2014", " ", ",", "/", ".", "&", "'", ";", "1"]),
        max_size=12,
    ).map("".join)
)
@settings(max_examples=2_000, deadline=None)
def test_the_sign_off_pattern_matches_the_lines_it_always_did(line: str) -> None:
    assert bool(_SIGN_OFF.fullmatch(line)) == bool(_SIGN_OFF_CUT_EVERY_WAY.fullmatch(line))


def test_a_dash_before_a_long_capitalised_token_is_read_at_once() -> None:
    # "- AAAA…;" once took time growing with the fourth power of the token (320 letters:
    # 14 s) while every way of cutting it into four words was tried. Run apart, so that a
    # return of that fault fails here rather than stalling the whole run.
    line = "- " + "A" * 4_000 + ";"
    code = (
        "from annotations.claims import find_claims\n"
        "from annotations.detection import detect\n"
        f"text = 'Fighters advanced on Mayadeen.\\n\\n{line}\\n'\n"
        "print(len(find_claims('a', text, detect(text))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "2"
