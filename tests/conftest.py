"""Shared fixtures: a fresh database file per test."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.services import open_store


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


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the owner's real database."""
    monkeypatch.setenv("RENTRACK_DB", str(tmp_path / "default.db"))
