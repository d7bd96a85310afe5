"""Which unit is free when: each day of a window, what a unit is doing (pure, as of a day)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Span:
    """A counting rental of one unit (a unit on rent past its end is still out)."""

    ref: str
    customer: str
    name: str
    start: date
    end: date
    status: str


@dataclass(frozen=True, slots=True)
class Day:
    """What a unit does on one day: ``free``, ``out`` (on rent or rented then), ``booked``, or the unit's
    own status (``maintenance``) from today on; the rental holding it, if one does."""

    state: str
    span: Span | None = None


FREE = Day("free")


def unit_days(spans: Iterable[Span], status: str, first: date, days: int, as_of: date) -> list[Day]:
    """The *days* days from *first* for one unit with the given rentals and status.

    A rental on rent and past its end holds the unit until it comes back: up
    to *as_of* at least. A unit not available is so from *as_of* on, where no
    rental holds it.
    """
    out = [FREE] * days
    if status != "available":
        for i in range(max(0, (as_of - first).days), days):
            out[i] = Day(status)
    for s in spans:
        end = max(s.end, as_of) if s.status == "on-rent" else s.end
        state = "booked" if s.status == "booked" and s.start > as_of else "out"
        lo, hi = max(0, (s.start - first).days), min(days - 1, (end - first).days)
        for i in range(lo, hi + 1):
            out[i] = Day(state, s)
    return out


def window(first: date, days: int) -> list[date]:
    """The days of the window."""
    return [first + timedelta(days=i) for i in range(days)]
