"""The shape of the screens package: what only one module may do, what no module does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SCREENS = Path(__file__).resolve().parents[1] / "screens"

#: Names that open a database or run SQL; in ``screens`` only ``store.py`` calls them.
OPENERS = {"open_reader", "open_store", "connect", "execute", "executemany", "executescript"}


def _modules() -> list[Path]:
    return sorted(SCREENS.rglob("*.py"))


def _called_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def test_only_the_store_opens_the_database_and_nothing_in_screens_runs_sql() -> None:
    found = {
        str(path.relative_to(SCREENS)): sorted(_called_names(path) & OPENERS)
        for path in _modules()
        if path.name != "store.py"
    }
    assert {name: calls for name, calls in found.items() if calls} == {}
    assert _called_names(SCREENS / "store.py") & OPENERS == {"open_reader", "open_store"}


def test_screens_import_tracker_never_db() -> None:
    bad = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )
            bad += [(path.name, m) for m in modules if m.split(".")[0] in {"db", "sqlite_utils"}]
    assert bad == []


def _lines_matching(pattern: str) -> list[str]:
    """``file:line`` of every line of ``screens`` matching *pattern*."""
    return [
        f"{path.relative_to(SCREENS)}:{n}"
        for path in _modules()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]


def test_no_type_check_is_switched_off_in_screens() -> None:
    assert _lines_matching(r"#\s*type:\s*ignore") == []


def test_colours_are_named_styles_in_tcss_never_in_code() -> None:
    assert _lines_matching(r"#[0-9a-fA-F]{6}\b") == []


def test_every_named_style_is_declared_and_styled() -> None:
    """What app.tcss styles as ``.name--part`` some class declares in COMPONENT_CLASSES, and the other way round."""
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import screens

    declared: set[str] = set()
    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("screens."):
                declared |= set(cls.__dict__.get("COMPONENT_CLASSES", ()))
    tcss = (SCREENS / "app.tcss").read_text(encoding="utf-8")
    styled = set(re.findall(r"\.([a-z-]+--[a-z-]+)", re.sub(r"/\*.*?\*/", "", tcss, flags=re.S)))
    assert styled - declared == set()
    assert declared - styled == {"band--neutral"}  # a neutral score keeps the text's colour
