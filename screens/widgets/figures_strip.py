"""The business figures in one strip across the top of the board."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.text import Text
from textual.widgets import Static

from screens.format import money

#: Field name -> label, in display order; other fields follow with their own names.
LABELS = {
    "active_customers": "Active",
    "profit": "Profit 12m",
    "top_share_of_profit": "Top 20% share",
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


def figure_items(figures: Any) -> list[tuple[str, str]]:
    """(label, text) for each scalar business figure, in a stable order."""
    if figures is None:
        return []
    if dataclasses.is_dataclass(figures):
        values = {f.name: getattr(figures, f.name) for f in dataclasses.fields(figures)}
    elif isinstance(figures, dict):
        values = dict(figures)
    else:
        values = {k: v for k, v in vars(figures).items() if not k.startswith("_")}
    names = [n for n in LABELS if n in values] + [n for n in values if n not in LABELS and n not in HIDDEN]
    out: list[tuple[str, str]] = []
    for name in names:
        value = values[name]
        if isinstance(value, (dict, list, tuple)) or value is None and name not in LABELS:
            continue
        out.append((LABELS.get(name, name.replace("_", " ").capitalize()), format_figure(name, value)))
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


def category_counts(figures: Any) -> dict[str, int]:
    """Complaints by category, if the figures carry them."""
    for name in ("complaints_by_category", "complaint_categories", "categories"):
        value = getattr(figures, name, None)
        if isinstance(value, dict):
            return value
    return {}


class FiguresStrip(Static):
    """Active customers, profit, 80/20 share, value at risk, ... in one or two lines."""

    def show(self, figures: Any, as_of: Any = None) -> None:
        """Render *figures* (the board's business figures)."""
        text = Text()
        if as_of is not None:
            text.append(f"as of {as_of}  ", style="dim")
        for i, (label, value) in enumerate(figure_items(figures)):
            if i:
                text.append("  ")
            text.append(f"{label} ", style="dim")
            text.append(value, style="bold")
        self.update(text)
