"""First run on an empty database: load the demo, add the first customer, or import."""

from __future__ import annotations

from typing import Any

from textual import getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Static

from screens.actions import WELCOME, bindings, key_for
from screens.app import RentrackApp
from screens.widgets.footer import Footer
from tracker.i18n import N_, _

#: What the demo loads, as the notice counts it (``12 customers``).
DEMO_RECORDS = (N_("customers"), N_("equipment"), N_("rentals"), N_("complaints"), N_("interactions"))


class WelcomeScreen(Screen[None]):
    """Shown over the board while the database holds no records."""

    app = getters.app(RentrackApp)

    BINDINGS = bindings(WELCOME)
    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical { width: 100%; max-width: 116; height: auto; border: thick $accent; padding: 1 2; }
    WelcomeScreen #welcome-title { text-style: bold; color: $accent; }
    WelcomeScreen Button { width: 100%; margin: 1 0 0 0; }
    WelcomeScreen #import-help { margin: 1 0 0 0; color: $text-muted; }
    """

    class _DemoLoaded(Message):
        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    def compose(self) -> ComposeResult:
        import shlex

        from tracker.command import command_path

        app = self.app
        command = f"{command_path()} --db {shlex.quote(str(app.db_path))}"
        with Vertical():
            yield Static(_("Welcome to rentrack"), id="welcome-title")
            yield Static(
                _("The database {path} is empty. Start with the demo business "
                  "(an aerial-lift rental firm, two years of rentals), or your own first customer.").format(
                    path=app.db_path),
                markup=False,
            )
            yield Button(_("Load the demo data  ({key})").format(key=key_for(WELCOME, "demo")), id="demo",
                         variant="primary")
            yield Button(_("Add the first customer  ({key})").format(key=key_for(WELCOME, "first_customer")), id="first")
            yield Static(
                _("Or bring in your own records from CSV files, in another terminal:\n"
                  "  {command} import customers customers.csv\n"
                  "  {command} import all DIR\n"
                  "  (DIR holds customers.csv, equipment.csv, rentals.csv, complaints.csv, interactions.csv...)\n"
                  "The board here updates by itself as soon as the import is committed.").format(command=command),
                id="import-help",
                markup=False,
            )
        yield Footer(compact=True)

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        self.query_one("#demo", Button).disabled = True
        self.notify(_("Loading the demo data…"))
        self._load_demo()

    @work(thread=True, exclusive=True, exit_on_error=False, group="demo")
    def _load_demo(self) -> None:
        from screens.store import writing
        from tracker.transfer.demo import load_demo

        app = self.app
        with writing(app.db_path) as conn:
            counts = load_demo(conn, today=app.as_of)
        self.post_message(self._DemoLoaded(counts))

    @on(_DemoLoaded)
    def _demo_loaded(self, message: _DemoLoaded) -> None:
        summary = _(", ").join(_("{n} {records}").format(n=n, records=_(name)) for name, n in message.counts.items())
        self.notify(_("Demo loaded: {summary}").format(summary=summary))
        app = self.app
        app.request_board()
        self.dismiss()

    @on(Button.Pressed, "#first")
    def action_first_customer(self) -> None:
        from screens.forms.customer import CustomerForm

        def done(result: Any) -> None:
            if result is not None:
                self.dismiss()

        self.app.push_screen(CustomerForm(), done)

    def action_skip(self) -> None:
        self.dismiss()
