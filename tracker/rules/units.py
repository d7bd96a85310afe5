"""What each unit earns and how much it is out: utilisation and profit over a window of days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """One unit over a window (money in cents)."""

    code: str
    name: str
    category: str
    status: str
    days_out: int  # days it was out on counting rentals within the window
    window_days: int
    rentals: int  # counting rentals that started in the window
    revenue: int  # their amounts
    rental_cost: int  # their costs
    upkeep_cost: int  # inspections, services and repairs done in the window

    @property
    def utilisation(self) -> float:
        """The share of the window's days the unit was out (0 to 1)."""
        return self.days_out / self.window_days if self.window_days else 0.0

    @property
    def profit(self) -> int:
        """Revenue less the rentals' costs and the unit's upkeep."""
        return self.revenue - self.rental_cost - self.upkeep_cost


def unit_figures(rows: Iterable[tuple], window_days: int) -> list[UnitFigures]:
    """Unit figures from :func:`db.report_queries.unit_figures` rows over a window of *window_days* days."""
    return [
        UnitFigures(code, name, category, status, round(days), window_days, rentals, int(amount), int(cost),
                    int(upkeep))
        for code, name, category, status, days, rentals, amount, cost, upkeep in rows
    ]
