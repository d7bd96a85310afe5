"""Read queries behind a customer's visit brief: its open complaints, last interactions, rentals in a window,
its contacts' birthdays."""

from __future__ import annotations

import sqlite3
from typing import Any

from db.schema import COUNTING_SQL


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def open_complaints(conn: sqlite3.Connection, code: str, *, as_of: str) -> list[dict[str, Any]]:
    """*code*'s complaints opened by *as_of* and not resolved by then, oldest first."""
    return _rows(conn.execute(
        "SELECT ref, opened_on, category, severity, description FROM complaints"
        " WHERE customer = ? AND opened_on <= ? AND (resolved_on IS NULL OR resolved_on > ?)"
        " ORDER BY opened_on, ref",
        (code, as_of, as_of),
    ))


def last_interactions(conn: sqlite3.Connection, code: str, *, as_of: str, limit: int) -> list[dict[str, Any]]:
    """*code*'s latest *limit* interactions dated by *as_of*, the newest first."""
    return _rows(conn.execute(
        "SELECT ref, date, kind, note FROM interactions WHERE customer = ? AND date <= ?"
        " ORDER BY date DESC, ref DESC LIMIT ?",
        (code, as_of, limit),
    ))


def rentals_started(conn: sqlite3.Connection, code: str, *, after: str, as_of: str) -> list[dict[str, Any]]:
    """*code*'s counting rentals started in (*after*, *as_of*], by start."""
    return _rows(conn.execute(
        "SELECT ref, start_date, end_date, amount, notes FROM rentals"
        f" WHERE customer = ? AND start_date > ? AND start_date <= ? AND status IN {COUNTING_SQL}"
        " ORDER BY start_date, ref",
        (code, after, as_of),
    ))


def contact_birthdays(conn: sqlite3.Connection, code: str) -> list[dict[str, Any]]:
    """*code*'s contacts with a birthday."""
    return _rows(conn.execute(
        "SELECT ref, name, role, phone, birthday FROM contacts WHERE customer = ? AND birthday IS NOT NULL"
        " ORDER BY ref",
        (code,),
    ))
