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


def test_a_quote_for_a_unit_in_maintenance_cannot_be_confirmed(demo: Path) -> None:
    from fixtures import DEMO_AS_OF
    from tracker import services
    from tracker.records import ParseOptions

    conn = services.open_store(demo)
    services.update(conn, "equipment", "E13", {"status": "maintenance"}, options=ParseOptions(today=DEMO_AS_OF))
    conn.close()
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0319")
        await pilot.press("b")
        await wait_for(pilot, lambda: "Not changed:" in screen_text(app))
        assert "E13 is in maintenance: it cannot go out until it is back in service" in screen_text(app)
        assert status_of(demo, "R0319") == "quote"

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
        await wait_for(pilot, lambda: "returned" in screen_text(app).split("Customer")[0])
        await pilot.press("o")  # one step of the flow at a time
        await wait_for(pilot, lambda: "Not changed: a rental that is returned cannot be on-rent" in screen_text(app))
        assert status_of(demo, "R0317") == "returned"
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


# --- edit every record -------------------------------------------------------------------


async def cursor_to(pilot: Any, table: Any, key: str) -> None:
    """Move *table*'s cursor to the row *key* with the arrow keys."""
    await wait_for(pilot, lambda: any(k.value == key for k in table.rows))
    for _ in range(200):
        if table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == key:
            return
        await pilot.press("down" if table.get_row_index(key) > table.cursor_row else "up")
    raise AssertionError(f"{key} not reached")


def test_edit_a_customer_s_email_address_partner_and_potential(demo: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.forms.customer import CustomerForm

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_customer(pilot, "华东钢构")
        assert isinstance(app.screen, CustomerScreen)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm))
        form = app.screen
        await wait_for(pilot, lambda: form.field("email").value == "office@hdgg.cn")
        assert form.field("partner").value == "no" and form.field("potential").value == "5"
        for name, text in (("email", "buy@hdgg.cn"), ("address", "上海市浦东新区1号"), ("partner", "yes"),
                           ("potential", "3")):
            form.field(name).widget.focus()
            await keys(pilot, "ctrl+u", text)
        await pilot.press("enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT email, address, partner, potential, phone FROM customers WHERE code = 'C001'") == [
            ("buy@hdgg.cn", "上海市浦东新区1号", 1, 3, rows(demo, "SELECT phone FROM customers WHERE code = 'C001'")[0][0])
        ]
        await wait_for(pilot, lambda: "buy@hdgg.cn" in screen_text(app) and "Partner" in screen_text(app))

    drive(app, scenario)


def test_edit_a_rental_from_its_screen_and_undo_the_edit(demo: Path) -> None:
    from screens.forms.rental import RentalForm

    app = make_app(demo, watch=False)
    before = rows(demo, "SELECT * FROM rentals WHERE ref = 'R0317'")

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0317")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalForm))
        form = app.screen
        assert "Edit rental R0317" in screen_text(app)
        await wait_for(pilot, lambda: form.field("amount").value == "4290.00")
        assert form.field("customer").value == "C008" and form.field("status").value == "booked"
        await wait_for(pilot, lambda: "free 2026-11-19 to 2026-11-29" in screen_text(app))  # not taken by itself
        form.field("site").widget.focus()
        await keys(pilot, "ctrl+u", "Pier 4")
        form.field("end_date").widget.focus()
        await keys(pilot, "ctrl+u", "2026-11-30", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT site, end_date, amount, customer, status FROM rentals WHERE ref = 'R0317'") == [
            ("Pier 4", "2026-11-30", 429_000, "C008", "booked")]
        await wait_for(pilot, lambda: "Pier 4" in screen_text(app))
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: rows(demo, "SELECT * FROM rentals WHERE ref = 'R0317'") == before)
        await wait_for(pilot, lambda: "Pier 4" not in screen_text(app).split("Payments")[0])

    drive(app, scenario)


def test_edit_a_complaint_from_the_list_and_an_interaction_from_the_customer_timeline(demo: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.forms.complaint import ComplaintForm
    from screens.forms.interaction import InteractionForm
    from screens.lists.complaints import ComplaintListScreen
    from screens.widgets.paged_table import PagedTable

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, ComplaintListScreen))
        table = app.screen.query_one(PagedTable)
        await cursor_to(pilot, table, "K026")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ComplaintForm))
        form = app.screen
        await wait_for(pilot, lambda: form.field("severity").value == "4")
        form.field("severity").widget.focus()
        await keys(pilot, "ctrl+u", "2", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT severity, status, customer FROM complaints WHERE ref = 'K026'") == [(2, "open", "C007")]

        await open_customer(pilot, "苏州金港")
        assert isinstance(app.screen, CustomerScreen)
        await cursor_to(pilot, app.screen.query_one("#timeline"), "message:I0251")
        await pilot.press("enter")  # its whole text, and e edits it from there
        await wait_for(pilot, lambda: "e edit" in screen_text(app))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, InteractionForm))
        form = app.screen
        await wait_for(pilot, lambda: form.field("note").value == "确认送货地址和联系人")
        form.field("note").widget.focus()
        await keys(pilot, "ctrl+u", "地址已确认", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT note, kind, date FROM interactions WHERE ref = 'I0251'") == [
            ("地址已确认", "message", "2026-11-18")]

    drive(app, scenario)


# --- equipment: add, edit, upkeep, what each unit costs and earns ------------------------


def unit_row(app: Any, code: str) -> list[str]:
    """The equipment list's cells of unit *code*, as text."""
    table = app.screen.query_one("#table")
    return [str(c) for c in table.get_row(code)]


async def equipment_list(pilot: Any) -> Any:
    from screens.lists.equipment import EquipmentListScreen

    await pilot.press("5")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, EquipmentListScreen))
    table = pilot.app.screen.query_one("#table")
    await wait_for(pilot, lambda: table.row_count == 15)
    return table


def test_add_a_unit_and_edit_one_into_maintenance(demo: Path) -> None:
    from screens.forms.equipment import EquipmentForm

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        table = await equipment_list(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, EquipmentForm))
        form = app.screen
        await keys(pilot, "E16", "tab", "Genie GS-2632 scissor 10m", "tab", "sci", "tab", "10", "tab", "450",
                   "tab", "120", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT code, name, category, height_m, daily_rate, daily_cost, status FROM equipment"
                          " WHERE code = 'E16'") == [
            ("E16", "Genie GS-2632 scissor 10m", "scissor", 10.0, 45_000, 12_000, "available")]
        await wait_for(pilot, lambda: table.row_count == 16)
        cells = unit_row(app, "E16")
        assert cells[2:4] == ["450/120", "free"]

        await cursor_to(pilot, table, "E13")
        await pilot.press("enter")  # the unit's own form
        await wait_for(pilot, lambda: isinstance(app.screen, EquipmentForm))
        form = app.screen
        assert "Edit equipment unit E13" in screen_text(app)
        await wait_for(pilot, lambda: form.field("status").value == "available")
        form.field("status").widget.focus()
        await keys(pilot, "ctrl+u", "main", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT status, name FROM equipment WHERE code = 'E13'") == [
            ("maintenance", "Teupen Leo 21 spider lift 21m")]
        await wait_for(pilot, lambda: unit_row(app, "E13")[3] == "maintenance")

    drive(app, scenario)


def test_log_an_inspection_its_next_due_date_and_each_unit_s_cost_and_use_in_the_list(demo: Path) -> None:
    from datetime import timedelta

    from fixtures import DEMO_AS_OF
    from screens.forms.upkeep import UpkeepForm
    from tracker import services, views

    app = make_app(demo, watch=False)
    conn = services.open_store(demo)
    report = {f.code: f for f in views.unit_report(conn, DEMO_AS_OF - timedelta(days=89), DEMO_AS_OF)}
    use = {code: f"{round(f.utilisation * 100)}%" for code, f in report.items()}
    conn.close()

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        table = await equipment_list(pilot)
        for code, rate, cost in rows(demo, "SELECT code, daily_rate, daily_cost FROM equipment ORDER BY code"):
            cells = unit_row(app, code)
            assert cells[-1] == use[code] and cells[2] == f"{round(rate / 100):,}/{round(cost / 100):,}", (code, cells)
        assert any(u != "0%" for u in use.values())
        await cursor_to(pilot, table, "E03")
        # The unit under the cursor: what it earned over those 90 days, as `rentrack report units` says.
        from screens.format import money

        e03 = report["E03"]
        await wait_for(pilot, lambda: f"E03 over 90 days: out {e03.days_out} days" in screen_text(app))
        assert f"revenue {money(e03.revenue)}" in screen_text(app) and f"profit {money(e03.profit)}" in screen_text(app)
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, UpkeepForm))
        form = app.screen
        assert form.field("unit").value == "E03" and form.field("kind").value == "inspection"
        await keys(pilot, "tab", "tab", "annual, passed", "tab", "800", "tab", "+14", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT unit, kind, date, note, cost, next_due FROM upkeep") == [
            ("E03", "inspection", "2026-11-20", "annual, passed", 80_000, "2026-12-04")]
        await wait_for(pilot, lambda: unit_row(app, "E03")[-2] == "2026-12-04")
        from screens.format import named

        screen = app.screen
        inspection = screen.query_one("#table").get_row("E03")[-2]
        assert inspection.style == named(screen, "inspection--due")  # due within the warning days
        assert named(screen, "inspection--due") != named(screen, "inspection--overdue")

    drive(app, scenario)


# --- the yard's alerts on the board --------------------------------------------------------


def store(path: Path, entity: str, **fields: str) -> None:
    """Store a record through the services, as an import would (as of the demo day)."""
    from fixtures import DEMO_AS_OF
    from tracker import services
    from tracker.records import ParseOptions

    conn = services.open_store(path)
    try:
        services.add(conn, entity, fields, options=ParseOptions(today=DEMO_AS_OF))
    finally:
        conn.close()


def test_an_inspection_falling_due_and_a_deposit_held_are_alerts_that_open_the_unit_and_the_rental(demo: Path) -> None:
    from screens.lists.equipment import EquipmentListScreen
    from screens.rental import RentalScreen
    from screens.widgets.alert_list import AlertList

    store(demo, "upkeep", ref="M0001", unit="E12", date="2025-11-25", kind="inspection", next_due="2026-11-24")
    store(demo, "deposits", ref="D0001", rental="R0298", taken_on="2026-10-24", amount="2000")
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        alerts = app.screen.query_one(AlertList)
        shown = [str(o.prompt) for o in alerts.options]
        assert shown[0] == "⚠ Hinowa 蜘蛛车 15m: inspection due in 4 days (2026-11-24); it cannot be booked past it"
        assert "¤ 江南高空作业平台服务部: deposit D0001 (2,000.00) still held 24 days after R0298 came back" in "\n".join(shown)
        await pilot.press("a")
        await wait_for(pilot, lambda: app.focused is alerts)
        assert alerts.current_alert().kind == "inspection"  # a unit's alerts come first
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, EquipmentListScreen))
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.current_key() == "E12")
        assert "2026-11-24" in unit_row(app, "E12")

        await pilot.press("1")
        await wait_for(pilot, lambda: app.focused is alerts)
        while alerts.current_alert().kind != "deposit-held":
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalScreen) and "2,000.00 held" in screen_text(app))
        assert app.screen.ref == "R0298"

    drive(app, scenario)
