"""The entity descriptions and the tables they describe say the same thing."""

from __future__ import annotations

import re
import sqlite3

from db.schema import DERIVED_COLUMNS
from tracker.records import ENTITIES


def _table_sql(conn: sqlite3.Connection, table: str) -> str:
    return conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]


def test_every_column_described_is_a_column_of_its_table_in_order(conn: sqlite3.Connection) -> None:
    for entity in ENTITIES.values():
        derived = DERIVED_COLUMNS.get(entity.name, ())
        stored = [r[1] for r in conn.execute(f"PRAGMA table_info({entity.name})") if r[1] != "id"]
        assert tuple(c for c in stored if c not in derived) == entity.columns, entity.name
        assert set(derived) <= set(stored) and not set(derived) & set(entity.columns), entity.name


def test_the_tables_check_constraints_allow_exactly_the_described_choices(conn: sqlite3.Connection) -> None:
    for entity in ENTITIES.values():
        sql = _table_sql(conn, entity.name)
        for column in entity.fields:
            if column.kind.export != "choice":
                continue
            found = re.search(rf"\b{column.name} IN \(([^)]*)\)", sql)
            assert found, (entity.name, column.name)
            allowed = tuple(v.strip().strip("'") for v in found.group(1).split(","))
            assert set(allowed) == set(column.kind.choices), (entity.name, column.name, allowed)


def test_required_columns_are_not_null_and_references_are_foreign_keys(conn: sqlite3.Connection) -> None:
    for entity in ENTITIES.values():
        info = {r[1]: r for r in conn.execute(f"PRAGMA table_info({entity.name})")}
        for column in entity.fields:
            if column.required:
                assert info[column.name][3] or info[column.name][5], (entity.name, column.name)  # NOT NULL or key
            if column.nullable:
                assert not info[column.name][3], (entity.name, column.name)
        keys = {(r[3], r[2]) for r in conn.execute(f"PRAGMA foreign_key_list({entity.name})")}
        assert keys == {(c.name, c.references) for c in entity.references()}, entity.name


def test_every_money_column_is_an_integer_column(conn: sqlite3.Connection) -> None:
    for entity in ENTITIES.values():
        types = {r[1]: r[2] for r in conn.execute(f"PRAGMA table_info({entity.name})")}
        for name in entity.money:
            assert types[name] == "INTEGER", (entity.name, name)
