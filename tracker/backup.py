"""Copying the database with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the open database to *target* atomically (temporary file, then rename).

    Safe while other connections read and write: the backup API copies a
    consistent snapshot. The copy is created with mode 0600.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
