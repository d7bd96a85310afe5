"""A unit's daily cost, and a rental's blank cost: its unit's daily cost x its days, from the app and files alike."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker import services
from tracker.board import compute_board
from tracker.cli import cli
from tracker.records import ValidationError
from tracker.transfer.importer import ImportRefused, Job, import_files


@pytest.fixture
def shop(conn: sqlite3.Connection) -> sqlite3.Connection:
    services.add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2024-01-01"})
    services.add(conn, "equipment", {"code": "E1", "name": "12 m scissor", "daily_rate": "800",
                                     "daily_cost": "120"})
    services.add(conn, "equipment", {"code": "E2", "name": "20 m boom", "daily_rate": "1500"})
    return conn


def rental(ref: str, unit: str = "E1", **more: str) -> dict[str, str]:
    """Three days of *unit*; each ref its own days (R1 from 1 November, R2 from the 4th...)."""
    start = 1 + 3 * (int(ref[1:]) - 1)
    return {"ref": ref, "customer": "C1", "equipment": unit, "start_date": f"2026-11-{start:02d}",
            "end_date": f"2026-11-{start + 2:02d}", "daily_rate": "800", "status": "returned", **more}


def cost(conn: sqlite3.Connection, ref: str) -> int:
    return conn.execute("SELECT cost FROM rentals WHERE ref = ?", (ref,)).fetchone()[0]


def test_a_rental_logged_without_a_cost_costs_its_units_daily_cost_times_its_days(shop: sqlite3.Connection) -> None:
    saved = services.add(shop, "rentals", rental("R1"))
    assert cost(shop, "R1") == 3 * 12_000 and saved.record.cost == 36_000
    services.add(shop, "rentals", rental("R2", cost=""))  # a blank field: the same
    services.add(shop, "rentals", rental("R3", cost="0"))  # a cost given, nothing, stays
    services.add(shop, "rentals", rental("R4", cost="50"))
    services.add(shop, "rentals", rental("R5", unit="E2"))  # a unit with no daily cost set
    services.add(shop, "rentals", rental("R6", unit=""))  # no unit
    assert [cost(shop, r) for r in ("R2", "R3", "R4", "R5", "R6")] == [36_000, 0, 5_000, 0, 0]


def test_an_edit_keeps_the_cost_unless_it_is_blanked(shop: sqlite3.Connection) -> None:
    services.add(shop, "rentals", rental("R1", cost="50"))
    services.update(shop, "equipment", "E1", {"daily_cost": "200"})
    services.update(shop, "rentals", "R1", {"end_date": "2026-11-04"})  # four days now
    assert cost(shop, "R1") == 5_000
    services.update(shop, "rentals", "R1", {"cost": ""})
    assert cost(shop, "R1") == 4 * 20_000
    services.undo_last(shop)
    assert cost(shop, "R1") == 5_000


def test_the_board_counts_the_cost_of_a_rental_logged_in_the_app(shop: sqlite3.Connection) -> None:
    services.add(shop, "rentals", rental("R1"))
    row = compute_board(shop, date(2026, 11, 20)).row("C1")
    assert row is not None and row.current_value == 3 * 80_000 - 3 * 12_000


def test_an_import_fills_blank_costs_the_same_way(shop: sqlite3.Connection, tmp_path: Path) -> None:
    without = tmp_path / "a.csv"
    without.write_text("ref,customer,equipment,start_date,end_date,daily_rate,status\n"
                       "R1,C1,E1,2026-11-01,2026-11-05,800,returned\n", encoding="utf-8")
    blank = tmp_path / "b.csv"
    blank.write_text("ref,customer,equipment,start_date,end_date,daily_rate,cost,status\n"
                     "R2,C1,E1,2026-11-10,2026-11-11,800,,returned\n"
                     "R3,C1,E1,2026-11-12,2026-11-12,800,10,returned\n", encoding="utf-8")
    import_files(shop, [Job("rentals", without), Job("rentals", blank)])
    assert [cost(shop, r) for r in ("R1", "R2", "R3")] == [5 * 12_000, 2 * 12_000, 1_000]
    # Re-imported as it is, the file changes nothing; a file without the column leaves stored costs alone.
    services.update(shop, "equipment", "E1", {"daily_cost": "999"})
    reports = import_files(shop, [Job("rentals", without)])
    assert (reports[0].unchanged, cost(shop, "R1")) == (1, 60_000)


def test_a_blank_cost_too_large_is_refused_naming_the_units_daily_cost(
    shop: sqlite3.Connection, tmp_path: Path
) -> None:
    services.update(shop, "equipment", "E2", {"daily_cost": "9,000,000,000"})
    path = tmp_path / "r.csv"
    path.write_text("ref,customer,equipment,start_date,end_date,amount\n"
                    "R1,C1,E2,2026-11-01,2026-11-02,100\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        import_files(shop, [Job("rentals", path)])
    assert info.value.reports[0].problems == [
        "line 2: cost: unit E2's daily cost 9,000,000,000.00 x 2 days comes to 18,000,000,000.00,"
        " over the most one amount can be (10,000,000,000.00)"]
    with pytest.raises(ValidationError) as form:
        services.add(shop, "rentals", rental("R2", unit="E2"))
    assert form.value.errors[0].field == "cost" and "daily cost" in form.value.errors[0].message


def test_the_daily_cost_is_imported_and_exported_like_every_column(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("设备编号,名称,日租金,日成本\nE7,Genie S-65,1200,¥350\n", encoding="utf-8")
    run = CliRunner()
    assert run.invoke(cli, ["--db", str(db_path), "import", "equipment", str(path)]).exit_code == 0
    out = run.invoke(cli, ["--db", str(db_path), "export", "equipment", "--no-bom"]).stdout.splitlines()
    assert out[0].endswith(",daily_cost") and out[1].endswith(",350.00")
    path.write_text("code,name,成本\nE8,Boom 16m,90\n", encoding="utf-8")
    assert run.invoke(cli, ["--db", str(db_path), "import", "equipment", str(path)]).exit_code == 0
    out = run.invoke(cli, ["--db", str(db_path), "export", "equipment", "--no-bom"]).stdout.splitlines()
    assert out[2].endswith(",90.00")


def test_the_picker_and_the_equipment_list_give_each_units_daily_cost(shop: sqlite3.Connection) -> None:
    from tracker import views

    assert [(r["code"], r["daily_cost"]) for r in views.equipment_search(shop, "E", None, None)] == [
        ("E1", 12_000), ("E2", 0)]
    assert [r["daily_cost"] for r in views.equipment_page(shop, date(2026, 11, 20))] == [12_000, 0]
