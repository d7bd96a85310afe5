"""Log a return visit after a rental came back: how satisfied the customer was, and what it said; or edit one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import date_word
from screens.forms.editing import EditableForm
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.field import Field
from tracker.i18n import N_, _
from tracker.records.entities import RETURN_VISITS
from tracker.words import shown

RATINGS = RETURN_VISITS.field("rating").kind.choices
#: What each rating counts for, as the rating's note says.
RATING_SCORES = (("not-satisfied", 0), ("ok", 40), ("satisfied", 60), ("very-satisfied", 100))


class VisitForm(EditableForm):
    """A return visit on *rental* with its rating (not satisfied, OK, satisfied, very satisfied) and a note."""

    heading = N_("Log return visit")
    ENTITY = "return_visits"
    DATE_FIELDS = ("date",)
    REQUIRED = ("rental", "date", "rating")

    def __init__(self, rental: str | None = None, *, ref: str | None = None) -> None:
        super().__init__(ref)
        self.rental = rental
        if rental and ref is None:
            self.heading = _("Log return visit on {rental}").format(rental=rental)

    def fields(self) -> Iterable[Widget]:
        yield Field("rental", _("Rental"), Input(self.rental or "", id="rental", disabled=bool(self.rental)))
        yield Field("rating", _("Rating"), ChoiceInput(RATINGS, id="rating"),
                    note=" · ".join(f"{shown(rating)} {score}" for rating, score in RATING_SCORES))
        yield Field("date", _("Date"), Input(self.initial(date_word())))
        yield Field("note", _("Note"), Input(placeholder=_("what the customer said")))

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
        return saved, _("Logged return visit {ref} on {rental}: {rating}").format(
            ref=v.ref, rental=v.rental, rating=shown(v.rating)
        )
