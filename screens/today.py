"""The day's list: tasks and promises, follow-ups, complaints, returns, return visits, unpaid rentals and
birthdays, most urgent first — the very list ``rentrack today`` prints (:func:`tracker.today.today_items`).

Enter opens the line's customer (its rental, or its complaint, where the line is one); on a task or a
promise ``d`` marks it done and ``s`` puts it off; on a return visit due ``l`` logs it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from screens.actions import TODAY, bindings, key_for
from screens.format import named
from screens.live import LiveScreen
from screens.widgets.footer import Footer
from screens.widgets.text_table import TextTable, long_cell
from tracker.i18n import N_, _
from tracker.words import shown

if TYPE_CHECKING:
    from tracker.rules.tasks import TodayItem

#: Kinds whose ref is a task or promise, a rental, a complaint.
TASK_KINDS = ("task", "promise")
RENTAL_KINDS = ("return", "unpaid", "return-visit")
COMPLAINT_KINDS = ("complaint",)
#: Every kind of line the day's list holds, as the Kind column shows it (a task's and a promise's are stored words).
LINE_KINDS = (N_("follow-up"), N_("complaint"), N_("return"), N_("return-visit"), N_("unpaid"), N_("birthday"))


def hint() -> str:
    """The line under the list: what the keys do."""
    return _("{open} open · {done} done · {snooze} snooze · {visit} log a return visit").format(
        open=key_for(TODAY, "open"), done=key_for(TODAY, "done_task"), snooze=key_for(TODAY, "snooze_task"),
        visit=key_for(TODAY, "log_visit"))


class TodayScreen(LiveScreen):
    """What needs doing today, one line a thing, the most urgent first."""

    CSS_PATH = "today.tcss"
    #: Named styles (app.tcss colours them): a line already late.
    COMPONENT_CLASSES = {"today--late"}
    BINDINGS = bindings(TODAY)

    class _Loaded(Message):
        def __init__(self, items: list[TodayItem], as_of: date) -> None:
            super().__init__()
            self.items = items
            self.as_of = as_of

    #: Narrower than this, the customer's name gives way to what is to be done.
    NARROW = 100
    #: (label, key, width, width when narrow) of each column; "what" takes the width the others leave.
    COLUMNS = ((N_("Day"), "day", 10, 10), (N_("Kind"), "kind", 12, 12), (N_("Customer"), "name", 22, 14),
               (N_("What"), "what", 30, 30))

    def __init__(self) -> None:
        super().__init__()
        self._items: list[TodayItem] = []
        self._as_of: date | None = None
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Reading the day's list…"), id="today-status", classes="list-status")
        yield TextTable(id="today", cursor_type="row", fill="what")
        yield Static(hint(), id="today-hint", classes="list-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = _("Today")
        self._fit_size()
        self.query_one("#today", TextTable).focus()
        self.data_changed()

    def on_resize(self) -> None:
        if self._fit_size() and self._as_of is not None:
            self._show(self._items, self._as_of)

    def _fit_size(self) -> bool:
        """Set the columns for the screen's width; True if they changed."""
        narrow = self.size.width < self.NARROW
        if narrow == self._narrow:
            return False
        self._narrow = narrow
        table = self.query_one("#today", TextTable)
        table.clear(columns=True)
        for label, key, width, narrow_width in self.COLUMNS:
            table.add_column(_(label), key=key, width=narrow_width if narrow else width)
        table.fit_fill()
        return True

    def reload(self) -> None:
        self._read(self.as_of)

    @work(thread=True, exclusive=True, exit_on_error=False, group="today")
    def _read(self, as_of: date) -> None:
        from screens.store import reading
        from tracker.today import today_items

        board = self.app.board
        if board is not None and board.as_of != as_of:
            board = None
        with reading(self.app.db_path) as conn:
            items = today_items(conn, as_of, board=board)
        if not get_current_worker().is_cancelled:
            self.post_message(self._Loaded(items, as_of))

    @on(_Loaded)
    def _loaded(self, message: _Loaded) -> None:
        self._show(message.items, message.as_of)

    def _show(self, items: list[TodayItem], as_of: date) -> None:
        """Fill the list, keeping the cursor on the same line if it is still there."""
        table = self.query_one("#today", TextTable)
        current = self.selected_item()
        self._items, self._as_of = items, as_of
        table.clear()
        late = named(self, "today--late")
        for i, item in enumerate(items):
            overdue = item.day < as_of
            table.add_row(Text(item.day.isoformat(), style=late if overdue else ""), shown(item.kind),
                          long_cell(item.name or item.customer), long_cell(item.what), key=str(i))
        n = len(items)
        status = (_("Today, {day} · {n} to do") if n
                  else _("Today, {day} · nothing to do")).format(day=as_of.isoformat(), n=n)
        self.query_one("#today-status", Static).update(Text(status))
        table.border_title = _("Today · {n}").format(n=n)
        if current is not None:
            same = next((i for i, it in enumerate(items)
                         if (it.kind, it.customer, it.ref) == (current.kind, current.customer, current.ref)), None)
            if same is not None:
                table.move_cursor(row=same, animate=False)

    # --- the line under the cursor ----------------------------------------------------

    def selected_item(self) -> TodayItem | None:
        """The line under the cursor."""
        table = self.query_one("#today", DataTable)
        if not table.row_count or not self._items:
            return None
        row = table.cursor_row
        return self._items[row] if 0 <= row < len(self._items) else None

    def _selected_ref(self, kinds: tuple[str, ...]) -> str | None:
        item = self.selected_item()
        return item.ref if item is not None and item.kind in kinds and item.ref else None

    def selected_rental(self) -> str | None:
        """A return due or unpaid rental's ref (``m`` marks it returned)."""
        return self._selected_ref(RENTAL_KINDS)

    def selected_complaint(self) -> str | None:
        """A waiting complaint's ref (``v`` resolves it)."""
        return self._selected_ref(COMPLAINT_KINDS)

    def form_customer(self) -> str | None:
        """A record logged from here is for the customer of the line under the cursor."""
        item = self.selected_item()
        return item.customer if item is not None else None

    # --- actions ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Done and snooze for a task or promise, the visit for a return visit due (shown dimmed otherwise)."""
        if action in ("done_task", "snooze_task"):
            return True if self._selected_ref(TASK_KINDS) else None
        if action == "log_visit":
            return True if self._selected_ref(("return-visit",)) else None
        return True

    @on(DataTable.RowHighlighted, "#today")
    def _moved(self, _event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_open(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        if item.kind in RENTAL_KINDS and item.ref:
            self.app.open_rental(item.ref)
        elif item.kind in COMPLAINT_KINDS and item.ref:
            from screens.forms.complaint import ComplaintForm

            self.app.open_form(ComplaintForm(ref=item.ref))
        else:
            self.app.open_customer(item.customer)

    @on(DataTable.RowSelected, "#today")
    def _chosen(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_done_task(self) -> None:
        ref = self._selected_ref(TASK_KINDS)
        if ref:
            self._done(ref)

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _done(self, ref: str) -> None:
        done_task_now(self, ref)

    def action_snooze_task(self) -> Any:
        ref = self._selected_ref(TASK_KINDS)
        if ref:
            from screens.forms.task import SnoozeForm

            return self.app.open_form(SnoozeForm(ref))
        return None

    def action_log_visit(self) -> Any:
        ref = self._selected_ref(("return-visit",))
        if ref:
            from screens.forms.visit import VisitForm

            return self.app.open_form(VisitForm(rental=ref))
        return None


def done_task_now(screen: LiveScreen, ref: str) -> None:
    """Mark task *ref* done as of the app's day (worker thread), and say so."""
    from screens.store import writing
    from tracker.services import done_task

    app = screen.app
    with writing(app.db_path) as conn:
        saved = done_task(conn, ref, app.as_of)
    r = saved.record
    done = _("Task {ref} done: {what}") if r.kind == "task" else _("Promise {ref} done: {what}")
    app.call_from_thread(app.after_write, saved, done.format(ref=ref, what=r.what))
