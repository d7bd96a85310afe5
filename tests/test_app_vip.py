"""The VIP ladder and the visit brief driven from the keyboard: keys in, screen text and database rows out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import open_form, pick, saved_and_closed, started
from test_app_yard import open_customer, open_rental
from textual.widgets import Static


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def standing(app: Any) -> str:
    """The standing panel of the customer screen on show, as plain text."""
    return str(app.screen.query_one("#standing", Static).content)


def notifications(app: Any) -> str:
    return " ".join(str(n.message) for n in app._notifications)


def test_the_rental_form_shows_the_tier_benefit_and_a_rental_on_rent_takes_the_discount(demo: Path) -> None:
    """城市广告传媒 (C005) is gold: 3% off, half the deposit, units held 24 hours (the defaults)."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        from screens.forms.rental import RentalForm

        await started(pilot)
        form = await open_form(pilot, "r", RentalForm)
        await pick(pilot, form.field("customer").widget, "C005")
        benefit = "gold: 3% off when confirmed, deposit reduced to 50%, priority booking: units held 24 hours"
        note = form.field("customer").query_one(".field-note", Static)
        await wait_for(pilot, lambda: benefit in str(note.content))
        assert str(note.content).startswith("城市广告传媒  [C005]")  # the pick's own note stays above it
        await pick(pilot, form.field("equipment").widget, "E08")
        await wait_for(pilot, lambda: pilot.app.focused is form.field("start_date").widget)
        await pilot.press("tab")
        await keys(pilot, "+3")
        await pilot.press("tab", "tab")
        await keys(pilot, "1,000")
        await pilot.press("enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT amount, status, notes FROM rentals WHERE customer = 'C005' AND equipment = 'E08'"
                    " AND start_date = '2026-11-20'") == [
            (97000, "on-rent", "gold benefit: 3% off 1,000.00 = 30.00 taken off")]
        await wait_for(pilot, lambda: "30.00 taken off (970.00 to pay)" in notifications(app))

    drive(app, scenario)


def test_a_quote_confirmed_on_its_screen_takes_the_discount_and_shows_the_amount_before(demo: Path) -> None:
    """The quote R0319 of gold 城市广告传媒, 4,800.00: confirmed, 144.00 (3%) comes off."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0319")
        await pilot.press("b")
        await wait_for(pilot, lambda: rows(demo, "SELECT status FROM rentals WHERE ref = 'R0319'")[0][0] == "booked")
        assert rows(demo, "SELECT amount, notes FROM rentals WHERE ref = 'R0319'") == [
            (465600, "双十二活动广告牌安装，待客户确认; gold benefit: 3% off 4,800.00 = 144.00 taken off")]
        await wait_for(pilot, lambda: "Discount" in screen_text(app))
        text = screen_text(app)
        assert "Before    4,800.00" in text and "Discount  -144.00 (gold 3%)" in text and "Amount    4,656.00" in text
        assert "144.00 taken off (4,656.00 to pay)" in notifications(app)

    drive(app, scenario)


def test_the_customer_screen_says_how_far_the_next_tier_is(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_customer(pilot, "C005")
        await wait_for(pilot, lambda: "Next" in standing(app))
        assert "Next    rated potential 3 would make it platinum\n" in standing(app)
        await pilot.press("escape")
        await open_customer(pilot, "C021")  # iron at 21,227.23, the cut 33,663.72
        await wait_for(pilot, lambda: "Next" in standing(app))
        assert "Next    more than 12,436.49 more value this year would make it platinum\n" in standing(app)

    drive(app, scenario)


def test_w_on_the_customer_screen_shows_the_visit_brief(demo: Path) -> None:
    from fixtures import DEMO_AS_OF
    from tracker import services
    from tracker.records import ParseOptions

    conn = services.open_store(demo)
    try:
        services.add(conn, "contacts", {"ref": "P1", "customer": "C005", "name": "李经理", "role": "purchasing",
                                        "birthday": "1980-12-01"}, options=ParseOptions(today=DEMO_AS_OF))
        services.add_task(conn, "C005", "lend a harness [b]for Dec[/b]", "2026-11-18", kind="promise")
    finally:
        conn.close()
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        from screens.detail import DetailScreen

        await started(pilot)
        await open_customer(pilot, "C005")
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        body = str(app.screen.query_one("#detail-body", Static).content)
        assert "Visit brief: 城市广告传媒 (C005) as of 2026-11-20" in screen_text(app)
        assert "Tier\n  gold · rated potential 3 would make it platinum\n" in body
        assert ": lend a harness [b]for Dec[/b] (due 2026-11-18)" in body  # as typed, not read as markup
        assert "Open complaints\n  none\n" in body
        assert "Last contacts\n  2026-11-02 visit: Site visit, walked the roof line with their foreman\n" in body
        assert "This year with us\n  12 rentals, 62 days rented, 0.00 saved by its benefits\n" in body
        assert "Birthdays in the next 30 days\n  2026-12-01 (in 11 days) 李经理, purchasing" in body
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, DetailScreen))

    drive(app, scenario)


def test_the_deposit_form_says_the_tier_deposit_rule(demo: Path) -> None:
    """A deposit on R0319 of gold 城市广告传媒: the gold rule, half the usual deposit, shows under the rental."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        from screens.forms.deposit import DepositForm

        await started(pilot)
        await open_rental(pilot, "R0319")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DepositForm))
        note = app.screen.field("rental").query_one(".field-note", Static)
        await wait_for(pilot, lambda: "gold: deposit reduced to 50%" in str(note.content))

    drive(app, scenario)
