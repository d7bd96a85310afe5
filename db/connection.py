"""Opening the database file: location, permissions, pragmas and migrations."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from db import migrations
from db.files import final_target, place, private_temp, remove_temp
from db.migrations import migrate, schema_version

#: How long a connection waits for another writer (a CLI import, the app) before
#: giving up with "database is locked". Long imports commit once, so be generous.
BUSY_TIMEOUT_MS = 30_000
#: How long a connection with a lock-wait hook waits before calling it (then again between calls).
LOCK_POLL_MS = 1_000


class Connection(sqlite3.Connection):
    """A connection that may say what to do while another writer holds the lock.

    ``on_lock_wait``, when set, is called each time :func:`db.writes.begin_write`
    has waited one busy timeout for the write lock; the wait then goes on (see there).
    """

    on_lock_wait: Callable[[], None] | None = None


def default_path() -> Path:
    """``rentrack.db`` in the user data directory, unless ``RENTRACK_DB`` says otherwise."""
    env = os.environ.get("RENTRACK_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("rentrack", appauthor=False)) / "rentrack.db"


def _create_private(path: Path) -> Path:
    """Create an empty file readable only by its owner (mode 0600), if absent; returns the file's real path.

    A symlink is followed first, so a database created through a link that
    points nowhere yet is private too.
    """
    real = Path(os.path.realpath(path))
    real.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return real
    os.close(fd)
    return real


def connect(
    path: str | os.PathLike[str],
    *,
    migrate_schema: bool = True,
    check_same_thread: bool = True,
    busy_timeout_ms: int | None = None,
    on_lock_wait: Callable[[], None] | None = None,
) -> Connection:
    """Open (creating if needed) the database at *path*, ready for use.

    The connection runs in autocommit mode (``isolation_level=None``): callers
    open transactions explicitly with :func:`db.writes.transaction`. Every
    connection has WAL, foreign keys on and a busy timeout (default
    :data:`BUSY_TIMEOUT_MS`; with *on_lock_wait*, :data:`LOCK_POLL_MS` between
    calls of the hook, and no end to the wait: see :class:`Connection`). A
    file from an older schema version is copied beside itself (see
    :func:`backup_before_migrating`) before it is migrated.
    """
    if busy_timeout_ms is None:
        busy_timeout_ms = BUSY_TIMEOUT_MS if on_lock_wait is None else LOCK_POLL_MS
    p = Path(path)
    if str(path) != ":memory:":
        p = _create_private(p)
    conn = sqlite3.connect(
        p if str(path) != ":memory:" else ":memory:",
        isolation_level=None,
        check_same_thread=check_same_thread,
        timeout=busy_timeout_ms / 1000,
        factory=Connection,
    )
    conn.on_lock_wait = on_lock_wait
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


def connect_read_only(path: str | os.PathLike[str]) -> Connection:
    """Open an existing database for reading only: never created, migrated or written.

    A file that cannot be opened read-write (a read-only file or folder) is
    read through SQLite's read-only mode; one on a read-only medium, where
    SQLite cannot even keep its shared-memory file beside it, as immutable
    (nothing can change it there). Raises ``sqlite3.OperationalError`` when
    neither works, ``FileNotFoundError`` when there is no file.
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(2, "no such database", str(p))
    uri = p.resolve().as_uri()
    last: sqlite3.OperationalError | None = None
    for mode in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None, factory=Connection)
            conn.execute("PRAGMA schema_version").fetchone()  # opening is lazy: read to know it opens
        except sqlite3.OperationalError as exc:
            last = exc
            continue
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        return conn
    assert last is not None
    raise last


def backup_before_migrating(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Copy the database beside itself before its schema is upgraded.

    The copy is named ``<file>.v<version>-backup-<YYYYMMDDHHMMSS>`` and made
    with :func:`copy_database`. Returns its path.
    """
    stamp = time.strftime("%Y%m%d%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-backup-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.v{version}-backup-{stamp}-{n}")
    copy_database(conn, target)
    return target


def copy_database(conn: sqlite3.Connection, target: str | os.PathLike[str]) -> None:
    """Copy the open database to *target* with SQLite's backup API, atomically.

    The backup API copies a consistent snapshot, safe while others read and
    write. The copy is written under a private temporary name (mode 0600) and
    renamed over *target* when complete; a killed copy's leftovers are
    deleted by the next one. The copy is a single file (journal mode DELETE).
    """
    final = final_target(target)
    tmp = private_temp(final)
    try:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        place(tmp, final)
    except BaseException:
        remove_temp(tmp)
        raise


def database_path(conn: sqlite3.Connection) -> Path | None:
    """The file behind *conn*'s main database, or None for an in-memory one."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None
