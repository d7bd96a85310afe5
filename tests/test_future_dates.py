"""What has happened cannot be dated after today: a return, a payment, a contact, a complaint.

A booking may start in the future; the app's forms, the services and ``rentrack import`` refuse the rest alike.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker import services
from tracker.cli import cli
from tracker.records import ParseOptions, ValidationError

TODAY = date(2026, 11, 20)
FORM = ParseOptions(relative=True, today=TODAY)
AFTER = "2026-11-22 is after today (2026-11-20): it cannot have happened yet"


@pytest.fixture
def shop(conn: sqlite3.Connection) -> sqlite3.Connection:
    services.add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2026-01-01"})
    services.add(conn, "equipment", {"code": "E1", "name": "12 m scissor", "category": "scissor"})
    services.add(conn, "rentals", {"ref": "R1", "customer": "C1", "equipment": "E1", "start_date": "2026-11-10",
                                   "end_date": "2026-11-25", "amount": "1,200", "status": "on-rent"}, options=FORM)
    services.add(conn, "complaints", {"ref": "K1", "customer": "C1", "opened_on": "2026-11-12",
                                      "category": "waiting", "severity": "3"}, options=FORM)
    return conn


def errors(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in info.value.errors}


def test_a_booking_may_start_and_end_after_today(shop: sqlite3.Connection) -> None:
    services.add(shop, "rentals", {"ref": "R2", "customer": "C1", "start_date": "+10", "end_date": "+12",
                                   "amount": "500"}, options=FORM)
    assert shop.execute("SELECT start_date FROM rentals WHERE ref = 'R2'").fetchone()[0] == "2026-11-30"


def test_a_return_after_today_is_refused_marked_or_edited(shop: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as info:
        services.mark_returned(shop, "R1", date(2026, 11, 22), today=TODAY)
    assert errors(info) == {"returned_on": AFTER}
    with pytest.raises(ValidationError) as info:
        services.update(shop, "rentals", "R1", {"returned_on": "+2", "status": "returned"}, options=FORM)
    assert errors(info) == {"returned_on": AFTER}
    assert tuple(shop.execute("SELECT status, returned_on FROM rentals").fetchone()) == ("on-rent", None)
    services.mark_returned(shop, "R1", today=TODAY)
    assert tuple(shop.execute("SELECT status, returned_on FROM rentals").fetchone()) == ("returned", "2026-11-20")


def test_an_interaction_after_today_is_refused(shop: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as info:
        services.add(shop, "interactions", {"ref": "I1", "customer": "C1", "date": "+2", "kind": "call"},
                     options=FORM)
    assert errors(info) == {"date": AFTER}
    assert shop.execute("SELECT count(*) FROM interactions").fetchone()[0] == 0


def test_a_complaint_opened_or_resolved_after_today_is_refused(shop: sqlite3.Connection) -> None:
    with pytest.raises(ValidationError) as info:
        services.add(shop, "complaints", {"ref": "K2", "customer": "C1", "opened_on": "+2",
                                          "category": "waiting", "severity": "2"}, options=FORM)
    assert errors(info) == {"opened_on": AFTER}
    with pytest.raises(ValidationError) as info:
        services.resolve_complaint(shop, "K1", on=date(2026, 11, 22), resolution="called back", today=TODAY)
    assert errors(info) == {"resolved_on": AFTER}
    assert shop.execute("SELECT status FROM complaints WHERE ref = 'K1'").fetchone()[0] == "open"


def test_an_unchanged_past_date_is_not_checked_again_on_an_edit(shop: sqlite3.Connection) -> None:
    # Edited as of an earlier day, a rental keeps a stored return it was given later.
    services.mark_returned(shop, "R1", TODAY, today=TODAY)
    services.update(shop, "rentals", "R1", {"site": "dock 4"}, options=ParseOptions(today=date(2026, 11, 15)))
    assert shop.execute("SELECT site FROM rentals").fetchone()[0] == "dock 4"


@pytest.mark.parametrize("entity, header, row, field", [
    ("rentals", "ref,customer,equipment,start_date,end_date,returned_on,amount,status",
     "R9,C1,,2026-11-01,2026-11-05,2099-01-01,100,returned", "returned_on"),
    ("interactions", "ref,customer,date,kind", "I9,C1,2099-01-01,call", "date"),
    ("complaints", "ref,customer,opened_on,category,severity", "K9,C1,2099-01-01,waiting,2", "opened_on"),
    ("complaints", "ref,customer,opened_on,category,severity,status,resolved_on",
     "K9,C1,2026-11-01,waiting,2,resolved,2099-01-01", "resolved_on"),
], ids=["return", "interaction", "complaint-opened", "complaint-resolved"])
def test_the_import_refuses_what_is_dated_after_today(
    db_path: Path, tmp_path: Path, entity: str, header: str, row: str, field: str
) -> None:
    conn = services.open_store(db_path)
    services.add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2026-01-01"})
    conn.close()
    path = tmp_path / f"{entity}.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "import", entity, str(path)])
    assert result.exit_code == 1
    assert f"line 2: {field}: 2099-01-01 is after today" in result.stderr
    assert "cannot have happened yet" in result.stderr
    check = sqlite3.connect(db_path)
    try:
        assert check.execute(f"SELECT count(*) FROM {entity}").fetchone()[0] == 0
    finally:
        check.close()
