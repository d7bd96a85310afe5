"""Business figures (SPEC 4.7): pure arithmetic over the evaluated customers.

All figures are over the active customers as of the date; "in the window"
means the current-value window (``value_window_days``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from db.schema import COMPLAINT_CATEGORIES, TIERS
from tracker.rules.tiers import HIGH_VALUE_TIERS


@dataclass(slots=True)
class CustomerFigures:
    """One active customer's share of the figures."""

    current_value: int
    tier: str
    band: str
    emotion: float
    counting_rentals: int  # counting rentals started on or before the date
    window_rentals: int  # counting rentals started in the window
    window_complaints: tuple[str, ...]  # categories of complaints opened in the window
    open_complaints: int


@dataclass(frozen=True)
class Figures:
    """The business at a glance.

    ``top_share_of_profit``: the share of ``profit`` earned from the first
    K = ceil(top_share x N) customers by current value (None when profit <= 0).
    ``value_at_risk``: current value of platinum and gold customers whose band
    is cool or cold. ``repeat_rate``: customers with >= 2 counting rentals over
    those with >= 1. ``complaints_per_100_rentals``: complaints opened in the
    window per 100 counting rentals started in it. Rates are None when their
    denominator is 0.
    """

    active_customers: int = 0
    profit: int = 0
    top_profit: int = 0
    top_share_of_profit: float | None = None
    value_at_risk: int = 0
    repeat_rate: float | None = None
    complaints_per_100_rentals: float | None = None
    open_complaints: int = 0
    average_emotion: float | None = None
    units_on_rent: int = 0
    complaints_by_category: dict[str, int] = field(default_factory=dict)
    tier_counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON (money left in cents)."""
        return {
            "active_customers": self.active_customers,
            "profit": self.profit,
            "top_profit": self.top_profit,
            "top_share_of_profit": self.top_share_of_profit,
            "value_at_risk": self.value_at_risk,
            "repeat_rate": self.repeat_rate,
            "complaints_per_100_rentals": self.complaints_per_100_rentals,
            "open_complaints": self.open_complaints,
            "average_emotion": self.average_emotion,
            "units_on_rent": self.units_on_rent,
            "complaints_by_category": dict(self.complaints_by_category),
            "tier_counts": dict(self.tier_counts),
        }


@dataclass(frozen=True, slots=True)
class VisitFigures:
    """Return visits over the window: the average satisfaction score (0-100) of its visits, and the
    share of the rentals that came back in it that were visited (None when there is nothing to divide)."""

    average_satisfaction: float | None
    returns_visited: float | None
    visits: int


def visit_figures(ratings: Mapping[str, int], scores: Mapping[str, int], returned: int, visited: int) -> VisitFigures:
    """*ratings* counts the window's visits by rating, *scores* is each rating's score."""
    n = sum(ratings.values())
    total = sum(scores[r] * k for r, k in ratings.items())
    return VisitFigures(total / n if n else None, visited / returned if returned else None, n)


AT_RISK_TIERS = HIGH_VALUE_TIERS
AT_RISK_BANDS = ("cool", "cold")


def business_figures(
    customers: Iterable[CustomerFigures], top_k: int, units_on_rent: int
) -> Figures:
    """Aggregate the active customers' figures; *top_k* is K of the tier cut.

    One pass over the customers: the app calls this after every change.
    """
    n = profit = at_risk = one = two = window_rentals = open_complaints = 0
    emotion_total = 0.0
    values: list[int] = []
    by_category = dict.fromkeys(COMPLAINT_CATEGORIES, 0)
    tier_counts = dict.fromkeys(TIERS, 0)
    for c in customers:
        n += 1
        value = c.current_value
        values.append(value)
        profit += value
        tier_counts[c.tier] += 1
        if c.tier in AT_RISK_TIERS and c.band in AT_RISK_BANDS:
            at_risk += value
        if c.counting_rentals >= 1:
            one += 1
            if c.counting_rentals >= 2:
                two += 1
        window_rentals += c.window_rentals
        open_complaints += c.open_complaints
        emotion_total += c.emotion
        for cat in c.window_complaints:
            by_category[cat] = by_category.get(cat, 0) + 1
    values.sort(reverse=True)
    top_profit = sum(values[:top_k])
    window_complaints = sum(by_category.values())
    return Figures(
        active_customers=n,
        profit=profit,
        top_profit=top_profit,
        top_share_of_profit=top_profit / profit if profit > 0 else None,
        value_at_risk=at_risk,
        repeat_rate=two / one if one else None,
        complaints_per_100_rentals=100 * window_complaints / window_rentals if window_rentals else None,
        open_complaints=open_complaints,
        average_emotion=emotion_total / n if n else None,
        units_on_rent=units_on_rent,
        complaints_by_category=by_category,
        tier_counts=tier_counts,
    )
