"""Measure claim matching against ECB+ event coreference: P, R@1, F1, reliability and time.

Runs the real `newsdesk compare --json` on each dev topic (its two sub-topics together, so
the matcher meets a different event of the same kind), scores it with the shared scorer,
and prints the pooled table with the scorer's baselines, the tuning and check halves, each
sub-topic kind, and a reliability table: of the matches scored 0.7-0.8, how many are right.

Every dev topic number is odd (ECB+ dev half), so the fixed split is by position: topics
numbered 4k+1 (1, 5, 9, ...) are the tuning half, 4k+3 (3, 7, 11, ...) the check half.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detection import load_scorer  # noqa: E402  (the shared scorers load the same way)

__all__ = ["load_scorer", "main"]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SET = REPO.parent / "shared" / "bench" / "ecb-dev"
SCORER = REPO.parent / "shared" / "bench" / "score_matches.py"
BAR = {"f1": 0.80, "precision": 0.92, "calibration": 0.10, "bin_min": 20}


def topics(root: Path) -> dict[int, list[Path]]:
    """Topic number -> its sub-topic folders (ecb, ecbplus)."""
    found: dict[int, list[Path]] = {}
    for folder in sorted((root / "topics").iterdir()):
        number = re.match(r"(\d+)_", folder.name)
        if folder.is_dir() and number and (folder / "events.jsonl").is_file():
            found.setdefault(int(number.group(1)), []).append(folder)
    return dict(sorted(found.items()))


def half_of(topic: int) -> str:
    """The fixed split: 4k+1 tunes, 4k+3 checks."""
    return "tuning" if topic % 4 == 1 else "check"


def newsdesk() -> str:
    exe = Path(sys.executable).with_name("newsdesk")
    return str(exe) if exe.exists() else "newsdesk"


def run_compare(folders: list[Path], out: Path) -> float:
    """`newsdesk compare --json` over the folders' articles; seconds from launch to exit."""
    files = [str(p) for folder in folders for p in sorted(folder.glob("*.txt"))]
    began = time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        done = subprocess.run([newsdesk(), "compare", "--json", *files], stdout=sink, check=False)
    took = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"newsdesk compare failed on {folders[0].name}: exit {done.returncode}")
    return took


def reliability(records: list[dict[str, Any]], width: float = 0.1) -> list[dict[str, Any]]:
    """Judged matches binned by score: mean score against the share that is right."""
    bins: dict[int, list[tuple[float, bool]]] = {}
    for record in records:
        for score, status in record["systems"]["newsdesk"]["raw"]["matches"]:
            if status in ("c", "w") and score is not None:
                n = min(int(score / width), int(1 / width) - 1)
                bins.setdefault(n, []).append((score, status == "c"))
    rows = []
    for n in sorted(bins):
        found = bins[n]
        mean = sum(s for s, _ in found) / len(found)
        right = sum(1 for _, ok in found if ok) / len(found)
        rows.append(
            {
                "low": n * width,
                "high": (n + 1) * width,
                "matches": len(found),
                "mean_score": mean,
                "precision": right,
                "gap": abs(mean - right),
            }
        )
    return rows


def print_reliability(rows: list[dict[str, Any]]) -> bool:
    print(f"{'score':<10} {'matches':>8} {'mean score':>11} {'right':>7} {'gap':>6}")
    ok = True
    for row in rows:
        counted = row["matches"] >= BAR["bin_min"]
        miss = counted and row["gap"] > BAR["calibration"]
        ok = ok and not miss
        note = "" if counted else "  (under 20: not held to the bar)"
        print(
            f"{row['low']:.1f}-{row['high']:.1f}   {row['matches']:>8} {row['mean_score']:>11.3f} "
            f"{row['precision']:>7.3f} {row['gap']:>6.3f}{'  MISS' if miss else ''}{note}"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_SET, help="the ecb-dev folder")
    parser.add_argument("--scorer", type=Path, default=SCORER, help="score_matches.py")
    parser.add_argument("--topics", type=int, nargs="*", help="only these topic numbers")
    parser.add_argument("--errors", type=int, default=0, help="wrong matches to list per topic")
    parser.add_argument("--json", type=Path, help="also write the scorer's records here")
    parser.add_argument("--quick", action="store_true", help="skip the per sub-topic tables")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.scorer)

    records: list[dict[str, Any]] = []
    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for topic, folders in topics(args.data).items():
            if args.topics and topic not in args.topics:
                continue
            pred = Path(tmp) / f"{topic}.json"
            seconds[topic] = run_compare(folders, pred)
            for label in ("all", half_of(topic)):
                records.append(scorer.score_topic(folders, pred, 20, args.errors, label))
            for folder in folders if not args.quick else ():
                kind = folder.name.split("_", 1)[1]
                records.append(scorer.score_topic([folder], pred, 0, 0, f"sub:{kind}"))
            pooled = next(
                r for r in records if r["label"] == "all" and r["topic"].startswith(f"{topic}_")
            )
            for e in pooled["errors"][: args.errors]:
                print(f"{topic} {e['score']:.3f} {e['claim'][:90]!r}")
                print(f"      -> {e['match'][:90]!r}")
                print(f"      {e['claim_events']} | {e['match_events']} {e['shared']}")
    if args.json:
        args.json.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")

    summary = scorer.micro(records)
    print("Claim matches on ECB+ dev, each topic's two sub-topics pooled in one compare\n")
    print(scorer.table({k: summary[k] for k in ("all", "tuning", "check") if k in summary}))
    subs = {k: v for k, v in summary.items() if k.startswith("sub:")}
    if subs:
        print("\nPer sub-topic kind (matches into the other sub-topic are unjudged here):\n")
        print(scorer.table(subs))
    print("\nReliability, all topics pooled (judged matches by score):\n")
    calibrated = print_reliability(reliability([r for r in records if r["label"] == "all"]))
    pooled = summary.get("all", {}).get("systems", {})
    mine, jaccard = pooled.get("newsdesk", {}), pooled.get("jaccard", {})
    f1, precision = mine.get("f1") or 0.0, mine.get("precision") or 0.0
    total = sum(seconds.values())
    print(
        f"\nTime: {total:.1f} s for {len(seconds)} compares from launch "
        f"(median {sorted(seconds.values())[len(seconds) // 2]:.2f} s a topic)"
    )
    verdicts = {
        f"F1 {f1:.3f} >= {BAR['f1']}": f1 >= BAR["f1"],
        f"P {precision:.3f} >= {BAR['precision']}": precision >= BAR["precision"],
        f"F1 above Jaccard's {jaccard.get('f1') or 0:.3f}": f1 > (jaccard.get("f1") or 0.0),
        f"every bin of >= {BAR['bin_min']} matches within {BAR['calibration']}": calibrated,
    }
    for text, ok in verdicts.items():
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
