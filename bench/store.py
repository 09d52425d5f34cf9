"""Benchmark: tag-write latency of the desk against TinyDB's JSONStorage, and CSV export time."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import orjson
from common import scratch_folder
from tinydb import TinyDB

from annotations.claims import Claim
from annotations.export import export_csv, rows_for_desk
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


def export_seconds(folder: Path, count: int) -> float:
    """Time to turn `count` tagged claims into rows and write them as CSV."""
    path = folder / f"export-{count}.json"
    _seed(path, count)
    with Desk.open(path) as desk:
        out_path = folder / "export.csv"
        t0 = time.perf_counter()
        rows = rows_for_desk(desk, spans_for=lambda tag: (["Up to 80", "more than 60"], ["Safari"]))
        with out_path.open("w", encoding="utf-8", newline="") as out:
            written = export_csv(rows, out)
        elapsed = time.perf_counter() - t0
    assert written == count
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15, help="timed writes per size")
    args = parser.parse_args()
    with scratch_folder() as folder:
        print(f"{'tagged':>8} {'desk ms':>9} {'tinydb ms':>10} {'ratio':>7}")
        for count in (10_000, 100_000):
            repeats = args.repeats if count <= 10_000 else max(3, args.repeats // 3)
            ours, theirs = folder / f"desk-{count}.json", folder / f"tinydb-{count}.json"
            _seed(ours, count)
            _seed(theirs, count)
            desk_ms = desk_write_ms(ours, count, repeats)
            tiny_ms = tinydb_write_ms(theirs, count, repeats)
            ratio = desk_ms / tiny_ms
            bar = "  (bar <= 0.25)" if count == 10_000 else ""
            print(f"{count:>8} {desk_ms:>9.1f} {tiny_ms:>10.1f} {ratio:>7.3f}{bar}")
        seconds = export_seconds(folder, 100_000)
        print(f"export 100000 tagged claims to CSV: {seconds:.2f} s  (bar <= 2 s)")


if __name__ == "__main__":
    main()
