"""Databases for the benchmark, loaded straight from the generated CSV files.

The loader is deliberately plain (csv + ``executemany`` into the app's own
schema) and trusts its input, which :mod:`bench.generate` wrote: it exists only
to build, once, the large database the timings run on. Files are cached under
``bench/data/`` next to the CSV they came from.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tracker.records import ENTITIES, Entity

#: Nullable columns: an empty cell is stored as NULL (the others keep '').
_NULLABLE = {
    "customers": {"referred_by", "potential", "contact_grade", "archived_on"},
    "equipment": {"height_m"},
    "rentals": {"equipment", "returned_on", "daily_rate"},
    "complaints": {"rental", "resolved_on"},
    "interactions": set(),
}


def _cents(text: str) -> int:
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def _rows(entity: Entity, path: Path) -> Iterator[tuple[object, ...]]:
    nullable = _NULLABLE[entity.name]
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        assert tuple(header) == entity.columns, f"{path}: unexpected header {header}"
        convert = []
        for col in entity.columns:
            if col in entity.money:
                convert.append(_cents)
            elif col in ("potential", "severity"):
                convert.append(int)
            elif col == "partner":
                convert.append(lambda v: 1 if v == "yes" else 0)
            elif col == "height_m":
                convert.append(float)
            else:
                convert.append(None)
        plan = list(zip(convert, (c in nullable for c in entity.columns)))
        for row in reader:
            yield tuple(
                (None if null else "") if v == "" else (f(v) if f else v)
                for v, (f, null) in zip(row, plan)
            )


def load(db: Path, files: dict[str, Path], entities: tuple[str, ...]) -> None:
    """Create the database *db* (replacing it) holding the files of *entities*."""
    from db.writes import transaction
    from tracker.names import keep_name_keys
    from tracker.services import open_store

    tmp = db.with_name(db.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    conn = open_store(tmp)
    conn.execute("PRAGMA synchronous = OFF")
    with transaction(conn):
        for name in entities:
            entity = ENTITIES[name]
            cols = ", ".join(entity.columns)
            marks = ", ".join("?" * len(entity.columns))
            conn.executemany(f"INSERT INTO {name} ({cols}) VALUES ({marks})", _rows(entity, files[name]))
        keep_name_keys(conn)  # as rentrack's own writes leave the customers
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the main file alone is then the whole database
    conn.close()
    tmp.replace(db)
    print(f"built {db} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def cached(base: Path, files: dict[str, Path], entities: tuple[str, ...], name: str) -> Path:
    """The database of *entities* loaded from *files*, built under *base* unless already there."""
    db = base / f"{name}.db"
    if not db.exists():
        base.mkdir(parents=True, exist_ok=True)
        load(db, files, entities)
    return db


def fresh_copy(source: Path, target: Path) -> None:
    """Replace *target* (and any -wal/-shm beside it) with a copy of the database *source*."""
    import shutil

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)


def rental_index_ddl(db: Path) -> list[str]:
    """The ``CREATE INDEX`` statements of the app's rentals table, as stored in *db*."""
    conn = sqlite3.connect(db)
    try:
        return [
            sql for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rentals' AND sql IS NOT NULL"
            )
        ]
    finally:
        conn.close()
