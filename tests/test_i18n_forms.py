"""The forms, lists and widgets in Chinese: labels, column headings and choices shown in Chinese,
while what is saved stays the canonical English value."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from app_helpers import demo_db, drive, keys, make_app, rows, screen_text, wait_for

from tracker.i18n import _, use_language
from tracker.words import shown

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "demo.db")


def chinese(english: str) -> str:
    """*english* as the catalogue has it in Chinese (checked to be Chinese)."""
    said = _(english)
    assert said != english and CJK.search(said), (english, said)
    return said


async def started(pilot: Any) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: app.board is not None and f"{shown('platinum').upper()} ·" in screen_text(app),
                   timeout=10)


async def open_form(pilot: Any, key: str, form_type: type) -> Any:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, form_type))
    await pilot.pause()
    return pilot.app.screen


def test_the_new_customer_and_rental_forms_speak_chinese(demo: Path) -> None:
    from screens.forms.customer import CustomerForm
    from screens.forms.rental import RentalForm

    use_language("zh")
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        form = await open_form(pilot, "n", CustomerForm)
        text = screen_text(app)
        for label in ("New customer", "Name", "Code", "Segment", "Phone"):
            assert chinese(label) in text, label
        assert "Enter save" not in text and chinese("Enter save · {cancel} cancel · Tab/{next} next field")[:8] in text
        # The segment's choice is shown in Chinese; the value the form sends is the stored one.
        assert form.field("segment").widget.value == shown("small") != "small"
        assert form.field("segment").value == "small"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CustomerForm))

        form = await open_form(pilot, "r", RentalForm)
        text = screen_text(app)
        for label in ("Log rental", "Customer", "Equipment", "Start", "End", "Daily rate", "Status"):
            assert chinese(label) in text, label
        assert form.field("status").widget.value == shown("on-rent")
        assert form.field("status").value == "on-rent"

    drive(app, scenario, size=(120, 40))


def test_a_complaint_whose_cause_is_typed_in_chinese_is_stored_with_the_english_cause(demo: Path) -> None:
    from screens.forms.complaint import ComplaintForm

    use_language("zh")
    cause = shown("attitude")
    assert cause != "attitude" and CJK.search(cause)
    app = make_app(demo, watch=False)
    before = rows(demo, "SELECT count(*) FROM complaints")[0][0]

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        app.open_form(ComplaintForm("C002"))
        await wait_for(pilot, lambda: isinstance(app.screen, ComplaintForm))
        form = app.screen
        await pilot.pause()
        assert chinese("Category") in screen_text(app)
        box = form.field("category").widget
        box.value = cause
        form.field("description").widget.value = "送货司机态度差"
        await pilot.pause()
        await keys(pilot, "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ComplaintForm))

    drive(app, scenario, size=(120, 40))
    assert rows(demo, "SELECT count(*) FROM complaints")[0][0] == before + 1
    assert rows(demo, "SELECT category FROM complaints WHERE description = ?", "送货司机态度差") == [("attitude",)]


def test_the_rentals_list_has_chinese_column_labels_and_tabs(demo: Path) -> None:
    from screens.lists.rentals import RentalListScreen
    from screens.widgets.paged_table import PagedTable

    use_language("zh")
    app = make_app(demo, watch=False)

    async def scenario(pilot: Any) -> None:
        await started(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, RentalListScreen))
        table = app.screen.query_one(PagedTable)
        await wait_for(pilot, lambda: table.row_count > 0)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:3] == [chinese("Ref"), chinese("Customer"), chinese("Unit")]
        # Keys stay English; each column is at least as wide as its Chinese heading.
        assert [k.value for k in table.columns][:3] == ["ref", "customer", "equipment"]
        from rich.cells import cell_len

        assert all(c.width >= cell_len(str(c.label)) for c in table.columns.values())
        text = screen_text(app)
        assert chinese("Due back this week") in text
        assert shown("on-rent") in text

    drive(app, scenario, size=(120, 40))
