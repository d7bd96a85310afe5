"""The VIP ladder: each tier's benefits, the discount taken on confirmation, the deposit asked, the next tier."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures import DEMO_AS_OF
from tracker import services
from tracker.cli import cli
from tracker.rules.benefits import (
    Benefit,
    NextStep,
    benefit_of,
    benefit_text,
    confirm_discount,
    deposit_asked,
    discount_of,
    next_steps,
    next_tier_text,
    recorded_discount,
)
from tracker.rules.tiers import Cut
from tracker.settings import Settings

GOLD = Benefit("gold", 3.0, 50, "units held 24 hours")


def test_each_tier_has_its_benefits_from_the_settings() -> None:
    from fixtures import DEMO_SETTINGS
    from tracker.settings import parse_setting

    assert all(benefit_of(tier, Settings()).empty for tier in ("platinum", "gold", "iron", "lead"))  # the owner's to set
    s = Settings().replace(**{k: parse_setting(k, v) for k, v in DEMO_SETTINGS.items()})  # the demo's ladder
    assert benefit_of("platinum", s) == Benefit("platinum", 5.0, 0, "first pick of units, held 48 hours")
    assert benefit_of("gold", s) == GOLD
    assert benefit_of("lead", s).empty
    s2 = s.replace(benefit_discount_lead=2.5, benefit_deposit_lead=80, benefit_priority_lead="  ")
    assert benefit_of("lead", s2) == Benefit("lead", 2.5, 80, "")


def test_the_benefit_reads_in_one_line() -> None:
    assert benefit_text(GOLD) == "gold: 3% off when confirmed, deposit reduced to 50%, priority booking: units held 24 hours"
    assert benefit_text(Benefit("platinum", 5, 0, "")) == "platinum: 5% off when confirmed, deposit waived"
    assert benefit_text(Benefit("iron", 0, 100, "held a day")) == (
        "iron: no discount, full deposit, priority booking: held a day")
    assert benefit_text(Benefit("lead", 0, 100, "")) == "lead: no benefits"


def test_discount_is_rounded_half_up_to_the_cent() -> None:
    assert discount_of(120000, 3) == 3600  # 3% of 1,200.00 = 36.00
    assert discount_of(1050, 5) == 53  # 52.5 cents -> 53
    assert discount_of(1234, 2.5) == 31  # 30.85 -> 31
    assert discount_of(0, 5) == 0 and discount_of(1000, 0) == 0
    assert discount_of(1000, 100) == 1000


def test_deposit_asked_follows_the_rule() -> None:
    assert deposit_asked(200000, GOLD) == 100000
    assert deposit_asked(200000, Benefit("platinum", 5, 0, "")) == 0
    assert deposit_asked(200000, Benefit("lead", 0, 100, "")) == 200000
    assert deposit_asked(333, Benefit("iron", 0, 25, "")) == 83  # 83.25 -> 83


def test_a_rental_confirmed_takes_the_discount_once_and_keeps_the_amount_before() -> None:
    row = {"status": "booked", "amount": 120000, "notes": "site B"}
    out, taken = confirm_discount(None, row, GOLD)
    assert taken == 3600
    assert out["amount"] == 116400
    assert out["notes"] == "site B; gold benefit: 3% off 1,200.00 = 36.00 taken off"
    found = recorded_discount(out["notes"])
    assert found is not None and (found.tier, found.pct, found.before, found.taken) == ("gold", 3.0, 120000, 3600)
    # from a quote: taken; once taken, never again (a booking cancelled and taken up again)
    assert confirm_discount("quote", {"status": "on-rent", "amount": 1000, "notes": ""}, GOLD)[1] == 30
    assert confirm_discount("cancelled", out | {"status": "booked"}, GOLD) == (out | {"status": "booked"}, 0)


def test_no_discount_where_nothing_is_confirmed() -> None:
    row = {"status": "booked", "amount": 1000, "notes": ""}
    assert confirm_discount("booked", row, GOLD)[1] == 0  # an edit of a booking
    assert confirm_discount("on-rent", row | {"status": "on-rent"}, GOLD)[1] == 0
    assert confirm_discount(None, row | {"status": "quote"}, GOLD)[1] == 0
    assert confirm_discount(None, row | {"status": "returned"}, GOLD)[1] == 0  # logged after the fact
    assert confirm_discount(None, row, Benefit("lead", 0, 100, ""))[1] == 0
    assert confirm_discount(None, row, None)[1] == 0


def test_the_distance_to_the_next_tier() -> None:
    s = Settings()
    cut = Cut(n=10, k=2, cut_value=2122700)  # the second customer has 21,227.00
    assert next_steps("platinum", 3000000, 4, cut, s) == []
    assert next_steps("gold", 3000000, 2, cut, s) == [NextStep("platinum", potential=3)]
    assert next_steps("iron", 1000000, 4, cut, s) == [NextStep("platinum", value_more=1122700)]
    assert next_steps("lead", 0, 1, cut, s) == [NextStep("iron", potential=3), NextStep("gold", value_more=2122700)]
    assert next_tier_text("gold", next_steps("gold", 3000000, 2, cut, s)) == "rated potential 3 would make it platinum"
    assert next_tier_text("iron", next_steps("iron", 1000000, 4, cut, s)) == (
        "more than 11,227.00 more value this year would make it platinum")
    assert next_tier_text("lead", next_steps("lead", 2122700, 2, cut, s)) == (
        "rated potential 3 would make it iron; any more value this year would make it gold")
    assert next_tier_text("platinum", []) == "the top tier"
    assert next_tier_text(None, []) == ""


def test_when_the_cut_has_no_value_any_value_lifts() -> None:
    cut = Cut(n=3, k=1, cut_value=0)
    assert next_steps("iron", -5000, 3, cut, Settings()) == [NextStep("platinum", value_more=5000)]
    assert next_steps("iron", 0, 3, cut, Settings()) == [NextStep("platinum", value_more=0)]


def test_a_rental_saved_booked_takes_its_tier_discount(conn: sqlite3.Connection) -> None:
    services.add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2024-01-01"})
    saved = services.add(conn, "rentals", {"ref": "R1", "customer": "C1", "start_date": "2024-03-01",
                                           "end_date": "2024-03-10", "daily_rate": "120", "status": "booked"},
                         benefit=GOLD)
    assert saved.record.amount == 116400  # 10 days x 120.00 = 1,200.00 less 3%
    services.add(conn, "rentals", {"ref": "R2", "customer": "C1", "start_date": "2024-04-01",
                                   "end_date": "2024-04-01", "amount": "1000", "status": "quote"}, benefit=GOLD)
    services.update(conn, "rentals", "R2", {"status": "booked"}, benefit=GOLD)
    services.update(conn, "rentals", "R2", {"site": "dock 4"}, benefit=GOLD)
    assert tuple(conn.execute("SELECT amount, notes FROM rentals WHERE ref = 'R2'").fetchone()) == (
        97000, "gold benefit: 3% off 1,000.00 = 30.00 taken off")
    services.undo_last(conn)
    services.undo_last(conn)
    assert tuple(conn.execute("SELECT amount, status FROM rentals WHERE ref = 'R2'").fetchone()) == (100000, "quote")


@pytest.mark.parametrize("value", ["-1", "101", "x"])
def test_a_discount_out_of_range_is_refused(conn: sqlite3.Connection, value: str) -> None:
    with pytest.raises(ValueError, match="benefit_discount_gold"):
        services.change_setting(conn, "benefit_discount_gold", value)


# --- the command ------------------------------------------------------------------------------------

AS_OF = DEMO_AS_OF.isoformat()


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run(path, "demo", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return path


def test_config_shows_and_changes_the_ladder(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    shown = run(db, "config").output
    assert "benefit_discount_gold" in shown and "gold: deposit asked, % of the usual (0 waived, 100 full)" in shown
    assert run(db, "config", "set", "benefit_priority_iron", "held 12 hours").exit_code == 0
    assert run(db, "config", "set", "benefit_deposit_iron", "120").exit_code != 0
    assert run(db, "config", "get", "benefit_priority_iron").output.strip() == "held 12 hours"


def test_explain_says_how_far_the_next_tier_is(demo_db: Path) -> None:
    # On the demo day the cut (rank 8 of 40) is 33,663.72.
    def next_line(code: str) -> str:
        out = run(demo_db, "explain", code, "--as-of", AS_OF).output
        return next(line.strip() for line in out.splitlines() if line.strip().startswith("next tier:"))

    assert next_line("C005") == "next tier: rated potential 3 would make it platinum"  # gold, potential 2
    # iron at 21,227.23: 33,663.72 - 21,227.23 = 12,436.49
    assert next_line("C021") == "next tier: more than 12,436.49 more value this year would make it platinum"
    assert next_line("C012") == ("next tier: rated potential 3 would make it iron; "
                                 "more than 24,512.45 more value this year would make it gold")  # 9,151.27
    assert next_line("C001") == "next tier: the top tier"
