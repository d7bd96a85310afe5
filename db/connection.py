"""Opening the database file: location, permissions, pragmas and migrations."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from db import migrations
from db.migrations import migrate, schema_version

#: How long a connection waits for another writer (a CLI import, the app) before
#: giving up with "database is locked". Long imports commit once, so be generous.
BUSY_TIMEOUT_MS = 30_000


def default_path() -> Path:
    """``rentrack.db`` in the user data directory, unless ``RENTRACK_DB`` says otherwise."""
    env = os.environ.get("RENTRACK_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("rentrack", appauthor=False)) / "rentrack.db"


def _create_private(path: Path) -> None:
    """Create an empty file readable only by its owner (mode 0600), if absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def connect(
    path: str | os.PathLike[str],
    *,
    migrate_schema: bool = True,
    check_same_thread: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> sqlite3.Connection:
    """Open (creating if needed) the database at *path*, ready for use.

    The connection runs in autocommit mode (``isolation_level=None``): callers
    open transactions explicitly with :func:`db.writes.transaction`. Every
    connection has WAL, foreign keys on and a busy timeout. A file from an
    older schema version is copied beside itself (see
    :func:`backup_before_migrating`) before it is migrated.
    """
    p = Path(path)
    if str(path) != ":memory:":
        _create_private(p)
    conn = sqlite3.connect(
        p if str(path) != ":memory:" else ":memory:",
        isolation_level=None,
        check_same_thread=check_same_thread,
        timeout=busy_timeout_ms / 1000,
    )
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    if migrate_schema:
        # Reading the version takes no lock: a current file opens at once even
        # while another process holds a long write (an import).
        version = schema_version(conn)
        if version != migrations.SCHEMA_VERSION:
            if 0 < version < migrations.SCHEMA_VERSION and str(path) != ":memory:":
                backup_before_migrating(conn, p, version)
            migrate(conn)
    return conn


def backup_before_migrating(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database beside itself before its schema is upgraded.

    The copy is named ``<file>.v<version>-backup-<YYYYMMDDHHMMSS>``, made with
    SQLite's backup API (a consistent snapshot even while others write), written
    under a temporary name with mode 0600 and renamed when complete. Returns its path.
    """
    stamp = time.strftime("%Y%m%d%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-backup-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.v{version}-backup-{stamp}-{n}")
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
    return target


def data_version(conn: sqlite3.Connection) -> int:
    """``PRAGMA data_version``: changes when another connection commits."""
    return conn.execute("PRAGMA data_version").fetchone()[0]
