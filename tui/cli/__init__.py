"""The `newsdesk` command: open articles in the desk, or detect, export, compare from the shell.

Each subcommand is a module here with `parser()` and `run(args)`, imported only when that
command runs, so `newsdesk --help`, `detect`, `export` and `list` never load the terminal UI.
A new command is a module whose `parser()` starts from `common.command_parser` (the safe
parser, FILE..., --json, --db) and an entry in `common.COMMANDS`, which `--help` lists.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from tui.cli.boundary import guarded, room_from_analysis_caches
from tui.cli.common import COMMANDS, EXIT_FAILURE, EXIT_USAGE, default_db_path

__all__ = ["COMMANDS", "EXIT_FAILURE", "EXIT_USAGE", "default_db_path", "main"]


def _dispatch(arguments: list[str]) -> int:
    name = arguments[0] if arguments and arguments[0] in COMMANDS else None
    module = importlib.import_module(f"tui.cli.{COMMANDS[name] if name else 'open_desk'}")
    args = module.parser().parse_args(arguments[1:] if name else arguments)
    with room_from_analysis_caches(args):
        status: int = module.run(args)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsdesk` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return guarded(lambda: _dispatch(arguments))
    except SystemExit as exit_:
        # argparse's --help and usage errors; in-process callers get the status back.
        code = exit_.code
        return code if isinstance(code, int) else 0 if code is None else 1


if __name__ == "__main__":
    sys.exit(main())
