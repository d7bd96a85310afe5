"""Pick an equipment unit, seeing at once whether it is free on the chosen dates."""

from __future__ import annotations

from typing import Any

from screens.format import money
from screens.widgets.picker import Picker
from tracker.i18n import _


class EquipmentPicker(Picker):
    """A :class:`Picker` over units in service; each match says whether it is free.

    :attr:`dates` (ISO start, end) is set by the form as the dates are typed;
    the rental *exclude* (the one being edited) does not make a unit taken.
    """

    KEY_COLUMN = "code"

    def __init__(self, value: str = "", *, id: str | None = None, exclude: str | None = None) -> None:
        super().__init__(value, placeholder=_("code, name or category (scissor, boom...)"), id=id)
        self.dates: tuple[str | None, str | None] = (None, None)
        self.exclude = exclude

    def search(self, conn: Any, text: str) -> list[dict[str, Any]]:
        from tracker.views import equipment_search

        return equipment_search(conn, text, *self.dates, limit=12, today=self.app.as_of, exclude=self.exclude)

    def describe(self, row: dict[str, Any]) -> str:
        return _("{code}  {name}  {rate}/day  {availability}").format(
            code=row["code"], name=row["name"], rate=money(row["daily_rate"]), availability=availability(row)
        )


def availability(row: dict[str, Any]) -> str:
    """``free`` or what blocks the unit on the chosen dates."""
    if row.get("status") == "maintenance":
        return _("in maintenance")
    other = row.get("conflict")
    if other:
        who = other.get("customer_name") or other["customer"]
        if other.get("not_returned"):
            return _("still out: {ref} {who}, due back {end}, not returned").format(
                ref=other["ref"], who=who, end=other["end_date"]
            )
        return _("taken: {ref} {who} has it {start} to {end}").format(
            ref=other["ref"], who=who, start=other["start_date"], end=other["end_date"]
        )
    return _("free")
