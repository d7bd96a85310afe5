"""Two processes on one file: the app's services writing while ``rentrack import`` runs.

The import runs as a real process over a rentals file big enough to take a
second or two; meanwhile this process writes through :mod:`tracker.services`
(as the app's forms do) and reads as the app's watcher does
(the change count). Set ``RENTRACK_RELIABILITY_SCALE=large`` (``make
bench --reliability``) to run the same tests on the full 1M-rental file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import count, integrity, rentrack, rentrack_argv  # first: puts ``bench`` on the path

from bench import bigdb  # noqa: E402 - after the path is set
from bench.generate import Scale, cached  # noqa: E402
from tracker import services
from tracker.views import change_count, open_reader

LARGE = os.environ.get("RENTRACK_RELIABILITY_SCALE", "") == "large"
SCALE = Scale() if LARGE else Scale(customers=300, units=30, rentals=60_000, interactions=0, complaints=0)
#: Writes the app makes after the import has finished, so some surely follow its commit.
WRITES_AFTER = 3


@pytest.fixture(scope="module")
def business(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], Path]:
    """The generated files, and a database holding their customers and units (no rentals yet)."""
    base = tmp_path_factory.mktemp("business")
    files = cached(base / "csv", SCALE, quiet=True)
    db = bigdb.cached(base, files, ("customers", "equipment"), "base")
    return files, db


@pytest.fixture
def shop(business: tuple[dict[str, Path], Path], tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the customers-and-units database, and the rentals file to import into it."""
    files, base = business
    db = tmp_path / "shop.db"
    bigdb.fresh_copy(base, db)
    return db, files["rentals"]


def _start_import(db: Path, rentals: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        rentrack_argv(db, "import", "rentals", str(rentals), "--as-of", SCALE.as_of),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _customers(db: Path, n: int) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [c for (c,) in conn.execute("SELECT code FROM customers ORDER BY code LIMIT ?", (n,))]
    finally:
        conn.close()


def _wait_for_write_lock(db: Path, proc: subprocess.Popen[str], *, within: float = 120) -> bool:
    """Wait until *proc* holds the write lock on *db* (a write with no busy timeout fails); False if it never did."""
    probe = sqlite3.connect(db, isolation_level=None)
    probe.execute("PRAGMA busy_timeout = 0")
    deadline = time.monotonic() + within
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError as exc:
                assert "locked" in str(exc) or "busy" in str(exc), exc
                return True
            time.sleep(0.005)
        return False
    finally:
        probe.close()


def test_app_writes_while_an_import_runs_lose_nothing_and_see_the_import(shop: tuple[Path, Path]) -> None:
    db, rentals = shop
    codes = _customers(db, 50)
    writer = services.open_store(db)
    reader = open_reader(db)
    count_before = change_count(reader)
    seen: set[int] = set()  # rental counts the reader saw while writing
    notes: dict[str, str] = {}
    added: list[str] = []
    proc = _start_import(db, rentals)
    after = during = 0
    i = 0
    try:
        # Write as the owner would, without pause, for as long as the import runs and a little after.
        while after < WRITES_AFTER:
            running = proc.poll() is None
            code = codes[i % len(codes)]
            ref = f"IW{i:05d}"
            services.add(writer, "interactions", {"ref": ref, "customer": code, "date": "2025-06-01", "kind": "call"})
            added.append(ref)
            text = f"called during the import, write {i}"
            services.update(writer, "customers", code, {"notes": text})
            notes[code] = text
            seen.add(reader.execute("SELECT count(*) FROM rentals").fetchone()[0])
            i += 1
            if running:
                during += 1
            else:
                after += 1
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "locked" not in err.lower() and "Traceback" not in err
    assert during > 0, "the import finished before the app wrote anything"
    # The reader saw none of the import or all of it, never a part, and now sees all of it.
    assert seen <= {0, SCALE.rentals}
    assert change_count(reader) >= count_before + SCALE.rentals
    assert reader.execute("SELECT count(*) FROM rentals").fetchone()[0] == SCALE.rentals
    # Every write the app made is there, once, as written.
    stored = {r for (r,) in reader.execute("SELECT ref FROM interactions WHERE ref LIKE 'IW%'")}
    assert stored == set(added)
    for code, text in notes.items():
        assert reader.execute("SELECT notes FROM customers WHERE code = ?", (code,)).fetchone()[0] == text
    writer.close()
    reader.close()
    assert integrity(db) == "ok"


def test_the_app_waits_for_an_import_holding_the_lock_instead_of_failing(shop: tuple[Path, Path]) -> None:
    """A write that meets the import's lock waits for it (no 'database is locked')."""
    db, rentals = shop
    (code,) = _customers(db, 1)
    writer = services.open_store(db)
    proc = _start_import(db, rentals)
    try:
        assert _wait_for_write_lock(db, proc), "the import never took the write lock while it ran"
        saved = services.add(writer, "interactions", {"ref": "IWAIT", "customer": code, "date": "2025-06-01",
                                                      "kind": "visit"})
        assert saved.action == "inserted"
        # It got in only after the import's one transaction committed: the whole file is there.
        assert count(db, "rentals") == SCALE.rentals
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert count(db, "interactions") == 1
    writer.close()


def test_a_backup_taken_while_an_import_runs_passes_check(shop: tuple[Path, Path], tmp_path: Path) -> None:
    db, rentals = shop
    proc = _start_import(db, rentals)
    copy = tmp_path / "during.db"
    try:
        running = _wait_for_write_lock(db, proc)
        made = rentrack(db, "backup", str(copy))
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert running, "the import never held the write lock while it ran"
    assert made.returncode == 0, made.stderr
    assert proc.returncode == 0, err
    checked = rentrack(copy, "check")
    assert checked.returncode == 0, checked.stderr
    assert "ok" in checked.stdout
    # The copy holds the import whole or not at all.
    assert count(copy, "rentals") in (0, SCALE.rentals)
    assert count(copy, "customers") == SCALE.customers
    assert count(db, "rentals") == SCALE.rentals


def test_the_open_app_shows_the_import_once_committed(shop: tuple[Path, Path]) -> None:
    """The app's live board picks up an import committed by another process, with no error shown."""
    import asyncio

    asyncio.run(_app_sees_import(*shop))


async def _app_sees_import(db: Path, rentals: Path) -> None:
    from datetime import date

    from app_helpers import SIZE, wait_for

    from screens.app import RentrackApp

    app = RentrackApp(db, as_of=date.fromisoformat(SCALE.as_of))
    async with app.run_test(size=SIZE) as pilot:
        # The board is shown, reflecting the file's change count.
        await wait_for(pilot, lambda: app.board is not None and app.shown is not None, timeout=60)
        assert app.board.figures.profit == 0  # customers and units only, so far
        proc = _start_import(db, rentals)
        try:
            await wait_for(pilot, lambda: proc.poll() is not None, timeout=300)
            try:
                await wait_for(pilot, lambda: app.board.figures.profit > 0, timeout=30)
            except AssertionError:
                raise AssertionError(
                    f"the board never showed the import (generation {app.generation}, "
                    f"change count shown {app.shown}, error {app.board_error or app._last_failure})"
                ) from None
        finally:
            if proc.poll() is None:
                proc.kill()
            _, err = proc.communicate()
        assert proc.returncode == 0, err
        assert app.board_error is None
        assert app._last_failure is None, app._last_failure
