"""Numbered schema migrations, tracked by ``PRAGMA user_version``.

Each migration runs in its own transaction together with the version bump, so a
database is always at exactly one version. Applying them again is a no-op.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from db.schema import (
    COMPLAINT_CATEGORIES,
    COMPLAINT_STATUSES,
    CONTACT_GRADES,
    EQUIPMENT_CATEGORIES,
    EQUIPMENT_STATUSES,
    INTERACTION_KINDS,
    PAYMENT_METHODS,
    RENTAL_STATUSES,
    SATISFACTION_RATINGS,
    SEGMENTS,
    TASK_KINDS,
    TIERS,
    UPKEEP_KINDS,
)
from db.writes import begin_write, rollback_if_open


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def _iso(column: str, nullable: bool = False) -> str:
    check = f"date({column}) IS {column}"
    return f"({column} IS NULL OR {check})" if nullable else check


V1 = f"""
CREATE TABLE customers (
    code          TEXT PRIMARY KEY NOT NULL CHECK (length(trim(code)) > 0),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    segment       TEXT NOT NULL DEFAULT 'small' CHECK ({_in('segment', SEGMENTS)}),
    industry      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    wechat        TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    referred_by   TEXT REFERENCES customers(code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
                  CHECK (referred_by IS NULL OR referred_by <> code),
    potential     INTEGER CHECK (potential IS NULL OR potential BETWEEN 1 AND 5),
    contact_grade TEXT CHECK (contact_grade IS NULL OR {_in('contact_grade', CONTACT_GRADES)}),
    partner       INTEGER NOT NULL DEFAULT 0 CHECK (partner IN (0, 1)),
    notes         TEXT NOT NULL DEFAULT '',
    created_on    TEXT NOT NULL CHECK ({_iso('created_on')}),
    archived_on   TEXT CHECK ({_iso('archived_on', nullable=True)})
) WITHOUT ROWID;
CREATE INDEX customers_referred_by ON customers(referred_by) WHERE referred_by IS NOT NULL;
CREATE INDEX customers_name ON customers(name);

CREATE TABLE equipment (
    code       TEXT PRIMARY KEY NOT NULL CHECK (length(trim(code)) > 0),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    category   TEXT NOT NULL DEFAULT 'other' CHECK ({_in('category', EQUIPMENT_CATEGORIES)}),
    height_m   REAL CHECK (height_m IS NULL OR height_m >= 0),
    daily_rate INTEGER NOT NULL DEFAULT 0 CHECK (daily_rate >= 0),
    status     TEXT NOT NULL DEFAULT 'available' CHECK ({_in('status', EQUIPMENT_STATUSES)}),
    notes      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE rentals (
    id          INTEGER PRIMARY KEY,
    ref         TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    customer    TEXT NOT NULL REFERENCES customers(code) ON UPDATE CASCADE,
    equipment   TEXT REFERENCES equipment(code) ON UPDATE CASCADE,
    start_date  TEXT NOT NULL CHECK ({_iso('start_date')}),
    end_date    TEXT NOT NULL CHECK ({_iso('end_date')} AND end_date >= start_date),
    returned_on TEXT CHECK ({_iso('returned_on', nullable=True)}),
    daily_rate  INTEGER CHECK (daily_rate IS NULL OR daily_rate >= 0),
    amount      INTEGER NOT NULL CHECK (amount >= 0),
    cost        INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
    paid        INTEGER NOT NULL DEFAULT 0 CHECK (paid >= 0),
    site        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'booked' CHECK ({_in('status', RENTAL_STATUSES)}),
    notes       TEXT NOT NULL DEFAULT ''
);
-- Covering index for per-customer value over a date window (board, value, stage).
CREATE INDEX rentals_customer_start
    ON rentals(customer, start_date, status, amount, cost);
-- Availability: overlapping rentals of one unit.
CREATE INDEX rentals_equipment_dates
    ON rentals(equipment, start_date, end_date) WHERE equipment IS NOT NULL;
CREATE INDEX rentals_start ON rentals(start_date);
CREATE INDEX rentals_open ON rentals(status, end_date) WHERE status IN ('booked', 'on-rent');

CREATE TABLE complaints (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    customer     TEXT NOT NULL REFERENCES customers(code) ON UPDATE CASCADE,
    rental       TEXT REFERENCES rentals(ref) ON UPDATE CASCADE,
    opened_on    TEXT NOT NULL CHECK ({_iso('opened_on')}),
    category     TEXT NOT NULL CHECK ({_in('category', COMPLAINT_CATEGORIES)}),
    severity     INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    description  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open' CHECK ({_in('status', COMPLAINT_STATUSES)}),
    resolved_on  TEXT CHECK ({_iso('resolved_on', nullable=True)}
                             AND (resolved_on IS NULL OR resolved_on >= opened_on)),
    resolution   TEXT NOT NULL DEFAULT '',
    compensation INTEGER NOT NULL DEFAULT 0 CHECK (compensation >= 0),
    CHECK ((status = 'resolved') = (resolved_on IS NOT NULL))
);
CREATE INDEX complaints_customer ON complaints(customer, opened_on);
CREATE INDEX complaints_rental ON complaints(rental) WHERE rental IS NOT NULL;
CREATE INDEX complaints_open ON complaints(status, opened_on) WHERE status = 'open';

CREATE TABLE interactions (
    id       INTEGER PRIMARY KEY,
    ref      TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    customer TEXT NOT NULL REFERENCES customers(code) ON UPDATE CASCADE,
    date     TEXT NOT NULL CHECK ({_iso('date')}),
    kind     TEXT NOT NULL CHECK ({_in('kind', INTERACTION_KINDS)}),
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX interactions_customer ON interactions(customer, date, kind);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tier_history (
    customer   TEXT NOT NULL REFERENCES customers(code) ON UPDATE CASCADE ON DELETE CASCADE,
    changed_on TEXT NOT NULL CHECK ({_iso('changed_on')}),
    tier       TEXT NOT NULL CHECK ({_in('tier', TIERS)}),
    previous   TEXT CHECK (previous IS NULL OR {_in('previous', TIERS)}),
    PRIMARY KEY (customer, changed_on)
) WITHOUT ROWID;

-- The change log behind "undo": one change set per user action, one row per record touched.
CREATE TABLE change_sets (
    id      INTEGER PRIMARY KEY,
    made_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),
    summary TEXT NOT NULL,
    undone  INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);
CREATE TABLE change_rows (
    id         INTEGER PRIMARY KEY,
    change_set INTEGER NOT NULL REFERENCES change_sets(id) ON DELETE CASCADE,
    entity     TEXT NOT NULL,
    key        TEXT NOT NULL,
    before     TEXT,  -- JSON of the row before; NULL when the change inserted it
    after      TEXT   -- JSON of the row after; NULL when the change deleted it
);
CREATE INDEX change_rows_set ON change_rows(change_set);
"""

V2 = """
-- Tier board: returned rentals by customer and return date (emotion score).
CREATE INDEX rentals_returned
    ON rentals(customer, coalesce(returned_on, end_date)) WHERE status = 'returned';
-- Tier board: unpaid rentals by customer (alerts, balances).
CREATE INDEX rentals_unpaid
    ON rentals(customer, end_date, start_date, status, amount, paid) WHERE paid < amount;
-- Tier board: interactions by customer and kind, no temporary b-tree for the per-kind sums.
CREATE INDEX interactions_customer_kind ON interactions(customer, kind, date);
"""

V3 = """
-- Tier board: per customer and event kind (interaction kinds, 'returned'), how many
-- events, the latest date and the sum of 2 ** ((julianday(date) - epoch) / half_life),
-- so the decayed emotion sums are read, not recomputed from every record.
CREATE TABLE emotion_anchors (
    customer TEXT NOT NULL,
    kind     TEXT NOT NULL,
    events   INTEGER NOT NULL,
    last     TEXT NOT NULL,
    anchor   REAL NOT NULL,
    PRIMARY KEY (customer, kind)
) WITHOUT ROWID;
-- The epoch and half-life the anchors were computed with (no row: never computed).
CREATE TABLE emotion_anchor_state (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    epoch     TEXT NOT NULL,
    half_life REAL NOT NULL
);
-- Customers whose anchors are out of date, marked by the triggers below.
CREATE TABLE emotion_dirty (customer TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
CREATE TRIGGER emotion_dirty_rental_insert AFTER INSERT ON rentals BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) VALUES (NEW.customer);
END;
CREATE TRIGGER emotion_dirty_rental_update AFTER UPDATE OF customer, status, start_date, end_date, returned_on ON rentals BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) VALUES (OLD.customer), (NEW.customer);
END;
CREATE TRIGGER emotion_dirty_rental_delete AFTER DELETE ON rentals BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) VALUES (OLD.customer);
END;
CREATE TRIGGER emotion_dirty_interaction_insert AFTER INSERT ON interactions BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) VALUES (NEW.customer);
END;
CREATE TRIGGER emotion_dirty_interaction_update AFTER UPDATE OF customer, date, kind ON interactions BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) VALUES (OLD.customer), (NEW.customer);
END;
CREATE TRIGGER emotion_dirty_interaction_delete AFTER DELETE ON interactions BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) VALUES (OLD.customer);
END;
CREATE TRIGGER emotion_dirty_customer_code AFTER UPDATE OF code ON customers BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) VALUES (OLD.code), (NEW.code);
END;
-- Events dated after a day, and the latest event, without a scan.
CREATE INDEX interactions_date ON interactions(date, customer, kind);
CREATE INDEX rentals_returned_date
    ON rentals(coalesce(returned_on, end_date), customer, returned_on, end_date, status) WHERE status = 'returned';
-- Rentals on rent (overdue returns, units out) read from the index alone.
CREATE INDEX rentals_on_rent
    ON rentals(status, end_date, start_date, customer, ref, equipment) WHERE status = 'on-rent';
"""

V4 = """
-- The last whole board computed, so the next process to show it (the app's next start,
-- `rentrack board`) reads it instead of evaluating every customer again. It holds while
-- board_snapshot has its row; any write to what the board reads deletes that row.
CREATE TABLE board_snapshot (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    as_of     TEXT NOT NULL,
    settings  TEXT NOT NULL,     -- the settings it was computed with, JSON
    rules     TEXT NOT NULL,     -- digest of the code that computed it
    recorded  INTEGER NOT NULL,  -- 1 when its tier changes were recorded in tier_history
    n         INTEGER NOT NULL,
    k         INTEGER NOT NULL,
    cut_value INTEGER,
    figures   TEXT NOT NULL      -- JSON
);
-- Its rows, in board order.
CREATE TABLE board_rows (
    position          INTEGER PRIMARY KEY,
    code              TEXT NOT NULL,
    name              TEXT NOT NULL,
    segment           TEXT NOT NULL,
    tier              TEXT NOT NULL,
    tier_change       TEXT,
    rank              INTEGER NOT NULL,
    current_value     INTEGER NOT NULL,
    potential         INTEGER NOT NULL,
    potential_rated   INTEGER NOT NULL,
    emotion           REAL NOT NULL,
    band              TEXT NOT NULL,
    stage             TEXT NOT NULL,
    stage_rule        TEXT NOT NULL,
    next_follow_up    TEXT NOT NULL,
    follow_up_overdue INTEGER NOT NULL
);
-- Its alerts, row by row in board order; position is the alert's place in the board's list.
CREATE TABLE board_alerts (
    id       INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    code     TEXT NOT NULL,
    kind     TEXT NOT NULL,
    reason   TEXT NOT NULL
);
CREATE TRIGGER board_snapshot_customers_insert AFTER INSERT ON customers BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_customers_update AFTER UPDATE ON customers BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_customers_delete AFTER DELETE ON customers BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_rentals_insert AFTER INSERT ON rentals BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_rentals_update AFTER UPDATE ON rentals BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_rentals_delete AFTER DELETE ON rentals BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_interactions_insert AFTER INSERT ON interactions BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_interactions_update AFTER UPDATE ON interactions BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_interactions_delete AFTER DELETE ON interactions BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_complaints_insert AFTER INSERT ON complaints BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_complaints_update AFTER UPDATE ON complaints BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_complaints_delete AFTER DELETE ON complaints BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_settings_insert AFTER INSERT ON settings BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_settings_update AFTER UPDATE ON settings BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_settings_delete AFTER DELETE ON settings BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_tier_history_insert AFTER INSERT ON tier_history BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_tier_history_update AFTER UPDATE ON tier_history BEGIN DELETE FROM board_snapshot; END;
CREATE TRIGGER board_snapshot_tier_history_delete AFTER DELETE ON tier_history BEGIN DELETE FROM board_snapshot; END;
"""

def counted(table: str) -> str:
    """Triggers that add one to ``change_count`` for every row of *table* inserted, updated or deleted.

    Every table whose rows the owner enters, or the board records, is counted:
    the count keys the stored board and tells the app its screens are stale,
    whoever wrote (the app, an import, the ``sqlite3`` shell).
    """
    return "\n".join(
        f"CREATE TRIGGER count_{table}_{event.lower()} AFTER {event} ON {table} "
        "BEGIN UPDATE change_count SET n = n + 1; END;"
        for event in ("INSERT", "UPDATE", "DELETE")
    )


V5 = f"""
-- The stored board of migration 4 goes: one row of text replaces its three tables and their triggers.
{chr(10).join(f"DROP TRIGGER board_snapshot_{t}_{e};" for t in ("customers", "rentals", "interactions", "complaints", "settings", "tier_history") for e in ("insert", "update", "delete"))}
DROP TABLE board_alerts;
DROP TABLE board_rows;
DROP TABLE board_snapshot;
-- How many rows of the counted tables were ever written.
CREATE TABLE change_count (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO change_count (id, n) VALUES (1, 0);
{chr(10).join(counted(t) for t in ("customers", "equipment", "rentals", "complaints", "interactions", "settings", "tier_history"))}
-- Per-customer value and money totals from the index alone: what was paid joins amount and cost.
DROP INDEX rentals_customer_start;
CREATE INDEX rentals_customer_start ON rentals(customer, start_date, status, amount, cost, paid);
-- The last whole board computed (JSON), and what it was computed for.
CREATE TABLE board_cache (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    changes  INTEGER NOT NULL,  -- change_count.n it reflects
    as_of    TEXT NOT NULL,
    settings TEXT NOT NULL,     -- the settings it was computed with, JSON
    version  TEXT NOT NULL,     -- the program that computed it
    recorded INTEGER NOT NULL,  -- 1 when its tier changes are recorded in tier_history
    board    TEXT NOT NULL
);
"""

V6 = f"""
-- Money received against a rental. A rental's paid is its total: payments add to it as they are
-- recorded, changed or taken back (what was recorded on the rental itself before stays in it).
CREATE TABLE payments (
    id     INTEGER PRIMARY KEY,
    ref    TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    rental TEXT NOT NULL REFERENCES rentals(ref) ON UPDATE CASCADE,
    date   TEXT NOT NULL CHECK ({_iso('date')}),
    amount INTEGER NOT NULL CHECK (amount > 0),
    method TEXT NOT NULL DEFAULT 'transfer' CHECK ({_in('method', PAYMENT_METHODS)}),
    note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_rental ON payments(rental, date);
CREATE TRIGGER payments_paid_insert AFTER INSERT ON payments BEGIN
    UPDATE rentals SET paid = paid + NEW.amount WHERE ref = NEW.rental;
END;
CREATE TRIGGER payments_paid_update AFTER UPDATE OF rental, amount ON payments BEGIN
    UPDATE rentals SET paid = paid - OLD.amount WHERE ref = OLD.rental;
    UPDATE rentals SET paid = paid + NEW.amount WHERE ref = NEW.rental;
END;
CREATE TRIGGER payments_paid_delete AFTER DELETE ON payments BEGIN
    UPDATE rentals SET paid = paid - OLD.amount WHERE ref = OLD.rental;
END;
{counted("payments")}

-- Deposits taken on rentals: open until returned, when all or part of them may be kept.
CREATE TABLE deposits (
    id          INTEGER PRIMARY KEY,
    ref         TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    rental      TEXT NOT NULL REFERENCES rentals(ref) ON UPDATE CASCADE,
    taken_on    TEXT NOT NULL CHECK ({_iso('taken_on')}),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    returned_on TEXT CHECK ({_iso('returned_on', nullable=True)} AND (returned_on IS NULL OR returned_on >= taken_on)),
    kept        INTEGER NOT NULL DEFAULT 0 CHECK (kept >= 0 AND kept <= amount),
    reason      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX deposits_rental ON deposits(rental);
CREATE INDEX deposits_open ON deposits(rental, taken_on) WHERE returned_on IS NULL;
{counted("deposits")}

-- Work on the units: inspections (with the date the next one is due), services, repairs.
CREATE TABLE upkeep (
    id       INTEGER PRIMARY KEY,
    ref      TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    unit     TEXT NOT NULL REFERENCES equipment(code) ON UPDATE CASCADE,
    date     TEXT NOT NULL CHECK ({_iso('date')}),
    kind     TEXT NOT NULL CHECK ({_in('kind', UPKEEP_KINDS)}),
    note     TEXT NOT NULL DEFAULT '',
    cost     INTEGER NOT NULL DEFAULT 0 CHECK (cost >= 0),
    next_due TEXT CHECK ({_iso('next_due', nullable=True)} AND (next_due IS NULL OR next_due > date))
);
CREATE INDEX upkeep_unit ON upkeep(unit, kind, date);
{counted("upkeep")}

-- A unit's rentals from a day on (what is out or booked now, the timeline, a new booking's overlap):
-- by end date, so the years of rentals before it are not read.
DROP INDEX rentals_equipment_dates;
CREATE INDEX rentals_equipment_dates
    ON rentals(equipment, end_date, start_date, status) WHERE equipment IS NOT NULL;
"""

V7 = """
-- Each customer's name as it sorts and is searched: its pinyin, lower case (tracker.names makes it).
-- Blank until made: a new customer's, and one whose name changed, whoever changed it.
ALTER TABLE customers ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT '';
CREATE INDEX customers_name_pinyin ON customers(name_pinyin);
CREATE TRIGGER customers_name_pinyin_stale AFTER UPDATE OF name ON customers WHEN NEW.name IS NOT OLD.name
BEGIN UPDATE customers SET name_pinyin = '' WHERE code = NEW.code; END;
-- What a day of a unit costs (cents): a rental's blank cost is its unit's daily cost x its days.
ALTER TABLE equipment ADD COLUMN daily_cost INTEGER NOT NULL DEFAULT 0 CHECK (daily_cost >= 0);
"""

V8 = f"""
-- Next actions on a customer and promises made to it: open until done, asleep until a snooze ends.
CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    ref           TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    customer      TEXT NOT NULL REFERENCES customers(code) ON UPDATE CASCADE,
    kind          TEXT NOT NULL DEFAULT 'task' CHECK ({_in('kind', TASK_KINDS)}),
    what          TEXT NOT NULL CHECK (length(trim(what)) > 0),
    due           TEXT NOT NULL CHECK ({_iso('due')}),
    done_on       TEXT CHECK ({_iso('done_on', nullable=True)}),
    snoozed_until TEXT CHECK ({_iso('snoozed_until', nullable=True)}),
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tasks_customer ON tasks(customer, due);
CREATE INDEX tasks_open ON tasks(customer, coalesce(snoozed_until, due)) WHERE done_on IS NULL;
{counted("tasks")}
"""

V9 = f"""
-- A customer's tags, the owner's groups (VIP, installers...): ", " between them, each once.
ALTER TABLE customers ADD COLUMN tags TEXT NOT NULL DEFAULT '';
-- The people at a customer: who buys, who runs the site, the boss; found by name or phone.
CREATE TABLE contacts (
    id       INTEGER PRIMARY KEY,
    ref      TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    customer TEXT NOT NULL REFERENCES customers(code) ON UPDATE CASCADE,
    name     TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role     TEXT NOT NULL DEFAULT '',
    phone    TEXT NOT NULL DEFAULT '',
    wechat   TEXT NOT NULL DEFAULT '',
    birthday TEXT CHECK ({_iso('birthday', nullable=True)}),
    notes    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contacts_customer ON contacts(customer, name);
CREATE INDEX contacts_birthday ON contacts(substr(birthday, 6)) WHERE birthday IS NOT NULL;
{counted("contacts")}
"""

V10 = f"""
-- Return visits after a rental came back: how satisfied the customer said it was.
CREATE TABLE return_visits (
    id     INTEGER PRIMARY KEY,
    ref    TEXT NOT NULL UNIQUE CHECK (length(trim(ref)) > 0),
    rental TEXT NOT NULL REFERENCES rentals(ref) ON UPDATE CASCADE,
    date   TEXT NOT NULL CHECK ({_iso('date')}),
    rating TEXT NOT NULL CHECK ({_in('rating', SATISFACTION_RATINGS)}),
    note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX return_visits_rental ON return_visits(rental, date);
CREATE INDEX return_visits_date ON return_visits(date, rental, rating);
{counted("return_visits")}
-- A visit is an emotion event of the rental's customer: its anchors go out of date with it.
CREATE TRIGGER emotion_dirty_visit_insert AFTER INSERT ON return_visits BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) SELECT customer FROM rentals WHERE ref = NEW.rental;
END;
CREATE TRIGGER emotion_dirty_visit_update AFTER UPDATE OF rental, date, rating ON return_visits BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer)
        SELECT customer FROM rentals WHERE ref IN (OLD.rental, NEW.rental);
END;
CREATE TRIGGER emotion_dirty_visit_delete AFTER DELETE ON return_visits BEGIN
    INSERT OR IGNORE INTO emotion_dirty (customer) SELECT customer FROM rentals WHERE ref = OLD.rental;
END;
"""

V11 = """
-- A return visit's customer (its rental's), kept by the triggers below whoever writes, so one customer's
-- visits are found by an index, not through every one of its rentals.
ALTER TABLE return_visits ADD COLUMN customer TEXT;
UPDATE return_visits SET customer = (SELECT customer FROM rentals WHERE ref = return_visits.rental);
CREATE INDEX return_visits_customer ON return_visits(customer, date, rating);
CREATE TRIGGER return_visits_customer_insert AFTER INSERT ON return_visits BEGIN
    UPDATE return_visits SET customer = (SELECT customer FROM rentals WHERE ref = NEW.rental) WHERE id = NEW.id;
END;
CREATE TRIGGER return_visits_customer_update AFTER UPDATE OF rental, customer ON return_visits
WHEN NEW.customer IS NOT (SELECT customer FROM rentals WHERE ref = NEW.rental) BEGIN
    UPDATE return_visits SET customer = (SELECT customer FROM rentals WHERE ref = NEW.rental) WHERE id = NEW.id;
END;
CREATE TRIGGER return_visits_customer_rental AFTER UPDATE OF customer ON rentals BEGIN
    UPDATE return_visits SET customer = NEW.customer WHERE rental = NEW.ref AND customer IS NOT NEW.customer;
END;
"""

#: Migration n (1-based) brings a database from user_version n-1 to n.
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version``."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


class NewerSchemaError(RuntimeError):
    """The file was written by a newer rentrack than this one: its schema *version*, the one this code *known*."""

    def __init__(self, version: int, known: int) -> None:
        super().__init__(f"database schema version {version} is newer than this rentrack ({known}); upgrade rentrack")
        self.version, self.known = version, known


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration, each in its own transaction.

    Returns the number of migrations applied. Raises :class:`NewerSchemaError`
    when the file's version is newer than this code knows.
    """
    applied = 0
    while True:
        begin_write(conn)
        try:
            version = schema_version(conn)
            if version > SCHEMA_VERSION:
                raise NewerSchemaError(version, SCHEMA_VERSION)
            if version == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return applied
            step = MIGRATIONS[version]
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
            applied += 1
        except BaseException:
            rollback_if_open(conn)
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
