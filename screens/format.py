"""Small text helpers shared by the screens: stored text as text, money, named styles, arrows.

Whatever the owner typed (names, codes, notes, sites, descriptions...) reaches Rich and
Textual through :func:`plain` or :func:`cell`, never as a ``str``: a ``str`` is read as
markup there, so a customer called ``[/]`` would stop a table from drawing and one called
``[bold red]x[/]`` would turn red.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tracker.cents import cents_to_text
from tracker.i18n import N_, _
from tracker.rules.emotion import BANDS
from tracker.rules.tiers import TIERS

if TYPE_CHECKING:
    from textual.widget import Widget

#: The tiers in board order and the emotion bands, warmest first. Each has a named style
#: (``tier--gold``, ``band--warm``): a component class that app.tcss colours.
TIER_CLASSES = frozenset(f"tier--{tier}" for tier in TIERS)
BAND_CLASSES = frozenset(f"band--{band}" for band in BANDS)
#: The tier-change arrows: ▲ a tier gained, ▼ one lost.
ARROW_CLASSES = frozenset({"tier--up", "tier--down"})


def named(widget: Widget, name: str) -> Style:
    """The style app.tcss gives *widget*'s component class *name*.

    Only what the rule sets (colour, bold...): a table's cursor and stripes still show through.
    """
    return widget.get_component_rich_style(name, partial=True)


def tier_style(widget: Widget, tier: str | None) -> Style:
    """The named style of *tier* (none for no tier or an archived customer)."""
    return named(widget, f"tier--{tier}") if tier in TIERS else Style()


def band_style(widget: Widget, band: str | None) -> Style:
    """The named style of emotion band *band* (none for no band)."""
    return named(widget, f"band--{band}") if band in BANDS else Style()


def plain(value: Any) -> Text:
    """Stored text shown exactly as typed (``[bold]`` in a name stays ``[bold]``); blank for none."""
    return Text("" if value is None else str(value))


def cell(value: Any) -> Text:
    """Stored text for a table cell: as typed, on one line cut at the column's width.

    The same look a ``str`` cell gets from ``DataTable``, without reading it as markup.
    """
    return Text("" if value is None else str(value), no_wrap=True, end="")


def money(cents: int | None, *, decimals: bool = False) -> str:
    """Cents as whole units with thousands separators (``12,345``); blank for none."""
    if cents is None:
        return ""
    if decimals:
        return cents_to_text(cents, thousands=True)
    return f"{round(cents / 100):,}"


def emotion(score: float | None, style: Style) -> Text:
    """The emotion score with one decimal, in *style* (its band's)."""
    if score is None:
        return Text("")
    return Text(f"{score:.1f}", style=style, justify="right")


def arrow(widget: Widget, change: str | None) -> Text:
    """▲ for a tier gained, ▼ for a tier lost (in *widget*'s ``tier--up``/``tier--down``), blank otherwise."""
    if change == "up":
        return Text("▲", style=named(widget, "tier--up"))
    if change == "down":
        return Text("▼", style=named(widget, "tier--down"))
    return Text(" ")


def day(value: Any) -> str:
    """ISO text of a date (or the text itself)."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


#: Months and weekdays as dates show them (``3 Dec``, ``Thu``), looked up as shown.
MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"),
          N_("Oct"), N_("Nov"), N_("Dec"))
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


def short_date(d: date) -> str:
    """A day of the month in the language spoken now: ``3 Dec``, ``12月3日``."""
    return _("{day} {month}").format(day=d.day, month=_(MONTHS[d.month - 1]))


def long_date(d: date) -> str:
    """A date with its year in the language spoken now: ``3 Dec 2026``, ``2026年12月3日``."""
    return _("{day} {month} {year}").format(day=d.day, month=_(MONTHS[d.month - 1]), year=d.year)


def weekday(d: date) -> str:
    """The day of the week in the language spoken now: ``Thu``, ``周四``."""
    return _(WEEKDAYS[d.weekday()])


def pad(text: str, width: int) -> str:
    """*text* and spaces to *width* terminal cells (a Chinese character takes two), as ``f"{text:{width}}"``."""
    return text + " " * max(0, width - cell_len(text))
