"""Add a person at a customer (name, role, phone, WeChat, birthday), or edit one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.editing import EditableForm
from screens.widgets.customer_picker import CustomerPicker
from screens.widgets.field import Field
from tracker.i18n import N_, _


class ContactForm(EditableForm):
    """A contact of *customer*, or an edit of contact *ref*."""

    heading = N_("Add contact")
    ENTITY = "contacts"
    DATE_FIELDS = ("birthday",)
    REQUIRED = ("customer", "name")

    def __init__(self, customer: str | None = None, *, ref: str | None = None) -> None:
        super().__init__(ref)
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("customer", _("Customer"), CustomerPicker(self.customer or "", id="customer"))
        yield Field("name", _("Name"), Input(id="name"))
        yield Field("role", _("Role"), Input(placeholder=_("purchasing, site manager, boss…")))
        yield Field("phone", _("Phone"), Input())
        yield Field("wechat", _("WeChat"), Input())
        yield Field("birthday", _("Birthday"), Input())
        yield Field("notes", _("Notes"), Input())

    def on_mount(self) -> None:
        if self.customer or self.editing:
            self.query_one("#name", Input).focus()
        else:
            self.query_one("#customer", CustomerPicker).input.focus()

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "contacts")
        saved = services.add(conn, "contacts", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today))
        c = saved.record
        return saved, _("Added contact {name} at {customer}").format(name=c.name, customer=c.customer)
