"""Log work on a unit: an inspection (with the day the next one is due), a service or a repair."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.format import money
from screens.forms.base import FormScreen, date_word
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.equipment_picker import EquipmentPicker
from screens.widgets.field import Field
from tracker.i18n import N_, _
from tracker.records import ENTITIES
from tracker.words import shown

KINDS = ENTITIES["upkeep"].field("kind").kind.choices


class UpkeepForm(FormScreen):
    """An inspection, service or repair of *unit*: the day, what was done, its cost, the next due date."""

    heading = N_("Log upkeep")
    DATE_FIELDS = ("date", "next_due")
    MONEY_FIELDS = ("cost",)
    REQUIRED = ("unit", "date", "kind")

    def __init__(self, unit: str | None = None, *, kind: str = "inspection") -> None:
        super().__init__()
        self.unit = unit
        self.kind = kind

    def fields(self) -> Iterable[Widget]:
        yield Field("unit", _("Unit"), EquipmentPicker(self.unit or "", id="unit"))
        yield Field("kind", _("Kind"), ChoiceInput(KINDS, self.kind, id="kind"), note=" · ".join(shown(k) for k in KINDS))
        yield Field("date", _("Done on"), Input(date_word()))
        yield Field("note", _("Note"), Input(placeholder=_("what was done, who did it")))
        yield Field("cost", _("Cost"), Input())
        yield Field("next_due", _("Next due"), Input(placeholder=_("the next inspection: a date or +365")))

    def on_mount(self) -> None:
        if self.unit:
            self.query_one("#kind", ChoiceInput).focus()
        else:
            self.query_one("#unit", EquipmentPicker).input.focus()

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        ref = services.next_ref(conn, "upkeep")
        saved = services.add(conn, "upkeep", {**raw, "ref": ref}, options=ParseOptions(relative=True, today=self.today))
        u = saved.record
        said = _("Logged {kind} of {unit} on {day}").format(kind=shown(u.kind), unit=u.unit, day=u.date)
        if u.cost:
            said += _(", {cost}").format(cost=money(u.cost, decimals=True))
        if u.next_due:
            said += _("; next due {day}").format(day=u.next_due)
        return saved, said
