"""Validation of each entity (shared by the forms and the importer)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.records import (
    COMPLAINTS,
    CUSTOMERS,
    INTERACTIONS,
    RENTALS,
    Customer,
    Entity,
    ParseOptions,
    Rental,
    ValidationError,
    derive_key,
    from_row,
    to_row,
    validate,
)


def errors(entity: Entity, raw: dict[str, str], **kw) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        validate(entity, raw, **kw)
    return {e.field: e.message for e in info.value.errors}


def test_a_customer_needs_only_code_and_name() -> None:
    c = validate(CUSTOMERS, {"code": "C1", "name": "华东钢构有限公司"})
    assert isinstance(c, Customer)
    assert (c.segment, c.partner, c.potential, c.created_on) == ("small", False, None, date.today())


def test_missing_required_fields_are_named() -> None:
    assert set(errors(CUSTOMERS, {"code": "C1"})) == {"name"}
    assert set(errors(RENTALS, {"ref": "R1"})) == {"customer", "start_date", "end_date"}
    assert set(errors(COMPLAINTS, {"ref": "K1", "customer": "C1", "opened_on": "2024-01-01"})) == {
        "category", "severity"}


def test_every_bad_field_is_reported_at_once() -> None:
    found = errors(COMPLAINTS, {"ref": "K1", "customer": "C1", "opened_on": "2026-02-30",
                                  "category": "rude", "severity": "9"})
    assert set(found) == {"opened_on", "category", "severity"}
    assert "2026-02-30" in found["opened_on"]


def test_rental_amount_defaults_to_rate_times_days() -> None:
    r = validate(RENTALS, {"ref": "R1", "customer": "C1", "start_date": "2024-03-01",
                             "end_date": "2024-03-03", "daily_rate": "¥1,000"})
    assert isinstance(r, Rental) and r.amount == 300000 and r.days == 3


def test_rental_needs_amount_or_rate_and_ordered_dates() -> None:
    assert "amount" in errors(RENTALS, {"ref": "R1", "customer": "C1", "start_date": "2024-03-01",
                                          "end_date": "2024-03-03"})
    assert "end_date" in errors(RENTALS, {"ref": "R1", "customer": "C1", "start_date": "2024-03-05",
                                            "end_date": "2024-03-03", "amount": "10"})


def test_complaint_status_follows_resolved_on() -> None:
    k = validate(COMPLAINTS, {"ref": "K1", "customer": "C1", "opened_on": "2024-01-01",
                                "category": "waiting", "severity": "3", "resolved_on": "2024-01-02"})
    assert k.status == "resolved"
    assert "resolved_on" in errors(COMPLAINTS, {"ref": "K1", "customer": "C1", "opened_on": "2024-01-05",
                                                  "category": "waiting", "severity": "3",
                                                  "resolved_on": "2024-01-02"})
    assert "resolved_on" in errors(COMPLAINTS, {"ref": "K1", "customer": "C1", "opened_on": "2024-01-05",
                                                  "category": "waiting", "severity": "3", "status": "resolved"})


def test_update_keeps_fields_not_given_and_blank_clears_optional_ones() -> None:
    base = validate(CUSTOMERS, {"code": "C1", "name": "A", "potential": "4", "city": "上海",
                                  "created_on": "2024-01-01"})
    changed = validate(CUSTOMERS, {"potential": "", "phone": "138 0013 8000"}, base=base)
    assert (changed.potential, changed.city, changed.phone, changed.created_on) == (
        None, "上海", "138 0013 8000", date(2024, 1, 1))


def test_dayfirst_and_relative_options() -> None:
    opts = ParseOptions(dayfirst=True, today=date(2026, 11, 20), relative=True)
    i = validate(INTERACTIONS, {"ref": "I1", "customer": "C1", "date": "05/03/2024", "kind": "Visit"},
                 options=opts)
    assert (i.date, i.kind) == (date(2024, 3, 5), "visit")
    i = validate(INTERACTIONS, {"ref": "I1", "customer": "C1", "date": "yesterday", "kind": "call"},
                 options=opts)
    assert i.date == date(2026, 11, 19)


def test_rows_round_trip() -> None:
    c = validate(CUSTOMERS, {"code": "C1", "name": "A", "partner": "yes", "created_on": "2024-01-01"})
    assert to_row(CUSTOMERS, c)["partner"] == 1 and to_row(CUSTOMERS, c)["created_on"] == "2024-01-01"
    assert from_row(CUSTOMERS, to_row(CUSTOMERS, c)) == c


def test_derived_interaction_refs_are_stable() -> None:
    row = {"customer": "C1", "date": "2024-01-01", "kind": "call", "note": "hi"}
    assert derive_key(INTERACTIONS, row) == derive_key(INTERACTIONS, dict(row))
    assert derive_key(INTERACTIONS, row) != derive_key(INTERACTIONS, {**row, "note": "bye"})


FORM = ParseOptions(today=date(2026, 11, 20), relative=True)


def test_rate_times_days_is_held_to_the_amount_cap_in_forms_and_files() -> None:
    raw = {"ref": "R1", "customer": "C1", "start_date": "2026-03-01", "end_date": "2026-03-02",
           "daily_rate": "10,000,000,000"}
    for options in (ParseOptions(), FORM):
        assert errors(RENTALS, raw, options=options) == {
            "daily_rate": "10,000,000,000.00 x 2 days comes to 20,000,000,000.00,"
                          " over the most one amount can be (10,000,000,000.00)"}
    one_day = validate(RENTALS, {**raw, "end_date": "2026-03-01"})
    assert isinstance(one_day, Rental) and one_day.amount == 10**12


def test_form_dates_need_day_and_month_and_take_this_year() -> None:
    raw = {"ref": "R1", "customer": "C1", "amount": "100"}
    got = validate(RENTALS, {**raw, "start_date": "5 March", "end_date": "+3"}, options=FORM)
    assert (got.start_date, got.end_date) == (date(2026, 3, 5), date(2026, 11, 23))
    for text in ("5", "10:30", "2026", "5 pm"):
        assert errors(RENTALS, {**raw, "start_date": text, "end_date": "today"}, options=FORM) == {
            "start_date": f"not a full date: {text} (give at least day and month)"}


def test_file_dates_need_day_month_and_year() -> None:
    raw = {"ref": "R1", "customer": "C1", "amount": "100", "end_date": "2026-03-05"}
    for text in ("5", "10:30", "2026", "March", "5 pm", "5 March"):
        assert errors(RENTALS, {**raw, "start_date": text}) == {
            "start_date": f"not a full date: {text} (give day, month and year)"}
    assert errors(RENTALS, {**raw, "start_date": "today"}) == {"start_date": "not a date: today"}


def test_a_record_refused_is_told_every_mistake_at_once() -> None:
    """A bad field does not hide the rules and other fields: category, severity and dates together."""
    with pytest.raises(ValidationError) as info:
        validate(RENTALS, {"ref": "R1", "customer": "C1", "start_date": "2026-11-20",
                                       "end_date": "2026-11-18", "status": "lost", "daily_rate": "100"},
                 options=ParseOptions(today=date(2026, 11, 20)))
    fields = {e.field: e.message for e in info.value.errors}
    assert fields["status"].startswith("'lost' is not one of")
    assert fields["end_date"] == "2026-11-18 is before the start (2026-11-20)"


def test_a_prefix_of_two_choices_asks_which() -> None:
    from db.schema import COMPLAINT_CATEGORIES
    from tracker.parse import parse_choice

    with pytest.raises(ValueError, match=r"^'wa': waiting or warranty\?$"):
        parse_choice("wa", COMPLAINT_CATEGORIES)
