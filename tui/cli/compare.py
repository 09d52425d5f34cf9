"""`newsdesk compare`: entities, figure alignment and claim matches across two or more files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.safe_text import single_line
from tui.cli.common import (
    command_parser,
    desk_decisions,
    fail,
    print_article_legend,
    print_json,
)

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.compare import ClaimMatch, Comparison

__all__ = ["parser", "run"]


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk compare`."""
    return command_parser(
        "compare",
        "Compare reports of one event: the same names across articles, figures that agree, "
        "clash or appear on one side only, and the best matching claims.",
        files="two or more articles",
        json="the comparison",
        db="use the merges, splits and aliases kept in this desk database",
        db_default=False,
    )


def run(args: argparse.Namespace) -> int:
    """Compare the files and print entities, figure alignment and claim matches."""
    from annotations.detection import collector_paused

    # Two long reports make millions of spans, claims, features and records and no cycles
    # worth collecting before the command ends: the collector's passes over them would cost
    # a third of the comparison.
    with collector_paused():
        return _compare_files(args)


def _compare_files(args: argparse.Namespace) -> int:
    from annotations.compare import compare
    from tui.cli.sourcing import read_articles, shaped_claims, sources_of_figures

    prepared, problems = read_articles(args.files)
    if len(prepared) < 2:
        # One line, saying why: what could not be read is the reason.
        why = f": {'; '.join(problems)}" if problems else ""
        return fail(f"compare needs at least two different readable articles{why}")
    for problem in problems:
        fail(problem)  # compared without them: each said, on its own line
    # A desk that cannot be read is reported by the command's error boundary.
    prepared = shaped_claims(prepared, args.db)
    comparison = compare(prepared, **desk_decisions(args.db))
    articles = [article for article, _, _ in prepared]
    names = {article.id: Path(article.path or article.id).name for article in articles}
    if args.json:
        document = comparison.to_json(lambda article_id: names.get(article_id, article_id))
        sources_of_figures(document, prepared, comparison)
        print_json(document)
        return 0
    _print_comparison(comparison, articles)
    return 0


def _print_comparison(comparison: Comparison, articles: list[Article]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    order = [article.id for article in articles]
    short = print_article_legend(console, articles)
    entities = Table(title="Names: one entity, many spellings", title_justify="left")
    entities.add_column("entity")
    entities.add_column("label")
    for article_id in order:
        entities.add_column(short[article_id], justify="right")
    entities.add_column("spellings")
    shared = sorted(
        comparison.entities, key=lambda e: (-len(e.article_ids), -len(e.mentions), e.name)
    )
    for entity in shared:
        counts = [
            str(sum(1 for m in entity.mentions if m.article_id == article_id))
            for article_id in order
        ]
        entities.add_row(
            Text(single_line(entity.name)),
            entity.label,
            *counts,
            Text(" / ".join(single_line(s) for s in entity.spellings)),
        )
    console.print(entities)
    figures = Table(title="Figures: agree, clash, or one side only", title_justify="left")
    figures.add_column("status")
    figures.add_column("counts")
    figures.add_column("figures")
    style = {"agree": "green", "clash": "bold red", "one-side": "yellow"}
    for group in sorted(
        comparison.figures, key=lambda g: ("agree", "clash", "one-side").index(g.status)
    ):
        figures.add_row(
            Text(group.status, style=style.get(group.status, "")),
            Text(single_line(group.counts)),
            Text(
                "\n".join(
                    f"{short.get(m.article_id, '?')}: {single_line(m.text)}"
                    f" — {_opening(m.sentence, 90)}"
                    for m in group.mentions
                )
            ),
        )
    console.print(figures)
    matches = Table(title="Claims: the same statement in another report", title_justify="left")
    matches.add_column("score", justify="right")
    matches.add_column("claim")
    matches.add_column("best match")
    best: dict[tuple[str, int], ClaimMatch] = {}
    for match in comparison.matches:
        key = (match.claim.article_id, match.claim.start)
        if key not in best or match.score > best[key].score:
            best[key] = match
    for match in sorted(best.values(), key=lambda m: -m.score):
        matches.add_row(
            f"{match.score:.2f}",
            Text(f"{short[match.claim.article_id]}: {single_line(match.claim.text)}"),
            Text(f"{short[match.match.article_id]}: {single_line(match.match.text)}"),
        )
    console.print(matches)


def _opening(sentence: str, width: int) -> str:
    """`single_line(sentence)[:width]`, reading only the opening: a sentence of thousands of
    figures is shown once for each of them."""
    head = sentence[:width]
    if "\U0001f3f4" in head:
        # A flag's tag characters, kept only whole, may run past the cut: read it all.
        head = sentence
    return single_line(head)[:width]
