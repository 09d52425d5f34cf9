"""What `newsdesk claims` and `newsdesk figures` share: the files read and compared, the desk's
decisions, and the sources `compare --json` gives its figures."""

from __future__ import annotations

import argparse
import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.safe_text import single_line
from tui.cli.common import (
    EXIT_USAGE,
    command_parser,
    desk_decisions,
    desk_for_reading,
    fail,
    load_articles,
    print_article_legend,
    print_json,
)

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.attribution import Source
    from annotations.claims import Claim
    from annotations.compare import Comparison
    from annotations.figures_board import FiguresBoard
    from annotations.sourcing import ArticleSourcing
    from annotations.spans import Span

__all__ = [
    "board_decisions",
    "claims_parser",
    "figures_parser",
    "read_articles",
    "run_claims",
    "run_figures",
    "shaped_claims",
    "sources_of_figures",
]

Prepared = list[tuple["Article", Sequence["Span"], Sequence["Claim"]]]


def read_articles(paths: Sequence[str]) -> tuple[Prepared, list[str]]:
    """Load and detect each file; the articles with their spans and claims, and the problems."""
    from annotations.claims import find_claims
    from annotations.detection import detect

    articles, problems = load_articles(paths, once=True)
    prepared: Prepared = []
    for article in articles:
        spans = detect(article.text)
        prepared.append((article, spans, find_claims(article.id, article.text, spans)))
    return prepared, problems


def _file_names(prepared: Prepared) -> Callable[[str], str]:
    names = {article.id: Path(article.path or article.id).name for article, _, _ in prepared}
    return lambda article_id: names.get(article_id, article_id)


def _comparison(prepared: Prepared, db: Path | None) -> Comparison:
    from annotations.compare import compare

    return compare(prepared, **desk_decisions(db))


def board_decisions(db: Path | None) -> dict[str, list[dict[str, str]]]:
    """The figures-board splits and merges, and the entity merges (which sources follow),
    kept in a desk, as `figures_board` keywords."""
    if db is None:
        return {}
    with desk_for_reading(db) as desk:
        if desk is None:
            return {}
        return {
            "merges": desk.figure_merges(),
            "splits": desk.figure_splits(),
            "source_merges": desk.merges(),
        }


@dataclass(frozen=True)
class _Reading:
    """The files a reading command was given, compared with the desk's decisions (--db)."""

    prepared: Prepared
    comparison: Comparison
    decisions: dict[str, list[dict[str, str]]]
    """The desk's figures-board decisions, as `figures_board` keywords."""

    @cached_property
    def sourcings(self) -> dict[str, ArticleSourcing]:
        """Who each claim of each article is attributed to, by article id."""
        from annotations.sourcing import sourcing_of

        return {a.id: sourcing_of(a.id, a.text, spans) for a, spans, _ in self.prepared}


def _run_reading(
    args: argparse.Namespace, *, at_least: int, show: Callable[[_Reading, bool], None]
) -> int:
    """Read the files and compare them, then `show` them (as JSON if --json); or say, in
    one line each, what failed and return the exit status."""
    from annotations.collector import collector_paused

    # As for `compare`: spans, claims, sources and entities by the hundred thousand and no
    # cycles; the collector's passes over a growing heap made a long report's claims cost
    # more than twice as much for twice the text.
    with collector_paused():
        return _read_and_show(args, at_least=at_least, show=show)


def _read_and_show(
    args: argparse.Namespace, *, at_least: int, show: Callable[[_Reading, bool], None]
) -> int:
    prepared, problems = read_articles(args.files)
    for problem in problems:
        fail(problem)
    if len(prepared) < at_least:
        if at_least < 2:
            return EXIT_USAGE
        return fail(f"this needs at least {at_least} readable articles")
    # A desk that cannot be read is reported by the command's error boundary.
    prepared = shaped_claims(prepared, args.db)
    show(_Reading(prepared, _comparison(prepared, args.db), board_decisions(args.db)), args.json)
    return 0


def shaped_claims(prepared: Prepared, db: Path | None) -> Prepared:
    """The claims split and joined as the analyst decided in the desk, as the desk shows them."""
    if db is None:
        return prepared
    with desk_for_reading(db) as desk:
        if desk is None:
            return prepared
        splits, joins = desk.claim_decisions("split"), desk.claim_decisions("join")
    if not splits and not joins:
        return prepared
    from annotations.claim_edits import arrange_claims

    return [
        (a, spans, arrange_claims(a.id, a.text, claims, spans, splits=splits, joins=joins))
        for a, spans, claims in prepared
    ]


def sources_of_figures(
    document: dict[str, Any], prepared: Prepared, comparison: Comparison | None = None
) -> None:
    """Give each figure mention of a `compare --json` document its claim's source, with the
    source's entity in `comparison`; `prepared` holds the articles compared, with their spans
    and claims."""
    from annotations.attribution import Attributions, source_at
    from annotations.sourcing import MergedKeys, entity_name, source_json

    by_name = {Path(a.path or a.id).name: (a, spans, claims) for a, spans, claims in prepared}
    # Only the sentences of claims with figures are read for their sources (and those their
    # sources depend on), and no hedges are looked for.
    found: dict[str, tuple[Attributions, list[int], list[int], list[int]]] = {}
    # Many figures share a claim, and many claims a source: each is looked up once, and the
    # JSON of a claim's source made once.
    sources: dict[tuple[str, int, int], dict[str, Any] | None] = {}
    entities: dict[tuple[str, Source | None], str | None] = {}
    no_merges = MergedKeys()  # (made once, not again for every source)
    for group in document.get("figures", []):
        for mention in group["mentions"]:
            known = by_name.get(mention["file"])
            if known is None:
                mention["source"] = None
                continue
            article, spans, claims = known
            if article.id not in found:
                bounds = sorted((c.start, c.end) for c in claims)
                attributions = Attributions(article.text, spans)
                sentence_starts = [start for start, _ in attributions.bounds]
                found[article.id] = (
                    attributions,
                    sentence_starts,
                    [a for a, _ in bounds],
                    [b for _, b in bounds],
                )
            attributions, sentence_starts, starts, ends = found[article.id]
            start, end = mention["start"], mention["end"]
            # The claim's source; a figure outside every claim (a headline) stands alone.
            n = bisect.bisect_right(starts, start) - 1
            if n >= 0 and start < ends[n]:
                start, end = starts[n], ends[n]
            claim_at = (article.id, start, end)
            if claim_at not in sources:
                source = source_at(attributions, start, end, sentence_starts)
                said_by = (article.id, source)
                if said_by not in entities:
                    entities[said_by] = entity_name(comparison, article.id, source, no_merges)
                sources[claim_at] = source_json(source, entities[said_by])
            known_json = sources[claim_at]
            mention["source"] = None if known_json is None else dict(known_json)


# --- newsdesk claims -----------------------------------------------------------------------


def claims_parser() -> argparse.ArgumentParser:
    return command_parser(
        "claims",
        "Every claim of the files with who it is attributed to (the source, and the outlet "
        "it was told to) and the words that hedge it.",
        files="articles",
        json="the claims",
        db="group sources with this desk's entity decisions",
        db_default=False,
    )


def run_claims(args: argparse.Namespace) -> int:
    """Print each claim with its source and hedges."""
    return _run_reading(args, at_least=1, show=_show_claims)


def _show_claims(read: _Reading, as_json: bool) -> None:
    from annotations.sourcing import MergedKeys, claim_json

    file_name = _file_names(read.prepared)
    merges = MergedKeys(read.decisions.get("source_merges", []))
    records = [
        claim_json(read.sourcings[article.id].claim(claim, read.comparison, merges), file_name)
        for article, _, claims in read.prepared
        for claim in claims
    ]
    if as_json:
        print_json({"claims": records})
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Claims: who says so, and how firmly", title_justify="left")
    for column in ("file", "claim", "source", "hedges"):
        table.add_column(column)
    for record in records:
        source = record["source"]
        who = ""
        if source is not None:
            who = source["entity"] or source["text"]
            who += f" (via {source['via']})" if source["via"] else ""
        table.add_row(
            Text(single_line(record["file"])),
            Text(single_line(record["text"])),
            Text(single_line(who)),
            Text(", ".join(single_line(h["text"]) for h in record["hedges"]), style="italic"),
        )
    Console().print(table)


# --- newsdesk figures ----------------------------------------------------------------------


def figures_parser() -> argparse.ArgumentParser:
    return command_parser(
        "figures",
        "The figures board: every counted thing as a row, one column per article with the "
        "figure as written, its range, who states it and its hedges; clashes first.",
        files="two or more articles",
        json="the board",
        db="use the entity and figures-board decisions kept in this desk database",
        db_default=False,
    )


def run_figures(args: argparse.Namespace) -> int:
    """Print the figures board of the files."""
    return _run_reading(args, at_least=2, show=_show_board)


def _show_board(read: _Reading, as_json: bool) -> None:
    from annotations.figures_board import figures_board

    board = figures_board(read.prepared, read.comparison, sourcing=read.sourcings, **read.decisions)
    if as_json:
        print_json(board.to_json(_file_names(read.prepared)))
        return
    _print_board(board, [article for article, _, _ in read.prepared])


def _print_board(board: FiguresBoard, articles: Sequence[Article]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from annotations.figures_board import range_text

    console = Console()
    short = print_article_legend(console, articles)
    table = Table(title="Figures board: clash first", title_justify="left", show_lines=True)
    table.add_column("verdict")
    table.add_column("counts")
    for article in articles:
        table.add_column(short[article.id])
    style = {"agree": "green", "clash": "bold red", "one-side": "yellow"}
    for row in board.rows:
        cells = []
        for article in articles:
            lines = []
            for entry, times in row.distinct(article.id):
                line = Text(single_line(entry.mention.text), style="bold")
                line.append(f" ×{times}" if times > 1 else "")
                line.append(f"  {range_text(entry.mention)}", style="dim")
                if entry.source_label:
                    line.append(f"\n  {single_line(entry.source_label)}")
                if entry.hedges:
                    hedges = ", ".join(single_line(h.text) for h in entry.hedges)
                    line.append(f"\n  hedged: {hedges}", style="italic")
                lines.append(line)
            cells.append(Text("\n").join(lines))
        table.add_row(
            Text(row.status, style=style[row.status]), Text(single_line(row.counts)), *cells
        )
    console.print(table)
