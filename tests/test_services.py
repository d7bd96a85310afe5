"""Services: add, update, archive, list, undo — each in one transaction."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tracker import services
from tracker.records import ValidationError
from tracker.services import open_store


@pytest.fixture
def shop(conn: sqlite3.Connection) -> sqlite3.Connection:
    services.add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2024-01-01"})
    services.add(conn, "customers", {"code": "C2", "name": "张师傅施工队", "created_on": "2024-01-01"})
    services.add(conn, "equipment", {"code": "E1", "name": "12 m scissor", "category": "scissor",
                                     "daily_rate": "800"})
    services.add(conn, "rentals", {"ref": "R1", "customer": "C1", "equipment": "E1",
                                   "start_date": "2024-03-01", "end_date": "2024-03-10", "daily_rate": "800"})
    return conn


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def field_errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_add_stores_typed_values(shop: sqlite3.Connection) -> None:
    row = shop.execute("SELECT amount, daily_rate, status FROM rentals WHERE ref = 'R1'").fetchone()
    assert tuple(row) == (800000, 80000, "booked")


def test_double_booking_names_the_other_rental(shop: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as info:
        services.add(shop, "rentals", {"ref": "R2", "customer": "C2", "equipment": "E1",
                                       "start_date": "2024-03-10", "end_date": "2024-03-12", "amount": "100"})
    assert "R1" in field_errors(info)["equipment"]
    assert count(shop, "rentals") == 1


def test_quotes_may_overlap_and_touching_ranges_are_fine(shop: sqlite3.Connection) -> None:
    services.add(shop, "rentals", {"ref": "R2", "customer": "C2", "equipment": "E1", "status": "quote",
                                   "start_date": "2024-03-05", "end_date": "2024-03-06", "amount": "1"})
    services.add(shop, "rentals", {"ref": "R3", "customer": "C2", "equipment": "E1",
                                   "start_date": "2024-03-11", "end_date": "2024-03-12", "amount": "1"})
    assert count(shop, "rentals") == 3


def test_unknown_codes_and_taken_keys_are_refused(shop: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as info:
        services.add(shop, "rentals", {"ref": "R9", "customer": "NOPE", "start_date": "2024-01-01",
                                       "end_date": "2024-01-01", "amount": "1"})
    assert "NOPE" in field_errors(info)["customer"]
    with pytest.raises(ValidationError) as info:
        services.add(shop, "customers", {"code": "C1", "name": "Again"})
    assert "already in use" in field_errors(info)["code"]
    with pytest.raises(ValidationError) as info:
        services.add(shop, "complaints", {"ref": "K1", "customer": "C2", "rental": "R1", "opened_on": "2024-03-02",
                                          "category": "waiting", "severity": "2"})
    assert "belongs to C1" in field_errors(info)["rental"]


def test_update_changes_only_given_fields_and_reports_unchanged(shop: sqlite3.Connection) -> None:
    saved = services.update(shop, "customers", "C1", {"phone": "138 0013 8000"})
    assert saved.action == "updated" and saved.record.name == "Harbor Steel"
    assert services.update(shop, "customers", "C1", {"phone": "138 0013 8000"}).action == "unchanged"


def test_archive_and_restore(shop: sqlite3.Connection) -> None:
    services.archive_customer(shop, "C2", date(2025, 1, 1))
    assert shop.execute("SELECT archived_on FROM customers WHERE code = 'C2'").fetchone()[0] == "2025-01-01"
    services.restore_customer(shop, "C2")
    assert shop.execute("SELECT archived_on FROM customers WHERE code = 'C2'").fetchone()[0] is None


def test_mark_returned_and_resolve(shop: sqlite3.Connection) -> None:
    services.mark_returned(shop, "R1", date(2024, 3, 9))
    assert tuple(shop.execute("SELECT status, returned_on FROM rentals").fetchone()) == ("returned", "2024-03-09")
    services.add(shop, "complaints", {"ref": "K1", "customer": "C1", "opened_on": "2024-03-02",
                                      "category": "waiting", "severity": "3"})
    services.resolve_complaint(shop, "K1", on=date(2024, 3, 3), resolution="refund", compensation=5000)
    row = shop.execute("SELECT status, resolved_on, compensation FROM complaints").fetchone()
    assert tuple(row) == ("resolved", "2024-03-03", 5000)
    with pytest.raises(ValidationError):
        services.mark_returned(shop, "R1", date(2024, 2, 1))


def test_undo_walks_back_one_change_at_a_time(shop: sqlite3.Connection) -> None:
    services.update(shop, "customers", "C1", {"name": "Harbor Steel Co."})
    assert services.undo_last(shop) == "edit customer C1"
    assert shop.execute("SELECT name FROM customers WHERE code = 'C1'").fetchone()[0] == "Harbor Steel"
    assert services.undo_last(shop) == "add rental R1"
    assert count(shop, "rentals") == 0
    for _ in range(3):
        services.undo_last(shop)
    assert count(shop, "customers") == 0
    with pytest.raises(services.UndoError, match="nothing to undo"):
        services.undo_last(shop)


def test_undo_refuses_when_the_record_changed_since(shop: sqlite3.Connection, db_path) -> None:
    services.update(shop, "customers", "C2", {"city": "上海"})
    other = open_store(db_path)
    other.execute("UPDATE customers SET city = '北京' WHERE code = 'C2'")
    with pytest.raises(services.UndoError, match="changed since"):
        services.undo_last(shop)
    assert shop.execute("SELECT city FROM customers WHERE code = 'C2'").fetchone()[0] == "北京"


def test_next_ref_is_fresh(shop: sqlite3.Connection) -> None:
    ref = services.next_ref(shop, "rentals")
    assert ref.startswith("R") and count_where(shop, "rentals", ref) == 0


def test_settings_are_seeded_and_validated(conn: sqlite3.Connection) -> None:
    assert services.load_settings(conn).cadence_platinum == 14
    services.change_setting(conn, "cadence_platinum", "21")
    assert services.load_settings(conn).cadence_platinum == 21
    with pytest.raises(ValueError, match="greater than 0"):
        services.change_setting(conn, "emotion_half_life_days", "0")
    with pytest.raises(ValueError):
        services.change_setting(conn, "cadence_gold", "-3")
    with pytest.raises(KeyError):
        services.change_setting(conn, "no_such_thing", "1")


def test_a_locked_write_waits_and_succeeds(db_path) -> None:
    """A write that meets another process's lock is retried, not lost."""
    import threading
    import time

    holder = open_store(db_path, check_same_thread=False)
    writer = open_store(db_path)
    writer.execute("PRAGMA busy_timeout = 50")
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    start = time.monotonic()
    services.add(writer, "customers", {"code": "C9", "name": "Late"})
    assert time.monotonic() - start >= 0.25
    assert writer.execute("SELECT count(*) FROM customers WHERE code = 'C9'").fetchone()[0] == 1


@pytest.mark.parametrize("how", ["add", "update"])
def test_a_booking_committed_by_another_writer_just_before_a_save_is_seen_by_it(
    shop: sqlite3.Connection, db_path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The unit check runs after the write lock is taken: nothing can slip in between."""
    real = services.transaction
    other = open_store(db_path)

    def raced(conn, **kwargs):
        if conn is shop and count(other, "rentals") == 1:  # the other writer commits in the gap, once
            services.add(other, "rentals", {"ref": "R9", "customer": "C2", "equipment": "E1",
                                            "start_date": "2024-04-05", "end_date": "2024-04-08", "amount": "900"})
        return real(conn, **kwargs)

    monkeypatch.setattr(services, "transaction", raced)
    with pytest.raises(ValidationError) as info:
        if how == "add":
            services.add(shop, "rentals", {"ref": "R2", "customer": "C1", "equipment": "E1",
                                           "start_date": "2024-04-01", "end_date": "2024-04-06", "amount": "100"})
        else:
            services.update(shop, "rentals", "R1", {"end_date": "2024-04-06"})
    other.close()
    assert "already out on rental R9" in field_errors(info)["equipment"]
    overlapping = shop.execute(
        "SELECT count(*) FROM rentals a JOIN rentals b ON a.equipment = b.equipment AND a.ref < b.ref"
        " AND a.start_date <= b.end_date AND b.start_date <= a.end_date"
    ).fetchone()[0]
    assert overlapping == 0


def count_where(conn: sqlite3.Connection, table: str, ref: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table} WHERE ref = ?", (ref,)).fetchone()[0]


# --- the refs the app gives new records ----------------------------------------------------


def _rental(conn: sqlite3.Connection, ref: str) -> None:
    conn.execute("INSERT INTO rentals (ref, customer, start_date, end_date, amount, status)"
                 " VALUES (?, 'C1', '2024-01-01', '2024-01-01', 100, 'quote')", (ref,))


def test_a_new_ref_continues_the_pattern_of_the_highest_one(shop: sqlite3.Connection) -> None:
    for ref in ("R0002", "R0317", "R0100"):
        _rental(shop, ref)
    assert services.next_ref(shop, "rentals") == "R0318"
    services.add(shop, "complaints", {"ref": "K025", "customer": "C1", "opened_on": "2024-03-02",
                                      "category": "quality", "severity": "2"})
    assert services.next_ref(shop, "complaints") == "K026"


def test_a_new_ref_goes_back_to_the_files_pattern_after_refs_of_another(shop: sqlite3.Connection) -> None:
    """A file's R0002..R0317, then refs the app made in another pattern (R00318..R00321), and odd ones."""
    for n in range(2, 318):
        _rental(shop, f"R{n:04d}")
    for ref in ("R00318", "R00319", "R00320", "R00321", "2024-17", "R0317-b", "RN"):
        _rental(shop, ref)
    ref = services.next_ref(shop, "rentals")
    assert ref == "R0318"
    assert max(r for (r,) in shop.execute("SELECT ref FROM rentals") if len(r) == 5 and r[1:].isdigit()) < ref


def test_without_a_numbered_ref_the_first_is_number_one(conn: sqlite3.Connection) -> None:
    assert services.next_ref(conn, "rentals") == "R0001"
    assert services.next_ref(conn, "complaints") == "K0001"
    services.add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2024-01-01"})
    services.add(conn, "interactions", {"customer": "C1", "date": "2024-01-02", "kind": "call",
                                        "ref": "I-3f2a9c01d4e5"})  # a key derived from the row
    assert services.next_ref(conn, "interactions") == "I0001"


def test_a_pattern_that_runs_out_of_digits_grows_and_never_repeats(shop: sqlite3.Connection) -> None:
    _rental(shop, "R9999")
    first = services.next_ref(shop, "rentals")
    assert first == "R10000"
    _rental(shop, first)
    assert services.next_ref(shop, "rentals") == "R10001"
