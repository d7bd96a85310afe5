"""Tasks and promises: when one comes up, how a snooze reads, and the day's list, most urgent first.

Pure functions with ``today`` given.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

#: The snoozes the owner picks by name: a week, two weeks, a month.
SNOOZES: tuple[str, ...] = ("1w", "2w", "1m")

_PERIOD = re.compile(r"\s*(\d{1,3})\s*([dwm])\s*", re.IGNORECASE)


def comes_up(due: date, snoozed_until: date | None) -> date:
    """The day a task comes up: the end of its snooze, else its due day."""
    return snoozed_until or due


def add_months(day: date, months: int) -> date:
    """The same day *months* later (the month's last day when it has fewer days)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period(text: str) -> tuple[int, str] | None:
    """``1w`` -> (1, "w"); days ``d``, weeks ``w``, months ``m``; None for anything else."""
    m = _PERIOD.fullmatch(text)
    if not m or int(m.group(1)) == 0:
        return None
    return int(m.group(1)), m.group(2).lower()


def snooze_until(how_long: tuple[int, str], due: date, snoozed_until: date | None, today: date) -> date:
    """Where a snooze of *how_long* puts a task: counted from the later of today and the day it comes up.

    A task not yet due is put off from its own day, one overdue from today.
    """
    n, unit = how_long
    start = max(today, comes_up(due, snoozed_until))
    if unit == "m":
        return add_months(start, n)
    return start + timedelta(days=n * (7 if unit == "w" else 1))


#: The kinds of the day's list, most urgent first: a promise kept, then the owner's own next actions, a
#: complaint (it worsens every week it waits), a unit not back, a call due, a return visit due, money owed,
#: a birthday ahead.
TODAY_KINDS: tuple[str, ...] = (
    "promise", "task", "complaint", "return", "follow-up", "return-visit", "unpaid", "birthday",
)


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One line of the day's list: what, whose, since (or on) which day, and why in words.

    ``weight`` orders items of one kind before their day does (lower first):
    a complaint's severity, negated; a follow-up's tier, platinum first.
    """

    kind: str
    day: date
    customer: str
    name: str
    ref: str
    what: str
    weight: int = 0


def urgency_key(item: TodayItem) -> tuple[int, int, date, str, str]:
    """By kind (:data:`TODAY_KINDS`), then weight, then the oldest first, then customer name and ref."""
    order = TODAY_KINDS.index(item.kind) if item.kind in TODAY_KINDS else len(TODAY_KINDS)
    return (order, item.weight, item.day, item.name, item.ref)


def most_urgent_first(items: Iterable[TodayItem]) -> list[TodayItem]:
    """The day's items, most urgent first (:func:`urgency_key`)."""
    return sorted(items, key=urgency_key)


def next_birthday(birthday: date, today: date) -> date:
    """The next day on or after *today* that is *birthday*'s day of the year (29 February: the 28th)."""
    for year in (today.year, today.year + 1):
        day = min(birthday.day, calendar.monthrange(year, birthday.month)[1])
        d = date(year, birthday.month, day)
        if d >= today:
            return d
    raise AssertionError("unreachable")
