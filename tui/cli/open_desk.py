"""`newsdesk [FILE ...]`: open the articles (or the library's picker, or the seeds) in the desk."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.common import (
    COMMANDS,
    EXIT_FAILURE,
    EXIT_USAGE,
    command_parser,
    desk_path,
    fail,
    load_articles,
)

if TYPE_CHECKING:
    from annotations.articles import Article
    from annotations.library import Library
    from annotations.store import Desk

__all__ = ["follow_edits", "parser", "run"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsdesk")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """--version that reads the installed version only when asked (it costs start-up time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object, **__: object) -> None:
        print(f"newsdesk {_version()}")
        parser.exit()


def _analyst_argument(text: str) -> str:
    from annotations.analysts import analyst_name

    try:
        return analyst_name(text, what="the name")
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _login_analyst() -> str:
    """The login name as the analyst; ValueError when it names no analyst."""
    import getpass

    from annotations.analysts import analyst_name

    try:
        login = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers; fall back quietly
        return "analyst"
    return analyst_name(login, what="your login name")


def parser() -> argparse.ArgumentParser:
    """The parser of `newsdesk [FILE ...]`."""
    parser = command_parser(
        "",
        "Read reports of one event side by side, see their names and figures highlighted, "
        "and tag each claim as confirmed or disputed. With no FILE, opens the bundled seeds.",
        db="the desk database",
        epilog=(
            f"other commands: newsdesk {' | '.join(COMMANDS)} (each takes --help). "
            "Press ? inside newsdesk for the keys."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="articles to open (.txt, .md)")
    parser.add_argument(
        "--analyst",
        metavar="NAME",
        type=_analyst_argument,
        help="who tags (default: your login name)",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    return parser


def run(args: argparse.Namespace) -> int:
    """Open the desk on the given files (or the seeds) until the analyst quits."""
    try:
        analyst: str = args.analyst or _login_analyst()
    except ValueError as error:
        return fail(f"{error}; give one with --analyst NAME")
    return _run_desk(args, analyst)


@contextmanager
def _drawn_on_the_terminal() -> Iterator[str | None]:
    """The desk's screen on the terminal the analyst sees, or why there is none.

    Textual draws on stderr: with it sent to a file or a pipe (`2>err.out`, `2>&1 | tail`)
    the desk would run unseen while keys still tag. Then it draws on stdout if that is the
    terminal, else on the process's terminal (/dev/tty), and stderr is given back when the
    desk closes (what is said after that goes where the analyst sent it). With no terminal
    at all the desk is refused (the message says why) before it opens.
    """
    if os.isatty(2):
        yield None
        return
    if os.isatty(1):
        screen = os.dup(1)
    else:
        try:
            screen = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY | os.O_CLOEXEC)
        except OSError:
            screen = -1
        if screen >= 0 and not os.isatty(screen):
            os.close(screen)
            screen = -1
    if screen < 0:
        yield (
            "the desk needs a terminal to draw on, and neither stdout nor stderr is one (nor "
            "is there a /dev/tty); run it in a terminal, or use export, report or list"
        )
        return
    sys.stderr.flush()
    kept = os.dup(2)
    os.dup2(screen, 2)
    os.close(screen)
    try:
        yield None
    finally:
        sys.stderr.flush()
        os.dup2(kept, 2)
        os.close(kept)


def _run_desk(args: argparse.Namespace, analyst: str) -> int:
    """Open the desk with `analyst` tagging, until they quit."""
    from annotations.collector import collector_paused
    from annotations.store import Desk
    from annotations.writer import DeskWriter
    from seeds import seed_paths
    from tui.app import NewsdeskApp

    db_path = desk_path(args)
    library = None
    if args.files:
        # Absolute paths, so that a later run from another folder recognises the same file.
        paths = [os.path.abspath(path) for path in args.files]
    else:
        library = _library_with_entries(db_path)
        paths = [] if library is not None else [str(path) for path in seed_paths()]
    articles, problems = load_articles(paths, once=True)
    if not articles and library is None:
        for problem in problems:
            fail(problem)
        return EXIT_USAGE
    # The app moves the desk's objects out of the collector's sight (`gc.freeze`); until then
    # a collection would walk every one of them (a tenth of a second at 100k tags).
    with collector_paused():
        desk = Desk.open(db_path)  # a desk that cannot be opened is said so first
    with _drawn_on_the_terminal() as refusal:
        if refusal is not None:
            desk.close()
            return fail(refusal)
        with collector_paused():
            try:
                problems.extend(follow_edits(desk, articles))
            except BaseException:
                desk.close()
                raise
            writer = DeskWriter(desk)
            app = NewsdeskApp(
                articles,
                desk,
                writer,
                analyst=analyst,
                db_label=str(db_path),
                warnings=problems,
                library=library,
            )
        try:
            app.run()
        finally:
            writer.flush()
            unsaved = writer.failed
            writer.close()
            desk.close()
    if unsaved:
        return fail(
            f"{unsaved} change(s) could not be written to {db_path}; "
            "they were shown as not saved in the desk. Check the disk and tag them again."
        )
    for message in app.exit_messages:
        fail(message)
    if app.crash is not None:
        return fail(app.crash, EXIT_FAILURE)
    return app.return_code or 0


def _library_with_entries(db_path: Path) -> Library | None:
    """The desk's library if anything was imported into it, else None (open the seeds)."""
    from annotations.library_files import library_folder

    if not library_folder(db_path).is_dir():
        return None  # nothing was ever imported (and the library module stays unloaded)
    from annotations.library import Library, LibraryError

    try:
        library = Library(db_path)
        return library if library.entries(latest_only=True) else None
    except (LibraryError, OSError):
        return None


def follow_edits(desk: Desk, articles: list[Article]) -> list[str]:
    """`annotations.revisions.follow_edits`, whose code is loaded only when a desk opens."""
    from annotations.revisions import follow_edits as carry_and_say

    return carry_and_say(desk, articles)
