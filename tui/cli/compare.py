"""`newsdesk compare`: entities, figure alignment and claim matches across two or more files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.safe_text import single_line
from tui.cli.common import Parser, desk_for_reading, fail, load_articles, print_json

if TYPE_CHECKING:
    from annotations.articles import Article

__all__ = ["desk_decisions", "parser", "run"]


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk compare`."""
    parser = Parser(
        prog="newsdesk compare",
        description=(
            "Compare reports of one event: the same names across articles, figures that agree, "
            "clash or appear on one side only, and the best matching claims."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="two or more articles")
    parser.add_argument("--json", action="store_true", help="one JSON document")
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        help="use the merges, splits and aliases kept in this desk database",
    )
    return parser


def desk_decisions(db_path: Path | None) -> dict[str, object]:
    """The analyst's entity decisions and aliases stored in a desk, as compare() keywords."""
    if db_path is None:
        return {}
    with desk_for_reading(db_path) as desk:
        if desk is None:
            return {}
        from annotations.entity_decisions import entity_decisions

        return dict(entity_decisions(desk))


def run(args: argparse.Namespace) -> int:
    """Compare the files and print entities, figure alignment and claim matches."""
    from annotations.compare import compare_articles
    from tui.cli.sourcing import sources_of_figures

    articles, problems = load_articles(args.files)
    for problem in problems:
        fail(problem)
    if len(articles) < 2:
        return fail("compare needs at least two readable articles")
    decisions = desk_decisions(args.db)
    comparison = compare_articles(articles, **decisions)  # type: ignore[arg-type]
    names = {article.id: Path(article.path or article.id).name for article in articles}
    if args.json:
        document = comparison.to_json(lambda article_id: names.get(article_id, article_id))
        sources_of_figures(document, articles, comparison)
        print_json(document)
        return 0
    _print_comparison(comparison, articles)
    return 0


def _print_comparison(comparison: Any, articles: list[Article]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    order = [article.id for article in articles]
    short = {article.id: f"A{index + 1}" for index, article in enumerate(articles)}
    for article in articles:
        console.print(
            Text(f"{short[article.id]}  {single_line(article.title)}  ")
            + Text(single_line(article.path or ""), style="dim")
        )
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
                    f" — {single_line(m.sentence)[:90]}"
                    for m in group.mentions
                )
            ),
        )
    console.print(figures)
    matches = Table(title="Claims: the same statement in another report", title_justify="left")
    matches.add_column("score", justify="right")
    matches.add_column("claim")
    matches.add_column("best match")
    best: dict[tuple[str, int], Any] = {}
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
