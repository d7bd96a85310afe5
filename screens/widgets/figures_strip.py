"""The business figures in one strip across the top of the board."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widgets import Static

from screens.format import money
from tracker.i18n import N_, _
from tracker.settings import Settings, number

if TYPE_CHECKING:
    from datetime import date

    from tracker.rules.figures import Figures

#: Field name -> label, in display order; other fields follow with their own names.
#: The labels of profit and of the top share name settings: see :func:`labels`.
#: Declared in English, translated where shown (:func:`labels`).
LABELS = {
    "active_customers": N_("Active"),
    "profit": N_("Profit"),
    "top_share_of_profit": N_("Top share"),
    "value_at_risk": N_("At risk"),
    "repeat_rate": N_("Repeat"),
    "complaints_per_100_rentals": N_("Complaints/100"),
    "open_complaints": N_("Open compl."),
    "average_emotion": N_("Avg emotion"),
    "units_on_rent": N_("On rent"),
}
#: What the ``value_basis`` setting's values are called in the profit's label.
BASIS_WORDS = {"profit": N_("Profit"), "revenue": N_("Revenue")}
#: Figures not shown in the strip (shown elsewhere or implied by others).
HIDDEN = {"top_profit"}
_MONEY_WORDS = ("profit", "value", "revenue", "risk")
_SHARE_WORDS = ("share", "rate")


def labels(settings: Settings) -> dict[str, str]:
    """The labels, with what the settings make of profit and of the top share: ``Profit 12m``, ``Top 20% share``.

    In the language spoken now.
    """
    days = settings.value_window_days
    window = _("{n}m").format(n=days // 365 * 12) if days % 365 == 0 else _("{n}d").format(n=days)
    basis = settings.value_basis
    return {
        **{name: _(label) for name, label in LABELS.items()},
        "profit": _("{basis} {window}").format(
            basis=_(BASIS_WORDS[basis]) if basis in BASIS_WORDS else basis.capitalize(), window=window
        ),
        "top_share_of_profit": _("Top {pct}% share").format(pct=number(round(settings.top_share * 100, 2))),
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
        text.append(_("as of {date}").format(date=as_of) + "  ", style="dim")
        for i, (label, value) in enumerate(figure_items(figures, settings)):
            if i:
                text.append("  ")
            text.append(f"{label} ", style="dim")
            text.append(value, style="bold")
        self.update(text)
