"""Importing a CSV file from the app: ctrl+o (or the palette's "Import CSV…"), a path, what it holds, a bar.

The same import as ``rentrack import``: a good file lands whole and is announced once; a file
with a bad row is refused, the screen names the row and the field, and nothing changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, wait_for

from screens.import_screen import ImportScreen, guess_holds

HEADER = "ref,customer,start_date,end_date,amount,status\n"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def messages(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_import(pilot: Any) -> ImportScreen:
    app = pilot.app
    await wait_for(pilot, lambda: app.board is not None)
    await keys(pilot, "ctrl+o")
    await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
    return app.screen


def test_a_good_file_is_imported_with_its_progress_announced_once_and_the_board_follows(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = tmp_path / "new_rentals.csv"
    csv.write_text(HEADER + "".join(
        f"R91{i:02d},C003,2026-11-{10 + i},2026-11-{12 + i},{1000 + i}.00,returned\n" for i in range(3)
    ), encoding="utf-8")
    before = rows(demo, "SELECT COUNT(*) FROM rentals")[0][0]
    app = make_app(demo)  # the watcher runs too: the import is still announced once
    bar: list[tuple[float, str]] = []
    post = ImportScreen.post_message

    def posted(screen: ImportScreen, message: Any) -> bool:
        if isinstance(message, ImportScreen._Step):
            bar.append((message.percent, message.text))
        return post(screen, message)

    monkeypatch.setattr(ImportScreen, "post_message", posted)

    async def scenario(pilot: Any) -> None:
        screen = await open_import(pilot)
        await keys(pilot, str(csv))
        await wait_for(pilot, lambda: screen.query_one("#import-holds").value == "rentals")
        generation = app.generation
        await keys(pilot, "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen), timeout=10)
        await wait_for(pilot, lambda: "Imported 3 rentals (from new_rentals.csv)" in messages(app), timeout=8)
        await wait_for(pilot, lambda: app.generation > generation)
        await pilot.pause(1.2)  # the watcher has looked again since: it does not announce it a second time
        assert messages(app).count("Imported 3 rentals (from new_rentals.csv)") == 1

    drive(app, scenario)
    # What the importer said it had done moved the bar: every row checked, then written.
    assert bar[-2:] == [(90, "3 good rows; writing them…"), (100, "3 rows written; finishing…")]
    assert rows(demo, "SELECT COUNT(*) FROM rentals")[0][0] == before + 3
    assert rows(demo, "SELECT customer, amount FROM rentals WHERE ref = 'R9101'") == [("C003", 100100)]


def test_a_file_with_a_bad_row_is_refused_naming_the_row_and_field_and_changes_nothing(
    demo: Path, tmp_path: Path
) -> None:
    csv = tmp_path / "rentals.csv"
    csv.write_text(HEADER + "R9201,C003,2026-11-10,2026-11-12,1000.00,returned\n"
                   "R9202,C003,someday,2026-11-12,1000.00,returned\n", encoding="utf-8")
    before = rows(demo, "SELECT COUNT(*), MAX(ref) FROM rentals")
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        screen = await open_import(pilot)
        await keys(pilot, str(csv), "enter")
        await wait_for(pilot, lambda: "nothing was imported" in str(screen.query_one("#import-error").render()))
        error = str(screen.query_one("#import-error").render())
        assert error.splitlines()[0] == f"{csv}: line 3: start_date: not a date: someday"
        assert "1 bad row; nothing was imported" in error
        assert isinstance(app.screen, ImportScreen) and not screen.running  # fix the file, Enter again
        assert not [m for m in messages(app) if m.startswith("Imported")]
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen))

    drive(app, scenario)
    assert rows(demo, "SELECT COUNT(*), MAX(ref) FROM rentals") == before


def test_escape_before_it_starts_imports_nothing_and_the_palette_offers_it(demo: Path, tmp_path: Path) -> None:
    csv = tmp_path / "customers.csv"
    csv.write_text("code,name\nC901,Escape Test Co\n", encoding="utf-8")
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await open_import(pilot)
        await keys(pilot, str(csv), "escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen))
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Import CSV…" in titles
        # A path that is no file, or a file whose name says nothing, is asked about before anything runs.
        screen = await open_import(pilot)
        await keys(pilot, str(tmp_path / "missing.csv"), "enter")
        await wait_for(pilot, lambda: str(screen.query_one("#import-error").render()).endswith("no such file."))
        assert not screen.running

    drive(app, scenario)
    assert rows(demo, "SELECT COUNT(*) FROM customers WHERE code = 'C901'") == [(0,)]


def test_what_a_file_holds_is_read_from_its_name() -> None:
    assert guess_holds("~/Downloads/rentals.csv") == "rentals"
    assert guess_holds("Return visits 2026.csv") == "return_visits"
    assert guess_holds("customer-list.csv") == "customers"
    assert guess_holds("equipment.csv") == "equipment"
    assert guess_holds("new_rentals.csv") == "rentals"
    assert guess_holds("export.csv") is None
