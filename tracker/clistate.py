"""What every CLI command shares: the chosen database and how to open it."""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

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


class _BadDate(click.BadParameter):
    """A date option that cannot be read: one line naming the option, without the usage text above it."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {self.format_message()}", file=file or sys.stderr)


def date_option(text: str | None, name: str) -> date | None:
    """Parse a date option (a date, ``today``, ``+3``; years 1900 to 2999) or fail with one line naming it."""
    if text is None:
        return None
    from tracker.parse import parse_date

    try:
        return parse_date(text, relative=True)
    except ValueError as exc:
        raise _BadDate(str(exc), param_hint=name) from None
