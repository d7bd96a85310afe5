"""The stored board snapshot: the last whole board computed, its header and its rows.

Migration 4's triggers delete the header row on any write to a table the board
reads, so a header present means the rows still describe the data. Whether
they suit a given date, settings and code is the caller's question.
"""

from __future__ import annotations

import sqlite3
from typing import Any

#: The header's columns, in the order :func:`load_header` returns them.
HEADER_COLUMNS = ("as_of", "settings", "rules", "recorded", "n", "k", "cut_value", "figures")

#: A row's columns, in the order :func:`load_rows` returns and :func:`save` takes them.
ROW_COLUMNS = (
    "code", "name", "segment", "tier", "tier_change", "rank", "current_value", "potential",
    "potential_rated", "emotion", "band", "stage", "stage_rule", "next_follow_up",
    "follow_up_overdue",
)

#: An alert's columns: alerts row by row, each with its place in the board's list of alerts.
ALERT_COLUMNS = ("position", "code", "kind", "reason")


def load_header(conn: sqlite3.Connection) -> tuple[Any, ...] | None:
    """The snapshot's header (see :data:`HEADER_COLUMNS`), or None when there is no valid snapshot."""
    return conn.execute(f"SELECT {', '.join(HEADER_COLUMNS)} FROM board_snapshot WHERE id = 1").fetchone()


def load_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The snapshot's rows in board order (read in the same transaction as the header)."""
    return conn.execute(f"SELECT {', '.join(ROW_COLUMNS)} FROM board_rows ORDER BY position").fetchall()


def load_alerts(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The snapshot's alerts, row by row in board order (see :data:`ALERT_COLUMNS`)."""
    return conn.execute(f"SELECT {', '.join(ALERT_COLUMNS)} FROM board_alerts ORDER BY id").fetchall()


def save(
    conn: sqlite3.Connection,
    header: dict[str, Any],
    rows: list[tuple[Any, ...]],
    alerts: list[tuple[Any, ...]],
) -> None:
    """Replace the snapshot (call inside a write transaction)."""
    for table, columns, values in (("board_rows", ROW_COLUMNS, rows), ("board_alerts", ALERT_COLUMNS, alerts)):
        conn.execute(f"DELETE FROM {table}")
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", values)
    conn.execute(
        f"INSERT OR REPLACE INTO board_snapshot (id, {', '.join(HEADER_COLUMNS)})"
        f" VALUES (1, {', '.join('?' for _ in HEADER_COLUMNS)})",
        [header[c] for c in HEADER_COLUMNS],
    )
