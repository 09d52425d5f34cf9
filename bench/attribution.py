"""Attribution precision and recall per claim on a hand-written gold file.

    python bench/attribution.py [--gold tests/fixtures/attribution_gold.jsonl] [--misses]

The gold file lists, for the two seeds, eight ECB+ dev articles (the first article of 900-2,000
characters with a " said" in each of the first eight topics, by sorted path) and four GUM news
articles (the four shortest "GUM_news_" files, written after the rules and never tuned on), every
sentence that is attributed to someone, by its opening words, with the source as written, the
`key` a predicted source must contain to count, and `via` for "told AFP". A sentence it does
not list has no source. The unit is the claim (a sentence with a name or figure), as the desk
shows it: a predicted source is right if it contains the key (case-folded).

Figures are printed for the seeds (which the rules were written against), for each half of the
ECB+ articles (sorted by path: even-numbered and odd-numbered; the rules were revised after
reading their misses), for the held-out GUM articles, and without the agency sign-off fallback.
The reference, run on the same claims, is the capitalised run of words right before a "said" /
"told" / "according to" in the claim: what a reader's first regex would do.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotations.attribution import attribute, source_at  # noqa: E402
from annotations.claims import find_claims  # noqa: E402
from annotations.detection import detect  # noqa: E402

GOLD = REPO / "tests" / "fixtures" / "attribution_gold.jsonl"
BENCH = REPO.parent / "shared" / "bench"

_NAIVE = re.compile(
    r"((?:[A-Z][\w.'-]*\s+){0,4}[A-Z][\w.'-]*)\s+(?:said|says|told)\b"
    r"|(?:said|according\s+to)\s+((?:the\s+)?(?:[A-Z][\w.'-]*\s*){1,4})"
)


@dataclass
class Score:
    """Counts of one group of claims."""

    right: int = 0
    wrong: int = 0
    missed: int = 0
    via_right: int = 0
    via_total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, predicted: str | None, gold: dict[str, str] | None, where: str) -> None:
        key = gold["key"].casefold() if gold else None
        ok = predicted is not None and key is not None and key in predicted.casefold()
        if ok:
            self.right += 1
        else:
            if predicted is not None:
                self.wrong += 1
            if gold is not None:
                self.missed += 1
            if predicted is not None or gold is not None:
                want = gold["source"] if gold else None
                self.misses.append(f"{where}: predicted {predicted!r}, gold {want!r}")

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.right / (self.right + self.missed) if self.right + self.missed else 1.0


def _path(name: str) -> Path:
    return REPO / name if name.startswith("seeds/") else BENCH / name


def _naive(sentence: str) -> str | None:
    match = _NAIVE.search(sentence)
    if match is None:
        return None
    return (match.group(1) or match.group(2) or "").strip() or None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed claim")
    args = parser.parse_args()
    gold_rows = [json.loads(line) for line in args.gold.read_text().splitlines() if line]
    files = sorted({row["file"] for row in gold_rows})
    dev = [f for f in files if f.startswith("ecb-dev/")]
    groups = {
        f: "seeds"
        if f.startswith("seeds/")
        else f"dev half {dev.index(f) % 2 + 1}"
        if f in dev
        else "held out"
        for f in files
    }
    scores: dict[str, Score] = {}
    naive: dict[str, Score] = {}
    explicit = Score()
    unplaced = 0
    for name in files:
        text = _path(name).read_text(encoding="utf-8")
        spans = detect(text)
        claims = find_claims(name, text, spans)
        attributions = attribute(text, spans)
        gold_at: list[tuple[int, dict[str, str]]] = []
        for row in (r for r in gold_rows if r["file"] == name):
            at = text.find(row["sentence"])
            if at < 0:
                print(f"gold sentence not found in {name}: {row['sentence']!r}", file=sys.stderr)
                return 2
            gold_at.append((at, row))
        placed = 0
        for claim in claims:
            gold = next((r for at, r in gold_at if claim.start <= at < claim.end), None)
            placed += gold is not None
            source = source_at(attributions, claim.start, claim.end)
            where = f"{name} @{claim.start} {claim.text[:50]!r}"
            for table, group in ((scores, groups[name]), (scores, "all")):
                table.setdefault(group, Score()).add(source.text if source else None, gold, where)
            if gold is not None and gold.get("via"):
                score = scores["all"]
                score.via_total += 1
                score.via_right += bool(source and source.via == gold["via"])
            if source is None or source.cue != "sign-off":
                explicit_gold = gold if gold is None or gold["key"] != "Agencies" else None
                explicit.add(source.text if source else None, explicit_gold, where)
            for table, group in ((naive, groups[name]), (naive, "all")):
                table.setdefault(group, Score()).add(_naive(claim.text), gold, where)
        unplaced += len(gold_at) - placed
    print(
        f"attribution on {len(files)} articles ({len(dev)} ECB+ dev, "
        f"{len(files) - len(dev) - 2} held out), {len(gold_rows)} gold sources"
    )
    print(f"{'claims':<14} {'newsdesk P / R':>16} {'regex reference P / R':>24}")
    for group in ["seeds", "dev half 1", "dev half 2", "held out", "all"]:
        s, n = scores[group], naive[group]
        print(
            f"{group:<14} {s.precision:>7.3f} / {s.recall:.3f} "
            f"{n.precision:>14.3f} / {n.recall:.3f}   "
            f"({s.right} right, {s.wrong} wrong, {s.missed} missed)"
        )
    print(
        f"{'no sign-off':<14} {explicit.precision:>7.3f} / {explicit.recall:.3f}   "
        "(explicit attributions only: the agency fallback left out of both sides)"
    )
    total = scores["all"]
    print(f"via ('told AFP'): {total.via_right} of {total.via_total} right")
    if unplaced:
        print(f"{unplaced} gold sentence(s) are not claims (no name or figure) and are not scored")
    ok = total.precision >= 0.9 and total.recall >= 0.8
    print(f"bar: precision >= 0.9 and recall >= 0.8: {'PASS' if ok else 'FAIL'}")
    if args.misses:
        for line in total.misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
