"""Small text helpers shared by the screens: stored text as text, money, bands, arrows.

Whatever the owner typed (names, codes, notes, sites, descriptions...) reaches Rich and
Textual through :func:`plain` or :func:`cell`, never as a ``str``: a ``str`` is read as
markup there, so a customer called ``[/]`` would stop a table from drawing and one called
``[bold red]x[/]`` would turn red.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text

#: Emotion bands and the style of their score: readable on dark and light backgrounds.
BAND_STYLES = {
    "close": "bold #2fa84f",
    "warm": "#3f9f5f",
    "neutral": "",
    "cool": "#c98a00",
    "cold": "bold #d03b3b",
}
TIER_STYLES = {
    "platinum": "bold #7f8fa6",
    "gold": "bold #c9a227",
    "iron": "bold #6b7b8c",
    "lead": "bold #8a7f73",
}
ARROWS = {"up": Text("▲", style="#2fa84f"), "down": Text("▼", style="#d03b3b")}


def plain(value: Any, style: str = "") -> Text:
    """Stored text shown exactly as typed (``[bold]`` in a name stays ``[bold]``); blank for none."""
    return Text("" if value is None else str(value), style=style)


def cell(value: Any, style: str = "") -> Text:
    """Stored text for a table cell: as typed, on one line cut at the column's width.

    The same look a ``str`` cell gets from ``DataTable``, without reading it as markup.
    """
    return Text("" if value is None else str(value), style=style, no_wrap=True, end="")


def money(cents: int | None, *, decimals: bool = False) -> str:
    """Cents as whole units with thousands separators (``12,345``); blank for none."""
    if cents is None:
        return ""
    if decimals:
        sign = "-" if cents < 0 else ""
        whole, frac = divmod(abs(int(cents)), 100)
        return f"{sign}{whole:,}.{frac:02d}"
    return f"{round(cents / 100):,}"


def emotion(score: float | None, band: str | None) -> Text:
    """The emotion score with one decimal, coloured by its band."""
    if score is None:
        return Text("")
    return Text(f"{score:.1f}", style=BAND_STYLES.get(band or "", ""), justify="right")


def arrow(change: str | None) -> Text:
    """▲ for a tier gained, ▼ for a tier lost, blank otherwise."""
    return ARROWS.get(change or "", Text(" ")).copy()


def day(value: Any) -> str:
    """ISO text of a date (or the text itself)."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def percent(value: float | None) -> str:
    """A share (0..1) as a whole percentage."""
    return "" if value is None else f"{value * 100:.0f}%"
