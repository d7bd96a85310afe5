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


def _configure(db: Path, **settings: str) -> None:
    """``rentrack config set KEY VALUE`` for each setting, as the owner would."""
    from click.testing import CliRunner

    from tracker.cli import cli

    for key, value in settings.items():
        result = CliRunner().invoke(cli, ["--db", str(db), "config", "set", key, value])
        assert result.exit_code == 0, result.output


def test_the_legend_and_the_figures_state_the_settings_in_the_database(demo: Path) -> None:
    from screens.board import BoardScreen

    _configure(demo, band_warm="70", band_cool="27.5", top_share="0.25", value_basis="revenue")
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        legend = str(app.screen.query_one("#board-legend").content)
        assert "close 80+  warm 70+  neutral 45+" in legend and "cool 27.5+  cold <27.5" in legend
        assert "65+" not in legend and "<30" not in legend
        figures = str(app.screen.query_one("#figures").content)
        assert "Revenue 12m " in figures and "Top 25% share " in figures
        assert "Profit" not in figures and "Top 20%" not in figures
        assert isinstance(app.screen, BoardScreen)

    drive(app, scenario)


@pytest.mark.parametrize(
    "settings, marked",
    [({}, True), ({"complaint_alert_days": "14", "severe_complaint_min": "5"}, False)],
    ids=["defaults", "later-and-fewer-severe"],
)
def test_the_complaint_queue_marks_what_the_settings_call_old_or_severe(
    demo: Path, settings: dict[str, str], marked: bool
) -> None:
    """K025 (severity 3) has been open 10 days, K026 (severity 4) 4 days: alerts by default, not with more days."""
    from app_helpers import keys

    _configure(demo, **settings)
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await keys(pilot, "4")
        await wait_for(pilot, lambda: bool(app.screen.query("#table")) and app.screen.query_one("#table").row_count == 3)
        table = app.screen.query_one("#table")
        overdue = app.screen.get_component_rich_style("complaint--overdue", partial=True)
        severe = app.screen.get_component_rich_style("complaint--severe", partial=True)
        _, age, severity, *_ = table.get_row("K025")
        assert age.style == (overdue if marked else "") and severity.style == ""
        _, age, severity, *_ = table.get_row("K026")
        assert age.style == (overdue if marked else "") and severity.style == (severe if marked else "")

    drive(app, scenario)
