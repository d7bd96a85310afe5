"""Resolve a complaint: when, what was done, what was given back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import FormScreen
from screens.widgets.field import Field


class ResolveForm(FormScreen):
    """Close an open complaint (the quicker, the more of the hurt is repaired)."""

    heading = "Resolve complaint"
    DATE_FIELDS = ("resolved_on",)
    MONEY_FIELDS = ("compensation",)
    REQUIRED = ("ref", "resolved_on")

    def __init__(self, ref: str | None = None, customer: str | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("ref", "Complaint", Input(self.ref or "", id="ref", placeholder="complaint ref (K00012)"))
        yield Field("resolved_on", "Resolved", Input("today"))
        yield Field("resolution", "Resolution", Input(id="resolution"))
        yield Field("compensation", "Compensation", Input(placeholder="money given back, 0 if none"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#resolution" if self.ref else "#ref", Input).focus()

    def load(self, conn: Any) -> dict[str, Any] | None:
        from tracker.views import complaint_summary, open_complaints_of

        ref = self.ref
        if ref is None and self.customer:
            open_ = open_complaints_of(conn, self.customer)
            if open_:
                ref = open_[0]["ref"]
        return {"ref": ref} if ref else None

    def loaded(self, values: dict[str, Any]) -> None:
        super().loaded(values)
        self._describe()

    def field_changed(self, name: str) -> None:
        if name == "ref":
            self._describe()

    def _describe(self) -> None:
        ref = self.field("ref").value.strip()
        if ref:
            self._lookup(ref)

    def _lookup(self, ref: str) -> None:
        from textual.worker import get_current_worker

        def run() -> None:
            from screens.store import reading
            from tracker.views import complaint_summary

            with reading(self.app.db_path) as conn:  # type: ignore[attr-defined]
                row = complaint_summary(conn, ref)
            if get_current_worker().is_cancelled:
                return
            if row is None:
                text = "no such complaint"
            else:
                text = (
                    f"{row['customer_name']}: {row['category']} severity {row['severity']}, "
                    f"opened {row['opened_on']}, {row['status']}"
                    + (f" · {row['description']}" if row["description"] else "")
                )
            self.app.call_from_thread(self.field("ref").set_note, text)

        self.run_worker(run, thread=True, exclusive=True, exit_on_error=False, group="lookup")

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.parse import parse_date, parse_money
        from tracker.records import FieldError, ValidationError

        errors = []
        ref = raw.get("ref", "").strip()
        if not ref:
            errors.append(FieldError("ref", "which complaint? type its ref"))
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
            conn, ref, on=on, resolution=raw.get("resolution", "").strip(), compensation=compensation
        )
        return saved, f"Resolved complaint {ref} ({saved.record.customer})"
