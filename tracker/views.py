"""Read services for the app's screens: paged lists, timelines, pickers.

Everything here reads; nothing writes. Each function takes an open connection;
:func:`open_reader` opens one without taking the write lock (so a reader never
waits behind an import running in another process).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from db import list_queries as lq
from db import queries, report_queries, task_queries, timeline_queries
from db.connection import connect
from db.list_queries import CUSTOMER_SORTS, RENTAL_VIEWS  # noqa: F401 (re-exported)
from db.writes import newest_change_set
from tracker.rules.availability import Span, unit_days
from tracker.rules.trends import Month, Pareto, by_quarter, migration, monthly, months_between, pareto
from tracker.rules.units import UnitFigures, unit_figures
from tracker.transfer.importer import imports_since  # noqa: F401 (re-exported: what the app announces)


def open_reader(
    path: str | Path, *, check_same_thread: bool = True, busy_timeout_ms: int | None = None
) -> sqlite3.Connection:
    """A connection for reading an existing, migrated database (no migration, no lock taken).

    *busy_timeout_ms* bounds how long an occasional write on it (tier history)
    waits for another writer.
    """
    if busy_timeout_ms is None:
        return connect(path, migrate_schema=False, check_same_thread=check_same_thread)
    return connect(
        path, migrate_schema=False, check_same_thread=check_same_thread, busy_timeout_ms=busy_timeout_ms
    )


def change_count(conn: sqlite3.Connection) -> int:
    """How many rows of the business tables were ever written: any other count means data changed."""
    return queries.change_count(conn)


def newest_change(conn: sqlite3.Connection) -> int:
    """The id of the newest change logged (0 for none): imports after it are news (:func:`imports_since`)."""
    return newest_change_set(conn)


def is_empty(conn: sqlite3.Connection) -> bool:
    """True when the database holds no business records at all."""
    return queries.is_empty(conn)


def search_customers(conn: sqlite3.Connection, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Active customers matching *text* in name, code, phone, WeChat or a contact's (CJK too), best first."""
    return queries.search_customers(conn, text, limit=limit)


customers_page = lq.customers_page


def customers_ranked_page(
    conn: sqlite3.Connection,
    text: str,
    ranked: Sequence[str],
    *,
    after: int | None = None,
    limit: int = 200,
    tag: str | None = None,
) -> list[dict[str, Any]]:
    """Customers matching *text* (and tagged *tag* when given) in the order of *ranked* (codes, e.g. the
    board's), one page.

    The keyset token ``_key`` is the row's position in *ranked*. Customers not
    in *ranked* are left out.
    """
    matching = lq.customer_codes_matching(conn, text, tag=tag) if text.strip() or tag else None
    page: list[str] = []
    positions: list[int] = []
    for i in range(0 if after is None else after + 1, len(ranked)):
        code = ranked[i]
        if matching is None or code in matching:
            page.append(code)
            positions.append(i)
            if len(page) == limit:
                break
    found = lq.customers_by_code(conn, page)
    rows = []
    for i, code in zip(positions, page):
        row = found.get(code)
        if row is not None and row["archived_on"] is None:
            row["_key"] = i
            rows.append(row)
    return rows


def tagged_codes(conn: sqlite3.Connection, tag: str) -> set[str]:
    """The codes of the active customers tagged *tag* (in any case)."""
    return lq.customer_codes_matching(conn, "", tag=tag)


def tag_of_filter(text: str) -> tuple[str, str | None]:
    """A list filter's text and the tag it names: ``#VIP hengyuan`` -> (``hengyuan``, ``VIP``)."""
    words, tag = [], None
    for word in text.split():
        if word.startswith("#") and len(word) > 1:
            tag = word[1:]
        else:
            words.append(word)
    return " ".join(words), tag


def before_archiving(conn: sqlite3.Connection, code: str, as_of: date) -> tuple[list[str], list[str], int]:
    """What archiving *code* as of *as_of* would leave behind: the refs of its units out (on rent),
    of its bookings, and the balance it owes (cents)."""
    from db.board_queries import balance_owed

    open_ = lq.open_rentals_of(conn, code)
    out = [r["ref"] for r in open_ if r["status"] == "on-rent"]
    booked = [r["ref"] for r in open_ if r["status"] == "booked"]
    return out, booked, balance_owed(conn, code, as_of=as_of.isoformat())


next_customer_code = lq.next_customer_code
customer_profile = lq.customer_profile
customer_timeline = lq.customer_timeline
open_rentals_of = lq.open_rentals_of
contacts_of = task_queries.contacts_of


def open_tasks_of(conn: sqlite3.Connection, code: str, as_of: date) -> list[dict[str, Any]]:
    """The customer's tasks and promises not done by *as_of*, by the day they come up."""
    return task_queries.tasks(conn, as_of=as_of.isoformat(), customer=code)


open_complaints_of = lq.open_complaints_of
rentals_page = lq.rentals_page
rental_counts = lq.rental_counts
complaints_page = lq.complaints_page
complaint_counts = lq.complaint_counts
#: The days the equipment list's utilisation looks back over (today included).
UTILISATION_DAYS = 90


def equipment_page(
    conn: sqlite3.Connection,
    as_of: date,
    *,
    text: str = "",
    after: tuple[Any, ...] | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """A page of units (:func:`db.list_queries.equipment_page`), each with its ``utilisation`` (0 to 1)
    and its ``figures`` (:class:`UnitFigures`: days out, revenue, profit) over the
    :data:`UTILISATION_DAYS` days to *as_of*, as ``rentrack report units`` counts them."""
    rows = lq.equipment_page(conn, as_of, text=text, after=after, limit=limit)
    if rows:
        figures = {f.code: f for f in unit_report(conn, as_of - timedelta(days=UTILISATION_DAYS - 1), as_of)}
        for r in rows:
            f = figures.get(r["code"])
            r["utilisation"] = f.utilisation if f else 0.0
            r["figures"] = f
    return rows


equipment_search = lq.equipment_search
open_complaints_search = lq.open_complaints_search
open_rentals_search = lq.open_rentals_search
rental_detail = lq.rental_detail
owing_rentals_search = lq.owing_rentals_search
held_deposits_search = lq.held_deposits_search
held_deposits_page = lq.held_deposits_page
held_deposit_rental = lq.held_deposit_rental


def record_text(conn: sqlite3.Connection, entity: str, key: str) -> dict[str, str] | None:
    """The stored record *key* of *entity* as the text a form shows (as the export writes it), or None."""
    from db.writes import get_row
    from tracker.records import ENTITIES

    e = ENTITIES[entity]
    row = get_row(conn, e, key)
    if row is None:
        return None
    return {c: e.field(c).kind.text(row[c]) for c in e.columns}



def unit_report(conn: sqlite3.Connection, first: date, last: date) -> list[UnitFigures]:
    """Every unit's days out, rentals, revenue, costs and profit over *first* to *last* (both included)."""
    rows = report_queries.unit_figures(conn, first=first.isoformat(), last=last.isoformat())
    return unit_figures(rows, (last - first).days + 1)


def timeline_page(
    conn: sqlite3.Connection, first: date, days: int, as_of: date, *, after: str | None = None, limit: int = 150
) -> list[dict[str, Any]]:
    """A page of units in code order, each with what it does on each of *days* days from *first*.

    Each row: code, name, category, status, ``days`` (a :class:`Day` a day) and ``_key`` (its code).
    """
    units = timeline_queries.units_page(conn, after=after, limit=limit)
    last = (first + timedelta(days=days - 1)).isoformat()
    spans: dict[str, list[Span]] = {}
    for unit, ref, customer, name, start, end, status in timeline_queries.unit_rentals(
        conn, [u["code"] for u in units], first=first.isoformat(), last=last
    ):
        spans.setdefault(unit, []).append(
            Span(ref, customer, name, date.fromisoformat(start), date.fromisoformat(end), status)
        )
    for u in units:
        u["days"] = unit_days(spans.get(u["code"], ()), u["status"], first, days, as_of)
        u["_key"] = u["code"]
    return units




# --- reports over time ---------------------------------------------------------------


def monthly_report(conn: sqlite3.Connection, first: date, last: date) -> list[Month]:
    """Rentals, revenue, costs, compensation and profit for each calendar month from *first* to *last*."""
    months = months_between(first, last)
    span = {"first": first.isoformat(), "last": last.isoformat()}
    return monthly(months, report_queries.monthly_rentals(conn, **span),
                   report_queries.monthly_compensation(conn, **span))


def pareto_report(conn: sqlite3.Connection, as_of: date) -> Pareto:
    """The Pareto curve of the board's current values as of *as_of* (active customers)."""
    from tracker.board import current_board

    board = current_board(conn, as_of)
    return pareto(r.current_value for r in board.rows)


def migration_report(conn: sqlite3.Connection, first: date, last: date) -> dict[str, dict[str, int]]:
    """How many customers moved from each tier on *first* to each tier on *last* (the boards of both days)."""
    from tracker.board import board_tiers, current_board

    before = board_tiers(conn, first)
    after = {r.code: r.tier for r in current_board(conn, last).rows}
    return migration(before, after)


def complaints_report(conn: sqlite3.Connection, first: date, last: date) -> dict[str, dict[str, int]]:
    """Complaints opened from *first* to *last*, by quarter and then by cause."""
    return by_quarter(report_queries.complaints_by_month(conn, first=first.isoformat(), last=last.isoformat()))
