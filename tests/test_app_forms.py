"""Forms as the owner meets them: at 80x24, with the arrows, every mistake at once, Escape that asks."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import open_form, started

from screens.confirm import ConfirmScreen
from screens.forms.complaint import ComplaintForm
from screens.forms.interaction import InteractionForm
from screens.forms.rental import RentalForm
from screens.lists.rentals import RentalListScreen


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def error_of(form: Any, name: str) -> str:
    f = form.field(name)
    return str(f.query_one(".field-error").render()) if f.has_class("-invalid") else ""


def test_at_80x24_tab_brings_the_last_field_and_the_save_line_into_view(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "r", RentalForm)
        assert "Enter save" in screen_text(app)
        site = form.field("site").widget
        for _ in range(12):
            if app.focused is site:
                break
            await pilot.press("tab")
        assert app.focused is site
        await keys(pilot, "Qingdao port")
        text = screen_text(app)
        assert "Site" in text and "Qingdao port" in text
        assert "Enter save" in text

    drive(app, scenario, size=(80, 24))


def test_down_and_up_move_between_fields_in_every_form(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "i", InteractionForm)
        date_box = form.field("date").widget
        date_box.focus()
        await pilot.pause()
        await pilot.press("down")
        assert app.focused is not date_box
        after = app.focused
        await pilot.press("up")
        assert app.focused is date_box
        await pilot.press("down")
        assert app.focused is after

    drive(app, scenario)


def test_a_complaint_form_shows_every_mistake_on_the_first_save_in_the_owners_words(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "c", ComplaintForm)
        form.field("customer").widget.set_value("C002")
        for name, text in (("category", "wa"), ("severity", "9"), ("rental", "R9999")):
            box = form.field(name).widget
            (box.input if hasattr(box, "input") else box).value = text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.field("category").has_class("-invalid"))
        assert "waiting or warranty?" in error_of(form, "category")
        # The choices stay in view beside the error.
        assert "broken-promise" in str(form.field("category").query_one(".field-note").render())
        assert form.field("category").query_one(".field-note").display
        assert "between 1 and 5" in error_of(form, "severity")
        assert "no rental with ref R9999" in error_of(form, "rental")
        assert app.screen is form

    drive(app, scenario)
    assert rows(demo, "SELECT count(*) FROM complaints WHERE severity = 9") == [(0,)]


def test_a_rental_with_neither_amount_nor_rate_says_so_in_the_forms_words(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "r", RentalForm)
        form.field("customer").widget.set_value("C002")
        form.field("end_date").widget.value = "-3"  # and before the start, too
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.field("end_date").has_class("-invalid"))
        assert "is before the start" in error_of(form, "end_date")
        await pilot.pause()
        form.field("end_date").widget.value = "+2"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: form.field("amount").has_class("-invalid"))
        message = error_of(form, "amount")
        assert "daily rate" in message and "daily_rate" not in message

    drive(app, scenario)


def test_escape_on_a_form_with_something_typed_asks_before_throwing_it_away(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "i", InteractionForm)
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_for(pilot, lambda: app.screen is not form)
        form = await open_form(pilot, "i", InteractionForm)
        notes = form.field("note").widget
        notes.focus()
        await keys(pilot, "called about the boom lift")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "would be lost" in screen_text(app) and "Note" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is form)
        assert notes.value == "called about the boom lift"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, (ConfirmScreen, InteractionForm)))

    drive(app, scenario)
    assert rows(demo, "SELECT count(*) FROM interactions WHERE note = 'called about the boom lift'") == [(0,)]


def test_a_unit_not_back_from_an_overdue_rental_is_offered_as_still_out(demo: Path) -> None:
    """E01 went out on R0301, due back 11-12, not returned: on the demo day it is not free."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "r", RentalForm)
        form.field("customer").widget.set_value("C002")
        picker = form.field("equipment").widget
        picker.input.focus()
        await keys(pilot, "E01")
        await wait_for(pilot, lambda: "not returned" in screen_text(app))
        assert "still out: R0301" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "still out: R0301" in str(form.field("equipment").query_one(".field-note").render()))

    drive(app, scenario)


def test_a_rental_logged_in_the_app_costs_its_units_daily_cost_or_what_is_typed(demo: Path) -> None:
    conn = sqlite3.connect(demo)
    with conn:
        conn.execute("UPDATE equipment SET daily_cost = 40000 WHERE code = 'E12'")
    conn.close()
    app = make_app(demo, watch=False)

    async def log(pilot: Any, cost: str, start: str) -> None:
        form = await open_form(pilot, "r", RentalForm)
        form.field("customer").widget.set_value("C002")
        form.field("start_date").widget.value = start
        form.field("end_date").widget.value = start.replace("1", "3").replace("5", "7")
        picker = form.field("equipment").widget
        picker.input.focus()
        await keys(pilot, "E12")
        await wait_for(pilot, lambda: picker.has_class("-open"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "x 3 days = 1,200" in str(form.field("cost").query_one(".field-note").render()))
        form.field("cost").widget.value = cost
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await log(pilot, "", "+1")
        await log(pilot, "900", "+5")

    drive(app, scenario)
    assert rows(demo, "SELECT start_date, cost FROM rentals WHERE equipment = 'E12' AND start_date > '2026-11-20'"
                " ORDER BY start_date") == [("2026-11-21", 120000), ("2026-11-25", 90000)]


def test_the_rentals_list_filters_by_ref_unit_site_or_customer(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalListScreen) and "R0315" in screen_text(app))
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket",
                          "right_square_bracket")  # All
        await wait_for(pilot, lambda: "R0311" in screen_text(app) and "R0313" in screen_text(app))
        await pilot.press("slash")
        await keys(pilot, "E11")
        await wait_for(pilot, lambda: "filter “E11”" in screen_text(app))
        text = screen_text(app)
        assert "R0313" in text and "R0315" in text
        assert "R0311" not in text  # E04

    drive(app, scenario)
