"""New customer / edit customer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import FormScreen
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.customer_picker import CustomerPicker
from screens.widgets.field import Field
from tracker.records import CUSTOMERS

SEGMENTS = CUSTOMERS.field("segment").kind.choices
GRADES = CUSTOMERS.field("contact_grade").kind.choices


class CustomerForm(FormScreen):
    """Add a customer, or edit one when *code* is given."""

    REQUIRED = ("code", "name")

    def __init__(self, code: str | None = None) -> None:
        super().__init__()
        self.code = code
        self.heading = f"Edit customer {code}" if code else "New customer"

    def fields(self) -> Iterable[Widget]:
        yield Field("name", "Name", Input(id="name"))
        yield Field("code", "Code", Input(id="code", disabled=self.code is not None))
        yield Field("segment", "Segment", ChoiceInput(SEGMENTS, "" if self.code else "small"))
        yield Field("phone", "Phone", Input())
        yield Field("city", "City", Input())
        yield Field("industry", "Industry", Input())
        yield Field("potential", "Potential", Input(placeholder="1-5, blank = not rated"))
        yield Field("contact_grade", "Grade", ChoiceInput(GRADES), note="H 7 days · A 30 · B 90 · C uncertain · P potential")
        yield Field("wechat", "WeChat", Input())
        yield Field("referred_by", "Referred by", CustomerPicker())
        yield Field("notes", "Notes", Input())

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def load(self, conn: Any) -> dict[str, Any] | None:
        from tracker.views import customer_profile, next_customer_code

        if self.code is None:
            return {"code": next_customer_code(conn)}
        row = customer_profile(conn, self.code)
        if row is None:
            return None
        return {
            k: row[k]
            for k in ("code", "name", "segment", "phone", "city", "industry", "potential",
                      "contact_grade", "wechat", "referred_by", "notes")
        }

    def collect(self) -> dict[str, str]:
        raw = super().collect()
        if self.code is not None:
            # On an edit a cleared field means "clear it".
            for f in self.query(Field):
                raw.setdefault(f.field_name, f.value)
            raw["code"] = self.code
        return raw

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        options = ParseOptions(relative=True, today=self.today)
        if self.code is None:
            raw = {**raw, "created_on": self.today.isoformat()}
            saved = services.add(conn, "customers", raw, options=options)
            return saved, f"Added customer {saved.record.name} ({saved.record.code})"
        saved = services.update(conn, "customers", self.code, raw, options=options)
        return saved, f"Saved customer {saved.record.name}"
