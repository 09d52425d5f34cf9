"""`newsdesk agreement`: how far analysts' verdicts on the same claims agree."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from annotations.analysts import shown_analyst
from annotations.safe_text import single_line
from tui.cli.common import print_json
from tui.cli.merge import desks_parser

if TYPE_CHECKING:
    from annotations.team.agreement import Agreement

__all__ = ["parser", "run"]


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk agreement`."""
    parser = desks_parser(
        "agreement",
        (
            "Measure how far analysts agree on the claims two or more of them tagged: observed "
            "agreement, Cohen's kappa (two analysts), Krippendorff's alpha (nominal, any "
            "number), and the claims they disagree on. Give each analyst's desk, or a team "
            "desk made by newsdesk merge."
        ),
        json="the figures and the disagreements",
    )
    return parser


def _figure(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def _print_text(agreement: Agreement) -> None:
    names = ", ".join(shown_analyst(name) for name in agreement.analysts)
    if not names and agreement.judges:
        everyone = ", ".join(shown_analyst(name) for name in agreement.judges)
        names = f"none on the same claim (verdicts by {everyone})"
    print(f"analysts: {names or 'none'}")
    print(f"claims tagged by at least two analysts: {agreement.claims}")
    print(f"observed agreement: {_figure(agreement.observed)}")
    print(f"Cohen's kappa: {_figure(agreement.kappa)}")
    print(f"Krippendorff's alpha (nominal): {_figure(agreement.alpha)}")
    for note in agreement.notes:
        print(f"note: {single_line(note)}")
    print(f"disagreements: {len(agreement.disagreements)}")
    for d in agreement.disagreements:
        verdicts = ", ".join(f"{shown_analyst(a)} {v}" for a, v in d.verdicts.items())
        claim = single_line(d.claim)
        claim = claim if len(claim) <= 80 else claim[:79] + "…"
        title = single_line(d.article_title or d.article_id)
        print(f"  {d.claim_id}  “{claim}” ({title}): {verdicts}")


def run(args: argparse.Namespace) -> int:
    """Print the agreement of the desks' analysts."""
    from annotations.team.agreement import measure_agreement
    from annotations.team.desks import merged_content

    team, _ = merged_content(args.desks)
    tags, content = team.tags, team.content
    titles = {
        doc["id"]: doc["title"]
        for doc in content["articles"].values()
        if isinstance(doc.get("title"), str)
    }
    agreement = measure_agreement(tags, titles)
    if args.json:
        print_json(agreement.to_json())
    else:
        _print_text(agreement)
    return 0
