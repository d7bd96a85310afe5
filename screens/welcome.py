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
            yield Static("Welcome to rentrack", id="welcome-title")
            yield Static(
                f"The database {app.db_path} is empty. Start with the demo business "
                "(an aerial-lift rental firm, two years of rentals), or your own first customer.",
                markup=False,
            )
            yield Button(f"Load the demo data  ({key_for(WELCOME, 'demo')})", id="demo", variant="primary")
            yield Button(f"Add the first customer  ({key_for(WELCOME, 'first_customer')})", id="first")
            yield Static(
                "Or bring in your own records from CSV files, in another terminal:\n"
                f"  {command} import customers customers.csv\n"
                f"  {command} import all DIR\n"
                "  (DIR holds customers.csv, equipment.csv, rentals.csv, complaints.csv, interactions.csv...)\n"
                "The board here updates by itself as soon as the import is committed.",
                id="import-help",
                markup=False,
            )
        yield Footer(compact=True)

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        self.query_one("#demo", Button).disabled = True
        self.notify("Loading the demo data…")
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
        summary = ", ".join(f"{n} {name}" for name, n in message.counts.items())
        self.notify(f"Demo loaded: {summary}")
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
