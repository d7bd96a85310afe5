"""``?``: every key, by screen, read from the screens' own bindings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from screens.actions import ANYWHERE, HELP, bindings, key_for, written
from tracker.i18n import _


@dataclass(frozen=True)
class Part:
    """The keys of one class under a heading: its bindings, then notes."""

    cls: type[DOMNode]
    #: A sub-heading, where one heading lists several classes.
    subtitle: str = ""
    #: (what to press, what it does) for keys Textual's own widgets handle, and for what a field reads.
    notes: tuple[tuple[str, str], ...] = ()


def sections() -> tuple[tuple[str, tuple[Part, ...]], ...]:
    """The help's headings, each with the classes whose bindings it shows."""
    from screens.app import RentrackApp
    from screens.board import BoardScreen
    from screens.confirm import ConfirmScreen
    from screens.customer import CustomerScreen
    from screens.detail import DetailScreen
    from screens.forms.base import FormScreen
    from screens.import_screen import ImportScreen
    from screens.lists.complaints import ComplaintListScreen
    from screens.lists.customers import CustomerListScreen
    from screens.lists.deposits import DepositListScreen
    from screens.lists.equipment import EquipmentListScreen
    from screens.lists.rentals import RentalListScreen
    from screens.rental import RentalScreen
    from screens.reports import ReportsScreen
    from screens.timeline import TimelineScreen
    from screens.today import TodayScreen
    from screens.welcome import WelcomeScreen
    from screens.widgets.picker import Picker

    logging = " ".join(key_for(ANYWHERE, a) for a in ("log_rental", "log_complaint", "log_interaction"))
    return (
        (_("Anywhere"), (Part(RentrackApp),)),
        (_("Board"), (Part(BoardScreen, notes=(("↑ ↓", _("move in a tier")), ("Tab", _("next tier, then the alerts")))),)),
        (_("Customer"), (Part(CustomerScreen, notes=(
            (logging, _("log a rental, complaint or interaction for this customer")),
            (_("Enter (timeline, breakdown)"), _("a rental's own screen; a complaint's or interaction's whole text (e edits it)")),
        )),)),
        (_("Rental"), (Part(RentalScreen, notes=((logging, _("log a rental, complaint or interaction for its customer")),)),)),
        (_("Today"), (Part(TodayScreen, notes=(
            (logging, _("log a rental, complaint or interaction for the line's customer")),
            (key_for(ANYWHERE, "mark_returned"), _("a return due: mark it returned")),
            (key_for(ANYWHERE, "resolve_complaint"), _("a complaint waiting: resolve it")),
        )),)),
        (_("Lists"), (
            Part(CustomerListScreen, _(CustomerListScreen.LIST_TITLE), (("Enter", _("open the customer")),)),
            Part(RentalListScreen, _(RentalListScreen.LIST_TITLE), (
                ("Enter", _("open the rental")),
            )),
            Part(DepositListScreen, _(DepositListScreen.LIST_TITLE), (("Enter", _("open the deposit's rental")),)),
            Part(ComplaintListScreen, _(ComplaintListScreen.LIST_TITLE), (
                ("Enter", _("resolve an open complaint, or open the customer")),
            )),
            Part(EquipmentListScreen, _(EquipmentListScreen.LIST_TITLE), (("Enter", _("edit the unit")),)),
            Part(ReportsScreen, _(ReportsScreen.LIST_TITLE)),
            Part(TimelineScreen, _(TimelineScreen.LIST_TITLE), (
                ("Enter", _("on a free day: log a rental of that unit from then; on a held one: open the customer")),
            )),
        )),
        (_("Forms"), (
            Part(FormScreen, notes=(
                ("Enter", _("save (in a field with matches shown: pick the highlighted one)")),
                ("Tab / shift+Tab", _("next / previous field (↓ ↑ too)")),
                (_("a row pasted from a sheet"), _("its cells fill this field and the ones after it")),
                (_("dates"), _("today, yesterday, +3, -2, 2026-11-20, 20 Nov")),
                (_("money"), _("1,200 · ¥1200 · 1200.50")),
            )),
            Part(Picker, _("In a customer, unit, complaint or rental field")),
            Part(ImportScreen, _(ImportScreen.LIST_TITLE)),
        )),
        (_("A line's whole text"), (Part(DetailScreen),)),
        (_("A question (archive, close a form unsaved)"), (Part(ConfirmScreen),)),
        (_("First run (an empty database)"), (Part(WelcomeScreen),)),
        (_("This help"), (Part(HelpScreen),)),
    )


def declared_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings *cls* and its bases in ``screens`` declare, a subclass's key over its base's (Textual's own left out)."""
    by_key: dict[str, Binding] = {}
    for base in reversed(cls.__mro__):
        if base.__module__.startswith("screens.") and "BINDINGS" in base.__dict__:
            for binding in Binding.make_bindings(base.__dict__["BINDINGS"]):
                by_key[binding.key] = binding
    return list(by_key.values())


def key_label(binding: Binding) -> str:
    """How the help writes the key: ``?``, ``ctrl+z``, ``Esc``, ``]``."""
    return written(binding.key, binding.key_display)


def binding_rows(cls: type[DOMNode]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding of *cls*; keys that do the same thing share a row."""
    rows: list[tuple[str, str]] = []
    last: tuple[str, str] | None = None
    for binding in declared_bindings(cls):
        what = _(binding.tooltip or binding.description)
        if last == (binding.action, what):
            rows[-1] = (f"{rows[-1][0]} / {key_label(binding)}", what)
            continue
        rows.append((key_label(binding), what))
        last = (binding.action, what)
    return rows


def _table(rows: Iterable[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(width=20, style="bold")
    table.add_column()
    for key, what in rows:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """The keys of every screen; Esc or ? closes it."""

    BINDINGS = bindings(HELP)
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 86; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .help-title { margin: 1 0 0 0; }
    HelpScreen .help-subtitle { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = _("rentrack keys")
            path = getattr(self.app, "db_path", None)
            if path is not None:  # the file every screen reads and writes
                yield Static(Text.assemble((_("Database") + " ", "bold"), str(path.resolve())), classes="help-title")
            for title, parts in sections():
                yield Static(Text(title, style="bold underline"), classes="help-title")
                for part in parts:
                    if part.subtitle:
                        yield Static(Text(part.subtitle, style="italic"), classes="help-subtitle")
                    yield Static(_table([*binding_rows(part.cls), *part.notes]))
