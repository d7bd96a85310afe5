"""What every CLI command shares: the chosen database, how to open it, and closing it whole."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import click


@dataclass
class CliState:
    """Set by the ``rentrack`` group; read by every sub-command via ``@pass_state``."""

    db_path: Path
    _open: list[sqlite3.Connection] = field(default_factory=list, repr=False)
    _waited: bool = field(default=False, repr=False)

    def connect(self, *, read_only: bool = False, reading: bool = False) -> sqlite3.Connection:
        """Open the database, closed again when the command ends.

        By default it is created and migrated if needed, settings seeded, and
        while another program holds the write lock a write waits for it,
        saying so once on stderr. *read_only* opens an existing file and
        never writes to it (``check``). *reading* is for commands that only
        read: a file that cannot be written (a read-only file, folder or
        medium) is opened read-only instead of refused.
        """
        from db.connection import connect_read_only

        if read_only:
            conn: sqlite3.Connection = connect_read_only(self.db_path)
        else:
            try:
                conn = self._open_store()
            except sqlite3.OperationalError as exc:
                if not (reading and self.db_path.exists() and _cannot_write(exc)):
                    raise
                conn = connect_read_only(self.db_path)
        self._open.append(conn)
        from tracker.i18n import follow_setting
        from tracker.services import stored_language

        follow_setting(stored_language(conn))
        return conn

    def _open_store(self) -> sqlite3.Connection:
        from db.files import sweep_leftovers
        from tracker.services import open_store

        sweep_leftovers(self.db_path, related=True)  # what a killed backup or migration copy left
        return open_store(self.db_path, on_lock_wait=self._waiting)

    def _waiting(self) -> None:
        if not self._waited:
            self._waited = True
            click.echo(
                f"rentrack: waiting for another program (an import?) to finish writing to {self.db_path}"
                " ... (Ctrl+C stops)",
                err=True,
            )

    def close(self) -> None:
        """Close every connection this command opened, checkpointing what they wrote.

        After a checkpoint the database file alone holds every committed
        change, so a copy of just that file is whole.
        """
        while self._open:
            conn = self._open.pop()
            try:
                if conn.total_changes and not conn.in_transaction:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                pass  # closed already, or busy: SQLite checkpoints on a later close
            conn.close()


def _cannot_write(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


pass_state = click.make_pass_decorator(CliState)


def check_new_file(path: Path, *, force: bool) -> None:
    """Refuse, in one line, a file to write into a folder that does not exist, or over a file without --force.

    rentrack creates no folders for a file (a mistyped path would scatter
    copies of the data); a device or a FIFO is written into, not replaced.
    """
    from db.files import is_special

    if is_special(path):
        return
    folder = path.parent
    if not folder.is_dir():
        raise click.ClickException(f"{folder}: no such folder; create it first, or give another path")
    if path.is_file() and not force:
        raise click.ClickException(f"{path} exists; use --force to overwrite it")


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
