"""What every CLI command shares: the chosen database, how to open it, and closing it whole."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import click

from tracker.i18n import _


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
                _("rentrack: waiting for another program (an import?) to finish writing to {db}"
                  " ... (Ctrl+C stops)").format(db=self.db_path),
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
        raise click.ClickException(_("{folder}: no such folder; create it first, or give another path").format(
            folder=folder))
    if path.is_file() and not force:
        raise click.ClickException(_("{file} exists; use --force to overwrite it").format(file=path))


class _BadDate(click.BadParameter):
    """A date option that cannot be read: one line naming the option, without the usage text above it."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(_("Error: {message}").format(message=self.format_message()), file=file or sys.stderr)


def date_option(text: str | None, name: str) -> date | None:
    """Parse a date option (a date, ``today``, ``+3``; years 1900 to 2999) or fail with one line naming it."""
    if text is None:
        return None
    from tracker.parse import parse_date

    try:
        return parse_date(text, relative=True)
    except ValueError as exc:
        raise _BadDate(str(exc), param_hint=name) from None


def follow_stored_language(path: Path) -> None:
    """Speak the ``language`` setting of the database at *path* (unless ``--lang`` chose), read without writing.

    Read before a command parses its options, so its help and its errors are
    in the owner's language; an unreadable file is left to the command to report.
    """
    from tracker.i18n import follow_setting

    if not path.is_file():
        return
    from db.connection import connect_read_only

    try:
        conn = connect_read_only(path)
    except (sqlite3.Error, OSError):
        return
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = 'language'").fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    if row:
        try:
            follow_setting(row[0])
        except ValueError:  # not a language: `rentrack config` shows it, the app ignores it
            pass


# --- what the database layer raises, as the owner reads it ----------------------------

def no_database(path: Path, *, hint: bool = False) -> str:
    """"<path>: no such database", with *hint* how to make one."""
    if hint:
        return _("{db}: no such database (run `rentrack demo` or import data)").format(db=path)
    return _("{db}: no such database").format(db=path)


#: The files rentrack writes that :func:`db.files.check_target` guards, by how it names them.
_UNSAFE = {
    "the backup": (
        lambda t: _("the backup {target} is the database; choose another file").format(**t),
        lambda t: _("the backup {target} is the database's {name}; choose another file").format(**t),
        lambda t: _("the backup {target} is the file being read ({source}); choose another file").format(**t),
    ),
    "the export": (
        lambda t: _("the export {target} is the database; choose another file").format(**t),
        lambda t: _("the export {target} is the database's {name}; choose another file").format(**t),
        lambda t: _("the export {target} is the file being read ({source}); choose another file").format(**t),
    ),
    "--rejects": (
        lambda t: _("--rejects {target} is the database; choose another file").format(**t),
        lambda t: _("--rejects {target} is the database's {name}; choose another file").format(**t),
        lambda t: _("--rejects {target} is the file being read ({source}); choose another file").format(**t),
    ),
}


def unsafe_target(exc: Exception) -> str:
    """What a :class:`db.files.UnsafeTarget` says, in the language spoken now."""
    what = getattr(exc, "what", None)
    target = getattr(exc, "target", None)
    if what not in _UNSAFE or target is None:
        return str(exc)
    database, companion, reading = _UNSAFE[what]
    fields = {"target": target, "name": getattr(exc, "companion", None), "source": getattr(exc, "source", None)}
    if fields["source"] is not None:
        return reading(fields)
    return companion(fields) if fields["name"] else database(fields)


def newer_schema(exc: Exception) -> str:
    """What a :class:`db.migrations.NewerSchemaError` says, in the language spoken now."""
    version, known = getattr(exc, "version", None), getattr(exc, "known", None)
    if version is None or known is None:
        return str(exc)
    return _("database schema version {version} is newer than this rentrack ({known}); upgrade rentrack").format(
        version=version, known=known)


#: SQLite's messages an owner may meet, by their English text.
_SQLITE = {
    "database is locked": lambda: _("database is locked"),
    "file is not a database": lambda: _("file is not a database"),
    "database disk image is malformed": lambda: _("database disk image is malformed"),
    "unable to open database file": lambda: _("unable to open database file"),
    "attempt to write a readonly database": lambda: _("attempt to write a readonly database"),
    "disk I/O error": lambda: _("disk I/O error"),
    "database or disk is full": lambda: _("database or disk is full"),
}


def database_error(exc: Exception) -> str:
    """An SQLite error's text, in the language spoken now where it is one the owner may meet."""
    text = str(exc)
    found = _SQLITE.get(text)
    return found() if found else text


def os_error(exc: OSError) -> str:
    """An operating system error's reason, in the language spoken now for the common ones."""
    from tracker.parse import os_reason

    return os_reason(exc)
