"""``make bench``: rentrack's speed on a large business, each figure beside its yardstick.

The business is the one :mod:`bench.generate` writes by default (10k customers,
500 units, 1M rentals, 200k interactions, 20k complaints). Every measurement
alternates the subject with its yardstick on the same files, several times,
and prints the median with the min and max, and the ratio of the medians to
the target. The CSV files and the databases are cached under ``bench/data/``;
the first run builds them (about a minute).

The yardsticks use the ``sqlite3`` command-line shell. When it is missing and
the benchmark runs as root it is installed with ``apt-get install -y sqlite3``;
otherwise those yardsticks are reported as skipped.

Usage::

    python -m bench [--runs N] [--data DIR] [--only NAME ...] [--reliability]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bigdb  # noqa: E402
from bench.app_start import AS_OF  # noqa: E402
from bench.generate import Scale, cached  # noqa: E402
from bench.measure import ProcessFailed, Run, Series, find_sqlite3, machine, run_process, side_by_side  # noqa: E402
from db.migrations import SCHEMA_VERSION  # noqa: E402
from tracker.records import RENTALS  # noqa: E402

MB = 1024 * 1024
NAMES = ("import", "export", "board", "app", "log", "timeline", "reports", "memory")


@dataclass
class Result:
    """One line of the report."""

    what: str
    subject: str
    yardstick: str
    ratio: str
    target: str
    verdict: str


def rentrack(db: Path, *args: str) -> list[str]:
    """``rentrack --db DB ARGS`` with this interpreter."""
    return [sys.executable, "-m", "tracker.cli", "--db", str(db), *args]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _ratio(subject: Series, yardstick: Series, limit: float, what: str, target: str) -> Result:
    ratio = subject.median / yardstick.median
    return Result(what, subject.describe(), yardstick.describe(), f"{ratio:.2f}x", target, _verdict(ratio <= limit))


def _reference(what: str, subject: Series, yardstick: Series) -> Result:
    """A line measured for reference beside a judged one: no target of its own."""
    return Result(what, subject.describe(), yardstick.describe(), f"{subject.median / yardstick.median:.2f}x",
                  "(for reference)", "")


def _skipped(what: str, target: str, why: str) -> Result:
    return Result(what, "-", "-", "-", target, f"skipped: {why}")


class Bench:
    """The files, databases and settings one ``make bench`` run shares."""

    def __init__(self, data: Path, runs: int, sqlite3: str | None) -> None:
        self.data = data
        self.runs = runs
        self.sqlite3 = sqlite3
        self.scale = Scale()
        self.files = cached(data / "csv", self.scale)
        key = f"{self.scale.key()}-v{SCHEMA_VERSION}"  # a database of an older schema is built again
        self.base_db = bigdb.cached(data / "db", self.files, ("customers", "equipment"), f"base-{key}")
        self.full_db = bigdb.cached(data / "db", self.files, tuple(self.files), f"full-{key}")
        self.work = Path(tempfile.mkdtemp(prefix="rentrack-bench-", dir=data))

    def close(self) -> None:
        """Remove the scratch databases and files of this run."""
        import shutil

        shutil.rmtree(self.work, ignore_errors=True)

    def _working_copy(self) -> Path:
        """A fresh copy of the full database, so runs never see each other's writes."""
        db = self.work / "full.db"
        if not db.exists():
            bigdb.fresh_copy(self.full_db, db)
        return db

    def _compare(
        self, what: str, target: str, limit: float, subject: Callable[[], Run], yardstick: Callable[[], Run]
    ) -> Result:
        """Time *subject* beside its sqlite3 *yardstick* and judge the ratio against *limit*."""
        try:
            subject()  # warm the page cache, and check it runs at all
        except ProcessFailed as exc:
            return _skipped(what, target, str(exc))
        if not self.sqlite3:
            return _skipped(what, target, "no sqlite3 shell")
        a, b = side_by_side(self.runs, subject, yardstick)
        assert b is not None
        return _ratio(a, b, limit, what, target)

    # --- import -----------------------------------------------------------------

    def import_rentals(self) -> list[Result]:
        """``rentrack import rentals`` of 1M rows vs ``sqlite3 .import --csv`` of the same file."""
        what, target = "import 1M rentals (vs sqlite3 .import)", "<= 2.5x"
        mem_what, mem_target = "peak memory of the 1M-row import", "< 200 MB"
        rentals = self.files["rentals"]
        db = self.work / "import.db"
        shaped_db = self.work / "import-yardstick.db"
        plain_db = self.work / "import-plain.db"
        # The yardstick's table has the file's columns and the same indexes as the app's rentals
        # table (the work any import into it must do); the plain one has the columns alone.
        columns = ", ".join(
            f"{c} {'INTEGER' if c in RENTALS.money else 'TEXT'}" + (" NOT NULL UNIQUE" if c == RENTALS.key else "")
            for c in RENTALS.columns
        )
        plain = ["PRAGMA journal_mode = WAL", f"CREATE TABLE rentals ({columns})"]
        shaped = plain + bigdb.rental_index_ddl(self.base_db)

        def sqlite_import(target: Path, setup: list[str]) -> Run:
            assert self.sqlite3
            for suffix in ("", "-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            run_process([self.sqlite3, str(target), ";".join(setup)])
            return run_process([self.sqlite3, str(target), f".import --csv --skip 1 {rentals} rentals"])

        def subject() -> Run:
            bigdb.fresh_copy(self.base_db, db)
            # As of the day the files are current on: a unit on rent then is out until it is returned.
            return run_process(rentrack(db, "import", "rentals", str(rentals), "--as-of", self.scale.as_of))

        a, b, c = Series("import"), Series("shaped"), Series("plain")
        for n in range(self.runs):
            try:
                a.add(subject())
            except ProcessFailed as exc:
                return [_skipped(what, target, str(exc)), _skipped(mem_what, mem_target, "no import")]
            if n == 0 and (loaded := _count(db, "rentals")) != self.scale.rentals:
                why = f"the import loaded {loaded} of {self.scale.rentals} rentals"
                return [_skipped(what, target, why), _skipped(mem_what, mem_target, why)]
            if self.sqlite3:
                b.add(sqlite_import(shaped_db, shaped))
                c.add(sqlite_import(plain_db, plain))
        peak = max(a.rss)
        memory = Result(mem_what, f"{peak / MB:.0f} MB max RSS", "-", "-", mem_target, _verdict(peak < 200 * MB))
        if not self.sqlite3:
            return [Result(what, a.describe(), "-", "-", target, "yardstick skipped: no sqlite3 shell"), memory]
        plain_line = _reference("  same, vs .import into a table without indexes", a, c)
        return [_ratio(a, b, 2.5, what, target), plain_line, memory]

    # --- export -----------------------------------------------------------------

    def export_rentals(self) -> list[Result]:
        """``rentrack export rentals -o FILE`` vs ``sqlite3 -csv`` of the same columns."""
        what, target = "export 1M rentals (vs sqlite3 -csv)", "<= 3x"
        db = self._working_copy()
        out = self.work / "export.csv"
        yard_out = self.work / "export-yardstick.csv"
        sql = f"SELECT {', '.join(RENTALS.columns)} FROM rentals ORDER BY {RENTALS.key}"

        def subject() -> Run:
            return run_process(rentrack(db, "export", "rentals", "-o", str(out), "--force"))

        def yardstick() -> Run:
            assert self.sqlite3
            return run_process([self.sqlite3, "-csv", "-header", str(db), sql], stdout=yard_out)

        return [self._compare(what, target, 3.0, subject, yardstick)]

    # --- board ------------------------------------------------------------------

    def board(self) -> list[Result]:
        """The whole board beside the bare value aggregation: as processes, then in-process.

        The board is read back from the one stored by the previous run (as every
        board after the first of the day, until a write); the first board after
        a write, computed for every customer, is measured beside it for reference.
        """
        what, target = "whole board as a process (vs bare SQL)", "<= 1.5x"
        db = self._working_copy()
        args = ["board", "--format", "csv", "--as-of", AS_OF.isoformat()]
        window = _value_window(db)
        lo = (AS_OF - timedelta(days=window)).isoformat()
        sql = (
            "SELECT customer, sum(amount - cost) FROM rentals"
            f" WHERE start_date > '{lo}' AND start_date <= '{AS_OF.isoformat()}'"
            " AND status IN ('booked', 'on-rent', 'returned') GROUP BY customer"
        )

        def subject() -> Run:
            return run_process(rentrack(db, *args))

        def computed() -> Run:
            _drop_stored_board(db)
            return run_process(rentrack(db, *args))

        def yardstick() -> Run:
            assert self.sqlite3
            return run_process([self.sqlite3, "-csv", str(db), sql])

        stored = self._compare(what, target, 1.5, subject, yardstick)
        out = [stored]
        if self.sqlite3 and stored.ratio != "-":
            a, b = side_by_side(self.runs, computed, yardstick)
            assert b is not None
            out.append(_reference("  same, the first board after a write (computed)", a, b))
        return out + self._board_in_process(sql)

    def _board_in_process(self, bare_sql: str) -> list[Result]:
        """``current_board`` (read back) and ``compute_board`` vs the bare value aggregation, in this process."""
        what, target = "whole board in-process (vs the same SQL in-process)", "<= 1.5x"
        from tracker.board import compute_board, current_board
        from tracker.services import open_store

        conn = open_store(self._working_copy())
        try:
            current_board(conn, AS_OF)  # stores the board, as the day's first board does

            def timed(board: Callable[..., object]) -> Callable[[], float]:
                def run() -> float:
                    t0 = time.perf_counter()
                    board(conn, AS_OF)
                    return time.perf_counter() - t0

                return run

            def yardstick() -> float:
                t0 = time.perf_counter()
                conn.execute(bare_sql).fetchall()
                return time.perf_counter() - t0

            runs = max(self.runs, 5)
            a, b = side_by_side(runs, timed(current_board), yardstick)
            c, d = side_by_side(runs, timed(compute_board), yardstick)
        finally:
            conn.close()
        assert b is not None and d is not None
        return [_ratio(a, b, 1.5, what, target), _reference("  same, computed for every customer", c, d)]

    # --- app start --------------------------------------------------------------

    def app_start(self) -> list[Result]:
        """Process start to first painted board vs a minimal app's first painted 1k-row table."""
        what, target = "app start to painted board (vs 1k-row DataTable app)", "<= 1.3x"
        db = self._working_copy()
        subject = [sys.executable, "-m", "bench.app_start", "board", str(db)]
        yard = [sys.executable, "-m", "bench.app_start", "table"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        try:
            run_process(subject, env=env)  # warm the page cache and check it paints
        except ProcessFailed as exc:
            return [_skipped(what, target, str(exc))]
        a, b = side_by_side(self.runs, lambda: run_process(subject, env=env), lambda: run_process(yard, env=env))
        assert b is not None
        return [_ratio(a, b, 1.3, what, target)]

    # --- the availability timeline ----------------------------------------------

    def timeline(self) -> list[Result]:
        """The timeline's page painted (six weeks of its first 150 units), from key 6, then from each ``]``."""
        what, target = "timeline: a page painted (6, then ] a week on)", "< 0.3 s"
        import asyncio

        from bench.app_start import SIZE
        from screens.app import RentrackApp

        taken = Series("timeline")

        async def measure() -> None:
            from screens.timeline import TimelineScreen
            from screens.widgets.paged_table import PagedTable

            app = RentrackApp(self._working_copy(), as_of=AS_OF, watch=False)
            async with app.run_test(size=SIZE) as pilot:
                while app.board is None:
                    await asyncio.sleep(0.02)
                for key in ["6"] + ["right_square_bracket"] * max(self.runs, 5):
                    table = app.screen.query_one(PagedTable) if isinstance(app.screen, TimelineScreen) else None
                    before = table._generation if table is not None else -1
                    t0 = time.perf_counter()
                    await pilot.press(key)
                    while True:
                        screen = app.screen
                        if isinstance(screen, TimelineScreen):
                            table = screen.query_one(PagedTable)
                            if table._generation != before and not table._loading and table.row_count:
                                break
                        await asyncio.sleep(0.002)
                    await pilot.pause()  # the paint that follows the rows
                    taken.add(time.perf_counter() - t0)

        asyncio.run(measure())
        return [Result(what, taken.describe(), "-", "-", target, _verdict(taken.median < 0.3))]

    # --- reports over time ---------------------------------------------------------

    def reports(self) -> list[Result]:
        """Each report over time read and computed in-process (what ``rentrack report`` and the app show).

        The Pareto curve reads today's stored board, as every board after the
        first of the day; tier moves compute the earlier day's board too.
        """
        from tracker import services
        from tracker.board import current_board
        from tracker.board.trend import tier_emotion_trend
        from tracker.views import complaints_report, migration_report, monthly_report, pareto_report

        conn = services.open_store(self._working_copy())
        try:
            current_board(conn, AS_OF)  # today's board stored, as the app or `rentrack board` leaves it
            two_years = AS_OF - timedelta(days=729)
            cases: list[tuple[str, Callable[[], object]]] = [
                ("monthly: 24 months of profit and rentals", lambda: monthly_report(conn, two_years, AS_OF)),
                ("pareto: the 80/20 curve", lambda: pareto_report(conn, AS_OF)),
                ("tiers: moves between two boards", lambda: migration_report(conn, AS_OF - timedelta(days=90), AS_OF)),
                ("complaints: by cause a quarter", lambda: complaints_report(conn, two_years, AS_OF)),
                ("emotion: the platinum tier, 12 months", lambda: tier_emotion_trend(conn, "platinum", AS_OF)),
            ]
            out = []
            for what, run in cases:
                taken = Series(what)
                for _ in range(max(self.runs, 3)):
                    t0 = time.perf_counter()
                    run()
                    taken.add(time.perf_counter() - t0)
                out.append(Result(f"report {what}", taken.describe(), "-", "-", "< 1 s", _verdict(taken.median < 1.0)))
            return out
        finally:
            conn.close()

    # --- one rental -------------------------------------------------------------

    def log_rental(self) -> list[Result]:
        """``services.add`` of one rental, then ``board.update_customer`` for its customer."""
        what, target = "log one rental -> updated board entry", "< 50 ms"
        from tracker import services
        from tracker.board import compute_board, update_customer

        conn = services.open_store(self._working_copy())
        try:
            board = compute_board(conn, AS_OF)
            code = board.rows[0].code
            taken = Series("log")
            for n in range(max(self.runs * 4, 10)):
                raw = {
                    "ref": f"RB{os.getpid()}{n:04d}", "customer": code, "equipment": "",
                    "start_date": AS_OF.isoformat(), "end_date": (AS_OF + timedelta(days=2)).isoformat(),
                    "amount": "3600.00", "cost": "900.00", "status": "booked",
                }
                t0 = time.perf_counter()
                services.add(conn, "rentals", raw)
                board = update_customer(conn, board, code)
                taken.add(time.perf_counter() - t0)
                services.undo_last(conn)
                board = update_customer(conn, board, code)
        finally:
            conn.close()
        return [Result(what, taken.describe(), "-", "-", target, _verdict(taken.median < 0.05))]


def _count(db: Path, table: str) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def _drop_stored_board(db: Path) -> None:
    """Forget the stored board, as any write does."""
    import sqlite3

    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("DELETE FROM board_cache")
    finally:
        conn.close()


def _value_window(db: Path) -> int:
    from db.writes import get_settings
    from tracker.settings import resolve
    from tracker.views import open_reader

    conn = open_reader(db)
    try:
        return resolve(get_settings(conn)).value_window_days
    finally:
        conn.close()


def report(results: list[Result], runs: int, took: float) -> str:
    """The results as an aligned table with the method underneath."""
    head = ("what", "rentrack: median (min-max)", "yardstick: median (min-max)", "ratio", "target", "")
    rows = [head] + [(r.what, r.subject, r.yardstick, r.ratio, r.target, r.verdict) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths)) + "  " + row[-1] for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += [
        "",
        f"machine: {machine()}; {runs} alternating runs each; whole run {took:.0f} s",
        "Method: import, export, board and app start are timed as whole processes (exec to exit), the",
        "subject alternating with its yardstick on the same files. Import: into a copy of a database",
        "holding the customers and units; yardstick `sqlite3 .import --csv` into a table with the file's",
        "columns and the same indexes as the app's rentals table (and, for reference, into a table with",
        "no index). Export: yardstick `sqlite3 -csv` of the same columns in key order. Board: yardstick",
        "`sqlite3` summing each customer's rental value over the value window, the board read back from",
        "the one the previous run stored (and, for reference, computed again after a write); then the",
        "same query, tracker.board.current_board and compute_board in-process on one connection. App",
        "start (the board read back, as after any earlier start that day): both apps run",
        "headless at 120x40 and exit on the refresh after their first full paint (the board's tables",
        "filled / the 1k-row table filled), timed from exec to exit.",
        "Logging one rental is timed in-process: tracker.services.add then tracker.board.update_customer.",
        "Peak memory is the import process's max RSS (wait4).",
    ]
    return "\n".join(lines)


def _byte_compile() -> None:
    """Compile rentrack's modules ahead, as an installed package has them: processes start as the owner's do.

    (Python would write them on the first run anyway, unless told not to, as
    some environments do with PYTHONDONTWRITEBYTECODE.)
    """
    import compileall

    for package in ("tracker", "db", "screens", "fixtures", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 0 even when a target is missed (the table says so)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per measurement (default 3)")
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data", help="cache of files and databases")
    parser.add_argument("--only", nargs="+", choices=NAMES, help="measure only these")
    parser.add_argument("--reliability", action="store_true",
                        help="also run the cross-process reliability tests at the larger setting")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    sqlite3 = find_sqlite3()
    if sqlite3 is None:
        print("sqlite3 shell not found and not installable here: its yardsticks are skipped", file=sys.stderr)
    _byte_compile()
    bench = Bench(args.data, args.runs, sqlite3)
    only = set(args.only or NAMES)
    steps: list[tuple[str, Callable[[], list[Result]]]] = [
        ("import", bench.import_rentals), ("export", bench.export_rentals), ("board", bench.board),
        ("app", bench.app_start), ("log", bench.log_rental), ("timeline", bench.timeline),
        ("reports", bench.reports),
    ]
    results: list[Result] = []
    try:
        for name, step in steps:
            if name in only or (name == "import" and "memory" in only):
                print(f"measuring {name}...", file=sys.stderr, flush=True)
                results += step()
    finally:
        bench.close()
    print(report(results, args.runs, time.perf_counter() - t0))
    if args.reliability:
        import subprocess

        print("\nreliability tests at the larger setting:", flush=True)
        env = {**os.environ, "RENTRACK_RELIABILITY_SCALE": "large"}
        tests = sorted(str(p) for p in (ROOT / "tests").glob("test_reliability_*.py"))
        return subprocess.run([sys.executable, "-m", "pytest", "-q", *tests], env=env, cwd=ROOT, check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
