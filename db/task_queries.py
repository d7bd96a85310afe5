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


def visit_counts(conn: sqlite3.Connection, *, lo: str, as_of: str) -> tuple[int, int, dict[str, int]]:
    """Over the window (lo, as_of]: rentals returned in it (by the day they came back), how many of them
    had a return visit by *as_of*, and the visits dated in it by rating.

    A database with no return visit reads no rental (0 visited; the returned count is then 0 or 1:
    whether any rental came back in the window).
    """
    ratings = dict(conn.execute(
        "SELECT rating, count(*) FROM return_visits WHERE date > ? AND date <= ? GROUP BY rating", (lo, as_of)
    ).fetchall())
    returned_sql = (
        "FROM rentals INDEXED BY rentals_returned_date WHERE status = 'returned'"
        " AND coalesce(returned_on, end_date) > :lo AND coalesce(returned_on, end_date) <= :t"
    )
    params = {"lo": lo, "t": as_of}
    if conn.execute("SELECT 1 FROM return_visits LIMIT 1").fetchone() is None:
        return (1 if conn.execute(f"SELECT 1 {returned_sql} LIMIT 1", params).fetchone() else 0), 0, ratings
    returned = conn.execute(f"SELECT count(*) {returned_sql}", params).fetchone()[0]
    visited = conn.execute(
        "SELECT count(*) FROM rentals AS r WHERE r.status = 'returned'"
        " AND coalesce(r.returned_on, r.end_date) > :lo AND coalesce(r.returned_on, r.end_date) <= :t"
        " AND r.ref IN (SELECT rental FROM return_visits WHERE date <= :t)",
        params,
    ).fetchone()[0]
    return returned, visited, ratings


def visits_due(conn: sqlite3.Connection, *, as_of: str, returned_since: str) -> list[dict[str, Any]]:
    """Rentals that came back in [returned_since, as_of] with no return visit yet, the earliest back first."""
    return _rows(conn.execute(
        "SELECT r.ref, r.customer, c.name, coalesce(r.returned_on, r.end_date) AS back"
        " FROM rentals AS r INDEXED BY rentals_returned_date JOIN customers AS c ON c.code = r.customer"
        " WHERE r.status = 'returned' AND coalesce(r.returned_on, r.end_date) >= :since"
        " AND coalesce(r.returned_on, r.end_date) <= :t"
        " AND NOT EXISTS (SELECT 1 FROM return_visits AS v WHERE v.rental = r.ref AND v.date <= :t)"
        " ORDER BY back, r.ref",
        {"since": returned_since, "t": as_of},
    ))


def contacts_of(conn: sqlite3.Connection, customer: str) -> list[dict[str, Any]]:
    """The people at *customer*, by name then ref."""
    return _rows(conn.execute(
        "SELECT ref, customer, name, role, phone, wechat, birthday, notes FROM contacts"
        " WHERE customer = ? ORDER BY name, ref",
        (customer,),
    ))
