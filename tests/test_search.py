"""Finding records as the owner types: Chinese names by their pinyin, rentals by ref, unit or site."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import services, views
from tracker.services import open_store
from tracker.transfer.importer import Job, import_files

NAMES = {"C1": "恒远建设集团", "C2": "Acme Lifts", "C3": "重庆长江幕墙", "C4": "阿里广告", "C5": "鼎盛建筑工程",
         "C6": "beta steel", "C7": "张师傅施工队"}


@pytest.fixture
def shop(conn: sqlite3.Connection) -> sqlite3.Connection:
    for code, name in NAMES.items():
        services.add(conn, "customers", {"code": code, "name": name, "created_on": "2024-01-01"})
    return conn


def codes(rows: list[dict]) -> list[str]:
    return [r["code"] for r in rows]


def test_the_key_of_a_name_is_its_pinyin_syllables_in_lower_case() -> None:
    from tracker.names import name_key

    assert name_key("恒远建设集团") == "heng yuan jian she ji tuan"
    assert name_key("重庆长江幕墙") == "chong qing chang jiang mu qiang"  # read as words, not character by character
    assert name_key("  Acme   LIFTS ") == "acme lifts"
    assert name_key("ＡＢＣ 恒远") == "abc heng yuan"


@pytest.mark.parametrize("typed", ["hengyuan", "HengYuan", "heng yuan", "jianshe", "yuanjian"])
def test_pinyin_finds_a_chinese_name_in_the_picker_and_the_list(shop: sqlite3.Connection, typed: str) -> None:
    assert codes(views.search_customers(shop, typed)) == ["C1"]
    assert codes(views.customers_page(shop, typed)) == ["C1"]


def test_pinyin_reads_words_and_the_names_own_letters_still_match(shop: sqlite3.Connection) -> None:
    assert codes(views.search_customers(shop, "chongqing")) == ["C3"]
    assert codes(views.search_customers(shop, "acme")) == ["C2"]
    assert codes(views.search_customers(shop, "恒远")) == ["C1"]
    assert codes(views.search_customers(shop, "zzzz")) == []


def test_the_name_sort_is_by_pinyin(shop: sqlite3.Connection) -> None:
    # a li · acme · beta · chong qing · ding sheng · heng yuan · zhang
    assert codes(views.customers_page(shop, sort="name")) == ["C4", "C2", "C6", "C3", "C5", "C1", "C7"]
    first = views.customers_page(shop, sort="name", limit=3)
    rest = views.customers_page(shop, sort="name", after=first[-1]["_key"])
    assert codes(first + rest) == ["C4", "C2", "C6", "C3", "C5", "C1", "C7"]


def test_the_key_follows_every_change_of_a_name(shop: sqlite3.Connection, db_path: Path, tmp_path: Path) -> None:
    services.update(shop, "customers", "C2", {"name": "长城吊篮"})
    assert codes(views.search_customers(shop, "changcheng")) == ["C2"]
    services.undo_last(shop)
    assert codes(views.search_customers(shop, "changcheng")) == []
    assert codes(views.search_customers(shop, "acme")) == ["C2"]
    path = tmp_path / "c.csv"
    path.write_text("code,name\nC2,华东钢构\nC9,新月广告\n", encoding="utf-8")
    import_files(shop, [Job("customers", path)])
    assert codes(views.search_customers(shop, "huadong")) == ["C2"]
    assert codes(views.search_customers(shop, "xinyue")) == ["C9"]
    # Another program (the sqlite3 shell) writes a name: the key is made again on the next open.
    shop.execute("UPDATE customers SET name = '金港安装' WHERE code = 'C5'")
    shop.execute("INSERT INTO customers (code, name, created_on) VALUES ('C8', '蓝天高空', '2024-01-01')")
    assert codes(views.search_customers(shop, "jingang")) == []
    again = open_store(db_path)
    try:
        assert codes(views.search_customers(again, "jingang")) == ["C5"]
        assert codes(views.search_customers(again, "lantian")) == ["C8"]
    finally:
        again.close()


def test_the_demo_is_searchable_by_pinyin(conn: sqlite3.Connection) -> None:
    from fixtures import DEMO_AS_OF
    from tracker.transfer.demo import load_demo

    load_demo(conn, today=DEMO_AS_OF)
    assert [r["name"] for r in views.search_customers(conn, "hengyuan")] == ["恒远建设集团"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="恒远建设集团鼎盛工程张师傅队广告", min_size=1, max_size=8))
def test_every_chinese_character_of_a_name_gives_one_syllable(name: str) -> None:
    from tracker.names import name_key

    syllables = name_key(name).split()
    assert len(syllables) == len(name)
    assert all(s.isascii() and s.isalpha() and s.islower() for s in syllables)
    assert name_key(" ".join(name)) == name_key(name)  # spaces between the characters change nothing


def test_searching_ten_thousand_customers_by_pinyin_is_fast(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    surnames, words = "王李张刘陈杨黄赵吴周", "恒远建设集团鼎盛工程安装钢构幕墙广告传媒"
    lines = ["code,name"] + [
        f"C{n:05d},{surnames[n % 10]}{words[n % 19]}{words[(n // 19) % 19]}{words[(n // 361) % 19]}{n}"
        for n in range(10_000)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    import_files(conn, [Job("customers", path)])
    took_import = time.perf_counter() - t0
    assert conn.execute("SELECT count(*) FROM customers WHERE name_pinyin = ''").fetchone()[0] == 0
    t0 = time.perf_counter()
    found = views.search_customers(conn, "wanghengyuan")
    page = views.customers_page(conn, "wanghengyuan")
    took_search = time.perf_counter() - t0
    assert found and page and all(r["name"].startswith("王恒远") for r in found)
    assert took_search < 0.1, took_search
    assert took_import < 10, took_import


# --- rentals by ref, unit or site --------------------------------------------------------------


def test_rentals_are_found_by_ref_unit_site_or_customer(shop: sqlite3.Connection) -> None:
    services.add(shop, "equipment", {"code": "E02", "name": "scissor 12m"})
    services.add(shop, "equipment", {"code": "E10", "name": "boom 20m"})
    for ref, customer, unit, site, status in (
        ("R0301", "C1", "E02", "苏州工业园区厂房", "on-rent"), ("R0302", "C2", "E10", "Harbor warehouse", "on-rent"),
        ("R0303", "C3", "", "上海浦东机场", "returned"),
    ):
        services.add(shop, "rentals", {"ref": ref, "customer": customer, "equipment": unit, "site": site,
                                       "start_date": "2026-11-01", "end_date": "2026-11-20", "amount": "100",
                                       "status": status})
    on = date(2026, 11, 10)

    def found(view: str, text: str) -> list[str]:
        return [r["ref"] for r in views.rentals_page(shop, view, on, text=text)]

    assert found("all", "r0302") == ["R0302"]
    assert found("all", "E02") == ["R0301"]
    assert found("all", "浦东") == ["R0303"]
    assert found("all", "warehouse") == ["R0302"]
    assert found("all", "hengyuan") == ["R0301"]  # the customer, by pinyin too
    assert found("on-rent", "浦东") == []  # the view still holds
    assert found("on-rent", "") == ["R0301", "R0302"]
    assert views.rental_counts(shop, on, text="E10")["on-rent"] == 1
    assert views.rental_counts(shop, on)["on-rent"] == 2
