"""Measure cross-article entity grouping against the ECB+ dev half, with the shared scorer."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from annotations.articles import load_article
from annotations.compare import compare_articles

sys.path.insert(0, str(Path(__file__).resolve().parent))
from detection import load_scorer  # noqa: E402  (the shared scorers load one way)

__all__ = ["main"]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SET = REPO.parent / "shared" / "bench" / "ecb-dev"
SYSTEMS = ("newsdesk", "exact", "singleton")
BAR = {"mention_recall": 0.97, "b3_f1": 0.88, "pair_f1": 0.85, "pair_p": 0.95}


def topic_number(sub_topic: Path) -> int:
    """The ECB+ topic a sub-topic folder belongs to: 13 for 13_ecb and 13_ecbplus."""
    found = re.match(r"\d+", sub_topic.name)
    return int(found.group()) if found else 0


def halves(sub_topics: list[Path]) -> dict[str, list[Path]]:
    """The fixed split by topic, both sub-topics of a topic on one side.

    The dev topics are ECB+'s odd-numbered ones (1, 3, 5, ...); in that order the 1st, 3rd,
    5th ... topic (1, 5, 9, ...) is the tuned half, the 2nd, 4th ... (3, 7, 11, ...) is not.
    """
    numbers = sorted({topic_number(s) for s in sub_topics})
    tuned = set(numbers[0::2])
    return {
        "tuned (1st, 3rd ... topic)": [s for s in sub_topics if topic_number(s) in tuned],
        "untuned (2nd, 4th ... topic)": [s for s in sub_topics if topic_number(s) not in tuned],
        "all": sub_topics,
    }


def predict_in_process(files: list[Path]) -> dict[str, Any]:
    """`newsdesk compare --json` computed by the same domain function, without a process."""
    articles = [load_article(path) for path in files]
    names = {article.id: Path(article.path or article.id).name for article in articles}
    return compare_articles(articles).to_json(lambda article_id: names.get(article_id, article_id))


def predict_by_command(files: list[Path]) -> dict[str, Any]:
    """The real `newsdesk compare --json` on the files."""
    command = [str(Path(sys.executable).with_name("newsdesk")), "compare", "--json"]
    done = subprocess.run([*command, *map(str, files)], capture_output=True, text=True, check=True)
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def score_sub_topics(
    scorer: ModuleType, sub_topics: list[Path], *, by_command: bool, errors: int
) -> tuple[dict[str, dict[str, Any]], float]:
    """Score every sub-topic; return its scorer result by name and the seconds compare took."""
    results: dict[str, dict[str, Any]] = {}
    spent = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for sub_topic in sub_topics:
            files = sorted(sub_topic.glob("*.txt"))
            began = time.perf_counter()
            document = (predict_by_command if by_command else predict_in_process)(files)
            spent += time.perf_counter() - began
            pred = Path(folder) / f"{sub_topic.name}.json"
            pred.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
            results[sub_topic.name] = scorer.score(sub_topic, pred, errors)
            results[sub_topic.name]["people"] = person_typing(scorer, sub_topic, pred)
    return results, spent


def person_typing(scorer: ModuleType, sub_topic: Path, pred_path: Path) -> Counter[str]:
    """How people are typed: gold person mentions whose entity is labelled person, and the
    gold mentions inside person-labelled entities that are people."""
    gold = scorer.load_gold(sub_topic)
    pred, _ = scorer.load_pred(pred_path)
    found: Counter[str] = Counter()
    for g, at in zip(gold, scorer.align(gold, pred), strict=True):
        if at is None:
            continue
        is_person, said_person = g.get("type") == "HUMAN_PART_PER", pred[at]["label"] == "person"
        found["gold_people"] += is_person
        found["typed_people"] += said_person
        found["both"] += is_person and said_person
    return found


def print_half(scorer: ModuleType, title: str, results: list[dict[str, Any]]) -> dict[str, Any]:
    """Print one half's micro-averaged table; return its newsdesk figures."""
    summary = scorer.micro(results)
    print(
        f"\n{title}: {len(results)} sub-topics, {summary['totals']['gold_mentions']} gold mentions"
    )
    print(
        f"{'system':<10} {'ment.R':>7} {'B3 P':>7} {'B3 R':>7} {'B3 F1':>7} "
        f"{'xdoc P':>7} {'xdoc R':>7} {'xdoc F1':>7}"
    )
    for system in SYSTEMS:
        f = summary["systems"][system]
        print(
            f"{system:<10} {f['mention_recall']:7.3f} {f['b3_p']:7.3f} {f['b3_r']:7.3f} "
            f"{f['b3_f1']:7.3f} {f['pair_p']:7.3f} {f['pair_r']:7.3f} {f['pair_f1']:7.3f}"
        )
    people: Counter[str] = Counter()
    for result in results:
        people.update(result["people"])
    print(
        f"people typed as people: recall {people['both'] / max(1, people['gold_people']):.3f} "
        f"precision {people['both'] / max(1, people['typed_people']):.3f} "
        f"(of {people['gold_people']} gold person mentions found)"
    )
    figures: dict[str, Any] = summary["systems"]["newsdesk"]
    return figures


def verdict(figures: dict[str, Any]) -> str:
    """PASS or FAIL against the acceptance bars, naming the misses."""
    misses = [
        f"{name} {figures[name]:.3f} < {bar}" for name, bar in BAR.items() if figures[name] < bar
    ]
    return "PASS" if not misses else "FAIL (" + "; ".join(misses) + ")"


def print_errors(results: dict[str, dict[str, Any]], count: int) -> None:
    """The worst wrong merges and missed links over all the sub-topics scored."""
    merges = [
        (name, m) for name, r in results.items() for m in r.get("errors", {}).get("merges", [])
    ]
    splits = [
        (name, s) for name, r in results.items() for s in r.get("errors", {}).get("splits", [])
    ]
    merges.sort(key=lambda item: -item[1]["wrong_cross_pairs"])
    splits.sort(key=lambda item: -item[1]["missed_cross_pairs"])
    print(
        f"\nworst wrong merges (of {sum(m['wrong_cross_pairs'] for _, m in merges)} wrong pairs):"
    )
    for name, m in merges[:count]:
        parts = " | ".join(json.dumps(c["texts"], ensure_ascii=False) for c in m["gold_clusters"])
        print(f"  {name:<12} {m['wrong_cross_pairs']:5}  {m['entity']} [{m['label']}]: {parts}")
    print(
        f"\nworst missed links (of {sum(s['missed_cross_pairs'] for _, s in splits)} missed pairs):"
    )
    for name, s in splits[:count]:
        parts = " | ".join(
            f"{g['entity']}: {json.dumps(g['texts'], ensure_ascii=False)}" for g in s["groups"]
        )
        print(f"  {name:<12} {s['missed_cross_pairs']:5}  {parts}")


GROUPING_AIM = 0.2
"""Seconds the grouping of two 1 MB articles' names should take at most."""


def _grouping_seconds(mentions: list[Any], texts: dict[str, str]) -> tuple[float, float]:
    """Median of three groupings: wall-clock and processor seconds."""
    from annotations.compare import group_entities

    walls, cpus = [], []
    for _ in range(3):
        began, began_cpu = time.perf_counter(), time.process_time()
        group_entities(mentions, texts=texts)
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
    return statistics.median(walls), statistics.median(cpus)


def _identical_seconds(mentions: list[Any]) -> float:
    """The floor: the same mentions grouped by their exact text, one dictionary look-up each."""
    began = time.perf_counter()
    identical: dict[str, list[Any]] = {}
    for mention in mentions:
        identical.setdefault(mention.text.casefold(), []).append(mention)
    return time.perf_counter() - began


def _growth_table(title: str, cases: list[tuple[str, dict[str, str]]]) -> list[float]:
    """Group the names of each case's articles; print a row per case and the growth."""
    from annotations.compare import Mention
    from annotations.detection import detect

    print(f"\n{title}")
    print(
        f"{'articles':>20} {'mentions':>9} {'grouping':>9} {'cpu':>7} {'identical':>10}"
        f" {'us/mention':>10}"
    )
    rows = []
    for name, texts in cases:
        mentions = [
            Mention.of(article_id, span)
            for article_id, text in texts.items()
            for span in detect(text)
            if span.kind == "name"
        ]
        wall, cpu = _grouping_seconds(mentions, texts)
        floor = _identical_seconds(mentions)
        rows.append((len(mentions), wall, cpu))
        print(
            f"{name:>20} {len(mentions):>9} {wall:>8.3f}s {cpu:>6.3f}s {floor:>9.4f}s"
            f" {1e6 * cpu / len(mentions):>10.2f}"
        )
    (small, _, small_cpu), (large, _, large_cpu) = rows[0], rows[-1]
    print(
        f"growth: {large / small:.1f}x the mentions, {large_cpu / small_cpu:.2f}x the processor"
        f" time (linear: <= {1.1 * large / small:.1f}x)"
        f"  {'PASS' if large_cpu / small_cpu <= 1.1 * large / small else 'FAIL'}"
    )
    return [wall for _, wall, _ in rows]


def grouping_speed(sizes: tuple[int, ...] = (250_000, 500_000, 1_000_000)) -> None:
    """Grouping time for two long articles at three sizes, and for 4, 8 and 16 articles of
    250 KB each (the export groups the names of every article of a desk at once), beside
    grouping identical strings; detection is done beforehand, and not timed."""
    from common import large_text

    pairs = [
        (
            f"2 x {size / 1e6:.2f} MB",
            {"a": large_text(size), "b": "\n".join(reversed(large_text(size).split("\n")))},
        )
        for size in sizes
    ]
    walls = _growth_table("grouping speed, two articles of each size:", pairs)
    print(
        f"grouping of 2 x {sizes[-1] / 1e6:.2f} MB: {walls[-1]:.3f} s (aim <= {GROUPING_AIM} s)"
        f"  {'PASS' if walls[-1] <= GROUPING_AIM else 'FAIL'}"
    )
    body = large_text(250_000)
    desks = [
        (
            f"{count} x 0.25 MB",
            {f"r{n}": f"Report {n} from the valley\n{body}" for n in range(count)},
        )
        for count in (4, 8, 16)
    ]
    _growth_table("grouping across many articles, each with its own headline:", desks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="the ecb-dev folder")
    parser.add_argument(
        "--command",
        action="store_true",
        help="run the real `newsdesk compare --json` per sub-topic (slower)",
    )
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print the N worst wrong merges and missed links",
    )
    parser.add_argument(
        "--half",
        choices=("tuned", "untuned", "all"),
        default="all",
        help="score only one half (default: both, each quoted separately)",
    )
    parser.add_argument(
        "--speed",
        action="store_true",
        help="also time grouping on two long articles at three sizes, and on 4 to 16 articles",
    )
    args = parser.parse_args(argv)

    scorer = load_scorer(args.set.parent / "score_entities.py")
    sub_topics = sorted(
        (p for p in (args.set / "topics").iterdir() if p.is_dir()),
        key=lambda p: (topic_number(p), p.name),
    )
    split = halves(sub_topics)
    wanted = {
        "tuned": split["tuned (1st, 3rd ... topic)"],
        "untuned": split["untuned (2nd, 4th ... topic)"],
        "all": sub_topics,
    }[args.half]
    began = time.perf_counter()
    results, spent = score_sub_topics(scorer, wanted, by_command=args.command, errors=args.errors)
    total = time.perf_counter() - began
    articles = sum(len(list(s.glob("*.txt"))) for s in wanted)
    how = "`newsdesk compare --json` per sub-topic" if args.command else "compare_articles()"
    print(f"ECB+ dev half: {len(wanted)} sub-topics, {articles} articles, compared with {how}")
    print(
        f"time: compare {spent:.1f} s ({1000 * spent / max(1, articles):.0f} ms an article), "
        f"with scoring {total:.1f} s"
    )
    for title, members in split.items():
        chosen = [results[s.name] for s in members if s.name in results]
        if chosen and (title != "all" or args.half == "all"):
            figures = print_half(scorer, title, chosen)
            print(f"newsdesk against the bar: {verdict(figures)}")
    if args.errors:
        print_errors(results, args.errors)
    if args.speed:
        grouping_speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
