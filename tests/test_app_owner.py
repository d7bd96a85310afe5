"""The app as a new owner meets it: a small terminal, what is refused, archiving, the whole text, the why.

Each scenario runs the real app headless on the demo business, as of the demo day, presses keys and
reads the screen and the database file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import open_form, pick, started


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


# --- what has happened is not dated after today ---------------------------------------------


def test_a_return_dated_after_today_is_refused_beside_the_field(demo: Path) -> None:
    from screens.forms.returned import ReturnedForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "m", ReturnedForm)
        picker = form.field("ref").widget
        await wait_for(pilot, lambda: picker.has_class("-open"))
        await pilot.press("enter")  # R0301, out and overdue
        await wait_for(pilot, lambda: app.focused is form.field("returned_on").widget)
        await keys(pilot, "ctrl+u", "+2", "enter")
        await wait_for(pilot, lambda: form.field("returned_on").has_class("-invalid"))
        assert app.screen is form
        assert "2026-11-22 is after today (2026-11-20)" in screen_text(app)
        assert rows(demo, "SELECT status, returned_on FROM rentals WHERE ref = 'R0301'") == [("on-rent", None)]

    drive(app, scenario)


def test_an_interaction_dated_after_today_is_refused(demo: Path) -> None:
    from screens.forms.interaction import InteractionForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        before = rows(demo, "SELECT count(*) FROM interactions")
        form = await open_form(pilot, "i", InteractionForm)
        await pick(pilot, form.field("customer").widget, "Bright")
        await keys(pilot, "tab", "+30", "tab", "site visit", "enter")
        await wait_for(pilot, lambda: form.field("date").has_class("-invalid"))
        assert app.screen is form
        assert "2026-12-20 is after today (2026-11-20)" in screen_text(app)
        assert rows(demo, "SELECT count(*) FROM interactions") == before

    drive(app, scenario)


def test_a_complaint_opened_after_today_is_refused(demo: Path) -> None:
    from screens.forms.complaint import ComplaintForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        before = rows(demo, "SELECT count(*) FROM complaints")
        form = await open_form(pilot, "c", ComplaintForm)
        await pick(pilot, form.field("customer").widget, "Harbor")
        await wait_for(pilot, lambda: app.focused is form.field("opened_on").widget)
        await keys(pilot, "ctrl+u", "+2", "tab", "quali", "tab", "2", "enter")
        await wait_for(pilot, lambda: form.field("opened_on").has_class("-invalid"))
        assert app.screen is form and "2026-11-22 is after today (2026-11-20)" in screen_text(app)
        assert rows(demo, "SELECT count(*) FROM complaints") == before

    drive(app, scenario)


# --- the board's Next column ------------------------------------------------------------------


def board_line(app: Any, name: str) -> str:
    """The board's line of the customer called *name* (its tier box's row), as on the screen."""
    from screens.widgets.tier_table import TierTable

    for table in app.screen.query(TierTable):
        for row in table._rows:
            if row.name == name:
                index = table.get_row_index(row.code)
                return " ".join(cell.plain if hasattr(cell, "plain") else str(cell) for cell in table.get_row_at(index))
    raise AssertionError(f"{name} is not on the board")


def test_the_next_column_says_how_far_the_follow_up_is_and_marks_one_due_today(demo: Path) -> None:
    from datetime import timedelta

    from fixtures import DEMO_AS_OF
    from tracker import services
    from tracker.records import ParseOptions
    from tracker.settings import resolve

    # New Horizon Events (iron) last heard from a cadence ago: its follow-up falls today.
    conn = services.open_store(demo)
    try:
        code = conn.execute("SELECT code FROM customers WHERE name = 'New Horizon Events'").fetchone()[0]
        on = DEMO_AS_OF - timedelta(days=resolve({}).cadence("iron"))
        services.add(conn, "interactions", {"ref": "I-T1", "customer": code, "date": on.isoformat(), "kind": "call"},
                     options=ParseOptions(today=DEMO_AS_OF))
    finally:
        conn.close()
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        text = screen_text(app)
        assert "09-20" not in board_line(app, "恒远建设集团")
        assert "-61d ⏰" in board_line(app, "恒远建设集团")  # due 2026-09-20, 61 days ago
        assert "+5d" in board_line(app, "Harbor Steel Co.") and "⏰" not in board_line(app, "Harbor Steel Co.")
        assert "today ⏰" in board_line(app, "New Horizon Events")
        assert "-61d" in text and "today" in text

    drive(app, scenario)


# --- why a customer is in its tier -------------------------------------------------------------


async def open_harbor(pilot: Any) -> None:
    """From the board, open Harbor Steel Co. (second in platinum) and wait for its scores."""
    await started(pilot)
    await keys(pilot, "down", "enter")
    await wait_for(pilot, lambda: "Owed" in screen_text(pilot.app))


def test_the_customer_screen_says_the_cut_and_the_move(demo: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("INSERT INTO tier_history VALUES ('C002', '2026-11-17', 'platinum', 'gold')")
    conn.close()
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await open_harbor(pilot)
        text = " ".join(str(app.screen.query_one("#standing").content).split())
        assert "moved from gold on 2026-11-17" in text
        assert "top 8 of 39 by value (20% of the count): rank 2, 101,559.77 above the cut (33,663.72 at rank 8)" in text

    drive(app, scenario)


# --- the balance and compensation --------------------------------------------------------------


async def open_by_search(pilot: Any, text: str) -> None:
    """Find a customer with ``/`` and open its screen; wait for its scores."""
    from screens.customer import CustomerScreen
    from screens.forms.find_customer import FindCustomerForm

    form = await open_form(pilot, "slash", FindCustomerForm)
    await pick(pilot, form.query_one("#customer"), text)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CustomerScreen))
    await wait_for(pilot, lambda: "Owed" in screen_text(pilot.app))


def test_the_balance_names_the_rentals_owing_and_compensation_stands_apart(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await open_by_search(pilot, "Bright")
        text = " ".join(str(app.screen.query_one("#standing").content).split())
        assert "Owed 150.00 on R0295 150.00" in text
        assert "Compens 300.00 (K022): off value, not the balance" in text

    drive(app, scenario)


# --- archive, show archived, restore ---------------------------------------------------------


def test_archive_asks_first_warning_of_units_out_and_money_owed_and_no_keeps_it(demo: Path) -> None:
    from screens.confirm import ConfirmScreen
    from screens.customer import CustomerScreen

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await open_harbor(pilot)
        await keys(pilot, "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        text = " ".join(screen_text(app).split())
        assert "Archive Harbor Steel Co. (C002)?" in text
        assert "1 unit still out: R0315" in text and "27,468.00 still owed" in text
        await keys(pilot, "n")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        await keys(pilot, "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        assert rows(demo, "SELECT archived_on FROM customers WHERE code = 'C002'") == [(None,)]

    drive(app, scenario)


def test_an_archived_customer_is_listed_on_demand_opened_and_restored(demo: Path) -> None:
    from screens.confirm import ConfirmScreen
    from screens.customer import CustomerScreen
    from screens.lists.customers import CustomerListScreen

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await open_harbor(pilot)
        await keys(pilot, "x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await keys(pilot, "y")
        await wait_for(pilot, lambda: rows(demo, "SELECT archived_on FROM customers WHERE code = 'C002'")
                       == [("2026-11-20",)])
        await wait_for(pilot, lambda: "Archived 2026-11-20" in screen_text(app))
        assert app.board.row("C002") is None
        assert "u Restore" in screen_text(app) and "x Archive" not in screen_text(app)

        await keys(pilot, "escape", "2")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerListScreen))
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.loaded_once and table.row_count > 0)
        app.clear_notifications()
        await pilot.pause()
        assert "Harbor Steel" not in screen_text(app)
        await keys(pilot, "h")
        await wait_for(pilot, lambda: "Harbor Steel Co." in screen_text(app))
        assert "archived shown" in screen_text(app)
        # Found with the filter and opened from the list.
        await keys(pilot, "slash", "Harbor", "enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen) and app.screen.code == "C002")
        await wait_for(pilot, lambda: "u Restore" in screen_text(app))
        await keys(pilot, "u")
        await wait_for(pilot, lambda: rows(demo, "SELECT archived_on FROM customers WHERE code = 'C002'") == [(None,)])
        await wait_for(pilot, lambda: app.board is not None and app.board.row("C002") is not None)
        await wait_for(pilot, lambda: "x Archive" in screen_text(app))
        assert "Restored Harbor Steel Co." in screen_text(app)

    drive(app, scenario)


# --- a small terminal: 80 x 24 ---------------------------------------------------------------

SMALL = (80, 24)


def test_at_80x24_the_board_shows_the_top_of_every_tier_and_the_alerts_behind_a(demo: Path) -> None:
    from screens.widgets.alert_list import AlertList
    from screens.widgets.tier_table import TierTable

    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.pause()
        text = screen_text(app)
        tops = {tier: table._rows[0] for table in app.screen.query(TierTable) for tier in [table.tier]}
        assert set(tops) == {"platinum", "gold", "iron", "lead"}
        # Each tier's first customer is on screen with its value and emotion on one line.
        lines = text.splitlines()
        for row in tops.values():
            assert any(row.name in ln and f"{row.current_value / 100:,.0f}" in ln and f"{row.emotion:.1f}" in ln
                       for ln in lines), row.name
        assert not any(table.horizontal_scrollbar.display and table.show_horizontal_scrollbar
                       for table in app.screen.query(TierTable))
        assert "Alerts · " not in text
        await keys(pilot, "a")
        await wait_for(pilot, lambda: "Alerts · 21" in screen_text(app))
        assert isinstance(app.focused, AlertList)
        assert "spend down 99% vs its usual 90 days" in screen_text(app)
        await keys(pilot, "a")
        await wait_for(pilot, lambda: "PLATINUM · 6" in screen_text(app) and "Alerts · " not in screen_text(app))

    drive(app, scenario, size=SMALL)


def test_at_80x24_the_customer_screen_shows_the_breakdown_and_the_timeline(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await keys(pilot, "down", "enter")
        await wait_for(pilot, lambda: "Emotion 83.9 close" in screen_text(app))
        text = screen_text(app)
        assert "Timeline · 39" in text and "2026-11-15  rental" in text
        assert "baseline" in text and "+5.5" in text  # the breakdown's lines
        assert "Owed 27,468.00" in text and "PLATINUM rank 2 of 39" in text
        breakdown, timeline = app.screen.query_one("#breakdown"), app.screen.query_one("#timeline")
        assert breakdown.region.height >= 10 and timeline.region.height >= 10
        # The whole profile and standing, one key away.
        await keys(pilot, "f")
        await wait_for(pilot, lambda: "WeChat" in screen_text(app) and "above the cut" in screen_text(app))
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: "Timeline · 39" in screen_text(app))

    drive(app, scenario, size=SMALL)


# --- the whole text of a line ----------------------------------------------------------------


def test_enter_on_a_timeline_or_breakdown_line_shows_its_whole_text(demo: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.detail import DetailScreen
    from screens.forms.returned import ReturnedForm

    app = make_app(demo, watch=False)
    whole = rows(demo, "SELECT note FROM interactions WHERE ref = 'I0240'")[0][0]

    async def scenario(pilot: Any) -> None:
        await open_harbor(pilot)
        timeline = app.screen.query_one("#timeline")
        assert whole not in screen_text(app)  # cut to the column
        await keys(pilot, "down", "down", "enter")  # I0240, the event of 2026-11-08
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        text = " ".join(screen_text(app).split())
        assert " ".join(whole.split()) in text and "event I0240" in text and "2026-11-08" in text
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))

        # The rental on rent: its line opens the rental's own screen, and m marks it returned from there.
        from screens.rental import RentalScreen

        timeline.move_cursor(row=0)
        await keys(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalScreen) and "R0315" in screen_text(app))
        await keys(pilot, "m")
        await wait_for(pilot, lambda: isinstance(app.screen, ReturnedForm))
        assert app.screen.field("ref").value == "R0315"
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalScreen))
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))

        await keys(pilot, "b")
        breakdown = app.screen.query_one("#breakdown")
        await wait_for(pilot, lambda: app.focused is breakdown)
        await keys(pilot, "down", "down", "enter")  # the event: Invited to our annual...
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        text = " ".join(screen_text(app).split())
        assert "event: " + " ".join(whole.split()) in text and "+6.0 on the day" in text and "+5.5" in text

    drive(app, scenario)


def test_the_complaints_what_uses_the_width_beside_the_counts_by_cause(demo: Path) -> None:
    app = make_app(demo, watch=False)
    whole = rows(demo, "SELECT description FROM complaints WHERE ref = 'K027'")[0][0]

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await keys(pilot, "4")
        await wait_for(pilot, lambda: "By cause" in screen_text(app))
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.row_count == 3)
        await pilot.pause()
        assert whole in screen_text(app)
        assert not table.show_horizontal_scrollbar

    drive(app, scenario)
