"""Running the yard: payments against rentals, deposits, and the upkeep that keeps a unit in service."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker import services
from tracker.cli import cli
from tracker.records import ParseOptions, ValidationError

TODAY = date(2026, 11, 20)
FORM = ParseOptions(relative=True, today=TODAY)


@pytest.fixture
def yard(conn: sqlite3.Connection) -> sqlite3.Connection:
    services.add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2026-01-01"})
    services.add(conn, "customers", {"code": "C2", "name": "王师傅施工队", "created_on": "2026-01-01"})
    services.add(conn, "equipment", {"code": "E1", "name": "12 m scissor", "category": "scissor"})
    services.add(conn, "equipment", {"code": "E2", "name": "16 m boom", "category": "boom"})
    services.add(conn, "rentals", {"ref": "R1", "customer": "C1", "equipment": "E1", "start_date": "2026-11-01",
                                   "end_date": "2026-11-05", "amount": "1,200", "status": "returned"},
                 options=FORM)
    return conn


def paid(conn: sqlite3.Connection, ref: str) -> int:
    return conn.execute("SELECT paid FROM rentals WHERE ref = ?", (ref,)).fetchone()[0]


def errors(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


# --- payments ------------------------------------------------------------------------------


def test_payments_add_up_to_what_a_rental_was_paid_and_undo_takes_one_back(yard: sqlite3.Connection) -> None:
    first = services.add(yard, "payments", {"ref": "P1", "rental": "R1", "date": "-3", "amount": "500"}, options=FORM)
    assert first.customer == "C1"  # whose it is, through its rental
    services.add(yard, "payments", {"ref": "P2", "rental": "R1", "date": "today", "amount": "200.50",
                                    "method": "WeChat"}, options=FORM)
    assert paid(yard, "R1") == 70050
    services.update(yard, "payments", "P2", {"amount": "300"}, options=FORM)
    assert paid(yard, "R1") == 80000
    assert services.undo_last(yard) == "edit payment P2"
    assert paid(yard, "R1") == 70050
    assert services.undo_last(yard) == "add payment P2"
    assert paid(yard, "R1") == 50000


def test_an_overpayment_is_refused_with_what_is_owed(yard: sqlite3.Connection) -> None:
    services.add(yard, "payments", {"ref": "P1", "rental": "R1", "date": "today", "amount": "1,000"}, options=FORM)
    with pytest.raises(ValidationError) as info:
        services.add(yard, "payments", {"ref": "P2", "rental": "R1", "date": "today", "amount": "300"}, options=FORM)
    assert errors(info)["amount"] == "R1 owes 200.00 (1,200.00 less 1,000.00 paid): this comes to 300.00, 100.00 more"
    assert paid(yard, "R1") == 100000


def test_a_payment_cannot_be_dated_after_today_nor_be_nothing(yard: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as info:
        services.add(yard, "payments", {"ref": "P1", "rental": "R1", "date": "+2", "amount": "0"}, options=FORM)
    # Both at once: the date and the amount.
    assert errors(info) == {"date": "2026-11-22 is after today (2026-11-20): it cannot have happened yet",
                            "amount": "must be more than 0"}
    with pytest.raises(ValidationError) as info:
        services.add(yard, "payments", {"ref": "P1", "rental": "R1", "date": "today", "amount": "0"}, options=FORM)
    assert errors(info) == {"amount": "must be more than 0"}


def test_a_rental_cannot_say_it_was_paid_less_than_its_payments_nor_more_than_its_amount(
    yard: sqlite3.Connection,
) -> None:
    services.add(yard, "payments", {"ref": "P1", "rental": "R1", "date": "today", "amount": "500"}, options=FORM)
    with pytest.raises(ValidationError) as info:
        services.update(yard, "rentals", "R1", {"paid": "100"}, options=FORM)
    assert errors(info)["paid"] == "payments of 500.00 are recorded for R1: it cannot have been paid only 100.00"
    with pytest.raises(ValidationError) as info:
        services.update(yard, "rentals", "R1", {"amount": "400"}, options=FORM)
    assert errors(info)["amount"] == "paid 500.00 is more than the amount (400.00)"


def test_payments_import_whole_or_not_at_all_and_a_file_of_ref_and_paid_updates_rentals(
    yard: sqlite3.Connection, db_path: Path, tmp_path: Path
) -> None:
    yard.close()
    good = tmp_path / "p.csv"
    good.write_text("ref,rental,date,amount,method\nP1,R1,2026-11-06,600,cash\nP2,R1,2026-11-07,300,transfer\n",
                    encoding="utf-8")
    done = CliRunner().invoke(cli, ["--db", str(db_path), "import", "payments", str(good)])
    assert done.exit_code == 0, done.output
    bad = tmp_path / "q.csv"
    bad.write_text("ref,rental,date,amount\nP3,R1,2026-11-08,100\nP4,R1,2026-11-09,250\nP5,R9,2026-11-09,1\n",
                   encoding="utf-8")
    refused = CliRunner().invoke(cli, ["--db", str(db_path), "import", "payments", str(bad)])
    assert refused.exit_code == 1
    assert "line 3: amount: R1 owes 300.00 (1,200.00 less 900.00 paid): this comes to 350.00, 50.00 more" in refused.output
    assert "line 4: rental: no rental with ref R9" in refused.output
    conn = sqlite3.connect(db_path)
    assert paid(conn, "R1") == 90000
    assert conn.execute("SELECT count(*) FROM payments").fetchone()[0] == 2


# --- deposits ------------------------------------------------------------------------------


def test_a_deposit_is_kept_in_part_only_with_a_reason_when_settled(yard: sqlite3.Connection) -> None:
    services.add(yard, "deposits", {"ref": "D1", "rental": "R1", "taken_on": "2026-11-01", "amount": "2,000"},
                 options=FORM)
    with pytest.raises(ValidationError) as info:
        services.update(yard, "deposits", "D1", {"kept": "300"}, options=FORM)
    assert set(errors(info)) == {"kept", "reason"}
    with pytest.raises(ValidationError) as info:
        services.update(yard, "deposits", "D1", {"returned_on": "today", "kept": "2,500", "reason": "scratches"},
                        options=FORM)
    assert errors(info) == {"kept": "2,500.00 is more than the deposit (2,000.00)"}
    saved = services.update(yard, "deposits", "D1", {"returned_on": "today", "kept": "300", "reason": "a cracked guard"},
                            options=FORM)
    assert saved.customer == "C1" and saved.record.kept == 30000


# --- upkeep ----------------------------------------------------------------------------------


def _book(conn: sqlite3.Connection, ref: str, unit: str, start: str, end: str) -> services.Saved:
    return services.add(conn, "rentals", {"ref": ref, "customer": "C2", "equipment": unit, "start_date": start,
                                          "end_date": end, "amount": "500"}, options=FORM)


def test_a_unit_in_maintenance_cannot_be_booked(yard: sqlite3.Connection) -> None:
    services.update(yard, "equipment", "E2", {"status": "maintenance"}, options=FORM)
    with pytest.raises(ValidationError) as info:
        _book(yard, "R2", "E2", "2026-11-21", "2026-11-23")
    assert errors(info)["equipment"] == "E2 is in maintenance: it cannot go out until it is back in service"
    services.update(yard, "equipment", "E2", {"status": "available"}, options=FORM)
    assert _book(yard, "R2", "E2", "2026-11-21", "2026-11-23").action == "inserted"


def test_a_unit_whose_inspection_lapses_before_a_booking_cannot_be_booked(yard: sqlite3.Connection) -> None:
    services.add(yard, "upkeep", {"ref": "M1", "unit": "E2", "date": "2026-06-01", "kind": "inspection",
                                  "cost": "800", "next_due": "2026-12-01"}, options=FORM)
    assert _book(yard, "R2", "E2", "2026-11-21", "2026-11-23").action == "inserted"  # inspected until December
    with pytest.raises(ValidationError) as info:
        _book(yard, "R3", "E2", "2026-12-05", "2026-12-06")
    assert errors(info)["equipment"] == "E2's inspection is due 2026-12-01, before this rental: log the inspection first"
    services.add(yard, "upkeep", {"ref": "M2", "unit": "E2", "date": "today", "kind": "inspection",
                                  "next_due": "+180"}, options=FORM)
    assert _book(yard, "R3", "E2", "2026-12-05", "2026-12-06").action == "inserted"


def test_past_rentals_of_a_unit_now_out_of_service_still_import(
    yard: sqlite3.Connection, db_path: Path, tmp_path: Path
) -> None:
    """Only a booking made now is held to the unit's state: history imports as it was."""
    services.update(yard, "equipment", "E1", {"status": "retired"}, options=FORM)
    yard.close()
    old = tmp_path / "r.csv"
    old.write_text("ref,customer,equipment,start_date,end_date,amount,status\n"
                   "R1,C1,E1,2026-11-01,2026-11-05,1200,returned\nR7,C2,E1,2025-03-01,2025-03-02,100,returned\n",
                   encoding="utf-8")
    done = CliRunner().invoke(cli, ["--db", str(db_path), "import", "rentals", str(old)])
    assert done.exit_code == 0, done.output
    future = tmp_path / "f.csv"
    start = (date.today() + timedelta(days=3)).isoformat()
    future.write_text(f"ref,customer,equipment,start_date,end_date,amount\nR8,C2,E1,{start},{start},100\n",
                      encoding="utf-8")
    refused = CliRunner().invoke(cli, ["--db", str(db_path), "import", "rentals", str(future)])
    assert refused.exit_code == 1 and "E1 is retired" in refused.output


def test_upkeep_rules(yard: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as info:
        services.add(yard, "upkeep", {"ref": "M1", "unit": "E1", "date": "today", "kind": "inspection",
                                      "next_due": "-1"}, options=FORM)
    assert errors(info) == {"next_due": "2026-11-19 is not after the work (2026-11-20)"}
    with pytest.raises(ValidationError) as info:
        services.add(yard, "upkeep", {"ref": "M1", "unit": "E9", "date": "today", "kind": "repair"}, options=FORM)
    assert errors(info) == {"unit": "no equipment unit with code E9"}


# --- alerts ----------------------------------------------------------------------------------


def test_a_deposit_held_after_the_unit_came_back_and_an_inspection_falling_due_are_alerts(
    yard: sqlite3.Connection,
) -> None:
    from tracker.board import compute_board, current_board

    services.add(yard, "deposits", {"ref": "D1", "rental": "R1", "taken_on": "2026-11-01", "amount": "2,000"},
                 options=FORM)
    services.add(yard, "upkeep", {"ref": "M1", "unit": "E2", "date": "2026-05-01", "kind": "inspection",
                                  "next_due": "2026-11-30"}, options=FORM)
    quiet = compute_board(yard, date(2026, 11, 10))  # returned 11-05: five days, within the 14 the setting gives
    assert "deposit-held" not in [a.kind for a in quiet.alerts]
    assert quiet.unit_alerts == []  # due in twenty days: beyond the fourteen
    board = compute_board(yard, TODAY)
    held = [a.reason for a in board.alerts if a.kind == "deposit-held"]
    assert held == ["Harbor Steel: deposit D1 (2,000.00) still held 15 days after R1 came back"]
    assert [a.reason for a in board.unit_alerts] == [
        "16 m boom: inspection due in 10 days (2026-11-30); it cannot be booked past it"]
    assert [a.reason for a in current_board(yard, TODAY).unit_alerts] == [a.reason for a in board.unit_alerts]
    services.update(yard, "deposits", "D1", {"returned_on": "today"}, options=FORM)
    assert [a for a in compute_board(yard, TODAY).alerts if a.kind == "deposit-held"] == []


# --- what each unit earns --------------------------------------------------------------------


def test_the_unit_report_counts_days_out_revenue_costs_and_upkeep(yard: sqlite3.Connection, db_path: Path) -> None:
    import json

    services.add(yard, "rentals", {"ref": "R2", "customer": "C2", "equipment": "E1", "start_date": "2026-10-30",
                                   "end_date": "2026-10-31", "amount": "300", "cost": "50", "status": "returned"},
                 options=FORM)
    services.add(yard, "rentals", {"ref": "R3", "customer": "C2", "equipment": "E2", "start_date": "2026-11-10",
                                   "end_date": "2026-11-12", "amount": "900", "status": "cancelled"}, options=FORM)
    services.add(yard, "upkeep", {"ref": "M1", "unit": "E1", "date": "2026-11-02", "kind": "repair", "cost": "250"},
                 options=FORM)
    yard.close()
    got = CliRunner().invoke(cli, ["--db", str(db_path), "report", "units", "--from", "2026-10-31", "--to",
                                   "2026-11-09", "--format", "json"])
    assert got.exit_code == 0, got.output
    units = {u["code"]: u for u in json.loads(got.output)["units"]}
    # E1: R2's last day (10-31) and R1's five days fall in the window; R1 alone started in it.
    assert units["E1"] == {
        "code": "E1", "name": "12 m scissor", "category": "scissor", "status": "available", "days_out": 6,
        "window_days": 10, "utilisation": 0.6, "rentals": 1, "revenue": 1200.0, "rental_cost": 0.0,
        "upkeep_cost": 250.0, "profit": 950.0,
    }
    assert units["E2"]["days_out"] == 0 and units["E2"]["profit"] == 0  # a cancelled rental does not count
    table = CliRunner().invoke(cli, ["--db", str(db_path), "report", "units", "--to", "2026-11-09"])
    assert table.exit_code == 0 and "12 m scissor" in table.output and "7/365" in table.output  # the year holds both of its rentals


def test_a_deposit_held_alert_names_the_rental_it_is_about() -> None:
    from tracker.rules.alerts import Alert, AlertFacts, HeldDeposit, customer_alerts, held_on
    from tracker.settings import Settings

    facts = AlertFacts(code="C1", name="Acme after Works", tier="iron",
                       deposits_held=(HeldDeposit("D7", "R 12", date(2026, 11, 1), 50_000),))
    (alert,) = [a for a in customer_alerts(facts, date(2026, 11, 20), Settings()) if a.kind == "deposit-held"]
    assert held_on(alert) == "R 12"
    assert held_on(Alert("C1", "Acme", "unpaid", "Acme: 1 rental unpaid")) is None


def test_a_rental_moves_one_step_of_its_flow_at_a_time() -> None:
    from tracker.rules.rental_flow import refused_move

    assert refused_move("quote", "booked") is None and refused_move("booked", "on-rent") is None
    assert refused_move("on-rent", "returned") is None and refused_move("booked", "cancelled") is None
    assert refused_move("returned", "booked") == "a rental that is returned cannot be booked"
    assert refused_move("quote", "returned") == "a rental that is quote cannot be marked returned"
    assert refused_move("cancelled", "cancelled") == "a rental that is cancelled cannot be cancelled"
