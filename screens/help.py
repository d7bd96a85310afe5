"""``?``: every key, by screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Anywhere", (
        ("n", "new customer"),
        ("r", "log rental"),
        ("c", "log complaint"),
        ("i", "log interaction"),
        ("v", "resolve complaint (the one selected, or the customer's oldest)"),
        ("m", "mark rental returned"),
        ("/", "search customers and open one"),
        ("ctrl+z", "undo the last change (says what was undone)"),
        ("1 2 3 4 5", "board · customers · rentals · complaints · equipment"),
        ("ctrl+p", "command palette: every action, and customers by name"),
        ("ctrl+t", "light / dark theme"),
        ("?", "this help"),
        ("ctrl+q", "quit"),
    )),
    ("Board", (
        ("↑ ↓  Enter", "move in a tier, open the customer"),
        ("tab / p g o l", "next tier / platinum gold iron lead"),
        ("a", "alerts (Enter opens the customer)"),
    )),
    ("Customer", (
        ("e", "edit"),
        ("x", "archive (ctrl+z brings it back)"),
        ("r c i", "log rental, complaint, interaction for this customer"),
        ("Enter on timeline", "resolve an open complaint / return a rental"),
        ("Esc", "back"),
    )),
    ("Lists", (
        ("/", "filter (customers, equipment)"),
        ("s", "sort customers: name, code, newest, city, value, tier"),
        ("[ ]", "rental views: on rent, due, overdue, unpaid, all"),
        ("a", "complaints: open queue / all"),
        ("Enter", "open, resolve or mark returned"),
    )),
    ("Forms", (
        ("Enter", "save (in a customer or unit field: pick the highlighted match)"),
        ("Esc", "cancel"),
        ("Tab ↓ / ↑", "next / previous field"),
        ("dates", "today, yesterday, +3, -2, 2026-11-20, 20 Nov"),
        ("money", "1,200 · ¥1200 · 1200.50"),
    )),
)


class HelpScreen(ModalScreen[None]):
    """The keys of every screen; Esc or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", key_display="?"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 86; height: 90%; border: thick $accent; background: $surface; padding: 0 1;
    }
    HelpScreen .help-title { margin: 1 0 0 0; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "rentrack keys"
            for title, keys in SECTIONS:
                table = Table.grid(padding=(0, 2))
                table.add_column(width=18, style="bold")
                table.add_column()
                for key, what in keys:
                    table.add_row(key, what)
                yield Static(Text(title, style="bold underline"), classes="help-title")
                yield Static(table)
