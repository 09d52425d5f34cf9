"""`newsdesk alias`: list the names treated as one entity, or add one to the desk."""

from __future__ import annotations

import argparse

from annotations.safe_text import single_line
from tui.cli.common import command_parser, desk_for_reading, desk_path, fail

__all__ = ["parser", "run"]


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk alias`."""
    parser = command_parser(
        "alias",
        "List the names newsdesk treats as one entity (ISIS, IS, ISIL, Daesh, ...), or add "
        "one: newsdesk alias 'Islamic State' 'Daech'. Added aliases are kept in the desk.",
        db="the desk database",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="CANONICAL ALIAS to add one")
    return parser


def run(args: argparse.Namespace) -> int:
    """Add an alias to the desk, or list the built-in and the desk's aliases."""
    from annotations.aliases import BUILTIN_ALIASES
    from annotations.store import Desk

    if len(args.names) not in (0, 2):
        return fail("give a canonical name and its alias, or nothing to list them")
    db_path = desk_path(args)
    if args.names:
        canonical, alias = args.names
        with Desk.open(db_path) as desk:
            try:
                desk.add_alias(canonical, alias)
            except ValueError as error:
                return fail(str(error))
        print(f"{single_line(alias)} is now another name for {single_line(canonical)}")
        return 0
    with desk_for_reading(db_path) as reading:
        added = reading.aliases() if reading is not None else {}
    for canonical, aliases in BUILTIN_ALIASES.items():
        print(f"{single_line(canonical)}: {', '.join(single_line(a) for a in aliases)}")
    for canonical, extra in added.items():
        names = ", ".join(single_line(a) for a in extra)
        print(f"{single_line(canonical)}: {names}  (added in this desk)")
    return 0
