"""Benchmark: `newsdesk export` from process launch, on real article files, against plain scripts.

Each case is a desk written as the desk saves it, and the real command is launched as a user
would (`newsdesk export --db DESK -o OUT`), timed until it exits. Beside it, in the same run:

- plain: a Python script that reads the same desk file and writes one CSV line per tag, the
  least any export has to do;
- detect: a script that runs `detect` on the same article file, since the figures and names
  columns need each article's detection once.

Cases: one article fully tagged (every claim confirmed) at three sizes, article file present;
the same with the file gone (the quotes are detected instead); desks of about 10k / 30k /
100k tagged claims on 1 MB article files that are all present (every claim of each file
tagged), exported three ways:

- cold: no analysis cache (the export detects each file, groups names across them and reads
  their sources, and fills the cache);
- desk-filled: the cache holds what the desk stored while the articles were open (each
  article's detection and sources, the desk's own code path run once per article before the
  clock starts), but not the grouping of names across all the desk's articles, which the
  export works out (and stores);
- warm: a second export, everything in the cache (each article's analysis, the grouping of
  names, and the cells the export worked out for each article's tagged claims).

Beside the wall-clock figures, the processor time (user and system) of the warm export and
of the plain script, which a shared machine disturbs less than the wall clock.

Then what the crash-safe write (fsync, rename, folder fsync) of the largest CSV costs beside a
plain write of the same bytes, where a warm export's start-up goes (`python -X importtime`),
with `--against COMMIT` the warm 100k export by that commit's code launched in turn with this
one and the plain script (a busy machine then weighs on all three alike), and desks of 10k /
30k / 100k tagged claims whose articles are missing (the store bench's desk, one quote
repeated).

    python bench/export.py --runs 3 --against 4cbee84
    python bench/export.py --present-only --runs 3 --against 4cbee84   # that part alone
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from common import large_text, run_seconds, verdict

from annotations.analysis_cache import AnalysisCache, analysis_folder
from annotations.articles import article_from_text, load_article
from annotations.claims import find_claims
from annotations.detection import detect, detect_in_parts
from annotations.sourcing import sourcing_unless_cancelled
from annotations.store import SCHEMA, ClaimStatus, Tag

NEWSDESK = Path(sys.executable).with_name("newsdesk")

PLAIN_SCRIPT = r"""
import csv, json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    desk = json.load(f)
with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out)
    w.writerow(["claim_id", "status", "claim", "note", "start", "end", "analyst", "updated_at"])
    for t in desk["tags"].values():
        w.writerow([t["id"], t["status"], t["quote"], t["note"], t["start"], t["end"],
                    t["analyst"], t["updated_at"]])
"""


def _write_desk(path: Path, tags: list[Tag], articles: list[dict[str, str]]) -> None:
    path.write_bytes(
        orjson.dumps(
            {
                "meta": {"1": {"schema": SCHEMA}},
                "tags": {str(i + 1): tag.to_doc() for i, tag in enumerate(tags)},
                "articles": {str(i + 1): info for i, info in enumerate(articles)},
            }
        )
    )


def _tagged_article(
    folder: Path, size: int, number: int = 0
) -> tuple[list[Tag], dict[str, str], Path]:
    """An article file of about `size` bytes (its own headline per `number`), every claim
    confirmed: the tags and the desk's record of the article."""
    article_path = folder / f"article-{size}-{number}.txt"
    text = large_text(size)
    if number:
        text = f"Report {number} from the valley\n" + text
    article_path.write_text(text, encoding="utf-8")
    article = article_from_text(article_path.read_text(encoding="utf-8"), path=str(article_path))
    claims = find_claims(article.id, article.text, detect(article.text))
    tags = [
        Tag(
            f"{number:04x}{i:08x}",
            article.id,
            c.start,
            c.end,
            c.text,
            article.text[max(0, c.start - 32) : c.start],
            article.text[c.end : c.end + 32],
            ClaimStatus.CONFIRMED,
            "",
            "ana",
            "2026-01-01T00:00:00Z",
        )
        for i, c in enumerate(claims)
    ]
    info = {
        "id": article.id,
        "title": article.title,
        "date": article.date or "",
        "path": str(article_path),
        "source": "",
    }
    return tags, info, article_path


def fully_tagged_desk(folder: Path, size: int) -> tuple[Path, Path, int]:
    """An article file of about `size` bytes and a desk with every claim confirmed."""
    tags, info, article_path = _tagged_article(folder, size)
    db = folder / f"desk-{size}.json"
    _write_desk(db, tags, [info])
    return db, article_path, len(tags)


def many_articles_desk(folder: Path, count: int) -> tuple[Path, list[Path], int]:
    """A desk of at least `count` tagged claims on 1 MB article files that are all present."""
    tags: list[Tag] = []
    infos: list[dict[str, str]] = []
    paths: list[Path] = []
    while len(tags) < count:
        more, info, path = _tagged_article(folder, 1_000_000, len(paths) + 1)
        tags += more
        infos.append(info)
        paths.append(path)
    db = folder / f"desk-present-{count}.json"
    _write_desk(db, tags, infos)
    return db, paths, len(tags)


def many_tags_desk(folder: Path, count: int) -> Path:
    """A desk of `count` tagged claims on four articles whose files are not at hand."""
    sys.path.insert(0, str(Path(__file__).parent))
    from store import _seed

    db = folder / f"desk-many-{count}.json"
    _seed(db, count)
    return db


def _median_seconds(command: list[str], runs: int) -> float:
    return statistics.median(run_seconds(command) for _ in range(runs))


def _processor_seconds(command: list[str], runs: int) -> float:
    """The median processor time (user and system) of `command`, over `runs` launches."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run_seconds(command)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def _cold_seconds(command: list[str], db: Path, runs: int) -> float:
    """The median of `command` run with no analysis cache beside `db` (removed before each)."""
    times = []
    for _ in range(runs):
        shutil.rmtree(analysis_folder(db), ignore_errors=True)
        times.append(run_seconds(command))
    return statistics.median(times)


FLOOR_SCRIPT = """
import gc, sys
gc.freeze(); gc.set_threshold(100_000, 50, 100)  # as the export command does
from annotations.export import export_csv, rows_for_desk
from annotations.store import Desk
with Desk.open(sys.argv[1], lock=False) as desk, open(sys.argv[2], "w", newline="") as out:
    export_csv(rows_for_desk(desk), out)
"""
"""The export's floor: the desk read and its rows written as CSV, with no figures, names,
entities, sources or hedges (their cells empty)."""

DETECT_ALL_SCRIPT = """
import sys
from annotations.detection import detect
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        detect(f.read())
"""

DETECT_SCRIPT = (
    "import sys; from annotations.detection import detect; detect(open(sys.argv[1]).read())"
)


def fill_as_the_desk_does(db: Path, paths: list[Path]) -> None:
    """What the desk's detection worker stores for each article it opens (`DeskScreen.
    detect_column`): its spans, detected a part at a time, and its sources and hedges."""
    cache = AnalysisCache(analysis_folder(db))
    for path in paths:
        article = load_article(path)
        parts = list(detect_in_parts(article.text))
        spans = [span for _, part in parts for span in part]
        sourcing = sourcing_unless_cancelled(article.id, article.text, spans, lambda: False)
        if sourcing is not None and len(parts) == 1:
            cache.remember(article.text, spans, sourcing)


def present_desks(folder: Path, export: list[str], plain: Path, out: Path, runs: int) -> Path:
    """Desks of 10k / 30k / 100k tags on 1 MB files: cold, desk-filled and warm exports; the
    largest desk is returned with its files and a warm cache."""
    print("\ndesks of many tagged claims on 1 MB article files, all present (seconds from launch)")
    print(
        "cold: no cache (measured once);  desk-filled: the desk stored each article's analysis"
        " while it was open, the export groups the names;  warm: all in the cache;"
    )
    print("floor: the desk read and its rows written with those cells empty (no analysis at all)")
    floor_script = folder / "floor.py"
    floor_script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    print(
        f"{'tags':>8} {'files':>5} {'plain':>7} {'cold':>7} {'desk-filled':>12} {'warm':>7}"
        f" {'floor':>7} {'cold/plain':>11} {'filled/plain':>13} {'warm/plain':>11}"
        f" {'floor/plain':>12} {'desk fill':>10}"
    )
    found = []
    processor = [f"{'tags':>8} {'warm cpu':>8} {'plain cpu':>9} {'warm/plain':>10}"]
    for count in (10_000, 30_000, 100_000):
        db, paths, tags = many_articles_desk(folder, count)
        command = [*export, str(db)]
        cache = analysis_folder(db)
        theirs = _median_seconds([sys.executable, str(plain), str(db), str(out)], runs)
        shutil.rmtree(cache, ignore_errors=True)
        cold = run_seconds(command)
        shutil.rmtree(cache)
        fill = run_seconds([sys.executable, __file__, "--fill", str(db), *map(str, paths)])
        filled = run_seconds(command)
        warm = _median_seconds(command, runs)
        floor = _median_seconds([sys.executable, str(floor_script), str(db), str(out)], runs)
        plain_cpu = _processor_seconds([sys.executable, str(plain), str(db), str(out)], runs)
        warm_cpu = _processor_seconds(command, runs)
        found.append((tags, theirs, warm))
        processor.append(
            f"{tags:>8} {warm_cpu:>8.2f} {plain_cpu:>9.2f} {warm_cpu / plain_cpu:>10.2f}"
        )
        print(
            f"{tags:>8} {len(paths):>5} {theirs:>7.2f} {cold:>7.2f} {filled:>12.2f} {warm:>7.2f}"
            f" {floor:>7.2f} {cold / theirs:>11.2f} {filled / theirs:>13.2f}"
            f" {warm / theirs:>11.2f} {floor / theirs:>12.2f} {fill:>10.2f}"
        )
        if count != 100_000:
            for path in paths:
                path.unlink()
    print("processor time (user + system, seconds) of the warm export and the plain script:")
    print("\n".join(processor))
    tags, theirs, warm = found[-1]
    print(
        f"warm export of {tags} tags, files present <= 2x the plain script: {warm / theirs:.2f}x"
        f"  {verdict(warm / theirs, 2.0)}"
    )
    growth = found[-1][2] / found[0][2]
    tag_growth = found[-1][0] / found[0][0]
    print(
        f"warm growth {found[0][0]} -> {tags} tags ({tag_growth:.1f}x): {growth:.2f}x"
        f"  (linear: <= {tag_growth * 1.1:.1f})  {verdict(growth, tag_growth * 1.1)}"
    )
    return db


_ANALYSIS_MODULES = re.compile(r"annotations\.(detection|compare|sourcing|attribution|hedges)\b")


def import_profile(db: Path, out: Path) -> None:
    """Where the start-up of a warm export of `db` goes: the slowest imports, and whether any
    analysis module (detection, grouping, sourcing) was loaded at all."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(NEWSDESK), "export", "--db", str(db)]
        + ["-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    rows = []
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    # Nesting shows as indentation: the outermost imports (one space) add up to the whole.
    total = sum(us for us, name in rows if not name.startswith("  "))
    print(f"\nwarm export start-up: imports take {total / 1e6:.3f} s in all; the slowest:")
    for us, name in rows[:8]:
        print(f"  {us / 1e6:7.3f} s  {name.strip()}")
    loaded = sorted({m.group(0) for _, name in rows if (m := _ANALYSIS_MODULES.search(name))})
    print(f"analysis modules imported by a warm export: {', '.join(loaded) or 'none'}")


def fsync_cost(csv_file: Path, runs: int) -> None:
    """What the crash-safe helper adds to writing the export's file: the same bytes written
    through it (temporary file, fsync, rename, folder fsync) and written plainly."""
    from annotations.files import write_atomically

    data = csv_file.read_bytes()
    target = csv_file.with_name("fsync-check.csv")
    safe, plain = [], []
    for _ in range(max(runs, 3)):
        start = time.perf_counter()
        write_atomically(target, data)
        safe.append(time.perf_counter() - start)
        start = time.perf_counter()
        target.write_bytes(data)
        plain.append(time.perf_counter() - start)
    target.unlink()
    safe_s, plain_s = statistics.median(safe), statistics.median(plain)
    print(
        f"\nwriting the {len(data) / 1e6:.1f} MB CSV crash-safely (fsync, rename, folder"
        f" fsync): {safe_s:.3f} s; plainly: {plain_s:.3f} s;"
        f" fsync and rename: {safe_s - plain_s:.3f} s"
    )


def against(commit: str, db: Path, plain: Path, out: Path, runs: int) -> None:
    """The warm export of `db` by this checkout and by the code of `commit` (each with its own
    copy of the desk and cache), launched in turn with the plain script, so that a busy
    machine weighs on all three alike: medians of wall clock and processor time."""
    sys.path.insert(0, str(Path(__file__).parent))
    from detection_same import BENCH

    folder = out.parent / "against"
    folder.mkdir()
    tree = BENCH.commit_tree(commit, folder)
    theirs_db = folder / db.name
    shutil.copyfile(db, theirs_db)
    commands = {
        "this checkout": ([str(NEWSDESK), "export", "--db", str(db), "-o", str(out)], None),
        commit: (BENCH.tree_command("export", "--db", str(theirs_db), "-o", str(out)), tree),
        "plain script": ([sys.executable, str(plain), str(db), str(out)], None),
    }
    for command, code in commands.values():  # fills each one's cache
        subprocess.run(
            command,
            cwd=code,
            env=None if code is None else BENCH.tree_env(code),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, code) in commands.items():
            found[name].append(BENCH._timed(command, code))
    wall = {name: statistics.median(w for w, _ in times) for name, times in found.items()}
    cpu = {name: statistics.median(c for _, c in times) for name, times in found.items()}
    print(f"\nwarm export of {db.name}, launched in turn ({runs} rounds), medians:")
    print(f"{'code':>16} {'wall':>7} {'/plain':>7} {'cpu':>7} {'/plain':>7}")
    for name in commands:
        print(
            f"{name:>16} {wall[name]:>7.2f} {wall[name] / wall['plain script']:>7.2f}"
            f" {cpu[name]:>7.2f} {cpu[name] / cpu['plain script']:>7.2f}"
        )


def _load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="launches per figure (median)")
    parser.add_argument("--fill", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument(
        "--against",
        metavar="COMMIT",
        help="also time the warm 100k export by the code of COMMIT, in turn with this one",
    )
    parser.add_argument(
        "--present-only",
        action="store_true",
        help="only the desks of many tagged claims whose files are present",
    )
    args = parser.parse_args()
    if args.fill:  # run as its own process, the way the desk would have filled the cache
        fill_as_the_desk_does(Path(args.fill[0]), [Path(p) for p in args.fill[1:]])
        return
    runs = args.runs
    print(_load())
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        folder = Path(tmp)
        out = folder / "out.csv"
        plain = folder / "plain.py"
        plain.write_text(PLAIN_SCRIPT, encoding="utf-8")
        export = [str(NEWSDESK), "export", "-o", str(out), "--db"]

        if args.present_only:
            present(folder, export, plain, out, args)
            print(_load())
            return
        print(
            "one article, every claim confirmed, article file present, no analysis cache"
            " (seconds from launch)"
        )
        print(
            f"{'size':>9} {'tags':>6} {'export':>8} {'plain':>7} {'detect':>7}"
            f" {'export/(plain+detect)':>22}"
        )
        rows = []
        for size in (250_000, 500_000, 1_000_000):
            db, article_path, tags = fully_tagged_desk(folder, size)
            ours = _cold_seconds([*export, str(db)], db, runs)
            theirs = _median_seconds([sys.executable, str(plain), str(db), str(out)], runs)
            detect_s = _median_seconds(
                [sys.executable, "-c", DETECT_SCRIPT, str(article_path)], runs
            )
            rows.append((size, tags, ours, theirs, detect_s, db, article_path))
            ratio = ours / (theirs + detect_s)
            print(
                f"{size:>9} {tags:>6} {ours:>8.2f} {theirs:>7.2f} {detect_s:>7.2f} {ratio:>22.2f}"
            )
        growth = rows[-1][2] / rows[0][2]
        print(
            f"growth 250 KB -> 1 MB (4x the text): {growth:.2f}x  (linear: <= 4.4)"
            f"  {verdict(growth, 4.4)}"
        )

        print("\nthe same desks with the article file gone (quotes detected in one pass)")
        missing = []
        for size, tags, _, theirs, _, db, article_path in rows:
            article_path.unlink()
            ours = _cold_seconds([*export, str(db)], db, runs)
            missing.append(ours)
            print(f"{size:>9} {tags:>6} {ours:>8.2f} {theirs:>7.2f}")

        present(folder, export, plain, out, args)

        print("\ndesks of many tagged claims, articles missing (seconds from launch)")
        print(f"{'tags':>8} {'export':>8} {'plain':>7} {'ratio':>7}")
        many = []
        for count in (10_000, 30_000, 100_000):
            db = many_tags_desk(folder, count)
            ours = _median_seconds([*export, str(db)], runs)
            theirs = _median_seconds([sys.executable, str(plain), str(db), str(out)], runs)
            many.append((count, ours, theirs))
            print(f"{count:>8} {ours:>8.2f} {theirs:>7.2f} {ours / theirs:>7.2f}")
        ratio = many[-1][1] / many[-1][2]
        print(f"export of 100k tags <= 2x the plain script: {ratio:.2f}x  {verdict(ratio, 2.0)}")
        growth = many[-1][1] / many[0][1]
        print(
            f"growth 10k -> 100k tags (10x): {growth:.2f}x  (linear: <= 11)"
            f"  {verdict(growth, 11.0)}"
        )
    print(_load())


def present(folder: Path, export: list[str], plain: Path, out: Path, args: Any) -> None:
    """The desks whose files are present, where their export's time goes, and the same
    export by another commit's code if asked."""
    largest = present_desks(folder, export, plain, out, args.runs)
    fsync_cost(out, args.runs)
    import_profile(largest, out)
    if args.against:
        against(args.against, largest, plain, out, max(args.runs, 3))


if __name__ == "__main__":
    main()
