"""The companion CLI: through Click's runner and as a real process."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker import __version__
from tracker.cli import cli
from tracker.services import open_store


def run(*args: str, db: Path | None = None) -> "click.testing.Result":  # noqa: F821
    argv = (["--db", str(db)] if db else []) + list(args)
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def rentrack(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=60,
    )


def test_version() -> None:
    assert run("--version").output.strip().endswith(__version__)


def test_demo_fills_an_empty_database_once(db_path: Path) -> None:
    result = run("demo", db=db_path)
    assert result.exit_code == 0, result.output
    conn = open_store(db_path)
    assert conn.execute("SELECT count(*) FROM customers").fetchone()[0] >= 30
    assert conn.execute("SELECT count(*) FROM rentals").fetchone()[0] >= 200
    again = run("demo", db=db_path)
    assert again.exit_code == 1 and "--force" in again.output
    assert run("demo", "--force", db=db_path).exit_code == 0
    assert run("check", db=db_path).exit_code == 0


def test_demo_is_current_on_the_day_it_is_loaded(db_path: Path) -> None:
    run("demo", "--as-of", "2030-01-31", db=db_path)
    conn = open_store(db_path)
    (latest,) = conn.execute("SELECT max(start_date) FROM rentals").fetchone()
    assert "2029-12-01" < latest <= "2030-01-31"


def test_check_reports_problems_with_non_zero_exit(db_path: Path) -> None:
    conn = open_store(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO interactions (ref, customer, date, kind) VALUES ('I1', 'GHOST', '2024-01-01', 'call')")
    conn.close()
    result = run("check", db=db_path)
    assert result.exit_code == 1
    assert "foreign key" in result.output and "interactions" in result.output


def test_check_of_a_missing_file_does_not_create_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    result = run("check", db=missing)
    assert result.exit_code == 1 and "no such database" in result.output
    assert not missing.exists()


def test_backup_copies_a_consistent_private_file(db_path: Path, tmp_path: Path) -> None:
    conn = open_store(db_path)
    conn.execute("INSERT INTO customers (code, name, created_on) VALUES ('C1', 'A', '2024-01-01')")
    target = tmp_path / "copy.db"
    assert run("backup", str(target), db=db_path).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT name FROM customers").fetchall() == [("A",)]
    assert run("backup", str(target), db=db_path).exit_code == 1  # no silent overwrite
    assert run("backup", "--force", str(target), db=db_path).exit_code == 0
    assert run("--db", str(target), "check").exit_code == 0


def test_config_show_get_set_reset(db_path: Path) -> None:
    assert "cadence_platinum" in run("config", db=db_path).output
    assert run("config", "set", "cadence_platinum", "21", db=db_path).exit_code == 0
    assert run("config", "get", "cadence_platinum", db=db_path).output.strip() == "21"
    assert "(changed)" in run("config", "show", db=db_path).output
    bad = run("config", "set", "emotion_half_life_days", "0", db=db_path)
    assert bad.exit_code == 1 and "greater than 0" in bad.output
    unknown = run("config", "set", "nonsense", "1", db=db_path)
    assert unknown.exit_code == 1 and "unknown setting" in unknown.output
    run("config", "reset", "cadence_platinum", db=db_path)
    assert run("config", "get", "cadence_platinum", db=db_path).output.strip() == "14"


def test_db_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.db"
    monkeypatch.setenv("RENTRACK_DB", str(path))
    assert CliRunner().invoke(cli, ["config", "get", "value_basis"]).output.strip() == "profit"
    assert path.exists()


def test_subprocess_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("this is not a database\n" * 100)
    for args in (["--db", str(not_a_db), "check"], ["config", "set", "cadence_gold", "-1"],
                 ["no-such-command"], ["demo", "--as-of", "someday"]):
        proc = rentrack(*args, env={"RENTRACK_DB": str(tmp_path / "x.db")})
        assert proc.returncode != 0, args
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.strip(), args


def test_subprocess_help_and_new_file_mode(tmp_path: Path) -> None:
    assert rentrack("--help").returncode == 0
    path = tmp_path / "fresh.db"
    proc = rentrack("--db", str(path), "config", "get", "value_basis")
    assert proc.returncode == 0, proc.stderr
    assert path.stat().st_mode & 0o777 == 0o600
