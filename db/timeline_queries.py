"""Read queries behind the availability timeline: a page of units and their rentals over some days."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from db.schema import COUNTING_SQL


def units_page(conn: sqlite3.Connection, *, after: str | None, limit: int) -> list[dict[str, Any]]:
    """Units not retired, in code order after *after*: code, name, category, status."""
    rows = conn.execute(
        "SELECT code, name, category, status FROM equipment WHERE status <> 'retired' AND code > ?"
        " ORDER BY code LIMIT ?",
        (after or "", limit),
    ).fetchall()
    return [dict(r) for r in rows]


def unit_rentals(conn: sqlite3.Connection, units: list[str], *, first: str, last: str) -> list[tuple]:
    """Counting rentals of *units* out on some day of *first* to *last*, a unit not back yet included.

    (unit, ref, customer code, customer name, start, end, status), by unit and start.
    """
    params = (json.dumps(units, ensure_ascii=False), last, first)
    columns = "r.equipment, r.ref, r.customer, c.name, r.start_date, r.end_date, r.status"
    return conn.execute(
        f"""SELECT {columns} FROM rentals AS r JOIN customers AS c ON c.code = r.customer
            WHERE r.equipment IN (SELECT value FROM json_each(:units)) AND r.end_date >= :first
              AND r.start_date <= :last AND r.status IN {COUNTING_SQL}
            UNION
            SELECT {columns} FROM rentals AS r INDEXED BY rentals_on_rent JOIN customers AS c ON c.code = r.customer
            WHERE r.status = 'on-rent' AND r.end_date < :first AND r.start_date <= :last
              AND r.equipment IN (SELECT value FROM json_each(:units))
            ORDER BY 1, 5, 2""",
        {"units": params[0], "last": last, "first": first},
    ).fetchall()
