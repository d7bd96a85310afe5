"""Deposits still held: on which rental, whose, since when; Enter opens the rental."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Header, Static

from screens.actions import DEPOSITS, bindings, key_for
from screens.format import money
from screens.lists.base import ListScreen
from screens.widgets.footer import Footer
from screens.widgets.paged_table import PagedTable
from tracker.i18n import N_, _, pgettext
from tracker.words import shown


class DepositListScreen(ListScreen):
    """Every deposit not yet returned, oldest taken first."""

    LIST_TITLE = N_("Deposits held")
    BINDINGS = bindings(DEPOSITS)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            " · ".join((
                _("Enter open the rental"), _("{key} return deposit").format(key=key_for(DEPOSITS, "return_deposit")),
                _("{key} back").format(key=key_for(DEPOSITS, "back")),
            )),
            id="list-status", classes="list-status",
        )
        yield PagedTable(
            [
                (_("Ref"), "ref", 6), (_("Rental"), "rental", 7), (_("Customer"), "customer", 24),
                (_("Unit"), "equipment", 7), (_("Taken"), "taken", 10), (_("Amount"), "amount", 10),
                (_("Rental is"), "status", 9), (pgettext("date", "Back"), "back", 10), (_("Note"), "note", 16),
            ],
            id="table",
        )
        yield Footer(compact=True)

    def set_loader(self) -> None:
        from tracker.views import held_deposits_page

        self.query_one(PagedTable).loader = lambda conn, after, limit: held_deposits_page(
            conn, after=after, limit=limit
        )

    def row_cells(self, row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
        return row["ref"], (
            row["ref"], row["rental"], row["customer_name"], row["equipment"] or "", row["taken_on"],
            Text(money(row["amount"], decimals=True), justify="right"), shown(row["status"]),
            row["rental_returned_on"] or "", row["note"],
        )

    def selected_deposit(self) -> str | None:
        """The deposit under the cursor."""
        return self.query_one(PagedTable).current_key()

    @on(PagedTable.Opened)
    def _open(self, event: PagedTable.Opened) -> None:
        self.app.open_rental(event.row["rental"])

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_return_deposit(self) -> None:
        from screens.forms.deposit_return import DepositReturnForm

        self.app.open_form(DepositReturnForm(self.selected_deposit()))
