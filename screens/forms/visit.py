"""Log a return visit after a rental came back: how satisfied the customer was, and what it said; or edit one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.editing import EditableForm
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.field import Field
from tracker.records.entities import RETURN_VISITS

RATINGS = RETURN_VISITS.field("rating").kind.choices


class VisitForm(EditableForm):
    """A return visit on *rental* with its rating (not satisfied, OK, satisfied, very satisfied) and a note."""

    heading = "Log return visit"
    ENTITY = "return_visits"
    DATE_FIELDS = ("date",)
    REQUIRED = ("rental", "date", "rating")

    def __init__(self, rental: str | None = None, *, ref: str | None = None) -> None:
        super().__init__(ref)
        self.rental = rental
        if rental and ref is None:
            self.heading = f"Log return visit on {rental}"

    def fields(self) -> Iterable[Widget]:
        yield Field("rental", "Rental", Input(self.rental or "", id="rental", disabled=bool(self.rental)))
        yield Field("rating", "Rating", ChoiceInput(RATINGS, id="rating"),
                    note="not-satisfied 0 · ok 40 · satisfied 60 · very-satisfied 100")
        yield Field("date", "Date", Input(self.initial("today")))
        yield Field("note", "Note", Input(placeholder="what the customer said"))

    def on_mount(self) -> None:
        (self.query_one("#rating", Input) if self.rental or self.editing else self.query_one("#rental", Input)).focus()

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        saved = services.log_visit(
            conn, raw.get("rental", ""), raw.get("rating", ""), on=raw.get("date", ""), note=raw.get("note", ""),
            options=ParseOptions(relative=True, today=self.today),
        )
        v = saved.record
        return saved, f"Logged return visit {v.ref} on {v.rental}: {v.rating}"
