"""What the CLI says: counts in the right number, files it will not overwrite or scatter, customers by name."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures import DEMO_AS_OF
from tracker.cli import cli
from tracker.counting import counted, counted_rows_of

AS_OF = DEMO_AS_OF.isoformat()


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run(path, "demo", "--as-of", AS_OF).exit_code == 0
    return path


def test_counts_are_singular_for_one() -> None:
    assert counted(1, "row") == "1 row" and counted(0, "row") == "0 rows" and counted(1204, "row") == "1,204 rows"
    assert counted_rows_of(1, "equipment") == "1 equipment unit" and counted_rows_of(2, "equipment") == "2 equipment units"
    assert counted_rows_of(1, "tier_history") == "1 tier change" and counted_rows_of(1, "settings") == "1 setting"


def test_one_row_imported_and_exported_is_said_in_the_singular(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("code,name\nC1,Acme\n")
    result = run(db_path, "import", "customers", str(tmp_path / "c.csv"))
    assert f"customers: 1 row read from {tmp_path / 'c.csv'}: inserted 1" in result.stderr, result.stderr
    out = run(db_path, "export", "customers", "-o", str(tmp_path / "out.csv"))
    assert f"Exported 1 customer to {tmp_path / 'out.csv'}." in out.stderr
    (tmp_path / "bad.csv").write_text("code,name\nC2,\n")
    refused = run(db_path, "import", "customers", str(tmp_path / "bad.csv"))
    assert "1 bad row; nothing was imported" in refused.stderr


def test_export_to_an_existing_file_is_refused_without_force(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "customers.csv"
    target.write_text("kept")
    result = run(demo_db, "export", "customers", "-o", str(target))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {target} exists; use --force to overwrite it"
    assert target.read_text() == "kept"
    assert run(demo_db, "export", "customers", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8-sig").startswith("code,name")


def test_export_all_over_files_it_would_replace_is_refused_without_force(demo_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    assert run(demo_db, "export", "all", str(folder)).exit_code == 0  # the folder itself is made
    again = run(demo_db, "export", "all", str(folder))
    assert again.exit_code == 1 and "exists; use --force to overwrite it" in again.output
    assert run(demo_db, "export", "all", "--force", str(folder)).exit_code == 0


@pytest.mark.parametrize("command", ["backup", "export"])
def test_a_file_in_a_missing_folder_is_refused_naming_the_folder(demo_db: Path, tmp_path: Path, command: str) -> None:
    target = tmp_path / "missing" / "dir" / "x.db"
    args = ["backup", str(target)] if command == "backup" else ["export", "customers", "-o", str(target)]
    result = run(demo_db, *args)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {target.parent}: no such folder; create it first, or give another path"
    assert not (tmp_path / "missing").exists()


def test_backup_over_a_file_is_refused_as_export_is(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("kept")
    result = run(demo_db, "backup", str(target))
    assert result.output.strip() == f"Error: {target} exists; use --force to overwrite it"


def test_explain_takes_a_code_or_a_name_in_any_case(demo_db: Path) -> None:
    by_code = run(demo_db, "explain", "C002", "--as-of", AS_OF).output
    assert by_code.startswith("Harbor Steel Co. (C002)")
    for spelling in ("c002", "harbor steel co.", "HARBOR STEEL CO.", "harbor"):
        result = run(demo_db, "explain", spelling, "--as-of", AS_OF)
        assert result.exit_code == 0 and result.output == by_code, spelling
    assert run(demo_db, "explain", "华东钢构有限公司", "--as-of", AS_OF).output.startswith("华东钢构有限公司 (C001)")


def test_explain_a_name_several_customers_hold_lists_them_and_fails(demo_db: Path) -> None:
    result = run(demo_db, "explain", "steel", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "C002  Harbor Steel Co." in result.stderr and "C017  Apex Steel Structures" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Error: 'steel' matches several customers")
    conn = sqlite3.connect(demo_db)
    assert conn.execute("SELECT count(*) FROM customers WHERE code = 'C002'").fetchone() == (1,)
