"""Log an interaction: a call, message, visit, event, project, honour, gift or friction; or edit one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import date_word
from screens.forms.editing import EditableForm
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.customer_picker import CustomerPicker
from screens.widgets.field import Field
from tracker.i18n import N_, _
from tracker.records import INTERACTIONS
from tracker.words import shown

KINDS = INTERACTIONS.field("kind").kind.choices


class InteractionForm(EditableForm):
    """Record a contact with a customer (it warms or cools the relationship), or edit one when *ref* is given."""

    heading = N_("Log interaction")
    ENTITY = "interactions"
    DATE_FIELDS = ("date",)
    REQUIRED = ("customer", "date", "kind")

    def __init__(self, customer: str | None = None, *, ref: str | None = None) -> None:
        super().__init__(ref)
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("customer", _("Customer"), CustomerPicker(self.customer or "", id="customer"))
        yield Field("kind", _("Kind"), ChoiceInput(KINDS, self.initial("call")), note=" · ".join(shown(k) for k in KINDS))
        yield Field("date", _("Date"), Input(self.initial(date_word())))
        yield Field("note", _("Note"), Input())

    def on_mount(self) -> None:
        if self.customer:
            self.field("kind").widget.focus()
        else:
            self.query_one("#customer", CustomerPicker).input.focus()

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "interactions")
        saved = services.add(
            conn, "interactions", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today)
        )
        i = saved.record
        return saved, _("Logged {kind} with {customer} on {day}").format(
            kind=shown(i.kind), customer=i.customer, day=i.date
        )
