"""What every CLI command shares: the chosen database and how to open it."""

from __future__ import annotations

import sqlite3
from datetime import date
from dataclasses import dataclass
from pathlib import Path

import click


@dataclass
class CliState:
    """Set by the ``rentrack`` group; read by every sub-command via ``@pass_state``."""

    db_path: Path

    def connect(self) -> sqlite3.Connection:
        """Open the database (created and migrated if needed), settings seeded."""
        from tracker.services import open_store

        return open_store(self.db_path)


pass_state = click.make_pass_decorator(CliState)


def date_option(text: str | None, name: str) -> date | None:
    """Parse a date option or fail with one line naming the option."""
    if text is None:
        return None
    from tracker.parse import parse_date

    try:
        return parse_date(text, relative=True)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=name) from None
