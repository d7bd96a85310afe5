"""Resolve a complaint: when, what was done, what was given back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import FormScreen, date_word
from screens.widgets.field import Field
from screens.widgets.record_pickers import ComplaintPicker
from tracker.i18n import N_, _


class ResolveForm(FormScreen):
    """Close an open complaint (the quicker, the more of the hurt is repaired)."""

    heading = N_("Resolve complaint")
    DATE_FIELDS = ("resolved_on",)
    MONEY_FIELDS = ("compensation",)
    REQUIRED = ("ref", "resolved_on")

    def __init__(self, ref: str | None = None, customer: str | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("ref", _("Complaint"), ComplaintPicker(self.ref or "", id="ref"))
        yield Field("resolved_on", _("Resolved"), Input(date_word()))
        yield Field("resolution", _("Resolution"), Input(id="resolution", placeholder=_("what was done")))
        yield Field("compensation", _("Compensation"), Input(placeholder=_("money given back, blank if none")))

    def on_mount(self) -> None:
        if self.ref or self.customer:
            self.query_one("#resolution", Input).focus()
        else:
            self.query_one("#ref", ComplaintPicker).input.focus()

    def load(self, conn: Any) -> dict[str, Any] | None:
        from tracker.views import open_complaints_of

        if self.ref is None and self.customer:
            open_ = open_complaints_of(conn, self.customer)
            if open_:
                return {"ref": open_[0]["ref"]}
        return None

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.parse import parse_date, parse_money
        from tracker.records import FieldError, ValidationError

        errors = []
        ref = raw.get("ref", "").strip()
        if not ref:
            errors.append(FieldError("ref", _("which complaint? type a customer or the ref and pick it")))
        try:
            on = parse_date(raw.get("resolved_on", ""), today=self.today, relative=True)
        except ValueError as exc:
            errors.append(FieldError("resolved_on", str(exc), raw.get("resolved_on", "")))
        compensation = 0
        if raw.get("compensation", "").strip():
            try:
                compensation = parse_money(raw["compensation"])
            except ValueError as exc:
                errors.append(FieldError("compensation", str(exc), raw["compensation"]))
        if errors:
            raise ValidationError(errors)
        saved = services.resolve_complaint(
            conn, ref, on=on, resolution=raw.get("resolution", "").strip(), compensation=compensation,
            today=self.today,
        )
        return saved, _("Resolved complaint {ref} ({customer})").format(ref=ref, customer=saved.record.customer)
