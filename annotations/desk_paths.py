"""The files a desk keeps beside it, and the check that an output never lands on one of them.

A desk `notes.json` is more than that file: its journal `notes.json.journal` holds the changes
not yet compacted into it, `notes.json.lock` says which newsdesk has it open, and the folders
`notes.library` and `notes.analysis` hold its imported articles and its analysis cache. A file
a command writes (an export, a brief, a team desk) must never replace any of them: writing a
CSV over the desk or its journal would lose every tag in it.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotations.analysis_cache import analysis_folder
from annotations.library_files import library_folder

__all__ = ["desk_companion", "desk_files", "same_file"]


def desk_files(db_path: str | os.PathLike[str]) -> tuple[list[Path], list[Path]]:
    """The desk's own files (desk, journal, lock) and the folders it keeps beside it."""
    db = Path(db_path)
    files = [db, db.with_name(db.name + ".journal"), db.with_name(db.name + ".lock")]
    return files, [library_folder(db), analysis_folder(db)]


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links and `..` too), existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def desk_companion(target: str | os.PathLike[str], db_path: str | os.PathLike[str]) -> str | None:
    """What of desk `db_path` writing `target` would replace ("the desk", "its journal", ...),
    or None when `target` is none of its files and lies in none of its folders."""
    path = Path(target)
    files, folders = desk_files(db_path)
    for name, own in zip(("the desk", "its journal", "its lock"), files, strict=True):
        if same_file(path, own):
            return f"{name} {own}"
    resolved = Path(os.path.realpath(path))
    for name, folder in zip(("its library", "its analysis cache"), folders, strict=True):
        if resolved.is_relative_to(os.path.realpath(folder)):
            return f"{name} {folder}"
    return None
