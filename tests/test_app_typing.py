"""What the owner types reaches the field meant, in order: at human speed, typed ahead, pasted.

Keys are sent the way a terminal sends them (straight to the app, not waiting
for the screen between them), some at about 250 ms a key, some all at once.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, make_app, rows, screen_text, wait_for
from test_app_flows import started
from textual import events
from textual.keys import _character_to_key

from screens.widgets.field import Field

NAMED = {"\r": "enter", "\t": "tab"}


def send(app: Any, text: str) -> None:
    """Send *text* as a terminal would: one key event per character (``\\r`` Enter, ``\\t`` Tab)."""
    for ch in text:
        key = NAMED.get(ch) or _character_to_key(ch)
        event = events.Key(key, None if ch in NAMED else ch)
        event.set_sender(app)
        app._driver.send_message(event)


async def type_slowly(app: Any, text: str, per_key: float = 0.25) -> None:
    for ch in text:
        send(app, ch)
        await asyncio.sleep(per_key)


def values(app: Any) -> dict[str, str]:
    return {f.field_name: f.value for f in app.screen.query(Field)}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


@pytest.fixture
def slow_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every picker's lookup takes 1.5 s (a busy machine, a big file): typing runs ahead of it."""
    from screens.widgets.customer_picker import CustomerPicker
    from screens.widgets.equipment_picker import EquipmentPicker

    for cls in (CustomerPicker, EquipmentPicker):
        search = cls.search

        def slow(self: Any, conn: Any, text: str, _search: Any = search) -> list[dict[str, Any]]:
            time.sleep(1.5)
            return _search(self, conn, text)

        monkeypatch.setattr(cls, "search", slow)


def test_a_rental_typed_at_human_speed_ahead_of_slow_lookups_lands_in_its_fields(
    demo: Path, slow_lookups: None
) -> None:
    """r, Harbor, Enter, E12, Enter, +1 at 250 ms a key: each part in its own field, matches taken."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await type_slowly(app, "rHarbor\rE12\r+1")
        await wait_for(pilot, lambda: values(app).get("equipment") == "E12", timeout=8)
        got = values(app)
        assert got["customer"] == "C002"
        assert got["equipment"] == "E12"
        assert got["start_date"] == "+1"
        assert got["amount"] == ""
        send(app, "\t+3\r")
        await wait_for(pilot, lambda: "Logged rental" in screen_text(app), timeout=8)

    drive(app, scenario)
    assert rows(demo, "SELECT customer, equipment, start_date, end_date FROM rentals ORDER BY rowid DESC LIMIT 1") == [
        ("C002", "E12", "2026-11-21", "2026-11-23")
    ]


def test_a_new_customer_typed_all_at_once_fills_each_field(demo: Path) -> None:
    """n and the whole row typed in one burst (Tab between fields): nothing piles up in Name."""
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        send(app, "nAcme Lifts\t\tlarge\t13800\tQingdao")
        await wait_for(pilot, lambda: values(app).get("city") == "Qingdao")
        got = values(app)
        assert (got["name"], got["segment"], got["phone"]) == ("Acme Lifts", "large", "13800")
        send(app, "\r")
        await wait_for(pilot, lambda: "Added customer Acme Lifts" in screen_text(app))

    drive(app, scenario)
    assert rows(demo, "SELECT segment, phone, city FROM customers WHERE name = 'Acme Lifts'") == [
        ("large", "13800", "Qingdao")
    ]


def test_a_pasted_spreadsheet_row_fills_the_fields_from_the_one_in_focus(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: "name" in values(app) and app.focused is not None)
        app.post_message(events.Paste("Qingdao Sky Ads\tC777\tmedium\t139 0000 1111\tQingdao\n"))
        await wait_for(pilot, lambda: values(app).get("city") == "Qingdao")
        got = values(app)
        assert got["name"] == "Qingdao Sky Ads"
        assert got["segment"] == "medium"
        assert got["phone"] == "139 0000 1111"
        # Focus waits on the field after the last cell.
        assert app.focused is app.screen.field("industry").widget

    drive(app, scenario)
