"""The stored board: one row holding the last whole board computed, as text, and what it was computed for.

Whether it suits a given change count, date, settings and program is the
caller's question (:mod:`tracker.board`); the row is replaced, never updated
in part, so it is always whole.
"""

from __future__ import annotations

import sqlite3
from typing import Any


def load(conn: sqlite3.Connection) -> tuple[Any, ...] | None:
    """(changes, as_of, settings, version, recorded, board text) of the stored board, or None."""
    row = conn.execute(
        "SELECT changes, as_of, settings, version, recorded, board FROM board_cache WHERE id = 1"
    ).fetchone()
    return tuple(row) if row is not None else None


def save(
    conn: sqlite3.Connection, *, changes: int, as_of: str, settings: str, version: str, recorded: bool, board: str
) -> None:
    """Replace the stored board (call inside a write transaction)."""
    conn.execute(
        "INSERT OR REPLACE INTO board_cache (id, changes, as_of, settings, version, recorded, board)"
        " VALUES (1, ?, ?, ?, ?, ?, ?)",
        (changes, as_of, settings, version, int(recorded), board),
    )
