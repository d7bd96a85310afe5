"""Read services behind the lists: customers in the board's order, a page at a time."""

from __future__ import annotations

import sqlite3

from fixtures import DEMO_AS_OF
from tracker.board import compute_board
from tracker.transfer.demo import load_demo
from tracker.views import customers_ranked_page


def _all_pages(conn: sqlite3.Connection, text: str, ranked: list[str], limit: int) -> list[str]:
    codes: list[str] = []
    after = None
    while True:
        page = customers_ranked_page(conn, text, ranked, after=after, limit=limit)
        if not page:
            return codes
        codes += [r["code"] for r in page]
        after = page[-1]["_key"]


def test_ranked_pages_follow_the_board_and_the_filter(conn: sqlite3.Connection) -> None:
    load_demo(conn, today=DEMO_AS_OF)
    ranked = [code for _, code in compute_board(conn, DEMO_AS_OF).ranking]
    assert _all_pages(conn, "", ranked, 7) == ranked
    steel = {c for (c,) in conn.execute("SELECT code FROM customers WHERE name LIKE '%钢构%'")}
    assert _all_pages(conn, "钢构", ranked, 2) == [c for c in ranked if c in steel]
    phone_digits = conn.execute("SELECT replace(phone, ' ', '') FROM customers WHERE code = ?", (ranked[5],))
    assert _all_pages(conn, phone_digits.fetchone()[0], ranked, 3) == [ranked[5]]


def test_ranked_pages_leave_out_archived_customers(conn: sqlite3.Connection) -> None:
    load_demo(conn, today=DEMO_AS_OF)
    ranked = [code for _, code in compute_board(conn, DEMO_AS_OF).ranking]
    conn.execute("UPDATE customers SET archived_on = ? WHERE code = ?", (DEMO_AS_OF.isoformat(), ranked[0]))
    assert _all_pages(conn, "", ranked, 5) == ranked[1:]
