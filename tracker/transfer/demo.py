"""Loading the demo business from ``fixtures/`` into an empty database."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, timedelta

from db.queries import is_empty
from db.writes import set_setting, transaction
from tracker.i18n import _
from tracker.names import keep_name_keys
from tracker.records import ENTITIES, ParseOptions, ValidationError, to_row, validate


class NotEmptyError(Exception):
    """The database already holds data; the demo would mix with it."""


def _shift(value: str, delta: timedelta) -> str:
    return (date.fromisoformat(value) + delta).isoformat() if value else value


def load_demo(conn: sqlite3.Connection, *, today: date | None = None, force: bool = False) -> dict[str, int]:
    """Fill the database with the demo business, its dates moved so it is current on *today*.

    Pass ``today=fixtures.DEMO_AS_OF`` to load the files exactly as written.
    Refuses a non-empty database unless *force*. Returns rows loaded per entity.
    """
    from fixtures import DEMO_AS_OF, DEMO_SETTINGS, demo_files
    from tracker.settings import SPECS, parse_setting

    if not force and not is_empty(conn):
        raise NotEmptyError(_("the database already holds data; use --force to add the demo to it"))
    delta = (today or date.today()) - DEMO_AS_OF
    counts: dict[str, int] = {}
    with transaction(conn):
        for name, path in demo_files().items():
            entity = ENTITIES[name]
            date_fields = [c.name for c in entity.fields if c.kind.export == "date"]
            # With --force, records whose key is already taken are kept as they are.
            sql = (
                f"INSERT {'OR IGNORE ' if force else ''}INTO {entity.name} ({', '.join(entity.columns)}) "
                f"VALUES ({', '.join('?' for _column in entity.columns)})"
            )
            with path.open(newline="", encoding="utf-8") as fh:
                rows = list(csv.DictReader(fh))
            for line, raw in enumerate(rows, start=2):
                for f in date_fields:
                    raw[f] = _shift(raw[f], delta)
                try:
                    record = validate(entity, raw, options=ParseOptions(today=today))
                except ValidationError as exc:  # the shipped files are valid; say where if not
                    raise ValueError(f"{path.name} line {line}: {exc}") from None
                conn.execute(sql, list(to_row(entity, record).values()))
            counts[name] = len(rows)
        for key, text in DEMO_SETTINGS.items():
            set_setting(conn, key, SPECS[key].format(parse_setting(key, text)))
        keep_name_keys(conn)
    return counts
