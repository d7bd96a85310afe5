"""Exporting canonical CSV: every column of an entity, in canonical order, rows by key.

Cells are written as :func:`tracker.records.to_text` gives them (money with two
places, ``yes``/``no`` flags, ISO dates, blanks for none), and every text cell
goes through :func:`tracker.transfer.csvfile.protect` so no spreadsheet can run it as a
formula; numbers (money, ratings, heights) are never touched. For speed
SQLite builds each line whole (one ``printf`` a row, cells protected and
quoted exactly as the ``csv`` module quotes them), so a million rows stream out
with one Python object a row; a table with a REAL column (equipment) goes
through the ``csv`` module instead. The tests hold both to ``to_text`` +
``protect`` + ``csv.writer``, line for line (:func:`protect_cell` states the rule).

Encoding: UTF-8 with a byte-order mark by default, so Excel (Chinese Windows
included) opens CJK text correctly; ``bom=False`` writes plain UTF-8. Lines end
with CRLF, as RFC 4180 and Excel do.
"""

from __future__ import annotations

import csv
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from db.connection import database_path
from db.files import atomic_text, check_target, fsync_folder, place, private_folder
from tracker.records import ENTITIES, Column, Entity
from tracker.transfer import kept
from tracker.transfer.csvfile import protect
from tracker.transfer.kept import KEPT

#: A text cell needing protection: after any leading quotes, a formula trigger (see csvfile.protect).
_TRIGGERS = "('=', '+', '-', '@', char(9), char(13), char(10))"
#: Code points of a quote and of the triggers.
_FIRST = "(39, 61, 43, 45, 64, 9, 13, 10)"
#: Kinds written as they are stored: numbers and ISO dates are never formulas.
_AS_STORED = frozenset({"int", "date", "real"})


def _choices(c: Column) -> str:
    return "(" + ", ".join(f"'{v}'" for v in c.kind.choices) + ")"


def _expression(c: Column) -> str:
    """The SQL giving column *c*'s cell text (NULL for an empty cell)."""
    name, kind = c.name, c.kind.export
    if kind == "money":
        return (
            f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} >= 0 "
            f"THEN printf('%d.%02d', {name} / 100, {name} % 100) "
            f"ELSE printf('-%d.%02d', -{name} / 100, -{name} % 100) END"
        )
    if kind == "flag":
        return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN 'yes' ELSE 'no' END"
    if kind in _AS_STORED:
        return name
    if kind == "choice":  # a valid choice is never a formula; anything else is protected
        return f"CASE WHEN {name} IN {_choices(c)} THEN {name} ELSE {_protected(name)} END"
    return _protected(name)


def _protected(column: str) -> str:
    # unicode() is a cheap first look; only cells starting with a quote or a trigger get the full test.
    return (
        f"CASE WHEN unicode({column}) IN {_FIRST} AND substr(ltrim({column}, ''''), 1, 1) IN {_TRIGGERS} "
        f"THEN '''' || {column} ELSE {column} END"
    )


def _csv_cell(c: Column) -> str:
    """The SQL giving column *c*'s cell as it stands in a CSV line: protected, and quoted as the csv module quotes.

    A cell is quoted when it holds a comma, a double quote or a line break
    (``QUOTE_MINIMAL`` of the ``excel`` dialect), its quotes doubled. Money,
    dates, numbers, flags and valid choices never hold those.
    """
    name, kind = c.name, c.kind.export
    if kind in ("money", "flag", "int", "date"):
        return _expression(c)
    text = _protected(name)
    quoted = f"""'"' || replace({text}, '"', '""') || '"'"""
    cell = f"CASE WHEN {name} GLOB '*[,\"\n\r]*' THEN {quoted} ELSE {text} END"
    if kind == "choice":
        return f"CASE WHEN {name} IN {_choices(c)} THEN {name} ELSE {cell} END"
    return cell


def _lines(conn: sqlite3.Connection, entity: Entity) -> Iterator[str] | None:
    """The export's data lines, each built whole by SQLite in one ``printf``, ordered by key.

    None for an entity with a column SQLite cannot format exactly as Python
    does (a REAL): those go through :func:`rows` and the csv module.
    """
    if any(c.kind.export == "real" for c in entity.fields):
        return None
    fmt = ",".join("%s" for _column in entity.columns) + "\r\n"
    cells = ", ".join(_csv_cell(c) for c in entity.fields)
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(f"SELECT printf('{fmt}', {cells}) FROM {entity.name} ORDER BY {entity.key}")
    return (line for (line,) in cursor)


def rows(conn: sqlite3.Connection, entity: Entity) -> Iterator[Sequence[object]]:
    """The export's data rows (cells as text, numbers, or None for empty), ordered by key."""
    exprs = ", ".join(_expression(c) for c in entity.fields)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: the csv writer takes them as they come
    cursor.execute(f"SELECT {exprs} FROM {entity.name} ORDER BY {entity.key}")
    slow = [i for i, c in enumerate(entity.fields) if c.kind.export == "real"]
    if not slow:
        return cursor

    def convert(row: tuple[object, ...]) -> list[object]:
        out = list(row)
        for i in slow:
            out[i] = entity.fields[i].kind.text(out[i])
        return out

    return map(convert, cursor)


def write(conn: sqlite3.Connection, entity_name: str, fh: IO[str], *, bom: bool = True) -> int:
    """Write *entity_name* (an entity, ``settings`` or ``tier_history``) as canonical CSV to the UTF-8
    text stream *fh*; returns the number of rows.

    With *bom* the text starts with a byte-order mark (written here rather than
    by the ``utf-8-sig`` codec, whose Python-level encoder would run once a row).
    """
    if entity_name in KEPT:
        return kept.write(conn, KEPT[entity_name], fh, bom=bom)
    entity = ENTITIES[entity_name]
    if bom:
        fh.write("\ufeff")
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(entity.columns)
    (count,) = conn.execute(f"SELECT count(*) FROM {entity.name}").fetchone()
    lines = _lines(conn, entity)
    if lines is not None:
        fh.writelines(lines)
    else:
        writer.writerows(rows(conn, entity))
    return count


def export_file(conn: sqlite3.Connection, entity_name: str, path: str | Path, *, bom: bool = True) -> int:
    """Write one entity to *path* atomically (a temporary file renamed when complete); returns rows written.

    Refuses (:class:`db.files.UnsafeTarget`) a *path* that is the database or one of its SQLite files.
    """
    check_target(path, database=database_path(conn), what="the export")
    with atomic_text(path, encoding="utf-8") as fh:
        return write(conn, entity_name, fh, bom=bom)


def export_names() -> tuple[str, ...]:
    """The files ``export all`` writes into its folder, each ``<name>.csv``."""
    return (*ENTITIES, *KEPT)


def export_folder(conn: sqlite3.Connection, folder: str | Path, *, bom: bool = True) -> dict[str, int]:
    """Write every entity, the settings and the tier history to ``<folder>/<name>.csv`` from one
    consistent snapshot: the whole database, to be read back by ``import all``. Rows per file.

    Every file is written into a private folder inside *folder* first; only
    when all are complete are they renamed into place, so a failure part-way
    leaves *folder* as it was. Refuses (:class:`db.files.UnsafeTarget`) a
    target that is the database or one of its SQLite files.
    """
    target = Path(folder)
    targets = {name: target / f"{name}.csv" for name in export_names()}
    database = database_path(conn)
    for path in targets.values():
        check_target(path, database=database, what="the export")
    counts: dict[str, int] = {}
    with private_folder(target) as staging:
        conn.execute("BEGIN")  # one read snapshot for all five files
        try:
            for name in (*ENTITIES, *KEPT):
                with open(staging / f"{name}.csv", "w", encoding="utf-8", newline="") as fh:
                    counts[name] = write(conn, name, fh, bom=bom)
                    fh.flush()
                    os.fsync(fh.fileno())
        finally:
            conn.execute("COMMIT")
        for name, path in targets.items():
            place(staging / f"{name}.csv", path)
        fsync_folder(target)
    return counts


def protect_cell(entity: Entity, column: str, text: str) -> str:
    """What the export writes for a cell whose canonical text is *text* (the rule the SQL implements)."""
    c = entity.field(column)
    if c.kind.export in ("money", "flag", "int", "date", "real"):
        return text
    if c.kind.export == "choice" and text in c.kind.choices:
        return text
    return protect(text)
