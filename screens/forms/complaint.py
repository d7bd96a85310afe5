"""Log a complaint: who, which rental (optional), cause, severity; or edit one."""

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
from tracker.records import COMPLAINTS
from tracker.words import shown

CATEGORIES = COMPLAINTS.field("category").kind.choices


class ComplaintForm(EditableForm):
    """Record a complaint (it stays open until resolved), or edit one when *ref* is given."""

    heading = N_("Log complaint")
    ENTITY = "complaints"
    DATE_FIELDS = ("opened_on", "resolved_on")
    MONEY_FIELDS = ("compensation",)
    REQUIRED = ("customer", "opened_on", "category", "severity")

    def __init__(self, customer: str | None = None, *, ref: str | None = None) -> None:
        super().__init__(ref)
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("customer", _("Customer"), CustomerPicker(self.customer or "", id="customer"))
        yield Field("opened_on", _("Opened"), Input(self.initial(date_word())))
        yield Field("category", _("Category"), ChoiceInput(CATEGORIES, placeholder=_("first letters of one of these:")),
                    note=" · ".join(shown(c) for c in CATEGORIES))
        yield Field("severity", _("Severity"), Input(self.initial("3"), placeholder=_("1 (minor) to 5 (serious)")))
        yield Field("rental", _("Rental"), Input(placeholder=_("rental ref, optional")))
        yield Field("description", _("What happened"), Input())
        if self.editing:
            yield Field("status", _("Status"), ChoiceInput(COMPLAINTS.field("status").kind.choices))
            yield Field("resolved_on", _("Resolved"), Input())
            yield Field("resolution", _("Resolution"), Input())
            yield Field("compensation", _("Compensation"), Input())

    def on_mount(self) -> None:
        if self.customer:
            self.field("category").widget.focus()
        else:
            self.query_one("#customer", CustomerPicker).input.focus()

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "complaints")
        saved = services.add(
            conn, "complaints", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today)
        )
        k = saved.record
        return saved, _("Logged complaint {ref}: {customer} {cause} (severity {severity})").format(
            ref=k.ref, customer=k.customer, cause=shown(k.category), severity=k.severity
        )
