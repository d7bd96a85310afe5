"""Take a deposit on a rental."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.widget import Widget
from textual.widgets import Input

from screens.format import money
from screens.forms.base import FormScreen, date_word
from screens.widgets.field import Field
from screens.widgets.picker import Picker
from screens.widgets.record_pickers import OpenRentalPicker
from tracker.i18n import N_, _
from tracker.words import shown


class DepositForm(FormScreen):
    """A deposit taken on *rental* (a rental booked or on rent) of *customer*: amount and the day it was taken.

    The customer's tier's deposit rule (waived, reduced, full) shows under the rental.
    """

    heading = N_("Take deposit")
    DATE_FIELDS = ("taken_on",)
    MONEY_FIELDS = ("amount",)
    REQUIRED = ("rental", "taken_on", "amount")

    def __init__(self, rental: str | None = None, *, customer: str | None = None) -> None:
        super().__init__()
        self.rental = rental
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("rental", _("Rental"), OpenRentalPicker(self.rental or "", id="rental"))
        yield Field("amount", _("Amount"), Input(id="amount"))
        yield Field("taken_on", _("Taken"), Input(date_word()))
        yield Field("note", _("Note"), Input())

    def on_mount(self) -> None:
        if self.rental:
            self.query_one("#amount", Input).focus()
        else:
            self.query_one("#rental", OpenRentalPicker).input.focus()
        if self.customer:
            self._show_rule("", self.customer)

    @on(Picker.Picked, "#rental")
    def _picked(self, event: Picker.Picked) -> None:
        if event.row.get("customer"):  # after the form's own note of the pick
            self.call_after_refresh(self._show_rule, event.picker.describe(event.row), event.row["customer"])

    def _show_rule(self, picked: str, customer: str) -> None:
        """Under the rental: what was picked, and the deposit its customer's tier is asked."""
        from tracker.rules.benefits import deposit_text

        benefit = self.app.benefit_for(customer)
        rule = _("{tier}: {rule}").format(tier=shown(benefit.tier), rule=deposit_text(benefit)) if benefit else ""
        self.field("rental").set_note("\n".join(line for line in (picked, rule) if line))

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "deposits")
        saved = services.add(conn, "deposits", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today))
        d = saved.record
        return saved, _("Deposit {ref}: {amount} taken on {rental}").format(
            ref=d.ref, amount=money(d.amount, decimals=True), rental=d.rental
        )
