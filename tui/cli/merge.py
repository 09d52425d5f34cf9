"""`newsdesk merge`: one team desk holding every analyst's tags, notes, links and decisions."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from annotations.analysts import shown_analyst
from annotations.safe_text import single_line
from tui.cli.common import command_parser, fail

__all__ = ["desks_parser", "parser", "run"]


def desks_parser(
    command: str, description: str, *, json: str | None = None
) -> argparse.ArgumentParser:
    """The parser of a command over analysts' desk files (`merge`, `agreement`)."""
    parser = command_parser(command, description, json=json)
    parser.add_argument("desks", nargs="+", metavar="DESK", type=Path, help="desk files")
    return parser


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk merge`."""
    parser = desks_parser(
        "merge",
        (
            "Merge analysts' desks into one team desk: the same claim tagged on several desks "
            "becomes one claim holding every analyst's verdicts, notes and history; where "
            "analysts disagree the claim is marked in conflict (open the team desk with "
            "newsdesk --db TEAM.json and press i to go through them). The desks are only read."
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="TEAM.json",
        type=Path,
        help=(
            "the team desk to write; one already there is merged into (its settlements, "
            "notes and decisions kept); never one of the desks merged; required"
        ),
    )
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the team desk and say what it holds."""
    from annotations.team.desks import merge_desk_files
    from annotations.team.verdicts import in_conflict

    if args.output is None:
        return fail("give the team desk to write with -o TEAM.json")
    result = merge_desk_files(args.desks, args.output)
    tags, content = result.team.tags, result.team.content
    conflicts = sum(1 for tag in tags if in_conflict(tag))
    decisions = sum(
        len(table)
        for name, table in content.items()
        if name not in ("meta", "tags", "articles", "links")
    )
    by_analyst = Counter(str(doc.get("analyst") or "") for doc in content["links"].values())
    linked = ", ".join(
        f"{shown_analyst(a) or 'unnamed'} {n}" for a, n in sorted(by_analyst.items())
    )
    carried = f"; {result.carried} tag(s) carried onto new versions" if result.carried else ""
    into = "the existing team desk " if result.into_existing else ""
    print(
        f"merged {len(args.desks)} desk(s) into {into}{single_line(str(result.path))}: "
        f"{len(tags)} claim(s), {conflicts} in conflict, "
        f"{len(content['links'])} link(s)" + (f" (by {linked})" if linked else "") + ", "
        f"{decisions} decision(s){carried}"
    )
    return 0
