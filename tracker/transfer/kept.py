"""The two tables beside the entities that a whole-database round trip carries: settings and tier history.

``settings.csv`` holds every setting (``key,value``) as the owner has it;
``tier_history.csv`` every tier change the board recorded
(``customer,changed_on,tier,previous``). Export writes them beside the
entities' files; import reads them after the entities (a tier change names
a customer), validating each row as the ``config`` command and the board do:
a bad row is named with its line and refused like any other.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from db.schema import TIERS
from db.writes import get_settings, set_setting
from tracker.i18n import _
from tracker.parse import parse_choice, shown
from tracker.settings import SPECS, check_together, resolve
from tracker.transfer.csvfile import CsvFileError, fold_header, protect, unprotect

Rows = Iterator[tuple[int, list[str]]]


@dataclass
class Applied:
    """What reading one kept file did: rows, and how many inserted, updated and unchanged."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class Kept:
    """One kept table: its file's columns, how to write it, how to read it back."""

    name: str
    columns: tuple[str, ...]
    write: Callable[[sqlite3.Connection, Any], int]
    read: Callable[[sqlite3.Connection, Rows, Callable[[int, str], None]], Applied]

    def header(self, cells: list[str], source: str) -> None:
        """Refuse (:class:`CsvFileError`) a header that is not this table's columns."""
        if tuple(fold_header(c) for c in cells) != tuple(fold_header(c) for c in self.columns):
            raise CsvFileError(_("{file}: the header must be {columns}").format(file=source, columns=",".join(self.columns)))


def _write_settings(conn: sqlite3.Connection, writer: Any) -> int:
    values = resolve(get_settings(conn)).as_dict()
    for key, spec in SPECS.items():
        writer.writerow((key, spec.format(values[key])))
    return len(SPECS)


def _read_settings(conn: sqlite3.Connection, rows: Rows, refuse: Callable[[int, str], None]) -> Applied:
    stored = get_settings(conn)
    current = resolve(stored)
    wanted: dict[str, tuple[int, str]] = {}
    for line, cells in rows:
        if len(cells) != 2:
            refuse(line, _("has {cells} cells where the header has {width}").format(cells=len(cells), width=2))
            continue
        key, text = cells[0].strip(), cells[1]
        if key in wanted:
            refuse(line, _("key: {key} is also on line {line}").format(key=shown(key), line=wanted[key][0]))
            continue
        try:
            value = SPECS[key].parse(text) if key in SPECS else None
        except ValueError as exc:
            refuse(line, _("value: {problem}").format(problem=exc))
            continue
        if value is None:
            refuse(line, _("key: no setting {key} (`rentrack config` lists them)").format(key=shown(key)))
            continue
        current = current.replace(**{key: value})
        wanted[key] = (line, SPECS[key].format(value))
    for key, (line, _text) in wanted.items():  # the chains (band floors...) hold over the settings as they end up
        try:
            check_together(current, key, getattr(current, key))
        except ValueError as exc:
            refuse(line, _("value: {problem}").format(problem=exc))
            return Applied()
    applied = Applied()
    for key, (_line, text) in wanted.items():
        if stored.get(key) == text:
            applied.unchanged += 1
            continue
        applied.inserted += key not in stored
        applied.updated += key in stored
        set_setting(conn, key, text)
    return applied


def _write_tier_history(conn: sqlite3.Connection, writer: Any) -> int:
    n = 0
    for row in conn.execute(
        "SELECT customer, changed_on, tier, coalesce(previous, '') FROM tier_history ORDER BY customer, changed_on"
    ):
        writer.writerow((protect(row[0]), *row[1:]))
        n += 1
    return n


def _read_tier_history(conn: sqlite3.Connection, rows: Rows, refuse: Callable[[int, str], None]) -> Applied:
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[str, str, str, str | None]] = []
    for line, cells in rows:
        if len(cells) != 4:
            refuse(line, _("has {cells} cells where the header has {width}").format(cells=len(cells), width=4))
            continue
        customer, changed_on, tier, previous = (unprotect(c).strip() for c in cells)
        try:
            day = date.fromisoformat(changed_on).isoformat()
        except ValueError:
            refuse(line, _("changed_on: not an ISO date: {date}").format(date=shown(changed_on)))
            continue
        try:
            tier = parse_choice(tier, TIERS)
            prev = parse_choice(previous, TIERS) if previous else None
        except ValueError as exc:
            refuse(line, _("tier: {problem}").format(problem=exc))
            continue
        if conn.execute("SELECT 1 FROM customers WHERE code = ?", (customer,)).fetchone() is None:
            refuse(line, _("customer: no customer with code {code}").format(code=shown(customer)))
            continue
        if (customer, day) in seen:
            refuse(line, _("customer, changed_on: {code} on {day} is also on line {line}").format(
                code=shown(customer), day=day, line=seen[customer, day]))
            continue
        seen[customer, day] = line
        good.append((customer, day, tier, prev))
    applied = Applied()
    for customer, day, tier, prev in good:
        old = conn.execute(
            "SELECT tier, previous FROM tier_history WHERE customer = ? AND changed_on = ?", (customer, day)
        ).fetchone()
        if old is not None and tuple(old) == (tier, prev):
            applied.unchanged += 1
            continue
        conn.execute(
            "INSERT OR REPLACE INTO tier_history (customer, changed_on, tier, previous) VALUES (?, ?, ?, ?)",
            (customer, day, tier, prev),
        )
        applied.inserted += old is None
        applied.updated += old is not None
    return applied


TIER_HISTORY = Kept("tier_history", ("customer", "changed_on", "tier", "previous"), _write_tier_history,
                    _read_tier_history)
SETTINGS = Kept("settings", ("key", "value"), _write_settings, _read_settings)
#: In the order a whole-database import reads them, after the entities.
KEPT: dict[str, Kept] = {k.name: k for k in (TIER_HISTORY, SETTINGS)}


def write(conn: sqlite3.Connection, kept: Kept, fh: IO[str], *, bom: bool = True) -> int:
    """Write *kept* as CSV to *fh* (UTF-8, with a byte-order mark by default); returns the rows written."""
    if bom:
        fh.write("\ufeff")
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(kept.columns)
    return kept.write(conn, writer)
