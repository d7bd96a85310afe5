"""Return visits: the satisfaction rating in the emotion score, the checks, the figures, the day's list, CSV."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.board import compute_board, customer_detail, update_customer
from tracker.cli import cli
from tracker.records import ValidationError
from tracker.rules.emotion import satisfaction_scale
from tracker.rules.figures import visit_figures
from tracker.services import add, log_visit, open_store
from tracker.today import today_items

T = date(2025, 6, 30)


def day(n: int) -> str:
    return (T + timedelta(days=n)).isoformat()


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def firm(tmp_path: Path):
    conn = open_store(tmp_path / "v.db")
    for code in ("C1", "C2"):
        add(conn, "customers", {"code": code, "name": f"Firm {code}", "created_on": day(-400)})
    add(conn, "rentals", {"ref": "R1", "customer": "C1", "start_date": day(-20), "end_date": day(-10),
                          "returned_on": day(-10), "amount": "1000", "status": "returned"})
    add(conn, "rentals", {"ref": "R2", "customer": "C2", "start_date": day(-5), "end_date": day(5),
                          "amount": "1000", "status": "on-rent"})
    return conn


def test_the_ratings_carry_their_share_of_the_weight():
    assert [satisfaction_scale(r) for r in ("not-satisfied", "ok", "satisfied", "very-satisfied")] == [
        -1.0, -0.2, 0.2, 1.0]
    scores = {"not-satisfied": 0, "ok": 40, "satisfied": 60, "very-satisfied": 100}
    f = visit_figures({"ok": 1, "very-satisfied": 2}, scores, returned=8, visited=3)
    assert (f.average_satisfaction, f.returns_visited, f.visits) == (80.0, 0.375, 3)
    assert visit_figures({}, scores, 0, 0).average_satisfaction is None


@pytest.mark.parametrize("rating, sign", [("very-satisfied", 1), ("not-satisfied", -1)])
def test_a_visit_moves_the_score_by_its_weight_and_decays(firm, rating: str, sign: int) -> None:
    log_visit(firm, "R1", rating, on=day(-5), note="on site")
    want = 50 + 2 * 0.5 ** (10 / 90) + sign * 6 * 0.5 ** (5 / 90)
    board = compute_board(firm, T)  # from the stored per-customer sums
    assert board.row("C1").emotion == pytest.approx(want)
    assert update_customer(firm, board, "C1").row("C1").emotion == pytest.approx(want)  # summed for one customer
    detail = customer_detail(firm, "C1", T)
    assert detail.emotion.total == pytest.approx(want)
    [line] = [x for x in detail.emotion.lines if x.what.startswith("return visit")]
    assert (line.what, line.original) == (f"return visit on R1: {rating} (on site)", sign * 6.0)
    assert compute_board(firm, T - timedelta(days=6)).row("C1").emotion == pytest.approx(
        50 + 2 * 0.5 ** (4 / 90))  # not yet visited then


def test_a_visit_follows_a_rental_that_came_back(firm) -> None:
    with pytest.raises(ValidationError, match="not returned"):
        log_visit(firm, "R2", "ok", on=day(0))
    with pytest.raises(ValidationError, match="before R1 came back"):
        log_visit(firm, "R1", "ok", on=day(-11))
    with pytest.raises(ValidationError, match="rating"):
        log_visit(firm, "R1", "great", on=day(0))


def test_visits_due_are_on_the_days_list_until_visited(firm) -> None:
    back, week = T - timedelta(days=10), timedelta(days=7)  # return_visit_days
    items = [i for i in today_items(firm, T - timedelta(days=5)) if i.kind == "return-visit"]
    assert [(i.ref, i.day, i.what) for i in items] == [
        ("R1", back + week, f"return visit on R1 (back {back}), due by {back + week}")]
    assert not [i for i in today_items(firm, T - timedelta(days=2)) if i.kind == "return-visit"]  # a week gone
    log_visit(firm, "R1", "satisfied", on=day(-6))
    assert not [i for i in today_items(firm, T - timedelta(days=5)) if i.kind == "return-visit"]


def test_visit_command_figures_and_csv(firm, tmp_path: Path) -> None:
    firm.close()
    db = tmp_path / "v.db"
    done = run(db, "visit", "R1", "very-satisfied", "--on", day(-3), "--note", "=quick, 好")
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == "V0001"
    figures = json.loads(run(db, "board", "--as-of", T.isoformat(), "--format", "json").stdout)["figures"]
    assert (figures["average_satisfaction"], figures["returns_visited"]) == (100.0, 1.0)
    assert "satisfaction 100 over 1 return visit," in run(db, "board", "--as-of", T.isoformat()).stdout
    refused = run(db, "visit", "R2", "ok")
    assert refused.exit_code == 1 and "not returned" in refused.output
    out = tmp_path / "visits.csv"
    assert run(db, "export", "return_visits", "-o", str(out)).exit_code == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "ref,rental,date,rating,note" and "'=quick" in lines[1]
    assert "unchanged 1" in run(db, "import", "return_visits", str(out)).output
    other = tmp_path / "b.db"
    assert run(db, "export", "all", str(tmp_path / "all")).exit_code == 0
    assert run(other, "import", "all", str(tmp_path / "all")).exit_code == 0
    assert json.loads(run(other, "board", "--as-of", T.isoformat(), "--format", "json").stdout)["figures"][
        "average_satisfaction"] == 100.0


def _visit_customers(conn) -> dict[str, str | None]:
    return dict(conn.execute("SELECT ref, customer FROM return_visits ORDER BY ref").fetchall())


def test_a_visit_keeps_its_rentals_customer_whoever_writes(firm, tmp_path: Path) -> None:
    from tracker.services import undo_last, update

    log_visit(firm, "R1", "ok", on=day(-5))
    assert _visit_customers(firm) == {"V0001": "C1"}
    update(firm, "rentals", "R1", {"customer": "C2"})
    assert _visit_customers(firm) == {"V0001": "C2"}
    undo_last(firm)
    assert _visit_customers(firm) == {"V0001": "C1"}
    with firm:  # the sqlite3 shell's way: the rental's customer, a wrong customer written by hand
        firm.execute("UPDATE rentals SET customer = 'C2' WHERE ref = 'R1'")
    assert _visit_customers(firm) == {"V0001": "C2"}
    with firm:
        firm.execute("UPDATE return_visits SET customer = 'C1'")
    assert _visit_customers(firm) == {"V0001": "C2"}
    add(firm, "rentals", {"ref": "R3", "customer": "C2", "start_date": day(-30), "end_date": day(-25),
                          "returned_on": day(-25), "amount": "500", "status": "returned"})
    with firm:
        firm.execute("UPDATE return_visits SET rental = 'R3'")
    assert _visit_customers(firm) == {"V0001": "C2"}
    firm.close()
    db = tmp_path / "v.db"
    visits = tmp_path / "visits.csv"
    visits.write_text(f"ref,rental,date,rating,note\nV0001,R3,{day(-20)},ok,\nV0002,R1,{day(-4)},satisfied,\n",
                      encoding="utf-8")
    assert run(db, "import", "return_visits", str(visits)).exit_code == 0
    conn = open_store(db)
    assert _visit_customers(conn) == {"V0001": "C2", "V0002": "C2"}
    conn.close()


def test_one_customers_update_gives_the_figures_of_the_whole_board(firm) -> None:
    add(firm, "rentals", {"ref": "R3", "customer": "C2", "start_date": day(-60), "end_date": day(-50),
                          "returned_on": day(-49), "amount": "700", "status": "returned"})
    log_visit(firm, "R1", "very-satisfied", on=day(-8))
    log_visit(firm, "R3", "not-satisfied", on=day(-40), note="late")
    board = compute_board(firm, T)
    for rental, rating, on, code in (("R1", "ok", -2, "C1"), ("R3", "satisfied", -1, "C2")):
        log_visit(firm, rental, rating, on=day(on))
        board = update_customer(firm, board, code)
        full = compute_board(firm, T)
        assert [(r.code, r.tier, r.rank, r.emotion, r.band, r.alerts) for r in board.rows] == [
            (r.code, r.tier, r.rank, r.emotion, r.band, r.alerts) for r in full.rows]
        assert board.figures == full.figures
        for earlier in (T - timedelta(days=3), T - timedelta(days=45)):  # summed for one customer, and for all
            one = compute_board(firm, earlier)
            assert [r.emotion for r in one.rows] == pytest.approx(
                [update_customer(firm, one, r.code).row(r.code).emotion for r in one.rows])
