"""The visit brief: built by hand on the demo business, and `rentrack brief`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures import DEMO_AS_OF
from tracker import services
from tracker.brief import Gained, brief_lines, visit_brief
from tracker.cli import cli
from tracker.records import ParseOptions
from tracker.rules.benefits import benefit_of

AS_OF = DEMO_AS_OF.isoformat()  # 2026-11-20
OPTIONS = ParseOptions(relative=True, today=DEMO_AS_OF)


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo with, for 城市广告传媒 (C005, gold): a task, a promise, a complaint, two contacts, and the quote
    R0319 (4,800.00, 3 days) confirmed with its 3% off."""
    db = tmp_path / "b.db"
    assert run(db, "demo", "--as-of", AS_OF).exit_code == 0
    conn = services.open_store(db)
    try:
        services.add_task(conn, "C005", "send the billboard quote", "2026-11-25", options=OPTIONS)
        services.add_task(conn, "C005", "lend a harness for the Dec job", "2026-11-18", kind="promise",
                          options=OPTIONS)
        done = services.add_task(conn, "C005", "call about the invoice", "2026-11-10", options=OPTIONS)
        services.done_task(conn, done.record.ref, DEMO_AS_OF)
        services.add(conn, "complaints", {"ref": "K900", "customer": "C005", "opened_on": "2026-11-15",
                                          "category": "waiting", "severity": "3", "description": "crew waited 2 h"},
                     options=OPTIONS)
        services.add(conn, "contacts", {"ref": "P1", "customer": "C005", "name": "李经理", "role": "purchasing",
                                        "phone": "139 0000 1111", "birthday": "1980-12-01"}, options=OPTIONS)
        services.add(conn, "contacts", {"ref": "P2", "customer": "C005", "name": "王工", "role": "site manager",
                                        "birthday": "1985-12-25"}, options=OPTIONS)  # 35 days off: not in it
        services.update(conn, "rentals", "R0319", {"status": "booked"}, options=OPTIONS,
                        benefit=benefit_of("gold", services.load_settings(conn)))  # the demo's ladder
    finally:
        conn.close()
    return db


def test_the_brief_holds_what_to_know_before_a_visit(demo: Path) -> None:
    conn = services.open_store(demo)
    try:
        b = visit_brief(conn, "C005", DEMO_AS_OF)
    finally:
        conn.close()
    assert (b.name, b.tier) == ("城市广告传媒", "gold")
    assert b.next_tier == "rated potential 3 would make it platinum"  # rated 2
    assert b.benefit.startswith("gold: 3% off when confirmed, deposit reduced to 50%")
    # open ones only, by the day they come up: the promise (18th) before the task (25th); the done one is out
    assert [(t["kind"], t["what"], t["due"]) for t in b.tasks] == [
        ("promise", "lend a harness for the Dec job", "2026-11-18"), ("task", "send the billboard quote", "2026-11-25")]
    assert [(c["ref"], c["days_open"]) for c in b.complaints] == [("K900", 5)]
    assert [(c["date"], c["kind"]) for c in b.contacts] == [  # the demo's last five, newest first
        ("2026-11-02", "visit"), ("2026-06-08", "call"), ("2026-05-02", "call"), ("2026-02-03", "message"),
        ("2026-01-28", "gift")]
    # 12 rentals started in the year before, 62 days (9+4+5+3+7+8+4+4+3+4+5+6); with R0319 13 and 65;
    # R0319's 3% of 4,800.00 is the only discount: 144.00
    assert b.gained == Gained(13, 65, 14400)
    assert b.birthdays == [{"name": "李经理", "role": "purchasing", "phone": "139 0000 1111", "day": "2026-12-01",
                            "in_days": 11}]
    lines = brief_lines(b)
    assert lines[0] == "Visit brief: 城市广告传媒 (C005) as of 2026-11-20"
    assert "  13 rentals, 65 days rented, 144.00 saved by its benefits" in lines
    assert "  2026-12-01 (in 11 days) 李经理, purchasing · 139 0000 1111" in lines
    assert any(line.startswith("  promise ") and line.endswith(": lend a harness for the Dec job (due 2026-11-18)")
               for line in lines)


def test_rentrack_brief_prints_it_as_text_or_json(demo: Path) -> None:
    text = run(demo, "brief", "C005", "--as-of", AS_OF)
    assert text.exit_code == 0, text.output
    assert "Open complaints\n  K900 waiting, severity 3, open 5 days: crew waited 2 h" in text.output
    assert "Tier\n  gold · rated potential 3 would make it platinum" in text.output
    doc = json.loads(run(demo, "brief", "C005", "--as-of", AS_OF, "--format", "json").output)
    assert doc["gained"] == {"rentals": 13, "days": 65, "savings": 144.0}
    assert doc["birthdays"][0]["name"] == "李经理"
    missing = run(demo, "brief", "NOPE")
    assert missing.exit_code != 0 and "no customer with code 'NOPE'" in missing.output


def test_an_archived_customer_has_no_tier_in_its_brief(demo: Path) -> None:
    conn = services.open_store(demo)
    try:
        services.archive_customer(conn, "C005", DEMO_AS_OF)
        b = visit_brief(conn, "C005", DEMO_AS_OF)
    finally:
        conn.close()
    assert (b.tier, b.next_tier, b.benefit) == (None, "", "")
    assert brief_lines(b)[2:4] == ["Tier", "  archived: off the board"]
