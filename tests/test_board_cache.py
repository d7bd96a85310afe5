"""The stored board: read back exactly as computed, and never once anything it reads has changed."""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.writes import set_setting, transaction
from tests.test_engine_board import Business, T, day, random_business
from tracker.board import Board, cache, compute_board, current_board, engine, update_customer
from tracker.services import open_store


def assert_same(got: Board, want: Board) -> None:
    """Everything a stored board carries equals the computed board's."""
    assert got.rows == want.rows
    assert [r.alert_items for r in got.rows] == [r.alert_items for r in want.rows]
    assert got.alerts == want.alerts
    assert got.figures == want.figures
    assert json.dumps(got.figures.as_dict()) == json.dumps(want.figures.as_dict())  # mappings in order too
    assert (got.as_of, got.cut, got.units_on_rent) == (want.as_of, want.cut, want.units_on_rent)
    assert got.entries == want.entries
    assert got.ranking == want.ranking


def small_business(conn: sqlite3.Connection) -> Business:
    """Three customers with a bit of everything, one referred by another."""
    b = Business(conn)
    b.n = 50_000  # refs clear of random_business's
    b.customer("A", segment="large")
    b.customer("B", segment="small", potential=4)
    b.customer("C", segment="prospect", referred_by="A")
    b.rental("A", -30, amount=500_000, cost=100_000)
    b.rental("B", -200, amount=80_000, paid=0)
    b.rental("C", -10, amount=60_000, status="on-rent", days=3)
    b.interaction("A", -5, "visit")
    b.interaction("B", -90, "call")
    b.complaint("B", -20, 4)
    return b


@pytest.mark.parametrize("seed", range(12))
def test_a_stored_board_reads_back_as_it_was_computed(conn: sqlite3.Connection, seed: int) -> None:
    random_business(conn, 300 + seed)
    computed = current_board(conn, T)
    assert not computed.from_cache
    stored = current_board(conn, T)
    assert stored.from_cache  # read back, not computed
    assert_same(stored, computed)
    assert all(stored.row(r.code) is r for r in stored.rows)


# Each write reaches the board through a different table or kind of change (an insert made twice is ignored).
WRITES = {
    "rental logged": "INSERT OR IGNORE INTO rentals (ref, customer, start_date, end_date, amount, cost, paid, status)"
                     f" VALUES ('RX', 'B', '{day(-1)}', '{day(0)}', 900000, 0, 900000, 'booked')",
    "rental cancelled": "UPDATE rentals SET status = 'cancelled' WHERE customer = 'A'",
    "rental deleted": "DELETE FROM rentals WHERE customer = 'A'",
    "interaction logged": f"INSERT OR IGNORE INTO interactions (ref, customer, date, kind) VALUES ('IX', 'B', '{day(0)}', 'gift')",
    "interaction deleted": "DELETE FROM interactions WHERE customer = 'A'",
    "complaint resolved": f"UPDATE complaints SET status = 'resolved', resolved_on = '{day(0)}' WHERE customer = 'B'",
    "complaint deleted": "DELETE FROM complaints",
    "customer archived": f"UPDATE customers SET archived_on = '{day(-1)}' WHERE code = 'A'",
    "customer renamed": "UPDATE customers SET name = 'Renamed' WHERE code = 'C'",
    "customer added": f"INSERT OR IGNORE INTO customers (code, name, segment, created_on) VALUES ('D', 'New', 'large', '{day(-2)}')",
    "setting changed": "INSERT OR REPLACE INTO settings (key, value) VALUES ('value_basis', 'revenue')",
    "tier history removed": "DELETE FROM tier_history",
    "unit added": "INSERT OR IGNORE INTO equipment (code, name) VALUES ('EX', 'New lift')",
}


@pytest.mark.parametrize("write", WRITES)
def test_a_write_from_another_connection_is_on_the_next_board(
    db_path: Path, conn: sqlite3.Connection, write: str
) -> None:
    small_business(conn)
    before = current_board(conn, T, record_history=True)
    assert current_board(conn, T, record_history=True).from_cache
    other = open_store(db_path)
    try:
        with transaction(other):
            other.execute(WRITES[write])
    finally:
        other.close()
    after = current_board(conn, T)
    assert not after.from_cache  # computed again
    assert_same(after, compute_board(conn, T))
    if write not in ("tier history removed", "unit added"):
        assert after.rows != before.rows or after.figures != before.figures
    assert_same(current_board(conn, T), after)  # and stored again


def test_every_table_the_board_reads_is_counted(conn: sqlite3.Connection) -> None:
    source = Path(engine.q.__file__).read_text(encoding="utf-8")
    read = set(re.findall(r"\b(?:FROM|JOIN)\s+([a-z_]+)", source))
    derived = {"emotion_anchors", "emotion_anchor_state", "emotion_dirty"}  # kept by triggers of their own
    counted = {
        row[0]
        for row in conn.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%UPDATE change_count%'"
        )
    }
    assert read - derived - {"the", "json_each"} <= counted
    assert {"customers", "equipment", "rentals", "interactions", "complaints", "settings", "tier_history"} <= counted
    for table in counted:  # inserts, updates and deletes alike
        events = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql LIKE '%change_count%'",
            (table,))}
        assert events == {f"count_{table}_insert", f"count_{table}_update", f"count_{table}_delete"}


def test_a_write_while_the_board_is_computed_is_not_hidden_by_storing_it(
    db_path: Path, conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_business(conn)
    other = open_store(db_path)
    real = engine.compute_board

    def racing(c: sqlite3.Connection, as_of: object, **kwargs: object) -> Board:
        board = real(c, as_of, **kwargs)  # type: ignore[arg-type]
        with transaction(other):  # lands after the board's reads, before it is stored
            other.execute(WRITES["rental logged"])
        return board

    monkeypatch.setattr(engine, "compute_board", racing)
    first = current_board(conn, T)
    monkeypatch.undo()
    other.close()
    after = current_board(conn, T)
    assert not after.from_cache
    assert after.row("B").current_value == first.row("B").current_value + 900_000


def test_another_date_settings_or_code_compute_the_board_again(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_business(conn)
    current_board(conn, T)
    assert current_board(conn, T).from_cache
    assert not current_board(conn, T + timedelta(days=1)).from_cache  # and stored for that day
    assert current_board(conn, T + timedelta(days=1)).from_cache
    assert not current_board(conn, T).from_cache
    assert current_board(conn, T).from_cache
    monkeypatch.setattr(cache, "VERSION", "another release")
    assert not current_board(conn, T).from_cache
    monkeypatch.undo()
    with transaction(conn):
        set_setting(conn, "emotion_half_life_days", "30")
    board = current_board(conn, T)
    assert not board.from_cache and board.settings.emotion_half_life_days == 30


def test_a_board_that_must_record_tier_changes_is_not_read_from_one_that_did_not(
    conn: sqlite3.Connection,
) -> None:
    small_business(conn)
    current_board(conn, T)
    assert conn.execute("SELECT count(*) FROM tier_history").fetchone()[0] == 0
    assert not current_board(conn, T, record_history=True).from_cache
    assert conn.execute("SELECT count(*) FROM tier_history").fetchone()[0] == 3
    assert current_board(conn, T, record_history=True).from_cache
    assert current_board(conn, T).from_cache


def test_a_board_read_back_is_updated_one_customer_at_a_time(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = small_business(conn)
    current_board(conn, T)
    stored = current_board(conn, T)
    assert stored.from_cache
    b.rental("C", -2, amount=2_000_000)
    monkeypatch.setattr(engine, "load_facts", _only_one_customer(engine.load_facts))
    updated = update_customer(conn, stored, "C")
    monkeypatch.undo()
    assert updated.row("C").tier == "platinum"
    assert_same(updated, compute_board(conn, T))


def _only_one_customer(load):  # type: ignore[no-untyped-def]
    """load_facts that refuses to load every customer (a whole compute)."""

    def one(conn, as_of, settings, customer=None, **kwargs):  # type: ignore[no-untyped-def]
        assert customer is not None, "the whole board was computed"
        return load(conn, as_of, settings, customer, **kwargs)

    return one


def test_a_read_only_file_shows_the_board_without_storing_it(db_path: Path, conn: sqlite3.Connection) -> None:
    small_business(conn)
    reader = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, isolation_level=None)
    try:
        board = current_board(reader, T)
    finally:
        reader.close()
    assert [r.code for r in board.rows] == [r.code for r in compute_board(conn, T).rows]
    assert conn.execute("SELECT count(*) FROM board_cache").fetchone()[0] == 0


STEPS = st.sampled_from(["board", *WRITES])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(STEPS, max_size=8), seed=st.integers(0, 50))
def test_whatever_is_written_between_boards_the_board_read_is_the_board_computed(steps: list[str], seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_store(Path(tmp) / "r.db")
        try:
            random_business(conn, seed)
            small_business(conn)
            for step in [*steps, "board"]:
                if step == "board":
                    assert_same(current_board(conn, T), compute_board(conn, T))
                else:
                    with transaction(conn):
                        conn.execute(WRITES[step])  # a repeated insert is ignored
        finally:
            conn.close()


@pytest.mark.parametrize("damage", [
    "UPDATE board_cache SET board = 'not json'",
    "UPDATE board_cache SET board = '[]'",
    "UPDATE board_cache SET board = json_set(board, '$.rows[0][6]', 99)",  # a rank out of place
    "UPDATE board_cache SET board = json_remove(board, '$.rows[0]')",  # a row missing
    "UPDATE board_cache SET board = json_set(board, '$.rows[0][16]', json('[[1]]'))",  # a broken alert
])
def test_stored_text_that_does_not_add_up_is_computed_again(conn: sqlite3.Connection, damage: str) -> None:
    small_business(conn)
    computed = current_board(conn, T)
    conn.execute(damage)
    again = current_board(conn, T)
    assert not again.from_cache
    assert_same(again, computed)
