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

from tracker.i18n import N_, _


@dataclass(frozen=True)
class Action:
    """One key and what it does: its label in the footer, its help line, its palette title."""

    #: Textual key name(s), comma-separated: ``r``, ``ctrl+z``, ``question_mark``.
    key: str
    #: The action it runs: ``log_rental``, ``show_mode('board')``, ``app.mark_returned``.
    action: str
    #: The footer's word for it (the footer shows it only when :attr:`footer`). Label, help and title are
    #: declared in English (marked with ``N_``) and translated where shown.
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
    Action("ctrl+q", "quit", N_("Quit"), N_("quit"), priority=True),
    Action("ctrl+z", "undo", N_("Undo"), N_("undo the last change made here (says what was undone)"),
           title=N_("Undo last change"), priority=True),
    Action("question_mark", "help", N_("Help"), N_("keys of every screen (this help)"), title=N_("Help"), key_display="?"),
    Action("n", "new_customer", N_("New"), N_("add a customer"), title=N_("New customer")),
    Action("r", "log_rental", N_("Rental"), N_("log rental: customer, unit, dates, rate or amount"), title=N_("Log rental")),
    Action("c", "log_complaint", N_("Complaint"), N_("log complaint: customer, cause, severity"), title=N_("Log complaint")),
    Action("i", "log_interaction", N_("Interaction"), N_("log interaction: a call, message, visit, gift..."),
           title=N_("Log interaction")),
    Action("v", "resolve_complaint", N_("Resolve"),
           N_("resolve complaint: the one selected, or the customer's oldest"), title=N_("Resolve complaint"),
           footer=False),
    Action("m", "mark_returned", N_("Returned"), N_("mark rental returned: the one selected, or the customer's"),
           title=N_("Mark returned"), footer=False),
    Action("slash", "search", N_("Search"), N_("search customers and open one"), title=N_("Search customers"), key_display="/"),
    Action("1", "show_mode('board')", N_("Board"), N_("the tier board"), title=N_("Board"), footer=False),
    Action("2", "show_mode('customers')", N_("Customers"), N_("customer list"), title=N_("Customers"), footer=False),
    Action("3", "show_mode('rentals')", N_("Rentals"), N_("rentals: on rent, due, overdue, unpaid"), title=N_("Rentals"),
           footer=False),
    Action("4", "show_mode('complaints')", N_("Complaints"), N_("complaints: the open queue"), title=N_("Complaints"),
           footer=False),
    Action("5", "show_mode('equipment')", N_("Equipment"), N_("equipment and what is free"), title=N_("Equipment"),
           footer=False),
    Action("6", "show_mode('timeline')", N_("Timeline"), N_("availability: every unit, day by day"), title=N_("Timeline"),
           footer=False),
    Action("7", "show_mode('reports')", N_("Reports"),
           N_("reports: profit a month, the 80/20 curve, tier moves, complaints by quarter"), title=N_("Reports"),
           footer=False),
    Action("8", "show_mode('today')", N_("Today"),
           N_("today: tasks and promises, follow-ups, complaints, returns, visits, unpaid, birthdays"),
           title=N_("Today"), footer=False),
    # Declared here, Textual does not add its own (the footer shows it at the right, as "palette").
    Action("ctrl+p", "command_palette", N_("palette"), N_("command palette: every action, and customers by name"),
           footer=False, priority=True),
    Action("ctrl+t", "toggle_dark", N_("Theme"), N_("light / dark theme"), title=N_("Toggle light/dark"), footer=False),
    Action("ctrl+o", "import_csv", N_("Import"), N_("import a CSV file (customers, rentals...): all of it or nothing"),
           title=N_("Import CSV…"), footer=False),
)

BOARD = (
    Action("enter", "open", N_("Open"), N_("open the customer under the cursor"), footer=False),
    Action("a", "focus_alerts", N_("Alerts"),
           N_("to the alerts (Enter opens the alert's customer); on a narrow screen a shows them, a again the tiers")),
    Action("p", "focus_tier('platinum')", N_("Platinum"), N_("to the platinum tier"), footer=False),
    Action("g", "focus_tier('gold')", N_("Gold"), N_("to the gold tier"), footer=False),
    Action("o", "focus_tier('iron')", N_("Iron"), N_("to the iron tier"), footer=False),
    Action("l", "focus_tier('lead')", N_("Lead"), N_("to the lead tier"), footer=False),
    Action("t", "filter_tag", N_("Tag"), N_("only the customers with a tag (VIP, installers...) on the board and its alerts")),
    Action("escape", "clear_tag", N_("All"), N_("a board filtered by a tag: every customer again")),
)

CUSTOMER = (
    Action("escape", "back", N_("Back"), N_("back")),
    Action("e", "edit", N_("Edit"), N_("edit the customer")),
    Action("x", "archive", N_("Archive"), N_("archive: off the board, after a warning of units out and money owed")),
    Action("u", "restore", N_("Restore"), N_("restore an archived customer: back on the board")),
    Action("p", "record_payment", N_("Payment"), N_("record a payment against one of the customer's rentals with a balance")),
    Action("t", "focus_timeline", N_("Timeline"), N_("to the timeline"), footer=False),
    Action("b", "focus_breakdown", N_("Breakdown"), N_("to the emotion breakdown"), footer=False),
    Action("f", "show_profile", N_("Profile"), N_("the full profile and standing in one view")),
    Action("w", "show_brief", N_("Brief"),
           N_("the visit brief: open promises and complaints, last contacts, tier, this year, contacts' birthdays")),
    Action("a", "add_task", N_("Task"), N_("add a task or a promise on the customer (what, when due)")),
    Action("d", "done_task", N_("Done"), N_("mark the task or promise under the tasks' cursor done"), footer=False),
    Action("s", "snooze_task", N_("Snooze"), N_("put the task or promise under the tasks' cursor off (1w, 2w, 1m, a date)"),
           footer=False),
    Action("k", "add_contact", N_("Contact"), N_("add a contact: name, role, phone, WeChat, birthday (Enter on one edits it)")),
)

#: A line's whole text (a timeline or breakdown line, the whole profile).
DETAIL = (
    Action("escape", "close", N_("Close"), N_("close the detail")),
    Action("enter", "close", N_("Close"), N_("close the detail"), footer=False),
    Action("m", "then('mark_returned')", N_("Mark returned"), N_("a rental out or booked: mark it returned")),
    Action("v", "then('resolve_complaint')", N_("Resolve"), N_("an open complaint: resolve it")),
    Action("e", "then('edit')", N_("Edit"), N_("a complaint or interaction: edit it")),
)

#: Importing a CSV file from the app.
IMPORT = (
    Action("escape", "cancel", N_("Cancel"), N_("close without importing (while it runs: it finishes, all or nothing)")),
    Action("ctrl+s", "start", N_("Import"), N_("import the file (Enter does too)")),
)

#: A question before a change that is hard to take back (archive, cancel a rental, close a form unsaved).
CONFIRM = (
    Action("y", "answer(True)", N_("Yes"), N_("yes: go ahead")),
    Action("n", "answer(False)", N_("No"), N_("no: leave it as it is")),
    Action("escape", "answer(False)", N_("No"), N_("no: leave it as it is"), footer=False),
)

#: A list with a filter box.
FILTER = (
    Action("slash", "focus_filter", N_("Filter"), N_("filter as you type"), key_display="/"),
    Action("escape", "leave_filter", N_("Table"), N_("in the filter: clear it, or when empty back to the list"),
           footer=False),
    Action("down", "leave_filter_to_table", N_("Table"), N_("in the filter: down to the list's first row (so does Enter)"),
           footer=False),
)

CUSTOMERS = (
    Action("s", "sort", N_("Sort"), N_("sort by name, code, newest, city, value, tier, emotion")),
    Action("h", "toggle_archived", N_("Archived"), N_("show or hide the archived customers")),
)

RENTALS = (
    Action("right_square_bracket", "view(1)", N_("Next view"), N_("next view: on rent, due, overdue, unpaid, all"),
           key_display="]"),
    Action("left_square_bracket", "view(-1)", N_("Prev view"), N_("previous view"), key_display="["),
    Action("m", "app.mark_returned", N_("Mark returned"), N_("mark the rental under the cursor returned")),
    Action("p", "record_payment", N_("Payment"), N_("record a payment against the rental under the cursor")),
    Action("h", "held_deposits", N_("Deposits held"), N_("the deposits still held, oldest first")),
)

#: The reports (key 7).
REPORTS = (
    Action("e", "next_tier", N_("Next tier"), N_("the emotion trend of the next tier: platinum, gold, iron, lead")),
)

#: The day's list, most urgent first.
TODAY = (
    Action("enter", "open", N_("Open"), N_("open the line's customer, rental or complaint"), footer=False),
    Action("d", "done_task", N_("Done"), N_("a task or promise: mark it done")),
    Action("s", "snooze_task", N_("Snooze"), N_("a task or promise: put it off (1 week, 2 weeks, 1 month or a date)")),
    Action("l", "log_visit", N_("Visit"), N_("a return visit due: log it with the customer's rating")),
)

#: One rental: its status flow, its money.
RENTAL = (
    Action("escape", "back", N_("Back"), N_("back")),
    Action("b", "set_status('booked')", N_("Confirm"), N_("confirm the quote: booked (the unit must be free and in service)")),
    Action("o", "set_status('on-rent')", N_("Hand over"), N_("hand the unit over: on rent")),
    Action("m", "mark_returned", N_("Returned"), N_("mark the rental returned (the day its unit came back)")),
    Action("x", "cancel_rental", N_("Cancel"), N_("cancel the rental (asks first)")),
    Action("e", "edit", N_("Edit"), N_("edit the rental")),
    Action("p", "record_payment", N_("Payment"), N_("record a payment against the rental")),
    Action("d", "take_deposit", N_("Deposit"), N_("take a deposit on the rental")),
    Action("k", "return_deposit", N_("Return deposit"), N_("return a deposit held, or keep part of it with the reason")),
    Action("l", "log_visit", N_("Return visit"), N_("a returned rental: log the return visit, the customer's rating and a note")),
)

#: The deposits still held.
DEPOSITS = (
    Action("escape", "back", N_("Back"), N_("back to the rentals")),
    Action("k", "return_deposit", N_("Return deposit"), N_("return the deposit under the cursor, or keep part of it")),
)

TIMELINE = (
    Action("right", "move_day(1)", N_("Next day"), N_("the next day"), key_display="→", footer=False, priority=True),
    Action("left", "move_day(-1)", N_("Prev day"), N_("the day before"), key_display="←", footer=False, priority=True),
    Action("right_square_bracket", "shift(7)", N_("Next week"), N_("a week later"), key_display="]"),
    Action("left_square_bracket", "shift(-7)", N_("Prev week"), N_("a week earlier"), key_display="["),
    Action("t", "back_to_today", N_("Today"), N_("back to the weeks from today")),
)

EQUIPMENT = (
    Action("a", "add_unit", N_("Add unit"), N_("add a unit")),
    Action("e", "edit_unit", N_("Edit"), N_("edit the unit under the cursor: rates, status (available, maintenance, retired)")),
    Action("u", "log_upkeep", N_("Upkeep"), N_("log an inspection, service or repair of the unit under the cursor")),
)

COMPLAINTS = (
    Action("a", "toggle_all", N_("Open/all"), N_("the open queue or every complaint")),
    Action("e", "edit_complaint", N_("Edit"), N_("edit the complaint under the cursor")),
    Action("v", "app.resolve_complaint", N_("Resolve"), N_("resolve the complaint under the cursor")),
)

FORM = (
    Action("escape", "cancel", N_("Cancel"), N_("cancel (asks first when something was typed)")),
    Action("ctrl+s", "save", N_("Save"), N_("save (Enter does too)")),
    Action("down", "app.focus_next", N_("Next field"), N_("next field"), key_display="↓", footer=False),
    Action("up", "app.focus_previous", N_("Previous field"), N_("previous field"), key_display="↑", footer=False),
)

#: A field that matches as you type (customer, unit, complaint, rental).
PICKER = (
    Action("down", "move(1)", N_("Next match"), N_("next match (with no list: next field)"), footer=False),
    Action("up", "move(-1)", N_("Previous match"), N_("previous match (with no list: previous field)"), footer=False),
    Action("escape", "close", N_("Close list"), N_("close the list of matches"), footer=False),
)

WELCOME = (
    Action("d", "demo", N_("Load demo data"), N_("fill the empty database with the demo business")),
    Action("n", "first_customer", N_("Add first customer"), N_("add the first customer")),
    Action("escape", "skip", N_("Empty board"), N_("start on the empty board")),
)

HELP = (
    Action("escape", "dismiss", N_("Close"), N_("close this help")),
    Action("question_mark", "dismiss", N_("Close"), N_("close this help"), key_display="?"),
)


def palette_help(action: Action) -> str:
    """The palette's second line: the help line and the key (``Add a customer (n)``), in the language spoken now."""
    what = _(action.help)
    return f"{what[:1].upper()}{what[1:]} ({action.written})"


def palette() -> tuple[Action, ...]:
    """The app-wide actions the command palette offers (Textual adds quit and its own)."""
    return tuple(a for a in ANYWHERE if a.title)
