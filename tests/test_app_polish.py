"""Small things a new owner trips on: the filter box, sorts, the sparkline, the open file, undo's age, progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for
from test_app_flows import started


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def shown_codes(table: Any) -> list[str]:
    return [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]


# --- the lists' filter box ----------------------------------------------------------------------


def test_the_customer_filter_matches_the_city(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("2")
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.row_count == 39)
        await keys(pilot, "slash", "宁波")
        in_ningbo = {c for (c,) in rows(demo, "SELECT code FROM customers WHERE city = '宁波'")}
        await wait_for(pilot, lambda: set(shown_codes(table)) == in_ningbo)
        assert "C002" in in_ningbo  # Harbor Steel Co.: neither its name nor its code says Ningbo

    drive(app, scenario)


@pytest.mark.parametrize("mode", ["2", "3", "5"])  # customers, rentals, equipment
def test_down_enter_and_escape_in_the_filter_box_as_in_every_list(demo: Path, mode: str) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press(mode)
        table = app.screen.query_one("#table")
        box = app.screen.query_one("#filter")
        await wait_for(pilot, lambda: table.row_count > 3)
        everything = table.row_count
        await pilot.press("down", "down", "down")  # the cursor away from the first row
        await wait_for(pilot, lambda: table.cursor_row == 3)
        for leave in ("down", "enter"):
            await keys(pilot, "slash")
            assert app.focused is box
            await pilot.press(leave)
            await wait_for(pilot, lambda: app.focused is table and table.cursor_row == 0)
            await pilot.press("down")
            await wait_for(pilot, lambda: table.cursor_row == 1)  # the table has the keys now
        await keys(pilot, "slash", "zzzz")
        await wait_for(pilot, lambda: table.row_count == 0)
        await pilot.press("escape")  # clears the filter, still in the box
        await wait_for(pilot, lambda: box.value == "" and table.row_count == everything)
        assert app.focused is box
        await pilot.press("escape")  # empty: back to the table
        await wait_for(pilot, lambda: app.focused is table)

    drive(app, scenario)


def test_sort_customers_by_emotion_from_the_board(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("2")
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.row_count == 39)
        await keys(pilot, "s", "s", "s", "s", "s", "s")  # name -> code -> newest -> city -> value -> tier -> emotion
        warmest = [r.code for r in sorted(app.board.rows, key=lambda r: (-r.emotion, r.code))]
        await wait_for(pilot, lambda: "sorted by emotion" in screen_text(app) and shown_codes(table) == warmest)
        assert app.board.row(warmest[0]).emotion > app.board.row(warmest[-1]).emotion

    drive(app, scenario)


# --- the emotion trend's sparkline --------------------------------------------------------------


def test_the_emotion_trend_draws_a_one_point_move_as_a_small_step(demo: Path) -> None:
    from textual.app import App

    from screens.widgets.scaled_sparkline import ScaledSparkline

    class Line(App[None]):
        def compose(self) -> Any:
            yield ScaledSparkline([50.0, 51.0, 50.0, 90.0], low=0, high=100)

    app = Line()

    async def scenario(pilot: Any) -> None:
        line = app.query_one(ScaledSparkline)
        line.styles.height, line.styles.width = 3, 4
        await pilot.pause()
        drawn = [line.render_line(y).text for y in range(3)]
        assert drawn[0][:3] == "   " and drawn[0][3] == "▅"  # only 90 reaches the top line
        assert drawn[1][:3] == "▄▄▄" and drawn[2] == "████"  # 50 and 51: the same half height

    drive(app, scenario, size=(10, 5))

    customer = make_app(demo)

    async def on_the_customer_screen(pilot: Any) -> None:
        await started(pilot)
        customer.open_customer("C002")
        await wait_for(pilot, lambda: bool(customer.screen.query("#trend")) and customer.screen.query_one("#trend").data)
        trend = customer.screen.query_one("#trend")
        assert isinstance(trend, ScaledSparkline) and (trend.low, trend.high) == (0, 100)

    drive(customer, on_the_customer_screen)


# --- undo across restarts ------------------------------------------------------------------------


def test_undo_of_a_change_made_days_ago_says_how_old_it_is(demo: Path) -> None:
    from tracker.counting import ago
    from tracker.services import add, open_store

    assert (ago(30), ago(90), ago(7200), ago(3 * 86_400 + 5)) == ("just now", "1 minute ago", "2 hours ago", "3 days ago")
    conn = open_store(demo)
    add(conn, "interactions", {"ref": "I9001", "customer": "C002", "date": "2026-11-17", "kind": "call"})
    conn.execute("UPDATE change_sets SET made_at = strftime('%Y-%m-%dT%H:%M:%S', 'now', '-3 days', '-1 hour')"
                 " WHERE id = (SELECT max(id) FROM change_sets)")
    conn.commit()
    conn.close()
    app = make_app(demo)  # the app opened since: the change is from an earlier run

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: "Undone: add interaction I9001, 3 days ago" in screen_text(app))
        assert rows(demo, "SELECT count(*) FROM interactions WHERE ref = 'I9001'") == [(0,)]

    drive(app, scenario)


# --- the open file, a long board, an import from elsewhere ----------------------------------------


def test_the_open_database_file_is_shown_on_the_board_and_in_the_help(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        assert "rentrack — demo.db" in screen_text(app)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: f"Database {demo.resolve()}" in screen_text(app))

    drive(app, scenario)


def test_a_whole_board_that_takes_a_while_says_it_is_computing(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from tracker import board as engine
    from tracker.services import add, open_store

    real = engine.current_board

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)  # as a whole board at a million rentals can take
        return real(*args, **kwargs)

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        assert "computing the board" not in screen_text(app)
        monkeypatch.setattr(engine, "current_board", slow)
        other = open_store(demo)  # another program writes: the board is computed again, whole
        add(other, "interactions", {"ref": "I9002", "customer": "C002", "date": "2026-11-17", "kind": "call"})
        other.close()
        await wait_for(pilot, lambda: "rentrack — demo.db · computing the board…" in screen_text(app))
        await wait_for(pilot, lambda: "computing the board" not in screen_text(app), timeout=8)
        assert "rentrack — demo.db" in screen_text(app)

    drive(app, scenario)


def test_an_import_from_another_terminal_is_announced(demo: Path, tmp_path: Path) -> None:
    import asyncio

    from click.testing import CliRunner

    from tracker.cli import cli

    (tmp_path / "new.csv").write_text(
        "code,name,created_on\nC9001,Qingdao Lift Partners,2026-01-05\nC9002,Laoshan Scaffolding,2026-02-01\n")
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        result = await asyncio.to_thread(
            CliRunner().invoke, cli, ["--db", str(demo), "import", "customers", str(tmp_path / "new.csv")])
        assert result.exit_code == 0, result.output
        await wait_for(pilot, lambda: "Imported 2 customers (from new.csv)" in [n.message for n in app._notifications])
        assert "Imported 2 customers" in screen_text(app)  # the toast, as the owner sees it
        await wait_for(pilot, lambda: app.board is not None and app.board.row("C9001") is not None)

    drive(app, scenario)


# --- the footer -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_the_footer_ends_with_the_palette_key_and_nothing_after_it(demo: Path, size: tuple[int, int]) -> None:
    from textual.widgets import Footer

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        for mode in ("1", "2"):  # the board and a list
            await pilot.press(mode)
            await pilot.pause()
            footer = app.screen.query_one(Footer)
            palette = footer.query_one(".-command-palette")
            assert palette.region.right == footer.region.right == size[0]
            assert screen_text(app).rstrip("\n").endswith("palette")  # the text export drops the spaces

    drive(app, scenario, size=size)
