"""Writes: transactions, single-record changes and the change log behind undo."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from db.schema import Table


def is_locked(exc: BaseException) -> bool:
    """Whether *exc* is SQLite saying another connection holds the write lock."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def begin_write(conn: sqlite3.Connection, *, patient: bool = True) -> None:
    """Take the write lock (``BEGIN IMMEDIATE``), waiting up to the busy timeout for another writer.

    A connection with an ``on_lock_wait`` hook (see :class:`db.connection.Connection`)
    that is still locked out after its busy timeout calls the hook and tries
    again, for as long as the other writer holds the lock: SQLite's locks end
    with the process holding them, so a held lock means a live writer.
    *patient* False gives up after one busy timeout whatever the hook.
    """
    hook = getattr(conn, "on_lock_wait", None) if patient else None
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if hook is None or not is_locked(exc):
                raise
            hook()


def rollback_if_open(conn: sqlite3.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already done so."""
    # SQLite has already rolled back on some errors (a full disk): a second ROLLBACK would mask the first error.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


@contextmanager
def transaction(conn: sqlite3.Connection, *, patient: bool = True) -> Iterator[sqlite3.Connection]:
    """Run the block in one write transaction (``BEGIN IMMEDIATE``, see :func:`begin_write`).

    Commits when the block ends normally, rolls back on any exception. Taking the
    write lock up front means a busy database is met at the start (and waited
    for) rather than half-way through.
    """
    begin_write(conn, patient=patient)
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        rollback_if_open(conn)
        raise


def get_row(conn: sqlite3.Connection, table: Table, key: str) -> dict[str, Any] | None:
    """The stored record with natural key *key*, as a dict of canonical columns."""
    cols = ", ".join(table.columns)
    row = conn.execute(f"SELECT {cols} FROM {table.name} WHERE {table.key} = ?", (key,)).fetchone()
    return dict(zip(table.columns, row)) if row is not None else None


def _rows(conn: sqlite3.Connection, table: Table) -> Any:
    """*table* as a sqlite-utils table on *conn* (imported here: off the start-up path)."""
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)[table.name]


def insert_row(conn: sqlite3.Connection, table: Table, record: Mapping[str, Any]) -> None:
    """Insert one record (columns absent from *record* take their defaults)."""
    _rows(conn, table).insert({c: record[c] for c in table.columns if c in record})


def update_row(conn: sqlite3.Connection, table: Table, key: str, changes: Mapping[str, Any]) -> None:
    """Set the given columns of the record with natural key *key*."""
    cols = {c: changes[c] for c in table.columns if c in changes and c != table.key}
    if not cols:
        return
    rows = _rows(conn, table)
    if rows.pks == [table.key]:
        rows.update(key, cols)
    else:  # keyed by rowid, the natural key a unique column
        (rowid,) = conn.execute(f"SELECT rowid FROM {table.name} WHERE {table.key} = ?", (key,)).fetchone()
        rows.update(rowid, cols)


def delete_row(conn: sqlite3.Connection, table: Table, key: str) -> None:
    """Delete the record with natural key *key*."""
    _rows(conn, table).delete_where(f"{table.key} = ?", [key])


class ChangeLog:
    """Records, inside the caller's transaction, what one user action changed."""

    def __init__(self, conn: sqlite3.Connection, summary: str) -> None:
        self.conn = conn
        self.id = conn.execute(
            "INSERT INTO change_sets (summary) VALUES (?)", (summary,)
        ).lastrowid

    def record(
        self,
        table: Table,
        key: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        """Note that *table*'s row *key* went from *before* to *after* (None: absent)."""
        self.conn.execute(
            "INSERT INTO change_rows (change_set, entity, key, before, after) VALUES (?, ?, ?, ?, ?)",
            (
                self.id,
                table.name,
                key,
                None if before is None else json.dumps(dict(before), ensure_ascii=False),
                None if after is None else json.dumps(dict(after), ensure_ascii=False),
            ),
        )


def log_bulk_change(conn: sqlite3.Connection, summary: str) -> int:
    """Record, inside the caller's transaction, a change too large to log row by row (an import).

    The change set has no rows: undo cannot put it back, and refuses to reach
    past it to older changes.
    """
    return conn.execute("INSERT INTO change_sets (summary) VALUES (?)", (summary,)).lastrowid


def bulk_changes_since(conn: sqlite3.Connection, after: int) -> list[tuple[int, str]]:
    """The change sets logged without rows (imports) after id *after*, oldest first, as (id, summary)."""
    return conn.execute(
        "SELECT id, summary FROM change_sets s WHERE id > ?"
        " AND NOT EXISTS (SELECT 1 FROM change_rows r WHERE r.change_set = s.id) ORDER BY id",
        (after,),
    ).fetchall()


def newest_change_set(conn: sqlite3.Connection) -> int:
    """The id of the newest change set (0 when none was ever logged)."""
    return conn.execute("SELECT coalesce(max(id), 0) FROM change_sets").fetchone()[0]


def last_change_set(conn: sqlite3.Connection) -> tuple[int, str, int] | None:
    """The newest change set not yet undone, as (id, summary, seconds since it was made)."""
    row = conn.execute(
        "SELECT id, summary, CAST(strftime('%s', 'now') AS INTEGER) - CAST(strftime('%s', made_at) AS INTEGER)"
        " FROM change_sets WHERE undone = 0 ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def change_rows(
    conn: sqlite3.Connection, change_set: int
) -> list[tuple[str, str, dict[str, Any] | None, dict[str, Any] | None]]:
    """The rows of a change set, newest first: (table name, key, before, after)."""
    return [
        (table, key, None if before is None else json.loads(before), None if after is None else json.loads(after))
        for table, key, before, after in conn.execute(
            "SELECT entity, key, before, after FROM change_rows WHERE change_set = ? ORDER BY id DESC",
            (change_set,),
        )
    ]


def mark_undone(conn: sqlite3.Connection, change_set: int) -> None:
    """Flag a change set as undone so the next undo reaches the one before."""
    conn.execute("UPDATE change_sets SET undone = 1 WHERE id = ?", (change_set,))


def get_settings(conn: sqlite3.Connection) -> dict[str, str]:
    """Every stored setting as raw text."""
    return dict(conn.execute("SELECT key, value FROM settings").fetchall())


def seed_settings(conn: sqlite3.Connection, defaults: Mapping[str, str]) -> None:
    """Store each default whose key is not yet in the settings table."""
    conn.executemany(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", list(defaults.items())
    )


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Store one setting's raw text."""
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
