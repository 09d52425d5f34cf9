"""Benchmark: tag-write latency of the desk against TinyDB's JSONStorage, and CSV export time.

- A tag write: `Desk.set_status` on a desk of 1k / 10k / 100k tagged claims, as the desk's
  writer thread makes it (a journal append, fsynced), median of `--repeats`. Reference, same
  run: TinyDB's default JSONStorage doing the same update. Bars: <= 5 ms at 100k, and 100k
  within 2x of 1k.
- An export: `export_desk_csv`, the function behind `newsdesk export` and the desk's `e`, on
  desks of 10k / 30k / 100k tagged claims whose article files are missing (figures and names
  from the stored cells or the quotes), opening the desk included. Reference, same run: plain
  Python reading the same desk file and writing one CSV line per tag. Bar: <= 2x at 100k;
  `bench/export.py` runs the real command from launch, with article files present.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path
from typing import Any

import orjson
from common import scratch_folder, verdict
from tinydb import TinyDB

from annotations.claims import Claim
from annotations.export import export_desk_csv
from annotations.store import SCHEMA, ClaimStatus, Desk, Tag

QUOTE = (
    "Up to 80 people were killed and more than 60 injured when a truck bomb exploded "
    "near the Safari Hotel in Mogadishu on Saturday, officials said."
)


def _claim(i: int) -> Claim:
    start = i * 200
    return Claim(f"article-{i % 4:02d}" + "0" * 54, start, start + len(QUOTE), QUOTE)


def _tag_doc(i: int) -> dict[str, Any]:
    claim = _claim(i)
    return Tag(
        id=f"{i:012x}",
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        quote=claim.text,
        prefix="said the ministry in a statement. ",
        suffix=" The death toll is expected to r",
        status=ClaimStatus.CONFIRMED if i % 3 else ClaimStatus.DISPUTED,
        note="" if i % 5 else "figures differ from the Reuters count",
        analyst="ana",
        updated_at="2026-01-01T00:00:00Z",
    ).to_doc()


def _seed(path: Path, count: int) -> None:
    """Write a desk file holding `count` tagged claims, as the desk would have saved them."""
    tags = {str(i + 1): _tag_doc(i) for i in range(count)}
    path.write_bytes(
        orjson.dumps({"meta": {"1": {"schema": SCHEMA}}, "tags": tags, "articles": {}})
    )


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def desk_write_ms(path: Path, count: int, repeats: int) -> float:
    """Median time of one `Desk.set_status` on a desk of `count` tagged claims."""
    samples = []
    with Desk.open(path) as desk:
        for r in range(repeats):
            claim = _claim((r * 7919) % count)
            current = desk.tag_at(claim.article_id, claim.start, claim.end)
            assert current is not None
            # Flip the status so every timed call is a real change that reaches the disk.
            status = (
                ClaimStatus.CONFIRMED
                if current.status is ClaimStatus.DISPUTED
                else ClaimStatus.DISPUTED
            )
            t0 = time.perf_counter()
            desk.set_status(claim, status, "ben")
            samples.append(time.perf_counter() - t0)
    return _median_ms(samples)


def tinydb_write_ms(path: Path, count: int, repeats: int) -> float:
    """Median time of the same update through TinyDB's default JSONStorage."""
    samples = []
    db = TinyDB(path)
    try:
        table = db.table("tags")
        for r in range(repeats):
            doc_id = (r * 7919) % count + 1
            status = "disputed" if r % 2 else "confirmed"
            t0 = time.perf_counter()
            table.update(
                {"status": status, "analyst": "ben", "updated_at": "2026-01-02T00:00:00Z"},
                doc_ids=[doc_id],
            )
            samples.append(time.perf_counter() - t0)
    finally:
        db.close()
    return _median_ms(samples)


def export_seconds(path: Path, out: Path) -> float:
    """Time to open the desk at `path` and export its tagged claims to `out` as the command
    does (no analysis cache: the desks here have no article files to cache)."""
    t0 = time.perf_counter()
    with Desk.open(path, lock=False) as desk:
        written = export_desk_csv(desk, out)
    elapsed = time.perf_counter() - t0
    assert written == len(orjson.loads(path.read_bytes())["tags"])
    return elapsed


def plain_export_seconds(path: Path, out: Path) -> float:
    """The least an export does: read the desk file and write one CSV line per tag."""
    t0 = time.perf_counter()
    desk = orjson.loads(path.read_bytes())
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["claim_id", "status", "claim", "note", "start", "end", "analyst"])
        for t in desk["tags"].values():
            writer.writerow(
                [t["id"], t["status"], t["quote"], t["note"], t["start"], t["end"], t["analyst"]]
            )
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15, help="timed writes per size")
    parser.add_argument("--runs", type=int, default=3, help="exports per size (median)")
    args = parser.parse_args()
    with scratch_folder() as folder:
        print("one tag write (ms, median)")
        print(f"{'tagged':>8} {'desk':>9} {'tinydb':>10} {'ratio':>7}")
        desk_ms: dict[int, float] = {}
        for count in (1_000, 10_000, 100_000):
            repeats = args.repeats if count <= 10_000 else max(3, args.repeats // 3)
            ours, theirs = folder / f"desk-{count}.json", folder / f"tinydb-{count}.json"
            _seed(ours, count)
            _seed(theirs, count)
            desk_ms[count] = desk_write_ms(ours, count, repeats)
            tiny_ms = tinydb_write_ms(theirs, count, repeats)
            ratio = desk_ms[count] / tiny_ms
            print(f"{count:>8} {desk_ms[count]:>9.2f} {tiny_ms:>10.1f} {ratio:>7.3f}")
        top, growth = desk_ms[100_000], desk_ms[100_000] / desk_ms[1_000]
        print(f"  write at 100k: {top:.2f} ms (bar <= 5 ms)  {verdict(top, 5.0)}")
        print(f"  100k / 1k: {growth:.2f}x (bar <= 2x)  {verdict(growth, 2.0)}")

        print("\nexport_desk_csv, article files missing, opening the desk included (s, median)")
        print(f"{'tagged':>8} {'export':>8} {'plain':>8} {'ratio':>7}")
        first: float | None = None
        for count in (10_000, 30_000, 100_000):
            path, out = folder / f"export-{count}.json", folder / "export.csv"
            _seed(path, count)
            ours_s = statistics.median(export_seconds(path, out) for _ in range(args.runs))
            plain_s = statistics.median(plain_export_seconds(path, out) for _ in range(args.runs))
            first = first or ours_s
            print(f"{count:>8} {ours_s:>8.2f} {plain_s:>8.2f} {ours_s / plain_s:>7.2f}")
        print(
            f"  100k: {ours_s / plain_s:.2f}x the plain script; growth 10k -> 100k "
            f"{ours_s / first:.1f}x (linear: 10x). The bar (<= 2x) is for article files "
            "present: bench/export.py"
        )


if __name__ == "__main__":
    main()
