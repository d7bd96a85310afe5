"""The rentrack Textual app."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class RentrackApp(App[None]):
    """Keyboard-first tier board and logging over one database file."""

    TITLE = "rentrack"

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Database: {self.db_path}")
        yield Footer()


def run_app(db_path: Path) -> None:
    """Open the app on *db_path*."""
    RentrackApp(db_path).run()
