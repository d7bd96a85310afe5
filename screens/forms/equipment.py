"""Add a unit / edit a unit: its name, kind, rates and status (available, maintenance, retired)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.editing import EditableForm
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.field import Field
from tracker.i18n import N_, _
from tracker.records import EQUIPMENT
from tracker.words import shown

CATEGORIES = EQUIPMENT.field("category").kind.choices
STATUSES = EQUIPMENT.field("status").kind.choices


class EquipmentForm(EditableForm):
    """Add a unit, or edit the one with *code*."""

    ENTITY = "equipment"
    heading = N_("Add unit")
    MONEY_FIELDS = ("daily_rate", "daily_cost")
    REQUIRED = ("code", "name")

    def fields(self) -> Iterable[Widget]:
        yield Field("code", _("Code"), Input(id="code", disabled=self.editing, placeholder="E16"))
        yield Field("name", _("Name"), Input(id="name", placeholder=_("make, model, height")))
        yield Field("category", _("Kind"), ChoiceInput(CATEGORIES, self.initial("scissor")),
                    note=" · ".join(shown(c) for c in CATEGORIES))
        yield Field("height_m", _("Height (m)"), Input())
        yield Field("daily_rate", _("Rate/day"), Input())
        yield Field("daily_cost", _("Cost/day"), Input(placeholder=_("what a day of it costs the business")))
        yield Field("status", _("Status"), ChoiceInput(STATUSES, self.initial("available")),
                    note=" · ".join(shown(s) for s in STATUSES))
        yield Field("notes", _("Notes"), Input())

    def on_mount(self) -> None:
        self.query_one("#name" if self.editing else "#code", Input).focus()

    def collect(self) -> dict[str, str]:
        raw = super().collect()
        if self.key is not None:
            raw["code"] = self.key
        return raw

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        saved = services.add(conn, "equipment", raw, options=ParseOptions(relative=True, today=self.today))
        return saved, _("Added unit {code}: {name}").format(code=saved.record.code, name=saved.record.name)
