"""Check that `newsdesk export` writes byte for byte what an earlier commit wrote.

A speed-up of the export must not change a cell. This builds desks that hold every kind of
row (the seeds and both dev sets' articles with every claim tagged, notes with line breaks
and formula-like text, links, a drawn claim, an orphan, a claim with only a note, an article
whose file is gone, a 1 MB article, a team desk whose analysts disagree), then runs the export
in every format and option from this checkout and from the code of another commit (its
`annotations` and `tui` exported with `git archive`), each with no analysis cache and again
with the cache it filled, and compares the files.

    python bench/export_same.py --against 5593c96
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from common import large_text
from detection_same import BENCH, REPO, SHARED, commit_against, report_same

from annotations.analysis_cache import analysis_folder
from annotations.articles import Article, load_article
from annotations.claim_edits import drawn_claim
from annotations.claims import Claim, find_claims
from annotations.detection import detect
from annotations.store import ClaimStatus, Desk

__all__ = ["main"]

NOTES = ("=SUM(A1:A9)", "  -2+3", "checked\nwith two sources", "@cell", "plain note")
VARIANTS = (
    ("csv",),
    ("csv", "--raw"),
    ("csv", "--status", "disputed,untagged"),
    ("jsonl",),
    ("w3c",),
)


def _articles(folder: Path) -> list[Path]:
    files = sorted((REPO / "seeds").glob("*.txt"))
    for corpus in ("re3d-dev", "gum-news"):
        files += sorted((SHARED / corpus / "articles").iterdir())[:12]
    big = folder / "long.txt"
    big.write_text(large_text(1_000_000), encoding="utf-8")
    return [*files, big]


def _tag_everything(desk: Desk, article: Article, analyst: str, number: int) -> list[Claim]:
    """Tag every claim of `article`, with notes here and there; return the claims."""
    desk.remember_article(article)
    claims = find_claims(article.id, article.text, detect(article.text))
    for n, claim in enumerate(claims):
        status = (ClaimStatus.CONFIRMED, ClaimStatus.DISPUTED)[(n + number) % 2]
        if (n + number) % 7 == 3:
            desk.set_note(claim, NOTES[n % len(NOTES)], analyst)
            continue
        desk.set_status(claim, status, analyst)
        if n % 11 == 5:
            desk.set_note(claim, NOTES[(n + 2) % len(NOTES)], analyst)
    return claims


def build_desks(folder: Path) -> list[Path]:
    """A solo desk holding every kind of row, and a team desk merged from two analysts."""
    files = _articles(folder)
    solo, first, second = folder / "solo.json", folder / "ana.json", folder / "bob.json"
    gone = folder / "gone.txt"
    # Its own text: one text under two names is one article, each claim with its own name.
    gone.write_text("Filed later\n" + files[1].read_text(encoding="utf-8"), encoding="utf-8")
    with Desk.open(solo) as desk:
        everything = [*files, gone]
        claims = [
            _tag_everything(desk, load_article(path), "ana", n)
            for n, path in enumerate(everything)
        ]
        desk.link_claims(claims[0][2], claims[2][0], "corroborates", "ana")
        desk.link_claims(claims[0][3], claims[1][1], "contradicts", "ana")
        seed = load_article(files[0])
        spans = detect(seed.text)
        part = claims[0][4]
        drawn = drawn_claim(seed.id, seed.text, part.start, part.start + len(part.text) // 2, spans)
        desk.set_status(drawn, ClaimStatus.DISPUTED, "ana")
        orphan = desk.tag_at(seed.id, claims[0][5].start, claims[0][5].end)
        assert orphan is not None
        desk.move_tags([replace(orphan, anchor="orphan")], seed)
    gone.unlink()
    for analyst, db in (("ana", first), ("bob", second)):
        with Desk.open(db) as desk:
            for n, path in enumerate(files[:4]):
                _tag_everything(desk, load_article(path), analyst, n + (analyst == "bob"))
    team = folder / "team.json"
    subprocess.run(
        [*BENCH.tree_command("merge", str(first), str(second), "-o", str(team))],
        cwd=REPO, env=BENCH.tree_env(REPO), check=True, stdout=subprocess.DEVNULL,
    )
    return [solo, team]


def _export(tree: Path, db: Path, variant: tuple[str, ...], out: Path) -> bytes:
    command = BENCH.tree_command("export", "--db", str(db), "-o", str(out), "--format", *variant)
    subprocess.run(command, cwd=tree, env=BENCH.tree_env(tree), check=True,
                   stderr=subprocess.DEVNULL)
    return out.read_bytes()


def _outputs(tree: Path, db: Path, out: Path) -> dict[str, bytes]:
    """Every variant's export of `db` by the code in `tree`: cold (no cache), then warm."""
    shutil.rmtree(analysis_folder(db), ignore_errors=True)
    found = {}
    for warmth in ("cold", "warm"):
        for variant in VARIANTS:
            found[f"{db.stem} {' '.join(variant)} {warmth}"] = _export(tree, db, variant, out)
            if warmth == "cold":
                shutil.rmtree(analysis_folder(db), ignore_errors=True)
        found[f"{db.stem} csv {warmth} (again)"] = _export(tree, db, ("csv",), out)
    return found


def main(argv: list[str] | None = None) -> int:
    against = commit_against(argv, __doc__)
    same = True
    with tempfile.TemporaryDirectory(prefix="export-same-") as name:
        folder = Path(name)
        old = BENCH.commit_tree(against, folder)
        for db in build_desks(folder):
            before = _outputs(old, db, folder / "out")
            after = _outputs(REPO, db, folder / "out")
            for what, output in after.items():
                same = report_same(what, before[what], output, 45) and same
    print(f"{'identical' if same else 'NOT identical'} to {against}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
