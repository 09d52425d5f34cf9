"""Hedge false positives on the dev corpora: "May" the month, and what the lexicon flags.

    python bench/hedges.py [--sample 40]

Runs detection and `find_hedges` over every article of re3d-dev, gum-news and ecb-dev and
prints hedges per kind, then the two known traps of the lexicon:

- capitalised "May": in these three corpora all 59 are the month (checked by hand: dates,
  datelines, "in May", "last May", "by the May 9 deadline"; no "Theresa May", no sentence-
  opening "May I"), so every one flagged is a false positive;
- lower-case "may": all 71 are the modal, about five of them of permission ("media may
  contact", "any federal agency may avail itself"), which the lexicon flags as hedges anyway.

The reference, run on the same text, is the same lexicon matched as bare words, case-folded,
with no look at names, dates or capitals: what a word list alone would flag. `--sample N`
prints N flagged hedges spread evenly over the corpora, with context, for reading by hand.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotations.detection import detect  # noqa: E402
from annotations.hedges import find_hedges  # noqa: E402

BENCH = REPO.parent / "shared" / "bench"
CORPORA = {
    "re3d-dev": "re3d-dev/articles/*.txt",
    "gum-news": "gum-news/articles/*.txt",
    "ecb-dev": "ecb-dev/topics/*/*.txt",
}
_MODAL = re.compile(r"\b[Mm]ay\b")
_BARE = re.compile(r"\b(?:may|might|could|reportedly|allegedly|apparently)\b", re.IGNORECASE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="print N flagged hedges")
    parser.add_argument("--offset", type=int, default=0, help="start the sample further on")
    args = parser.parse_args()
    kinds: Counter[str] = Counter()
    words = 0
    month_seen = month_flagged = modal_seen = modal_flagged = 0
    bare_month_flagged = 0
    flagged: list[str] = []
    for corpus, pattern in CORPORA.items():
        paths = sorted(BENCH.glob(pattern))
        if not paths:
            print(f"no articles for {corpus} under {BENCH}", file=sys.stderr)
            return 2
        for path in paths:
            text = path.read_text(encoding="utf-8")
            words += len(text.split())
            hedges = find_hedges(text, detect(text))
            at = {h.start for h in hedges}
            kinds.update(h.kind for h in hedges)
            for h in hedges:
                context = text[max(0, h.start - 40) : h.end + 30].replace("\n", " ")
                flagged.append(f"{corpus:<9} {h.kind:<9} {h.text!r:<22} …{context}…")
            for match in _MODAL.finditer(text):
                if match.group(0) == "May":
                    month_seen += 1
                    month_flagged += match.start() in at
                else:
                    modal_seen += 1
                    modal_flagged += match.start() in at
            bare_month_flagged += sum(1 for m in _BARE.finditer(text) if m.group(0) == "May")
    print(
        f"hedges over {sum(kinds.values())} flags in {words:,} words of re3d-dev, gum-news, ecb-dev"
    )
    for kind in ("reporting", "epistemic", "figure"):
        print(f"  {kind:<10} {kinds[kind]:>5}  ({kinds[kind] * 1000 / words:.2f} per 1,000 words)")
    print(
        f'"May" the month: {month_flagged} of {month_seen} flagged as hedges '
        f"(false positives); bare word list: {bare_month_flagged} of {month_seen}"
    )
    print(f'"may" the modal: {modal_flagged} of {modal_seen} flagged')
    if args.sample and flagged:
        step = max(1, len(flagged) // args.sample)
        for line in flagged[args.offset :: step][: args.sample]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
