"""Find a customer as you type and open it."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widget import Widget

from screens.forms.base import FormScreen
from screens.widgets.customer_picker import CustomerPicker
from screens.widgets.field import Field
from screens.widgets.picker import Picker
from tracker.i18n import N_, _


class FindCustomerForm(FormScreen):
    """Type a name, code or phone; Enter opens the customer. Dismisses with its code."""

    heading = N_("Find customer")
    #: A search: nothing typed here is lost by closing it.
    ASK_BEFORE_DISCARD = False

    def fields(self) -> Iterable[Widget]:
        yield Field("customer", _("Customer"), CustomerPicker(id="customer"))

    def on_mount(self) -> None:
        self.query_one(CustomerPicker).input.focus()

    @on(Picker.Picked)
    def _picked(self, event: Picker.Picked) -> None:
        self.dismiss(event.key)

    def action_save(self) -> None:
        text = self.field("customer").value.strip()
        if text:
            self.dismiss(text)
