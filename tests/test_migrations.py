"""Schema migrations by PRAGMA user_version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.connection import connect
from db.migrations import MIGRATIONS, SCHEMA_VERSION, NewerSchemaError, _statements, migrate, schema_version


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_empty_file_is_brought_to_the_current_version(db_path: Path) -> None:
    conn = connect(db_path)
    assert schema_version(conn) == SCHEMA_VERSION
    assert {"customers", "equipment", "rentals", "complaints", "interactions", "settings",
            "tier_history", "change_sets", "change_rows"} <= _tables(conn)


def test_migrating_again_is_a_no_op(db_path: Path) -> None:
    conn = connect(db_path)
    before = conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert migrate(conn) == 0
    assert conn.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == before


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
def test_every_earlier_version_migrates_to_the_current_one(tmp_path: Path, start: int) -> None:
    path = tmp_path / f"v{start}.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:start]:
        raw.execute("BEGIN")
        if callable(step):
            step(raw)
        else:
            for statement in _statements(step):
                raw.execute(statement)
        raw.execute("COMMIT")
    raw.execute(f"PRAGMA user_version = {start}")
    raw.close()
    conn = connect(path)
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    fresh = connect(tmp_path / "fresh.db")
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    assert conn.execute(schema).fetchall() == fresh.execute(schema).fetchall()


def test_a_newer_file_is_refused_untouched(db_path: Path) -> None:
    connect(db_path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerSchemaError, match="newer"):
        connect(db_path)


def test_a_failed_migration_leaves_the_version_unchanged(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr("db.migrations.MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr("db.migrations.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(RuntimeError):
        connect(db_path)
    conn = connect(db_path, migrate_schema=False)
    assert schema_version(conn) == SCHEMA_VERSION
    assert "half_done" not in _tables(conn)


def test_connection_pragmas(db_path: Path) -> None:
    conn = connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def test_new_database_file_is_private(db_path: Path) -> None:
    connect(db_path).close()
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_constraints_refuse_bad_rows(db_path: Path) -> None:
    conn = connect(db_path)
    conn.execute("INSERT INTO customers (code, name, created_on) VALUES ('C1', 'A', '2024-01-01')")
    bad = [
        "INSERT INTO customers (code, name, created_on) VALUES ('C2', 'B', '2024-13-01')",
        "INSERT INTO customers (code, name, segment, created_on) VALUES ('C3', 'B', 'huge', '2024-01-01')",
        "INSERT INTO rentals (ref, customer, start_date, end_date, amount) VALUES ('R1', 'C1', '2024-02-02', '2024-02-01', 1)",
        "INSERT INTO rentals (ref, customer, start_date, end_date, amount) VALUES ('R2', 'C1', '2024-02-01', '2024-02-01', -1)",
        "INSERT INTO rentals (ref, customer, start_date, end_date, amount) VALUES ('R3', 'NOPE', '2024-02-01', '2024-02-01', 1)",
        "INSERT INTO complaints (ref, customer, opened_on, category, severity) VALUES ('K1', 'C1', '2024-01-01', 'quality', 6)",
        "INSERT INTO interactions (ref, customer, date, kind) VALUES ('I1', 'C1', '2024-01-01', 'lunch')",
    ]
    for statement in bad:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(statement)
    assert conn.execute("SELECT count(*) FROM rentals").fetchone()[0] == 0


def test_migration_11_gives_every_return_visit_its_rentals_customer(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN")
    for step in MIGRATIONS[:10]:
        for statement in _statements(step):
            raw.execute(statement)
    raw.execute("INSERT INTO customers (code, name, created_on) VALUES ('C1', 'One', '2025-01-01'),"
                " ('C2', 'Two', '2025-01-01')")
    raw.execute("INSERT INTO rentals (ref, customer, start_date, end_date, amount, status) VALUES"
                " ('R1', 'C1', '2025-02-01', '2025-02-03', 100, 'returned'),"
                " ('R2', 'C2', '2025-02-01', '2025-02-03', 100, 'returned')")
    raw.execute("INSERT INTO return_visits (ref, rental, date, rating) VALUES ('V1', 'R1', '2025-02-05', 'ok'),"
                " ('V2', 'R2', '2025-02-06', 'ok'), ('V3', 'R1', '2025-02-07', 'satisfied')")
    raw.execute("PRAGMA user_version = 10")
    raw.execute("COMMIT")
    raw.close()
    conn = connect(path)
    assert [tuple(r) for r in conn.execute("SELECT ref, customer FROM return_visits ORDER BY ref")] == [
        ("V1", "C1"), ("V2", "C2"), ("V3", "C1")]
