"""Mark a rental returned: its unit came back on a day."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import FormScreen, date_word
from screens.widgets.field import Field
from screens.widgets.record_pickers import OpenRentalPicker
from tracker.i18n import N_, _, pgettext


class ReturnedForm(FormScreen):
    """Record the return of a rental's unit."""

    heading = N_("Mark rental returned")
    DATE_FIELDS = ("returned_on",)
    REQUIRED = ("ref", "returned_on")

    def __init__(self, ref: str | None = None, customer: str | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("ref", _("Rental"), OpenRentalPicker(self.ref or "", id="ref"))
        yield Field("returned_on", pgettext("date", "Returned"), Input(date_word(), id="returned_on"))

    def on_mount(self) -> None:
        if self.ref or self.customer:
            self.query_one("#returned_on", Input).focus()
        else:
            self.query_one("#ref", OpenRentalPicker).input.focus()

    def load(self, conn: Any) -> dict[str, Any] | None:
        from tracker.views import open_rentals_of

        if self.ref is None and self.customer:
            rows = open_rentals_of(conn, self.customer)
            if rows:
                return {"ref": rows[0]["ref"]}
        return None

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.parse import parse_date
        from tracker.records import FieldError, ValidationError

        ref = raw.get("ref", "").strip()
        errors = [] if ref else [FieldError("ref", _("which rental? type a customer, unit or ref and pick it"))]
        try:
            on = parse_date(raw.get("returned_on", ""), today=self.today, relative=True)
        except ValueError as exc:
            errors.append(FieldError("returned_on", str(exc), raw.get("returned_on", "")))
        if errors:
            raise ValidationError(errors)
        saved = services.mark_returned(conn, ref, on, today=self.today)
        return saved, _("Rental {ref} returned on {day}").format(ref=ref, day=on)
