"""``rentrack import``: headers, encodings, validation, all-or-nothing, rejects, dry run, upsert, undo."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.services import UndoError, add, open_store, undo_last

CUSTOMERS = "code,name,segment\nC1,Acme Lifts,large\nC2,Beta Steel,small\n"
EQUIPMENT = "code,name,category,daily_rate\nU1,Scissor 8m,scissor,300\nU2,Boom 20m,boom,900\n"


def run(db: Path, *args: str, input: str | bytes | None = None):
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=input, catch_exceptions=False)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def dump(db: Path) -> list[tuple]:
    out = []
    for table in ("customers", "equipment", "rentals", "complaints", "interactions"):
        out += [(table, *r) for r in rows(db, f"SELECT * FROM {table} ORDER BY 1, 2")]
    return out


@pytest.fixture
def shop(db_path: Path, tmp_path: Path) -> Path:
    """A database holding two customers and two units."""
    assert run(db_path, "import", "customers", str(write(tmp_path / "c.csv", CUSTOMERS))).exit_code == 0
    assert run(db_path, "import", "equipment", str(write(tmp_path / "e.csv", EQUIPMENT))).exit_code == 0
    return db_path


def test_import_customers_reports_counts_and_stores_rows(db_path: Path, tmp_path: Path) -> None:
    result = run(db_path, "import", "customers", str(write(tmp_path / "c.csv", CUSTOMERS)))
    assert result.exit_code == 0, result.output
    assert "inserted 2, updated 0, unchanged 0, rejected 0" in result.stderr
    assert result.stdout == ""
    assert rows(db_path, "SELECT code, name, segment FROM customers ORDER BY code") == [
        ("C1", "Acme Lifts", "large"), ("C2", "Beta Steel", "small")]


def test_reimporting_the_same_file_changes_nothing(shop: Path, tmp_path: Path) -> None:
    before = dump(shop)
    result = run(shop, "import", "customers", str(tmp_path / "c.csv"))
    assert "inserted 0, updated 0, unchanged 2" in result.stderr
    assert dump(shop) == before


def test_a_changed_row_updates_only_the_columns_in_the_file(shop: Path, tmp_path: Path) -> None:
    conn = open_store(shop)
    conn.execute("UPDATE customers SET phone = '555-1', city = 'Suzhou' WHERE code = 'C1'")
    conn.close()
    f = write(tmp_path / "u.csv", "code,name,city\nC1,Acme Lifts Ltd,Wuxi\nC2,Beta Steel,\n")
    result = run(shop, "import", "customers", str(f))
    assert result.exit_code == 0, result.output
    assert "inserted 0, updated 1, unchanged 1" in result.stderr
    assert rows(shop, "SELECT name, phone, city, segment FROM customers WHERE code = 'C1'") == [
        ("Acme Lifts Ltd", "555-1", "Wuxi", "large")]


def test_chinese_headers_and_gb18030_bytes_as_excel_saves_them(db_path: Path, tmp_path: Path) -> None:
    text = "客户编号,客户名称,城市,备注\r\nC1,上海高空作业有限公司,上海,\"老客户, 付款快\"\r\n"
    f = write(tmp_path / "gbk.csv", text, "gb18030")
    result = run(db_path, "import", "customers", str(f))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT name, city, notes FROM customers") == [
        ("上海高空作业有限公司", "上海", "老客户, 付款快")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings_are_detected(db_path: Path, tmp_path: Path, encoding: str) -> None:
    f = write(tmp_path / "c.csv", "Code,Name,City\nC1,杭州吊篮,杭州\n", encoding)
    result = run(db_path, "import", "customers", str(f))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT code, name FROM customers") == [("C1", "杭州吊篮")]


def test_forced_wrong_encoding_is_one_clear_line(db_path: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "c.csv", "code,name\nC1,上海\n", "gb18030")
    result = run(db_path, "import", "customers", str(f), "--encoding", "utf-8")
    assert result.exit_code == 1
    assert "not utf-8" in result.stderr and "--encoding" in result.stderr
    assert rows(db_path, "SELECT count(*) FROM customers") == [(0,)]


def test_quoted_fields_with_commas_newlines_and_crlf(db_path: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "c.csv", 'code,name,notes\r\nC1,"Lifts, Inc.","line one\r\nline ""two"""\r\n')
    assert run(db_path, "import", "customers", str(f)).exit_code == 0
    assert rows(db_path, "SELECT name, notes FROM customers") == [("Lifts, Inc.", 'line one\r\nline "two"')]


def test_stdin(db_path: Path) -> None:
    result = run(db_path, "import", "customers", "-", input=CUSTOMERS.encode("gb18030"))
    assert result.exit_code == 0, result.output
    assert "<stdin>" in result.stderr
    assert rows(db_path, "SELECT count(*) FROM customers") == [(2,)]


def test_dates_iso_stays_iso_with_dayfirst_and_money_with_signs(shop: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "r.csv",
              "ref,customer,start_date,end_date,amount,paid\n"
              "R1,C1,2024-03-05,05/04/2024,\"¥1,200.50\",$12\n")
    result = run(shop, "import", "rentals", str(f), "--dayfirst")
    assert result.exit_code == 0, result.output
    assert rows(shop, "SELECT start_date, end_date, amount, paid FROM rentals") == [
        ("2024-03-05", "2024-04-05", 120050, 1200)]


def test_blank_amount_means_rate_times_days(shop: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,daily_rate,amount\nR1,C1,2024-03-01,2024-03-03,100,\n")
    assert run(shop, "import", "rentals", str(f)).exit_code == 0
    assert rows(shop, "SELECT amount FROM rentals") == [(30000,)]


BAD_RENTALS = (
    "ref,customer,equipment,start_date,end_date,amount,status\n"
    "R1,C1,U1,2024-03-01,2024-03-05,100,booked\n"            # 2 good
    "R2,C9,,2024-03-01,2024-03-05,100,booked\n"              # 3 unknown customer
    "R3,C1,U7,2024-03-01,2024-03-05,100,booked\n"            # 4 unknown unit
    "R4,C1,,2026-02-30,2026-03-05,100,booked\n"              # 5 impossible date
    "R5,C1,,2024-03-05,2024-03-01,100,booked\n"              # 6 end before start
    "R6,C1,,2024-03-01,2024-03-05,100,lost\n"                # 7 unknown status
    "R7,C1,U1,2024-03-04,2024-03-08,100,on-rent\n"           # 8 double-booked within the file
    "R8,C1,,2024-03-01,2024-03-05,-5,booked\n"               # 9 negative money
    "R9,C1,,2024-03-01,2024-03-05,1e309,booked\n"            # 10 not money
    "R11,C2,,2024-04-01,2024-04-05,100,booked\n"             # 11 key twice
    "R11,C2,,2024-05-01,2024-05-05,100,booked\n"             # 12 key twice
    "R10,C1,U1,2024-04-01,2024-04-05,100,quote\n"            # 13 good (a quote does not book the unit)
)


def test_every_bad_row_is_named_and_nothing_is_written(shop: Path, tmp_path: Path) -> None:
    before = dump(shop)
    result = run(shop, "import", "rentals", str(write(tmp_path / "r.csv", BAD_RENTALS)))
    assert result.exit_code == 1
    err = result.stderr
    for needle in ("line 3: customer: no customer with code C9", "line 4: equipment: no equipment unit with code U7",
                   "line 5: start_date: not a real date: 2026-02-30", "line 6: end_date:",
                   "line 7: status: 'lost' is not one of", "line 8: equipment: U1 is already out on rental R1",
                   "line 9: amount: amount cannot be negative", "line 10: amount: not an amount of money: 1e309",
                   "line 11: ref: R11 is also on line 12", "line 12: ref: R11 is also on line 11",
                   "nothing was imported"):
        assert needle in err, (needle, err)
    assert "Traceback" not in err and "line 2:" not in err and "line 13" not in err
    assert dump(shop) == before


def test_rejects_apply_the_good_rows_and_write_the_bad_ones_unchanged(shop: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "r.csv", BAD_RENTALS)
    rejects = tmp_path / "bad.csv"
    result = run(shop, "import", "rentals", str(src), "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert "inserted 2" in result.stderr and "rejected 10" in result.stderr
    assert rows(shop, "SELECT ref FROM rentals ORDER BY ref") == [("R1",), ("R10",)]
    with rejects.open(encoding="utf-8-sig", newline="") as fh:
        got = list(csv.reader(fh))
    original = list(csv.reader(io.StringIO(BAD_RENTALS)))
    assert got[0] == [*original[0], "error"]
    assert [r[:-1] for r in got[1:]] == [original[i] for i in range(2, 12)]
    assert all(r[-1] for r in got[1:])
    # The rejects file, once fixed, imports as it is (the error column is ignored).
    fixed = rejects.read_text(encoding="utf-8-sig").replace("C9", "C2").replace("U7", "U2")
    again = run(shop, "import", "rentals", str(write(tmp_path / "fixed.csv", fixed)), "--rejects",
                str(tmp_path / "bad2.csv"))
    assert again.exit_code == 0 and "inserted 2" in again.stderr


def test_rejects_exit_non_zero_when_every_row_was_refused(shop: Path, tmp_path: Path) -> None:
    src = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,amount\n"
                "R1,C9,2024-03-01,2024-03-02,100\nR2,C1,2024-03-05,soon,100\n")
    rejects = tmp_path / "bad.csv"
    before = dump(shop)
    result = run(shop, "import", "rentals", str(src), "--rejects", str(rejects))
    assert result.exit_code == 1, result.output
    assert "rejected 2" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: nothing was imported: all 2 rows were refused (written to {rejects})")
    assert dump(shop) == before and len(rejects.read_text(encoding="utf-8-sig").splitlines()) == 3
    dry = run(shop, "import", "rentals", str(src), "--rejects", str(rejects), "--dry-run")
    assert dry.exit_code == 1
    # One good row (even one already stored, unchanged) is an import that did something: exit 0.
    some = write(tmp_path / "s.csv", "code,name\nC1,Acme Lifts\nC9,\n")
    assert run(shop, "import", "customers", str(some), "--rejects", str(tmp_path / "bad2.csv")).exit_code == 0
    assert "--rejects" in run(shop, "import", "--help").output and "non-zero" in run(shop, "import", "--help").output


def test_dry_run_reports_and_writes_nothing(shop: Path, tmp_path: Path) -> None:
    before = dump(shop)
    f = write(tmp_path / "c.csv", "code,name\nC1,Acme Lifts\nC3,Gamma\n")
    result = run(shop, "import", "customers", str(f), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would insert 1, updated 0, unchanged 1" in result.stderr and "nothing was written" in result.stderr
    assert dump(shop) == before
    bad = run(shop, "import", "rentals", str(write(tmp_path / "r.csv", BAD_RENTALS)), "--dry-run")
    assert bad.exit_code == 1 and dump(shop) == before


def test_double_booking_against_the_database_names_the_stored_rental(shop: Path, tmp_path: Path) -> None:
    first = write(tmp_path / "a.csv", "ref,customer,equipment,start_date,end_date,amount\nR1,C1,U1,2024-03-01,2024-03-10,1\n")
    assert run(shop, "import", "rentals", str(first)).exit_code == 0
    second = write(tmp_path / "b.csv", "ref,customer,equipment,start_date,end_date,amount\nR2,C2,U1,2024-03-10,2024-03-12,1\n")
    result = run(shop, "import", "rentals", str(second))
    assert result.exit_code == 1
    assert "U1 is already out on rental R1 (C1, 2024-03-01 to 2024-03-10)" in result.stderr
    # Moving the stored rental out of the way in the same file is fine.
    both = write(tmp_path / "c.csv", "ref,customer,equipment,start_date,end_date,amount\n"
                 "R1,C1,U1,2024-03-01,2024-03-05,1\nR2,C2,U1,2024-03-10,2024-03-12,1\n")
    assert run(shop, "import", "rentals", str(both)).exit_code == 0


def test_complaints_check_rental_and_severity(shop: Path, tmp_path: Path) -> None:
    r = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,amount\nR1,C1,2024-03-01,2024-03-10,1\n")
    assert run(shop, "import", "rentals", str(r)).exit_code == 0
    k = write(tmp_path / "k.csv", "ref,customer,rental,opened_on,category,severity\n"
              "K1,C2,R1,2024-03-02,waiting,3\nK2,C1,R1,2024-03-02,rude,3\nK3,C1,,2024-03-02,waiting,9\n"
              "K4,C1,R9,2024-03-02,waiting,2\n")
    result = run(shop, "import", "complaints", str(k))
    assert result.exit_code == 1
    for needle in ("line 2: rental: rental R1 belongs to C1", "line 3: category:", "line 4: severity:",
                   "line 5: rental: no rental with ref R9"):
        assert needle in result.stderr


def test_interactions_without_ref_get_a_stable_key(shop: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "i.csv", "客户,日期,类型,备注\nC1,2024-03-01,visit,site walk\nC2,2024-03-02,call,\n")
    assert run(shop, "import", "interactions", str(f)).exit_code == 0
    again = run(shop, "import", "interactions", str(f))
    assert "inserted 0, updated 0, unchanged 2" in again.stderr
    assert rows(shop, "SELECT count(*) FROM interactions") == [(2,)]


def test_customers_may_refer_to_customers_further_down_the_file(db_path: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "c.csv", "code,name,referred_by\nC1,One,C2\nC2,Two,\nC3,Three,C9\n")
    result = run(db_path, "import", "customers", str(f))
    assert result.exit_code == 1 and "line 4: referred_by: no customer with code C9" in result.stderr
    assert "line 2" not in result.stderr


def test_missing_required_column_and_unknown_headers(db_path: Path, tmp_path: Path) -> None:
    result = run(db_path, "import", "customers", str(write(tmp_path / "c.csv", "code,city\nC1,Wuxi\n")))
    assert result.exit_code == 1
    assert "line 2: name: a new customer needs it, and the file has no name column" in result.stderr
    keyless = run(db_path, "import", "customers", str(write(tmp_path / "k.csv", "name,city\nA,Wuxi\n")))
    assert keyless.exit_code == 1 and "missing required column: code" in keyless.stderr
    ok = run(db_path, "import", "customers", str(write(tmp_path / "d.csv", "code,name,shoe size\nC1,A,42\n")))
    assert ok.exit_code == 0 and "ignored column: shoe size" in ok.stderr


def test_formula_protection_is_taken_off_on_import(db_path: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "c.csv", "code,name,notes\nC1,'=SUM(A1),'+86 138\nC2,''=x,'plain\n")
    assert run(db_path, "import", "customers", str(f)).exit_code == 0
    assert rows(db_path, "SELECT name, notes FROM customers ORDER BY code") == [
        ("=SUM(A1)", "+86 138"), ("'=x", "'plain")]


def test_import_all_is_one_transaction_in_dependency_order(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # Written "out of order" on purpose: rentals need the customers and units of the same folder.
    write(folder / "rentals.csv", "ref,customer,equipment,start_date,end_date,amount\nR1,C1,U1,2024-03-01,2024-03-02,1\n")
    write(folder / "customers.csv", CUSTOMERS)
    write(folder / "equipment.csv", EQUIPMENT)
    write(folder / "complaints.csv", "ref,customer,opened_on,category,severity\n")
    result = run(db_path, "import", "all", str(folder))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT count(*) FROM rentals") == [(1,)]
    # One bad row anywhere: nothing from any file.
    other = tmp_path / "db2.db"
    write(folder / "interactions.csv", "customer,date,kind\nC1,2024-03-01,hug\n")
    result = run(other, "import", "all", str(folder))
    assert result.exit_code == 1 and "line 2: kind:" in result.stderr
    assert rows(other, "SELECT count(*) FROM customers") == [(0,)]


def test_undo_after_an_import_refuses_and_says_why(shop: Path, tmp_path: Path) -> None:
    conn = open_store(shop)
    add(conn, "interactions", {"ref": "I1", "customer": "C1", "date": "2024-01-01", "kind": "call"})
    f = write(tmp_path / "c.csv", "code,name\nC5,Epsilon\n")
    assert run(shop, "import", "customers", str(f)).exit_code == 0
    with pytest.raises(UndoError, match=r"the last change was an import of c\.csv \(1 row\): 1 customer; restore a backup"):
        undo_last(conn)
    # The older change is still in place: undo did not reach behind the import.
    assert rows(shop, "SELECT ref FROM interactions") == [("I1",)]
    # An import that changed nothing is not a change.
    conn2 = open_store(shop)
    add(conn2, "interactions", {"ref": "I2", "customer": "C1", "date": "2024-01-02", "kind": "call"})
    assert run(shop, "import", "customers", str(f)).exit_code == 0
    assert undo_last(conn2) == "add interaction I2"


def test_unreadable_inputs_are_one_line_without_traceback(db_path: Path, tmp_path: Path) -> None:
    cases = {
        "missing.csv": None,
        "empty.csv": b"",
        "header.csv": b"code,name\n",
        "nul.csv": b"code,name\nC1,A\x00B\n",
        "open.csv": b'code,name\nC1,"never closed\n',
    }
    for name, data in cases.items():
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        result = run(db_path, "import", "customers", str(path))
        assert result.exit_code == 1, name
        assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1, (name, result.stderr)
    assert run(db_path, "import", "customers", str(tmp_path)).exit_code == 1
    assert run(db_path, "import", "widgets", "x.csv").exit_code == 2


def test_import_all_with_rejects_writes_one_file_per_entity(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "customers.csv", "code,name\nC1,One\nC2,\n")
    write(folder / "interactions.csv", "customer,date,kind\nC1,2024-01-01,call\nC2,2024-01-01,call\n")
    out = tmp_path / "rejects"
    result = run(db_path, "import", "all", str(folder), "--rejects", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["customers.csv", "interactions.csv"]
    assert "no customer with code C2" in (out / "interactions.csv").read_text(encoding="utf-8-sig")
    assert rows(db_path, "SELECT code FROM customers") == [("C1",)]
    assert rows(db_path, "SELECT count(*) FROM interactions") == [(1,)]


def test_pipe_export_into_import_as_real_processes(shop: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    other = tmp_path / "other.db"
    exported = subprocess.run([sys.executable, "-m", "tracker.cli", "--db", str(shop), "export", "customers"],
                              capture_output=True, timeout=60)
    assert exported.returncode == 0 and exported.stderr == b""
    imported = subprocess.run([sys.executable, "-m", "tracker.cli", "--db", str(other), "import", "customers", "-"],
                              input=exported.stdout, capture_output=True, timeout=60)
    assert imported.returncode == 0, imported.stderr
    assert b"inserted 2" in imported.stderr and imported.stdout == b""
    assert rows(other, "SELECT code, name, segment FROM customers ORDER BY code") == rows(
        shop, "SELECT code, name, segment FROM customers ORDER BY code")
    bad = subprocess.run([sys.executable, "-m", "tracker.cli", "--db", str(other), "import", "customers", "-"],
                         input=b"code,name\nC9,\n", capture_output=True, timeout=60)
    assert bad.returncode == 1 and b"line 2: name: is required" in bad.stderr and b"Traceback" not in bad.stderr


def test_the_report_shows_the_first_20_bad_rows_and_counts_the_rest(db_path: Path, tmp_path: Path) -> None:
    text = "code,name,potential\n" + "".join(f"C{i},Name {i},{9 if i % 2 else 3}\n" for i in range(60))
    result = run(db_path, "import", "customers", str(write(tmp_path / "c.csv", text)))
    assert result.exit_code == 1
    shown = [line for line in result.stderr.splitlines() if ": line " in line]
    assert len(shown) == 20 and shown[0].endswith("line 3: potential: must be between 1 and 5, not 9")
    assert "... and 10 more bad rows" in result.stderr and "30 bad rows; nothing was imported" in result.stderr


def test_progress_bar_only_for_large_files_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from tracker.cli.transfer import PROGRESS_FROM, _ProgressBars
    from tracker.transfer.csvfile import Source

    bars = _ProgressBars()
    big = Source("big.csv", io.BytesIO(b""), "utf-8", PROGRESS_FROM * 2)
    small = Source("small.csv", io.BytesIO(b""), "utf-8", 100)
    assert bars(big) is None  # stderr is not a terminal here
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert bars(small) is None
    tick = bars(big)
    assert callable(tick)
    tick(PROGRESS_FROM)
    bars.close()
    assert bars.open == []


def test_an_overlap_already_stored_does_not_block_an_unrelated_file(shop: Path, tmp_path: Path) -> None:
    conn = open_store(shop)
    conn.executemany(
        "INSERT INTO rentals (ref, customer, equipment, start_date, end_date, amount) VALUES (?, 'C1', 'U1', ?, ?, 1)",
        [("OLD1", "2020-01-01", "2020-01-10"), ("OLD2", "2020-01-05", "2020-01-12")],
    )
    conn.close()
    f = write(tmp_path / "r.csv", "ref,customer,equipment,start_date,end_date,amount\nR1,C2,U1,2024-01-01,2024-01-02,1\n")
    result = run(shop, "import", "rentals", str(f))
    assert result.exit_code == 0, result.output
    assert "inserted 1" in result.stderr


def test_a_large_load_rebuilds_the_same_indexes(shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.transfer import importer

    def indexes() -> list[tuple]:
        return rows(shop, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'rentals' ORDER BY 1")

    before = indexes()
    assert len(before) >= 5
    monkeypatch.setattr(importer, "REINDEX_AT", 2)
    lines = "".join(f"R{i},C1,U1,2024-01-{i + 1:02d},2024-01-{i + 1:02d},1\n" for i in range(9))
    f = write(tmp_path / "r.csv", "ref,customer,equipment,start_date,end_date,amount\n" + lines)
    assert run(shop, "import", "rentals", str(f)).exit_code == 0
    assert indexes() == before
    assert rows(shop, "PRAGMA integrity_check") == [("ok",)]
    assert rows(shop, "SELECT count(*) FROM rentals INDEXED BY rentals_equipment_dates WHERE equipment = 'U1'") == [(9,)]


def test_a_contact_given_twice_without_ref_is_named_plainly(shop: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "i.csv", "customer,date,kind\nC1,2024-03-01,visit\nC1,2024-03-01,visit\n")
    result = run(shop, "import", "interactions", str(f))
    assert result.exit_code == 1
    assert "line 2: the same customer, date, kind and note are also on line 3" in result.stderr


def test_rejects_never_overwrite_the_files_read(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "customers.csv", "code,name\nC1,One\nC2,\n")
    result = run(db_path, "import", "all", str(folder), "--rejects", str(folder))
    assert result.exit_code == 2 and "another folder" in result.stderr
    assert (folder / "customers.csv").read_text() == "code,name\nC1,One\nC2,\n"


# --- money a customer's totals can hold ---------------------------------------------


def _store_rentals(db: Path, customer: str, amounts: list[int], *, column: str = "amount") -> None:
    """Rentals written straight into the file (as an older version or another program might have)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO rentals (ref, customer, start_date, end_date, amount, cost)"
            " VALUES (?, ?, '2020-01-01', '2020-01-02', ?, ?)",
            [(f"OLD-{customer}-{i}", customer, *((a, 0) if column == "amount" else (0, a)))
             for i, a in enumerate(amounts)],
        )
    conn.close()


def test_a_row_taking_a_customers_stored_and_filed_total_past_the_bound_is_refused(
    shop: Path, tmp_path: Path
) -> None:
    # 1,000 rentals at the old cap (10**15 cents each, accepted before): C1's amounts total 10**18 cents.
    _store_rentals(shop, "C1", [10**15] * 1000)
    f = write(tmp_path / "r.csv",
              "ref,customer,start_date,end_date,amount\n"
              "R1,C2,2024-03-01,2024-03-02,10000000000\n"
              "R2,C1,2024-03-01,2024-03-02,10000000000\n"
              "R3,C1,2024-03-03,2024-03-04,0\n")
    result = run(shop, "import", "rentals", str(f))
    assert result.exit_code == 1
    assert ("line 3: amount: with this row, customer C1's amount over all their rentals comes to about"
            " 10,000,010,000,000,000, over the most one customer's can add up to"
            " (10,000,000,000,000,000.00)") in result.stderr
    assert "line 4: amount: with this row, customer C1's" in result.stderr
    assert "line 2" not in result.stderr
    assert rows(shop, "SELECT count(*) FROM rentals WHERE ref LIKE 'R%'") == [(0,)]
    # The good rows apply with --rejects; the customer's total stays within the bound.
    applied = run(shop, "import", "rentals", str(f), "--rejects", str(tmp_path / "bad.csv"))
    assert applied.exit_code == 0, applied.output
    assert rows(shop, "SELECT ref FROM rentals WHERE ref LIKE 'R%'") == [("R1",)]


def test_a_row_replacing_a_stored_one_counts_once(shop: Path, tmp_path: Path) -> None:
    _store_rentals(shop, "C1", [10**15] * 1000)
    f = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,amount\nOLD-C1-0,C1,2020-01-01,2020-01-02,1.00\n")
    result = run(shop, "import", "rentals", str(f))
    assert result.exit_code == 0, result.output
    assert "updated 1" in result.stderr


def test_costs_and_payments_are_held_to_the_bound_too(shop: Path, tmp_path: Path) -> None:
    _store_rentals(shop, "C2", [10**15] * 1000, column="cost")
    f = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,amount,cost,paid\n"
                                  "R1,C2,2024-03-01,2024-03-02,1,1,1\n")
    result = run(shop, "import", "rentals", str(f))
    assert result.exit_code == 1
    assert "line 2: cost: with this row, customer C2's cost over all their rentals comes to about" in result.stderr


def test_complaint_compensation_is_held_to_the_bound(shop: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(shop)
    with conn:
        conn.executemany(
            "INSERT INTO complaints (ref, customer, opened_on, category, severity, status, compensation)"
            " VALUES (?, 'C1', '2020-01-01', 'waiting', 2, 'open', ?)",
            [(f"K-OLD-{i}", 10**15) for i in range(1000)],
        )
    conn.close()
    f = write(tmp_path / "k.csv", "ref,customer,opened_on,category,severity,compensation\n"
                                  "K1,C1,2024-03-01,waiting,2,5\n"
                                  "K2,C2,2024-03-01,waiting,2,5\n")
    result = run(shop, "import", "complaints", str(f))
    assert result.exit_code == 1
    assert "line 2: compensation: with this row, customer C1's compensation over all their complaints" in result.stderr
    assert "line 3" not in result.stderr


def test_a_file_alone_past_the_bound_is_refused_from_the_row_that_passes_it(
    shop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.records.checks

    # A bound of 10,000.00: a file of a few rows passes it.
    monkeypatch.setattr(tracker.records.checks, "MAX_CUSTOMER_CENTS", 1_000_000)
    f = write(tmp_path / "r.csv",
              "ref,customer,start_date,end_date,amount,paid\n"
              "R1,C1,2024-03-01,2024-03-02,6000,0\n"
              "R2,C2,2024-03-01,2024-03-02,9000,9000\n"
              "R3,C1,2024-03-03,2024-03-04,4000,0\n"
              "R4,C1,2024-03-05,2024-03-06,1,0\n")
    result = run(shop, "import", "rentals", str(f), "--rejects", str(tmp_path / "bad.csv"))
    assert result.exit_code == 0, result.output
    assert "line 4" not in result.stderr  # exactly at the bound: fine
    assert ("line 5: amount: with this row, customer C1's amount over all their rentals comes to about 10,001"
            in result.stderr)
    assert rows(shop, "SELECT ref FROM rentals ORDER BY ref") == [("R1",), ("R2",), ("R3",)]


def test_rate_times_days_past_the_cap_is_refused_with_the_row(shop: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,daily_rate\n"
                                  "R1,C1,2024-03-01,2024-03-01,10000000000\n"
                                  "R2,C1,2024-03-01,2024-03-02,10000000000\n"
                                  "R3,C1,1900-01-01,2999-12-31,10000000000\n")
    result = run(shop, "import", "rentals", str(f))
    assert result.exit_code == 1
    assert "line 2" not in result.stderr
    assert "line 3: daily_rate: 10,000,000,000.00 x 2 days comes to 20,000,000,000.00" in result.stderr
    assert "line 4: daily_rate: 10,000,000,000.00 x 401,767 days comes to" in result.stderr


# --- what files hold -----------------------------------------------------------------


#: What Excel on Chinese Windows saves: code page 936, where the single byte 0x80 is "€".
CP936 = (b"code,name,notes\r\nC1," + "上海高空".encode("gbk") + b",\x80500 deposit\r\n"
         b"C2," + "亐".encode("gbk") + b"\x80,\x80\r\n")


@pytest.mark.parametrize("encoding", [None, "gbk", "gb18030", "cp936", "GBK"])
def test_a_cp936_file_with_the_euro_byte_is_read(db_path: Path, tmp_path: Path, encoding: str | None) -> None:
    f = tmp_path / "cp936.csv"
    f.write_bytes(CP936)
    result = run(db_path, "import", "customers", str(f), *(["--encoding", encoding] if encoding else []))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT code, name, notes FROM customers ORDER BY code") == [
        ("C1", "上海高空", "€500 deposit"), ("C2", "亐€", "€")]


def test_the_euro_byte_beside_gb18030_four_byte_characters(db_path: Path, tmp_path: Path) -> None:
    # 0x80 as the second byte of a character (0x81 0x80), GB18030's own € (0xA2 0xE3), four-byte
    # characters (one ending in digits 0x30-0x39 before a lone 0x80): each read as what it is.
    text = "\U00020000" + "\x80" + "€" + "亐" + "\u00e9"
    cell = b"".join(ch.encode("gb18030") for ch in text)
    f = tmp_path / "gb.csv"
    f.write_bytes(b"code,name\r\nC1," + cell + b"\x80\x80" + "\U00020001".encode("gb18030") + b"\x80\r\n")
    for encoding in ([], ["--encoding", "gb18030"]):
        result = run(db_path, "import", "customers", str(f), *encoding)
        assert result.exit_code == 0, result.output
        assert rows(db_path, "SELECT name FROM customers") == [(text + "€€\U00020001€",)]


def test_trailing_and_interior_empty_rows_are_skipped(shop: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "c.csv", "code,name,city\r\nC3,Gamma,Wuxi\r\n,,\r\n , ,\r\nC4,,Suzhou\r\n,,\r\n,,\r\n,,\r\n")
    result = run(shop, "import", "customers", str(f))
    assert result.exit_code == 1
    assert "line 5: name: is required" in result.stderr
    f.write_text("code,name,city\r\nC3,Gamma,Wuxi\r\n,,\r\nC4,Delta,\r\n,,\r\n,,\r\n")
    result = run(shop, "import", "customers", str(f))
    assert result.exit_code == 0, result.output
    assert "2 rows read" in result.stderr and "inserted 2" in result.stderr


def test_codes_in_messages_are_escaped(shop: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,amount\n"
                                  "R\x1b[2J,C1,2024-03-01,2024-03-02,1\n"
                                  "R\x1b[2J,C1,2024-03-03,2024-03-04,1\n"
                                  "R3,\x1b[31mC1,2024-03-03,2024-03-04,1\n"
                                  "R4,C1,2024-03-03,2024-03-04,1,\n")
    result = run(shop, "import", "rentals", str(f))
    assert "line 2: ref: R\\x1b[2J is also on line 3" in result.stderr
    assert "line 4: customer: no customer with code \\x1b[31mC1" in result.stderr
    assert "\x1b" not in result.stderr


def test_a_file_of_the_key_and_some_columns_updates_only_those(db_path: Path, tmp_path: Path) -> None:
    full = write(tmp_path / "r.csv", "ref,customer,start_date,end_date,amount,paid,site\n"
                 "R1,C1,2024-03-01,2024-03-02,1000,0,Pier 4\nR2,C2,2024-03-01,2024-03-05,2000,0,Mall\n")
    customers = write(tmp_path / "c.csv", "code,name\nC1,One\nC2,Two\n")
    assert run(db_path, "import", "customers", str(customers)).exit_code == 0
    assert run(db_path, "import", "rentals", str(full)).exit_code == 0
    paid = write(tmp_path / "paid.csv", "ref,paid\nR1,1000\nR2,500.50\n")
    result = run(db_path, "import", "rentals", str(paid))
    assert result.exit_code == 0, result.stderr
    assert "updated 2" in result.stderr
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT ref, customer, amount, paid, site, end_date FROM rentals ORDER BY ref").fetchall()
    assert rows == [("R1", "C1", 100000, 100000, "Pier 4", "2024-03-02"), ("R2", "C2", 200000, 50050, "Mall", "2024-03-05")]
    # A new row in such a file still needs its required columns, and is named.
    new = write(tmp_path / "new.csv", "ref,paid\nR3,10\n")
    refused = run(db_path, "import", "rentals", str(new))
    assert refused.exit_code == 1
    assert "line 2: customer: a new rental needs it, and the file has no customer column" in refused.stderr
    assert conn.execute("SELECT count(*) FROM rentals").fetchone()[0] == 2
