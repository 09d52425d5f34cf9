"""The files a folder import reads: each supported file under a folder, and the folders in it
that could not be read (said, never skipped in silence)."""

from __future__ import annotations

import os
from collections.abc import Collection

__all__ = ["files_in"]


def files_in(
    folder: str | os.PathLike[str], suffixes: Collection[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """((path, its path from `folder` with `/`) of each file under `folder` whose suffix, in
    lower case, is one of `suffixes`, sorted by the second; (folder, why) of each folder that
    could not be read). Hidden files and folders are skipped; links to folders not followed
    (a link back up the tree would never end)."""
    found: list[tuple[str, str]] = []
    unreadable: list[tuple[str, str]] = []

    def unread(exc: OSError) -> None:
        why = (exc.strerror or str(exc)).lower()
        unreadable.append((os.fspath(exc.filename or folder), why))

    for root, dirs, files in os.walk(folder, onerror=unread):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        inside = os.path.relpath(root, folder).replace(os.sep, "/")
        prefix = "" if inside == "." else f"{inside}/"
        for name in files:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in suffixes:
                found.append((os.path.join(root, name), prefix + name))
    return sorted(found, key=lambda item: item[1]), sorted(unreadable)
