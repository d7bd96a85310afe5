"""Imports point one way: screens -> tracker -> db."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(package: str) -> list[tuple[Path, int, str]]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path, node.lineno, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path, node.lineno, node.module))
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


def test_db_imports_neither_tracker_nor_screens_nor_textual() -> None:
    bad = [(p.name, n, m) for p, n, m in _imports("db") if _top(m) in {"tracker", "screens", "textual", "click"}]
    assert bad == []


def test_tracker_imports_no_textual_and_no_screens_but_the_cli_launch() -> None:
    bad = []
    for path, line, module in _imports("tracker"):
        if _top(module) == "textual":
            bad.append((path.name, line, module))
        if _top(module) == "screens" and not (path.parent.name == "cli" and path.name == "main.py" and module == "screens.app"):
            bad.append((path.name, line, module))
    assert bad == []


def test_core_and_cli_load_without_textual() -> None:
    code = (
        "import sys, importlib, pkgutil, tracker, db\n"
        "for pkg in (db, tracker):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "print('textual' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
