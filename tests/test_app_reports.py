"""The reports screen (key 7) shows what ``rentrack report`` computes, and follows a new rental."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, make_app, screen_text, wait_for

from fixtures import DEMO_AS_OF
from screens.reports import ReportsScreen


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def test_the_reports_screen_shows_months_the_80_20_point_moves_and_complaints(demo: Path) -> None:
    from tracker.services import open_store
    from tracker.views import monthly_report, pareto_report

    conn = open_store(demo)
    november = monthly_report(conn, DEMO_AS_OF.replace(day=1), DEMO_AS_OF)[-1]
    curve = pareto_report(conn, DEMO_AS_OF)
    conn.close()
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.board is not None)
        await pilot.press("7")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen) and "80/20" in screen_text(app))
        text = screen_text(app)
        assert f"bring {curve.top_fifth_share:.0%} of the profit" in text
        assert f"{curve.for_eighty} customers" in text
        assert "Tier moves over 90 days" in text and "Complaints by cause" in text
        row = app.screen.query_one("#months").get_row("2026-11")
        assert str(row[1]).strip() == str(november.rentals)
        # Another program logs a big rental this month: the months follow.
        other = sqlite3.connect(demo)
        with other:
            other.execute(
                "INSERT INTO rentals (ref, customer, equipment, start_date, end_date, daily_rate, amount, cost, paid,"
                " status) VALUES ('R9001', 'C003', NULL, '2026-11-20', '2026-11-20', 0, 5000000, 0, 0, 'booked')"
            )
        other.close()
        await wait_for(pilot, lambda: str(app.screen.query_one("#months").get_row("2026-11")[1]).strip()
                       == str(november.rentals + 1), timeout=8)

    drive(app, scenario)


def _emotion_rows(screen: Any) -> list[tuple[str, str]]:
    table = screen.query_one("#emotion")
    return [(str(r[0]), str(r[1]).strip()) for r in (table.get_row_at(i) for i in range(table.row_count))]


def test_the_reports_screen_shows_a_tiers_emotion_a_months_end_at_a_time_and_e_moves_to_the_next_tier(
    demo: Path,
) -> None:
    from tracker.board.trend import tier_emotion_trend
    from tracker.services import open_store

    conn = open_store(demo)
    expected = {
        tier: [(d.isoformat(), f"{score:.1f}") for d, score in reversed(tier_emotion_trend(conn, tier, DEMO_AS_OF, 12))]
        for tier in ("platinum", "gold", "iron", "lead")
    }
    conn.close()
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: app.board is not None)
        await pilot.press("7")
        await wait_for(pilot, lambda: isinstance(app.screen, ReportsScreen) and _emotion_rows(app.screen))
        screen = app.screen
        assert _emotion_rows(screen) == expected["platinum"]  # the newest month's end first: the board's day
        assert _emotion_rows(screen)[0][0] == DEMO_AS_OF.isoformat() and len(expected["platinum"]) == 12
        title = str(screen.query_one("#emotion-title").render())
        assert title == "Emotion of the platinum tier's customers, a month's end at a time (e: next tier)"
        line = [f"{v:.1f}" for v in screen.query_one("#emotion-line").data]  # oldest first, as drawn
        assert line == [s for _d, s in reversed(expected["platinum"])]
        assert str(screen.query_one("#emotion-range").render()).startswith(f"now {expected['platinum'][0][1]} · ")
        for tier in ("gold", "iron", "lead", "platinum"):
            await pilot.press("e")
            await wait_for(pilot, lambda t=tier: screen.tier == t and _emotion_rows(screen) == expected[t]
                           and f"the {t} tier's" in str(screen.query_one("#emotion-title").render()))

    drive(app, scenario)
