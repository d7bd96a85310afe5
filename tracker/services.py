"""Services: the one place that joins the domain rules with storage.

Each function that writes runs in one transaction and records what it changed
so that :func:`undo_last` can put it back. Callers pass an open connection
(from :func:`open_store`); nothing here touches the terminal.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from db import queries
from db.queries import change_count
from db.connection import connect
from db.schema import COUNTING_STATUSES, ENTITIES
from db.writes import (
    ChangeLog,
    change_rows,
    delete_row,
    get_row,
    get_settings,
    insert_row,
    last_change_set,
    mark_undone,
    seed_settings,
    set_setting,
    transaction,
    update_row,
)
from tracker.records import (
    FieldError,
    ParseOptions,
    Record,
    ValidationError,
    from_row,
    to_row,
    validate,
)
from tracker.settings import DEFAULTS, SPECS, Settings, check_together, parse_setting, resolve

T = TypeVar("T")


def open_store(
    path: str | Path, *, check_same_thread: bool = True, on_lock_wait: Callable[[], None] | None = None
) -> sqlite3.Connection:
    """Open the database at *path* (creating and migrating it) with settings seeded.

    *on_lock_wait* is called while another writer holds the lock (see :class:`db.connection.Connection`).
    """
    conn = connect(path, check_same_thread=check_same_thread, on_lock_wait=on_lock_wait)
    missing = set(DEFAULTS) - set(get_settings(conn))
    if missing:
        with transaction(conn):
            seed_settings(conn, DEFAULTS)
    return conn


def retrying(action: Callable[[], T], *, attempts: int = 5, wait: float = 0.2) -> T:
    """Run a write, waiting and trying again while another process holds the lock.

    Each attempt already waits up to the connection's busy timeout; this covers
    the rarer cases SQLite reports at once (a busy snapshot in WAL mode).
    """
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or attempt == attempts - 1:
                raise
            time.sleep(wait * (2**attempt))
    raise AssertionError("unreachable")


# --- settings ----------------------------------------------------------------


def load_settings(conn: sqlite3.Connection) -> Settings:
    """Typed settings (stored values over defaults)."""
    return resolve(get_settings(conn))


def change_setting(conn: sqlite3.Connection, key: str, text: str) -> Any:
    """Validate and store one setting; raises ``KeyError``/``ValueError`` with a clear message."""
    value = parse_setting(key, text)
    check_together(resolve(get_settings(conn)), key, value)
    with transaction(conn):
        set_setting(conn, key, SPECS[key].format(value))
    return value


# --- records -----------------------------------------------------------------


def get_record(conn: sqlite3.Connection, entity: str, key: str) -> Record | None:
    """The stored record of *entity* with natural key *key*, typed."""
    row = get_row(conn, ENTITIES[entity], key)
    return from_row(entity, row) if row else None


def check_references(conn: sqlite3.Connection, record: Record) -> list[FieldError]:
    """Rules that need other records: codes that must exist, units already booked."""
    errors: list[FieldError] = []
    row = to_row(record)

    def need(field: str, table: str, column: str, label: str) -> None:
        value = row.get(field)
        if value and not queries.exists(conn, table, column, value):
            errors.append(FieldError(field, f"no {label} with code {value}", value))

    name = type(record).__name__
    if name == "Customer":
        need("referred_by", "customers", "code", "customer")
    elif name == "Rental":
        need("customer", "customers", "code", "customer")
        need("equipment", "equipment", "code", "equipment unit")
        if row["equipment"] and row["status"] in COUNTING_STATUSES and not errors:
            other = queries.overlapping_rental(
                conn, row["equipment"], row["start_date"], row["end_date"], row["ref"]
            )
            if other is not None:
                errors.append(
                    FieldError(
                        "equipment",
                        f"{row['equipment']} is already out on rental {other['ref']} "
                        f"({other['customer']}, {other['start_date']} to {other['end_date']})",
                        row["equipment"],
                    )
                )
    elif name == "Complaint":
        need("customer", "customers", "code", "customer")
        if row["rental"]:
            rental = conn.execute(
                "SELECT customer FROM rentals WHERE ref = ?", (row["rental"],)
            ).fetchone()
            if rental is None:
                errors.append(FieldError("rental", f"no rental with ref {row['rental']}", row["rental"]))
            elif rental[0] != row["customer"]:
                errors.append(
                    FieldError("rental", f"rental {row['rental']} belongs to {rental[0]}", row["rental"])
                )
    elif name == "Interaction":
        need("customer", "customers", "code", "customer")
    return errors


#: The column naming the customer a record belongs to, per entity.
CUSTOMER_COLUMN = {"customers": "code", "rentals": "customer", "complaints": "customer", "interactions": "customer"}


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the record as stored, what happened, and the change count around it.

    ``changes`` is (the count as the write began, the count as it committed),
    None when nothing was written: a reader whose data reflected the first
    count knows that, with this record, it now reflects the second.
    """

    entity: str
    record: Record
    action: str  # "inserted", "updated" or "unchanged"
    changes: tuple[int, int] | None = None

    @property
    def customer(self) -> str | None:
        """The code of the customer the record belongs to (None for equipment)."""
        column = CUSTOMER_COLUMN.get(self.entity)
        return getattr(self.record, column) if column else None


def _write(
    conn: sqlite3.Connection, entity: str, record: Record, before: Record | None, summary: str
) -> Saved:
    """Store *record* (insert or update) in one transaction, logged for undo."""
    table = ENTITIES[entity]
    after_row = to_row(record)
    if before is not None and to_row(before) == after_row:
        return Saved(entity, record, "unchanged")
    with transaction(conn):
        first = change_count(conn)
        log = ChangeLog(conn, summary)
        key = after_row[table.key]
        if before is None:
            insert_row(conn, table, after_row)
        else:
            before_row = to_row(before)
            update_row(conn, table, key, {k: v for k, v in after_row.items() if before_row[k] != v})
        log.record(table, key, None if before is None else to_row(before), after_row)
        last = change_count(conn)
    return Saved(entity, record, "inserted" if before is None else "updated", (first, last))


def add(
    conn: sqlite3.Connection,
    entity: str,
    raw: Mapping[str, str | None],
    *,
    options: ParseOptions = ParseOptions(relative=True),
) -> Saved:
    """Validate and insert a new record from raw field text.

    Raises :class:`ValidationError` (field errors, including a key already in
    use, an unknown customer or a double-booked unit).
    """
    record = validate(entity, raw, options=options)
    key = getattr(record, ENTITIES[entity].key)

    def run() -> Saved:
        if get_row(conn, ENTITIES[entity], key) is not None:
            raise ValidationError([FieldError(ENTITIES[entity].key, f"{key} is already in use", key)])
        errors = check_references(conn, record)
        if errors:
            raise ValidationError(errors)
        return _write(conn, entity, record, None, f"add {ENTITIES[entity].singular} {key}")

    return retrying(run)


def update(
    conn: sqlite3.Connection,
    entity: str,
    key: str,
    raw: Mapping[str, str | None],
    *,
    options: ParseOptions = ParseOptions(relative=True),
    summary: str | None = None,
) -> Saved:
    """Validate and apply changes (raw text of the changed fields) to a stored record."""
    before = get_record(conn, entity, key)
    if before is None:
        raise ValidationError([FieldError(ENTITIES[entity].key, f"no {ENTITIES[entity].singular} {key}", key)])
    changes = {k: v for k, v in raw.items() if k != ENTITIES[entity].key}
    record = validate(entity, changes, base=before, options=options)
    errors = check_references(conn, record)
    if errors:
        raise ValidationError(errors)
    return retrying(
        lambda: _write(conn, entity, record, before, summary or f"edit {ENTITIES[entity].singular} {key}")
    )


def _set_fields(conn: sqlite3.Connection, entity: str, key: str, summary: str, **fields: Any) -> Saved:
    before = get_record(conn, entity, key)
    if before is None:
        raise ValidationError([FieldError(ENTITIES[entity].key, f"no {ENTITIES[entity].singular} {key}", key)])
    record = dataclasses.replace(before, **fields)
    return retrying(lambda: _write(conn, entity, record, before, summary))


def archive_customer(conn: sqlite3.Connection, code: str, on: date | None = None) -> Saved:
    """Archive a customer (kept, with its history, but off the board)."""
    return _set_fields(conn, "customers", code, f"archive customer {code}", archived_on=on or date.today())


def restore_customer(conn: sqlite3.Connection, code: str) -> Saved:
    """Bring an archived customer back onto the board."""
    return _set_fields(conn, "customers", code, f"restore customer {code}", archived_on=None)


def retire_equipment(conn: sqlite3.Connection, code: str) -> Saved:
    """Take a unit out of service for good (its rentals stay)."""
    return _set_fields(conn, "equipment", code, f"retire equipment {code}", status="retired")


def mark_returned(conn: sqlite3.Connection, ref: str, on: date | None = None) -> Saved:
    """Record that a rental's unit came back on *on* (default today)."""
    rental = get_record(conn, "rentals", ref)
    if rental is None:
        raise ValidationError([FieldError("ref", f"no rental {ref}", ref)])
    day = on or date.today()
    if day < rental.start_date:
        raise ValidationError([FieldError("returned_on", f"{day} is before the rental's start {rental.start_date}")])
    return _set_fields(conn, "rentals", ref, f"mark rental {ref} returned", status="returned", returned_on=day)


def resolve_complaint(
    conn: sqlite3.Connection,
    ref: str,
    *,
    on: date | None = None,
    resolution: str = "",
    compensation: int = 0,
) -> Saved:
    """Close a complaint with what was done and any money given back (cents)."""
    complaint = get_record(conn, "complaints", ref)
    if complaint is None:
        raise ValidationError([FieldError("ref", f"no complaint {ref}", ref)])
    day = on or date.today()
    if day < complaint.opened_on:
        raise ValidationError([FieldError("resolved_on", f"{day} is before it was opened ({complaint.opened_on})")])
    return _set_fields(
        conn, "complaints", ref, f"resolve complaint {ref}",
        status="resolved", resolved_on=day, resolution=resolution, compensation=compensation,
    )


def next_ref(conn: sqlite3.Connection, entity: str) -> str:
    """A fresh reference for a new rental (R…), complaint (K…) or interaction (I…)."""
    prefix = {"rentals": "R", "complaints": "K", "interactions": "I"}[entity]
    (top,) = conn.execute(f"SELECT coalesce(max(id), 0) FROM {entity}").fetchone()
    n = top + 1
    while queries.exists(conn, entity, "ref", f"{prefix}{n:05d}"):
        n += 1
    return f"{prefix}{n:05d}"


def list_records(
    conn: sqlite3.Connection, entity: str, *, after: str | None = None, limit: int = 200
) -> list[Record]:
    """A page of records in key order, starting after key *after* (keyset pagination)."""
    table = ENTITIES[entity]
    cols = ", ".join(table.columns)
    rows = conn.execute(
        f"SELECT {cols} FROM {table.name} WHERE {table.key} > ? ORDER BY {table.key} LIMIT ?",
        (after or "", limit),
    ).fetchall()
    return [from_row(entity, dict(zip(table.columns, r))) for r in rows]


# --- undo ----------------------------------------------------------------------


class UndoError(Exception):
    """The last change cannot be undone (nothing to undo, or changed since)."""


def undo_last(conn: sqlite3.Connection) -> str:
    """Put back what the newest change did; returns its summary ("add rental R00012").

    Refuses, changing nothing, when a record it touched has been changed since
    (by an import or another edit).
    """

    def run() -> str:
        with transaction(conn):
            last = last_change_set(conn)
            if last is None:
                raise UndoError("nothing to undo")
            set_id, summary = last
            rows = change_rows(conn, set_id)
            if not rows:  # a bulk change (an import), logged without its rows
                raise UndoError(f"the last change was {summary}; restore a backup to reverse it")
            for table, key, before, after in rows:
                current = get_row(conn, table, key)
                if current != after:
                    raise UndoError(f"cannot undo {summary}: {table.singular} {key} has changed since")
                if before is None:
                    delete_row(conn, table, key)
                elif after is None:
                    insert_row(conn, table, before)
                else:
                    update_row(conn, table, key, before)
            mark_undone(conn, set_id)
            return summary

    try:
        return retrying(run)
    except sqlite3.IntegrityError as exc:
        raise UndoError(f"cannot undo: other records now depend on it ({exc})") from None
