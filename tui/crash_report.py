"""When the desk itself fails: one line for the analyst, the details in a file to report.

Textual ends an app that raised (in a handler, a worker, its input thread) by printing a
traceback with the values of its variables: pages of text where the analyst's terminal had the
desk, and values that are article text, notes and file names nobody vetted. The desk prints
one line instead (`crash_line`), with the exit status 1, and keeps the traceback in a file of
its own under the user's state folder for the report.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console, RenderableType

from annotations.files import describe_os_error, write_atomically
from annotations.safe_text import single_line

__all__ = ["crash_folder", "crash_line"]


def crash_folder() -> Path:
    """Where the desk keeps the details of its failures."""
    from platformdirs import user_state_path

    return user_state_path("newsdesk", appauthor=False) / "crashes"


def crash_line(renderables: Sequence[RenderableType], folder: Path | None = None) -> str:
    """One line saying the desk failed, naming the error, and where its details were kept.

    `renderables` are what Textual would have printed (its tracebacks): rendered as plain
    text, without colour, into a new file in `folder` (default `crash_folder()`)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, force_terminal=False)
    for renderable in renderables:
        console.print(renderable)
    details = buffer.getvalue()
    lines = [line.strip() for line in details.splitlines() if line.strip()]
    error = lines[-1] if lines else "unknown error"
    line = f"the desk stopped on an internal error ({single_line(error)[:200]})"
    where = folder or crash_folder()
    try:
        where.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        path = where / f"crash-{stamp}-{time.monotonic_ns() % 1_000_000:06d}.txt"
        write_atomically(path, details.encode("utf-8", "backslashreplace"))
    except OSError as exc:
        return f"{line}; its details could not be kept ({describe_os_error(exc)})"
    return (
        f"{line}; the details are in {single_line(str(path))}: please report it. "
        "Changes shown as saved are in the desk."
    )
