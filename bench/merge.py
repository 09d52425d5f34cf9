"""Benchmark: `newsdesk merge` and `newsdesk agreement` from process launch, against a plain script.

Two analysts' desks of N tagged claims each (the same N claims, every tenth judged
differently, each with a short history), at three sizes. The real commands are launched as a
user would and timed until they exit. Beside them, in the same run, a plain Python script
reads both desk files, joins the tags by claim, concatenates their histories and writes the
result: the least any merge has to do, with none of the checks.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import orjson
from common import run_seconds, verdict

from annotations.claim_history import ClaimChange
from annotations.store import SCHEMA, ClaimStatus, Tag

NEWSDESK = Path(sys.executable).with_name("newsdesk")

PLAIN_SCRIPT = r"""
import json, sys
merged = {}
for path in sys.argv[1:-1]:
    with open(path, encoding="utf-8") as f:
        desk = json.load(f)
    for t in desk["tags"].values():
        key = (t["article_id"], t["start"], t["end"])
        if key in merged:
            merged[key]["history"] = merged[key]["history"] + t["history"]
        else:
            merged[key] = t
with open(sys.argv[-1], "w", encoding="utf-8") as out:
    json.dump({"tags": {str(i): t for i, t in enumerate(merged.values(), 1)}}, out)
"""


def analyst_desk(path: Path, analyst: str, count: int, *, contrary: bool) -> None:
    """A desk of `count` tagged claims on four articles (files not at hand)."""
    tags = {}
    for i in range(count):
        status = ClaimStatus.DISPUTED if contrary and i % 10 == 0 else ClaimStatus.CONFIRMED
        at = f"2026-01-01T00:{(i // 60) % 60:02d}:{i % 60:02d}Z"
        history = (
            ClaimChange(analyst, at, "status", "untagged", status.value),
            ClaimChange(analyst, at, "note", "", f"checked {i}"),
        )
        tag = Tag(
            f"{analyst[:1]}{i:011x}",
            f"article-{i % 4}",
            i * 100,
            i * 100 + 80,
            f"Claim number {i} says that 120 fighters were killed near Mayadeen.",
            "",
            "",
            status,
            f"checked {i}",
            analyst,
            at,
            history=history,
        )
        tags[str(i + 1)] = tag.to_doc()
    articles = {
        str(n + 1): {"id": f"article-{n}", "title": f"Report {n}", "path": f"/gone/{n}.txt"}
        for n in range(4)
    }
    path.write_bytes(
        orjson.dumps({"meta": {"1": {"schema": SCHEMA}}, "tags": tags, "articles": articles})
    )


def _median_seconds(command: list[str], runs: int) -> float:
    return statistics.median(run_seconds(command) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="launches per figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        plain = folder / "plain.py"
        plain.write_text(PLAIN_SCRIPT, encoding="utf-8")
        print("two desks of N tagged claims each, the same claims (seconds from launch)")
        print(f"{'N':>8} {'merge':>7} {'plain':>7} {'ratio':>6} {'agreement':>10}")
        rows = []
        for count in (1_000, 10_000, 100_000):
            a, b = folder / f"a-{count}.json", folder / f"b-{count}.json"
            analyst_desk(a, "checker", count, contrary=False)
            analyst_desk(b, "reviewer", count, contrary=True)
            team, out = folder / f"team-{count}.json", folder / "plain-out.json"
            merge = [str(NEWSDESK), "merge", str(a), str(b), "-o", str(team)]
            ours = _median_seconds(merge, args.runs)
            theirs = _median_seconds([sys.executable, str(plain), str(a), str(b), str(out)], 1)
            agree = _median_seconds([str(NEWSDESK), "agreement", str(a), str(b)], args.runs)
            rows.append((count, ours, theirs, agree))
            print(f"{count:>8} {ours:>7.2f} {theirs:>7.2f} {ours / theirs:>6.2f} {agree:>10.2f}")
        growth = rows[-1][1] / rows[1][1]
        print(
            f"merge growth 10k -> 100k (10x the tags): {growth:.2f}x  (linear: <= 11)"
            f"  {verdict(growth, 11.0)}"
        )


if __name__ == "__main__":
    main()
