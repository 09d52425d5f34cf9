"""Check that the highlighter's output is byte-for-byte what an earlier commit printed.

A speed-up of detection must not change a single span. This runs `newsdesk detect --jsonl`
(and `--standing`) from this checkout and from the code of another commit (its `annotations`
and `tui` exported with `git archive` into a temporary folder) on the seeds, every article of
both dev sets, one long text of 1.25 and 5 MB (both sets' articles repeated, as the speed
bench builds it) and the 1.25 MB one with its paragraphs shuffled, and compares the JSON lines.

    python bench/detection_same.py --against 75e0926
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

__all__ = ["main"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "bench"
LONG_SIZES = (1_250_000, 5_000_000)


def _bench() -> ModuleType:
    """The speed bench, whose long text and exported trees this check shares."""
    path = REPO / "bench" / "detection.py"
    spec = importlib.util.spec_from_file_location("detection_bench", path)
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load bench/detection.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def _inputs(folder: Path) -> dict[str, list[Path]]:
    """The groups of files compared, each detected by one process."""
    groups = {
        "seeds": sorted((REPO / "seeds").glob("*.txt")),
        "re3d-dev": sorted((SHARED / "re3d-dev" / "articles").iterdir()),
        "gum-news": sorted((SHARED / "gum-news" / "articles").iterdir()),
    }
    for size in LONG_SIZES:
        path = folder / f"long-{size}.txt"
        path.write_text(BENCH.long_text(size), encoding="utf-8")
        groups[f"long {size / 1e6:g} MB"] = [path]
    # The same paragraphs in another order: every name and figure that recurs in the long text
    # meets different neighbours, so what detection remembers per text is tried in new places.
    paragraphs = BENCH.long_text(LONG_SIZES[0]).split("\n\n")
    random.Random(13).shuffle(paragraphs)
    path = folder / "shuffled.txt"
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    groups[f"shuffled {LONG_SIZES[0] / 1e6:g} MB"] = [path]
    return groups


def _output(tree: Path, files: list[Path], standing: bool) -> bytes:
    """What `newsdesk detect --jsonl` run from the code in `tree` prints for `files`."""
    command = BENCH.tree_command("detect", "--jsonl", *map(str, files))
    if standing:
        command.append("--standing")
    return subprocess.run(
        command, cwd=tree, env=BENCH.tree_env(tree), stdout=subprocess.PIPE, check=True
    ).stdout


def _first_difference(before: bytes, after: bytes) -> str:
    old, new = before.splitlines(), after.splitlines()
    for k, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            return f"line {k + 1}:\n  before {a.decode()[:300]}\n  after  {b.decode()[:300]}"
    return f"{len(old)} lines before, {len(new)} after"


def report_same(what: str, before: bytes, after: bytes, width: int) -> bool:
    """Print whether `after` is `before` (and where they first differ); True if it is."""
    if before == after:
        lines = len(before.splitlines())
        print(f"{what:{width}s} identical ({lines} lines, {len(before)} bytes)")
        return True
    print(f"{what:{width}s} DIFFERENT: {_first_difference(before, after)}")
    return False


def commit_against(argv: list[str] | None, doc: str | None) -> str:
    """The commit `--against` names on the command line of a check described by `doc`."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--against", required=True, help="the commit to compare with")
    return str(parser.parse_args(argv).against)


def main(argv: list[str] | None = None) -> int:
    against = commit_against(argv, __doc__)
    same = True
    with tempfile.TemporaryDirectory(prefix="detection-same-") as folder:
        old = BENCH.commit_tree(against, Path(folder))
        for group, files in _inputs(Path(folder)).items():
            for standing in (False, True):
                before = _output(old, files, standing)
                after = _output(REPO, files, standing)
                what = f"{group}{' --standing' if standing else ''}"
                same = report_same(what, before, after, 28) and same
    print(f"{'identical' if same else 'NOT identical'} to {against}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
