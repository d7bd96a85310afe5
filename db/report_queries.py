"""Read queries behind the reports: per-unit figures over a window of days."""

from __future__ import annotations

import sqlite3

from db.schema import COUNTING_SQL


def unit_figures(conn: sqlite3.Connection, *, first: str, last: str) -> list[tuple]:
    """Per unit, over the days *first* to *last* (ISO, both included):

    (code, name, category, status, days out on counting rentals within the window, counting rentals
    starting in it, their amounts, their costs, the cost of its upkeep done in it), by code.
    """
    return conn.execute(
        f"""WITH out AS (
                SELECT equipment,
                       total(julianday(min(end_date, :last)) - julianday(max(start_date, :first)) + 1) AS days
                FROM rentals
                WHERE equipment IS NOT NULL AND status IN {COUNTING_SQL}
                  AND start_date <= :last AND end_date >= :first
                GROUP BY equipment
            ), money AS (
                SELECT equipment, count(*) AS rentals, total(amount) AS amount, total(cost) AS cost
                FROM rentals
                WHERE equipment IS NOT NULL AND status IN {COUNTING_SQL} AND start_date BETWEEN :first AND :last
                GROUP BY equipment
            ), work AS (
                SELECT unit, total(cost) AS cost FROM upkeep WHERE date BETWEEN :first AND :last GROUP BY unit
            )
            SELECT e.code, e.name, e.category, e.status, coalesce(o.days, 0), coalesce(m.rentals, 0),
                   coalesce(m.amount, 0), coalesce(m.cost, 0), coalesce(w.cost, 0)
            FROM equipment AS e
            LEFT JOIN out AS o ON o.equipment = e.code
            LEFT JOIN money AS m ON m.equipment = e.code
            LEFT JOIN work AS w ON w.unit = e.code
            ORDER BY e.code""",
        {"first": first, "last": last},
    ).fetchall()


def monthly_rentals(conn: sqlite3.Connection, *, first: str, last: str) -> list[tuple[str, int, int, int]]:
    """(month, counting rentals starting in it, their amounts, their costs) for the days *first* to *last*."""
    return conn.execute(
        f"""SELECT substr(start_date, 1, 7), count(*), total(amount), total(cost) FROM rentals
            WHERE status IN {COUNTING_SQL} AND start_date BETWEEN :first AND :last
            GROUP BY 1 ORDER BY 1""",
        {"first": first, "last": last},
    ).fetchall()


def monthly_compensation(conn: sqlite3.Connection, *, first: str, last: str) -> list[tuple[str, int]]:
    """(month, compensation of the complaints opened in it) for the days *first* to *last*."""
    return conn.execute(
        """SELECT substr(opened_on, 1, 7), total(compensation) FROM complaints
           WHERE opened_on BETWEEN :first AND :last AND compensation > 0 GROUP BY 1 ORDER BY 1""",
        {"first": first, "last": last},
    ).fetchall()


def complaints_by_month(conn: sqlite3.Connection, *, first: str, last: str) -> list[tuple[str, str, int]]:
    """(month, category, complaints opened) for the days *first* to *last*."""
    return conn.execute(
        """SELECT substr(opened_on, 1, 7), category, count(*) FROM complaints
           WHERE opened_on BETWEEN :first AND :last GROUP BY 1, 2 ORDER BY 1, 2""",
        {"first": first, "last": last},
    ).fetchall()
