"""Set-based SQL for bulk imports: a staging table, checks over it, and applying it.

An import first stages every valid row of a file in a temporary table
(``temp.import_rows``: the file's line number, then the entity's canonical
columns), then checks the staged rows as a whole (keys given twice, codes that
point nowhere, double-booked units) and finally applies them to the real table
with one ``UPDATE ... FROM`` and one ``INSERT ... SELECT``. Everything runs
inside the caller's transaction; nothing here decides what a problem means to
the owner beyond naming it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from db.schema import COUNTING_SQL, Table, busy_until

STAGING = "temp.import_rows"
#: Staged rows few enough to check one customer or unit at a time (a save from the app is one).
FEW = 1000


def create_staging(conn: sqlite3.Connection, entity: Table) -> None:
    """(Re)create the staging table for *entity*: ``line`` then the canonical columns."""
    conn.execute(f"DROP TABLE IF EXISTS {STAGING}")
    conn.execute(f"CREATE TEMP TABLE import_rows (line INTEGER PRIMARY KEY, {', '.join(entity.columns)})")


def drop_staging(conn: sqlite3.Connection) -> None:
    """Remove the staging table (and its indexes)."""
    conn.execute(f"DROP TABLE IF EXISTS {STAGING}")


def stage(conn: sqlite3.Connection, entity: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Add validated rows, each ``(line, *canonical values)``, to the staging table."""
    marks = ", ".join("?" * (len(entity.columns) + 1))
    conn.executemany(f"INSERT INTO {STAGING} VALUES ({marks})", rows)


def index_staging(conn: sqlite3.Connection, *columns: str) -> None:
    """Index the staging table on *columns* (for lookups into it by key or unit)."""
    name = "import_rows_" + "_".join(columns)
    conn.execute(f"CREATE INDEX IF NOT EXISTS temp.{name} ON import_rows ({', '.join(columns)})")


def unstage(conn: sqlite3.Connection, lines: Iterable[int]) -> None:
    """Drop the staged rows of the given file lines (rows refused after staging)."""
    conn.executemany(f"DELETE FROM {STAGING} WHERE line = ?", ((n,) for n in lines))


def staged_rows(conn: sqlite3.Connection, entity: Table) -> list[tuple[Any, ...]]:
    """The staged rows (canonical columns, without the line), in file order."""
    return conn.execute(f"SELECT {', '.join(entity.columns)} FROM {STAGING} ORDER BY line").fetchall()


def staged_count(conn: sqlite3.Connection) -> int:
    """Rows in the staging table."""
    return conn.execute(f"SELECT count(*) FROM {STAGING}").fetchone()[0]


def row_count(conn: sqlite3.Connection, entity: Table) -> int:
    """Rows stored in *entity*'s table."""
    return conn.execute(f"SELECT count(*) FROM main.{entity.name}").fetchone()[0]


def has_rows(conn: sqlite3.Connection, entity: Table) -> bool:
    """Whether *entity*'s table holds any row."""
    return conn.execute(f"SELECT 1 FROM main.{entity.name} LIMIT 1").fetchone() is not None


def stored_rows(conn: sqlite3.Connection, entity: Table, keys: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """The stored rows (canonical column order) of the given natural keys, by key; one query."""
    if not keys:
        return {}
    cols = ", ".join(entity.columns)
    rows = conn.execute(
        f"SELECT {cols} FROM main.{entity.name} WHERE {entity.key} IN (SELECT value FROM json_each(?))",
        (json.dumps(list(keys), ensure_ascii=False),),
    ).fetchall()
    return {r[0]: tuple(r) for r in rows}


# --- checks over the staged rows ---------------------------------------------------


def duplicate_keys(conn: sqlite3.Connection, entity: Table) -> list[tuple[str, list[int]]]:
    """Keys staged more than once, each with its lines in file order."""
    out = []
    for key, lines in conn.execute(
        f"""SELECT {entity.key}, group_concat(line) FROM
              (SELECT {entity.key}, line FROM {STAGING} ORDER BY line)
            GROUP BY {entity.key} HAVING count(*) > 1"""
    ):
        out.append((key, sorted(int(n) for n in lines.split(","))))
    return out


def missing_references(
    conn: sqlite3.Connection, column: str, table: str, table_key: str, *, same_table: bool
) -> list[tuple[int, str]]:
    """Staged rows whose *column* names no record of *table* (by *table_key*): ``(line, value)``.

    With *same_table* (a customer referred by another customer) a record
    staged beside it, further down the file, will do.
    """
    also_staged = ""
    if same_table:
        index_staging(conn, table_key)
        also_staged = f"AND NOT EXISTS (SELECT 1 FROM {STAGING} AS o WHERE o.{table_key} = s.{column})"
    return conn.execute(
        f"""SELECT line, {column} FROM {STAGING} AS s
            WHERE {column} IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM main.{table} AS p WHERE p.{table_key} = s.{column})
              {also_staged}
            ORDER BY line"""
    ).fetchall()


def other_owners(
    conn: sqlite3.Connection, column: str, table: str, table_key: str, owner: str, staged_owner: str
) -> list[tuple[int, str, str]]:
    """Staged rows whose *column* names a record of *table* that belongs to someone else.

    *owner* is that table's column naming whose it is, *staged_owner* the
    staged row's: ``(line, value, the record's owner)`` where they differ.
    """
    return conn.execute(
        f"""SELECT s.line, s.{column}, p.{owner} FROM {STAGING} AS s
            JOIN main.{table} AS p ON p.{table_key} = s.{column}
            WHERE p.{owner} IS NOT s.{staged_owner} ORDER BY s.line"""
    ).fetchall()


@dataclass(frozen=True)
class Booking:
    """One counting rental of a unit, staged (``line`` set) or stored (``line`` None)."""

    line: int | None
    ref: str
    customer: str
    equipment: str
    start_date: str
    end_date: str
    status: str
    #: The customer's name, when the customer is stored (else None).
    customer_name: str | None = None

    def still_out(self, on: str) -> bool:
        """Whether the rental holds its unit past its end date: on rent, not returned, due before *on*."""
        return self.status == "on-rent" and self.end_date < on


_BOOKING = "line, ref, customer, equipment, start_date, end_date, status"


def double_bookings(conn: sqlite3.Connection, *, stored: bool, today: str) -> list[tuple[Booking, Booking]]:
    """Pairs of counting rentals of one unit whose busy periods overlap, at least one of them staged.

    A rental is busy from its start to its end date, and one on rent past its
    end date (not returned) to at least *today* (ISO). Each pair is
    ``(later, earlier)`` by start date. The stored rentals the file replaces
    are left out; *stored* says whether the rentals table holds any rows at
    all (when it does not, only the file is checked). One pass with a window
    function finds each rental starting before an earlier one of its unit has
    ended; the earlier partner is then looked up for those few.
    """
    stored_part = ""
    if stored:
        stored_part = f"""UNION ALL
            SELECT NULL, ref, customer, equipment, start_date, end_date, status FROM main.rentals AS r
            WHERE equipment IN (SELECT equipment FROM {STAGING}) AND status IN {COUNTING_SQL}
              AND NOT EXISTS (SELECT 1 FROM {STAGING} AS s WHERE s.ref = r.ref)"""
        index_staging(conn, "ref")
    flagged = [
        Booking(*row)
        for row in conn.execute(
            f"""WITH booked AS (
                    SELECT {_BOOKING} FROM {STAGING}
                    WHERE equipment IS NOT NULL AND status IN {COUNTING_SQL}
                    {stored_part}
                ), ordered AS (
                    SELECT *, max({busy_until()}) OVER (
                        PARTITION BY equipment ORDER BY start_date, end_date, ref
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
                    FROM booked
                )
                SELECT {_BOOKING} FROM ordered
                WHERE start_date <= before_end ORDER BY equipment, start_date, ref""",
            {"today": today},
        )
    ]
    if not flagged:
        return []
    index_staging(conn, "equipment", "start_date")
    pairs = []
    for later in flagged:
        earlier = _earlier_overlap(conn, later, stored=stored, today=today)
        if earlier is not None:
            pairs.append((later, earlier))
    return pairs


def _earlier_overlap(conn: sqlite3.Connection, later: Booking, *, stored: bool, today: str) -> Booking | None:
    """The rental of *later*'s unit that started no later than it and is still busy on its start."""
    args = {"unit": later.equipment, "start": later.start_date, "ref": later.ref, "today": today}
    name = "(SELECT c.name FROM main.customers AS c WHERE c.code = r.customer)"
    found = conn.execute(
        f"""SELECT {_BOOKING}, {name} FROM {STAGING} AS r
            WHERE equipment = :unit AND start_date <= :start AND {busy_until()} >= :start AND ref IS NOT :ref
              AND status IN {COUNTING_SQL}
            ORDER BY start_date, line LIMIT 1""",
        args,
    ).fetchone()
    if found is None and stored:
        found = conn.execute(
            f"""SELECT NULL, ref, customer, equipment, start_date, end_date, status, {name} FROM main.rentals AS r
                WHERE equipment = :unit AND start_date <= :start AND {busy_until()} >= :start AND ref IS NOT :ref
                  AND status IN {COUNTING_SQL}
                  AND NOT EXISTS (SELECT 1 FROM {STAGING} AS s WHERE s.ref = r.ref)
                ORDER BY start_date LIMIT 1""",
            args,
        ).fetchone()
    return Booking(*found) if found is not None else None


def _days(alias: str) -> str:
    return f"(CAST(julianday({alias}.end_date) - julianday({alias}.start_date) AS INTEGER) + 1)"


def any_blank(conn: sqlite3.Connection, column: str) -> bool:
    """Whether any staged row leaves *column* blank (NULL)."""
    return conn.execute(f"SELECT 1 FROM {STAGING} WHERE {column} IS NULL LIMIT 1").fetchone() is not None


def blank_costs_over(conn: sqlite3.Connection, most: int) -> list[tuple[int, str, int, int, int]]:
    """Staged rentals whose blank cost, their unit's daily cost x their days, would come to over *most*.

    Each is ``(line, unit, daily cost, days, cost)``.
    """
    return conn.execute(
        f"""SELECT s.line, s.equipment, e.daily_cost, {_days('s')}, e.daily_cost * {_days('s')}
            FROM {STAGING} AS s JOIN main.equipment AS e ON e.code = s.equipment
            WHERE s.cost IS NULL AND e.daily_cost * {_days('s')} > ? ORDER BY s.line""",
        (most,),
    ).fetchall()


def fill_blank_costs(conn: sqlite3.Connection) -> None:
    """Set each staged rental's blank cost to its unit's daily cost x its days (0 without a unit)."""
    conn.execute(
        f"""UPDATE {STAGING} AS s SET cost = coalesce(
                (SELECT e.daily_cost FROM main.equipment AS e WHERE e.code = s.equipment), 0) * {_days('s')}
            WHERE s.cost IS NULL"""
    )


def totals_over(
    conn: sqlite3.Connection, entity: Table, columns: Sequence[str], bound: int, *, stored: bool, most: int
) -> list[tuple[int, str, str, float]]:
    """Staged rows that take a customer's total of one of the money *columns* past *bound*.

    Each is ``(line, column, customer, total)``, in file order. A customer's
    total counts its stored rows the file does not replace and its staged rows
    down to that line; once a total is past *bound*, each later row of the
    customer is too. *stored* says whether the table holds any rows; *most* is
    the largest value one staged row can hold. Totals are SQLite's ``total()``
    (floating point): exact enough to tell, not to report to the cent.

    When the file's rows cannot reach *bound* even all at *most*, nothing is
    read; else one pass over the staged rows (and one over the table) adds up
    each column as a whole, and only when those pass *bound* are the totals
    made per customer.
    """
    if not columns:
        return []
    count = staged_count(conn)
    if not count or (not stored and count * most <= bound):
        return []
    sums = ", ".join(f"total({c})" for c in columns)
    staged = conn.execute(f"SELECT {sums} FROM {STAGING}").fetchone()
    if count > FEW:  # a whole-table pass is cheaper than per-customer lookups; a few rows look theirs up
        held = conn.execute(f"SELECT {sums} FROM main.{entity.name}").fetchone() if stored else (0.0,) * len(columns)
        if all(a + b <= bound for a, b in zip(staged, held)):
            return []
    key = entity.key
    running = ", ".join(f"total({c}) OVER w AS {c}" for c in columns)
    if stored:
        index_staging(conn, key)
        # Every stored row of the customers (read from a covering index where there is one),
        # less the stored rows the staged ones replace (looked up by key).
        every = ", ".join(f"total({c}) AS {c}" for c in columns)
        replaced = ", ".join(f"-total(t.{c}) AS {c}" for c in columns)
        held_sql = f"""SELECT customer, {', '.join(f'total({c}) AS {c}' for c in columns)} FROM (
                SELECT customer, {every} FROM main.{entity.name}
                WHERE customer IN (SELECT customer FROM {STAGING}) GROUP BY customer
                UNION ALL
                SELECT t.customer, {replaced} FROM main.{entity.name} AS t
                WHERE t.{key} IN (SELECT {key} FROM {STAGING}) GROUP BY t.customer
            ) GROUP BY customer"""
    else:
        held_sql = f"SELECT NULL AS customer, {', '.join(f'0.0 AS {c}' for c in columns)} WHERE 0"
    totals = ", ".join(f"r.{c} + coalesce(h.{c}, 0)" for c in columns)
    past = " OR ".join(f"r.{c} + coalesce(h.{c}, 0) > :bound" for c in columns)
    out = []
    for line, customer, *values in conn.execute(
        f"""WITH held AS ({held_sql}),
                running AS (SELECT line, customer, {running} FROM {STAGING}
                            WINDOW w AS (PARTITION BY customer ORDER BY line))
            SELECT r.line, r.customer, {totals} FROM running AS r LEFT JOIN held AS h USING (customer)
            WHERE {past} ORDER BY r.line""",
        {"bound": bound},
    ):
        column, value = next((c, v) for c, v in zip(columns, values) if v > bound)
        out.append((line, column, customer, value))
    return out


def overpayments(conn: sqlite3.Connection) -> list[tuple[int, str, int, int, int]]:
    """Staged payments taking their rental's paid past its amount, in file order.

    Each is ``(line, rental, amount, paid before the staged payments, staged payments down to this line)``;
    the stored payments the staged ones replace are taken off what was paid before.
    """
    return conn.execute(
        f"""WITH staged AS (
                SELECT line, rental, sum(amount) OVER (PARTITION BY rental ORDER BY line) AS running FROM {STAGING}
            ), replaced AS (
                SELECT rental, sum(amount) AS back FROM main.payments
                WHERE ref IN (SELECT ref FROM {STAGING}) GROUP BY rental
            )
            SELECT s.line, s.rental, r.amount, r.paid - coalesce(x.back, 0), s.running
            FROM staged AS s JOIN main.rentals AS r ON r.ref = s.rental LEFT JOIN replaced AS x USING (rental)
            WHERE r.paid - coalesce(x.back, 0) + s.running > r.amount ORDER BY s.line"""
    ).fetchall()


def visits_before_return(conn: sqlite3.Connection) -> list[tuple[int, str, str, str | None]]:
    """Staged return visits on a rental not returned, or dated before it came back, in file order.

    Each is ``(line, rental, its status, the day it came back)`` (returned_on, else its end date).
    """
    return conn.execute(
        f"""SELECT s.line, s.rental, r.status, coalesce(r.returned_on, r.end_date) FROM {STAGING} AS s
            JOIN main.rentals AS r ON r.ref = s.rental
            WHERE r.status <> 'returned' OR s.date < coalesce(r.returned_on, r.end_date) ORDER BY s.line"""
    ).fetchall()


def paid_below_payments(conn: sqlite3.Connection) -> list[tuple[int, str, int, int]]:
    """Staged rentals whose paid is less than the payments recorded for them: ``(line, ref, paid, payments)``."""
    return conn.execute(
        f"""SELECT s.line, s.ref, s.paid, p.total FROM {STAGING} AS s
            JOIN (SELECT rental, sum(amount) AS total FROM main.payments
                  WHERE rental IN (SELECT ref FROM {STAGING}) GROUP BY rental) AS p ON p.rental = s.ref
            WHERE s.paid < p.total ORDER BY s.line"""
    ).fetchall()


def units_out_of_service(conn: sqlite3.Connection, *, today: str) -> list[tuple[int, str, str, str | None]]:
    """Staged counting rentals, new or changed and not over by *today*, of a unit that cannot go out.

    A unit cannot go out while its status is not ``available``, nor once its
    latest inspection's next due date is before the rental starts (or before
    today): ``(line, unit, status, next inspection due)``. A unit never
    inspected here has no due date.
    """
    return conn.execute(
        f"""SELECT s.line, s.equipment, e.status, due.next_due FROM {STAGING} AS s
            JOIN main.equipment AS e ON e.code = s.equipment
            LEFT JOIN (
                SELECT unit, next_due FROM (
                    SELECT unit, next_due, row_number() OVER (PARTITION BY unit ORDER BY date DESC, ref DESC) AS n
                    FROM main.upkeep WHERE kind = 'inspection' AND unit IN (SELECT equipment FROM {STAGING}))
                WHERE n = 1
            ) AS due ON due.unit = s.equipment
            WHERE s.status IN {COUNTING_SQL} AND s.end_date >= :today
              AND NOT EXISTS (SELECT 1 FROM main.rentals AS t WHERE t.ref = s.ref AND t.equipment IS s.equipment
                              AND t.start_date = s.start_date AND t.end_date = s.end_date AND t.status = s.status)
              AND (e.status <> 'available' OR due.next_due < max(s.start_date, :today))
            ORDER BY s.line""",
        {"today": today},
    ).fetchall()


# --- applying ------------------------------------------------------------------------


def _differs(entity: Table) -> str:
    return " OR ".join(f"t.{c} IS NOT s.{c}" for c in entity.columns if c != entity.key)


def apply_staged(conn: sqlite3.Connection, entity: Table, *, table_was_empty: bool) -> tuple[int, int]:
    """Write the staged rows into the real table: changed rows updated, new rows inserted in file order.

    Returns (inserted, updated). Keys are never changed, so nothing cascades.
    """
    cols = ", ".join(entity.columns)
    updated = 0
    if not table_was_empty:
        others = [c for c in entity.columns if c != entity.key]
        sets = ", ".join(f"{c} = s.{c}" for c in others)
        updated = conn.execute(
            f"""UPDATE main.{entity.name} AS t SET {sets} FROM {STAGING} AS s
                WHERE t.{entity.key} = s.{entity.key} AND ({_differs(entity)})"""
        ).rowcount
        new_only = f"WHERE NOT EXISTS (SELECT 1 FROM main.{entity.name} AS t WHERE t.{entity.key} = s.{entity.key})"
    else:
        new_only = ""
    inserted = conn.execute(
        f"INSERT INTO main.{entity.name} ({cols}) SELECT {cols} FROM {STAGING} AS s {new_only} ORDER BY line"
    ).rowcount
    return inserted, updated


def secondary_indexes(conn: sqlite3.Connection, entity: Table) -> list[tuple[str, str]]:
    """The table's own ``CREATE INDEX`` statements (not the key's), as (name, sql)."""
    return conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (entity.name,),
    ).fetchall()


def drop_indexes(conn: sqlite3.Connection, indexes: Sequence[tuple[str, str]]) -> None:
    """Drop indexes before a large load (rebuilding them afterwards is far cheaper than updating them)."""
    for name, _ in indexes:
        conn.execute(f'DROP INDEX main."{name}"')


def create_indexes(conn: sqlite3.Connection, indexes: Sequence[tuple[str, str]]) -> None:
    """Recreate indexes dropped by :func:`drop_indexes`, exactly as they were defined."""
    for _, sql in indexes:
        conn.execute(sql)
