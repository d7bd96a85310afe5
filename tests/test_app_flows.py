"""The app driven as the owner drives it: keys in, screen text and database rows out.

Every scenario runs the real app headless on a copy of the demo business, as
of the demo day, and presses keys; it then reads what the screen shows and
what the database file holds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def tier_of(app: Any, code: str) -> str | None:
    row = app.board.row(code) if app.board is not None else None
    return row.tier if row else None


def emotion_of(app: Any, code: str) -> float:
    return app.board.row(code).emotion


def section(text: str, start: str, end: str) -> str:
    """The part of the screen text between two headings."""
    return text[text.index(start) : text.index(end)]


async def started(pilot: Any) -> None:
    """Wait until the board is computed and on the screen."""
    app = pilot.app
    await wait_for(pilot, lambda: app.board is not None and "PLATINUM ·" in screen_text(app))


async def open_form(pilot: Any, key: str, form_type: type) -> Any:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, form_type))
    return pilot.app.screen


async def pick(pilot: Any, picker: Any, text: str) -> None:
    """Type *text* into a picker and take the first match with Enter."""
    await wait_for(pilot, lambda: pilot.app.focused is picker.input)
    await keys(pilot, text)
    await wait_for(pilot, lambda: picker.has_class("-open"))
    await pilot.press("enter")


async def saved_and_closed(pilot: Any, form: Any) -> None:
    await wait_for(pilot, lambda: pilot.app.screen is not form)


# --- log a rental ------------------------------------------------------------------------


async def log_rental(pilot: Any, customer: str, unit: str, end: str, amount: str) -> Any:
    """Open the rental form from the board and fill it by keyboard; returns the form."""
    from screens.forms.rental import RentalForm

    form = await open_form(pilot, "r", RentalForm)
    await pick(pilot, form.field("customer").widget, customer)
    await pick(pilot, form.field("equipment").widget, unit)
    await wait_for(pilot, lambda: pilot.app.focused is form.field("start_date").widget)
    await pilot.press("tab")  # start stays "today"
    await keys(pilot, end)
    await pilot.press("tab", "tab")  # past the daily rate, to the amount
    await keys(pilot, amount)
    await pilot.press("enter")
    return form


def test_log_a_rental_and_see_the_board_change(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        assert tier_of(app, "C037") == "iron"  # New Horizon Events: a prospect with no rental yet
        assert "New Horizon Events" not in section(screen_text(app), "PLATINUM", "GOLD")
        before = rows(demo, "SELECT count(*) FROM rentals")[0][0]

        form = await log_rental(pilot, "New Horiz", "E08", "+3", "¥200,000")
        await saved_and_closed(pilot, form)

        assert rows(
            demo,
            "SELECT customer, equipment, start_date, end_date, amount, status FROM rentals "
            "WHERE customer = 'C037'",
        ) == [("C037", "E08", "2026-11-20", "2026-11-23", 20_000_000, "on-rent")]
        assert rows(demo, "SELECT count(*) FROM rentals")[0][0] == before + 1
        await wait_for(pilot, lambda: "PLATINUM · 7" in screen_text(app))
        assert tier_of(app, "C037") == "platinum"
        platinum = section(screen_text(app), "PLATINUM", "GOLD")
        assert "New Horizon Events" in platinum and "200,000" in platinum

    drive(app, scenario)


def test_the_app_opens_on_the_stored_board_and_logs_onto_it(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fixtures import DEMO_AS_OF
    from tracker.board import current_board, engine
    from tracker.services import open_store

    conn = open_store(demo)
    try:
        current_board(conn, DEMO_AS_OF)  # as `rentrack board` or an earlier session leaves it
    finally:
        conn.close()
    computed: list[object] = []
    real = engine.compute_board
    monkeypatch.setattr(engine, "compute_board", lambda *a, **k: computed.append(a) or real(*a, **k))
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        assert app.board.from_cache and computed == []  # read back, not computed
        assert tier_of(app, "C037") == "iron"
        form = await log_rental(pilot, "New Horiz", "E08", "+3", "¥200,000")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: "PLATINUM · 7" in screen_text(app))
        assert tier_of(app, "C037") == "platinum"
        assert computed == []  # the board read back was updated for the one customer
        assert app.shown == change_count_of(demo)

    drive(app, scenario)


async def refused_rental(pilot: Any, unit: str) -> tuple[Any, Any]:
    """Log a rental of *unit* for Harbor Steel from today for three days; it must be refused beside the unit.

    Returns the form, still open, and its equipment field.
    """
    await started(pilot)
    form = await log_rental(pilot, "Harbor", unit, "+2", "3000")
    equipment = form.field("equipment")
    await wait_for(pilot, lambda: equipment.has_class("-invalid"))
    assert pilot.app.screen is form
    return form, equipment


def test_a_busy_unit_is_named_and_refused_beside_the_field(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        form, equipment = await refused_rental(pilot, "E04")
        text = screen_text(app)
        note = str(equipment.query_one(".field-note").content)  # said on picking, under the error now
        assert note == "Genie GS-4047 scissor 12m: taken: R0311 华东钢构有限公司 has it 2026-11-08 to 2026-11-27"
        assert "E04 is already out on rental R0311" in text  # and again on save
        assert equipment.widget.value == "E04" and form.field("amount").value == "3000"
        assert rows(demo, "SELECT count(*) FROM rentals WHERE customer = 'C002' AND equipment = 'E04'") == [(0,)]

    drive(app, scenario)


def test_a_unit_past_its_end_date_and_not_returned_is_still_out(demo: Path) -> None:
    """E02 was due back on 11-17 on R0306 and has not come back: from today it cannot go out again."""
    from tracker.views import open_reader, rental_counts

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        _, equipment = await refused_rental(pilot, "E02")
        error = str(equipment.query_one(".field-error").content)
        assert error == "✗ E02 is still out on rental R0306 (王师傅钢构安装队, due back 2026-11-17, not returned)"
        assert "R0306 王师傅钢构安装队" in str(equipment.query_one(".field-note").content)  # not "free"
        assert rows(demo, "SELECT count(*) FROM rentals WHERE equipment = 'E02' AND status = 'on-rent'") == [(1,)]
        conn = open_reader(demo)
        try:
            assert app.board.figures.units_on_rent == rental_counts(conn, app.as_of)["on-rent"] == 6
        finally:
            conn.close()

    drive(app, scenario)


# --- complaints: the emotion score falls, then partly recovers ------------------------------


def test_log_and_resolve_a_complaint_moves_the_emotion_score(demo: Path) -> None:
    from screens.forms.complaint import ComplaintForm
    from screens.forms.resolve import ResolveForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        before = emotion_of(app, "C002")
        assert f"{before:.1f}" in section(screen_text(app), "PLATINUM", "GOLD")

        form = await open_form(pilot, "c", ComplaintForm)
        await pick(pilot, form.field("customer").widget, "Harbor")
        await pilot.press("tab")  # opened: today
        await keys(pilot, "quali")  # a unique prefix of "quality"
        await keys(pilot, "tab", "5", "tab", "tab", "stuck")
        await pilot.press("enter")
        await saved_and_closed(pilot, form)

        ref, category, severity, status = rows(
            demo, "SELECT ref, category, severity, status FROM complaints WHERE customer = 'C002' "
            "AND opened_on = '2026-11-20'"
        )[0]
        assert (category, severity, status) == ("quality", 5, "open")
        await wait_for(pilot, lambda: emotion_of(app, "C002") < before - 1)
        hurt = emotion_of(app, "C002")
        assert hurt == pytest.approx(before - 20, abs=0.05)  # penalty 4 x severity, no decay yet
        await wait_for(pilot, lambda: f"{hurt:.1f}" in screen_text(app))

        form = await open_form(pilot, "v", ResolveForm)
        await pick(pilot, form.field("ref").widget, "Harbor")
        await keys(pilot, "tab", "fixed", "tab", "¥1,200")
        await pilot.press("enter")
        await saved_and_closed(pilot, form)

        assert rows(
            demo, "SELECT status, resolved_on, resolution, compensation FROM complaints WHERE ref = ?", ref
        ) == [("resolved", "2026-11-20", "fixed", 120_000)]
        await wait_for(pilot, lambda: emotion_of(app, "C002") > hurt + 1)
        healed = emotion_of(app, "C002")
        assert healed == pytest.approx(before - 5, abs=0.05)  # resolved at once: 75% repaired
        assert hurt < healed < before
        await wait_for(pilot, lambda: f"{healed:.1f}" in screen_text(app))

    drive(app, scenario)


# --- the customer list ------------------------------------------------------------------


def test_filter_the_customer_list_with_chinese_text_and_sort_it(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: "Harbor Steel Co." in screen_text(app))
        await keys(pilot, "slash", "钢构")
        await wait_for(pilot, lambda: "Harbor Steel Co." not in screen_text(app))
        text = screen_text(app)
        assert "华东钢构有限公司" in text and "九龙钢构" in text
        expected = {name for (name,) in rows(demo, "SELECT name FROM customers WHERE name LIKE '%钢构%'")}
        table = app.screen.query_one("#table")
        shown = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert shown == expected and len(expected) >= 2

        await keys(pilot, "backspace", "backspace", "4811")  # part of a phone number
        await wait_for(pilot, lambda: table.row_count == 1 and "华东钢构有限公司" in screen_text(app))

        await keys(pilot, "ctrl+u", "escape")  # back to the whole list, sorted by name
        await wait_for(pilot, lambda: table.row_count == 39)
        first = table.coordinate_to_cell_key((0, 0)).row_key.value
        assert first == "C017"  # Apex Steel Structures
        await keys(pilot, "s")  # sort by code
        await wait_for(pilot, lambda: table.coordinate_to_cell_key((0, 0)).row_key.value == "C001")
        assert "sorted by code" in screen_text(app)

    drive(app, scenario)


def test_sort_the_customer_list_by_value_and_tier_from_the_board(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("2")
        table = app.screen.query_one("#table")
        await wait_for(pilot, lambda: table.row_count == 39)
        await keys(pilot, "s", "s", "s", "s")  # name -> code -> newest -> city -> value
        by_value = [r.code for r in sorted(app.board.rows, key=lambda r: (-r.current_value, r.code))]
        shown = lambda: [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]  # noqa: E731
        await wait_for(pilot, lambda: "sorted by value" in screen_text(app) and shown() == by_value)

        await keys(pilot, "slash", "钢构")  # the filter keeps the value order
        matching = {code for (code,) in rows(demo, "SELECT code FROM customers WHERE name LIKE '%钢构%'")}
        await wait_for(pilot, lambda: shown() == [c for c in by_value if c in matching])

        await keys(pilot, "ctrl+u", "escape", "s")  # -> tier: the board's own order
        await wait_for(pilot, lambda: "sorted by tier" in screen_text(app)
                       and shown() == [r.code for r in app.board.rows])
        assert app.board.rows[0].tier == "platinum" and app.board.rows[-1].tier == "lead"

    drive(app, scenario)


# --- bad input keeps the form open ---------------------------------------------------------


def test_a_bad_date_keeps_the_form_open_with_the_message(demo: Path) -> None:
    from screens.forms.interaction import InteractionForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        before = rows(demo, "SELECT count(*) FROM interactions")
        form = await open_form(pilot, "i", InteractionForm)
        await pick(pilot, form.field("customer").widget, "Bright")
        await keys(pilot, "tab", "31/31/2026", "tab", "quote", "enter")
        date_field = form.field("date")
        await wait_for(pilot, lambda: date_field.has_class("-invalid"))
        assert app.screen is form
        assert date_field.value == "31/31/2026" and form.field("note").value == "quote"
        assert "✗" in screen_text(app) and "31/31/2026" in screen_text(app)
        assert rows(demo, "SELECT count(*) FROM interactions") == before

        # Fixing the date and pressing Enter again saves it.
        date_field.widget.focus()
        await keys(pilot, "ctrl+u", "yesterday", "enter")
        await saved_and_closed(pilot, form)
        assert rows(
            demo, "SELECT customer, kind, date, note FROM interactions WHERE note = 'quote'"
        ) == [("C007", "call", "2026-11-19", "quote")]

    drive(app, scenario)


# --- undo -------------------------------------------------------------------------------


def test_undo_puts_back_the_last_change_and_says_what(demo: Path) -> None:
    from screens.forms.customer import CustomerForm

    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "n", CustomerForm)
        await keys(pilot, "宁波新港吊装", "tab", "tab", "tab", "138 0000 1111", "enter")
        await saved_and_closed(pilot, form)
        code = rows(demo, "SELECT code FROM customers WHERE name = '宁波新港吊装'")[0][0]
        assert code == "C041"
        await wait_for(pilot, lambda: tier_of(app, code) == "lead")

        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: rows(demo, "SELECT count(*) FROM customers WHERE code = ?", code) == [(0,)])
        await wait_for(pilot, lambda: tier_of(app, code) is None)
        messages = [n.message for n in app._notifications]
        assert f"Undone: add customer {code}" in messages
        await wait_for(pilot, lambda: "Undone: add customer C041" in screen_text(app))

        await pilot.press("ctrl+z")  # nothing of this session is left, but the log may hold older changes
        await wait_for(pilot, lambda: len(app._notifications) > len(messages))

    drive(app, scenario)


# --- live refresh -------------------------------------------------------------------------


WRITER = """
import sys
from tracker.services import open_store, add
conn = open_store(sys.argv[1])
add(conn, "rentals", {"ref": "X0001", "customer": "C040", "equipment": "E12",
    "start_date": "2026-11-18", "end_date": "2026-11-19", "amount": "90000", "status": "returned"})
conn.close()
"""


def test_a_change_committed_by_another_process_reaches_the_board(demo: Path) -> None:
    app = make_app(demo)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        assert tier_of(app, "C040") == "lead"
        assert "Pacific Billboard Co." not in section(screen_text(app), "GOLD", "IRON")
        subprocess.run([sys.executable, "-c", WRITER, str(demo)], check=True, cwd=Path(__file__).parents[1])
        await wait_for(pilot, lambda: tier_of(app, "C040") == "gold", timeout=3)
        await wait_for(pilot, lambda: "Pacific Billboard Co." in section(screen_text(app), "GOLD", "IRON"))

    drive(app, scenario)


def test_an_own_save_and_another_process_commit_in_one_poll_both_reach_the_board(demo: Path) -> None:
    """An own save must not hide another process's commit that lands before the watcher looks."""
    from tracker.services import add, open_store

    app = make_app(demo)
    app.POLL_SECONDS = 3600.0  # the test decides when the watcher looks

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        value = app.board.row("C040").current_value
        form = await log_rental(pilot, "New Horiz", "E08", "+3", "¥200,000")
        await saved_and_closed(pilot, form)
        await wait_for(pilot, lambda: tier_of(app, "C037") == "platinum")
        other = open_store(demo)  # another program commits before the watcher's next look
        try:
            add(other, "rentals", {"ref": "X0002", "customer": "C040", "equipment": "E12", "amount": "50,000.00",
                                   "start_date": "2026-11-18", "end_date": "2026-11-19", "status": "returned"})
        finally:
            other.close()
        app._poll()
        await wait_for(pilot, lambda: app.board.row("C040").current_value == value + 5_000_000, timeout=5)
        assert tier_of(app, "C037") == "platinum"  # and the own save is still there

    drive(app, scenario)


def change_count_of(path: Path) -> int:
    """The database's change count, read by a second connection."""
    return rows(path, "SELECT n FROM change_count")[0][0]


# --- first run ----------------------------------------------------------------------------


def test_first_run_offers_the_demo_and_the_import_command(tmp_path: Path) -> None:
    from screens.board import BoardScreen
    from screens.welcome import WelcomeScreen

    path = tmp_path / "new.db"
    app = make_app(path)

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        text = screen_text(app)
        assert "Welcome to rentrack" in text
        assert "Load the demo data" in text and "Add the first customer" in text
        assert "import customers customers.csv" in text and "import all DIR" in text
        # The command as it can be typed in another terminal: this very rentrack, on this file.
        import re

        from tracker.command import command_path

        assert f"{command_path()}--db{path}".replace(" ", "") in re.sub(r"[\s█]", "", text)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await started(pilot)
        assert rows(path, "SELECT count(*) FROM customers") == [(40,)]
        assert "Harbor Steel Co." in screen_text(app)

    drive(app, scenario)


def test_first_run_then_the_first_customer(tmp_path: Path) -> None:
    from screens.board import BoardScreen
    from screens.forms.customer import CustomerForm
    from screens.welcome import WelcomeScreen

    path = tmp_path / "new.db"
    app = make_app(path)

    async def scenario(pilot: Any) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        form = await open_form(pilot, "n", CustomerForm)
        await wait_for(pilot, lambda: form.field("code").value == "C0001")  # a code is offered
        await keys(pilot, "远东吊装", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        await wait_for(pilot, lambda: tier_of(app, "C0001") == "lead")  # no value yet, small: low potential
        await wait_for(pilot, lambda: "LEAD · 1" in screen_text(app))
        text = screen_text(app)
        assert "远东吊装" in text[text.index("LEAD · 1") :]
        assert rows(path, "SELECT code, name, segment, created_on FROM customers") == [
            ("C0001", "远东吊装", "small", "2026-11-20")
        ]
        assert not [n for n in app._notifications if n.severity == "error"]

    drive(app, scenario)



# --- the picker finds a customer by one of its people ------------------------------------


def test_the_customer_picker_finds_a_customer_by_a_contacts_name_or_phone(demo: Path) -> None:
    from screens.forms.interaction import InteractionForm
    from tracker.services import add, open_store

    conn = open_store(demo)
    try:
        add(conn, "contacts", {"ref": "CT1", "customer": "C037", "name": "Zhou Minghui", "phone": "139-7777-2468"})
    finally:
        conn.close()
    app = make_app(demo)
    before = rows(demo, "SELECT ref FROM interactions")

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        for typed, kind in (("Zhou Ming", "visit"), ("13977772468", "gift")):
            form = await open_form(pilot, "i", InteractionForm)
            await pick(pilot, form.field("customer").widget, typed)
            await wait_for(pilot, lambda: app.focused is form.field("kind").widget)
            await keys(pilot, kind)
            await pilot.press("enter")
            await saved_and_closed(pilot, form)
        added = [r for r in rows(demo, "SELECT ref, customer, kind FROM interactions ORDER BY ref")
                 if (r[0],) not in before]
        assert [r[1:] for r in added] == [("C037", "visit"), ("C037", "gift")]

    drive(app, scenario)
