"""The two bundled sample articles, opened when newsdesk is run without files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["seed_paths"]


def seed_paths() -> list[Path]:
    """Return the paths of the bundled seed articles, in a stable order."""
    folder = resources.files(__name__)
    return sorted(Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".txt"))
