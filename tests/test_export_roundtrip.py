"""export all -> import all into an empty database -> export all gives the same bytes and the same data."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from db.writes import transaction
from tracker.records import ENTITIES, ValidationError, validate_row
from tracker.services import complete_row, open_store
from tracker.transfer.exporter import export_folder
from tracker.transfer.importer import Job, import_files
from tracker.transfer.kept import KEPT

#: Awkward characters: CJK, CSV syntax, formula triggers, quotes, line breaks.
TRICKY = st.sampled_from(list("ab上海吊篮,\"'=+-@ \t\r\n;") + ["=SUM(A1)", "+86", "-", "@x", "''", "¥"])
TEXT = st.lists(TRICKY, max_size=6).map("".join)
CODE = st.lists(st.sampled_from(list("AZ09上=+-@',\" ") + ["C1"]), min_size=1, max_size=5).map("".join)
DATE = st.dates(min_value=__import__("datetime").date(2000, 1, 1),
                max_value=__import__("datetime").date(2030, 12, 31)).map(lambda d: d.isoformat())
MONEY = st.integers(0, 10**9).map(lambda c: f"{c // 100}.{c % 100:02d}")


def _store(conn: sqlite3.Connection, entity: str, raw: dict[str, str]) -> bool:
    cols = ENTITIES[entity].columns
    try:
        valid = validate_row(ENTITIES[entity], raw)
        row = tuple(complete_row(conn, ENTITIES[entity], dict(zip(cols, valid))).values())  # a blank cost filled
    except ValidationError:
        return False
    try:
        conn.execute(f"INSERT INTO {entity} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", row)
    except sqlite3.IntegrityError:
        return False
    return True


@st.composite
def business(draw) -> list[tuple[str, dict[str, str]]]:
    customers = draw(st.lists(st.fixed_dictionaries({
        "code": CODE, "name": TEXT.filter(str.strip), "notes": TEXT, "city": TEXT, "phone": TEXT,
        "segment": st.sampled_from(["large", "small", "prospect"]), "partner": st.sampled_from(["yes", "no"]),
        "potential": st.sampled_from(["", "1", "5"]), "created_on": DATE,
        "tags": st.lists(TEXT, max_size=3).map(", ".join),
    }), min_size=1, max_size=5, unique_by=lambda c: c["code"].strip()))
    codes = [c["code"] for c in customers]
    units = draw(st.lists(st.fixed_dictionaries({
        "code": CODE, "name": TEXT.filter(str.strip), "height_m": st.sampled_from(["", "8", "12.5", "0.1"]),
        "daily_rate": MONEY, "daily_cost": MONEY,
    }), max_size=2, unique_by=lambda c: c["code"].strip()))
    rentals = draw(st.lists(st.fixed_dictionaries({
        "ref": CODE, "customer": st.sampled_from(codes), "start_date": DATE, "end_date": DATE,
        "amount": MONEY, "cost": st.one_of(st.just(""), MONEY), "site": TEXT, "notes": TEXT,
        "status": st.sampled_from(["quote", "cancelled"]),
    }), max_size=3, unique_by=lambda r: r["ref"].strip()))
    for r in rentals:
        r["start_date"], r["end_date"] = sorted((r["start_date"], r["end_date"]))
    complaints = draw(st.lists(st.fixed_dictionaries({
        "ref": CODE, "customer": st.sampled_from(codes), "opened_on": DATE, "category": st.just("waiting"),
        "severity": st.sampled_from(["1", "5"]), "description": TEXT, "compensation": MONEY,
    }), max_size=2, unique_by=lambda r: r["ref"].strip()))
    interactions = draw(st.lists(st.fixed_dictionaries({
        "ref": CODE, "customer": st.sampled_from(codes), "date": DATE, "kind": st.just("gift"), "note": TEXT,
    }), max_size=2, unique_by=lambda r: r["ref"].strip()))
    tasks = draw(st.lists(st.fixed_dictionaries({
        "ref": CODE, "customer": st.sampled_from(codes), "kind": st.sampled_from(["task", "promise"]),
        "what": TEXT.filter(str.strip), "due": DATE, "done_on": st.one_of(st.just(""), DATE), "note": TEXT,
    }), max_size=2, unique_by=lambda r: r["ref"].strip()))
    contacts = draw(st.lists(st.fixed_dictionaries({
        "ref": CODE, "customer": st.sampled_from(codes), "name": TEXT.filter(str.strip), "role": TEXT,
        "phone": TEXT, "wechat": TEXT, "birthday": st.one_of(st.just(""), DATE.filter(lambda d: d < "2024")),
        "notes": TEXT,
    }), max_size=2, unique_by=lambda r: r["ref"].strip()))
    return ([("customers", c) for c in customers] + [("equipment", u) for u in units]
            + [("rentals", r) for r in rentals] + [("complaints", k) for k in complaints]
            + [("interactions", i) for i in interactions] + [("tasks", t) for t in tasks]
            + [("contacts", p) for p in contacts])


def _dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Everything the owner put in or the board recorded: the entities, the settings, the tier history."""
    out = {name: [tuple(r) for r in conn.execute(f"SELECT {', '.join(e.columns)} FROM {name} ORDER BY {e.key}")]
           for name, e in ENTITIES.items()}
    out["settings"] = [tuple(r) for r in conn.execute("SELECT key, value FROM settings ORDER BY key")]
    out["tier_history"] = [tuple(r) for r in conn.execute("SELECT * FROM tier_history ORDER BY customer, changed_on")]
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=business())
def test_round_trip_is_byte_identical(tmp_path_factory, records) -> None:
    tmp = tmp_path_factory.mktemp("rt")
    first = open_store(tmp / "a.db")
    first.execute("BEGIN")
    stored = [entity for entity, raw in records if _store(first, entity, raw)]
    first.execute("COMMIT")
    assume("customers" in stored)
    event(f"{len(stored)} records")
    export_folder(first, tmp / "one")
    second = open_store(tmp / "b.db")
    jobs = [Job(name, tmp / "one" / f"{name}.csv", allow_empty=True) for name in (*ENTITIES, *KEPT)]
    import_files(second, jobs)
    export_folder(second, tmp / "two")
    assert _files(tmp / "one") == _files(tmp / "two")
    assert _dump(first) == _dump(second)
    first.close()
    second.close()


def test_round_trip_through_the_real_command(tmp_path: Path) -> None:
    """The same round trip as processes, on names a spreadsheet would run."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    conn = open_store(a)
    conn.execute("BEGIN")
    for entity, raw in [
        ("customers", {"code": "=C1", "name": "=cmd|' /C calc'!A0", "notes": "+1\n-2", "created_on": "2024-01-01"}),
        ("customers", {"code": "C2", "name": "'@quoted", "referred_by": "=C1", "created_on": "2024-01-01"}),
        ("rentals", {"ref": "-R1", "customer": "C2", "start_date": "2024-01-01", "end_date": "2024-01-02",
                     "amount": "1,200.50", "site": "上海, \"浦东\""}),
    ]:
        assert _store(conn, entity, raw)
    conn.execute("COMMIT")
    conn.close()

    def rentrack(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tracker.cli", "--db", str(db), *args],
                              capture_output=True, text=True, timeout=60)

    assert rentrack(a, "export", "all", str(tmp_path / "one")).returncode == 0
    done = rentrack(b, "import", "all", str(tmp_path / "one"))
    assert done.returncode == 0, done.stderr
    assert rentrack(b, "export", "all", str(tmp_path / "two")).returncode == 0
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    assert _dump(sqlite3.connect(a)) == _dump(sqlite3.connect(b))


def test_a_whole_database_round_trip_keeps_the_settings_and_the_tier_history(tmp_path: Path) -> None:
    from tracker.board import current_board
    from tracker.services import change_setting
    from tracker.transfer.demo import load_demo

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    conn = open_store(a)
    load_demo(conn)
    change_setting(conn, "cadence_platinum", "21")
    change_setting(conn, "weight_friction", "-7.5")
    current_board(conn, record_history=True)  # the board records every customer's first tier
    with transaction(conn):  # and a change back in time, as an earlier board would have
        conn.execute("INSERT INTO tier_history VALUES ('C001', '2026-01-05', 'gold', 'iron')")
    before = _dump(conn)
    assert len(before["tier_history"]) > 30
    conn.close()
    assert run_rentrack(a, "export", "all", str(tmp_path / "one")).returncode == 0
    assert {"settings.csv", "tier_history.csv"} <= set(_files(tmp_path / "one"))
    done = run_rentrack(b, "import", "all", str(tmp_path / "one"))
    assert done.returncode == 0, done.stderr
    after = _dump(sqlite3.connect(b))
    assert after == before
    assert ("cadence_platinum", "21") in after["settings"]
    again = run_rentrack(b, "import", "all", str(tmp_path / "one"))  # a second time changes nothing
    assert "tier_history: " in again.stderr and "updated 0" in again.stderr


def test_bad_settings_and_tier_history_rows_are_named(db_path: Path, tmp_path: Path) -> None:
    conn = open_store(db_path)
    conn.execute("INSERT INTO customers (code, name, created_on) VALUES ('C1', 'A', '2024-01-01')")
    conn.close()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "settings.csv").write_text("key,value\ncadence_gold,0\nno_such,1\nband_warm,95\n", encoding="utf-8")
    (folder / "tier_history.csv").write_text(
        "customer,changed_on,tier,previous\nC9,2024-01-01,gold,\nC1,2024-13-01,gold,\nC1,2024-02-01,tin,\n",
        encoding="utf-8")
    done = run_rentrack(db_path, "import", "all", str(folder))
    assert done.returncode == 1
    for needle in ("settings.csv: line 2: value: cadence_gold must be greater than 0",
                   "settings.csv: line 3: key: no setting no_such",
                   "tier_history.csv: line 2: customer: no customer with code C9",
                   "tier_history.csv: line 3: changed_on: not an ISO date: 2024-13-01",
                   "tier_history.csv: line 4: tier: 'tin' is not one of"):
        assert needle in done.stderr, (needle, done.stderr)
    assert count_of(db_path, "tier_history") == 0


def run_rentrack(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tracker.cli", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)


def count_of(db: Path, table: str) -> int:
    return sqlite3.connect(db).execute(f"SELECT count(*) FROM {table}").fetchone()[0]
