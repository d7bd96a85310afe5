"""Add a task or a promise on a customer, or edit one; put one off (a week, two, a month or a date)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widget import Widget
from textual.widgets import Input

from screens.forms.base import FormScreen
from screens.forms.editing import EditableForm
from screens.widgets.choice_input import ChoiceInput
from screens.widgets.customer_picker import CustomerPicker
from screens.widgets.field import Field
from tracker.i18n import N_, _
from tracker.records import TASKS
from tracker.rules.tasks import SNOOZES
from tracker.words import shown

KINDS = TASKS.field("kind").kind.choices
#: How the snooze field's note words the periods it takes.
SNOOZE_WORDS = N_("1w a week · 2w two weeks · 1m a month · or a date")


class TaskForm(EditableForm):
    """A next action on a customer or a promise made to it (what, due), or an edit of one when *ref* is given."""

    heading = N_("Add task or promise")
    ENTITY = "tasks"
    DATE_FIELDS = ("due",)
    REQUIRED = ("customer", "what", "due", "kind")

    def __init__(self, customer: str | None = None, *, ref: str | None = None) -> None:
        super().__init__(ref)
        self.customer = customer

    def fields(self) -> Iterable[Widget]:
        yield Field("customer", _("Customer"), CustomerPicker(self.customer or "", id="customer"))
        yield Field("what", _("What"), Input(id="what"))
        yield Field("due", _("Due"), Input(self.initial("+7")))
        yield Field("kind", _("Kind"), ChoiceInput(KINDS, self.initial("task")),
                    note=_("task: a next action · promise: made to the customer"))
        yield Field("note", _("Note"), Input())

    def on_mount(self) -> None:
        if self.customer or self.editing:
            self.query_one("#what", Input).focus()
        else:
            self.query_one("#customer", CustomerPicker).input.focus()

    def perform_new(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services
        from tracker.records import ParseOptions

        saved = services.add_task(
            conn, raw.get("customer", ""), raw.get("what", ""), raw.get("due", ""), kind=raw.get("kind", ""),
            note=raw.get("note", ""), options=ParseOptions(relative=True, today=self.today),
        )
        t = saved.record
        return saved, _("Added {kind} {ref} for {customer}, due {due}: {what}").format(
            kind=shown(t.kind), ref=t.ref, customer=t.customer, due=t.due, what=t.what
        )


class SnoozeForm(FormScreen):
    """Put task *ref* off: ``1w``, ``2w``, ``1m`` or a date after it is due."""

    REQUIRED = ("snoozed_until",)
    ASK_BEFORE_DISCARD = False

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref
        self.heading = _("Snooze task {ref}").format(ref=ref)

    def fields(self) -> Iterable[Widget]:
        yield Field("snoozed_until", _("Until"), ChoiceInput(SNOOZES, SNOOZES[0], id="until"), note=_(SNOOZE_WORDS))

    def on_mount(self) -> None:
        until = self.query_one("#until", Input)
        until.focus()
        until.select_all()

    def perform(self, conn: Any, raw: dict[str, str]) -> tuple[Any, str]:
        from tracker import services

        saved = services.snooze_task(conn, self.ref, raw.get("snoozed_until", "").strip(), today=self.today)
        t = saved.record
        said = _("Promise {ref} snoozed until {day}") if t.kind == "promise" else _("Task {ref} snoozed until {day}")
        return saved, said.format(ref=self.ref, day=t.snoozed_until)
