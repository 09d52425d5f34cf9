"""List the highlighter's wrong and missed tokens on the tuning half, by document and pattern."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

from annotations.detection import detect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detection import DEFAULT_SET, halves, load_scorer  # noqa: E402

__all__ = ["main"]

Token = tuple[str, int, int]
"""A scored token: its kind ("name" or "number"), start and end."""


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    """The token in brackets with `width` characters either side, on one line."""
    left = text[max(0, start - width) : start].replace("\n", "⏎")
    right = text[end : end + width].replace("\n", "⏎")
    return f"{left}[{text[start:end]}]{right}"


def _pattern(text: str, start: int, end: int) -> str:
    """The word before, the token lowercased and the word after: a key that groups errors."""
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    prev = before[-1].lower() if before else "^"
    nxt = after[0].lower().strip(".,;:") if after else "$"
    return f"{prev} _{text[start:end].lower()}_ {nxt}"


def errors(
    articles: Path, gold: list[dict[str, object]], files: list[str], scorer: object
) -> dict[str, dict[str, list[tuple[str, int, int]]]]:
    """False positives and negatives per kind: (file, start, end) of each token."""
    found: dict[str, dict[str, list[tuple[str, int, int]]]] = {
        kind: {"fp": [], "fn": []} for kind in ("name", "number")
    }
    by_file: dict[str, list[dict[str, object]]] = defaultdict(list)
    for g in gold:
        by_file[str(g["file"])].append(g)
    for name in files:
        text = (articles / name).read_text(encoding="utf-8")
        spans = detect(text)
        everything = [(int(g["start"]), int(g["end"])) for g in by_file[name]]  # type: ignore[call-overload]
        for kind, s, e in scorer.tokens(text):  # type: ignore[attr-defined]
            gold_kind = [
                (int(g["start"]), int(g["end"]))  # type: ignore[call-overload]
                for g in by_file[name]
                if g["kind"] == kind
            ]
            predicted = [(p.start, p.end) for p in spans if p.kind == kind]
            gpos = scorer.covers(gold_kind, s, e)  # type: ignore[attr-defined]
            ppos = scorer.covers(predicted, s, e)  # type: ignore[attr-defined]
            if ppos and not (gpos or scorer.covers(everything, s, e)):  # type: ignore[attr-defined]
                found[kind]["fp"].append((name, s, e))
            if gpos and not ppos:
                found[kind]["fn"].append((name, s, e))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=Path, default=DEFAULT_SET / "articles")
    parser.add_argument("--gold", type=Path, default=DEFAULT_SET / "gold.jsonl")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SET.parent / "score_detection.py")
    parser.add_argument("--part", choices=("tuning", "check", "all"), default="tuning",
                        help="which half to list (tune on the tuning half only)")
    parser.add_argument("--kind", choices=("name", "number"), default=None)
    parser.add_argument("--top", type=int, default=25, help="patterns to show per list")
    args = parser.parse_args(argv)

    scorer = load_scorer(args.scorer)
    gold = scorer.load(args.gold)
    files = halves(sorted(os.listdir(args.articles)))[args.part]
    texts = {name: (args.articles / name).read_text(encoding="utf-8") for name in files}
    found = errors(args.articles, gold, files, scorer)
    for kind, lists in found.items():
        if args.kind and kind != args.kind:
            continue
        for which, items in lists.items():
            title = "false positives" if which == "fp" else "false negatives"
            print(f"\n=== {kind}: {title} ({len(items)} tokens, {args.part} half) ===")
            per_file = Counter(f for f, _, _ in items)
            print("by document: " + ", ".join(f"{f[:8]}={n}" for f, n in per_file.most_common()))
            patterns: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
            for item in items:
                patterns[_pattern(texts[item[0]], item[1], item[2])].append(item)
            ranked = sorted(patterns.items(), key=lambda kv: -len(kv[1]))
            for key, hits in ranked[: args.top]:
                f, s, e = hits[0]
                print(f"{len(hits):3d}  {key:40s} {f[:8]}: {_context(texts[f], s, e)}")
            if len(ranked) > args.top:
                print(f"     ... {len(ranked) - args.top} more patterns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
