"""The business figures in one strip across the top of the board."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from screens.format import money
from tracker.settings import Settings, number

if TYPE_CHECKING:
    from datetime import date

    from tracker.rules.figures import Figures

#: Field name -> label, in display order; other fields follow with their own names.
#: The labels of profit and of the top share name settings: see :func:`labels`.
LABELS = {
    "active_customers": "Active",
    "profit": "Profit",
    "top_share_of_profit": "Top share",
    "value_at_risk": "At risk",
    "repeat_rate": "Repeat",
    "complaints_per_100_rentals": "Complaints/100",
    "open_complaints": "Open compl.",
    "average_emotion": "Avg emotion",
    "units_on_rent": "On rent",
}
#: Figures not shown in the strip (shown elsewhere or implied by others).
HIDDEN = {"top_profit"}
_MONEY_WORDS = ("profit", "value", "revenue", "risk")
_SHARE_WORDS = ("share", "rate")


def labels(settings: Settings) -> dict[str, str]:
    """The labels, with what the settings make of profit and of the top share: ``Profit 12m``, ``Top 20% share``."""
    days = settings.value_window_days
    window = f"{days // 365 * 12}m" if days % 365 == 0 else f"{days}d"
    return {
        **LABELS,
        "profit": f"{settings.value_basis.capitalize()} {window}",
        "top_share_of_profit": f"Top {number(round(settings.top_share * 100, 2))}% share",
    }


def figure_items(figures: Figures, settings: Settings) -> list[tuple[str, str]]:
    """(label, text) for each scalar business figure, in a stable order."""
    values = {f.name: getattr(figures, f.name) for f in dataclasses.fields(figures)}
    label = labels(settings)
    names = [n for n in label if n in values] + [n for n in values if n not in label and n not in HIDDEN]
    out: list[tuple[str, str]] = []
    for name in names:
        value = values[name]
        if isinstance(value, (dict, list, tuple)) or value is None and name not in label:
            continue
        out.append((label.get(name, name.replace("_", " ").capitalize()), format_figure(name, value)))
    return out


def format_figure(name: str, value: Any) -> str:
    """A figure as text: money for values, percentages for shares and rates."""
    if value is None:
        return "–"
    if any(w in name for w in _SHARE_WORDS) and isinstance(value, float) and value <= 1.0:
        return f"{value * 100:.0f}%"
    if any(w in name for w in _MONEY_WORDS) and isinstance(value, int):
        return money(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


class FiguresStrip(Static):
    """Active customers, profit, the top customers' share, value at risk, ... in one or two lines."""

    def show(self, figures: Figures, settings: Settings, as_of: date) -> None:
        """Render *figures* (the board's business figures as of *as_of*, computed with *settings*)."""
        text = Text()
        text.append(f"as of {as_of}  ", style="dim")
        for i, (label, value) in enumerate(figure_items(figures, settings)):
            if i:
                text.append("  ")
            text.append(f"{label} ", style="dim")
            text.append(value, style="bold")
        self.update(text)
