"""Commands that read never need to write: ``check`` changes nothing, and a read-only file still shows a board."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
from pathlib import Path

import pytest
from reliability_support import mounted_tmpfs, rentrack
from test_reliability_backup import _build_version

from db.migrations import SCHEMA_VERSION, schema_version
from tracker.services import open_store
from tracker.transfer.demo import load_demo


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def version_of(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return schema_version(conn)
    finally:
        conn.close()


def test_check_reports_an_older_schema_and_leaves_it_as_it_is(db_path: Path) -> None:
    old = SCHEMA_VERSION - 1
    _build_version(db_path, old)
    before = digest(db_path)
    result = rentrack(db_path, "check")
    assert result.returncode == 1
    assert (f"schema version {old}, this rentrack knows {SCHEMA_VERSION}: run `rentrack migrate` to migrate"
            in result.stderr)
    assert version_of(db_path) == old and digest(db_path) == before
    assert not list(db_path.parent.glob("*-backup-*"))  # nothing copied either: nothing was migrated
    migrated = rentrack(db_path, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert f"migrated from schema version {old} to {SCHEMA_VERSION}" in migrated.stderr
    assert len(list(db_path.parent.glob("*-backup-*"))) == 1
    done = rentrack(db_path, "check")
    assert done.returncode == 0 and f"ok (schema version {SCHEMA_VERSION})" in done.stdout


def test_check_reports_a_newer_schema_without_touching_it(db_path: Path) -> None:
    conn = open_store(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 2}")
    conn.close()
    result = rentrack(db_path, "check")
    assert result.returncode == 1
    assert f"schema version {SCHEMA_VERSION + 2}, this rentrack knows {SCHEMA_VERSION}: upgrade rentrack" in result.stderr


@pytest.fixture
def read_only_medium(tmp_path: Path):
    """A folder holding the demo database, then made read-only (a tmpfs remounted ro, as a CD or a locked share)."""
    with mounted_tmpfs(tmp_path / "ro", "8m") as mount:
        db = mount / "shop.db"
        conn = open_store(db)
        load_demo(conn)
        conn.close()  # the last close checkpoints: the file alone holds everything
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield db


def test_a_database_on_a_read_only_medium_is_still_read(read_only_medium: Path) -> None:
    db = read_only_medium
    board = rentrack(db, "board", "--format", "csv")
    assert board.returncode == 0, board.stderr
    assert board.stdout.count("\n") > 30  # the header and every active customer
    code = board.stdout.splitlines()[1].split(",")[0]
    explain = rentrack(db, "explain", code)
    assert explain.returncode == 0, explain.stderr
    export = rentrack(db, "export", "customers")
    assert export.returncode == 0 and export.stdout.count("\n") == 41  # the header and all 40 customers
    check = rentrack(db, "check")
    assert check.returncode == 0 and "ok" in check.stdout
    assert rentrack(db, "config", "get", "cadence_gold").stdout.strip() == "30"
    write = rentrack(db, "config", "set", "cadence_gold", "20")
    assert write.returncode == 1 and "Traceback" not in write.stderr
