"""The rental yard driven from the keyboard: a rental's own screen and its status flow, edits,
payments, deposits, upkeep and the units' alerts. Keys in; screen text and database rows out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import pick, saved_and_closed, started


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


async def to_rental_row(pilot: Any, ref: str) -> None:
    """From anywhere: the Rentals list, its All view, the cursor down to rental *ref*."""
    from screens.lists.rentals import RentalListScreen
    from screens.widgets.paged_table import PagedTable

    app = pilot.app
    await pilot.press("3")
    await wait_for(pilot, lambda: isinstance(app.screen, RentalListScreen))
    screen = app.screen
    while screen.view != "all":
        await pilot.press("right_square_bracket")
    table = screen.query_one(PagedTable)
    await wait_for(pilot, lambda: table.record(ref) is not None)  # the newest rentals: on the first page
    for _ in range(100):
        if table.current_key() == ref:
            return
        await pilot.press("down" if table.get_row_index(ref) > table.cursor_row else "up")
    raise AssertionError(f"{ref} not found in the list")


async def open_rental(pilot: Any, ref: str) -> Any:
    """Enter on rental *ref* in the Rentals list; returns its screen once filled."""
    from screens.rental import RentalScreen

    app = pilot.app
    await to_rental_row(pilot, ref)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, RentalScreen) and f"Rental {ref}" in screen_text(app))
    return app.screen


def status_of(path: Path, ref: str) -> str:
    return rows(path, "SELECT status FROM rentals WHERE ref = ?", ref)[0][0]


# --- a rental's own screen -------------------------------------------------------------


@pytest.mark.parametrize(("ref", "status"), [
    ("R0320", "quote"), ("R0317", "booked"), ("R0316", "on-rent"), ("R0314", "returned"), ("R0296", "cancelled"),
])
def test_enter_on_any_rental_opens_the_rental(demo: Path, ref: str, status: str) -> None:
    """Not a blank customer screen (a quote, returned, cancelled row), not "Mark returned" (booked, on rent)."""
    app = make_app(demo, watch=False)
    name, amount, paid = rows(
        demo, "SELECT c.name, r.amount, r.paid FROM rentals r JOIN customers c ON c.code = r.customer WHERE ref = ?",
        ref,
    )[0]

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, ref)
        text = screen_text(app)
        assert "No customer with code" not in text and "Mark rental returned" not in text
        assert name in text and status in text
        from tracker.cents import cents_to_text

        assert cents_to_text(amount, thousands=True) in text
        balance = amount - paid
        assert f"Balance   {cents_to_text(balance, thousands=True) if balance else '0'}" in text

    drive(app, scenario)


def test_a_quote_confirmed_is_checked_for_double_booking_then(demo: Path) -> None:
    """The quote R0320 wants E10, still out on R0316: it cannot be confirmed (the clear line shows); R0319 can."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0320")
        await pilot.press("b")
        await wait_for(pilot, lambda: "Not changed:" in screen_text(app))
        assert "E10 is already out on rental R0316" in screen_text(app)
        assert status_of(demo, "R0320") == "quote"
        await pilot.press("escape")
        await open_rental(pilot, "R0319")
        await pilot.press("b")
        await wait_for(pilot, lambda: status_of(demo, "R0319") == "booked")
        await wait_for(pilot, lambda: "booked" in screen_text(app).split("Customer")[0])

    drive(app, scenario)


def test_a_booking_handed_over_returned_and_one_cancelled_after_asking(demo: Path) -> None:
    from screens.confirm import ConfirmScreen
    from screens.forms.returned import ReturnedForm

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0317")
        await pilot.press("o")
        await wait_for(pilot, lambda: status_of(demo, "R0317") == "on-rent")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ReturnedForm))
        form = app.screen
        assert form.field("ref").value == "R0317"
        await pilot.press("enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT status, returned_on FROM rentals WHERE ref = 'R0317'") == [("returned", "2026-11-20")]
        await pilot.press("escape")
        await open_rental(pilot, "R0318")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Cancel rental R0318" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert status_of(demo, "R0318") == "booked"
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: status_of(demo, "R0318") == "cancelled")

    drive(app, scenario)


def test_m_on_the_rentals_list_still_marks_returned(demo: Path) -> None:
    from screens.forms.returned import ReturnedForm

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await to_rental_row(pilot, "R0316")
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, ReturnedForm))
        assert app.screen.field("ref").value == "R0316"

    drive(app, scenario)


# --- payments --------------------------------------------------------------------------


async def open_customer(pilot: Any, text: str) -> Any:
    """``/``, type *text*, take the first match: the customer's screen."""
    from screens.customer import CustomerScreen
    from screens.forms.find_customer import FindCustomerForm

    app = pilot.app
    await pilot.press("slash")
    await wait_for(pilot, lambda: isinstance(app.screen, FindCustomerForm))
    await pick(pilot, app.screen.field("customer").widget, text)
    await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
    return app.screen


async def payment_form(pilot: Any, key: str = "p") -> Any:
    from screens.forms.payment import PaymentForm

    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PaymentForm))
    return pilot.app.screen


def payments_of(path: Path, ref: str) -> list[tuple[Any, ...]]:
    return rows(path, "SELECT rental, date, amount, method FROM payments WHERE rental = ? ORDER BY ref", ref)


def test_part_payments_from_the_rental_and_an_overpayment_refused_beside_the_amount(demo: Path) -> None:
    """R0316 owes 34,020.00: 10,000 by WeChat, then 30,000 is more than the 24,020.00 left."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0316")
        form = await payment_form(pilot)
        amount = form.field("amount")
        await wait_for(pilot, lambda: amount.value == "34020.00")  # the balance
        await keys(pilot, "ctrl+u", "10000", "tab", "wechat", "enter")
        await saved_and_closed(pilot, form)
        assert payments_of(demo, "R0316") == [("R0316", "2026-11-20", 1_000_000, "wechat")]
        assert rows(demo, "SELECT paid FROM rentals WHERE ref = 'R0316'") == [(1_000_000,)]
        await wait_for(pilot, lambda: "Balance   24,020.00" in screen_text(app))

        form = await payment_form(pilot)
        amount = form.field("amount")
        await wait_for(pilot, lambda: amount.value == "24020.00")
        await keys(pilot, "ctrl+u", "30000", "enter")
        await wait_for(pilot, lambda: amount.has_class("-invalid"))
        error = str(amount.query_one(".field-error").content)
        assert error == ("✗ R0316 owes 24,020.00 (34,020.00 less 10,000.00 paid): this comes to 30,000.00,"
                         " 5,980.00 more"), error
        assert len(payments_of(demo, "R0316")) == 1

    drive(app, scenario)


def test_a_payment_from_the_customer_screen_chooses_among_its_rentals_with_a_balance(demo: Path) -> None:
    from textual.widgets import OptionList

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_customer(pilot, "苏州金港")
        form = await payment_form(pilot)
        picker = form.field("rental").widget
        options = picker.query_one(OptionList)
        await wait_for(pilot, lambda: options.option_count == 2)
        offered = [str(o.prompt) for o in options.options]
        assert [o.split()[0] for o in offered] == ["R0312", "R0316"]
        assert "owes 7,500.00" in offered[0]
        await pilot.press("down", "enter")  # R0316
        await wait_for(pilot, lambda: form.field("amount").value == "34020.00")
        await pilot.press("enter")
        await saved_and_closed(pilot, form)
        assert payments_of(demo, "R0316") == [("R0316", "2026-11-20", 3_402_000, "transfer")]

    drive(app, scenario)


def test_a_payment_from_the_unpaid_view_is_for_the_row_under_the_cursor(demo: Path) -> None:
    from screens.lists.rentals import RentalListScreen
    from screens.widgets.paged_table import PagedTable

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalListScreen))
        screen = app.screen
        while screen.view != "unpaid":
            await pilot.press("right_square_bracket")
        table = screen.query_one(PagedTable)
        await wait_for(pilot, lambda: table.loaded_once and screen.view == "unpaid" and table.row_count > 1)
        await pilot.press("down")
        ref = table.current_key()
        amount, paid = rows(demo, "SELECT amount, paid FROM rentals WHERE ref = ?", ref)[0]
        form = await payment_form(pilot)
        assert form.field("rental").value == ref
        await wait_for(pilot, lambda: form.field("amount").value != "")
        await pilot.press("enter")
        await saved_and_closed(pilot, form)
        assert payments_of(demo, ref) == [(ref, "2026-11-20", amount - paid, "transfer")]

    drive(app, scenario)


# --- deposits --------------------------------------------------------------------------


def test_a_deposit_taken_listed_while_held_and_returned_with_part_kept_for_a_reason(demo: Path) -> None:
    from screens.forms.deposit import DepositForm
    from screens.forms.deposit_return import DepositReturnForm
    from screens.lists.deposits import DepositListScreen

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0316")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DepositForm))
        form = app.screen
        await keys(pilot, "5000", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT ref, rental, taken_on, amount, returned_on FROM deposits") == [
            ("D0001", "R0316", "2026-11-20", 500_000, None)]
        await wait_for(pilot, lambda: "5,000.00 held" in screen_text(app))

        await pilot.press("escape")  # to the Rentals list: the deposits held
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, DepositListScreen) and "D0001" in screen_text(app))
        assert "苏州金港安装工程有限公司" in screen_text(app)
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, DepositReturnForm))
        form = app.screen
        assert form.field("ref").value == "D0001"
        await keys(pilot, "tab", "800", "enter")  # part kept, no reason
        await wait_for(pilot, lambda: form.field("reason").has_class("-invalid"))
        assert "say why part of the deposit was kept" in screen_text(app)
        await keys(pilot, "scratched guard rail", "enter")  # the form is on the field it refused
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT returned_on, kept, reason FROM deposits") == [
            ("2026-11-20", 80_000, "scratched guard rail")]
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.row_count == 0)  # no deposit held any more

    drive(app, scenario)
