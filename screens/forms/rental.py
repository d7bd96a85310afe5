"""Log a rental: customer, unit (free on the dates?), dates, rate or amount."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import get_current_worker

from screens.format import money
from screens.forms.base import date_word
from screens.forms.editing import EditableForm
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.customer_picker import CustomerPicker
from screens.widgets.equipment_picker import EquipmentPicker, availability
from screens.widgets.field import Field
from screens.widgets.picker import Picker
from tracker.i18n import N_, _
from tracker.records import RENTALS, rental_days

STATUSES = RENTALS.field("status").kind.choices


class RentalForm(EditableForm):
    """Record a rental, or edit one when *ref* is given. Amount blank = daily rate x days (both ends counted)."""

    heading = N_("Log rental")
    ENTITY = "rentals"
    DATE_FIELDS = ("start_date", "end_date")
    MONEY_FIELDS = ("daily_rate", "amount", "cost", "paid")
    REQUIRED = ("customer", "start_date", "end_date")

    class _Availability(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self, customer: str | None = None, *, unit: str | None = None, start: str | None = None,
        ref: str | None = None,
    ) -> None:
        super().__init__(ref)
        self.customer = customer
        #: A unit and a first day chosen beforehand (a free day picked on the timeline).
        self.unit = unit
        self.start = start

    def fields(self) -> Iterable[Widget]:
        yield Field("customer", _("Customer"), CustomerPicker(self.customer or "", id="customer"))
        yield Field("equipment", _("Equipment"), EquipmentPicker(self.unit or "", id="equipment", exclude=self.key))
        yield Field("start_date", _("Start"), Input(self.initial(self.start or date_word())))
        yield Field("end_date", _("End"), Input(self.initial(date_word())))
        yield Field("daily_rate", _("Daily rate"), Input())
        yield Field("amount", _("Amount"), Input(placeholder=_("blank = rate x days")))
        yield Field("paid", _("Paid"), Input())
        yield Field("cost", _("Cost"), Input(placeholder=_("blank = the unit's daily cost x days")))
        yield Field("status", _("Status"), ChoiceInput(STATUSES, self.initial("on-rent")))
        yield Field("site", _("Site"), Input())
        if self.editing:
            yield Field("notes", _("Notes"), Input())

    def on_mount(self) -> None:
        picker = self.query_one("#customer", CustomerPicker)
        (self.query_one("#equipment", EquipmentPicker) if self.customer else picker).input.focus()
        self._dates_changed()
        if self.customer:
            self._show_benefit("")

    def _show_benefit(self, picked: str) -> None:
        """Under the customer: who was picked and its tier's benefits (the discount is taken on confirmation)."""
        from tracker.rules.benefits import benefit_text

        benefit = self.app.benefit_for(self.field("customer").value)
        lines = [picked, benefit_text(benefit) if benefit else ""]
        self.field("customer").set_note("\n".join(line for line in lines if line))

    def field_changed(self, name: str) -> None:
        if name in ("start_date", "end_date"):
            self._dates_changed()
            self._explain_cost()
        elif name == "equipment":
            self._check()

    def _dates_changed(self) -> None:
        start, end = self.parsed_date("start_date"), self.parsed_date("end_date")
        picker = self.query_one("#equipment", EquipmentPicker)
        picker.dates = (start.isoformat() if start else None, end.isoformat() if end else None)
        status = self.field("status")
        if start and end and start > self.today and status.value == "on-rent":
            self.fill("status", "booked")
        self._check()

    @on(Picker.Picked)
    def _picked(self, event: Picker.Picked) -> None:
        if event.picker.id == "customer":  # after the form's own note of the pick
            self.call_after_refresh(self._show_benefit, event.picker.describe(event.row) if len(event.row) > 1 else "")
        if event.picker.id == "equipment":
            rate = event.row.get("daily_rate")
            if rate and not self.field("daily_rate").value:
                self.fill("daily_rate", money(rate, decimals=True).replace(",", ""))
            self.unit_cost = event.row.get("daily_cost")
            self._explain_cost()
            self._check()

    #: The picked unit's daily cost (cents), for the Cost field's hint.
    unit_cost: int | None = None

    def _explain_cost(self) -> None:
        cost = self.field("cost")
        if cost.value.strip():
            return
        if self.unit_cost:
            start, end = self.parsed_date("start_date"), self.parsed_date("end_date")
            days = rental_days(start, end) if start and end and end >= start else None
            if days:
                note = _("blank: {cost}/day x {days} days = {total}").format(
                    cost=money(self.unit_cost), days=days, total=money(self.unit_cost * days)
                )
            else:
                note = _("blank: {cost}/day x {days} days").format(cost=money(self.unit_cost), days="?")
            cost.set_note(note)
        else:
            cost.set_note(_("blank: this unit has no daily cost, the rental costs nothing"))

    def _check(self) -> None:
        picker = self.query_one("#equipment", EquipmentPicker)
        code = picker.value.strip()
        if not code:
            self.field("equipment").set_note("")
            return
        self._availability(code, *picker.dates)

    @work(thread=True, exclusive=True, exit_on_error=False, group="availability")
    def _availability(self, code: str, start: str | None, end: str | None) -> None:
        from screens.store import reading
        from tracker.views import equipment_search

        with reading(self.app.db_path) as conn:
            rows = [r for r in equipment_search(conn, code, start, end, limit=50, today=self.today,
                                                exclude=self.key)
                    if r["code"] == code]
        if get_current_worker().is_cancelled:
            return
        if not rows:
            text = _("no unit {code} in service").format(code=code)
        elif not (start and end):
            text = rows[0]["name"]
        else:
            free = rows[0].get("status") != "maintenance" and not rows[0].get("conflict")
            state = _("free {start} to {end}").format(start=start, end=end) if free else availability(rows[0])
            text = _("{unit}: {state}").format(unit=rows[0]["name"], state=state)
        self.post_message(self._Availability(text))

    @on(_Availability)
    def _show_availability(self, message: _Availability) -> None:
        self.field("equipment").set_note(message.text)

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "rentals")
        saved = services.add(
            conn, "rentals", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today),
            benefit=self.app.benefit_for(raw.get("customer") or ""),
        )
        r = saved.record
        said = _("Logged rental {ref}: {customer} {unit} {start} to {end}").format(
            ref=r.ref, customer=r.customer, unit=r.equipment or "", start=r.start_date, end=r.end_date
        )
        return saved, said + _discount_said(None, r.notes)

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        """A new rental, or the edit of one; either takes its tier's discount when it confirms the rental."""
        from tracker import services
        from tracker.records import ParseOptions
        from tracker.views import record_text

        if self.key is None:
            return self.perform_new(conn, raw)
        stored = record_text(conn, "rentals", self.key) or {}
        saved = services.update(
            conn, "rentals", self.key, raw, options=ParseOptions(relative=True, today=self.today),
            benefit=self.app.benefit_for(raw.get("customer") or stored.get("customer") or ""),
        )
        return saved, _("Saved rental {key}").format(key=self.key) + _discount_said(stored.get("notes"), saved.record.notes)


def _discount_said(before_notes: str | None, after_notes: str | None) -> str:
    """`` · gold benefit: 3% off ...`` when the save took a discount, else blank."""
    from tracker.rules.benefits import discount_taken_text, newly_taken

    taken = newly_taken(before_notes, after_notes)
    return f" · {discount_taken_text(taken)}" if taken else ""
