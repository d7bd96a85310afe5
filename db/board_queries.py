"""Read queries behind the tier board: per-customer aggregates in one pass each.

Nothing here knows a business rule beyond aggregation: callers pass the
windows' bounds (ISO dates), the decay half-life and the value basis, and get
back plain tuples. Each query can be narrowed to one customer (``customer=``)
for cheap single-customer refreshes. Dates are compared as ISO text.

Money is summed as SQLite integers, exact. A customer whose money adds up past
what they can hold (figures rentrack refuses, written another way) makes the
query raise :class:`SumTooLarge` naming that customer, never a bare overflow.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator
from typing import Any

from db.schema import COUNTING_SQL, OUT_SQL

#: The largest money total per customer the board takes (a quarter of SQLite's 64-bit range):
#: a value (amounts less costs, less compensation) stays an integer SQLite can store.
SAFE_CENTS = 2**61
#: Per table, the money columns the board adds up per customer.
_SUMMED = {"rentals": ("amount", "cost", "paid"), "complaints": ("compensation",)}


class SumTooLarge(sqlite3.DataError):
    """A customer's money adds up past what the board can sum exactly.

    rentrack's import and forms refuse such figures; this is data written
    another way (the ``sqlite3`` shell, another program). The message names
    the customer and the column.
    """


def _too_large(conn: sqlite3.Connection, table: str, customer: str | None) -> SumTooLarge:
    """The error for *table*'s money that the board cannot add up: the customer with the largest total."""
    columns = _SUMMED[table]
    where, args = _one(customer)
    totals = ", ".join(f"total({c})" for c in columns)
    largest = f"max({totals}, 0)"
    rows = conn.execute(
        f"SELECT customer, {totals} FROM {table} WHERE 1{where}"
        f" GROUP BY customer HAVING {largest} > ? ORDER BY {largest} DESC, customer",
        (*args, float(SAFE_CENTS)),
    ).fetchall()
    if not rows:  # the sum failed, yet no customer's total is past the bound
        return SumTooLarge(f"the {table}' {', '.join(columns)} hold figures too large to add up; correct them")
    code, *values = rows[0]
    value, column = max(zip(values, columns))
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(code)[:60])
    others = len(rows) - 1
    more = f" (and {others:,} other customer{'s' if others > 1 else ''})" if others else ""
    return SumTooLarge(
        f"customer {shown}{more}: the {column} of its {table} adds up to about {value / 100:,.0f},"
        f" past what the board can sum exactly; correct those {table}"
    )


def _summed(conn: sqlite3.Connection, sql: str, params: Any, table: str, customer: str | None) -> list[tuple]:
    """Run a query summing *table*'s money per customer; an overflow raises :class:`SumTooLarge`."""
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "integer overflow" not in str(exc):
            raise
        raise _too_large(conn, table, customer) from None


def ensure_math(conn: sqlite3.Connection) -> None:
    """Make ``pow(x, y)`` available, registering a Python one if SQLite lacks math functions."""
    try:
        conn.execute("SELECT pow(2.0, 0.5)").fetchone()
    except sqlite3.OperationalError:
        conn.create_function("pow", 2, math.pow, deterministic=True)


def _one(customer: str | None, column: str = "customer") -> tuple[str, tuple[Any, ...]]:
    return (f" AND {column} = ?", (customer,)) if customer is not None else ("", ())


def customers(conn: sqlite3.Connection, customer: str | None = None) -> list[tuple]:
    """(code, name, segment, potential, partner, referred_by, created_on, archived_on) of every customer."""
    where, args = _one(customer, "code")
    return conn.execute(
        "SELECT code, name, segment, potential, partner, referred_by, created_on, archived_on"
        f" FROM customers WHERE 1{where}",
        args,
    ).fetchall()


def rental_windows(
    conn: sqlite3.Connection,
    *,
    lo: str,
    as_of: str,
    window_lo: str,
    recent_lo: str,
    baseline_lo: str,
    cost_factor: int,
    customer: str | None = None,
) -> list[tuple]:
    """Per customer, over counting rentals with start_date in (lo, as_of]:

    (customer, window value, window count, recent value, baseline value) where
    value is ``amount - cost_factor * cost``, window is (window_lo, as_of],
    recent is (recent_lo, as_of] and baseline is (baseline_lo, recent_lo].
    *lo* must be the earliest of the three lower bounds.
    """
    where, args = _one(customer)
    sql = f"""
        SELECT customer,
            coalesce(sum(CASE WHEN start_date > ? THEN amount - ? * cost END), 0),
            count(CASE WHEN start_date > ? THEN 1 END),
            coalesce(sum(CASE WHEN start_date > ? THEN amount - ? * cost END), 0),
            coalesce(sum(CASE WHEN start_date > ? AND start_date <= ? THEN amount - ? * cost END), 0)
        FROM rentals
        WHERE start_date > ? AND start_date <= ? AND status IN {COUNTING_SQL}{where}
        GROUP BY customer"""
    params = (
        window_lo, cost_factor, window_lo, recent_lo, cost_factor,
        baseline_lo, recent_lo, cost_factor, lo, as_of, *args,
    )
    rows = _summed(conn, sql, params, "rentals", customer)
    top = SAFE_CENTS
    if any(not -top <= r[1] <= top for r in rows):
        raise _too_large(conn, "rentals", customer)
    return rows


def rental_history(
    conn: sqlite3.Connection, *, as_of: str, count_cap: int, lookback: int = 1, customer: str | None = None
) -> list[tuple]:
    """Per customer: (code, first start, last start, counting rentals capped at *count_cap*,
    the *lookback*-th latest distinct start day or None, distinct start days capped at *lookback*).

    Over counting rentals started on or before *as_of* (index seeks, not a scan).
    """
    where, args = _one(customer, "code")
    # GROUP BY, not DISTINCT: SQLite 3.40 ignores the OFFSET of a correlated DISTINCT subquery.
    latest = f"""SELECT start_date FROM rentals
              WHERE customer = code AND start_date <= :t AND status IN {COUNTING_SQL}
              GROUP BY start_date ORDER BY start_date DESC"""
    # The days are counted only for a customer with fewer than *lookback* of them (cheap: few rentals).
    sql = f"""
        SELECT code, first, last, n, back,
            CASE WHEN back IS NOT NULL THEN :look WHEN n = 0 THEN 0
                 ELSE (SELECT count(*) FROM ({latest})) END
        FROM (SELECT code,
            (SELECT min(start_date) FROM rentals
              WHERE customer = code AND start_date <= :t AND status IN {COUNTING_SQL}) AS first,
            (SELECT max(start_date) FROM rentals
              WHERE customer = code AND start_date <= :t AND status IN {COUNTING_SQL}) AS last,
            (SELECT count(*) FROM (SELECT 1 FROM rentals
              WHERE customer = code AND start_date <= :t AND status IN {COUNTING_SQL} LIMIT :cap)) AS n,
            ({latest} LIMIT 1 OFFSET :back) AS back
        FROM customers WHERE 1{where.replace('?', ':c')})"""
    params: dict[str, Any] = {"t": as_of, "cap": count_cap, "look": lookback, "back": lookback - 1}
    if args:
        params["c"] = args[0]
    return conn.execute(sql, params).fetchall()


def with_rental_by(conn: sqlite3.Connection, codes: list[str], *, as_of: str) -> set[str]:
    """Those of *codes* with any rental (of any status) started on or before *as_of*."""
    out = set()
    for code in codes:
        if conn.execute(
            "SELECT 1 FROM rentals WHERE customer = ? AND start_date <= ? LIMIT 1", (code, as_of)
        ).fetchone():
            out.add(code)
    return out


def with_interaction_by(conn: sqlite3.Connection, codes: list[str], *, as_of: str) -> set[str]:
    """Those of *codes* with any interaction dated on or before *as_of*."""
    out = set()
    for code in codes:
        if conn.execute(
            "SELECT 1 FROM interactions WHERE customer = ? AND date <= ? LIMIT 1", (code, as_of)
        ).fetchone():
            out.add(code)
    return out


def returned_decay(
    conn: sqlite3.Connection,
    *,
    as_of: str,
    earlier: str,
    half_life: float,
    customer: str | None = None,
) -> list[tuple]:
    """Per customer with returned rentals: (customer, decayed sum now, decayed sum earlier).

    A returned rental is dated ``coalesce(returned_on, end_date)``; its decayed
    weight as of a day t is ``0.5 ** ((t - date) / half_life)``, summed over
    dates up to t. Call :func:`ensure_math` first.
    """
    where, args = _one(customer)
    sql = f"""
        SELECT customer,
            total(pow(2.0, (julianday(coalesce(returned_on, end_date)) - :ej) / :h)),
            total(CASE WHEN coalesce(returned_on, end_date) > :e THEN
                pow(2.0, (julianday(coalesce(returned_on, end_date)) - :ej) / :h) END)
        FROM rentals INDEXED BY rentals_returned
        WHERE status = 'returned' AND coalesce(returned_on, end_date) <= :t{where.replace('?', ':c')}
        GROUP BY customer"""
    return _split_decay(conn, sql, as_of, earlier, half_life, args, keys=1)


def visit_decay(
    conn: sqlite3.Connection,
    *,
    as_of: str,
    earlier: str,
    half_life: float,
    scales: dict[str, float],
    customer: str | None = None,
) -> list[tuple]:
    """Per customer with return visits: (customer, decayed scaled sum now, decayed scaled sum earlier).

    Each visit counts its rating's share (*scales*) of ``0.5 ** ((t - date) / half_life)``.
    Call :func:`ensure_math` first.
    """
    where, args = _one(customer, "v.customer")
    scale, params = _scale_case(scales)
    sql = f"""
        SELECT v.customer,
            total({scale} * pow(2.0, (julianday(v.date) - :ej) / :h)),
            total(CASE WHEN v.date > :e THEN {scale} * pow(2.0, (julianday(v.date) - :ej) / :h) END)
        FROM {_VISITS}
        WHERE v.date <= :t{where.replace('?', ':c')}
        GROUP BY v.customer"""
    return _split_decay(conn, sql, as_of, earlier, half_life, args, keys=1, extra=params)


def interaction_decay(
    conn: sqlite3.Connection,
    *,
    as_of: str,
    earlier: str,
    half_life: float,
    customer: str | None = None,
) -> list[tuple]:
    """Per customer and kind: (customer, kind, count, last date, decayed sum now, decayed sum earlier).

    Over interactions dated on or before *as_of*; the earlier sum is as of
    *earlier* over those dated by then. Call :func:`ensure_math` first.
    """
    where, args = _one(customer)
    sql = f"""
        SELECT customer, kind, count(*), max(date),
            total(pow(2.0, (julianday(date) - :ej) / :h)),
            total(CASE WHEN date > :e THEN pow(2.0, (julianday(date) - :ej) / :h) END)
        FROM interactions
        WHERE date <= :t{where.replace('?', ':c')}
        GROUP BY customer, kind"""
    return _split_decay(conn, sql, as_of, earlier, half_life, args, keys=4)


def _split_decay(
    conn: sqlite3.Connection,
    sql: str,
    as_of: str,
    earlier: str,
    half_life: float,
    args: tuple[Any, ...],
    keys: int,
    extra: dict[str, Any] | None = None,
) -> list[tuple]:
    """Run a decay query with one ``pow`` a row and derive both sums from it.

    The query sums ``A = 2 ** ((d - e) / h)`` over all dates d <= t and ``L``
    over e < d <= t; then the sum as of t is ``A * 0.5 ** ((t - e) / h)`` and
    the sum as of e is ``A - L``. With *extra* parameters the terms may be
    scaled, negative ones too (the earlier sum is then not held at 0 or above).
    """
    ej = conn.execute("SELECT julianday(?)", (earlier,)).fetchone()[0]
    gap = conn.execute("SELECT julianday(?) - julianday(?)", (as_of, earlier)).fetchone()[0]
    params: dict[str, Any] = {"t": as_of, "e": earlier, "ej": ej, "h": float(half_life), **(extra or {})}
    if args:
        params["c"] = args[0]
    factor = 0.5 ** (gap / float(half_life))
    out = []
    for row in conn.execute(sql, params):
        total_, late = row[keys], row[keys + 1]
        out.append((*row[:keys], total_ * factor, total_ - late if extra else max(0.0, total_ - late)))
    return out


def complaints(conn: sqlite3.Connection, *, as_of: str, customer: str | None = None) -> list[tuple]:
    """(customer, ref, opened_on, severity, category, resolved_on, compensation) opened by *as_of*.

    Raises :class:`SumTooLarge` when a customer's compensation adds up past :data:`SAFE_CENTS`.
    """
    where, args = _one(customer)
    rows = conn.execute(
        "SELECT customer, ref, opened_on, severity, category, resolved_on, compensation"
        f" FROM complaints WHERE opened_on <= ?{where}",
        (as_of, *args),
    ).fetchall()
    if sum(r[6] for r in rows) > SAFE_CENTS:  # all of them together first: one customer's, only then
        by_customer: dict[str, int] = {}
        for r in rows:
            by_customer[r[0]] = by_customer.get(r[0], 0) + r[6]
        if max(by_customer.values()) > SAFE_CENTS:
            raise _too_large(conn, "complaints", customer)
    return rows


def unpaid(
    conn: sqlite3.Connection, *, as_of: str, ended_before: str, customer: str | None = None
) -> list[tuple]:
    """Per customer: (customer, count, owed) of counting rentals ended before *ended_before* with paid < amount."""
    where, args = _one(customer)
    return _summed(
        conn,
        "SELECT customer, count(*), sum(amount - paid) FROM rentals"
        f" WHERE paid < amount AND end_date < ? AND start_date <= ? AND status IN {COUNTING_SQL}{where}"
        " GROUP BY customer",
        (ended_before, as_of, *args),
        "rentals",
        customer,
    )


def deposits_held(
    conn: sqlite3.Connection, *, as_of: str, returned_before: str, customer: str | None = None
) -> list[tuple]:
    """(customer, deposit ref, rental ref, day the unit came back, amount) of deposits still held,
    taken by *as_of*, on rentals returned before *returned_before*."""
    where, args = _one(customer, "r.customer")
    return conn.execute(
        "SELECT r.customer, d.ref, d.rental, coalesce(r.returned_on, r.end_date), d.amount"
        " FROM deposits AS d INDEXED BY deposits_open CROSS JOIN rentals AS r ON r.ref = d.rental"  # deposits are few: first
        " WHERE d.returned_on IS NULL AND d.taken_on <= ? AND r.status = 'returned'"
        f" AND coalesce(r.returned_on, r.end_date) < ?{where} ORDER BY d.ref",
        (as_of, returned_before, *args),
    ).fetchall()


def inspections_due(conn: sqlite3.Connection, *, as_of: str, until: str) -> list[tuple]:
    """(unit, name, next due) of units in service whose latest inspection by *as_of* falls due by *until*."""
    return conn.execute(
        """SELECT e.code, e.name, u.next_due FROM (
               SELECT unit, next_due, row_number() OVER (PARTITION BY unit ORDER BY date DESC, ref DESC) AS n
               FROM upkeep WHERE kind = 'inspection' AND date <= ?) AS u
           JOIN equipment AS e ON e.code = u.unit
           WHERE u.n = 1 AND u.next_due IS NOT NULL AND u.next_due <= ? AND e.status <> 'retired'
           ORDER BY u.next_due, e.code""",
        (as_of, until),
    ).fetchall()


def next_tasks(conn: sqlite3.Connection, *, as_of: str, customer: str | None = None) -> list[tuple]:
    """(customer, when, ref) of each customer's open task due first, *when* being its snooze's end or its due day.

    Open as of *as_of*: not done, or done after it.
    """
    where, args = _one(customer)
    return conn.execute(
        "SELECT customer, min(coalesce(snoozed_until, due)), ref FROM tasks"
        f" WHERE (done_on IS NULL OR done_on > ?){where} GROUP BY customer",
        (as_of, *args),
    ).fetchall()


def overdue_returns(conn: sqlite3.Connection, *, as_of: str, customer: str | None = None) -> list[tuple]:
    """(customer, ref, end_date) of rentals on rent whose end date is before *as_of*."""
    where, args = _one(customer)
    return conn.execute(
        "SELECT customer, ref, end_date FROM rentals INDEXED BY rentals_on_rent"
        " WHERE status = 'on-rent' AND end_date < ?"
        f" AND start_date <= ?{where}",
        (as_of, as_of, *args),
    ).fetchall()


def units_on_rent(conn: sqlite3.Connection, *, as_of: str) -> int:
    """Units out on *as_of*: on rentals with status on-rent started by then (:data:`OUT_SQL`).

    Each unit counts once; a rental out with no unit named counts as one unit
    (which one was not written down). A unit cannot be on two rentals out at
    once, so this is the number of rentals out too (the rentals list's count).
    """
    return conn.execute(
        "SELECT count(DISTINCT equipment) + count(*) - count(equipment) FROM rentals INDEXED BY rentals_on_rent"
        f" WHERE {OUT_SQL}",
        {"as_of": as_of},
    ).fetchone()[0]


def referral_starts(conn: sqlite3.Connection, referrers: list[str], *, as_of: str) -> list[tuple]:
    """(referred_by, first counting start by *as_of* or None) of the customers referred by *referrers*."""
    return conn.execute(
        f"""SELECT c.referred_by,
                (SELECT min(start_date) FROM rentals r WHERE r.customer = c.code
                  AND r.start_date <= ? AND r.status IN {COUNTING_SQL})
            FROM customers c WHERE c.referred_by IN (SELECT value FROM json_each(?))""",
        (as_of, json.dumps(referrers, ensure_ascii=False)),
    ).fetchall()


def tier_history(
    conn: sqlite3.Connection, *, since: str, as_of: str, customer: str | None = None
) -> list[tuple]:
    """(customer, changed_on, tier, previous) recorded in (since, as_of]."""
    where, args = _one(customer)
    return conn.execute(
        "SELECT customer, changed_on, tier, previous FROM tier_history"
        f" WHERE changed_on > ? AND changed_on <= ?{where} ORDER BY customer, changed_on",
        (since, as_of, *args),
    ).fetchall()


def last_tier_changes(conn: sqlite3.Connection, *, as_of: str, customer: str | None = None) -> list[tuple]:
    """(customer, changed_on, tier, previous) of each customer's last change recorded on or before *as_of*."""
    where, args = _one(customer)
    return conn.execute(
        "SELECT customer, max(changed_on), tier, previous FROM tier_history"
        f" WHERE changed_on <= ?{where} GROUP BY customer",
        (as_of, *args),
    ).fetchall()


def last_tiers(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Each customer's last recorded (changed_on, tier)."""
    rows = conn.execute(
        "SELECT customer, max(changed_on), tier FROM tier_history GROUP BY customer"
    ).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def record_tier_changes(
    conn: sqlite3.Connection, changed_on: str, changes: list[tuple[str, str, str | None]]
) -> None:
    """Store (customer, tier, previous) changes dated *changed_on* (call inside a transaction).

    A second change the same day replaces that day's row, keeping its
    ``previous``; a change back to that ``previous`` removes the row.
    """
    for customer, tier, previous in changes:
        row = conn.execute(
            "SELECT previous FROM tier_history WHERE customer = ? AND changed_on = ?",
            (customer, changed_on),
        ).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO tier_history (customer, changed_on, tier, previous) VALUES (?, ?, ?, ?)",
                (customer, changed_on, tier, previous),
            )
        elif row[0] == tier:
            conn.execute(
                "DELETE FROM tier_history WHERE customer = ? AND changed_on = ?", (customer, changed_on)
            )
        else:
            conn.execute(
                "UPDATE tier_history SET tier = ? WHERE customer = ? AND changed_on = ?",
                (tier, customer, changed_on),
            )


def customer_events(conn: sqlite3.Connection, customer: str, *, as_of: str) -> Iterator[tuple]:
    """One customer's dated emotion events up to *as_of*: (kind, date, subject, note, rating)
    (see :func:`customers_events`)."""
    for _, *event in customers_events(conn, [customer], as_of=as_of):
        yield tuple(event)


def customers_events(conn: sqlite3.Connection, customers: list[str], *, as_of: str) -> Iterator[tuple]:
    """The dated emotion events up to *as_of* of each of *customers*: (customer, kind, date, subject,
    note, rating), what the event's line says as fields (:func:`tracker.rules.emotion.event_label` words it).

    Interactions by kind (with their note), returned rentals as ``returned``
    (the rental's ref as subject), return visits as ``return-visit`` (the
    rental, the visit's note and its rating), and the first counting rental of
    each customer it referred as ``referral`` (the referred customer's code,
    its name as note). Only a return visit has a rating.
    """
    import json

    codes = json.dumps(customers)
    wanted = "IN (SELECT value FROM json_each(:codes))"
    args = {"codes": codes, "as_of": as_of}
    yield from conn.execute(
        "SELECT customer, kind, date, NULL, note, NULL"
        f" FROM interactions WHERE customer {wanted} AND date <= :as_of",
        args,
    )
    yield from conn.execute(
        "SELECT customer, 'returned', coalesce(returned_on, end_date), ref, NULL, NULL"
        f" FROM rentals WHERE customer {wanted} AND status = 'returned'"
        " AND coalesce(returned_on, end_date) <= :as_of",
        args,
    )
    yield from conn.execute(
        "SELECT v.customer, 'return-visit', v.date, v.rental, v.note, v.rating"
        f" FROM {_VISITS} WHERE v.customer {wanted} AND v.date <= :as_of",
        args,
    )
    yield from conn.execute(
        f"""SELECT referred_by, 'referral', first, code, name, NULL
            FROM (SELECT c.code, c.name, c.referred_by,
                    (SELECT min(start_date) FROM rentals r WHERE r.customer = c.code
                       AND r.start_date <= :as_of AND r.status IN {COUNTING_SQL}) AS first
                  FROM customers c WHERE c.referred_by {wanted})
            WHERE first IS NOT NULL""",
        args,
    )


def decayed_by_day(
    conn: sqlite3.Connection,
    customers: list[str],
    *,
    days: list[str],
    half_life: float,
    weights: dict[str, float],
    scales: dict[str, float],
) -> dict[str, list[float]]:
    """Per customer of *customers*, the weighted decayed sum of its emotion events (those of
    :func:`customers_events`) between each two of *days* (ascending ISO days): item i sums the
    events dated in (days[i-1], days[i]] (the first, every event up to days[0]), each decayed
    to days[i], ``weight * 0.5 ** ((days[i] - date) / half_life)``; a visit's weight is scaled by
    its rating (*scales*). Events after the last day are left out. Call :func:`ensure_math` first.

    Summed in SQL a customer and a day at a time: what a trend over many days needs, without
    reading every event.
    """
    if not customers or not days:
        return {}
    # (k_ for the kinds not interactions': the interactions' weights are w_ and their kind, visit among them)
    params: dict[str, Any] = {"codes": json.dumps(customers), "t": days[-1], "h": float(half_life),
                              "k_returned": float(weights.get("returned", 0.0)),
                              "k_return_visit": float(weights.get("return-visit", 0.0)),
                              "k_referral": float(weights.get("referral", 0.0))}
    for i, day in enumerate(days):
        params[f"d{i}"] = day
        params[f"j{i}"] = conn.execute("SELECT julianday(?)", (day,)).fetchone()[0]
    kind, kind_params = _weight_case({k: w for k, w in weights.items()
                                      if k not in ("returned", "return-visit", "referral")})
    scale, scale_params = _scale_case(scales)
    params.update(kind_params)
    params.update(scale_params)

    wanted = "IN (SELECT value FROM json_each(:codes))"
    d = _RETURNED_DATE
    # One query a day and source, each grouped by customer in the order of its index (no sort):
    # the events in (days[i-1], days[i]], each decayed to days[i].
    sources = (
        (f"SELECT customer, total({kind} * pow(2.0, (julianday(date) - :j) / :h)) FROM interactions"
         f" WHERE customer {wanted} AND date > :lo AND date <= :hi GROUP BY customer"),
        (f"SELECT customer, total(:k_returned * pow(2.0, (julianday({d}) - :j) / :h))"
         " FROM rentals INDEXED BY rentals_returned"
         f" WHERE customer {wanted} AND status = 'returned' AND {d} > :lo AND {d} <= :hi GROUP BY customer"),
        (f"SELECT v.customer, total(:k_return_visit * {scale} * pow(2.0, (julianday(v.date) - :j) / :h))"
         f" FROM {_VISITS} WHERE v.customer {wanted} AND v.date > :lo AND v.date <= :hi GROUP BY v.customer"),
    )
    out: dict[str, list[float]] = {}
    for i, day in enumerate(days):
        params.update(lo=days[i - 1] if i else "", hi=day, j=params[f"j{i}"])
        for sql in sources:
            for code, total_ in conn.execute(sql, params):
                out.setdefault(code, [0.0] * len(days))[i] += total_
    # Referrals are few: the first counting rental of each customer a customer referred, a day at a time.
    day_of = " ".join(f"WHEN first <= :d{i} THEN {i}" for i in range(len(days)))
    jday = " ".join(f"WHEN first <= :d{i} THEN :j{i}" for i in range(len(days)))
    for code, i, total_ in conn.execute(
        f"""SELECT referred_by, CASE {day_of} END, total(:k_referral * pow(2.0, (julianday(first) - CASE {jday} END) / :h))
            FROM (SELECT c.referred_by,
                    (SELECT min(start_date) FROM rentals r WHERE r.customer = c.code
                       AND r.start_date <= :t AND r.status IN {COUNTING_SQL}) AS first
                  FROM customers c WHERE c.referred_by {wanted})
            WHERE first IS NOT NULL GROUP BY 1, 2""",
        params,
    ):
        out.setdefault(code, [0.0] * len(days))[i] += total_
    return out


def balance_owed(conn: sqlite3.Connection, customer: str, *, as_of: str) -> int:
    """Sum of amount - paid over the customer's counting rentals started by *as_of*."""
    return _summed(
        conn,
        f"SELECT coalesce(sum(amount - paid), 0) FROM rentals WHERE customer = ? AND start_date <= ?"
        f" AND status IN {COUNTING_SQL}",
        (customer, as_of),
        "rentals",
        customer,
    )[0][0]


def owed_rentals(conn: sqlite3.Connection, customer: str, *, as_of: str) -> list[tuple[str, str, int, int]]:
    """(ref, end_date, amount, paid) of the rentals :func:`balance_owed` adds up that still owe, oldest first."""
    return conn.execute(
        f"SELECT ref, end_date, amount, paid FROM rentals WHERE customer = ? AND start_date <= ?"
        f" AND status IN {COUNTING_SQL} AND amount > paid ORDER BY start_date, ref",
        (customer, as_of),
    ).fetchall()


# --- emotion anchors: decayed sums kept per customer and kind ---------------------------------
#
# An anchor is the sum over a customer's events of one kind of
# ``2 ** ((julianday(date) - julianday(epoch)) / half_life)``. As of a day t on
# or after every event, the decayed sum is ``anchor * 2 ** ((epoch - t) / half_life)``;
# the sum as of an earlier day e takes off the events in (e, t] first. Triggers
# (migration 3) mark the customers whose rentals or interactions changed.

_RETURNED_DATE = "coalesce(returned_on, end_date)"


def _weight_case(weights: dict[str, float], column: str = "kind") -> tuple[str, dict[str, float]]:
    """``CASE kind WHEN 'call' THEN :w_call ... ELSE 0 END`` and its parameters."""
    for kind in weights:
        if not kind.replace("-", "").isalpha():
            raise ValueError(f"bad event kind {kind!r}")
    whens = " ".join(f"WHEN '{k}' THEN :w_{k.replace('-', '_')}" for k in weights)
    params = {f"w_{k.replace('-', '_')}": float(w) for k, w in weights.items()}
    return f"CASE {column} {whens} ELSE 0 END", params


def anchor_state(conn: sqlite3.Connection) -> tuple[str, float] | None:
    """(epoch, half_life) the anchors were computed with, or None if never."""
    row = conn.execute("SELECT epoch, half_life FROM emotion_anchor_state WHERE id = 1").fetchone()
    return (row[0], float(row[1])) if row else None


def dirty_customers(conn: sqlite3.Connection) -> int:
    """How many customers' anchors are out of date."""
    return conn.execute("SELECT count(*) FROM emotion_dirty").fetchone()[0]


def latest_event(conn: sqlite3.Connection) -> str | None:
    """The latest date of any interaction, returned rental or return visit (index lookups)."""
    a = conn.execute("SELECT max(date) FROM interactions").fetchone()[0]
    b = conn.execute(
        f"SELECT max({_RETURNED_DATE}) FROM rentals WHERE status = 'returned'"
    ).fetchone()[0]
    c = conn.execute("SELECT max(date) FROM return_visits").fetchone()[0]
    dates = [d for d in (a, b, c) if d is not None]
    return max(dates) if dates else None


def _scale_case(scales: dict[str, float]) -> tuple[str, dict[str, float]]:
    """``CASE v.rating WHEN 'ok' THEN :s_ok ... ELSE 0 END``: the share of its weight a return visit carries."""
    for rating in scales:
        if not rating.replace("-", "").isalpha():
            raise ValueError(f"bad rating {rating!r}")
    whens = " ".join(f"WHEN '{r}' THEN :s_{r.replace('-', '_')}" for r in scales)
    return f"CASE v.rating {whens} ELSE 0 END", {f"s_{r.replace('-', '_')}": float(s) for r, s in scales.items()}


#: Return visits with their rental's customer (a visit belongs to the customer its rental does: migration 11's
#: triggers keep ``customer`` so, NULL only for a visit whose rental is gone).
_VISITS = "return_visits AS v"


def _anchor_inserts(where_interactions: str, where_rentals: str, scale: str = "0") -> tuple[str, ...]:
    where_visits = where_rentals.replace(" customer IN", " v.customer IN", 1)
    return (
        "INSERT INTO emotion_anchors (customer, kind, events, last, anchor)"
        " SELECT customer, kind, count(*), max(date), total(pow(2.0, (julianday(date) - :ej) / :h))"
        f" FROM interactions WHERE 1{where_interactions} GROUP BY customer, kind",
        "INSERT INTO emotion_anchors (customer, kind, events, last, anchor)"
        f" SELECT customer, 'returned', count(*), max({_RETURNED_DATE}),"
        f" total(pow(2.0, (julianday({_RETURNED_DATE}) - :ej) / :h))"
        f" FROM rentals INDEXED BY rentals_returned WHERE status = 'returned'{where_rentals} GROUP BY customer",
        # a visit's anchor term carries its rating's share of the weight
        "INSERT INTO emotion_anchors (customer, kind, events, last, anchor)"
        " SELECT v.customer, 'return-visit', count(*), max(v.date),"
        f" total({scale} * pow(2.0, (julianday(v.date) - :ej) / :h))"
        f" FROM {_VISITS} WHERE v.customer IS NOT NULL{where_visits} GROUP BY v.customer",
    )


def rebuild_anchors(
    conn: sqlite3.Connection, *, epoch: str, half_life: float, scales: dict[str, float] | None = None
) -> None:
    """Recompute every anchor against *epoch* (call inside a write transaction).

    *scales* is the share of its weight each return-visit rating carries.
    """
    ensure_math(conn)
    scale, params = _scale_case(scales or {})
    params.update(ej=conn.execute("SELECT julianday(?)", (epoch,)).fetchone()[0], h=float(half_life))
    conn.execute("DELETE FROM emotion_anchors")
    for sql in _anchor_inserts("", "", scale):
        conn.execute(sql, params)
    conn.execute("DELETE FROM emotion_dirty")
    conn.execute(
        "INSERT OR REPLACE INTO emotion_anchor_state (id, epoch, half_life) VALUES (1, ?, ?)",
        (epoch, float(half_life)),
    )


def refresh_dirty_anchors(
    conn: sqlite3.Connection, *, epoch: str, half_life: float, scales: dict[str, float] | None = None
) -> int:
    """Recompute the anchors of the customers marked dirty (inside a write transaction); how many."""
    ensure_math(conn)
    n = dirty_customers(conn)
    if not n:
        return 0
    scale, params = _scale_case(scales or {})
    params.update(ej=conn.execute("SELECT julianday(?)", (epoch,)).fetchone()[0], h=float(half_life))
    conn.execute("DELETE FROM emotion_anchors WHERE customer IN (SELECT customer FROM emotion_dirty)")
    dirty = " AND customer IN (SELECT customer FROM emotion_dirty)"
    for sql in _anchor_inserts(dirty, dirty, scale):
        conn.execute(sql, params)
    conn.execute("DELETE FROM emotion_dirty")
    return n


def anchor_totals(conn: sqlite3.Connection, weights: dict[str, float]) -> list[tuple]:
    """Per customer: (customer, interactions, last contact but friction, weighted anchor sum)."""
    case, params = _weight_case(weights)
    return conn.execute(
        "SELECT customer,"
        " total(CASE WHEN kind NOT IN ('returned', 'return-visit') THEN events END),"
        " max(CASE WHEN kind NOT IN ('returned', 'return-visit', 'friction') THEN last END),"
        f" total(anchor * {case})"
        " FROM emotion_anchors GROUP BY customer",
        params,
    ).fetchall()


def weighted_since(
    conn: sqlite3.Connection,
    *,
    lo: str,
    as_of: str,
    epoch: str,
    half_life: float,
    weights: dict[str, float],
    scales: dict[str, float] | None = None,
) -> dict[str, list[float]]:
    """Per customer, over its events dated after *lo*: [weighted anchor terms in (lo, as_of],
    weighted anchor terms after *as_of*, interactions after *as_of*, contacts (not friction) after *as_of*].
    """
    ensure_math(conn)
    case, params = _weight_case(weights)
    params.update(lo=lo, t=as_of, h=float(half_life),
                  ej=conn.execute("SELECT julianday(?)", (epoch,)).fetchone()[0])
    out: dict[str, list[float]] = {}
    term = "pow(2.0, (julianday(date) - :ej) / :h)"
    for code, late, after, n, contacts in conn.execute(
        "SELECT customer,"
        f" total(CASE WHEN date <= :t THEN {case} * {term} END),"
        f" total(CASE WHEN date > :t THEN {case} * {term} END),"
        " count(CASE WHEN date > :t THEN 1 END),"
        " count(CASE WHEN date > :t AND kind <> 'friction' THEN 1 END)"
        " FROM interactions WHERE date > :lo GROUP BY customer",
        params,
    ):
        out[code] = [late, after, n, contacts]
    d = _RETURNED_DATE
    term = f"pow(2.0, (julianday({d}) - :ej) / :h)"
    for code, late, after in conn.execute(
        "SELECT customer,"
        f" total(CASE WHEN {d} <= :t THEN :w_returned * {term} END),"
        f" total(CASE WHEN {d} > :t THEN :w_returned * {term} END)"
        f" FROM rentals INDEXED BY rentals_returned_date WHERE status = 'returned' AND {d} > :lo"
        " GROUP BY customer",
        params,
    ):
        acc = out.setdefault(code, [0.0, 0.0, 0, 0])
        acc[0] += late
        acc[1] += after
    scale, scale_params = _scale_case(scales or {})
    params.update(scale_params, w_visit=float(weights.get("return-visit", 0.0)))
    term = "pow(2.0, (julianday(v.date) - :ej) / :h)"
    for code, late, after in conn.execute(
        "SELECT v.customer,"
        f" total(CASE WHEN v.date <= :t THEN :w_visit * {scale} * {term} END),"
        f" total(CASE WHEN v.date > :t THEN :w_visit * {scale} * {term} END)"
        f" FROM {_VISITS} WHERE v.date > :lo GROUP BY v.customer",
        params,
    ):
        acc = out.setdefault(code, [0.0, 0.0, 0, 0])
        acc[0] += late
        acc[1] += after
    return out


def last_contact(conn: sqlite3.Connection, customer: str, *, as_of: str) -> str | None:
    """The customer's latest interaction (friction aside) dated on or before *as_of*."""
    return conn.execute(
        "SELECT max(date) FROM interactions WHERE customer = ? AND date <= ? AND kind <> 'friction'",
        (customer, as_of),
    ).fetchone()[0]
