"""Take a deposit on a rental."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.format import money
from screens.forms.base import FormScreen
from screens.widgets.field import Field
from screens.widgets.record_pickers import OpenRentalPicker


class DepositForm(FormScreen):
    """A deposit taken on *rental* (a rental booked or on rent): amount and the day it was taken."""

    heading = "Take deposit"
    DATE_FIELDS = ("taken_on",)
    MONEY_FIELDS = ("amount",)
    REQUIRED = ("rental", "taken_on", "amount")

    def __init__(self, rental: str | None = None) -> None:
        super().__init__()
        self.rental = rental

    def fields(self) -> Iterable[Widget]:
        yield Field("rental", "Rental", OpenRentalPicker(self.rental or "", id="rental"))
        yield Field("amount", "Amount", Input(id="amount"))
        yield Field("taken_on", "Taken", Input("today"))
        yield Field("note", "Note", Input())

    def on_mount(self) -> None:
        if self.rental:
            self.query_one("#amount", Input).focus()
        else:
            self.query_one("#rental", OpenRentalPicker).input.focus()

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "deposits")
        saved = services.add(conn, "deposits", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today))
        d = saved.record
        return saved, f"Deposit {d.ref}: {money(d.amount, decimals=True)} taken on {d.rental}"
