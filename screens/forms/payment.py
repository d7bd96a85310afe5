"""Record a payment: money received against a rental (part of its balance, or all of it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on
from textual.widget import Widget
from textual.widgets import Input

from screens.format import money
from screens.forms.base import FormScreen, date_word
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.field import Field
from screens.widgets.picker import Picker
from screens.widgets.record_pickers import OwingRentalPicker
from tracker.i18n import N_, _
from tracker.records import ENTITIES

METHODS = ENTITIES["payments"].field("method").kind.choices  # db/schema's PAYMENT_METHODS, as the entity reads them


class PaymentForm(FormScreen):
    """A payment against *rental* (or one of *customer*'s rentals with a balance); Amount starts at the balance."""

    heading = N_("Record payment")
    DATE_FIELDS = ("date",)
    MONEY_FIELDS = ("amount",)
    REQUIRED = ("rental", "date", "amount")

    def __init__(self, rental: str | None = None, customer: str | None = None) -> None:
        super().__init__()
        self.rental = rental
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("rental", _("Rental"), OwingRentalPicker(self.rental or "", customer=self.customer, id="rental"))
        yield Field("date", _("Paid on"), Input(date_word()))
        yield Field("amount", _("Amount"), Input(id="amount", placeholder=_("the balance, or part of it")))
        yield Field("method", _("Method"), ChoiceInput(METHODS, "transfer"))
        yield Field("note", _("Note"), Input())

    def on_mount(self) -> None:
        if self.rental:
            self.query_one("#amount", Input).focus()
        else:
            self.query_one("#rental", OwingRentalPicker).input.focus()

    @on(Picker.Picked, "#rental")
    def _rental_picked(self, event: Picker.Picked) -> None:
        owed = event.row.get("owed")
        amount = self.query_one("#amount", Input)
        if owed and not amount.value:
            amount.value = money(owed, decimals=True).replace(",", "")

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "payments")
        saved = services.add(conn, "payments", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today))
        p = saved.record
        return saved, _("Payment {ref}: {amount} on {rental}").format(
            ref=p.ref, amount=money(p.amount, decimals=True), rental=p.rental
        )
