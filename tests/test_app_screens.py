"""Every screen and action of the app reached by keyboard: customer screen, lists, forms, palette, help."""

from __future__ import annotations

import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import open_form, pick, saved_and_closed, started, tier_of


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


async def on_screen(pilot: Any, screen_type: type) -> Any:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type))
    return pilot.app.screen


def table_keys(table: Any) -> list[str]:
    return [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]


# --- the customer screen ----------------------------------------------------------------


def test_customer_screen_explains_the_customer_and_logs_for_it(demo: Path) -> None:
    from screens.board import BoardScreen
    from screens.customer import CustomerScreen
    from screens.forms.interaction import InteractionForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("enter")  # the top platinum customer
        screen = await on_screen(pilot, CustomerScreen)
        assert screen.code == "C001"
        await wait_for(pilot, lambda: "Emotion breakdown" in screen_text(app) and "Owed" in screen_text(app))
        text = screen_text(app)
        for expected in (
            "华东钢构有限公司", "186 4811 3488", "PLATINUM", "high value", "high potential", "strategic",
            "Owed", "18,460.00", "Follow", "2026-11-29", "Emotion", "99.4", "12 weeks", "R0318", "I0249",
        ):
            assert expected in text, expected
        standing = str(screen.query_one("#standing").content)
        assert "PLATINUM\n        high value, high potential\n        top 8 of 39 by value (20% of the count): rank 1," in standing
        assert len(screen.query_one("#trend").data) == 12
        timeline = screen.query_one("#timeline")
        days = [str(timeline.get_row_at(i)[0]) for i in range(timeline.row_count)]
        assert days == sorted(days, reverse=True)  # newest first
        before = app.board.row("C001").emotion

        form = await open_form(pilot, "i", InteractionForm)
        assert form.field("customer").value == "C001"  # logged for the customer on screen
        await wait_for(pilot, lambda: app.focused is form.field("kind").widget)
        await keys(pilot, "vis", "enter")
        await saved_and_closed(pilot, form)
        ref = rows(demo, "SELECT ref FROM interactions WHERE customer = 'C001' AND date = '2026-11-20' AND kind = 'visit'")
        assert len(ref) == 1
        await wait_for(pilot, lambda: ref[0][0] in screen_text(app))
        await wait_for(pilot, lambda: app.board.row("C001").emotion > before)
        assert app.board.row("C001").emotion == pytest.approx(min(100.0, before + 5), abs=0.05)

        await pilot.press("escape")
        await on_screen(pilot, BoardScreen)

    drive(app, scenario)


def test_archive_from_the_customer_screen_then_undo(demo: Path) -> None:
    from screens.customer import CustomerScreen

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("l", "enter")  # the top of the lead tier
        screen = await on_screen(pilot, CustomerScreen)
        code = screen.code
        await wait_for(pilot, lambda: "Owed" in screen_text(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: "Archive customer" in screen_text(app))
        await pilot.press("y")
        await wait_for(pilot, lambda: rows(demo, "SELECT archived_on FROM customers WHERE code = ?", code) == [("2026-11-20",)])
        await wait_for(pilot, lambda: tier_of(app, code) is None)
        await wait_for(pilot, lambda: "Archived 2026-11-20" in screen_text(app))
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: tier_of(app, code) == "lead")
        assert rows(demo, "SELECT archived_on FROM customers WHERE code = ?", code) == [(None,)]

    drive(app, scenario)


def test_edit_a_customer_keeps_what_was_not_touched(demo: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.forms.customer import CustomerForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("enter")
        await on_screen(pilot, CustomerScreen)
        form = await open_form(pilot, "e", CustomerForm)
        await wait_for(pilot, lambda: form.field("name").value == "华东钢构有限公司")
        phone = form.field("phone").widget
        phone.focus()
        await keys(pilot, "ctrl+u", "021 5555 0000", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT name, phone, segment, city FROM customers WHERE code = 'C001'") == [
            ("华东钢构有限公司", "021 5555 0000", "large", "上海")
        ]
        await wait_for(pilot, lambda: "021 5555 0000" in screen_text(app))

    drive(app, scenario)


# --- forms: pickers, dates and money as the owner types them ----------------------------------


def test_form_hints_read_dates_money_and_phone_numbers(demo: Path) -> None:
    from screens.forms.rental import RentalForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "r", RentalForm)
        await pick(pilot, form.field("customer").widget, "4811")  # part of a phone number
        await wait_for(pilot, lambda: form.field("customer").value == "C001")
        await wait_for(pilot, lambda: "华东钢构有限公司  [C001]" in screen_text(app))
        await keys(pilot, "spider")
        await wait_for(pilot, lambda: form.field("equipment").widget.has_class("-open"))
        text = screen_text(app)
        assert "E12  Hinowa 蜘蛛车 15m  1,100/day  free" in text and "E13  Teupen Leo 21 spider lift" in text
        await pilot.press("down", "up", "enter")
        await wait_for(pilot, lambda: app.focused is form.field("start_date").widget)
        assert form.field("equipment").value == "E12"
        assert form.field("daily_rate").value == "1100.00"  # the unit's rate, offered
        await keys(pilot, "-2")
        await wait_for(pilot, lambda: "→ 2026-11-18 Wed" in screen_text(app))
        await keys(pilot, "tab", "+3")
        await wait_for(pilot, lambda: "→ 2026-11-23 Mon" in screen_text(app))
        await keys(pilot, "tab", "tab", "¥1,200", "tab", "1200")
        await wait_for(pilot, lambda: screen_text(app).count("→ 1,200.00") == 2)
        await pilot.press("enter")
        await saved_and_closed(pilot, form)
        assert rows(
            demo, "SELECT customer, equipment, start_date, end_date, daily_rate, amount, paid FROM rentals "
            "WHERE customer = 'C001' AND equipment = 'E12' AND start_date = '2026-11-18'"
        ) == [("C001", "E12", "2026-11-18", "2026-11-23", 110_000, 114_000, 120_000)]  # platinum: 5% off 1,200

    drive(app, scenario)


def test_mark_returned_from_the_list_of_rentals_out(demo: Path) -> None:
    from screens.forms.returned import ReturnedForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "m", ReturnedForm)
        picker = form.field("ref").widget
        await wait_for(pilot, lambda: picker.has_class("-open"))  # every rental out, soonest end first
        assert "R0301  张师傅施工队" in screen_text(app)
        await pilot.press("enter")  # R0301: the one overdue longest
        await wait_for(pilot, lambda: app.focused is form.field("returned_on").widget)
        await keys(pilot, "ctrl+u", "yesterday", "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT status, returned_on FROM rentals WHERE ref = 'R0301'") == [("returned", "2026-11-19")]
        await wait_for(pilot, lambda: "Rental R0301 returned on 2026-11-19" in screen_text(app))

    drive(app, scenario)


def test_a_write_waits_for_a_locked_database_and_is_saved(demo: Path) -> None:
    from screens.forms.interaction import InteractionForm

    app = make_app(demo)
    other = sqlite3.connect(demo, isolation_level=None, check_same_thread=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "i", InteractionForm)
        await pick(pilot, form.field("customer").widget, "Harbor")
        other.execute("BEGIN IMMEDIATE")  # another program starts writing (an import)
        other.execute("UPDATE customers SET notes = 'imported' WHERE code = 'C003'")
        release = threading.Timer(1.5, lambda: other.execute("COMMIT"))
        release.start()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Waiting for the database" in screen_text(app), timeout=3)
        assert app.screen is form
        await saved_and_closed(pilot, form)
        release.join()
        assert rows(demo, "SELECT count(*) FROM interactions WHERE customer = 'C002' AND date = '2026-11-20'") == [(1,)]
        assert rows(demo, "SELECT notes FROM customers WHERE code = 'C003'") == [("imported",)]

    try:
        drive(app, scenario)
    finally:
        other.close()


def test_a_write_that_stays_locked_keeps_the_form_open(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    import screens.store
    from screens.forms.interaction import InteractionForm

    @contextmanager
    def locked(path: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")
        yield  # pragma: no cover

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "i", InteractionForm)
        await pick(pilot, form.field("customer").widget, "Harbor")
        await keys(pilot, "tab", "tab", "asked about E11")  # kind: call, date: today
        monkeypatch.setattr(screens.store, "writing", locked)  # an import holds the file past every retry
        await keys(pilot, "enter")
        await wait_for(pilot, lambda: "Nothing is lost" in screen_text(app))
        assert app.screen is form and not form.saving
        assert form.field("note").value == "asked about E11" and form.field("customer").value == "C002"
        monkeypatch.undo()  # the import finished: Enter again saves
        await keys(pilot, "enter")
        await saved_and_closed(pilot, form)
        assert rows(demo, "SELECT customer, kind, note FROM interactions WHERE note = 'asked about E11'") == [
            ("C002", "call", "asked about E11")
        ]

    drive(app, scenario)


# --- lists ----------------------------------------------------------------------------------


def test_rental_views_and_the_complaint_queue(demo: Path) -> None:
    from screens.forms.resolve import ResolveForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: "On rent 6" in screen_text(app))
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.row_count == 6)
        await pilot.press("right_square_bracket", "right_square_bracket")  # overdue returns
        await wait_for(pilot, lambda: table_keys(table) == ["R0301", "R0306"])
        assert "Overdue returns 2" in screen_text(app)

        await pilot.press("4")
        await wait_for(pilot, lambda: "By cause" in screen_text(app))
        queue = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table_keys(queue) == ["K025", "K026", "K027"])  # oldest first
        open_, total = rows(demo, "SELECT sum(status = 'open'), count(*) FROM complaints")[0]
        assert re.search(rf"total +{open_} +{total}\b", screen_text(app))
        await pilot.press("enter")
        form = await on_screen(pilot, ResolveForm)
        assert form.field("ref").value == "K025"
        await wait_for(pilot, lambda: "恒远建设集团: after-sales severity 3" in screen_text(app))
        await pilot.press("escape")

        await pilot.press("5")
        await wait_for(pilot, lambda: "Rate/cost" in screen_text(app))
        units = app.screen.query_one("#table")
        await wait_for(pilot, lambda: units.row_count == 15)
        e04 = units.get_row("E04")
        assert (str(e04[3]), str(e04[4]), str(e04[5])) == ("on rent", "2026-11-27", "华东钢构有限公司")
        assert "华东钢构有限公司" in screen_text(app)
        await keys(pilot, "slash", "boom")
        await wait_for(pilot, lambda: table_keys(units) == ["E07", "E08", "E09", "E10", "E11"])

    drive(app, scenario)


def test_enter_on_a_resolved_complaint_opens_its_customer(demo: Path) -> None:
    """(Enter on a rental opens the rental itself: tests/test_app_yard.py.)"""
    from screens.customer import CustomerScreen
    from screens.lists.complaints import ComplaintListScreen

    # The newest, so it is on the first page of its list.
    (complaint, complainer), = rows(
        demo, "SELECT ref, customer FROM complaints WHERE status = 'resolved' ORDER BY opened_on DESC, ref DESC LIMIT 1"
    )
    app = make_app(demo)

    async def opened(pilot: Any, table: Any, key: str) -> Any:
        await wait_for(pilot, lambda: key in table_keys(table))
        table.move_cursor(row=table.get_row_index(key), animate=False)
        await pilot.press("enter")
        return await on_screen(pilot, CustomerScreen)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("4")
        complaints = await on_screen(pilot, ComplaintListScreen)
        await wait_for(pilot, lambda: app.focused is complaints.query_one("#table"))
        await pilot.press("a")  # all complaints
        screen = await opened(pilot, complaints.query_one("#table"), complaint)
        assert screen.code == complainer

    drive(app, scenario)


# --- palette, help, quit -------------------------------------------------------------------


def palette_offers(app: Any, title: str) -> bool:
    """The palette has searched and its highlighted command starts with *title*."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists or lists.first().highlighted is None:
        return False
    command = lists.first()
    return str(command.get_option_at_index(command.highlighted).prompt).startswith(title)


def test_command_palette_runs_actions_and_finds_customers(demo: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.forms.rental import RentalForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await keys(pilot, "ctrl+p", "log rental")
        await wait_for(pilot, lambda: palette_offers(app, "Log rental"))
        await pilot.press("enter")
        form = await on_screen(pilot, RentalForm)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not form)

        await keys(pilot, "ctrl+p", "harbor")
        await wait_for(pilot, lambda: palette_offers(app, "Customer: Harbor Steel Co. (C002)"))
        await pilot.press("enter")
        screen = await on_screen(pilot, CustomerScreen)
        assert screen.code == "C002"

    drive(app, scenario)


def test_help_escape_and_ctrl_q(demo: Path) -> None:
    from screens.board import BoardScreen
    from screens.forms.customer import CustomerForm
    from screens.help import HelpScreen

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        text = screen_text(app)
        for key in ("^q Quit", "^z Undo", "? Help", "n New", "r Rental", "c Complaint", "/ Search"):
            assert key in text, key
        await pilot.press("question_mark")
        await on_screen(pilot, HelpScreen)
        text = screen_text(app)
        for line in ("undo the last change", "log rental", "mark rental returned", "command palette", "quit"):
            assert line in text, line
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))

        form = await open_form(pilot, "n", CustomerForm)  # Escape leaves a form, saving nothing
        await keys(pilot, "Half typed", "escape")
        await wait_for(pilot, lambda: "would be lost" in screen_text(app))  # once it is sure
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and not form.is_attached)
        assert rows(demo, "SELECT count(*) FROM customers WHERE name = 'Half typed'") == [(0,)]

        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app._exit)

    drive(app, scenario)
