"""New customer / edit customer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.editing import EditableForm
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.customer_picker import CustomerPicker
from screens.widgets.field import Field
from tracker.i18n import N_, _
from tracker.records import CUSTOMERS

SEGMENTS = CUSTOMERS.field("segment").kind.choices
GRADES = CUSTOMERS.field("contact_grade").kind.choices
#: How the form writes the partner flag (the export's words, which the validator reads).
#: (Shown in the owner's words, like any choice: the words are marked here for the catalogue.)
YES_NO = (N_("yes"), N_("no"))


class CustomerForm(EditableForm):
    """Add a customer, or edit one when *code* is given."""

    ENTITY = "customers"
    REQUIRED = ("code", "name")

    def __init__(self, code: str | None = None) -> None:
        super().__init__(code)
        if code is None:
            self.heading = N_("New customer")

    @property
    def code(self) -> str | None:
        """The customer edited (None: a new one)."""
        return self.key

    def fields(self) -> Iterable[Widget]:
        yield Field("name", _("Name"), Input(id="name"))
        yield Field("code", _("Code"), Input(id="code", disabled=self.editing))
        yield Field("segment", _("Segment"), ChoiceInput(SEGMENTS, self.initial("small")))
        yield Field("phone", _("Phone"), Input())
        yield Field("city", _("City"), Input())
        yield Field("industry", _("Industry"), Input())
        yield Field("potential", _("Potential"), Input(placeholder=_("1-5, blank = not rated")))
        yield Field("contact_grade", _("Grade"), ChoiceInput(GRADES),
                    note=_("H 7 days · A 30 · B 90 · C uncertain · P potential"))
        yield Field("partner", _("Partner"), ChoiceInput(YES_NO, self.initial("no")))
        yield Field("wechat", _("WeChat"), Input())
        yield Field("email", _("Email"), Input())
        yield Field("address", _("Address"), Input())
        yield Field("referred_by", _("Referred by"), CustomerPicker())
        yield Field("tags", _("Tags"), Input(placeholder=_("VIP, installers, potential…")), note=_("comma between tags"))
        yield Field("notes", _("Notes"), Input())

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def load_new(self, conn: Any) -> dict[str, Any] | None:
        from tracker.views import next_customer_code

        return {"code": next_customer_code(conn)}

    def collect(self) -> dict[str, str]:
        raw = super().collect()
        if self.code is not None:
            raw["code"] = self.code
        return raw

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        raw = {**raw, "created_on": self.today.isoformat()}
        saved = services.add(conn, "customers", raw, options=ParseOptions(relative=True, today=self.today))
        return saved, _("Added customer {name} ({code})").format(name=saved.record.name, code=saved.record.code)

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        saved, text = super().perform(conn, raw)
        return saved, text if self.code is None else _("Saved customer {name}").format(name=saved.record.name)
