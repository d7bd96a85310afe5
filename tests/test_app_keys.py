"""Every key the app binds is in its help, and every key and palette command runs an action that exists."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, make_app, wait_for
from test_app_flows import started
from textual.actions import parse
from textual.binding import Binding
from textual.dom import DOMNode

#: How the help writes a key that has no ``key_display`` and is not a character.
KEY_WORDS = {"enter": "Enter", "escape": "Esc", "up": "↑", "down": "↓", "tab": "Tab"}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def classes_with_bindings() -> list[type[DOMNode]]:
    """Every app, screen and widget class in ``screens`` that declares key bindings of its own."""
    import screens

    found: dict[str, type[DOMNode]] = {}
    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("screens.") and "BINDINGS" in cls.__dict__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    return list(Binding.make_bindings(cls.__dict__["BINDINGS"]))


def written(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    if "+" in binding.key or len(binding.key) == 1:
        return binding.key
    return KEY_WORDS[binding.key]


def help_rows(screen: Any) -> set[tuple[str, str]]:
    """(key, what it does) for every row of every table the help screen shows; keys sharing a row split."""
    from rich.table import Table
    from textual.widgets import Static

    rows = set()
    for static in screen.query(Static):
        table = static.content
        if isinstance(table, Table):
            keys, whats = (list(column.cells) for column in table.columns)
            for key, what in zip(keys, whats):
                for one in str(key).split(" / "):
                    rows.add((one, str(what)))
    return rows


def test_the_app_and_its_screens_bind_keys() -> None:
    """Guard the guard: the search finds the app, the board, the forms and the pickers."""
    names = {cls.__name__ for cls in classes_with_bindings()}
    assert {"RentrackApp", "BoardScreen", "CustomerScreen", "FormScreen", "Picker", "HelpScreen"} <= names


def test_every_binding_of_every_screen_is_in_the_help(demo: Path) -> None:
    from screens.help import HelpScreen

    app = make_app(demo, watch=False)
    missing: list[str] = []

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = help_rows(app.screen)
        for cls in classes_with_bindings():
            for binding in own_bindings(cls):
                what = binding.tooltip or binding.description
                if not binding.tooltip or (written(binding), what) not in shown:
                    missing.append(f"{cls.__name__}: {binding.key} ({binding.action}) {what!r}")

    drive(app, scenario)
    assert missing == []


def _runs(cls: type[DOMNode], action: str) -> bool:
    """Whether *action*, bound on *cls*, names an action method of the class it goes to."""
    from screens.app import RentrackApp

    namespace, name, _ = parse(action)
    target = RentrackApp if namespace == "app" else cls
    return callable(getattr(target, f"action_{name}", None))


def test_every_key_runs_an_action_that_exists() -> None:
    bad = [
        f"{cls.__name__}: {binding.key} -> {binding.action}"
        for cls in classes_with_bindings()
        for binding in own_bindings(cls)
        if not _runs(cls, binding.action)
    ]
    assert bad == []


def test_every_palette_command_runs_an_action_of_the_app(demo: Path) -> None:
    """The palette offers each app-wide action once, under its title, and each runs a real action."""
    from screens.actions import ANYWHERE
    from screens.app import RentrackApp

    app = make_app(demo, watch=False)
    offered: dict[str, Any] = {}

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        offered.update({command.title: command.callback for command in app.get_system_commands(app.screen)})

    drive(app, scenario)
    ours = {a.title: a for a in ANYWHERE if a.title}
    assert set(ours) <= set(offered)
    for title, action in ours.items():
        callback = offered[title]
        assert callback.func == app.run_action and callback.args == (action.action,), title
        assert _runs(RentrackApp, action.action), title
    assert {"Log rental", "Undo last change", "Board", "Search customers"} <= set(ours)
