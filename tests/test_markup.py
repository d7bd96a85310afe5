"""Names and notes that look like markup are shown as typed: in the CLI's tables and on every screen.

The owner's texts go to Rich and Textual as text, never as markup: a customer called ``[/]``
must not crash a table, ``[bold red]x[/]`` must not turn red, and ``[@click=app.quit]x`` or
``[link=file:///etc/passwd]x[/link]`` must not become a click or a link.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import drive, keys, make_app, screen_text, wait_for
from click.testing import CliRunner
from markup_support import (
    CITY,
    DESCRIPTION,
    INDUSTRY,
    NAMES,
    NOTE,
    NOTES,
    ODD_CODE,
    ODD_CODE_NAME,
    OTHER_UNIT_NAME,
    PHONE,
    SITE,
    UNIT_NAME,
    code_of,
    markup_db,
)

from fixtures import DEMO_AS_OF
from tests.reliability_support import rentrack

AS_OF = DEMO_AS_OF.isoformat()
#: Wide enough that the names are not cut short on the board and in the lists.
WIDE = (200, 50)
ALL_NAMES = {*NAMES, ODD_CODE_NAME}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return markup_db(tmp_path / "markup.db")


# --- the CLI ----------------------------------------------------------------------------------


def _board_table_shows_every_name(out: str) -> None:
    lines = out.splitlines()
    for name in ALL_NAMES:
        assert any(f" {name} " in line for line in lines), name
    assert any(f" {ODD_CODE} " in line for line in lines)


def test_board_table_and_explain_print_names_as_typed(db: Path) -> None:
    from tracker.cli import cli

    for name in ("[/]", "[bold red]x[/]", "[link=file:///etc/passwd]x[/link]", "[@click=app.quit]x", "[red", "]",
                 "[[x]]", "\\[x]", "[/bold]", "[b]unclosed"):
        assert name in NAMES  # the corpus holds what breaks markup, and CJK text among it
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in NAMES)

    runner = CliRunner()
    board = runner.invoke(cli, ["--db", str(db), "board", "--as-of", AS_OF, "--format", "table"])
    assert board.exit_code == 0, board.output
    _board_table_shows_every_name(board.output)
    assert "[bold red]x[/]" in board.output

    explain = runner.invoke(cli, ["--db", str(db), "explain", "M02", "--as-of", AS_OF])
    assert explain.exit_code == 0, explain.output
    assert explain.output.startswith(f"{NAMES[1]} (M02) as of {AS_OF}")
    assert f"visit: {NOTE}" in explain.output
    odd = runner.invoke(cli, ["--db", str(db), "explain", ODD_CODE, "--as-of", AS_OF])
    assert odd.exit_code == 0, odd.output
    assert odd.output.startswith(f"{ODD_CODE_NAME} ({ODD_CODE})")


def test_board_table_as_a_process_prints_names_as_typed(db: Path) -> None:
    proc = rentrack(db, "board", "--as-of", AS_OF, "--format", "table")
    assert proc.returncode == 0, proc.stderr
    assert "unexpected error" not in proc.stderr
    _board_table_shows_every_name(proc.stdout)
    assert "[link=file:///etc/passwd]x[/link]" in proc.stdout
    explain = rentrack(db, "explain", code_of("[/]"), "--as-of", AS_OF)
    assert explain.returncode == 0, explain.stderr
    assert explain.stdout.startswith(f"[/] ({code_of('[/]')}) as of {AS_OF}")


# --- the app ----------------------------------------------------------------------------------


def shown(value: Any) -> str:
    """What a DataTable cell holding *value* shows (a ``str`` cell is read as markup there)."""
    from textual.widgets._data_table import default_cell_formatter

    return default_cell_formatter(value).plain  # type: ignore[union-attr]


def column(table: Any, key: str) -> list[str]:
    """The text every row of *table* shows in the column *key*."""
    return [shown(value) for value in table.get_column(key)]


def no_click_or_link(widget: Any) -> None:
    """Nothing *widget* draws carries a link or an ``@click`` action taken from its text."""
    for y in range(widget.size.height):
        for segment in widget.render_line(y):
            style = segment.style
            if style is None:
                continue
            assert not style.link, (y, segment.text)
            assert not any(str(k).startswith("@") for k in (style.meta or {})), (y, segment.text)


async def started(pilot: Any) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.board is not None and "PLATINUM ·" in screen_text(app), timeout=15)


async def on_list(pilot: Any, key: str, rows: int) -> Any:
    screen = pilot.app.screen
    await pilot.press(key)
    await wait_for(pilot, lambda: pilot.app.screen is not screen and bool(pilot.app.screen.query("#table")))
    table = pilot.app.screen.query_one("#table")
    await wait_for(pilot, lambda: table.loaded_once and table.row_count == rows)
    return table


def test_board_and_every_list_show_names_and_texts_as_typed(db: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.widgets.alert_list import AlertList
    from screens.widgets.tier_table import TierTable

    app = make_app(db)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        board = app.screen
        names = set()
        for tier in board.query(TierTable):
            names |= set(column(tier, "name"))
            no_click_or_link(tier)
        assert names == ALL_NAMES
        text = screen_text(app)
        for name in ALL_NAMES:
            assert name in text, name
        alerts = board.query_one(AlertList)
        prompts = [str(alerts.get_option_at_index(i).prompt) for i in range(alerts.option_count)]
        assert any(NAMES[11] in p for p in prompts)  # [$accent]东方[/]: spend down
        no_click_or_link(alerts)

        customers = await on_list(pilot, "2", len(ALL_NAMES))
        assert set(column(customers, "name")) == ALL_NAMES
        assert ODD_CODE in column(customers, "code")
        assert PHONE in column(customers, "phone") and CITY in column(customers, "city")
        text = screen_text(app)
        for name in ("[/]", "[bold red]x[/]", "[@click=app.quit]x", "[[x]]", "\\[x]", "[b]unclosed", NAMES[10]):
            assert name in text, name
        no_click_or_link(customers)
        await keys(pilot, "slash", "[/]")  # the filter box says what was typed
        await wait_for(pilot, lambda: customers.row_count < len(ALL_NAMES))
        assert "filter “[/]”" in str(app.screen.query_one("#list-status").render())
        assert "[/]" in column(customers, "name") and ODD_CODE in column(customers, "code")
        await keys(pilot, "ctrl+u", "escape")
        await wait_for(pilot, lambda: customers.row_count == len(ALL_NAMES))
        # A click on the name that reads like an action only moves the cursor there.
        row = column(customers, "name").index("[@click=app.quit]x")
        y = 1 + row - round(customers.scroll_y)  # under the header row; the name column starts at x=10
        assert (await pilot.click(customers, offset=(12, y)))
        await wait_for(pilot, lambda: customers.cursor_row == row)
        assert app.is_running
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        assert app.is_running and app.screen.code == code_of("[@click=app.quit]x")
        await pilot.press("escape")

        rentals = await on_list(pilot, "3", 1)  # on rent: M02 at its site
        assert column(rentals, "customer") == [NAMES[1]] and column(rentals, "site") == [SITE]
        assert SITE[:16] in screen_text(app) and NAMES[1] in screen_text(app)  # the column is 16 wide
        no_click_or_link(rentals)
        for _ in range(4):  # to "All"
            await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: rentals.row_count == len(ALL_NAMES) + 2)
        assert set(column(rentals, "customer")) == ALL_NAMES
        assert column(rentals, "site").count(SITE) == 3

        complaints = await on_list(pilot, "4", 1)
        assert column(complaints, "customer") == [NAMES[1]]
        assert column(complaints, "description") == [DESCRIPTION]
        assert DESCRIPTION in screen_text(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: complaints.row_count == 2)
        assert set(column(complaints, "customer")) == {NAMES[1], NAMES[3]}
        no_click_or_link(complaints)

        units = await on_list(pilot, "5", 3)
        assert column(units, "name") == [UNIT_NAME, OTHER_UNIT_NAME, "Plain mast"]
        assert column(units, "with")[0] == NAMES[1]  # on rent with M02
        assert NAMES[1] in column(units, "next")[1]  # E02 booked next by M02
        for expected in (UNIT_NAME, OTHER_UNIT_NAME):
            assert expected[:24] in screen_text(app)  # the name column is 24 wide
        no_click_or_link(units)
        assert app.is_running

    drive(app, scenario, size=WIDE)


def test_customer_screen_shows_profile_timeline_and_breakdown_as_typed(db: Path) -> None:
    from screens.customer import CustomerScreen

    app = make_app(db)

    async def opened(pilot: Any, code: str) -> Any:
        app.open_customer(code)
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen) and app.screen.code == code)
        screen = app.screen
        await wait_for(pilot, lambda: "Emotion breakdown ·" in screen_text(app) and "Owed" in screen_text(app))
        return screen

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        screen = await opened(pilot, "M02")
        profile = str(screen.query_one("#profile").content)
        for expected in (NAMES[1], PHONE, CITY, INDUSTRY, NOTES):
            assert expected in profile, expected
        assert screen.sub_title == f"{NAMES[1]} (M02)"
        text = screen_text(app)
        for expected in (f"{NAMES[1]} (M02)", PHONE, CITY, NOTES):
            assert expected in text, expected
        what = column(screen.query_one("#timeline"), "what")
        assert f"E01 until 2026-11-24 · on-rent · {SITE}" in what
        assert any(DESCRIPTION in w for w in what) and NOTE in what
        breakdown = column(screen.query_one("#breakdown"), "what")
        assert f"visit: {NOTE}" in breakdown
        assert f"referred {NAMES[2]} (M03) first rented" in breakdown
        for table in screen.query("DataTable"):
            no_click_or_link(table)
        await pilot.press("escape")

        screen = await opened(pilot, code_of("[/]"))
        assert str(screen.query_one("#profile").content).startswith("[/]\n")
        assert "[/]" in screen_text(app)
        assert SITE in column(screen.query_one("#timeline"), "what")[0]
        await pilot.press("escape")

        app.open_customer("[b]none[/b]")
        await wait_for(pilot, lambda: "No customer with code [b]none[/b]." in screen_text(app))
        assert app.is_running

    drive(app, scenario, size=WIDE)


def test_pickers_and_the_palette_offer_names_as_typed(db: Path) -> None:
    from textual.widgets import OptionList

    from screens.customer import CustomerScreen
    from screens.forms.find_customer import FindCustomerForm
    from screens.forms.rental import RentalForm
    from screens.forms.resolve import ResolveForm
    from screens.forms.returned import ReturnedForm

    app = make_app(db)

    def offered(picker: Any) -> list[str]:
        return [str(o.prompt) for o in picker.query_one(OptionList).options]

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.screen, FindCustomerForm))
        form = app.screen
        picker = form.field("customer").widget
        await wait_for(pilot, lambda: app.focused is picker.input)
        await keys(pilot, "[/")
        await wait_for(pilot, lambda: picker.has_class("-open"))
        assert picker.input.value == "[/"
        for name in ("[/]", "[bold red]x[/]", "[/bold]", "[link=file:///etc/passwd]x[/link]", NAMES[10]):
            code = code_of(name)
            assert any(p.startswith(f"{name}  [{code}]") for p in offered(picker)), name
        text = screen_text(app)
        for prompt in offered(picker)[:5]:  # the list shows six lines at a time
            assert prompt in text, prompt
        assert any(p.startswith(f"{NAMES[1]}  [M02]  {PHONE} · {CITY}") for p in offered(picker))
        assert any(p.startswith(f"{ODD_CODE_NAME}  [{ODD_CODE}]") for p in offered(picker))
        no_click_or_link(picker.query_one(OptionList))
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FindCustomerForm))

        await pilot.press("v")  # the open complaints, with what happened
        await wait_for(pilot, lambda: isinstance(app.screen, ResolveForm))
        complaints = app.screen.field("ref").widget
        await wait_for(pilot, lambda: offered(complaints))
        assert offered(complaints) == [
            f"K01  {NAMES[1]}: quality severity 4, opened 2026-11-18 · {DESCRIPTION}"
        ]
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ResolveForm))

        await pilot.press("m")  # the rentals still out
        await wait_for(pilot, lambda: isinstance(app.screen, ReturnedForm))
        rentals = app.screen.field("ref").widget
        await wait_for(pilot, lambda: len(offered(rentals)) == 2)
        assert all(p.split(": ")[0].endswith(f"  {NAMES[1]}") for p in offered(rentals))
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReturnedForm))

        await pilot.press("r")  # the units, with their names
        await wait_for(pilot, lambda: isinstance(app.screen, RentalForm))
        units = app.screen.field("equipment").widget
        await keys(pilot, "M03", "enter")
        await wait_for(pilot, lambda: app.focused is units.input)
        await keys(pilot, "E0")
        await wait_for(pilot, lambda: len(offered(units)) == 3)
        assert offered(units)[0].startswith(f"E01  {UNIT_NAME}  500/day  taken: R91 {NAMES[1]} has it")
        assert offered(units)[1].startswith(f"E02  {OTHER_UNIT_NAME}  900/day")
        assert f"E01  {UNIT_NAME}" in screen_text(app)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, RentalForm))

        await keys(pilot, "ctrl+p", "[bold red")
        await wait_for(pilot, lambda: f"Customer: {NAMES[1]} (M02)" in screen_text(app))
        assert f"{PHONE} · {CITY}" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        assert app.screen.code == "M02"
        await pilot.press("escape")
        await keys(pilot, "ctrl+p", "[/]")
        await wait_for(pilot, lambda: f"Customer: [/] ({code_of('[/]')})" in screen_text(app))
        await wait_for(pilot, lambda: f"Customer: {ODD_CODE_NAME} ({ODD_CODE})" in screen_text(app))
        await pilot.press("escape")
        assert app.is_running

    drive(app, scenario, size=WIDE)


def test_messages_after_saving_archiving_and_undoing_show_names_as_typed(db: Path) -> None:
    from screens.customer import CustomerScreen
    from screens.forms.customer import CustomerForm

    app = make_app(db)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerForm))
        form = app.screen
        await wait_for(pilot, lambda: form.field("code").value != "")  # the next free code, filled in
        await keys(pilot, "[bold red]new[/]")
        form.field("code").widget.focus()
        await keys(pilot, "ctrl+u", "[/]N", "tab", "tab", "tab", "tab", "tab", "[b]9")  # potential "[b]9"
        await pilot.press("enter")
        await wait_for(pilot, lambda: form.field("potential").has_class("-invalid"))
        assert "[b]9" in str(form.field("potential").query_one(".field-error").render())
        form.field("potential").widget.focus()
        await keys(pilot, "ctrl+u", "enter")
        await wait_for(pilot, lambda: app.screen is not form)
        await wait_for(pilot, lambda: "Added customer [bold red]new[/] ([/]N)" in screen_text(app))

        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: "Undone: add customer [/]N" in screen_text(app))

        app.open_customer(code_of("[/]"))
        await wait_for(pilot, lambda: isinstance(app.screen, CustomerScreen))
        await wait_for(pilot, lambda: "Owed" in screen_text(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: "Archive [/] (" in screen_text(app))
        await pilot.press("y")
        await wait_for(pilot, lambda: "Archived [/]: off the board" in screen_text(app))
        assert app.is_running

    drive(app, scenario, size=WIDE)


def test_welcome_shows_the_database_path_as_typed(tmp_path: Path) -> None:
    from textual.widgets import Static

    from screens.welcome import WelcomeScreen

    folder = tmp_path / "[b]shop"
    folder.mkdir()
    app = make_app(folder / "rentrack.db")

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        said = f"The database {folder / 'rentrack.db'} is empty."
        await wait_for(pilot, lambda: any(said in str(s.render()) for s in app.screen.query(Static)))
        assert app.is_running

    drive(app, scenario, size=WIDE)
