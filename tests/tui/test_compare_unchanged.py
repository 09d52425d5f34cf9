"""`newsdesk compare --json` stays byte for byte what it was: on the seeds, and on a small
made-up pair with pronoun, quotation, "according to" and sign-off sources, figures that agree
and clash, and names spelt two ways. Speed work must not change a single figure of it.

After an intended change of the comparison, write the new documents with
`python -m tests.tui.test_compare_unchanged` and look at the diff before committing it."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest

from seeds import seed_paths
from tui.cli import main

EXPECTED = Path(__file__).resolve().parent.parent / "fixtures" / "compare"

FIRST_REPORT = """\
Quake kills 212 in eastern province, officials say

KABUL (Reuters) - An earthquake of magnitude 6.1 struck the eastern province of Paktika early
on Wednesday, killing at least 212 people and injuring more than 600, the Afghan disaster
management ministry said.

"We have sent 14 helicopters and about 300 rescuers," Mohammad Nasim Haqqani, a ministry
spokesman, told Reuters. He added that the toll was likely to rise.

It said that 1,500 homes were destroyed in Gayan district. According to the World Health
Organization, 45 clinics were damaged across Paktika and Khost.

The United Nations said it was sending food and tents for 2,000 families. "We are racing
against time. Roads are cut," said Ramiz Alakbarov, the UN deputy special representative.

Pakistan's meteorological department put the quake's magnitude at 5.9, some 44 km southwest
of Khost.
"""

SECOND_REPORT = """\
Afghan earthquake: death toll climbs to 280

Khost, June 22 - At least 280 people were killed and 600 injured when a 5.9-magnitude quake
hit Paktika province on Wednesday, Afghanistan's disaster ministry said, while officials in
Khost reported 25 more dead.

Mohammed Nassim Haqqani, spokesman of the ministry, told AFP that 12 helicopters had been
sent. "The toll will rise," he said.

The WHO said 45 health facilities were damaged in Paktika and Khost provinces, and about
1,800 houses were destroyed, according to local officials.

UN deputy special representative Ramiz Alakbarov said food and shelter for 2,000 families
were on their way.

— Agencies
"""


def compare_json(files: list[str]) -> str:
    """What `newsdesk compare --json` prints for the files."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["compare", "--json", *files]) == 0
    return out.getvalue()


def made_up_pair(folder: Path) -> list[str]:
    paths = [folder / "quake-kills-212.txt", folder / "toll-climbs-to-280.txt"]
    for path, text in zip(paths, (FIRST_REPORT, SECOND_REPORT), strict=True):
        path.write_text(text, encoding="utf-8")
    return [str(p) for p in paths]


def written(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


def test_seeds_compare_as_before() -> None:
    assert compare_json([str(p) for p in seed_paths()]) == written("seeds.json")


def test_made_up_pair_compares_as_before(tmp_path: Path) -> None:
    assert compare_json(made_up_pair(tmp_path)) == written("made-up-pair.json")


@pytest.mark.parametrize("name", ["seeds.json", "made-up-pair.json"])
def test_expected_documents_are_not_trivial(name: str) -> None:
    import json

    document = json.loads(written(name))
    assert document["entities"] and document["figures"] and document["matches"]
    assert any(m["source"] for g in document["figures"] for m in g["mentions"])


if __name__ == "__main__":
    import tempfile

    EXPECTED.mkdir(parents=True, exist_ok=True)
    (EXPECTED / "seeds.json").write_text(
        compare_json([str(p) for p in seed_paths()]), encoding="utf-8"
    )
    with tempfile.TemporaryDirectory() as tmp:
        (EXPECTED / "made-up-pair.json").write_text(
            compare_json(made_up_pair(Path(tmp))), encoding="utf-8"
        )
    sys.exit(0)
