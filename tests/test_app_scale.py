"""The app never queries the database on its event loop, and shows big tables a page at a time."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import open_form, pick, saved_and_closed, started


def test_no_sql_runs_on_the_event_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement of every connection the app opens runs in a worker thread."""
    from screens.forms.interaction import InteractionForm

    demo = demo_db(tmp_path / "demo.db")
    loop_thread = threading.get_ident()
    on_loop: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: on_loop.append(sql) if threading.get_ident() == loop_thread else None)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await keys(pilot, "enter")
        await wait_for(pilot, lambda: "Owed" in screen_text(app))
        form = await open_form(pilot, "i", InteractionForm)
        await keys(pilot, "enter")
        await saved_and_closed(pilot, form)
        await keys(pilot, "ctrl+z", "escape", "2", "slash", "Harb")
        await wait_for(pilot, lambda: "Harbor Steel Co." in screen_text(app) and "九龙钢构" not in screen_text(app))
        await keys(pilot, "escape", "escape")  # the filter cleared, then left
        for key, ready in (("3", "On rent"), ("4", "By cause"), ("5", "Rate/cost")):
            await keys(pilot, "escape", key)
            await wait_for(pilot, lambda: ready in screen_text(app))
        await keys(pilot, "r")
        await pick(pilot, app.screen.field("customer").widget, "华东")

    drive(app, scenario)
    assert on_loop == []
    assert rows(demo, "SELECT count(*) FROM interactions WHERE date = '2026-11-20'") == [(0,)]  # saved, then undone


def _many_customers(path: Path, n: int) -> Path:
    from tracker.services import open_store

    conn = open_store(path)
    with conn:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO customers (code, name, segment, phone, created_on) VALUES (?, ?, 'small', ?, '2026-01-05')",
            ((f"C{i:05d}", f"Customer {i:05d}", f"138 {i:04d} 0000") for i in range(n)),
        )
        conn.execute("COMMIT")
    conn.close()
    return path


def test_big_tables_are_shown_a_page_at_a_time(tmp_path: Path) -> None:
    from screens.widgets.paged_table import PagedTable
    from screens.widgets.tier_table import TierTable

    db = _many_customers(tmp_path / "many.db", 3000)
    app = make_app(db, watch=False)

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: "LEAD · 3,000" in screen_text(app))
        lead = app.screen.query_one("#tier-lead", TierTable)
        assert lead.row_count == TierTable.PAGE  # of 3,000 customers
        lead.focus()
        lead.move_cursor(row=lead.row_count - 1)
        await wait_for(pilot, lambda: lead.row_count == 2 * TierTable.PAGE)

        await keys(pilot, "2")
        table = app.screen.query_one("#table", PagedTable)
        await wait_for(pilot, lambda: table.row_count == PagedTable.PAGE)
        await pilot.pause(0.2)
        assert table.row_count == PagedTable.PAGE  # nothing more until asked for
        table.move_cursor(row=table.row_count - 1)
        await wait_for(pilot, lambda: table.row_count == 2 * PagedTable.PAGE)
        keys_shown = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        assert keys_shown == [f"C{i:05d}" for i in range(2 * PagedTable.PAGE)]  # in name order, no gap
        await keys(pilot, "slash", "2999")
        await wait_for(pilot, lambda: table.row_count == 1 and "Customer 02999" in screen_text(app))

    drive(app, scenario)


@pytest.mark.parametrize("view", ["on-rent", "due", "overdue", "unpaid", "all"])
def test_rental_pages_join_up_without_gaps_or_repeats(tmp_path: Path, view: str) -> None:
    from fixtures import DEMO_AS_OF
    from tracker.views import open_reader, rentals_page

    conn = open_reader(demo_db(tmp_path / "demo.db"))
    try:
        whole = [r["ref"] for r in rentals_page(conn, view, DEMO_AS_OF, limit=10_000)]
        paged: list[str] = []
        after = None
        while True:
            page = rentals_page(conn, view, DEMO_AS_OF, after=after, limit=7)
            paged += [r["ref"] for r in page]
            if len(page) < 7:
                break
            after = page[-1]["_key"]
    finally:
        conn.close()
    assert paged == whole and len(set(whole)) == len(whole) and whole
    if view == "unpaid":
        expected = rows(
            tmp_path / "demo.db",
            "SELECT ref FROM rentals WHERE status IN ('booked', 'on-rent', 'returned') AND paid < amount "
            "AND start_date <= ? ORDER BY end_date, id",
            DEMO_AS_OF.isoformat(),
        )
        assert whole == [ref for (ref,) in expected]
