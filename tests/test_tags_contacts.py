"""Tags on customers and the people at them: stored, filtered, searched, in and out of CSV, in the day's list."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from db.list_queries import customers_page
from db.queries import search_customers
from tracker.cli import cli
from tracker.records import CUSTOMERS, validate
from tracker.records.kinds import tags_of
from tracker.services import add, open_store, update

T = date(2025, 6, 30)


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def _firm(tmp_path: Path):
    conn = open_store(tmp_path / "t.db")
    add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "tags": "VIP; installers", "created_on": "2025-01-01"})
    add(conn, "customers", {"code": "C2", "name": "恒远建设集团", "tags": "potential", "created_on": "2025-01-01"})
    add(conn, "customers", {"code": "C3", "name": "Bright Signs", "created_on": "2025-01-01"})
    add(conn, "contacts", {"ref": "CT1", "customer": "C2", "name": "王经理", "role": "purchasing",
                           "phone": "138-1234-5678", "wechat": "wang_hy", "birthday": "1980-07-03"})
    add(conn, "contacts", {"ref": "CT2", "customer": "C3", "name": "Li Wei", "role": "site manager"})
    return conn


def test_tags_are_kept_once_each_whatever_the_separators():
    assert tags_of("VIP, installers；vip 、 steel  works,,") == ["VIP", "installers", "steel works"]
    record = validate(CUSTOMERS, {"code": "C1", "name": "X", "tags": " VIP，installers, vip "})
    assert record.tags == "VIP, installers"
    assert validate(CUSTOMERS, {"code": "C1", "name": "X"}).tags == ""


def test_the_customers_query_filters_by_tag_in_any_case(tmp_path: Path) -> None:
    conn = _firm(tmp_path)
    assert [r["code"] for r in customers_page(conn, tag="vip")] == ["C1"]
    assert [r["code"] for r in customers_page(conn, tag="Installers")] == ["C1"]
    assert [r["code"] for r in customers_page(conn, tag="install")] == []  # a whole tag, not part of one
    assert [r["code"] for r in customers_page(conn, "harbor", tag="VIP")] == ["C1"]
    update(conn, "customers", "C3", {"tags": "VIP"})
    assert sorted(r["code"] for r in customers_page(conn, tag="VIP")) == ["C1", "C3"]


def test_search_finds_a_customer_by_a_contacts_name_or_phone(tmp_path: Path) -> None:
    conn = _firm(tmp_path)
    assert [r["code"] for r in search_customers(conn, "王经理")] == ["C2"]
    assert [r["code"] for r in search_customers(conn, "13812345678")] == ["C2"]
    assert [r["code"] for r in search_customers(conn, "5678")] == ["C2"]
    assert [r["code"] for r in search_customers(conn, "wang_hy")] == ["C2"]
    assert [r["code"] for r in search_customers(conn, "li wei")] == ["C3"]
    assert [r["code"] for r in customers_page(conn, "王经理")] == ["C2"]  # the customers list's filter too


def test_board_by_tag(tmp_path: Path) -> None:
    _firm(tmp_path).close()
    db = tmp_path / "t.db"
    doc = json.loads(run(db, "board", "--as-of", T.isoformat(), "--format", "json", "--tag", "vip").stdout)
    assert [r["code"] for r in doc["customers"]] == ["C1"] and doc["tag_filter"] == "vip"
    assert all(a["code"] == "C1" for a in doc["alerts"])
    table = run(db, "board", "--as-of", T.isoformat(), "--tag", "potential").stdout
    assert "恒远建设集团" in table and "Harbor Steel" not in table and "tag potential" in table


def test_tags_and_contacts_round_trip_and_a_file_without_refs(tmp_path: Path) -> None:
    _firm(tmp_path).close()
    db = tmp_path / "t.db"
    assert run(db, "export", "all", str(tmp_path / "one")).exit_code == 0
    customers = (tmp_path / "one" / "customers.csv").read_text(encoding="utf-8-sig").splitlines()
    assert customers[0].endswith(",archived_on,tags") and '"VIP, installers"' in customers[1]
    contacts = (tmp_path / "one" / "contacts.csv").read_text(encoding="utf-8-sig").splitlines()
    assert contacts[0] == "ref,customer,name,role,phone,wechat,birthday,notes"
    other = tmp_path / "b.db"
    assert run(other, "import", "all", str(tmp_path / "one")).exit_code == 0
    assert run(other, "export", "all", str(tmp_path / "two")).exit_code == 0
    for name in ("customers.csv", "contacts.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    plain = tmp_path / "people.csv"
    plain.write_text("客户,联系人,职务,手机,生日\nC1,Zhao,boss,139 0000 1111,1975-12-01\n", encoding="utf-8")
    first = run(db, "import", "contacts", str(plain))
    assert first.exit_code == 0 and "inserted 1" in first.output, first.output
    assert "unchanged 1" in run(db, "import", "contacts", str(plain)).output  # the derived key holds
    assert [r["code"] for r in search_customers(open_store(db), "139 0000")] == ["C1"]


def test_a_birthday_in_the_next_week_is_on_the_days_list(tmp_path: Path) -> None:
    _firm(tmp_path).close()
    db = tmp_path / "t.db"
    items = json.loads(run(db, "today", "--as-of", T.isoformat(), "--format", "json").stdout)["items"]
    [b] = [i for i in items if i["kind"] == "birthday"]
    assert (b["customer"], b["day"], b["ref"]) == ("C2", "2025-07-03", "CT1")
    assert b["what"] == "王经理, purchasing: birthday 2025-07-03 (in 3 days)"
    later = json.loads(run(db, "today", "--as-of", "2025-06-20", "--format", "json").stdout)["items"]
    assert not [i for i in later if i["kind"] == "birthday"]
