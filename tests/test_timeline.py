"""The availability timeline: what each unit does each day, and a rental started from a free day."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, make_app, rows, screen_text, wait_for

from fixtures import DEMO_AS_OF
from tracker.rules.availability import Span, unit_days

D0 = date(2026, 11, 20)


def states(days: list) -> str:
    return "".join(d.state[0] for d in days)


def test_a_unit_day_by_day() -> None:
    spans = [
        Span("R1", "C1", "One", D0 - timedelta(days=3), D0 - timedelta(days=1), "returned"),
        Span("R2", "C2", "Two", D0 + timedelta(days=2), D0 + timedelta(days=3), "booked"),
    ]
    assert states(unit_days(spans, "available", D0 - timedelta(days=4), 9, D0)) == "foooffbbf"
    # On rent and past its end, a unit is out until it comes back: today at least.
    late = [Span("R3", "C1", "One", D0 - timedelta(days=5), D0 - timedelta(days=2), "on-rent")]
    assert states(unit_days(late, "available", D0 - timedelta(days=1), 4, D0)) == "ooff"
    # A unit in maintenance is so from today on, where no rental holds it.
    assert states(unit_days([], "maintenance", D0 - timedelta(days=2), 4, D0)) == "ffmm"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def test_the_timeline_shows_who_holds_a_day_and_a_free_day_starts_a_rental(demo: Path) -> None:
    from screens.forms.rental import RentalForm
    from screens.timeline import TimelineScreen
    from screens.widgets.paged_table import PagedTable

    app = make_app(demo)
    monday = DEMO_AS_OF - timedelta(days=DEMO_AS_OF.weekday())

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.board is not None)
        await pilot.press("6")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        table = app.screen.query_one(PagedTable)
        await wait_for(pilot, lambda: table.row_count > 10)
        assert f"{monday} to {monday + timedelta(days=41)}" in screen_text(app)
        # A unit out on rent today: the line under the table says with whom.
        held = rows(demo, "SELECT r.equipment, c.name FROM rentals r JOIN customers c ON c.code = r.customer"
                          " WHERE r.status = 'on-rent' AND r.start_date <= ? AND r.end_date >= ? ORDER BY r.equipment"
                          " LIMIT 1", DEMO_AS_OF.isoformat(), DEMO_AS_OF.isoformat())[0]
        table.move_cursor(row=table.get_row_index(held[0]))
        await wait_for(pilot, lambda: f"out with {held[1]}" in screen_text(app))  # the cursor starts on today
        # A unit free three weeks on: → along the row to it, and Enter opens the rental form on that unit and day.
        today = (DEMO_AS_OF - monday).days
        free = next(key for key in (table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count))
                    if table.record(key)["days"][today + 21].state == "free")
        table.move_cursor(row=table.get_row_index(free))
        for _ in range(21):
            await pilot.press("right")
        await wait_for(pilot, lambda: f"{DEMO_AS_OF + timedelta(days=21)}" in screen_text(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalForm))
        form = app.screen
        assert form.field("equipment").value == free
        assert form.field("start_date").value == (DEMO_AS_OF + timedelta(days=21)).isoformat()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: f"{monday + timedelta(days=7)} to" in screen_text(app))

    drive(app, scenario)
