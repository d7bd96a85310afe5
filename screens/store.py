"""Connections for worker threads: each worker opens its own and closes it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A reader connection for the calling thread (never takes the write lock)."""
    from tracker.views import open_reader

    conn = open_reader(path)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def writing(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection for services that write (waits for another writer, then retries)."""
    from tracker.services import open_store

    conn = open_store(path)
    try:
        yield conn
    finally:
        conn.close()


def is_locked(exc: BaseException) -> bool:
    """Whether *exc* is SQLite saying another process holds the write lock."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)
