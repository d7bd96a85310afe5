"""The rentrack Textual app: the live tier board, lists, customer screens and quick forms.

All database work runs in thread workers that open their own connection and
post messages; handlers on the event loop own every widget change.

Live refresh: the database counts every row written to its business tables
(``change_count``, kept by triggers whoever writes). The board knows the
count it reflects; a watcher reads the count twice a second, and any other
count means the screens are stale. A save made here knows the count before
and after it: when the board reflected the count before, the board is
updated for that one customer, else computed again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from screens.actions import ANYWHERE, bindings, palette, palette_help
from screens.messages import BoardReady, DataChanged, ImportLanded, StoreOpened, Undone
from screens.typing import KeysInOrder
from tracker.i18n import N_, _

if TYPE_CHECKING:
    import sqlite3

    from textual.command import Provider
    from textual.widget import AwaitMount

    from tracker.board import Board
    from tracker.rules.benefits import Benefit
    from tracker.services import Saved
    from tracker.settings import Settings


#: Textual's own palette commands (titles and help), marked here to be shown in the language spoken now.
TEXTUAL_COMMANDS = (
    N_("Theme"), N_("Change the current theme"),
    N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"),
    N_("Maximize"), N_("Maximize the focused widget"),
    N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)


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


def _timeline_screen() -> Screen[Any]:
    from screens.timeline import TimelineScreen

    return TimelineScreen()


def _reports_screen() -> Screen[Any]:
    from screens.reports import ReportsScreen

    return ReportsScreen()


def _today_screen() -> Screen[Any]:
    from screens.today import TodayScreen

    return TodayScreen()


def _equipment_screen() -> Screen[Any]:
    from screens.lists.equipment import EquipmentListScreen

    return EquipmentListScreen()


def _commands() -> type[Provider]:
    from screens.commands import CustomerSearchProvider

    return CustomerSearchProvider


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
        "timeline": _timeline_screen,
        "reports": _reports_screen,
        "today": _today_screen,
    }
    COMMANDS = App.COMMANDS | {_commands}
    BINDINGS = bindings(ANYWHERE)

    #: Seconds between two looks at the change count.
    POLL_SECONDS = 0.5

    def __init__(self, db_path: Path, *, as_of: date | None = None, watch: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.fixed_as_of = as_of
        self.board: Board | None = None
        self.board_error: str | None = None
        #: Bumped whenever the screens must draw again: the data changed, or the theme did.
        self.generation = 0
        self._watch = watch
        self._watcher: sqlite3.Connection | None = None
        self._polling = False
        self._watch_lock = threading.Lock()
        self._closed = False
        #: The change count the board is being brought to (asked for, not yet shown).
        self._asked: int | None = None
        self._last_failure: str | None = None
        self._keys = KeysInOrder(self, super().on_event)
        #: The newest change logged when the watcher last looked: imports after it are announced.
        self._seen_change = 0
        self._watched_count: int | None = None
        #: Whether a whole board is being computed (the header says so when it takes a while).
        self._computing = False
        self.sub_title = self.db_path.name

    async def on_event(self, event: events.Event) -> None:
        """Keys typed ahead wait their turn; a pasted row of cells fills a form's fields one by one."""
        if not event.is_forwarded:
            if isinstance(event, events.Key):
                if not self._keys.hold(event):
                    await super().on_event(event)
                    self._keys.handed(event)
                return
            if isinstance(event, events.Paste) and self._paste_cells(event.text):
                return
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        # A key back up at the app has been handled (its binding runs now): the next may go.
        self._keys.arrived(event)

    def _paste_cells(self, text: str) -> bool:
        from screens.forms.base import FormScreen

        screen = self.screen
        return isinstance(screen, FormScreen) and "\t" in text and screen.paste_cells(text)

    # --- dates ------------------------------------------------------------------

    @property
    def as_of(self) -> date:
        """The day everything is computed for: fixed in tests, else today (re-read each time)."""
        return self.fixed_as_of or date.today()

    # --- start-up -----------------------------------------------------------------

    def on_load(self) -> None:
        # Before the screens are composed: the file is opened while Textual sets up the terminal.
        self._open_store()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_store(self) -> None:
        """Create or migrate the file, then say whether it is empty."""
        from screens.store import writing
        from tracker.views import is_empty, newest_change

        with writing(self.db_path) as conn:
            empty = is_empty(conn)
            self._seen_change = newest_change(conn)  # before the watcher starts: what is older is not news
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

    @property
    def shown(self) -> int | None:
        """The change count the board on show reflects (None: no board yet)."""
        return self.board.changes if self.board is not None else None

    @property
    def settings(self) -> Settings:
        """The settings the board on show was computed with (the defaults until there is a board)."""
        from tracker.settings import Settings

        return self.board.settings if self.board is not None else Settings()

    #: A whole board taking longer than this says so in the header.
    COMPUTING_AFTER = 0.3

    def benefit_for(self, code: str) -> Benefit | None:
        """The VIP benefits of customer *code*'s tier on the board on show (None: not on it, or no board yet)."""
        from tracker.rules.benefits import benefit_of

        board = self.board
        row = board.row(code.strip()) if board is not None else None
        return benefit_of(row.tier, board.settings) if board is not None and row is not None else None

    def request_board(self) -> None:
        """Compute the board again, every customer."""
        self._computing = True
        self.set_timer(self.COMPUTING_AFTER, self._say_computing)
        self._compute_board(None, None)

    def _say_computing(self) -> None:
        if self._computing:
            self.sub_title = _("{file} · computing the board…").format(file=self.db_path.name)

    def _done_computing(self) -> None:
        self._computing = False
        self.sub_title = self.db_path.name

    @work(thread=True, exclusive=True, exit_on_error=False, group="board")
    def _compute_board(self, code: str | None, changes: int | None) -> None:
        """The board computed (or read back) whole, or updated for *code* to reflect *changes*."""
        from screens.store import reading
        from tracker import board as engine

        worker = get_current_worker()
        as_of = self.fixed_as_of
        record = as_of is None  # tier changes are recorded for today's board only
        with reading(self.db_path, busy_timeout_ms=2000) as conn:
            result = None
            if code is not None and self.board is not None:
                try:
                    result = engine.update_customer(conn, self.board, code, record_history=record, changes=changes)
                except Exception as exc:  # never leave the board stale: compute it whole
                    self.log.error(f"board update for {code} failed, computing it whole: {exc!r}")
            if result is None:
                result = engine.current_board(conn, as_of, record_history=record)
        if not worker.is_cancelled:
            self.post_message(BoardReady(result))

    @on(BoardReady)
    def _board_ready(self, message: BoardReady) -> None:
        self._done_computing()
        self.board = message.board
        self.board_error = None
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
            self._watch_changes()

    @work(thread=True, exclusive=True, exit_on_error=False, group="watch")
    def _watch_changes(self) -> None:
        """Read the change count and post it."""
        from screens.store import watching
        from tracker.views import change_count, imports_since

        landed: list[tuple[int, str]] = []
        try:
            with self._watch_lock:
                if self._closed:
                    return
                if self._watcher is None:
                    self._watcher = watching(self.db_path)
                count = change_count(self._watcher)
                if count != self._watched_count:
                    self._watched_count = count
                    landed = imports_since(self._watcher, self._seen_change)
                    self._seen_change = max([self._seen_change, *(set_id for set_id, _text in landed)])
        finally:
            self._polling = False
        if not get_current_worker().is_cancelled:
            for _set_id, text in landed:
                self.post_message(ImportLanded(text))
            self.post_message(DataChanged(count))

    @on(ImportLanded)
    def _import_landed(self, message: ImportLanded) -> None:
        # File names and counts as the importer wrote them: shown, not read as markup.
        self.notify(message.text, title=_("Import"), timeout=8, markup=False)

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        if message.count != self.shown and message.count != self._asked:
            self._asked = message.count  # the board computed now reflects at least this count
            self.request_board()

    def after_write(self, saved: Saved, message: str | None = None) -> None:
        """A form saved *saved*: update the board for its customer (or whole) and say so."""
        if saved.action == "unchanged" or saved.changes is None:
            self.notify(_("Nothing changed"))
            return
        before, after = saved.changes
        code = saved.customer
        if code is not None and self.board is not None and self.shown == before:
            self._asked = after  # only this save happened since the board on show: update it
            self._compute_board(code, after)
        else:
            self.request_board()
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
        from tracker.services import is_locked

        if worker.group == "board":
            self._done_computing()
            self.board_error = str(error)
            self._refresh_screens()
        text = (
            _("The database is busy (another program is writing); will try again.")
            if error is not None and is_locked(error)
            else f"{worker.group or worker.name}: {type(error).__name__}: {error}"
        )
        if text != self._last_failure:
            self._last_failure = text
            self.notify(text, title=_("Problem"), severity="error", timeout=8, markup=False)

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

    def _theme_changed(self, _theme: object) -> None:
        """Text in named styles was drawn in the old theme's colours: every screen draws it again."""
        self.generation += 1
        self._refresh_screens()

    def open_customer(self, code: str) -> None:
        """Show the customer screen for *code*."""
        from screens.customer import CustomerScreen

        self.push_screen(CustomerScreen(code))

    def open_rental(self, ref: str) -> None:
        """Show the rental screen for *ref*."""
        from screens.rental import RentalScreen

        self.push_screen(RentalScreen(ref))

    def open_unit(self, code: str) -> None:
        """Show the equipment list with the cursor on unit *code*."""
        self.switch_mode("equipment")
        self.call_after_refresh(self._show_unit, code)

    def _show_unit(self, code: str) -> None:
        show = getattr(self.screen, "show_unit", None)
        if show is not None:
            show(code)

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

    def open_form(self, form: Screen[Any]) -> AwaitMount | None:
        """Show *form*, unless a form is open already.

        An action returns what this returns: Textual awaits it before the next key, so what
        the owner types straight after the key that opened the form reaches the form's field.
        """
        from screens.forms.base import FormScreen

        if isinstance(self.screen, FormScreen):
            return None
        return self.push_screen(form)

    def action_new_customer(self) -> AwaitMount | None:
        from screens.forms.customer import CustomerForm

        return self.open_form(CustomerForm())

    def action_edit_customer(self, code: str) -> AwaitMount | None:
        from screens.forms.customer import CustomerForm

        return self.open_form(CustomerForm(code=code))

    def action_log_rental(self) -> AwaitMount | None:
        from screens.forms.rental import RentalForm

        return self.open_form(RentalForm(customer=self.context_customer()))

    def action_log_complaint(self) -> AwaitMount | None:
        from screens.forms.complaint import ComplaintForm

        return self.open_form(ComplaintForm(customer=self.context_customer()))

    def action_log_interaction(self) -> AwaitMount | None:
        from screens.forms.interaction import InteractionForm

        return self.open_form(InteractionForm(customer=self.context_customer()))

    def action_import_csv(self) -> AwaitMount | None:
        from screens.import_screen import ImportScreen

        return None if isinstance(self.screen, ImportScreen) else self.open_form(ImportScreen())

    def imported(self, landed: list[tuple[int, str]], changes: int) -> None:
        """An import made here landed: announced as one from elsewhere would be (once), and every screen follows."""
        with self._watch_lock:
            news = [text for set_id, text in landed if set_id > self._seen_change]
            self._seen_change = max([self._seen_change, *(set_id for set_id, _text in landed)])
        for text in news:
            self.post_message(ImportLanded(text))
        self._asked = changes  # the board computed now reflects the import
        self.request_board()
        self.generation += 1
        self._refresh_screens()

    def action_resolve_complaint(self) -> AwaitMount | None:
        from screens.forms.resolve import ResolveForm

        getter = getattr(self.screen, "selected_complaint", None)
        return self.open_form(ResolveForm(ref=getter() if getter else None, customer=self.context_customer()))

    def action_mark_returned(self) -> AwaitMount | None:
        from screens.forms.returned import ReturnedForm

        getter = getattr(self.screen, "selected_rental", None)
        return self.open_form(ReturnedForm(ref=getter() if getter else None, customer=self.context_customer()))

    # --- undo ---------------------------------------------------------------------

    def action_undo(self) -> None:
        self._undo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="write")
    def _undo(self) -> None:
        from screens.store import writing
        from tracker.services import UndoError, is_locked, undo_last

        try:
            with writing(self.db_path) as conn:
                summary = undo_last(conn)
        except UndoError as exc:
            self.post_message(Undone(None, str(exc)))
            return
        except Exception as exc:
            if not is_locked(exc):
                raise
            self.post_message(Undone(None, _("the database is busy (another program is writing); try again")))
            return
        self.post_message(Undone(summary))

    @on(Undone)
    def _undone(self, message: Undone) -> None:
        if message.summary is None:
            self.notify(_("Nothing undone: {reason}").format(reason=message.error), severity="warning", markup=False)
            return
        self.notify(_("Undone: {what}").format(what=message.summary), title=_("Undo"), markup=False)
        self.request_board()
        self.generation += 1
        self._refresh_screens()

    # --- command palette ----------------------------------------------------------

    def action_command_palette(self) -> None:
        """Textual's command palette, its prompt in the language spoken now."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's own (theme, quit, keys, screenshot...), their words looked up as shown (see TEXTUAL_COMMANDS).
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))
        for action in palette():
            yield SystemCommand(_(action.title), palette_help(action), partial(self.run_action, action.action))


def run_app(db_path: Path) -> None:
    """Open the app on *db_path* (in the language spoken: the ``rentrack`` command has chosen it)."""
    RentrackApp(db_path).run()
