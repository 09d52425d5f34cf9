"""The code version that keys the analysis cache counts the package's source files alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotations import analysis_cache
from annotations.analysis_cache import package_digest


@pytest.fixture
def package(tmp_path: Path) -> Path:
    root = Path(analysis_cache.__file__).parent
    copy = tmp_path / "annotations"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


STRAYS = {
    "a .pyc.<pid> left by an interpreter writing beside another": (
        "__pycache__/names.cpython-311.pyc.48213"
    ),
    "one deeper down": "detection/__pycache__/names.cpython-311.pyc.7",
    "another Python's compiled file": "detection/__pycache__/names.cpython-312.pyc",
    "any file in __pycache__": "__pycache__/notes",
    "an editor's swap file": "detection/.names.py.swp",
    "a merge tool's copy": "detection/names.py.orig",
    "a swap file among the word lists": "data/.places.txt.swp",
    "a core dump": "core.12345",
}


@pytest.mark.parametrize("stray", STRAYS.values(), ids=STRAYS.keys())
def test_stray_files_leave_the_code_version_as_it_is(package: Path, stray: str) -> None:
    before = package_digest(package)
    path = package / stray
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00stray bytes")
    assert package_digest(package) == before


@pytest.mark.parametrize(
    ("source", "content"),
    [
        ("detection/names.py", "# a comment\n"),
        ("detection/new_rules.py", "RULES = ()\n"),
        ("data/places.txt", "Mayadeen\n"),
        ("data/more_places.txt", "Mayadeen\n"),
    ],
)
def test_a_source_file_added_or_edited_changes_it(package: Path, source: str, content: str) -> None:
    before = package_digest(package)
    path = package / source
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(old + content, encoding="utf-8")
    assert package_digest(package) != before
