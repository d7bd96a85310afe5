"""The rentrack Textual app: the live tier board, lists, customer screens and quick forms.

All database work runs in thread workers that open their own connection and
post messages; handlers on the event loop own every widget change. A watcher
polls ``PRAGMA data_version`` twice a second so a change committed anywhere (a
form here, ``rentrack import`` in another terminal) reaches the board.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from screens.messages import BoardReady, DataChanged, StoreOpened, Undone

if TYPE_CHECKING:
    import sqlite3


def _board_screen() -> Screen[Any]:
    from screens.board import BoardScreen

    return BoardScreen()


def _customers_screen() -> Screen[Any]:
    from screens.lists.customers import CustomerListScreen

    return CustomerListScreen()


def _rentals_screen() -> Screen[Any]:
    from screens.lists.rentals import RentalListScreen

    return RentalListScreen()


def _complaints_screen() -> Screen[Any]:
    from screens.lists.complaints import ComplaintListScreen

    return ComplaintListScreen()


def _equipment_screen() -> Screen[Any]:
    from screens.lists.equipment import EquipmentListScreen

    return EquipmentListScreen()


def _commands() -> Any:
    from screens.commands import CustomerSearchProvider

    return CustomerSearchProvider


#: (action, title, help) for the command palette and the help screen.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("new_customer", "New customer", "Add a customer (n)"),
    ("log_rental", "Log rental", "Record a rental (r)"),
    ("log_complaint", "Log complaint", "Record a complaint (c)"),
    ("log_interaction", "Log interaction", "Record a call, visit, gift... (i)"),
    ("resolve_complaint", "Resolve complaint", "Close a complaint with resolution and compensation (v)"),
    ("mark_returned", "Mark returned", "Record that a rental's unit came back (m)"),
    ("search", "Search customers", "Find and open a customer (/)"),
    ("undo", "Undo last change", "Put back the last change made here (ctrl+z)"),
    ("show_mode('board')", "Board", "The tier board (1)"),
    ("show_mode('customers')", "Customers", "Customer list (2)"),
    ("show_mode('rentals')", "Rentals", "Rentals: on rent, due, overdue, unpaid (3)"),
    ("show_mode('complaints')", "Complaints", "Open complaint queue (4)"),
    ("show_mode('equipment')", "Equipment", "Equipment and availability (5)"),
    ("toggle_dark", "Toggle light/dark", "Switch between the light and dark theme (ctrl+t)"),
    ("help", "Help", "Keys and screens (?)"),
)


class RentrackApp(App[None]):
    """Keyboard-first tier board and logging over one database file."""

    TITLE = "rentrack"
    CSS_PATH = "app.tcss"
    DEFAULT_MODE = "board"
    MODES = {
        "board": _board_screen,
        "customers": _customers_screen,
        "rentals": _rentals_screen,
        "complaints": _complaints_screen,
        "equipment": _equipment_screen,
    }
    COMMANDS = App.COMMANDS | {_commands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("n", "new_customer", "New"),
        Binding("r", "log_rental", "Rental"),
        Binding("c", "log_complaint", "Complaint"),
        Binding("i", "log_interaction", "Interaction"),
        Binding("v", "resolve_complaint", "Resolve", show=False),
        Binding("m", "mark_returned", "Returned", show=False),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("1", "show_mode('board')", "Board", show=False),
        Binding("2", "show_mode('customers')", "Customers", show=False),
        Binding("3", "show_mode('rentals')", "Rentals", show=False),
        Binding("4", "show_mode('complaints')", "Complaints", show=False),
        Binding("5", "show_mode('equipment')", "Equipment", show=False),
        Binding("ctrl+t", "toggle_dark", "Theme", show=False),
    ]

    #: Seconds between two looks at ``PRAGMA data_version``.
    POLL_SECONDS = 0.5

    def __init__(self, db_path: Path, *, as_of: date | None = None, watch: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.fixed_as_of = as_of
        self.board: Any = None
        self.board_error: str | None = None
        self.generation = 0
        self._watch = watch
        self._watcher: sqlite3.Connection | None = None
        self._version: int | None = None
        self._polling = False
        self._own_writes = 0
        self._own_lock = threading.Lock()
        self._watch_lock = threading.Lock()
        self._closed = False
        self._full_pending = True
        self._last_failure: str | None = None

    # --- dates ------------------------------------------------------------------

    @property
    def as_of(self) -> date:
        """The day everything is computed for: fixed in tests, else today (re-read each time)."""
        return self.fixed_as_of or date.today()

    # --- start-up -----------------------------------------------------------------

    def on_load(self) -> None:
        # Before the screens are composed: the file is opened while Textual sets up the terminal.
        self._open_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_store(self) -> None:
        """Create or migrate the file, then say whether it is empty."""
        from screens.store import writing
        from tracker.views import data_version, is_empty, open_reader

        with writing(self.db_path) as conn:
            empty = is_empty(conn)
        if self._watch:
            # The baseline is taken before the board is read, so no commit after it goes unseen.
            with self._watch_lock:
                if not self._closed:
                    self._watcher = open_reader(self.db_path, check_same_thread=False)
                    self._version = data_version(self._watcher)
        self.post_message(StoreOpened(empty))

    @on(StoreOpened)
    def _store_opened(self, message: StoreOpened) -> None:
        if message.empty:
            from screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
        self.request_board()
        if self._watch:
            self.set_interval(self.POLL_SECONDS, self._poll)

    # --- the board ----------------------------------------------------------------

    def request_board(self, code: str | None = None) -> None:
        """Recompute the board: every customer, or just *code* after a change to it."""
        if code is None or self.board is None or self._full_pending:
            self._full_pending = True
            self._compute_board(None)
        else:
            self._compute_board(code)

    @work(thread=True, exclusive=True, exit_on_error=False, group="board")
    def _compute_board(self, code: str | None) -> None:
        from screens.store import is_locked
        from tracker import board as engine
        from tracker.views import open_reader

        worker = get_current_worker()
        as_of = self.fixed_as_of
        conn = open_reader(self.db_path, busy_timeout_ms=2000)
        try:
            result = None
            record = as_of is None  # tier changes are recorded for today's board only
            if code is not None:
                try:
                    try:
                        result = engine.update_customer(conn, self.board, code, record_history=record)
                    except Exception as exc:
                        if not (record and is_locked(exc)):
                            raise
                        result = engine.update_customer(conn, self.board, code)
                except Exception as exc:  # never leave the board stale: recompute it whole
                    self.log.error(f"board update for {code} failed, recomputing: {exc!r}")
            full = result is None
            if result is None:
                try:
                    result = engine.current_board(conn, as_of, record_history=record)
                except Exception as exc:  # another writer holds the lock: show, don't record
                    if not (record and is_locked(exc)):
                        raise
                    result = engine.current_board(conn, as_of, record_history=False)
        finally:
            conn.close()
        if not worker.is_cancelled:
            self.post_message(BoardReady(result, full))

    def _complete_board(self) -> None:
        """On a board read back from store, compute it whole in the background (see :meth:`_form`)."""
        if self.board is not None and not self.board.complete:
            self._board_completion(self.generation)

    @work(thread=True, exclusive=True, exit_on_error=False, group="complete")
    def _board_completion(self, generation: int) -> None:
        from tracker import board as engine
        from tracker.views import open_reader

        worker = get_current_worker()
        conn = open_reader(self.db_path, busy_timeout_ms=2000)
        try:
            board = engine.compute_board(conn, self.fixed_as_of)
        finally:
            conn.close()
        if not worker.is_cancelled:
            self.call_from_thread(self._board_completed, board, generation)

    def _board_completed(self, board: Any, generation: int) -> None:
        # The same board with the facts quick updates need, unless another has come meanwhile.
        if generation == self.generation and self.board is not None and not self.board.complete:
            self.board = board

    @on(BoardReady)
    def _board_ready(self, message: BoardReady) -> None:
        self.board = message.board
        self.board_error = None
        if message.full:
            self._full_pending = False
        self.generation += 1
        self._refresh_screens()

    def _refresh_screens(self) -> None:
        """Tell every live screen that data changed; each reloads now or when shown."""
        for screen in self._all_screens():
            refresh = getattr(screen, "data_changed", None)
            if refresh is not None:
                refresh()

    def _all_screens(self) -> Iterable[Screen[Any]]:
        seen: set[int] = set()
        for stack in self._screen_stacks.values():
            for screen in stack:
                if id(screen) not in seen:
                    seen.add(id(screen))
                    yield screen

    # --- live refresh -------------------------------------------------------------

    def _poll(self) -> None:
        if not self._polling:
            self._polling = True
            self._watch_version()

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def _watch_version(self) -> None:
        """Compare ``PRAGMA data_version`` with the last look; post when it moved."""
        from tracker.views import data_version, open_reader

        try:
            with self._watch_lock:
                if self._closed:
                    return
                if self._watcher is None:
                    self._watcher = open_reader(self.db_path, check_same_thread=False)
                version = data_version(self._watcher)
            changed = self._version is not None and version != self._version
            self._version = version
        finally:
            self._polling = False
        if changed and not get_current_worker().is_cancelled:
            self.post_message(DataChanged())

    @on(DataChanged)
    def _data_changed(self) -> None:
        with self._own_lock:
            own = self._own_writes > 0
            if own:
                self._own_writes -= 1
        if own:
            # The board was already updated for the customer this app changed.
            self.generation += 1
            self._refresh_screens()
        else:
            self.request_board()

    def expect_own_write(self, delta: int = 1) -> None:
        """A form is about to commit (+1) or gave up (-1): its commit needs no full recompute."""
        with self._own_lock:
            self._own_writes = max(0, self._own_writes + delta)

    def after_write(self, saved: Any, message: str | None = None) -> None:
        """A form saved *saved*: update the board for its customer and say so."""
        record = saved.record
        code = getattr(record, "customer", None) or getattr(record, "code", None)
        if saved.action == "unchanged":
            self.expect_own_write(-1)
            self.notify("Nothing changed")
            return
        if type(record).__name__ == "Equipment":
            code = None
        self.request_board(code)
        self.generation += 1
        self._refresh_screens()
        if message:
            # What was saved is named in the message: names and codes are shown as typed.
            self.notify(message, markup=False)

    def on_unmount(self) -> None:
        # The lock keeps the close from cutting into a look the watcher is taking in its thread.
        with self._watch_lock:
            self._closed = True
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None

    # --- failures -----------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show a failed worker once; never let it take the app down."""
        if event.state != WorkerState.ERROR:
            return
        worker = event.worker
        error = worker.error
        if worker.group == "watch":
            self._polling = False
        from screens.store import is_locked

        if worker.group == "board":
            self.board_error = str(error)
            self._refresh_screens()
        text = (
            "The database is busy (another program is writing); will try again."
            if error is not None and is_locked(error)
            else f"{worker.group or worker.name}: {type(error).__name__}: {error}"
        )
        if text != self._last_failure:
            self._last_failure = text
            self.notify(text, title="Problem", severity="error", timeout=8, markup=False)

    # --- navigation ---------------------------------------------------------------

    def action_show_mode(self, mode: str) -> None:
        """Go to the board or one of the lists."""
        self.switch_mode(mode)

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def open_customer(self, code: str) -> None:
        """Show the customer screen for *code*."""
        from screens.customer import CustomerScreen

        self.push_screen(CustomerScreen(code))

    def action_search(self) -> None:
        from screens.forms.find_customer import FindCustomerForm

        def chosen(code: str | None) -> None:
            if code:
                self.open_customer(code)

        self.push_screen(FindCustomerForm(), chosen)

    def context_customer(self) -> str | None:
        """The customer a new record is for: the one whose screen is open, else none (the form asks)."""
        getter = getattr(self.screen, "form_customer", None)
        return getter() if getter else None

    def _form(self, form: Screen[Any]) -> None:
        from screens.forms.base import FormScreen

        if isinstance(self.screen, FormScreen):
            return
        self.push_screen(form)
        # While the owner types, the board read back from store is computed whole, so that
        # saving updates it one customer at a time.
        self._complete_board()

    def action_new_customer(self) -> None:
        from screens.forms.customer import CustomerForm

        self._form(CustomerForm())

    def action_edit_customer(self, code: str) -> None:
        from screens.forms.customer import CustomerForm

        self._form(CustomerForm(code=code))

    def action_log_rental(self) -> None:
        from screens.forms.rental import RentalForm

        self._form(RentalForm(customer=self.context_customer()))

    def action_log_complaint(self) -> None:
        from screens.forms.complaint import ComplaintForm

        self._form(ComplaintForm(customer=self.context_customer()))

    def action_log_interaction(self) -> None:
        from screens.forms.interaction import InteractionForm

        self._form(InteractionForm(customer=self.context_customer()))

    def action_resolve_complaint(self) -> None:
        from screens.forms.resolve import ResolveForm

        getter = getattr(self.screen, "selected_complaint", None)
        self._form(ResolveForm(ref=getter() if getter else None, customer=self.context_customer()))

    def action_mark_returned(self) -> None:
        from screens.forms.returned import ReturnedForm

        getter = getattr(self.screen, "selected_rental", None)
        self._form(ReturnedForm(ref=getter() if getter else None, customer=self.context_customer()))

    # --- undo ---------------------------------------------------------------------

    def action_undo(self) -> None:
        self._undo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _undo(self) -> None:
        from screens.store import is_locked, writing
        from tracker.services import UndoError, undo_last

        try:
            with writing(self.db_path) as conn:
                summary = undo_last(conn)
        except UndoError as exc:
            self.post_message(Undone(None, str(exc)))
            return
        except Exception as exc:
            if not is_locked(exc):
                raise
            self.post_message(Undone(None, "the database is busy (another program is writing); try again"))
            return
        self.post_message(Undone(summary))

    @on(Undone)
    def _undone(self, message: Undone) -> None:
        if message.summary is None:
            self.notify(f"Nothing undone: {message.error}", severity="warning", markup=False)
            return
        self.notify(f"Undone: {message.summary}", title="Undo", markup=False)
        self.request_board()
        self.generation += 1
        self._refresh_screens()

    # --- command palette ----------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for action, title, help_text in ACTIONS:
            yield SystemCommand(title, help_text, lambda a=action: self.run_action(a))


def run_app(db_path: Path) -> None:
    """Open the app on *db_path*."""
    RentrackApp(db_path).run()
