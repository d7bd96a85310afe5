"""Outputs that must never destroy the database, and files written whole or not at all.

Every case names a way one mistyped path, a killed process or a busy or full
disk used to lose data or end in an unreadable message.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_support import mounted_tmpfs, rentrack, rentrack_argv

from db.files import UnsafeTarget, atomic_text, check_target, private_temp, same_file, sweep_leftovers
from db.migrations import SCHEMA_VERSION, migrate
from tracker.cli import cli
from tracker.services import open_store
from tracker.transfer.demo import load_demo


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    conn = open_store(db_path)
    load_demo(conn)
    conn.close()
    return db_path


def customers(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    finally:
        conn.close()


def one_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


# --- the critical two: an output onto the database ---------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_onto_the_database_or_its_files_is_refused(demo_db: Path, suffix: str) -> None:
    before = customers(demo_db)
    result = run(demo_db, "export", "customers", "-o", str(demo_db) + suffix)
    assert result.exit_code == 1
    assert "is the database" in one_line(result)
    assert customers(demo_db) == before
    assert run(demo_db, "check").exit_code == 0


def test_export_onto_a_link_to_the_database_is_refused(demo_db: Path, tmp_path: Path) -> None:
    soft = tmp_path / "soft.csv"
    soft.symlink_to(demo_db)
    hard = tmp_path / "hard.csv"
    os.link(demo_db, hard)
    for target in (soft, hard, tmp_path / "." / demo_db.name):
        result = run(demo_db, "export", "customers", "-o", str(target))
        assert result.exit_code == 1 and "is the database" in result.output, target
    assert run(demo_db, "check").exit_code == 0


def test_rejects_onto_the_database_is_refused_before_anything_is_imported(demo_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\nNEW1,Fine\n,no code\n", encoding="utf-8")
    before = customers(demo_db)
    result = run(demo_db, "import", "customers", str(bad), "--rejects", str(demo_db))
    assert result.exit_code == 1
    assert "--rejects" in one_line(result) and "is the database" in result.output
    assert customers(demo_db) == before  # the good row was not applied either
    assert run(demo_db, "check").exit_code == 0


def test_rejects_onto_the_file_being_read_is_refused(demo_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    text = "code,name\nNEW1,Fine\n,no code\n"
    bad.write_text(text, encoding="utf-8")
    result = run(demo_db, "import", "customers", str(bad), "--rejects", str(tmp_path / "." / "bad.csv"))
    assert result.exit_code == 1 and "the file being read" in result.output
    assert bad.read_text(encoding="utf-8") == text


def test_export_all_into_the_database_folder_with_a_colliding_name_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "customers.csv"  # a database named like one of the export's files
    conn = open_store(db)
    load_demo(conn)
    conn.close()
    result = run(db, "export", "all", str(tmp_path))
    assert result.exit_code == 1 and "is the database" in result.output
    assert run(db, "check").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("customers.csv")) == []


def test_backup_onto_the_database_files_is_refused(demo_db: Path) -> None:
    for target in (demo_db, Path(str(demo_db) + "-wal")):
        result = run(demo_db, "backup", "--force", str(target))
        assert result.exit_code == 1 and "is the database" in result.output
    assert run(demo_db, "check").exit_code == 0


def test_check_target_compares_identity_not_spelling(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    db.write_bytes(b"")
    (tmp_path / "sub").mkdir()
    with pytest.raises(UnsafeTarget):
        check_target(tmp_path / "sub" / ".." / "a.db", database=db)
    with pytest.raises(UnsafeTarget):  # not there yet, but SQLite will write it
        check_target(tmp_path / "a.db-journal", database=db)
    check_target(tmp_path / "a.db.csv", database=db)
    assert same_file(tmp_path / "x" / ".." / "a.db", db)


# --- targets that are not regular files ----------------------------------------------


def test_export_into_a_fifo_writes_into_it(demo_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = rentrack(demo_db, "export", "customers", "-o", str(fifo), timeout=60)
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert received and received[0].decode("utf-8-sig").startswith("code,name,")
    assert fifo.is_fifo()


def test_export_to_dev_stdout_writes_to_standard_output(demo_db: Path, tmp_path: Path) -> None:
    was_link = os.path.islink("/dev/stdout")
    out = subprocess.run(
        rentrack_argv(demo_db, "export", "equipment", "-o", "/dev/stdout"),
        capture_output=True, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode("utf-8-sig").startswith("code,name,category")
    redirected = tmp_path / "out.csv"
    with redirected.open("wb") as fh:  # standard output is a regular file this time
        done = subprocess.run(rentrack_argv(demo_db, "export", "equipment", "-o", "/dev/stdout"),
                              stdout=fh, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0, done.stderr
    assert redirected.read_bytes().decode("utf-8-sig").startswith("code,name,category")
    assert os.path.islink("/dev/stdout") == was_link
    assert not list(Path("/dev").glob(".stdout.*"))


def test_a_backup_is_never_written_into_a_device(demo_db: Path) -> None:
    result = run(demo_db, "backup", "--force", "/dev/null")
    assert result.exit_code == 1 and "regular file" in one_line(result)


# --- whole or not at all ---------------------------------------------------------------


def test_export_all_failing_part_way_leaves_the_folder_as_it_was(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "customers.csv").write_text("old customers", encoding="utf-8")
    import tracker.transfer.exporter as exporter

    real = exporter.write

    def failing(conn, name, fh, *, bom=True):
        if name == "rentals":
            raise OSError(28, "No space left on device")
        return real(conn, name, fh, bom=bom)

    monkeypatch.setattr(exporter, "write", failing)
    result = run(demo_db, "export", "all", "--force", str(folder))
    assert result.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["customers.csv"]
    assert (folder / "customers.csv").read_text(encoding="utf-8") == "old customers"


def test_temporary_files_are_private_and_a_killed_writers_are_swept(tmp_path: Path) -> None:
    target = tmp_path / "customers.csv"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    left = tmp_path / f".customers.csv.{dead_pid}.deadbeef.tmp"
    left.write_text("a full copy of the data")
    alive = tmp_path / f".customers.csv.{os.getppid()}.cafe.tmp"  # a live writer's: kept
    alive.write_text("in progress")
    other = tmp_path / f".other.csv.{dead_pid}.beef.tmp"  # another target's: not ours to judge
    other.write_text("x")
    tmp = private_temp(target)
    assert tmp.stat().st_mode & 0o777 == 0o600
    assert not left.exists() and alive.exists() and other.exists()
    tmp.unlink()
    with atomic_text(target) as fh:
        fh.write("new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o600
    assert sweep_leftovers(tmp_path / "other.csv") == [other]


def test_a_killed_backup_leaves_nothing_behind_after_the_next_run(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"],
    )
    leftover = tmp_path / f".copy.db.{proc.pid}.0123abcd.tmp"
    leftover.write_bytes(b"SQLite format 3\x00 partial")
    proc.kill()
    proc.wait()
    result = run(demo_db, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert not leftover.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".copy")) == []


def test_a_database_created_through_a_dangling_symlink_is_private(tmp_path: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "real" / "shop.db")
    assert run(link, "config", "get", "cadence_gold").exit_code == 0
    assert (tmp_path / "real" / "shop.db").stat().st_mode & 0o777 == 0o600


def test_after_a_command_the_database_file_alone_holds_everything(db_path: Path, tmp_path: Path) -> None:
    result = rentrack(db_path, "demo")
    assert result.returncode == 0, result.stderr
    alone = tmp_path / "alone.db"
    shutil.copyfile(db_path, alone)  # the file only: no -wal beside it
    assert customers(alone) > 0


# --- a busy, newer or full database ------------------------------------------------------


def _hold_write_lock(db: Path, seconds: float) -> threading.Thread:
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(10)
    return thread


def test_a_write_waits_for_another_writer_and_says_so(demo_db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "new.csv"
    csv_file.write_text("code,name\nWAIT1,Patient Ltd\n", encoding="utf-8")
    holder = _hold_write_lock(demo_db, 3.0)
    started = time.monotonic()
    result = rentrack(demo_db, "import", "customers", str(csv_file), timeout=60)
    holder.join()
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 2.5
    assert "waiting for another program" in result.stderr
    assert "locked" not in result.stderr
    assert customers(demo_db) == 41


def test_the_board_does_not_wait_for_the_lock_to_record_tier_history(demo_db: Path) -> None:
    holder = _hold_write_lock(demo_db, 12.0)
    try:
        started = time.monotonic()
        result = rentrack(demo_db, "board", "--format", "csv", timeout=60)
        took = time.monotonic() - started
    finally:
        holder.join()
    assert result.returncode == 0, result.stderr
    assert took < 8, took
    assert result.stdout.count("\n") > 30
    # The changes are recorded by the next board, once the file is free.
    assert rentrack(demo_db, "board", "--format", "csv").returncode == 0
    conn = sqlite3.connect(demo_db)
    assert conn.execute("SELECT count(*) FROM tier_history").fetchone()[0] > 0
    conn.close()


def test_a_newer_schema_is_one_clear_line(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    result = rentrack(demo_db, "board")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"rentrack: database schema version {SCHEMA_VERSION + 3} is newer than this rentrack "
        f"({SCHEMA_VERSION}); upgrade rentrack"
    ]


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 40 KB filesystem: a disk that fills up at once."""
    with mounted_tmpfs(tmp_path / "tiny", "40k") as mount:
        yield mount


def test_a_full_disk_is_reported_as_a_full_disk_by_every_command(tiny_disk: Path) -> None:
    db = tiny_disk / "shop.db"
    for args in (("demo",), ("board",), ("config", "get", "cadence_gold")):
        result = rentrack(db, *args)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == ["rentrack: database error: database or disk is full"], args


def test_a_migration_failing_on_a_full_database_leaves_no_transaction_open(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "full.db", isolation_level=None)
    conn.execute("PRAGMA max_page_count = 3")  # as if the disk filled up after three pages
    with pytest.raises(sqlite3.OperationalError, match="full"):
        migrate(conn)
    assert not conn.in_transaction
