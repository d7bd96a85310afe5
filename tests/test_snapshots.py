"""What each screen looks like on the demo business, as of the demo day, at a fixed size.

Regenerate after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the pictures in the report before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from app_helpers import SIZE, demo_db, keys, make_app, screen_text, wait_for


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def still(app: Any) -> None:
    """Turn every text cursor's blink off so a screenshot does not depend on timing."""
    from textual.widgets import Input

    for screen in app.screen_stack:
        for box in screen.query(Input):
            box.cursor_blink = False


async def board_shown(pilot: Any) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.board is not None and "PLATINUM ·" in screen_text(app))


def settled(*steps: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A ``run_before`` that waits for the board, runs *steps*, then stills the cursors."""

    async def run_before(pilot: Any) -> None:
        await board_shown(pilot)
        for step in steps:
            await step(pilot)
        still(pilot.app)
        await pilot.pause()

    return run_before


def test_board(snap_compare: Any, demo: Path) -> None:
    assert snap_compare(make_app(demo, watch=False), terminal_size=SIZE, run_before=settled())


def test_customer_screen(snap_compare: Any, demo: Path) -> None:
    async def open_harbor(pilot: Any) -> None:
        await keys(pilot, "down", "enter")  # Harbor Steel Co., second in platinum
        await wait_for(pilot, lambda: "Emotion breakdown ·" in screen_text(pilot.app) and "Owed" in screen_text(pilot.app))

    assert snap_compare(make_app(demo, watch=False), terminal_size=SIZE, run_before=settled(open_harbor))


#: A small terminal: the board keeps every tier (the alerts behind ``a``), the customer its breakdown and timeline.
SMALL = (80, 24)


def test_board_small(snap_compare: Any, demo: Path) -> None:
    assert snap_compare(make_app(demo, watch=False), terminal_size=SMALL, run_before=settled())


def test_board_small_alerts(snap_compare: Any, demo: Path) -> None:
    async def alerts(pilot: Any) -> None:
        await keys(pilot, "a")
        await wait_for(pilot, lambda: "Alerts · " in screen_text(pilot.app))

    assert snap_compare(make_app(demo, watch=False), terminal_size=SMALL, run_before=settled(alerts))


def test_customer_screen_small(snap_compare: Any, demo: Path) -> None:
    async def open_harbor(pilot: Any) -> None:
        await keys(pilot, "down", "enter")
        await wait_for(pilot, lambda: "Emotion 83.9" in screen_text(pilot.app) and "Owed" in screen_text(pilot.app))

    assert snap_compare(make_app(demo, watch=False), terminal_size=SMALL, run_before=settled(open_harbor))


def _list(key: str, ready: str) -> Callable[[Any], Any]:
    async def show(pilot: Any) -> None:
        await keys(pilot, key)
        await wait_for(pilot, lambda: ready in screen_text(pilot.app))
        table = pilot.app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.loaded_once and table.row_count > 0)

    return show


@pytest.mark.parametrize(
    "key, ready",
    [("2", "sorted by name"), ("3", "On rent 6"), ("4", "By cause"), ("5", "Rate/cost"), ("6", "E15 ")],
    ids=["customers", "rentals", "complaints", "equipment", "timeline"],
)
def test_lists(snap_compare: Any, demo: Path, key: str, ready: str) -> None:
    assert snap_compare(make_app(demo, watch=False), terminal_size=SIZE, run_before=settled(_list(key, ready)))


def test_reports(snap_compare: Any, demo: Path) -> None:
    async def show(pilot: Any) -> None:
        await keys(pilot, "7")
        await wait_for(pilot, lambda: "80/20" in screen_text(pilot.app) and "2024-Q4" in screen_text(pilot.app))

    assert snap_compare(make_app(demo, watch=False), terminal_size=SIZE, run_before=settled(show))


async def rental_form_with_errors(pilot: Any) -> None:
    """Log a rental for Harbor Steel on E04 from the day after tomorrow, its amount typed as "lots"; save."""
    from screens.forms.rental import RentalForm

    app = pilot.app
    await keys(pilot, "r")
    await wait_for(pilot, lambda: isinstance(app.screen, RentalForm))
    form = app.screen
    await keys(pilot, "Harb")
    await wait_for(pilot, lambda: form.field("customer").widget.has_class("-open"))
    await keys(pilot, "enter", "E04")
    await wait_for(pilot, lambda: form.field("equipment").widget.has_class("-open"))
    await keys(pilot, "enter", "tab", "+2", "tab", "tab", "lots", "enter")
    await wait_for(pilot, lambda: form.field("amount").has_class("-invalid"))
    form.field("amount").widget.focus()
    await pilot.pause()


def test_rental_form_with_errors(snap_compare: Any, demo: Path) -> None:
    assert snap_compare(make_app(demo, watch=False), terminal_size=SIZE, run_before=settled(rental_form_with_errors))


def test_the_readme_picture_is_the_board_of_today(tmp_path: Path) -> None:
    """docs/board.svg is what ``make board-svg`` draws now (redraw it after changing the board)."""
    from app_helpers import board_screenshot

    committed = Path(__file__).parents[1] / "docs" / "board.svg"
    fresh = board_screenshot(tmp_path / "board.svg")
    assert committed.read_text(encoding="utf-8") == fresh.read_text(encoding="utf-8"), "run make board-svg"


def test_rental_screen(snap_compare: Any, demo: Path) -> None:
    """R0306, overdue, part paid, a deposit held: who, what, when, its money, payments and deposits."""
    from test_app_yard import open_rental, store

    store(demo, "payments", ref="P0001", rental="R0306", date="2026-11-18", amount="500", method="wechat",
          note="second part")
    store(demo, "deposits", ref="D0001", rental="R0306", taken_on="2026-11-02", amount="2000")

    async def show(pilot: Any) -> None:
        await open_rental(pilot, "R0306")
        await wait_for(pilot, lambda: "Payments · 1" in screen_text(pilot.app) and "Deposits · 1" in screen_text(pilot.app))

    assert snap_compare(make_app(demo, watch=False), terminal_size=SIZE, run_before=settled(show))


# In Chinese, at both sizes: the owner's day is the same in either language; CJK text keeps its columns.
def in_chinese(*steps: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A ``run_before`` for the app in Chinese: waits for the board's Chinese heading, then *steps*."""

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await wait_for(pilot, lambda: app.board is not None and "铂金 ·" in screen_text(app))
        for step in steps:
            await step(pilot)
        still(app)
        await pilot.pause()

    return run_before


def chinese_app(demo: Path) -> Any:
    from tracker.i18n import use_language

    use_language("zh")
    return make_app(demo, watch=False)


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x40", "80x24"])
def test_board_in_chinese(snap_compare: Any, demo: Path, size: tuple[int, int]) -> None:
    assert snap_compare(chinese_app(demo), terminal_size=size, run_before=in_chinese())


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x40", "80x24"])
def test_customer_screen_in_chinese(snap_compare: Any, demo: Path, size: tuple[int, int]) -> None:
    async def open_harbor(pilot: Any) -> None:
        await keys(pilot, "down", "enter")
        await wait_for(pilot, lambda: "情感分" in screen_text(pilot.app) and "欠款" in screen_text(pilot.app)
                       and "往来记录" in screen_text(pilot.app))

    assert snap_compare(chinese_app(demo), terminal_size=size, run_before=in_chinese(open_harbor))


@pytest.mark.parametrize("size", [SIZE, SMALL], ids=["120x40", "80x24"])
def test_rentals_list_in_chinese(snap_compare: Any, demo: Path, size: tuple[int, int]) -> None:
    async def rentals(pilot: Any) -> None:
        await keys(pilot, "3")
        await wait_for(pilot, lambda: "R0306" in screen_text(pilot.app))

    assert snap_compare(chinese_app(demo), terminal_size=size, run_before=in_chinese(rentals))


def test_rental_form_in_chinese(snap_compare: Any, demo: Path) -> None:
    assert snap_compare(chinese_app(demo), terminal_size=SMALL, run_before=in_chinese(rental_form_with_errors))


def test_reports_in_chinese(snap_compare: Any, demo: Path) -> None:
    async def show(pilot: Any) -> None:
        await keys(pilot, "7")
        await wait_for(pilot, lambda: "80/20" in screen_text(pilot.app) and "2024-Q4" in screen_text(pilot.app))

    assert snap_compare(chinese_app(demo), terminal_size=SIZE, run_before=in_chinese(show))
