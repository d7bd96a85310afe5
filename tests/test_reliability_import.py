"""Import and export under hostile input and hard kills, as real processes.

- Every file of ``tests/corpus/`` (and a 10 MB single line made here) is refused
  with a clear message, a non-zero exit, no traceback and the database unchanged.
- ``kill -9`` during an import leaves a database that passes ``integrity_check``
  and holds all of the file or none of it; during an export, the target name
  holds the old file or the whole new one, never a part.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import AS_OF, CORPUS, business, count, integrity, rentrack, rentrack_argv

#: Customers and units the corpus's rentals files refer to.
SHOP = {
    "customers": "code,name\nC1,Acme Lifts\nC2,Beta Steel\n",
    "equipment": "code,name\nU1,Scissor 8m\n",
}


def _digest(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        h = hashlib.sha256()
        for table in ("customers", "equipment", "rentals", "complaints", "interactions", "change_sets"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
                h.update(repr(tuple(row)).encode())
        return h.hexdigest()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def shop_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("shop")
    db = base / "shop.db"
    for entity, text in SHOP.items():
        (base / f"{entity}.csv").write_text(text)
        done = rentrack(db, "import", entity, str(base / f"{entity}.csv"))
        assert done.returncode == 0, done.stderr
    return db


def _fresh(source: Path, target: Path) -> Path:
    """A copy of the database *source* (consistent, whatever its WAL holds)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


#: Per corpus file: words the message must contain.
EXPECTED = {
    "customers--wrong-encoding.csv": "not gb18030 text",
    "customers--utf16-no-bom.csv": "NUL bytes",
    "customers--nul-bytes.csv": "NUL bytes",
    "customers--truncated-quote.csv": "quoted field is never closed",
    "customers--header-only.csv": "no rows below the header",
    "customers--empty.csv": "empty file",
    "customers--duplicate-keys.csv": "line 2: code: C1 is also on line 4",
    "customers--missing-column.csv": "name: a new customer needs it, and the file has no name column",
    "rentals--formula-cells.csv": "line 2: start_date: not a date: =TODAY()",
    "rentals--impossible-date.csv": "line 2: start_date: not a real date: 2026-02-30",
    "rentals--huge-and-nan-amounts.csv": "line 3: amount: not an amount of money: NaN",
    "equipment--huge-and-nan-heights.csv": "line 2: height_m: not a finite number: 1e309",
    "rentals--ragged-rows.csv": "line 2: has 3 cells where the header has 5",
    "rentals--partial-dates.csv": "line 2: start_date: not a full date: 5 (give day, month and year)",
    "rentals--past-int64-at-the-old-cap.csv": "line 2: daily_rate: amount too large: 10000000000000",
    "rentals--rate-times-days-too-large.csv": "line 2: daily_rate: 10,000,000,000.00 x 2 days comes to",
    "rentals--control-characters.csv": "line 2: start_date: not a date: \\x1b[2J\\x1b[H",
    "rentals--bad-row-among-empty-rows.csv": "line 5: amount: amount cannot be negative: -5",
}


def test_the_corpus_covers_every_file() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in CORPUS.glob("*.csv"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused_cleanly(name: str, shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    before = _digest(db)
    entity = name.split("--")[0]
    done = rentrack(db, "import", entity, str(CORPUS / name))
    assert done.returncode == 1, done.stderr
    assert EXPECTED[name] in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert all(len(line) < 300 for line in done.stderr.splitlines())
    assert _digest(db) == before
    # Also through stdin, and --rejects never applies a file that cannot be read.
    piped = rentrack(db, "import", entity, "-", "--rejects", str(tmp_path / "bad.csv"),
                     input=(CORPUS / name).read_bytes().decode("latin-1"))
    assert piped.returncode != 0 or "rejected" in piped.stderr
    assert "Traceback" not in piped.stderr


def test_corpus_rows_are_each_named(shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    done = rentrack(db, "import", "rentals", str(CORPUS / "rentals--formula-cells.csv"))
    assert "line 3: amount: not an amount of money: =1+1" in done.stderr
    assert "line 4: customer: no customer with code =HYPERLINK" in done.stderr
    huge = rentrack(db, "import", "rentals", str(CORPUS / "rentals--huge-and-nan-amounts.csv"))
    assert "line 2: amount: not an amount of money: 1e309" in huge.stderr
    assert "line 4: amount: amount too large" in huge.stderr


def test_dates_dateutil_would_complete_from_today_are_each_named(shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    done = rentrack(db, "import", "rentals", str(CORPUS / "rentals--partial-dates.csv"))
    for line, column, text in [(3, "end_date", "10:30"), (4, "start_date", "2026"), (5, "start_date", "March"),
                               (6, "end_date", "5 pm")]:
        assert f"line {line}: {column}: not a full date: {text} (give day, month and year)" in done.stderr


def test_amounts_past_the_cap_name_the_row_never_an_overflow(shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    old_cap = rentrack(db, "import", "rentals", str(CORPUS / "rentals--past-int64-at-the-old-cap.csv"))
    assert "line 3: daily_rate: amount too large: 10000000000000 (at most 10,000,000,000.00)" in old_cap.stderr
    derived = rentrack(db, "import", "rentals", str(CORPUS / "rentals--rate-times-days-too-large.csv"))
    assert ("line 2: daily_rate: 10,000,000,000.00 x 2 days comes to 20,000,000,000.00,"
            " over the most one amount can be (10,000,000,000.00)") in derived.stderr
    assert "line 3: daily_rate: amount too large" in derived.stderr
    assert "Overflow" not in old_cap.stderr + derived.stderr


def test_control_characters_in_cells_are_shown_escaped(shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    done = rentrack(db, "import", "rentals", str(CORPUS / "rentals--control-characters.csv"))
    assert "line 3: customer: no customer with code C\\x1b]0;owned\\x07" in done.stderr
    assert "line 4: amount: not an amount of money: \\x1b[31m5\\u202e" in done.stderr
    assert not any(ch in done.stderr for ch in "\x1b\x07\u202e")


def test_empty_rows_are_not_records_and_later_lines_keep_their_numbers(shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    done = rentrack(db, "import", "rentals", str(CORPUS / "rentals--bad-row-among-empty-rows.csv"),
                    "--rejects", str(tmp_path / "bad.csv"))
    assert done.returncode == 0, done.stderr
    assert "3 rows read" in done.stderr and "inserted 2, updated 0, unchanged 0, rejected 1" in done.stderr
    assert "line 5: amount: amount cannot be negative: -5" in done.stderr
    assert (tmp_path / "bad.csv").read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "R3,C1,2026-03-08,2026-03-09,-5,amount: amount cannot be negative: -5"]


@pytest.mark.parametrize("named", [True, False])
def test_a_50k_column_header_makes_short_messages(named: bool, shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    path = tmp_path / "wide.csv"
    extra = [f"extra_column_{i}" for i in range(50_000)]
    head = (["code", "name"] if named else []) + extra
    path.write_text(",".join(head) + "\n" + ",".join(["C9", "Nine"][: len(head)] + [""] * (len(head) - 2)) + "\n")
    done = rentrack(db, "import", "customers", str(path))
    assert "Traceback" not in done.stderr and len(done.stderr) < 1000, len(done.stderr)
    assert all(len(line) < 300 for line in done.stderr.splitlines())
    if named:
        assert done.returncode == 0, done.stderr
        assert "ignored columns: extra_column_0, extra_column_1" in done.stderr
        assert "… and 49,992 more" in done.stderr
    else:
        assert done.returncode == 1
        assert "missing required column: code (the header row has: extra_column_0," in done.stderr
        assert "… and 49,992 more)" in done.stderr


@pytest.mark.parametrize("shape", ["one cell", "many cells"])
def test_a_10_mb_single_line_is_refused(shape: str, shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    before = _digest(db)
    path = tmp_path / "line.csv"
    size = 10 * 1024 * 1024
    path.write_bytes(b"x" * size if shape == "one cell" else b"ab," * (size // 3))
    done = rentrack(db, "import", "customers", str(path))
    assert done.returncode == 1
    assert "longer than 131,072 characters" in done.stderr or "missing required column: code" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr) < 1000
    assert _digest(db) == before


# --- kill -9 ------------------------------------------------------------------------

ROWS = 40_000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database holding customers and units, and a rentals file taking about a second to import."""
    base = tmp_path_factory.mktemp("big")
    files = business(base / "csv", customers=300, units=30, rentals=ROWS, interactions=0, complaints=0)
    db = base / "base.db"
    for entity in ("customers", "equipment"):
        assert rentrack(db, "import", entity, str(files[entity])).returncode == 0
    return db, files["rentals"]


def _kill_after(argv: list[str], delay: float) -> int:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    return proc.wait()


def test_kill_9_during_an_import_leaves_all_or_nothing(big: tuple[Path, Path], tmp_path: Path) -> None:
    base, rentals = big
    whole = _fresh(base, tmp_path / "whole.db")
    t0 = time.monotonic()
    done = rentrack(whole, "import", "rentals", str(rentals), "--as-of", AS_OF)
    took = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    assert count(whole, "rentals") == ROWS
    outcomes = []
    for fraction in (0.15, 0.4, 0.65, 0.85, 0.95):
        db = _fresh(base, tmp_path / f"killed-{fraction}.db")
        argv = rentrack_argv(db, "import", "rentals", str(rentals), "--as-of", AS_OF)
        code = _kill_after(argv, took * fraction)
        assert integrity(db) == "ok"
        n = count(db, "rentals")
        assert n in (0, ROWS), (fraction, n)
        outcomes.append((code, n))
        checked = rentrack(db, "check")
        assert checked.returncode == 0, checked.stderr
        if n == 0 and not any(m == 0 for _, m in outcomes[:-1]):  # fine for the next attempt
            again = rentrack(db, "import", "rentals", str(rentals), "--as-of", AS_OF)
            assert again.returncode == 0, again.stderr
            assert count(db, "rentals") == ROWS
    assert any(code == -signal.SIGKILL for code, _ in outcomes), "no kill landed while the import ran"


def test_kill_9_during_an_export_never_leaves_half_a_file(big: tuple[Path, Path], tmp_path: Path) -> None:
    base, rentals = big
    db = _fresh(base, tmp_path / "full.db")
    assert rentrack(db, "import", "rentals", str(rentals), "--as-of", AS_OF).returncode == 0
    folder = tmp_path / "out"
    folder.mkdir()
    reference = tmp_path / "reference.csv"
    t0 = time.monotonic()
    assert rentrack(db, "export", "rentals", "-o", str(reference)).returncode == 0
    took = time.monotonic() - t0
    new = reference.read_bytes()
    old = b"an older export\r\n"
    target = folder / "rentals.csv"
    cut_short = 0  # kills that left a partly written temporary file: they landed mid-write
    for fraction in (0.2, 0.45, 0.6, 0.7, 0.8, 0.9, 0.97):
        target.write_bytes(old)
        _kill_after(rentrack_argv(db, "export", "rentals", "--force", "-o", str(target)), took * fraction)
        assert target.read_bytes() in (old, new), fraction
        # Only temporary names may be left behind by a kill, never a second target.
        left = {p.name for p in folder.iterdir()} - {"rentals.csv"}
        assert all(name.startswith(".rentals.csv.") and name.endswith(".tmp") for name in left)
        cut_short += bool(left)
        for name in left:
            (folder / name).unlink()
    assert cut_short, "no kill landed while the export was writing"
    shutil.rmtree(folder)


# --- money written another way -------------------------------------------------------


def _write_directly(db: Path, sql: str, rows: list[tuple]) -> None:
    """Rows put in by another program (the sqlite3 shell), past every check of rentrack's."""
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(sql, rows)
    conn.close()


RENTAL_SQL = ("INSERT INTO rentals (ref, customer, start_date, end_date, amount, cost, paid, status)"
              " VALUES (?, ?, ?, ?, ?, 0, 0, 'returned')")


@pytest.mark.parametrize("command", [("board",), ("board", "--format", "json"), ("explain", "C1")])
def test_a_board_over_sums_too_large_names_the_customer(
    command: tuple[str, ...], shop_db: Path, tmp_path: Path
) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    _write_directly(db, RENTAL_SQL, [("X1", "C1", "2026-03-01", "2026-03-02", 2**62),
                                     ("X2", "C1", "2026-03-03", "2026-03-04", 2**62),
                                     ("X3", "C2", "2026-03-03", "2026-03-04", 100)])
    done = rentrack(db, *command, "--as-of", "2026-03-10")
    assert done.returncode == 1
    assert done.stderr.startswith("rentrack: database error: customer C1: the amount of its rentals adds up to about")
    assert "past what the board can sum exactly; correct those rentals" in done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stdout == ""
    assert "Traceback" not in done.stderr and "overflow" not in done.stderr.lower()


def test_a_balance_too_large_to_sum_names_the_customer(shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    # Old rentals, outside the value window: only the balance owed adds them up.
    _write_directly(db, RENTAL_SQL, [(f"X{i}", "C2", "2001-03-01", "2001-03-02", 2**62) for i in range(3)])
    done = rentrack(db, "explain", "C2", "--as-of", "2026-03-10")
    assert done.returncode == 1
    assert "customer C2: the amount of its rentals adds up to about" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1


def test_compensation_too_large_to_sum_names_the_customer(shop_db: Path, tmp_path: Path) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    _write_directly(
        db,
        "INSERT INTO complaints (ref, customer, opened_on, category, severity, status, compensation)"
        " VALUES (?, 'C2', '2026-03-01', 'waiting', 2, 'open', ?)",
        [(f"K{i}", 2**62) for i in range(3)],
    )
    done = rentrack(db, "board", "--as-of", "2026-03-10")
    assert done.returncode == 1
    assert "customer C2: the compensation of its complaints adds up to about" in done.stderr
    assert "Traceback" not in done.stderr and "Overflow" not in done.stderr


def test_the_board_engine_raises_one_clear_error(shop_db: Path, tmp_path: Path) -> None:
    from datetime import date

    from db.board_queries import SumTooLarge
    from tracker.board import compute_board, current_board
    from tracker.services import open_store

    db = _fresh(shop_db, tmp_path / "db.db")
    _write_directly(db, RENTAL_SQL, [("X1", "C1", "2026-03-01", "2026-03-02", 2**63 - 1),
                                     ("X2", "C1", "2026-03-03", "2026-03-04", 2**63 - 1)])
    conn = open_store(db)
    try:
        for compute in (current_board, compute_board):
            with pytest.raises(SumTooLarge, match="customer C1: the amount of its rentals") as caught:
                compute(conn, date(2026, 3, 10))
            assert isinstance(caught.value, sqlite3.Error)  # what the CLI and the app already show in one line
    finally:
        conn.close()


@pytest.mark.parametrize("as_of", ["9999-12-31", "1899-12-31", "31 December 3000"])
@pytest.mark.parametrize("command", [("board",), ("explain", "C1")])
def test_an_as_of_date_out_of_range_is_one_line(
    as_of: str, command: tuple[str, ...], shop_db: Path, tmp_path: Path
) -> None:
    db = _fresh(shop_db, tmp_path / "db.db")
    done = rentrack(db, *command, "--as-of", as_of)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"Error: Invalid value for --as-of: not a plausible date: {as_of} (years 1900 to 2999)"]
