"""Every key of the app, declared once: the bindings, the command palette and the help screen.

Each screen or widget takes its ``BINDINGS`` from :func:`bindings` over its own
tuple below; the command palette offers the app-wide actions that have a
palette title; the help screen lists the real bindings of every screen class,
each with the help line declared here (carried as the binding's tooltip, so
the footer shows it on hover too). A key is added, changed or explained here
and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType

from tracker.i18n import N_


@dataclass(frozen=True)
class Action:
    """One key and what it does: its label in the footer, its help line, its palette title."""

    #: Textual key name(s), comma-separated: ``r``, ``ctrl+z``, ``question_mark``.
    key: str
    #: The action it runs: ``log_rental``, ``show_mode('board')``, ``app.mark_returned``.
    action: str
    #: The footer's word for it (the footer shows it only when :attr:`footer`).
    label: str
    #: One line for the help screen (and the palette's second line).
    help: str
    #: The command palette's name for it; blank: not in the palette.
    title: str = ""
    #: How the key is written where its name would mislead (``?`` for ``question_mark``).
    key_display: str | None = None
    footer: bool = True
    priority: bool = False

    @property
    def written(self) -> str:
        """How the key is written in help and hints: ``?``, ``ctrl+z``, ``Esc``, ``]``."""
        return written(self.key, self.key_display)

    def binding(self) -> Binding:
        """The Textual binding; its tooltip is the help line."""
        return Binding(
            self.key, self.action, self.label, show=self.footer, key_display=self.key_display,
            priority=self.priority, tooltip=self.help,
        )


#: Key names written as they read on the keyboard (others as Textual writes them: ``?``, ``]``, ``↓``).
KEY_WORDS = {"enter": "Enter", "escape": "Esc", "tab": "Tab", "shift+tab": "shift+Tab"}


def written(key: str, key_display: str | None = None) -> str:
    """How help and hints write *key*: its display if it has one, ``Esc``, ``ctrl+z``, ``?``."""
    from textual.keys import format_key

    if key_display:
        return key_display
    if key in KEY_WORDS:
        return KEY_WORDS[key]
    return key if "+" in key else format_key(key)


def key_for(actions: Iterable[Action], action: str) -> str:
    """The key bound to *action* among *actions*, written (for a hint that names it: ``a alerts``)."""
    for a in actions:
        if a.action == action:
            return a.written
    raise KeyError(action)


def bindings(actions: Iterable[Action]) -> list[BindingType]:
    """``BINDINGS`` for a class: one binding per action."""
    return [a.binding() for a in actions]


#: The app's keys: they work on every screen (a form or the help takes its own first).
ANYWHERE = (
    Action("ctrl+q", "quit", "Quit", "quit", priority=True),
    Action("ctrl+z", "undo", "Undo", "undo the last change made here (says what was undone)",
           title="Undo last change", priority=True),
    Action("question_mark", "help", "Help", "keys of every screen (this help)", title="Help", key_display="?"),
    Action("n", "new_customer", "New", "add a customer", title="New customer"),
    Action("r", "log_rental", "Rental", "log rental: customer, unit, dates, rate or amount", title="Log rental"),
    Action("c", "log_complaint", "Complaint", "log complaint: customer, cause, severity", title="Log complaint"),
    Action("i", "log_interaction", "Interaction", "log interaction: a call, message, visit, gift...",
           title="Log interaction"),
    Action("v", "resolve_complaint", "Resolve",
           "resolve complaint: the one selected, or the customer's oldest", title="Resolve complaint",
           footer=False),
    Action("m", "mark_returned", "Returned", "mark rental returned: the one selected, or the customer's",
           title="Mark returned", footer=False),
    Action("slash", "search", "Search", "search customers and open one", title="Search customers", key_display="/"),
    Action("1", "show_mode('board')", "Board", "the tier board", title="Board", footer=False),
    Action("2", "show_mode('customers')", "Customers", "customer list", title="Customers", footer=False),
    Action("3", "show_mode('rentals')", "Rentals", "rentals: on rent, due, overdue, unpaid", title="Rentals",
           footer=False),
    Action("4", "show_mode('complaints')", "Complaints", "complaints: the open queue", title="Complaints",
           footer=False),
    Action("5", "show_mode('equipment')", "Equipment", "equipment and what is free", title="Equipment",
           footer=False),
    Action("6", "show_mode('timeline')", "Timeline", "availability: every unit, day by day", title="Timeline",
           footer=False),
    Action("7", "show_mode('reports')", "Reports",
           "reports: profit a month, the 80/20 curve, tier moves, complaints by quarter", title="Reports",
           footer=False),
    Action("8", "show_mode('today')", "Today",
           "today: tasks and promises, follow-ups, complaints, returns, visits, unpaid, birthdays",
           title="Today", footer=False),
    # Declared here, Textual does not add its own (the footer shows it at the right, as "palette").
    Action("ctrl+p", "command_palette", "palette", "command palette: every action, and customers by name",
           footer=False, priority=True),
    Action("ctrl+t", "toggle_dark", "Theme", "light / dark theme", title="Toggle light/dark", footer=False),
    Action("ctrl+o", "import_csv", N_("Import"), N_("import a CSV file (customers, rentals...): all of it or nothing"),
           title=N_("Import CSV…"), footer=False),
)

BOARD = (
    Action("enter", "open", "Open", "open the customer under the cursor", footer=False),
    Action("a", "focus_alerts", "Alerts",
           "to the alerts (Enter opens the alert's customer); on a narrow screen a shows them, a again the tiers"),
    Action("p", "focus_tier('platinum')", "Platinum", "to the platinum tier", footer=False),
    Action("g", "focus_tier('gold')", "Gold", "to the gold tier", footer=False),
    Action("o", "focus_tier('iron')", "Iron", "to the iron tier", footer=False),
    Action("l", "focus_tier('lead')", "Lead", "to the lead tier", footer=False),
    Action("t", "filter_tag", "Tag", "only the customers with a tag (VIP, installers...) on the board and its alerts"),
    Action("escape", "clear_tag", "All", "a board filtered by a tag: every customer again"),
)

CUSTOMER = (
    Action("escape", "back", "Back", "back"),
    Action("e", "edit", "Edit", "edit the customer"),
    Action("x", "archive", "Archive", "archive: off the board, after a warning of units out and money owed"),
    Action("u", "restore", "Restore", "restore an archived customer: back on the board"),
    Action("p", "record_payment", "Payment", "record a payment against one of the customer's rentals with a balance"),
    Action("t", "focus_timeline", "Timeline", "to the timeline", footer=False),
    Action("b", "focus_breakdown", "Breakdown", "to the emotion breakdown", footer=False),
    Action("f", "show_profile", "Profile", "the full profile and standing in one view"),
    Action("w", "show_brief", "Brief",
           "the visit brief: open promises and complaints, last contacts, tier, this year, contacts' birthdays"),
    Action("a", "add_task", "Task", "add a task or a promise on the customer (what, when due)"),
    Action("d", "done_task", "Done", "mark the task or promise under the tasks' cursor done", footer=False),
    Action("s", "snooze_task", "Snooze", "put the task or promise under the tasks' cursor off (1w, 2w, 1m, a date)",
           footer=False),
    Action("k", "add_contact", "Contact", "add a contact: name, role, phone, WeChat, birthday (Enter on one edits it)"),
)

#: A line's whole text (a timeline or breakdown line, the whole profile).
DETAIL = (
    Action("escape", "close", "Close", "close the detail"),
    Action("enter", "close", "Close", "close the detail", footer=False),
    Action("m", "then('mark_returned')", "Mark returned", "a rental out or booked: mark it returned"),
    Action("v", "then('resolve_complaint')", "Resolve", "an open complaint: resolve it"),
    Action("e", "then('edit')", "Edit", "a complaint or interaction: edit it"),
)

#: Importing a CSV file from the app.
IMPORT = (
    Action("escape", "cancel", N_("Cancel"), N_("close without importing (while it runs: it finishes, all or nothing)")),
    Action("ctrl+s", "start", N_("Import"), N_("import the file (Enter does too)")),
)

#: A question before a change that is hard to take back (archive, cancel a rental, close a form unsaved).
CONFIRM = (
    Action("y", "answer(True)", "Yes", "yes: go ahead"),
    Action("n", "answer(False)", "No", "no: leave it as it is"),
    Action("escape", "answer(False)", "No", "no: leave it as it is", footer=False),
)

#: A list with a filter box.
FILTER = (
    Action("slash", "focus_filter", "Filter", "filter as you type", key_display="/"),
    Action("escape", "leave_filter", "Table", "in the filter: clear it, or when empty back to the list",
           footer=False),
    Action("down", "leave_filter_to_table", "Table", "in the filter: down to the list's first row (so does Enter)",
           footer=False),
)

CUSTOMERS = (
    Action("s", "sort", "Sort", "sort by name, code, newest, city, value, tier, emotion"),
    Action("h", "toggle_archived", "Archived", "show or hide the archived customers"),
)

RENTALS = (
    Action("right_square_bracket", "view(1)", "Next view", "next view: on rent, due, overdue, unpaid, all",
           key_display="]"),
    Action("left_square_bracket", "view(-1)", "Prev view", "previous view", key_display="["),
    Action("m", "app.mark_returned", "Mark returned", "mark the rental under the cursor returned"),
    Action("p", "record_payment", "Payment", "record a payment against the rental under the cursor"),
    Action("h", "held_deposits", "Deposits held", "the deposits still held, oldest first"),
)

#: The reports (key 7).
REPORTS = (
    Action("e", "next_tier", N_("Next tier"), N_("the emotion trend of the next tier: platinum, gold, iron, lead")),
)

#: The day's list, most urgent first.
TODAY = (
    Action("enter", "open", "Open", "open the line's customer, rental or complaint", footer=False),
    Action("d", "done_task", "Done", "a task or promise: mark it done"),
    Action("s", "snooze_task", "Snooze", "a task or promise: put it off (1 week, 2 weeks, 1 month or a date)"),
    Action("l", "log_visit", "Visit", "a return visit due: log it with the customer's rating"),
)

#: One rental: its status flow, its money.
RENTAL = (
    Action("escape", "back", "Back", "back"),
    Action("b", "set_status('booked')", "Confirm", "confirm the quote: booked (the unit must be free and in service)"),
    Action("o", "set_status('on-rent')", "Hand over", "hand the unit over: on rent"),
    Action("m", "mark_returned", "Returned", "mark the rental returned (the day its unit came back)"),
    Action("x", "cancel_rental", "Cancel", "cancel the rental (asks first)"),
    Action("e", "edit", "Edit", "edit the rental"),
    Action("p", "record_payment", "Payment", "record a payment against the rental"),
    Action("d", "take_deposit", "Deposit", "take a deposit on the rental"),
    Action("k", "return_deposit", "Return deposit", "return a deposit held, or keep part of it with the reason"),
    Action("l", "log_visit", "Return visit", "a returned rental: log the return visit, the customer's rating and a note"),
)

#: The deposits still held.
DEPOSITS = (
    Action("escape", "back", "Back", "back to the rentals"),
    Action("k", "return_deposit", "Return deposit", "return the deposit under the cursor, or keep part of it"),
)

TIMELINE = (
    Action("right", "move_day(1)", "Next day", "the next day", key_display="→", footer=False, priority=True),
    Action("left", "move_day(-1)", "Prev day", "the day before", key_display="←", footer=False, priority=True),
    Action("right_square_bracket", "shift(7)", "Next week", "a week later", key_display="]"),
    Action("left_square_bracket", "shift(-7)", "Prev week", "a week earlier", key_display="["),
    Action("t", "back_to_today", "Today", "back to the weeks from today"),
)

EQUIPMENT = (
    Action("a", "add_unit", "Add unit", "add a unit"),
    Action("e", "edit_unit", "Edit", "edit the unit under the cursor: rates, status (available, maintenance, retired)"),
    Action("u", "log_upkeep", "Upkeep", "log an inspection, service or repair of the unit under the cursor"),
)

COMPLAINTS = (
    Action("a", "toggle_all", "Open/all", "the open queue or every complaint"),
    Action("e", "edit_complaint", "Edit", "edit the complaint under the cursor"),
    Action("v", "app.resolve_complaint", "Resolve", "resolve the complaint under the cursor"),
)

FORM = (
    Action("escape", "cancel", "Cancel", "cancel (asks first when something was typed)"),
    Action("ctrl+s", "save", "Save", "save (Enter does too)"),
    Action("down", "app.focus_next", "Next field", "next field", key_display="↓", footer=False),
    Action("up", "app.focus_previous", "Previous field", "previous field", key_display="↑", footer=False),
)

#: A field that matches as you type (customer, unit, complaint, rental).
PICKER = (
    Action("down", "move(1)", "Next match", "next match (with no list: next field)", footer=False),
    Action("up", "move(-1)", "Previous match", "previous match (with no list: previous field)", footer=False),
    Action("escape", "close", "Close list", "close the list of matches", footer=False),
)

WELCOME = (
    Action("d", "demo", "Load demo data", "fill the empty database with the demo business"),
    Action("n", "first_customer", "Add first customer", "add the first customer"),
    Action("escape", "skip", "Empty board", "start on the empty board"),
)

HELP = (
    Action("escape", "dismiss", "Close", "close this help"),
    Action("question_mark", "dismiss", "Close", "close this help", key_display="?"),
)


def palette_help(action: Action) -> str:
    """The palette's second line: the help line and the key (``Add a customer (n)``)."""
    return f"{action.help[:1].upper()}{action.help[1:]} ({action.written})"


def palette() -> tuple[Action, ...]:
    """The app-wide actions the command palette offers (Textual adds quit and its own)."""
    return tuple(a for a in ANYWHERE if a.title)
