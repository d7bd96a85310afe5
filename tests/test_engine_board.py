"""The board over a real database: SQL aggregates against the spec's formulas, and hand-computed cases."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from datetime import date, timedelta

import pytest

from db.writes import set_setting, transaction
from tests import engine_reference as ref
from tracker.board import UnknownCustomer, compute_board, customer_detail, update_customer

T = date(2025, 6, 30)


def day(n: int) -> str:
    return (T + timedelta(days=n)).isoformat()


class Business:
    """Writes records straight into the tables (the engine only reads them)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.n = 0

    def _ref(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n:05d}"

    def customer(self, code: str, *, segment: str = "small", potential: int | None = None, partner: int = 0,
                 referred_by: str | None = None, created: int = -1000, archived: int | None = None) -> str:
        self.conn.execute(
            "INSERT INTO customers (code, name, segment, potential, partner, referred_by, created_on, archived_on)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (code, f"Name {code}", segment, potential, partner, referred_by, day(created),
             None if archived is None else day(archived)),
        )
        return code

    def rental(self, customer: str, start: int, *, days: int = 1, amount: int = 10_000, cost: int = 0,
               status: str = "returned", returned: int | None = None, paid: int | None = None) -> str:
        r = self._ref("R")
        self.conn.execute(
            "INSERT INTO rentals (ref, customer, start_date, end_date, returned_on, amount, cost, paid, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (r, customer, day(start), day(start + days - 1), None if returned is None else day(returned),
             amount, cost, amount if paid is None else paid, status),
        )
        return r

    def complaint(self, customer: str, opened: int, severity: int, *, resolved: int | None = None,
                  compensation: int = 0, category: str = "waiting") -> str:
        r = self._ref("K")
        self.conn.execute(
            "INSERT INTO complaints (ref, customer, opened_on, category, severity, status, resolved_on, compensation)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (r, customer, day(opened), category, severity, "open" if resolved is None else "resolved",
             None if resolved is None else day(resolved), compensation),
        )
        return r

    def visit(self, rental: str, on: str, rating: str) -> str:
        r = self._ref("V")
        self.conn.execute("INSERT INTO return_visits (ref, rental, date, rating) VALUES (?, ?, ?, ?)",
                          (r, rental, on, rating))
        return r

    def interaction(self, customer: str, on: int, kind: str) -> str:
        r = self._ref("I")
        self.conn.execute(
            "INSERT INTO interactions (ref, customer, date, kind) VALUES (?, ?, ?, ?)", (r, customer, day(on), kind)
        )
        return r


@pytest.fixture
def biz(conn: sqlite3.Connection) -> Business:
    return Business(conn)


# --- the SQL aggregates against the formulas, on random small businesses -------------------

STATUSES = ("quote", "booked", "on-rent", "returned", "returned", "returned", "cancelled")
KINDS = ("call", "message", "gift", "visit", "event", "project", "honour", "friction")


def random_business(conn: sqlite3.Connection, seed: int) -> None:
    rng = random.Random(seed)
    b = Business(conn)
    n = rng.randint(1, 14)
    codes = []
    for i in range(n):
        code = f"C{i:02d}"
        b.customer(
            code,
            segment=rng.choice(("large", "small", "prospect")),
            potential=rng.choice((None, None, 1, 2, 3, 4, 5)),
            partner=int(rng.random() < 0.1),
            referred_by=rng.choice(codes) if codes and rng.random() < 0.3 else None,
            created=-rng.randint(0, 900),
            archived=rng.choice((None,) * 8 + (-rng.randint(0, 300), rng.randint(1, 30))),
        )
        codes.append(code)
    # Heavier customers first: a long tail, so the top share means something.
    for _ in range(rng.randint(0, 60)):
        c = codes[min(int(rng.expovariate(0.4)), n - 1)]
        start = -rng.randint(-20, 800)
        length = rng.randint(1, 20)
        status = rng.choice(STATUSES)
        amount = rng.choice((0, rng.randint(1, 500_000)))
        returned = None
        if status == "returned" and rng.random() < 0.6:
            returned = start + length - 1 + rng.choice((0, 0, 1, 3))
        b.rental(c, start, days=length, amount=amount, cost=rng.randint(0, amount) if rng.random() < 0.8 else 0,
                 status=status, returned=returned, paid=amount if rng.random() < 0.8 else rng.randint(0, amount))
    for _ in range(rng.randint(0, 40)):
        b.interaction(rng.choice(codes), -rng.randint(-10, 500), rng.choice(KINDS))
    for _ in range(rng.randint(0, 10)):
        opened = -rng.randint(-5, 400)
        resolved = rng.choice((None, opened + rng.choice((0, 2, 3, 7, 8, 30, 31, 60))))
        b.complaint(rng.choice(codes), opened, rng.randint(1, 5), resolved=resolved,
                    compensation=rng.choice((0, 0, 5_000, 50_000)))
    # Return visits draw from their own generator, so the rest of each business stays as it was.
    visits = random.Random(seed * 7919 + 1)
    for rental, back in conn.execute(
        "SELECT ref, coalesce(returned_on, end_date) FROM rentals WHERE status = 'returned' ORDER BY ref"
    ).fetchall():
        if visits.random() < 0.5:
            on = (date.fromisoformat(back) + timedelta(days=visits.randint(0, 20))).isoformat()
            b.visit(rental, on, visits.choice(("not-satisfied", "ok", "satisfied", "very-satisfied")))


def _check_against_reference(conn: sqlite3.Connection, as_of: date, *, revenue: bool = False) -> None:
    board = compute_board(conn, as_of)
    expected, figures = ref.board(conn, as_of, revenue=revenue)
    assert [r.code for r in board.rows] == [e.code for e in expected]
    for got, want in zip(board.rows, expected):
        assert (got.tier, got.rank, got.current_value, got.potential, got.band, got.stage, got.next_follow_up) == (
            want.tier, want.rank, want.current_value, want.potential, want.band, want.stage, want.next_follow_up
        ), got.code
        assert got.emotion == pytest.approx(want.emotion, abs=1e-9), got.code
        assert sorted(a.kind for a in got.alert_items) == sorted(want.alert_kinds), got.code
    f = board.figures
    assert f.active_customers == figures["active_customers"]
    assert (f.profit, f.top_profit, f.value_at_risk) == (
        figures["profit"], figures["top_profit"], figures["value_at_risk"])
    assert f.repeat_rate == (pytest.approx(figures["repeat_rate"]) if figures["repeat_rate"] is not None else None)
    assert f.open_complaints == figures["open_complaints"]
    if figures["average_emotion"] is None:
        assert f.average_emotion is None
    else:
        assert f.average_emotion == pytest.approx(figures["average_emotion"])


@pytest.mark.parametrize("seed", range(40))
def test_board_agrees_with_the_formulas_on_a_random_business(conn: sqlite3.Connection, seed: int) -> None:
    random_business(conn, seed)
    _check_against_reference(conn, T)
    _check_against_reference(conn, T - timedelta(days=random.Random(seed).randint(1, 200)))


@pytest.mark.parametrize("seed", range(5))
def test_revenue_basis_agrees_with_the_formulas(conn: sqlite3.Connection, seed: int) -> None:
    random_business(conn, 100 + seed)
    with transaction(conn):
        set_setting(conn, "value_basis", "revenue")
    _check_against_reference(conn, T, revenue=True)


@pytest.mark.parametrize("seed", range(25))
def test_update_customer_matches_a_full_recompute(conn: sqlite3.Connection, seed: int) -> None:
    random_business(conn, 200 + seed)
    rng = random.Random(seed)
    b = Business(conn)
    b.n = 90_000
    board = compute_board(conn, T)
    codes = [c for (c,) in conn.execute("SELECT code FROM customers ORDER BY code")]
    for step in range(6):
        code = rng.choice(codes)
        change = rng.choice(("rental", "complaint", "interaction", "referral", "archive", "new", "cancel"))
        if change == "archive":
            with transaction(conn):
                conn.execute("UPDATE customers SET archived_on = CASE WHEN archived_on IS NULL THEN ? END"
                             " WHERE code = ?", (day(-1), code))
        elif change == "new":
            code = b.customer(f"M{seed}{step}", segment="large")
        elif change == "cancel":
            with transaction(conn):
                conn.execute("UPDATE rentals SET status = 'cancelled' WHERE id = (SELECT max(id) FROM rentals"
                             " WHERE customer = ?)", (code,))
        elif change == "rental":
            b.rental(code, -rng.randint(0, 400), amount=rng.randint(1, 900_000), status="returned")
        elif change == "complaint":
            b.complaint(code, -rng.randint(0, 40), rng.randint(1, 5))
        elif change == "interaction":
            b.interaction(code, -rng.randint(0, 100), rng.choice(KINDS))
        else:
            new = b.customer(f"N{seed}{step}", referred_by=code)
            b.rental(new, -rng.randint(0, 50), amount=rng.randint(1, 900_000))
            board = update_customer(conn, board, new)
            code = new
        board = update_customer(conn, board, code)
        fresh = compute_board(conn, T)
        assert [(r.code, r.tier, r.rank, r.current_value, round(r.emotion, 9), r.stage, r.alerts)
                for r in board.rows] == [
            (r.code, r.tier, r.rank, r.current_value, round(r.emotion, 9), r.stage, r.alerts) for r in fresh.rows
        ]
        assert board.alerts == fresh.alerts
        got, want = dataclasses.asdict(board.figures), dataclasses.asdict(fresh.figures)
        assert got.pop("average_emotion") == pytest.approx(want.pop("average_emotion"))
        assert got == want


def test_update_customer_from_an_empty_board(biz: Business, conn: sqlite3.Connection) -> None:
    board = compute_board(conn, T)
    assert board.rows == []
    code = biz.customer("FIRST", segment="large")
    board = update_customer(conn, board, code)
    assert [(r.code, r.tier, r.rank) for r in board.rows] == [(code, "iron", 1)]
    biz.rental(code, -3, amount=100_000)
    board = update_customer(conn, board, code)
    assert [(r.code, r.tier, r.current_value) for r in board.rows] == [(code, "platinum", 100_000)]


# --- hand-computed cases -----------------------------------------------------------------------

def test_quotes_and_cancelled_rentals_do_not_count(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    biz.rental("A", -10, amount=50_000, cost=10_000, status="booked")
    biz.rental("A", -20, amount=99_000, status="quote")
    biz.rental("A", -30, amount=99_000, status="cancelled")
    biz.customer("B")
    biz.rental("B", -5, amount=99_000, status="quote")
    board = compute_board(conn, T)
    a, b = board.row("A"), board.row("B")
    assert a.current_value == 40_000 and a.stage == "first-time"
    assert b.current_value == 0 and b.stage == "profiled"


def test_records_after_as_of_are_ignored(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    biz.rental("A", -3, amount=10_000)
    biz.rental("A", 1, amount=90_000, status="booked")
    biz.rental("A", -10, days=5, status="returned", returned=2)  # came back after the date
    biz.interaction("A", 3, "honour")
    biz.complaint("A", 5, 5, compensation=7_000)
    biz.complaint("A", -10, 2, resolved=4)  # open as of T: 10 days, -(8 + 1)
    row = compute_board(conn, T).row("A")
    assert row.current_value == 20_000
    # one return on day -3 (+2 decayed 3 days), the complaint open for 10 days
    assert row.emotion == pytest.approx(50 + 2 * 0.5 ** (3 / 90) - 9)


def test_revenue_basis_drops_the_cost(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    biz.rental("A", -10, amount=50_000, cost=30_000)
    biz.complaint("A", -5, 1, resolved=-4, compensation=1_000)
    assert compute_board(conn, T).row("A").current_value == 19_000
    with transaction(conn):
        set_setting(conn, "value_basis", "revenue")
    assert compute_board(conn, T).row("A").current_value == 49_000


def test_value_window_is_365_days_open_at_the_start(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    biz.rental("A", -365, amount=1_000)  # on the open end: out
    biz.rental("A", -364, amount=200)
    biz.rental("A", 0, amount=30)
    biz.complaint("A", -365, 1, resolved=-360, compensation=5)  # out
    biz.complaint("A", -1, 1, resolved=0, compensation=7)
    assert compute_board(conn, T).row("A").current_value == 223


def test_referral_bonus_is_dated_at_the_referred_customers_first_counting_rental(
    biz: Business, conn: sqlite3.Connection
) -> None:
    biz.customer("A")
    biz.customer("B", referred_by="A")
    biz.rental("B", -40, status="quote")
    biz.rental("B", -30, status="cancelled")
    assert compute_board(conn, T).row("A").stage == "profiled"  # B has no counting rental yet
    biz.rental("B", -20, status="booked")
    biz.rental("B", -5, status="booked")
    row = compute_board(conn, T).row("A")
    assert row.stage == "strategic"
    assert row.emotion == pytest.approx(50 + 6 * 0.5 ** (20 / 90))
    detail = customer_detail(conn, "A", T)
    [line] = detail.emotion.lines
    assert line.on == T - timedelta(days=20) and line.original == 6
    # before B's first counting rental the bonus does not exist yet
    assert compute_board(conn, T - timedelta(days=21)).row("A").emotion == 50.0


def test_archived_customers_are_off_the_board(biz: Business, conn: sqlite3.Connection) -> None:
    for code in "ABCDEF":
        biz.customer(code)
        biz.rental(code, -10, amount=1_000 * (ord(code) - 60))
    biz.customer("Z", archived=-1)
    biz.rental("Z", -10, amount=10**9)
    board = compute_board(conn, T)
    assert "Z" not in {r.code for r in board.rows}
    assert board.cut.n == 6 and board.cut.k == 2
    assert [r.code for r in board.rows if r.tier == "gold"] == ["F", "E"]
    # archived after the date: still on that date's board, and on top
    assert compute_board(conn, T - timedelta(days=2)).rows[0].code == "Z"
    assert customer_detail(conn, "Z", T).tier.tier is None


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_small_boards(biz: Business, conn: sqlite3.Connection, n: int) -> None:
    for i in range(n):
        biz.customer(f"C{i}", potential=3 if i % 2 else 2)
        biz.rental(f"C{i}", -10, amount=1_000 * (n - i))
    board = compute_board(conn, T)
    k = 1 if n <= 5 else 2
    assert board.cut.k == k
    high = {r.code: r.tier for r in board.rows if r.tier in ("platinum", "gold")}
    assert high == ({"C0": "gold"} if k == 1 else {"C0": "gold", "C1": "platinum"})
    assert {r.code for r in board.rows} == {f"C{i}" for i in range(n)}


def test_tie_at_the_cut_and_zero_values(biz: Business, conn: sqlite3.Connection) -> None:
    for code, amount in (("B", 500), ("A", 500), ("C", 100), ("D", 0), ("E", 0)):
        biz.customer(code, potential=4)
        if amount:
            biz.rental(code, -1, amount=amount)
    board = compute_board(conn, T)
    assert [(r.code, r.tier) for r in board.rows] == [
        ("A", "platinum"), ("B", "iron"), ("C", "iron"), ("D", "iron"), ("E", "iron")]


def test_negative_value_is_never_high(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A", potential=5)
    biz.rental("A", -3, amount=1_000)
    biz.complaint("A", -2, 1, resolved=-1, compensation=5_000)
    row = compute_board(conn, T).row("A")
    assert row.current_value == -4_000 and row.tier == "iron"


def test_open_complaint_escalates_through_the_database(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    biz.complaint("A", -15, 2)  # P = 8, two weeks: -10
    assert compute_board(conn, T).row("A").emotion == 40.0
    assert compute_board(conn, T + timedelta(days=200)).row("A").emotion == 34.0  # capped at -16


def test_settings_change_the_board(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    biz.interaction("A", -90, "visit")
    assert compute_board(conn, T).row("A").emotion == pytest.approx(52.5)
    with transaction(conn):
        set_setting(conn, "weight_visit", "10")
        set_setting(conn, "emotion_half_life_days", "45")
        set_setting(conn, "cadence_lead", "7")
    row = compute_board(conn, T).row("A")
    assert row.emotion == pytest.approx(52.5)
    assert row.next_follow_up == T - timedelta(days=83)


def test_tier_changes_are_recorded_and_marked(biz: Business, conn: sqlite3.Connection) -> None:
    for code in "ABCDE":
        biz.customer(code, potential=4)
    biz.rental("A", -100, amount=5_000)
    biz.rental("B", -100, amount=1_000)
    first = T - timedelta(days=40)
    assert compute_board(conn, first, record_history=True).row("A").tier == "platinum"
    compute_board(conn, T - timedelta(days=10), record_history=True)  # nothing changed: nothing recorded
    biz.rental("B", -5, amount=9_000)
    board = compute_board(conn, T, record_history=True)
    a, b = board.row("A"), board.row("B")
    assert (a.tier, a.tier_change, b.tier, b.tier_change) == ("iron", "down", "platinum", "up")
    # Never contacted: the follow-up due under platinum stays due, and stays an alert after the drop.
    assert [al.kind for al in a.alert_items] == ["follow-up", "tier-drop"]
    assert "platinum before the drop" in a.alert_items[0].reason
    rows = conn.execute("SELECT customer, changed_on, tier, previous FROM tier_history ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in rows if r[0] in "AB"] == [
        ("A", first.isoformat(), "platinum", None), ("A", T.isoformat(), "iron", "platinum"),
        ("B", first.isoformat(), "iron", None), ("B", T.isoformat(), "platinum", "iron"),
    ]
    # 31 days later the arrows and the drop's alert are gone; the call it needs is not
    later = compute_board(conn, T + timedelta(days=31))
    assert later.row("A").tier_change is None
    assert [al.kind for al in later.row("A").alert_items] == ["follow-up"]


def test_customer_detail_explains(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A", potential=5)
    biz.interaction("A", -10, "visit")
    biz.interaction("A", 0, "call")
    biz.complaint("A", -20, 3, resolved=-15)
    biz.rental("A", -200, status="booked", amount=100)
    d = customer_detail(conn, "A", T)
    assert round(d.emotion.score, 1) == 51.3  # the spec's worked example
    assert d.emotion.baseline + sum(line.current for line in d.emotion.lines) == pytest.approx(d.emotion.total)
    assert d.tier.tier == "platinum" and d.tier.rank == 1 and d.stage == "first-time"
    assert len(d.trend) == 12 and d.trend[-1] == (T, d.emotion.score)
    with pytest.raises(UnknownCustomer):
        customer_detail(conn, "NOPE", T)


def test_the_demo_shows_every_tier_several_stages_and_alerts(conn: sqlite3.Connection) -> None:
    from fixtures import DEMO_AS_OF
    from tracker.transfer.demo import load_demo

    load_demo(conn, today=DEMO_AS_OF)
    board = compute_board(conn, DEMO_AS_OF)
    assert {r.tier for r in board.rows} == {"platinum", "gold", "iron", "lead"}
    assert len({r.stage for r in board.rows}) >= 6
    assert len({a.kind for a in board.alerts}) >= 4
    assert board.figures.value_at_risk > 0


# --- stored emotion anchors ----------------------------------------------------------------------

def _drop_future_events(conn: sqlite3.Connection, as_of: date) -> None:
    t = as_of.isoformat()
    with transaction(conn):
        conn.execute("DELETE FROM interactions WHERE date > ?", (t,))
        conn.execute("DELETE FROM return_visits WHERE date > ? OR rental IN (SELECT ref FROM rentals"
                     " WHERE status = 'returned' AND coalesce(returned_on, end_date) > ?)", (t, t))
        conn.execute("UPDATE rentals SET status = 'booked' WHERE status = 'returned'"
                     " AND coalesce(returned_on, end_date) > ?", (t,))


@pytest.mark.parametrize("seed", range(12))
def test_anchored_board_agrees_with_the_formulas_through_changes(conn: sqlite3.Connection, seed: int) -> None:
    from db import board_queries as q

    random_business(conn, 300 + seed)
    _drop_future_events(conn, T)
    _check_against_reference(conn, T)
    assert q.anchor_state(conn) == (T.isoformat(), 90.0) and q.dirty_customers(conn) == 0
    rng = random.Random(seed)
    codes = [c for (c,) in conn.execute("SELECT code FROM customers")]
    b = Business(conn)
    b.n = 50_000
    with transaction(conn):
        b.interaction(rng.choice(codes), -rng.randint(0, 60), rng.choice(KINDS))
        b.rental(rng.choice(codes), -rng.randint(0, 60), status="returned")
        conn.execute("UPDATE interactions SET customer = ? WHERE id = (SELECT min(id) FROM interactions)",
                     (rng.choice(codes),))
        last = "(SELECT max(id) FROM rentals WHERE status = 'returned' AND ref NOT LIKE 'R5%')"
        conn.execute(f"DELETE FROM return_visits WHERE rental = (SELECT ref FROM rentals WHERE id = {last})")
        conn.execute(f"DELETE FROM rentals WHERE id = {last}")
        conn.execute("UPDATE return_visits SET rating = 'not-satisfied' WHERE id = (SELECT min(id) FROM return_visits)")
    assert q.dirty_customers(conn) > 0
    _check_against_reference(conn, T)
    assert q.dirty_customers(conn) == 0
    _check_against_reference(conn, T + timedelta(days=45))  # same anchors, a later day
    with transaction(conn):
        set_setting(conn, "emotion_half_life_days", "30")
    board = compute_board(conn, T)
    assert q.anchor_state(conn) == (T.isoformat(), 30.0)
    conn.execute("BEGIN")  # inside a transaction the board sums every event itself
    try:
        direct = compute_board(conn, T)
    finally:
        conn.execute("COMMIT")
    assert [(r.code, round(r.emotion, 9)) for r in board.rows] == [(r.code, round(r.emotion, 9)) for r in direct.rows]
    assert any(r.emotion != 50 for r in board.rows) or not board.rows


def test_a_board_inside_a_transaction_sums_the_events(biz: Business, conn: sqlite3.Connection) -> None:
    from db import board_queries as q

    biz.customer("A")
    biz.interaction("A", -90, "visit")
    conn.execute("BEGIN")
    try:
        assert compute_board(conn, T).row("A").emotion == pytest.approx(52.5)
    finally:
        conn.execute("COMMIT")
    assert q.anchor_state(conn) is None
    assert compute_board(conn, T).row("A").emotion == pytest.approx(52.5)
    assert q.anchor_state(conn) is not None


def test_stage_rule_counts_rentals_exactly_when_explained(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    for i in range(5):
        biz.rental("A", -10 - i, amount=100)
    board = compute_board(conn, T)
    assert (board.row("A").stage, board.row("A").stage_rule) == ("repeat", "at least 3 counting rentals")
    d = customer_detail(conn, "A", T, board=board)
    assert (d.stage, d.stage_rule) == ("repeat", "5 counting rentals")


def test_anchors_stay_exact_with_a_short_half_life(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A")
    for i in range(0, 300, 7):
        biz.interaction("A", -i, "visit")
    with transaction(conn):
        set_setting(conn, "emotion_half_life_days", "1")
    for back in (0, 3, 29, 31, 200):
        t = T - timedelta(days=back)
        expected = 50 + sum(5 * 0.5 ** (i - back) for i in range(0, 300, 7) if i >= back)
        assert compute_board(conn, t).row("A").emotion == pytest.approx(min(100.0, expected), abs=1e-6)


def test_a_drop_keeps_the_follow_up_due_until_the_customer_is_contacted(biz: Business, conn: sqlite3.Connection) -> None:
    for code in "ABCDE":
        biz.customer(code, potential=1)
    biz.interaction("A", -60, "call")
    biz.rental("A", -100, amount=5_000)
    assert compute_board(conn, T - timedelta(days=40), record_history=True).row("A").tier == "gold"
    biz.rental("B", -5, amount=9_000)  # B takes the top place: A drops to lead (cadence 90)
    a = compute_board(conn, T, record_history=True).row("A")
    assert (a.tier, a.next_follow_up, a.follow_up_overdue) == ("lead", T - timedelta(days=30), True)
    assert [al.kind for al in a.alert_items] == ["follow-up", "tier-drop"]
    # the same on a board that does not record (the drop is seen against the last record)
    biz.conn.execute("DELETE FROM tier_history WHERE changed_on = ?", (T.isoformat(),))
    assert compute_board(conn, T).row("A").next_follow_up == T - timedelta(days=30)
    biz.interaction("A", 0, "call")  # a call on the day of the drop: the lead cadence from it
    a = compute_board(conn, T).row("A")
    assert (a.next_follow_up, a.follow_up_overdue, a.alerts) == (T + timedelta(days=90), False, [])


def test_a_cold_lead_customer_is_due_on_the_cold_cadence(biz: Business, conn: sqlite3.Connection) -> None:
    biz.customer("A", created=-100)
    biz.interaction("A", -20, "call")
    for i in range(8):  # about -32 today: cold
        biz.interaction("A", -30 - i, "friction")
    row = compute_board(conn, T).row("A")
    assert (row.tier, row.band) == ("lead", "cold")
    assert row.next_follow_up == T - timedelta(days=6)  # last call + 14, not + 90
    assert row.follow_up_overdue


def test_silent_churn_shows_for_an_iron_customer(biz: Business, conn: sqlite3.Connection) -> None:
    for code in "ABCDEF":
        biz.customer(code, potential=4)
    for start in (-260, -230, -200):
        biz.rental("A", start, amount=100)
    biz.rental("B", -10, amount=50_000)
    biz.rental("C", -10, amount=40_000)
    board = compute_board(conn, T)
    a = board.row("A")
    assert a.tier == "iron"
    assert [al.reason for al in a.alert_items] == [
        "Name A: no rental for 200 days, over 3x its usual 30 days between rentals (last began 2024-12-12)"]
    with transaction(conn):
        set_setting(conn, "churn_factor", "7")
    assert compute_board(conn, T).row("A").alerts == []
    assert update_customer(conn, board, "A").row("A").alerts == a.alerts  # one customer at a time, the same
