"""How the business moves over time: months, the Pareto curve, tier migration, complaints by quarter.

Pure functions over plain rows (the queries are :mod:`db.report_queries`); money in cents.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from db.schema import TIERS
from tracker.i18n import N_


def month_of(day: date) -> str:
    """``2026-11`` for any day of November 2026."""
    return f"{day.year:04d}-{day.month:02d}"


def months_back(last: date, count: int) -> list[str]:
    """The *count* calendar months ending with *last*'s month, oldest first (``2024-12`` … ``2026-11``)."""
    index = last.year * 12 + last.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def first_of_months_back(last: date, count: int) -> date:
    """The first day of the earliest of the *count* months ending with *last*'s (24: two years of months)."""
    year, month = months_back(last, count)[0].split("-")
    return date(int(year), int(month), 1)


def months_between(first: date, last: date) -> list[str]:
    """Every calendar month from *first*'s to *last*'s, both included, oldest first."""
    count = (last.year * 12 + last.month) - (first.year * 12 + first.month) + 1
    return months_back(last, max(count, 0))


@dataclass(frozen=True, slots=True)
class Month:
    """One calendar month of rentals (by the month they start in), in cents."""

    month: str
    rentals: int
    revenue: int
    cost: int
    compensation: int  # given back on complaints opened in the month

    @property
    def profit(self) -> int:
        """Revenue less the rentals' costs and the compensation given (as SPEC 4.1 counts value)."""
        return self.revenue - self.cost - self.compensation


def monthly(
    months: Sequence[str], rentals: Iterable[tuple[str, int, int, int]], compensation: Iterable[tuple[str, int]]
) -> list[Month]:
    """A :class:`Month` for each of *months* (a month with nothing in it is all zeros).

    *rentals*: (month, count, revenue, cost); *compensation*: (month, amount).
    """
    money = {m: (int(n), int(rev), int(cost)) for m, n, rev, cost in rentals}
    given = {m: int(c) for m, c in compensation}
    return [Month(m, *money.get(m, (0, 0, 0)), given.get(m, 0)) for m in months]


@dataclass(frozen=True, slots=True)
class ParetoPoint:
    """The top *customers* customers (*customer_share* of all) bring *profit_share* of the profit."""

    customers: int
    customer_share: float
    profit_share: float


@dataclass(frozen=True, slots=True)
class Pareto:
    """The cumulative share of profit by share of customers, best first, and its 80/20 reading."""

    points: list[ParetoPoint]
    #: The share of the profit the top 20% of customers bring (the board's "Top 20% share").
    top_fifth_share: float
    #: The fewest customers that bring 80% of the profit, and their share of all customers.
    for_eighty: int
    for_eighty_share: float


def pareto(values: Iterable[int]) -> Pareto:
    """The Pareto curve of customer values (cents; a customer worth nothing or less adds no profit).

    Customers are taken best first; the top fifth is ``ceil(0.2 x N)`` customers, as the
    tiers cut it. With no profit at all every share is 0.
    """
    ranked = sorted(values, reverse=True)
    n = len(ranked)
    total = sum(v for v in ranked if v > 0)
    points: list[ParetoPoint] = []
    running = 0
    for_eighty = 0
    for i, v in enumerate(ranked, start=1):
        running += max(v, 0)
        share = running / total if total else 0.0
        points.append(ParetoPoint(i, i / n, share))
        if not for_eighty and total and share >= 0.8:
            for_eighty = i
    fifth = math.ceil(0.2 * n)
    top = points[fifth - 1].profit_share if fifth else 0.0
    return Pareto(points, top, for_eighty, for_eighty / n if n else 0.0)


#: The rows and columns of a migration table beyond the tiers (keys; show them with ``_()``).
NEW, GONE = N_("new"), N_("gone")


def migration(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """How many customers moved from each tier to each, between two boards (code -> tier).

    A customer on only one of the boards is counted from or to ``new`` / ``gone``.
    """
    rows = (*TIERS, NEW)
    cols = (*TIERS, GONE)
    table = {r: dict.fromkeys(cols, 0) for r in rows}
    for code in before.keys() | after.keys():
        table[before.get(code, NEW)][after.get(code, GONE)] += 1
    return table


def quarter_of(day: str) -> str:
    """``2026-Q4`` for an ISO day in October to December 2026."""
    return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"


def by_quarter(complaints: Iterable[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """Complaints by quarter, then by cause: from (month ``YYYY-MM``, category, count) rows."""
    out: dict[str, dict[str, int]] = {}
    for month, category, count in complaints:
        quarter = quarter_of(month + "-01")
        out.setdefault(quarter, {})
        out[quarter][category] = out[quarter].get(category, 0) + int(count)
    return dict(sorted(out.items()))


#: Eight heights of a bar, lowest first (a sparkline in text).
BARS = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[int]) -> str:
    """*values* as a line of bars from the lowest to the highest (a loss is the lowest bar)."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BARS[0] * len(values)
    return "".join(BARS[round((v - low) / (high - low) * (len(BARS) - 1))] for v in values)
