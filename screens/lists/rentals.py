"""Rentals: on rent, due back this week, overdue returns, unpaid, all."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Header, Input, Static, Tab, Tabs
from textual.worker import get_current_worker

from screens.actions import ANYWHERE, FILTER, RENTALS, bindings, key_for
from screens.format import money, named, plain
from screens.lists.base import ListScreen
from screens.widgets.footer import Footer
from screens.widgets.paged_table import PagedTable
from tracker.i18n import N_, _
from tracker.words import shown

#: The views, as the tabs name them (translated where shown).
VIEWS = (
    ("on-rent", N_("On rent")),
    ("due", N_("Due back this week")),
    ("overdue", N_("Overdue returns")),
    ("unpaid", N_("Unpaid")),
    ("all", N_("All")),
)


class RentalListScreen(ListScreen):
    """Rentals by what needs doing; Enter opens one, ``m`` marks the one under the cursor returned."""

    LIST_TITLE = N_("Rentals")
    #: Named styles (app.tcss colours them): paid short, days late.
    COMPONENT_CLASSES = {"money--owed", "rental--late"}
    BINDINGS = bindings(FILTER + RENTALS)

    class _Counts(Message):
        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    def __init__(self) -> None:
        super().__init__()
        self.view = "on-rent"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Tabs(*[Tab(_(label), id=f"view-{key}") for key, label in VIEWS], id="views")
        yield Input(
            placeholder=_("{key} filter: ref, unit, site, customer").format(key=key_for(FILTER, "focus_filter")),
            id="filter", compact=True,
        )
        yield Static("", id="list-status", classes="list-status")
        yield PagedTable(
            [
                (_("Ref"), "ref", 7), (_("Customer"), "customer", 24), (_("Unit"), "equipment", 7),
                (_("Start"), "start", 10), (_("End"), "end", 10), (_("Status"), "status", 8),
                (_("Amount"), "amount", 9), (_("Paid"), "paid", 9), (_("Late"), "late", 5), (_("Site"), "site", 16),
            ],
            id="table",
        )
        yield Footer(compact=True)

    def reload(self) -> None:
        super().reload()
        self._count()

    def set_loader(self) -> None:
        from tracker.views import rentals_page

        view, as_of, text = self.view, self.as_of, self.query_one("#filter", Input).value
        self.query_one(PagedTable).loader = lambda conn, after, limit: rentals_page(
            conn, view, as_of, text=text, after=after, limit=limit
        )

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        late = ""
        if row["status"] == "on-rent" and row["end_date"] < self.as_of.isoformat():
            late = str((self.as_of - date.fromisoformat(row["end_date"])).days)
        owed = row["paid"] < row["amount"]
        return row["ref"], (
            row["ref"], f"{row['customer_name']}", row["equipment"] or "", row["start_date"], row["end_date"],
            shown(row["status"]), Text(money(row["amount"]), justify="right"),
            Text(money(row["paid"]), justify="right", style=named(self, "money--owed") if owed else ""),
            Text(late, justify="right", style=named(self, "rental--late")), row["site"],
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def _count(self) -> None:
        from screens.store import reading
        from tracker.views import rental_counts

        text = self.query_one("#filter", Input).value
        with reading(self.app.db_path) as conn:
            counts = rental_counts(conn, self.as_of, text=text)
        if not get_current_worker().is_cancelled:
            self.post_message(self._Counts(counts))

    @on(_Counts)
    def _counts(self, message: _Counts) -> None:
        for key, label in VIEWS:
            if key in message.counts:
                self.query_one(f"#view-{key}", Tab).label = f"{_(label)} {message.counts[key]}"
        text = self.query_one("#filter", Input).value.strip()
        parts = [_("as of {date}").format(date=self.as_of)]
        if text:
            parts.append(_("filter “{text}”").format(text=text))
        parts += [
            _("Enter open"), _("{key} mark returned").format(key=key_for(RENTALS, "app.mark_returned")),
            _("{key} payment").format(key=key_for(RENTALS, "record_payment")),
            _("{key} deposits held").format(key=key_for(RENTALS, "held_deposits")),
            _("{back} {next} change view").format(back=key_for(RENTALS, "view(-1)"), next=key_for(RENTALS, "view(1)")),
            _("{key} log rental").format(key=key_for(ANYWHERE, "log_rental")),
            _("{key} filter").format(key=key_for(FILTER, "focus_filter")),
        ]
        self.query_one("#list-status", Static).update(plain(" · ".join(parts)))

    @on(Tabs.TabActivated, "#views")
    def _tab(self, event: Tabs.TabActivated) -> None:
        view = (event.tab.id or "view-on-rent").removeprefix("view-")
        if view != self.view:
            self.view = view
            self.set_loader()
            self.query_one(PagedTable).reload()

    def action_view(self, step: int) -> None:
        keys = [k for k, _label in VIEWS]
        self.query_one("#views", Tabs).active = f"view-{keys[(keys.index(self.view) + step) % len(keys)]}"

    def selected_rental(self) -> str | None:
        return self.query_one(PagedTable).current_key()

    @on(PagedTable.Opened)
    def _open(self, event: PagedTable.Opened) -> None:
        self.app.open_rental(event.row["ref"])

    def action_record_payment(self) -> None:
        """Record a payment against the rental under the cursor."""
        from screens.forms.payment import PaymentForm

        self.app.open_form(PaymentForm(rental=self.selected_rental()))

    def action_held_deposits(self) -> None:
        """Show the deposits still held."""
        from screens.lists.deposits import DepositListScreen

        self.app.push_screen(DepositListScreen())
