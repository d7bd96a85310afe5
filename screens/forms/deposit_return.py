"""Settle a deposit: give it back, or keep part (or all) of it with the reason."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.format import money
from screens.forms.base import FormScreen, date_word
from screens.widgets.field import Field
from screens.widgets.record_pickers import HeldDepositPicker
from tracker.i18n import N_, _, pgettext


class DepositReturnForm(FormScreen):
    """Return deposit *ref* (or one held on *rental*): the day, what was kept and why."""

    heading = N_("Return deposit")
    DATE_FIELDS = ("returned_on",)
    MONEY_FIELDS = ("kept",)
    REQUIRED = ("ref", "returned_on")

    def __init__(self, ref: str | None = None, *, rental: str | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.rental = rental

    def fields(self) -> Iterable[Widget]:
        yield Field("ref", _("Deposit"), HeldDepositPicker(self.ref or "", rental=self.rental, id="ref"))
        yield Field("returned_on", pgettext("date", "Returned"), Input(date_word(), id="returned_on"))
        yield Field("kept", _("Kept"), Input(placeholder=_("blank = all given back")))
        yield Field("reason", _("Why kept"), Input())

    def on_mount(self) -> None:
        if self.ref:
            self.query_one("#returned_on", Input).focus()
        else:
            self.query_one("#ref", HeldDepositPicker).input.focus()

    def load(self, conn: Any) -> dict[str, Any] | None:
        from tracker.views import held_deposits_search

        if self.ref is None and self.rental:
            rows = held_deposits_search(conn, "", rental=self.rental)
            if len(rows) == 1:
                return {"ref": rows[0]["ref"]}
        return None

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import FieldError, ParseOptions, ValidationError

        ref = raw.pop("ref", "").strip()
        if not ref:
            raise ValidationError([FieldError("ref", _("which deposit? type a customer, rental or ref and pick it"))])
        raw.setdefault("kept", "0")
        saved = services.update(
            conn, "deposits", ref, raw, options=ParseOptions(relative=True, today=self.today),
            summary=f"return deposit {ref}",
        )
        d = saved.record
        if d.kept:
            return saved, _("Deposit {ref} returned on {day}, {kept} kept").format(
                ref=d.ref, day=d.returned_on, kept=money(d.kept, decimals=True)
            )
        return saved, _("Deposit {ref} returned on {day}").format(ref=d.ref, day=d.returned_on)
