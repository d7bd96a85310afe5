"""Connections for worker threads: each worker opens its own and closes it.

The one place in ``screens`` that opens the database: screens, widgets and the
app call :func:`reading` or :func:`writing` from a thread worker (the
change-count watcher keeps one :func:`watching` connection), and hand the
connection to ``tracker`` services, which hold every query.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def reading(path: Path, *, busy_timeout_ms: int | None = None) -> Iterator[sqlite3.Connection]:
    """A reader connection for the calling thread (never takes the write lock).

    *busy_timeout_ms* bounds how long an occasional write on it (the board's
    tier history) waits for another writer.
    """
    from tracker.views import open_reader

    conn = open_reader(path, busy_timeout_ms=busy_timeout_ms)
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


def watching(path: Path) -> sqlite3.Connection:
    """A reader connection kept open between looks at the change count; any worker thread may use it.

    The caller closes it, and keeps two threads from using it at once.
    """
    from tracker.views import open_reader

    return open_reader(path, check_same_thread=False)
