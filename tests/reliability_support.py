"""Helpers shared by the reliability tests: the CLI as a real process, generated data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # ``bench`` lives beside the packages, not inside one
    sys.path.insert(0, str(ROOT))

from bench.generate import Scale, generate  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
#: The day generated files are as of: their units on rent are out until then, so they import as of it.
AS_OF = Scale().as_of


def rentrack_argv(db: Path, *args: str) -> list[str]:
    """The command line running ``rentrack --db DB ARGS...`` with this interpreter."""
    return [sys.executable, "-m", "tracker.cli", "--db", str(db), *args]


def rentrack(db: Path, *args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess[str]:
    """Run ``rentrack --db DB ARGS...`` as a process; output captured as text."""
    return subprocess.run(
        rentrack_argv(db, *args), capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, **kw,
    )


def has_command(*path: str) -> bool:
    """Whether the CLI has the (sub)command *path*, e.g. ``has_command("import")``."""
    from tracker.cli import cli

    group = cli
    for name in path:
        commands = getattr(group, "commands", {})
        if name not in commands:
            return False
        group = commands[name]
    return True


def business(tmp: Path, **sizes: int) -> dict[str, Path]:
    """Generate a small business of the given sizes into *tmp*; paths by entity."""
    scale = Scale(**{"customers": 200, "units": 20, "rentals": 2000, "interactions": 500,
                     "complaints": 100, **sizes})
    return generate(tmp, scale)


def count(db: Path, table: str) -> int:
    """Rows in *table* of the database at *db* (read-only, without migrating)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def integrity(db: Path) -> str:
    """``PRAGMA integrity_check`` of the database at *db*, lines joined."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return "\n".join(r[0] for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


@contextmanager
def mounted_tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A fresh tmpfs of *size* mounted at *where* for the block (the test is skipped where mounting is refused)."""
    import pytest

    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a filesystem here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
