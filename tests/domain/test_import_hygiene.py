"""The domain package never imports the terminal front end or its toolkits."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {"textual", "rich", "tui"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_annotations_source_imports_no_ui_module() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN)
        for path in (ROOT / "annotations").rglob("*.py")
        if imported_roots(path) & FORBIDDEN
    }
    assert offenders == {}


def test_the_ast_check_catches_a_ui_import(tmp_path: Path) -> None:
    leaky = tmp_path / "leaky.py"
    leaky.write_text("from textual.app import App\nimport rich.text\n", encoding="utf-8")
    assert imported_roots(leaky) & FORBIDDEN == {"textual", "rich"}


def test_import_linter_contract_holds() -> None:
    """The same rule through import-linter, which also sees indirect imports."""
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint_imports).exists():
        pytest.fail("lint-imports is not installed: install the test extra")
    result = subprocess.run(
        [lint_imports, "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def import_cycles(*packages: str) -> list[tuple[str, str]]:
    """Pairs of modules that import each other, directly or through others (imports inside
    functions and under TYPE_CHECKING count: a circle hidden there is still a circle)."""
    import grimp  # installed with import-linter

    graph = grimp.build_graph(*packages)
    cycles: set[tuple[str, str]] = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.find_shortest_chain(importer=imported, imported=module):
                cycles.add((min(module, imported), max(module, imported)))
    return sorted(cycles)


def test_no_module_imports_itself_through_others() -> None:
    assert import_cycles("annotations", "tui") == []


def test_the_cycle_check_sees_a_hidden_circle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "circle"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("import circle.b\n", encoding="utf-8")
    (package / "b.py").write_text("def late():\n    import circle.a\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("circle") == [("circle.a", "circle.b")]
