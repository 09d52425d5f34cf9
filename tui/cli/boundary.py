"""The one error boundary every `newsdesk` command runs inside: one line and an exit code."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from annotations.files import describe_os_error, making_room
from tui.cli.common import EXIT_FAILURE, EXIT_USAGE, fail

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "guarded",
    "room_from_analysis_caches",
]

EXIT_INTERRUPTED = 130
"""Exit status after Ctrl-C, as a shell reports a command killed by SIGINT."""

EXIT_BROKEN_PIPE = 1
"""Exit status when the reader of the output went away (`newsdesk list | head -1`): the
status Rich gives its tables in that case, so every command ends alike."""

EXIT_INTERNAL = 70
"""Exit status for a fault in newsdesk itself (EX_SOFTWARE)."""


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _safe_streams() -> None:
    """Let stdout and stderr print any string: a file name that is not valid in the
    terminal's encoding (a Latin-1 name under a UTF-8 locale) is shown escaped, not fatal."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _where(exc: OSError) -> str:
    name = exc.filename
    if name is None:
        return ""
    return f"{os.fsdecode(name)}: "


_WORK_REFUSED = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO}
)
"""What the system answers when the work, not its input, cannot be done: the disk is full,
the quota spent, the file or the disk may not be written, the device failed."""


def _work_refused(exc: BaseException) -> bool:
    """Whether `exc` was raised over an OSError in `_WORK_REFUSED` (even one raised `from
    None` to keep the message to one line: its context is kept)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, OSError) and cause.errno in _WORK_REFUSED:
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _own_errors() -> tuple[type[Exception], ...]:
    """The errors whose message already names the file and says why (imported only when an
    exception is being matched, so a command that succeeds never pays for them)."""
    from annotations.articles import ArticleError
    from annotations.export import ExportError
    from annotations.library import LibraryError
    from annotations.storage import DeskError

    return (DeskError, LibraryError, ArticleError, ExportError)


def _flush_help() -> None:
    """Write out what `--help` printed; when that fails (/dev/full), say so in one line and
    end with a failure status instead of the help's success."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        raise SystemExit(EXIT_BROKEN_PIPE) from None
    except OSError as exc:
        _quiet_stdout()
        raise SystemExit(
            fail(f"cannot write the output: {describe_os_error(exc)}", EXIT_FAILURE)
        ) from None


def guarded(run: Callable[[], int]) -> int:
    """Run a command and turn whatever it raises into one line on stderr and an exit code.

    The desk's, the library's and the import's own errors already name their file; OSError
    (a full disk, /dev/full, no permission), a broken pipe, Ctrl-C, a text that cannot be
    encoded, and any other fault each end in one line too: never a traceback.
    """
    _safe_streams()
    try:
        status = run()
        sys.stdout.flush()
        return status
    except SystemExit as exit_:
        # argparse's --help and usage errors: already said; and matching them against the
        # clauses below would import the whole domain for nothing. Only the help text may
        # still sit in the buffer: a help that could not be written is a failure too.
        if exit_.code in (0, None):
            _flush_help()
        raise
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader has all it wanted (`| head -1`): nothing to report.
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except _own_errors() as exc:
        # A desk or file that cannot be used is 2; one the system would not let the work
        # finish on (a full disk, no permission) is 1, as for any other OSError (the README).
        return fail(str(exc), EXIT_FAILURE if _work_refused(exc) else EXIT_USAGE)
    except OSError as exc:
        if exc.filename is None:
            # Writing the output failed (/dev/full): what is still buffered would fail again.
            _quiet_stdout()
        what = "cannot write the output" if exc.filename is None else "cannot use"
        return fail(f"{_where(exc)}{what}: {describe_os_error(exc)}", EXIT_FAILURE)
    except UnicodeError as exc:
        return fail(f"a text could not be encoded or decoded ({exc})", EXIT_FAILURE)
    except RecursionError:
        return fail("the input is nested too deeply to read", EXIT_FAILURE)
    except MemoryError:
        return fail("not enough memory for this input", EXIT_FAILURE)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, not a trace
        return fail(
            f"internal error ({type(exc).__name__}: {exc}); please report it", EXIT_INTERNAL
        )


@contextlib.contextmanager
def room_from_analysis_caches(args: argparse.Namespace) -> Iterator[None]:
    """While a command runs, every durable write it makes (an export, a report, the desk, the
    library, a team desk) that finds the disk full empties the analysis cache of the desk in
    use (`--db`; for `merge`, the desks merged and the team desk) and is tried once more."""
    from tui.cli.common import desk_path

    desks: list[Path] = [desk_path(args)] if hasattr(args, "db") else []
    if isinstance(merged := getattr(args, "desks", None), list):
        team = getattr(args, "output", None)  # `agreement` writes no desk
        desks += [path for path in (*merged, team) if isinstance(path, Path)]
    with contextlib.ExitStack() as stack:
        for desk in desks:
            stack.enter_context(making_room(partial(_empty_cache, desk)))
        yield


def _empty_cache(desk: Path, written: Path | None) -> int:
    """Empty the analysis cache of `desk` (only entries newsdesk wrote, in a folder of its
    own) for a write to `written`; the bytes freed. Imported only when the disk is full."""
    from annotations.analysis_cache import AnalysisCache, analysis_folder

    folder = analysis_folder(desk.absolute())
    if written is not None and written.is_relative_to(folder):
        return 0  # the cache's own entry: it gives way to others, never to itself
    return AnalysisCache(folder, desk).make_room()
