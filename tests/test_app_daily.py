"""The owner's day in the app: the today view, tasks and promises, contacts, tags and return visits.
Keys in; screen text and database rows out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import open_form, saved_and_closed, started

from fixtures import DEMO_AS_OF


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def add_task(path: Path, customer: str, what: str, due: str, kind: str = "task") -> str:
    """A task stored before the app opens (the way `rentrack task add` stores one); its ref."""
    from tracker.records import ParseOptions
    from tracker.services import add_task as add
    from tracker.services import open_store

    conn = open_store(path)
    try:
        return add(conn, customer, what, due, kind=kind, options=ParseOptions(relative=True, today=DEMO_AS_OF)).record.ref
    finally:
        conn.close()


def task_row(path: Path, ref: str) -> tuple[Any, ...]:
    return rows(path, "SELECT what, due, kind, done_on, snoozed_until FROM tasks WHERE ref = ?", ref)[0]


async def open_today(pilot: Any) -> Any:
    """Key 8: the day's list, once read."""
    from screens.today import TodayScreen

    app = pilot.app
    await started(pilot)
    await pilot.press("8")
    await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen) and " to do" in screen_text(app))
    return app.screen


async def cursor_to(pilot: Any, screen: Any, kind: str, ref: str = "") -> None:
    """The cursor down to the first line of *kind* (and *ref*)."""
    for i, item in enumerate(screen._items):
        if item.kind == kind and (not ref or item.ref == ref):
            table = screen.query_one("#today")
            for _ in range(len(screen._items)):
                if table.cursor_row == i:
                    return
                await pilot.press("down" if table.cursor_row < i else "up")
            break
    raise AssertionError(f"no {kind} {ref} line")


# --- the today view --------------------------------------------------------------------


def test_the_today_view_shows_the_day_s_list_of_rentrack_today_most_urgent_first(demo: Path) -> None:
    from tracker.services import open_store
    from tracker.today import today_items

    add_task(demo, "C005", "send the new price list [b]today[/b]", "-2")
    add_task(demo, "C008", "bring the spare harness", "-1", kind="promise")
    conn = open_store(demo)
    expected = today_items(conn, DEMO_AS_OF)
    conn.close()
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await open_today(pilot)
        text = screen_text(app)
        assert f"Today, {DEMO_AS_OF.isoformat()} · {len(expected)} to do" in text
        table = screen.query_one("#today")
        assert table.row_count == len(expected)
        assert [(i.kind, i.customer, i.ref) for i in screen._items] == [(i.kind, i.customer, i.ref) for i in expected]
        assert [str(table.get_row_at(n)[1]) for n in range(2)] == ["promise", "task"]  # a promise kept comes first
        assert "bring the spare harness" in text and "send the new price list [b]today[/b]" in text  # as typed

    drive(app, scenario)


def test_enter_on_a_line_opens_its_customer_its_complaint_or_its_rental(demo: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.forms.complaint import ComplaintForm
    from screens.rental import RentalScreen

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await open_today(pilot)
        await cursor_to(pilot, screen, "follow-up")
        code = screen.selected_item().customer
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen) and app.screen.code == code)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await cursor_to(pilot, screen, "complaint")
        complaint = screen.selected_item().ref
        form = await open_form(pilot, "enter", ComplaintForm)
        assert form.key == complaint and f"Edit complaint {complaint}" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await cursor_to(pilot, screen, "unpaid")
        ref = screen.selected_item().ref
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalScreen) and f"Rental {ref}" in screen_text(app))

    drive(app, scenario)


def test_d_marks_a_task_done_and_it_leaves_the_list(demo: Path) -> None:
    ref = add_task(demo, "C005", "send the new price list", "-2")
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await open_today(pilot)
        await cursor_to(pilot, screen, "task", ref)
        await pilot.press("d")
        await wait_for(pilot, lambda: task_row(demo, ref)[3] is not None)
        await wait_for(pilot, lambda: "send the new price list" not in screen_text(app))

    drive(app, scenario)
    assert task_row(demo, ref)[3] == DEMO_AS_OF.isoformat()


@pytest.mark.parametrize(("typed", "days"), [("", 7), ("2w", 14), ("1m", 30)])
def test_s_snoozes_a_task_by_a_week_two_weeks_or_a_month(demo: Path, typed: str, days: int) -> None:
    from screens.forms.task import SnoozeForm

    ref = add_task(demo, "C005", "send the new price list", "-2")
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await open_today(pilot)
        await cursor_to(pilot, screen, "task", ref)
        form = await open_form(pilot, "s", SnoozeForm)
        assert "1w a week · 2w two weeks · 1m a month · or a date" in screen_text(app)
        await keys(pilot, *([typed] if typed else []), "enter")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: "send the new price list" not in screen_text(app))

    drive(app, scenario)
    assert task_row(demo, ref)[4] == (DEMO_AS_OF + timedelta(days=days)).isoformat()


def test_a_snooze_to_a_date_before_the_task_is_due_is_refused_beside_the_field(demo: Path) -> None:
    from screens.forms.task import SnoozeForm

    ref = add_task(demo, "C005", "send the new price list", "-2")
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await open_today(pilot)
        await cursor_to(pilot, screen, "task", ref)
        form = await open_form(pilot, "s", SnoozeForm)
        await keys(pilot, "-5", "enter")
        await wait_for(pilot, lambda: form.field("snoozed_until").has_class("-invalid"))
        assert "is not after it is due" in screen_text(app)
        await keys(pilot, "ctrl+u", (DEMO_AS_OF + timedelta(days=3)).isoformat(), "enter")
        await saved_and_closed(pilot, form)

    drive(app, scenario)
    assert task_row(demo, ref)[4] == (DEMO_AS_OF + timedelta(days=3)).isoformat()


def test_the_today_view_follows_a_task_written_elsewhere(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await open_today(pilot)
        add_task(demo, "C005", "call about the new boom lift", "today")  # another program writes
        await wait_for(pilot, lambda: "call about the new boom lift" in screen_text(app))

    drive(app, scenario)


# --- alert marks ------------------------------------------------------------------------


def test_every_kind_of_alert_has_a_mark_of_its_own() -> None:
    from screens.widgets.alert_list import KIND_MARKS
    from tracker.rules.alerts import ALERT_KINDS

    assert set(ALERT_KINDS) <= set(KIND_MARKS)
    assert len(set(KIND_MARKS.values())) == len(KIND_MARKS)


# --- tasks and promises from the customer screen -----------------------------------------


async def customer_screen(pilot: Any, code: str) -> Any:
    """The customer's screen, once its profile is read."""
    from screens.customer import CustomerScreen

    app = pilot.app
    await started(pilot)
    app.open_customer(code)
    await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen) and app.screen._profile is not None)
    return app.screen


def test_a_promise_added_on_the_customer_screen_shows_there_and_is_done_from_there(demo: Path) -> None:
    from screens.forms.task import TaskForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await customer_screen(pilot, "C005")
        form = await open_form(pilot, "a", TaskForm)
        assert form.field("customer").value == "C005"
        await keys(pilot, "send the boom lift quote", "tab", "ctrl+u", "+3", "tab", "prom", "enter")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: "Tasks and promises · 1" in screen_text(app))
        assert "send the boom lift quote" in screen_text(app)
        (ref, what, due, kind), = rows(demo, "SELECT ref, what, due, kind FROM tasks WHERE customer = 'C005'")
        assert (what, due, kind) == ("send the boom lift quote", (DEMO_AS_OF + timedelta(days=3)).isoformat(), "promise")
        await pilot.press("d")
        await wait_for(pilot, lambda: task_row(demo, ref)[3] is not None)
        await wait_for(pilot, lambda: "send the boom lift quote" not in screen_text(app))
        assert not screen.query_one("#tasks").display

    drive(app, scenario)


def test_enter_on_a_task_of_the_customer_screen_edits_it(demo: Path) -> None:
    from screens.forms.task import TaskForm

    ref = add_task(demo, "C005", "send the new price list", "-2")
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await customer_screen(pilot, "C005")
        await wait_for(pilot, lambda: "send the new price list" in screen_text(app))
        await pilot.press("shift+tab")  # from the timeline up to the tasks
        await wait_for(pilot, lambda: app.focused is screen.query_one("#tasks"))
        form = await open_form(pilot, "enter", TaskForm)
        await wait_for(pilot, lambda: form.field("what").value == "send the new price list")
        await keys(pilot, "end", " and the catalogue", "enter")  # after the stored text, not over it
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: "price list and the catalogue" in screen_text(app))

    drive(app, scenario)
    assert task_row(demo, ref)[:3] == ("send the new price list and the catalogue",
                                       (DEMO_AS_OF - timedelta(days=2)).isoformat(), "task")


def test_a_task_snoozed_from_the_customer_screen(demo: Path) -> None:
    from screens.forms.task import SnoozeForm

    ref = add_task(demo, "C005", "send the new price list", "-2")
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await customer_screen(pilot, "C005")
        await wait_for(pilot, lambda: "send the new price list" in screen_text(app))
        form = await open_form(pilot, "s", SnoozeForm)
        await keys(pilot, "1m", "enter")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: "snoozed, due" in screen_text(app))

    drive(app, scenario)
    assert task_row(demo, ref)[4] == "2026-12-20"


# --- contacts ----------------------------------------------------------------------------


def test_a_contact_added_and_edited_from_the_customer_screen(demo: Path) -> None:
    from screens.forms.contact import ContactForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        screen = await customer_screen(pilot, "C005")
        form = await open_form(pilot, "k", ContactForm)
        await keys(pilot, "Wang Li", "tab", "purchasing", "tab", "13800001111", "tab", "wangli88", "tab",
                   "1985-11-23", "enter")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: "Contacts · 1" in screen_text(app))
        text = screen_text(app)
        assert "Wang Li" in text and "purchasing" in text and "13800001111" in text and "wangli88" in text
        assert "1985-11-23" in text
        await pilot.press("shift+tab")  # from the timeline up to the contacts
        await wait_for(pilot, lambda: app.focused is screen.query_one("#contacts"))
        form = await open_form(pilot, "enter", ContactForm)
        await wait_for(pilot, lambda: form.field("role").value == "purchasing")
        await keys(pilot, "tab", "ctrl+u", "boss", "enter")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: "boss" in screen_text(app))

    drive(app, scenario)
    assert rows(demo, "SELECT customer, name, role, phone, wechat, birthday FROM contacts") == [
        ("C005", "Wang Li", "boss", "13800001111", "wangli88", "1985-11-23")]


# --- tags --------------------------------------------------------------------------------


def tag(path: Path, code: str, tags: str) -> None:
    """Tags stored before the app opens."""
    from tracker.services import open_store, update

    conn = open_store(path)
    try:
        update(conn, "customers", code, {"tags": tags})
    finally:
        conn.close()


def test_the_customer_form_edits_the_tags(demo: Path) -> None:
    from screens.forms.customer import CustomerForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await customer_screen(pilot, "C005")
        form = await open_form(pilot, "e", CustomerForm)
        await wait_for(pilot, lambda: form.field("name").value != "")
        for _ in range(20):  # Tab down to the tags, above the notes
            if app.focused is form.field("tags").widget:
                break
            await pilot.press("tab")
        assert app.focused is form.field("tags").widget
        await keys(pilot, "VIP; installers", "enter")
        await saved_and_closed(pilot, form)

    drive(app, scenario)
    assert rows(demo, "SELECT tags FROM customers WHERE code = 'C005'") == [("VIP, installers",)]


def test_the_board_filtered_by_a_tag_says_so_and_escape_shows_every_customer(demo: Path) -> None:
    from screens.forms.tag import TagForm

    tag(demo, "C005", "VIP, installers")
    tag(demo, "C001", "vip")
    app = make_app(demo)

    def shown() -> set[str]:
        from screens.widgets.tier_table import TierTable

        return {r.code for t in app.screen.query(TierTable) for r in t._rows}

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        everyone = shown()
        form = await open_form(pilot, "t", TagForm)
        await keys(pilot, "Vip", "enter")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: shown() == {"C001", "C005"})
        text = screen_text(app)
        assert "tagged Vip: 2 customers" in text and "GOLD · 1 tagged Vip" in text
        assert all(a.code in {"C001", "C005"} for a in app.screen.query_one("#alerts")._alerts)
        await pilot.press("escape")
        await wait_for(pilot, lambda: shown() == everyone)
        assert "tagged Vip" not in screen_text(app)

    drive(app, scenario)


def test_the_customers_list_filter_matches_a_tag(demo: Path) -> None:
    from screens.lists.customers import CustomerListScreen
    from screens.widgets.paged_table import PagedTable

    tag(demo, "C005", "VIP, installers")
    tag(demo, "C001", "installers")
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerListScreen))
        table = app.screen.query_one(PagedTable)
        await keys(pilot, "slash", "#VIP")
        await wait_for(pilot, lambda: table.row_count == 1 and table.record("C005") is not None)
        await keys(pilot, "ctrl+u", "#installers")
        await wait_for(pilot, lambda: table.row_count == 2)
        await keys(pilot, " 城市")  # a tag and a name together
        await wait_for(pilot, lambda: table.row_count == 1 and table.record("C005") is not None)

    drive(app, scenario)


# --- return visits -----------------------------------------------------------------------


def visits(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, "SELECT rental, date, rating, note FROM return_visits ORDER BY ref")


def test_a_return_visit_logged_from_the_today_view_leaves_the_list_and_shows_in_the_breakdown(demo: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.forms.visit import VisitForm

    app = make_app(demo)
    seen: dict[str, str] = {}

    async def scenario(pilot: Any) -> None:
        screen = await open_today(pilot)
        await cursor_to(pilot, screen, "return-visit")
        item = screen.selected_item()
        seen.update(ref=item.ref, customer=item.customer)
        form = await open_form(pilot, "l", VisitForm)
        assert f"Log return visit on {item.ref}" in screen_text(app)
        await keys(pilot, "very", "tab", "tab", "happy with the lift, wants it again in March", "enter")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: f"return visit on {item.ref}" not in screen_text(app))
        app.open_customer(item.customer)
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen) and app.screen._detail is not None)
        lines = [line.what for line in app.screen._breakdown.values()]
        assert any("very" in what and item.ref in what for what in lines), lines

    drive(app, scenario)
    assert visits(demo) == [(seen["ref"], DEMO_AS_OF.isoformat(), "very-satisfied",
                             "happy with the lift, wants it again in March")]


def test_a_return_visit_from_a_returned_rental_s_screen_and_not_from_one_on_rent(demo: Path) -> None:
    from test_app_yard import open_rental

    from screens.forms.visit import VisitForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_rental(pilot, "R0316")  # on rent
        await pilot.press("l")
        await wait_for(pilot, lambda: "a return visit follows a return" in screen_text(app))
        await pilot.press("escape")
        await open_rental(pilot, "R0314")  # returned
        form = await open_form(pilot, "l", VisitForm)
        await keys(pilot, "not", "enter")
        await saved_and_closed(pilot, form)

    drive(app, scenario)
    assert visits(demo) == [("R0314", DEMO_AS_OF.isoformat(), "not-satisfied", "")]
