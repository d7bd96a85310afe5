"""Read queries behind tasks and the day's list: open tasks, complaints waiting, returns due, unpaid rentals,
contacts' birthdays."""

from __future__ import annotations

import sqlite3
from typing import Any

from db.schema import COUNTING_SQL


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def tasks(
    conn: sqlite3.Connection,
    *,
    as_of: str,
    include_done: bool = False,
    customer: str | None = None,
    up_by: str | None = None,
) -> list[dict[str, Any]]:
    """Tasks with their customer's name, by the day they come up (snooze's end, else due), then ref.

    Open ones only (not done by *as_of*) unless *include_done*; only *customer*'s
    when given; only those coming up by *up_by* when given.
    """
    where, params = ["1"], {"as_of": as_of, "customer": customer, "up_by": up_by}
    if not include_done:
        where.append("(t.done_on IS NULL OR t.done_on > :as_of)")
    if customer is not None:
        where.append("t.customer = :customer")
    if up_by is not None:
        where.append("coalesce(t.snoozed_until, t.due) <= :up_by")
    return _rows(conn.execute(
        "SELECT t.ref, t.customer, c.name, t.kind, t.what, t.due, t.done_on, t.snoozed_until, t.note,"
        " coalesce(t.snoozed_until, t.due) AS comes_up"
        " FROM tasks AS t JOIN customers AS c ON c.code = t.customer"
        f" WHERE {' AND '.join(where)} ORDER BY comes_up, t.ref",
        params,
    ))


def complaints_waiting(conn: sqlite3.Connection, *, as_of: str) -> list[dict[str, Any]]:
    """Complaints opened by *as_of* and not resolved by then, oldest first."""
    return _rows(conn.execute(
        "SELECT k.ref, k.customer, c.name, k.opened_on, k.category, k.severity, k.description"
        " FROM complaints AS k JOIN customers AS c ON c.code = k.customer"
        " WHERE k.opened_on <= :as_of AND (k.resolved_on IS NULL OR k.resolved_on > :as_of)"
        " ORDER BY k.opened_on, k.ref",
        {"as_of": as_of},
    ))


def returns_due(conn: sqlite3.Connection, *, as_of: str) -> list[dict[str, Any]]:
    """Rentals on rent whose end date is *as_of* or before, with the unit's name, the longest due first."""
    return _rows(conn.execute(
        "SELECT r.ref, r.customer, c.name, r.equipment, e.name AS unit_name, r.end_date"
        " FROM rentals AS r INDEXED BY rentals_on_rent JOIN customers AS c ON c.code = r.customer"
        " LEFT JOIN equipment AS e ON e.code = r.equipment"
        " WHERE r.status = 'on-rent' AND r.end_date <= :as_of AND r.start_date <= :as_of"
        " ORDER BY r.end_date, r.ref",
        {"as_of": as_of},
    ))


def unpaid_rentals(conn: sqlite3.Connection, *, as_of: str, ended_before: str) -> list[dict[str, Any]]:
    """Counting rentals started by *as_of*, ended before *ended_before*, with paid < amount; the oldest first."""
    return _rows(conn.execute(
        "SELECT r.ref, r.customer, c.name, r.end_date, r.amount - r.paid AS owed"
        " FROM rentals AS r JOIN customers AS c ON c.code = r.customer"
        f" WHERE r.paid < r.amount AND r.end_date < :before AND r.start_date <= :as_of AND r.status IN {COUNTING_SQL}"
        " ORDER BY r.end_date, r.ref",
        {"as_of": as_of, "before": ended_before},
    ))


def birthdays(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Contacts with a birthday, with their customer's name (active customers only)."""
    return _rows(conn.execute(
        "SELECT p.ref, p.customer, c.name, p.name AS contact, p.role, p.birthday"
        " FROM contacts AS p JOIN customers AS c ON c.code = p.customer"
        " WHERE p.birthday IS NOT NULL AND c.archived_on IS NULL ORDER BY p.ref",
    ))
