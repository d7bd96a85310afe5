"""Colours follow the theme; texts that state a setting state the one in the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app_helpers import demo_db, drive, make_app, wait_for
from test_app_flows import started


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def _theme_colour(app: Any, variable: str) -> str:
    from textual.color import Color

    return Color.parse(app.theme_variables[variable]).hex.lower()


def _alert_mark_colour(app: Any) -> str:
    """The colour of the ``!n`` mark of the first board row that has alerts."""
    from screens.widgets.tier_table import TierTable

    row = next(r for r in app.board.rows if r.alerts)
    table = app.screen.query_one(f"#tier-{row.tier}", TierTable)
    marks = table.get_row(row.code)[-1]
    (span,) = [s for s in marks.spans if marks.plain[s.start : s.end].startswith("!")]
    return span.style.color.triplet.hex.lower()


def test_named_styles_follow_the_theme(demo: Path) -> None:
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        assert app.current_theme.dark
        dark = _theme_colour(app, "text-error")
        assert _alert_mark_colour(app) == dark
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: not app.current_theme.dark)
        light = _theme_colour(app, "text-error")
        assert light != dark
        await wait_for(pilot, lambda: _alert_mark_colour(app) == light)  # drawn again, not left in the dark's red

    drive(app, scenario)
