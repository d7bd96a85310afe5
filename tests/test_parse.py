"""Parsers of typed and imported text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.parse import (
    format_money,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_money,
    shown,
    shown_names,
)

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("2024-03-05", False, date(2024, 3, 5)),
        ("2024-03-05", True, date(2024, 3, 5)),  # ISO is never day-first
        ("05/03/2024", True, date(2024, 3, 5)),
        ("05/03/2024", False, date(2024, 5, 3)),
        ("2024/3/5", True, date(2024, 3, 5)),
        ("March 5, 2024", False, date(2024, 3, 5)),
        (" 2024-03-05 ", False, date(2024, 3, 5)),
    ],
)
def test_dates(text: str, dayfirst: bool, expected: date) -> None:
    assert parse_date(text, dayfirst=dayfirst) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("today", TODAY), ("Yesterday", TODAY - timedelta(1)), ("+3", TODAY + timedelta(3)),
     ("-2", TODAY - timedelta(2)), ("今天", TODAY)],
)
def test_relative_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, relative=True) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "", "soon", "2024-13-01", "32/01/2024"])
def test_bad_dates_say_so(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text, dayfirst=True)


def test_relative_words_need_relative_mode() -> None:
    with pytest.raises(ValueError):
        parse_date("+3")


@pytest.mark.parametrize(
    ("text", "cents"),
    [("1200", 120000), ("1,200", 120000), ("¥1,200.50", 120050), ("￥1200", 120000),
     ("1 200.5", 120050), ("$0.99", 99), ("1200元", 120000), ("RMB 35", 3500)],
)
def test_money(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize("text", ["-5", "1e309", "NaN", "inf", "1.234", "abc", "", "(5)", "1.2.3"])
def test_bad_money(text: str) -> None:
    with pytest.raises(ValueError):
        parse_money(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_money_round_trips_through_its_text(cents: int) -> None:
    assert parse_money(format_money(cents)) == cents


@given(st.text(max_size=30))
def test_money_parser_only_raises_value_error(text: str) -> None:
    try:
        assert parse_money(text) >= 0
    except ValueError:
        pass


@given(st.text(max_size=30), st.booleans())
def test_date_parser_only_raises_value_error(text: str, dayfirst: bool) -> None:
    try:
        parse_date(text, dayfirst=dayfirst, relative=True, today=TODAY)
    except ValueError:
        pass


@given(st.dates(min_value=date(1900, 1, 1)), st.booleans())
def test_iso_dates_read_back_whatever_dayfirst_says(day: date, dayfirst: bool) -> None:
    assert parse_date(day.isoformat(), dayfirst=dayfirst) == day


def test_ints_bools_choices() -> None:
    assert parse_int("3", low=1, high=5) == 3
    assert parse_int("4.0") == 4
    with pytest.raises(ValueError, match="between 1 and 5"):
        parse_int("6", low=1, high=5)
    assert parse_bool("Yes") is True and parse_bool("否") is False
    assert parse_choice("On Rent", ("booked", "on-rent")) == "on-rent"
    with pytest.raises(ValueError, match="not one of"):
        parse_choice("lunch", ("call", "visit"))


# --- echoing what a file or a person typed --------------------------------------------


def test_control_characters_are_escaped_in_messages() -> None:
    assert shown("\x1b[2J") == "\\x1b[2J"
    assert shown("a\u202eb\u2028c") == "a\\u202eb\\u2028c"
    assert shown("客户\u3000名 ok") == "客户\u3000名 ok"
    for parse in (parse_date, parse_money, parse_int, lambda t: parse_choice(t, ("a", "b")), parse_bool):
        with pytest.raises(ValueError) as caught:
            parse("\x1b[2J\x07\x9b31m")
        assert "\x1b" not in str(caught.value) and "\x07" not in str(caught.value)
        assert "\x9b" not in str(caught.value)


def test_long_text_is_cut_in_messages() -> None:
    with pytest.raises(ValueError) as caught:
        parse_money("9" * 100_000)
    assert len(str(caught.value)) < 200 and "100,000 characters" in str(caught.value)
    assert shown_names(f"c{i}" for i in range(50_000)) == "c0, c1, c2, c3, c4, c5, c6, c7 … and 49,992 more"
