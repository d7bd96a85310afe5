"""Backups under load, and the copy written before a schema migration."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from reliability_support import count, integrity, rentrack

from db.connection import connect
from db.migrations import MIGRATIONS, SCHEMA_VERSION, _statements, schema_version
from tracker.services import add, open_store


def _build_version(path: Path, version: int) -> None:
    """A file at schema *version*, made by applying the first *version* migrations."""
    raw = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:version]:
        raw.execute("BEGIN")
        if callable(step):
            step(raw)
        else:
            for statement in _statements(step):
                raw.execute(statement)
        raw.execute("COMMIT")
    raw.execute(f"PRAGMA user_version = {version}")
    raw.execute("INSERT INTO customers (code, name, created_on) VALUES ('OLD1', 'Kept', '2024-01-01')")
    raw.close()


def _backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.v*-backup-*"))


@pytest.mark.skipif(SCHEMA_VERSION < 2, reason="needs a schema with an earlier version")
def test_an_older_file_is_copied_beside_itself_before_migrating(db_path: Path) -> None:
    old = SCHEMA_VERSION - 1
    _build_version(db_path, old)
    conn = open_store(db_path)
    assert schema_version(conn) == SCHEMA_VERSION
    (copy,) = _backups(db_path)
    assert copy.name.startswith(f"{db_path.name}.v{old}-backup-")
    assert copy.stat().st_mode & 0o777 == 0o600
    saved = sqlite3.connect(copy)
    assert saved.execute("PRAGMA user_version").fetchone()[0] == old
    assert saved.execute("SELECT name FROM customers").fetchall() == [("Kept",)]
    assert saved.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved.close()
    assert [r[0] for r in conn.execute("SELECT name FROM customers")] == ["Kept"]
    # Opening again (now current) makes no further copy; nor does no temp file linger.
    open_store(db_path).close()
    assert len(_backups(db_path)) == 1
    assert not list(db_path.parent.glob(".*.tmp"))


def test_a_new_or_current_file_makes_no_backup(db_path: Path) -> None:
    open_store(db_path).close()
    open_store(db_path).close()
    assert _backups(db_path) == []


def test_an_added_migration_backs_up_first_even_when_it_fails(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = open_store(db_path)
    add(conn, "customers", {"code": "C1", "name": "Before the upgrade"})
    conn.close()

    def broken(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE customers ADD COLUMN shoe_size INTEGER")
        raise RuntimeError("boom")

    monkeypatch.setattr("db.migrations.MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr("db.migrations.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        connect(db_path)
    (copy,) = _backups(db_path)
    assert copy.name.startswith(f"{db_path.name}.v{SCHEMA_VERSION}-backup-")
    saved = sqlite3.connect(copy)
    assert saved.execute("SELECT code FROM customers").fetchall() == [("C1",)]
    saved.close()

    def works(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE customers ADD COLUMN shoe_size INTEGER")

    monkeypatch.setattr("db.migrations.MIGRATIONS", (*MIGRATIONS, works))
    conn = connect(db_path)
    assert schema_version(conn) == SCHEMA_VERSION + 1
    assert len(_backups(db_path)) == 2  # one per attempt; the file is never migrated uncopied


def test_backup_while_a_write_is_in_progress_passes_check(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    conn = open_store(db)
    add(conn, "customers", {"code": "C0", "name": "First"})
    # Another connection holds a large write transaction open.
    writer = open_store(db)
    writer.execute("BEGIN IMMEDIATE")
    writer.executemany(
        "INSERT INTO customers (code, name, created_on) VALUES (?, ?, '2024-01-01')",
        [(f"P{i:05d}", f"Pending {i}") for i in range(20_000)],
    )
    try:
        copy = tmp_path / "copy.db"
        result = rentrack(db, "backup", str(copy))
        assert result.returncode == 0, result.stderr
    finally:
        writer.execute("COMMIT")
    checked = rentrack(copy, "check")
    assert checked.returncode == 0, checked.stderr
    assert integrity(copy) == "ok"
    # The copy is a snapshot from before the uncommitted write: all of it or none of it.
    assert count(copy, "customers") in (1, 20_001)
    assert count(db, "customers") == 20_001


def test_backup_during_a_stream_of_commits_passes_check(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    conn = open_store(db)
    add(conn, "customers", {"code": "C0", "name": "First"})
    stop = threading.Event()
    written = [0]

    def keep_writing() -> None:
        c = open_store(db, check_same_thread=False)
        while not stop.is_set():
            c.execute("BEGIN IMMEDIATE")
            c.executemany(
                "INSERT INTO interactions (ref, customer, date, kind) VALUES (?, 'C0', '2024-01-01', 'call')",
                [(f"I{written[0]:07d}-{k}",) for k in range(200)],
            )
            c.execute("COMMIT")
            written[0] += 1
        c.close()

    t = threading.Thread(target=keep_writing)
    t.start()
    try:
        time.sleep(0.1)
        copy = tmp_path / "copy.db"
        result = rentrack(db, "backup", str(copy))
        assert result.returncode == 0, result.stderr
    finally:
        stop.set()
        t.join()
    assert rentrack(copy, "check").returncode == 0
    assert count(copy, "interactions") % 200 == 0  # whole transactions only
