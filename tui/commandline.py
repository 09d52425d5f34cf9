"""What every `newsdesk` subcommand shares: the desk's default place, --db, and failing clearly."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_data_path

from annotations.safe_text import single_line

__all__ = [
    "EXIT_USAGE",
    "Command",
    "add_db_option",
    "desk_path",
    "default_db_path",
    "fail",
]

EXIT_USAGE = 2
"""Exit status for bad input: a file or a database that cannot be used, or nothing done."""

Command = tuple[Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]
"""A subcommand: its parser factory and the function that runs it."""


def default_db_path() -> Path:
    """The desk database in the user data directory."""
    return user_data_path("newsdesk", appauthor=False) / "desk.json"


def desk_path(args: argparse.Namespace) -> Path:
    """The desk database a command was given with --db, else the default one."""
    db: Path | None = args.db
    return db if db is not None else default_db_path()


def add_db_option(parser: argparse.ArgumentParser, what: str = "the desk database") -> None:
    """Add --db PATH, naming the default in its help."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        # argparse %-formats help text: a "%" in a home folder's name must stay a "%".
        help=f"{what} (default: {str(default_db_path()).replace('%', '%%')})",
    )


def fail(message: str) -> int:
    """Print a one-line message (never control characters) and return EXIT_USAGE."""
    print(f"newsdesk: {single_line(message)}", file=sys.stderr)
    return EXIT_USAGE
