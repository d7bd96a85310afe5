"""Shared fixtures: a fresh database file per test."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

# The suite speaks English whatever the machine's locale (a test that wants Chinese asks for it);
# set before rentrack is imported, and inherited by the processes the tests start.
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"

import pytest  # noqa: E402

from tracker.i18n import reset_language  # noqa: E402
from tracker.services import open_store  # noqa: E402


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test starts in English, with no language chosen, and leaves it so."""
    reset_language()
    yield
    reset_language()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a database file that does not exist yet."""
    return tmp_path / "rentrack.db"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    """An open, migrated, empty store."""
    connection = open_store(db_path)
    yield connection
    connection.close()


#: The tests that drive the app (Pilot, snapshots) and those that run rentrack as processes over
#: generated data: the rest, the domain and the CLI in-process, run in seconds (``make test-fast``).
APP_TESTS = frozenset({
    "test_app_flows", "test_app_keys", "test_app_screens", "test_app_scale", "test_app_styles", "test_markup", "test_snapshots",
    "test_timeline", "test_app_typing", "test_app_forms", "test_app_reports", "test_app_owner", "test_app_yard",
    "test_app_polish", "test_app_vip", "test_app_daily", "test_app_import", "test_i18n_reports", "test_i18n_screens",
    "test_i18n_forms", "test_app_chinese",
})
SLOW_TESTS = frozenset({"test_reliability_import", "test_reliability_concurrency", "test_reliability_backup",
                        "test_file_safety"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test ``app`` or ``slow`` by its module (see :data:`APP_TESTS`, :data:`SLOW_TESTS`)."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in APP_TESTS:
            item.add_marker(pytest.mark.app)
        elif module in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the owner's real database."""
    monkeypatch.setenv("RENTRACK_DB", str(tmp_path / "default.db"))
