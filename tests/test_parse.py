"""Parsers of typed and imported text."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from dateutil import parser as dateutil_parser
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.cents import cents_to_text
from tracker.parse import (
    MAX_CENTS,
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
    assert parse_money(cents_to_text(cents)) == cents


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


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.booleans())
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


# --- dates must name what they mean -----------------------------------------------


@pytest.mark.parametrize("text", ["5", "10:30", "2026", "March", "5 pm", "March 5", "Monday", "2024-03", "3rd"])
def test_a_file_date_must_name_day_month_and_year(text: str) -> None:
    with pytest.raises(ValueError, match=f"not a full date: {text} \\(give day, month and year\\)"):
        parse_date(text)


@pytest.mark.parametrize("text", ["5", "10:30", "2026", "5 pm", "March", "Monday"])
def test_a_form_date_must_name_day_and_month(text: str) -> None:
    with pytest.raises(ValueError, match="not a full date"):
        parse_date(text, today=TODAY, relative=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("March 5", date(2026, 3, 5)), ("5 March", date(2026, 3, 5)), ("5/3", date(2026, 5, 3)),
     ("March 5, 2024", date(2024, 3, 5)), ("+3", TODAY + timedelta(3)), ("tomorrow", TODAY + timedelta(1))],
)
def test_a_form_date_without_a_year_is_in_the_year_of_today(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, relative=True) == expected


@pytest.mark.parametrize("text", ["9999-12-31", "1899-12-31", "3000-01-01", "31 December 9999", "0001-01-01"])
@pytest.mark.parametrize("relative", [False, True])
def test_dates_outside_1900_to_2999_are_refused(text: str, relative: bool) -> None:
    with pytest.raises(ValueError, match="not a plausible date: .* \\(years 1900 to 2999\\)"):
        parse_date(text, today=TODAY, relative=relative)


def test_relative_dates_stay_in_range() -> None:
    with pytest.raises(ValueError, match="not a plausible date"):
        parse_date("+3", today=date(2999, 12, 30), relative=True)
    assert parse_date("+1", today=date(2999, 12, 30), relative=True) == date(2999, 12, 31)


_DEFAULT_A, _DEFAULT_B = datetime(1997, 2, 3), datetime(2013, 11, 27)


def _fills_from_default(text: str, dayfirst: bool) -> bool | None:
    """What dateutil itself says: None if it cannot read *text*, else whether it left day, month or year out."""
    try:
        res, _ = dateutil_parser.parser()._parse(text, dayfirst=dayfirst)
    except (ValueError, OverflowError, TypeError):
        return None
    if res is None:
        return None
    try:
        dateutil_parser.parse(text, dayfirst=dayfirst, default=_DEFAULT_A)
    except (ValueError, OverflowError, dateutil_parser.ParserError):
        return None
    return res.year is None or res.month is None or res.day is None


#: Date-like texts built from parts, some of them left out.
_PARTS = st.fixed_dictionaries(
    {},
    optional={
        "day": st.integers(1, 28).map(str),
        "month": st.sampled_from(["January", "Feb", "march", "Sep", "December", "6月"]),
        "year": st.integers(1900, 2999).map(str),
        "time": st.sampled_from(["10:30", "5 pm", "23:59:59", "noon", "8am"]),
        "weekday": st.sampled_from(["Monday", "tue", "Sunday"]),
    },
)


@settings(max_examples=300, deadline=None)
@given(_PARTS, st.booleans(), st.randoms(use_true_random=False))
def test_a_date_dateutil_completes_from_today_is_refused(parts: dict, dayfirst: bool, rnd) -> None:
    words = list(parts.values())
    rnd.shuffle(words)
    text = " ".join(words)
    verdict = _fills_from_default(text, dayfirst)
    if not text.strip() or verdict is None:
        return
    if verdict:
        with pytest.raises(ValueError, match="not a full date"):
            parse_date(text, dayfirst=dayfirst)
    else:
        day = parse_date(text, dayfirst=dayfirst)
        assert day == dateutil_parser.parse(text, dayfirst=dayfirst, default=_DEFAULT_A).date()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789/-.: ,apmAPMJanFebMrchSeptOctDecMondaySunday", max_size=14), st.booleans())
def test_any_text_dateutil_reads_only_by_filling_in_is_refused(text: str, dayfirst: bool) -> None:
    verdict = _fills_from_default(text, dayfirst)
    try:
        parse_date(text, dayfirst=dayfirst)
    except ValueError:
        return
    assert verdict is False, text


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)), st.booleans(), st.booleans())
def test_a_full_iso_date_round_trips(day: date, dayfirst: bool, relative: bool) -> None:
    assert parse_date(day.isoformat(), dayfirst=dayfirst, relative=relative, today=TODAY) == day
    assert parse_date(f" {day.isoformat()} ", dayfirst=dayfirst) == day


# --- money caps ----------------------------------------------------------------------


def test_money_is_capped_at_ten_billion() -> None:
    assert MAX_CENTS == 10**12
    assert parse_money("10,000,000,000.00") == MAX_CENTS
    for text in ("10000000000.01", "¥10,000,000,001", "99999999999999"):
        with pytest.raises(ValueError, match="amount too large: .* \\(at most 10,000,000,000.00\\)"):
            parse_money(text)


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


# --- Chinese and shorthand dates ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026年11月20日", date(2026, 11, 20)), ("2024年3月5日", date(2024, 3, 5)), ("11月20日", date(2026, 11, 20)),
     ("11月20号", date(2026, 11, 20)), (" 3月5日 ", date(2026, 3, 5)), ("１１月２０日", date(2026, 11, 20)),
     ("11.20", date(2026, 11, 20)), ("3.5", date(2026, 3, 5)), ("明天", TODAY + timedelta(1)),
     ("昨天", TODAY - timedelta(1)), ("后天", TODAY + timedelta(2)), ("前天", TODAY - timedelta(2)),
     ("大后天", TODAY + timedelta(3)), ("大前天", TODAY - timedelta(3)),
     # TODAY is a Friday: next week runs from Monday 23 to Sunday 29 November.
     ("下周一", date(2026, 11, 23)), ("下星期三", date(2026, 11, 25)), ("下礼拜日", date(2026, 11, 29)),
     ("下周天", date(2026, 11, 29)), ("本周一", date(2026, 11, 16)), ("这周五", TODAY), ("上周一", date(2026, 11, 9))],
)
def test_chinese_and_shorthand_form_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, relative=True) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("2026年2月30日", "not a real date: 2026年2月30日"), ("2.30", "not a real date: 2.30 (month.day)"),
     ("20.11", "not a real date: 20.11 (month.day)"), ("11月", "not a"), ("2026年11月", "not a"),
     ("周一", "not a date: 周一 (say 本周一 or 下周一)"), ("下周八", "not a date")],
)
def test_chinese_and_shorthand_dates_that_mean_no_one_day_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_date(text, today=TODAY, relative=True)


def test_a_file_reads_a_chinese_date_with_its_year_and_refuses_one_without() -> None:
    assert parse_date("2026年11月20日") == date(2026, 11, 20)
    assert parse_date("2026年11月20日", dayfirst=True) == date(2026, 11, 20)
    for text in ("11月20日", "11.20", "下周一", "后天"):
        with pytest.raises(ValueError, match="not a"):
            parse_date(text)


_DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@given(_DAYS, st.booleans(), st.booleans())
def test_any_date_written_the_chinese_way_reads_back(day: date, dayfirst: bool, relative: bool) -> None:
    text = f"{day.year}年{day.month}月{day.day}日"
    assert parse_date(text, dayfirst=dayfirst, relative=relative, today=TODAY) == day


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 12, 31)), st.integers(1, 12), st.integers(1, 31))
def test_month_dot_day_is_that_day_of_the_year_of_today_or_refused(today: date, month: int, day: int) -> None:
    for text in (f"{month}.{day}", f"{month:02d}.{day:02d}", f"{month}月{day}日"):
        try:
            expected = date(today.year, month, day)
        except ValueError:
            with pytest.raises(ValueError, match="not a real date"):
                parse_date(text, today=today, relative=True)
            continue
        assert parse_date(text, today=today, relative=True) == expected


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2998, 12, 31)), st.integers(0, 6))
def test_next_week_day_is_in_the_week_after_this_one(today: date, weekday: int) -> None:
    name = "一二三四五六日"[weekday]
    got = parse_date(f"下周{name}", today=today, relative=True)
    assert got.weekday() == weekday
    assert got - timedelta(got.weekday()) == today - timedelta(today.weekday()) + timedelta(7)
    assert parse_date(f"本周{name}", today=today, relative=True) == got - timedelta(7)
