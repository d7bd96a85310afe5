"""Benchmark of the tier board on a large synthetic database.

Builds (seeded, reproducible) a database with 10k customers, 500 units, 1M
rentals over about five years, 200k interactions and 20k complaints, then
measures, each as the median of 5 runs with min and max:

* SQLite's bare GROUP BY of the rentals' value over the window (the yardstick);
* ``tracker.board.compute_board`` in-process, and its ratio to the yardstick;
* the same with the stored emotion anchors rebuilt first (the first board
  after a large import or a half-life change), and as of three years back
  (where every event is summed, not read from the anchors);
* ``tracker.board.update_customer`` after logging one rental.

Usage::

    python bench/board_bench.py [PATH] [--rebuild] [--runs N]

PATH defaults to /tmp/rentrack-bench.db; an existing file built by this script
is reused unless ``--rebuild`` is given.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.connection import connect  # noqa: E402
from db.writes import seed_settings, transaction  # noqa: E402
from tracker.settings import DEFAULTS  # noqa: E402

AS_OF = date(2025, 6, 30)
FIRST_DAY = date(2020, 7, 1)
LAST_DAY = date(2025, 8, 31)
N_CUSTOMERS = 10_000
N_UNITS = 500
N_RENTALS = 1_000_000
N_INTERACTIONS = 200_000
N_COMPLAINTS = 20_000
SEED = 20250630

CATEGORIES = ("attitude", "overcharge", "waiting", "quality", "broken-promise",
              "not-fixed-first-time", "warranty", "after-sales", "advertising", "unfounded")
KINDS = ("call", "message", "visit", "event", "project", "honour", "gift", "friction")
KIND_WEIGHTS = (30, 30, 12, 5, 2, 1, 5, 5)


def _iso(d: date) -> str:
    return d.isoformat()


def build(path: Path) -> None:
    """Create the synthetic database at *path* (replacing any file there)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    rng = random.Random(SEED)
    conn = connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    span = (LAST_DAY - FIRST_DAY).days
    t0 = time.perf_counter()
    with transaction(conn):
        seed_settings(conn, DEFAULTS)
        customers = []
        for i in range(N_CUSTOMERS):
            code = f"C{i:05d}"
            segment = rng.choices(("large", "small", "prospect"), (15, 75, 10))[0]
            potential = rng.choice((None, None, 1, 2, 3, 4, 5))
            referred = f"C{rng.randrange(i):05d}" if i > 10 and rng.random() < 0.1 else None
            created = FIRST_DAY + timedelta(days=rng.randrange(span // 2))
            archived = _iso(created + timedelta(days=rng.randrange(200, 1500))) if rng.random() < 0.03 else None
            customers.append((code, f"Customer {i}", segment, referred, potential,
                              1 if rng.random() < 0.01 else 0, _iso(created), archived))
        conn.executemany(
            "INSERT INTO customers (code, name, segment, referred_by, potential, partner, created_on, archived_on)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", customers)
        conn.executemany(
            "INSERT INTO equipment (code, name, category, daily_rate) VALUES (?, ?, ?, ?)",
            [(f"U{u:03d}", f"Unit {u}", rng.choice(("scissor", "boom", "spider", "mast")),
              rng.randrange(300, 3000) * 100) for u in range(N_UNITS)])
        # Customers' shares of the business follow a long tail (the 80/20 shape).
        weights = [1.0 / (k + 1) ** 0.9 for k in range(N_CUSTOMERS)]
        rng.shuffle(weights)
        codes = [c[0] for c in customers]
        picks = rng.choices(codes, weights, k=N_RENTALS)
        today_ord = AS_OF.toordinal()

        def rental_row(n: int, unit: str | None, start: date, days: int) -> tuple:
            end = start + timedelta(days=days - 1)
            rate = rng.randrange(300, 3000) * 100
            amount = rate * days
            cost = amount * rng.randrange(10, 60) // 100
            r = rng.random()
            if start.toordinal() > today_ord:
                status = "quote" if r < 0.2 else "booked"
            elif end.toordinal() >= today_ord:
                status = "on-rent" if r < 0.9 else "booked"
            elif r < 0.05:
                status = "quote"
            elif r < 0.10:
                status = "cancelled"
            elif r < 0.105:
                status = "on-rent"  # an overdue return
            else:
                status = "returned"
            returned = None
            if status == "returned" and rng.random() < 0.7:
                returned = _iso(end + timedelta(days=rng.choice((0, 0, 0, 1))))
            paid = amount if rng.random() < 0.97 else rng.randrange(amount + 1)
            return (f"R{n:07d}", picks[n], unit, _iso(start), _iso(end), returned, rate,
                    amount, cost, paid, status)

        rows = []
        per_unit = N_RENTALS // 2 // N_UNITS
        slot = span / per_unit
        n = 0
        for u in range(N_UNITS):
            unit = f"U{u:03d}"
            for k in range(per_unit):
                start = FIRST_DAY + timedelta(days=int(k * slot))
                next_start = FIRST_DAY + timedelta(days=int((k + 1) * slot))
                days = max(1, min((next_start - start).days, rng.randrange(1, 3)))
                rows.append(rental_row(n, unit, start, days))
                n += 1
        while n < N_RENTALS:
            start = FIRST_DAY + timedelta(days=rng.randrange(span))
            rows.append(rental_row(n, None, start, rng.randrange(1, 15)))
            n += 1
        conn.executemany(
            "INSERT INTO rentals (ref, customer, equipment, start_date, end_date, returned_on,"
            " daily_rate, amount, cost, paid, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        del rows
        conn.executemany(
            "INSERT INTO interactions (ref, customer, date, kind) VALUES (?, ?, ?, ?)",
            [(f"I{i:07d}", rng.choices(codes, weights)[0],
              _iso(FIRST_DAY + timedelta(days=rng.randrange(span - 60))),
              rng.choices(KINDS, KIND_WEIGHTS)[0]) for i in range(N_INTERACTIONS)])
        complaints = []
        for i in range(N_COMPLAINTS):
            opened = FIRST_DAY + timedelta(days=rng.randrange(span - 62))
            resolved = opened + timedelta(days=rng.choice((0, 1, 2, 5, 7, 12, 30, 45)))
            is_open = resolved > AS_OF or rng.random() < 0.02
            complaints.append((f"K{i:06d}", rng.choices(codes, weights)[0], _iso(opened),
                               rng.choice(CATEGORIES), rng.randrange(1, 6),
                               "open" if is_open else "resolved",
                               None if is_open else _iso(resolved),
                               rng.choice((0, 0, 0, 5000, 20000))))
        conn.executemany(
            "INSERT INTO complaints (ref, customer, opened_on, category, severity, status,"
            " resolved_on, compensation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", complaints)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    print(f"built {path} in {time.perf_counter() - t0:.1f} s")


def _timed(fn, runs: int) -> tuple[float, float, float, object]:
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), max(times), result


def _fmt(label: str, t: tuple[float, float, float, object]) -> str:
    med, lo, hi, _ = t
    return f"{label:<42} median {med * 1000:8.1f} ms   (min {lo * 1000:.1f}, max {hi * 1000:.1f})"


def measure(path: Path, runs: int) -> None:
    """Time the yardstick query, the whole board and a one-customer update."""
    from tracker.board import compute_board, update_customer
    from tracker.settings import resolve
    from db.writes import get_settings

    conn = connect(path)
    window = resolve(get_settings(conn))["value_window_days"]
    lo = (AS_OF - timedelta(days=window)).isoformat()
    bare_sql = (
        "SELECT customer, sum(amount - cost) FROM rentals WHERE start_date > ? AND start_date <= ?"
        " AND status IN ('booked','on-rent','returned') GROUP BY customer"
    )
    bare = _timed(lambda: conn.execute(bare_sql, (lo, AS_OF.isoformat())).fetchall(), runs)
    compute_board(conn, AS_OF)  # brings the stored emotion anchors up to date
    board = _timed(lambda: compute_board(conn, AS_OF), runs)
    print(_fmt("bare GROUP BY over the window", bare))
    print(_fmt("compute_board (10k customers)", board))
    print(f"ratio board / bare: {board[0] / bare[0]:.2f}")

    def rebuilt():
        with transaction(conn):
            conn.execute("DELETE FROM emotion_anchor_state")
        return compute_board(conn, AS_OF)

    print(_fmt("compute_board, anchors rebuilt first", _timed(rebuilt, runs)))
    past = AS_OF - timedelta(days=3 * 365)
    print(_fmt("compute_board three years back (summed)", _timed(lambda: compute_board(conn, past), runs)))
    b = board[3]
    top = b.rows[0]

    counter = [0]

    def log_and_update():
        counter[0] += 1
        with transaction(conn):
            conn.execute(
                "INSERT INTO rentals (ref, customer, start_date, end_date, amount, cost, status)"
                " VALUES (?, ?, ?, ?, ?, ?, 'booked')",
                (f"BENCH{time.time_ns()}{counter[0]}", top.code, AS_OF.isoformat(),
                 AS_OF.isoformat(), 100_000, 0))
        return update_customer(conn, b, top.code)

    upd = _timed(log_and_update, runs)
    print(_fmt("log one rental + update_customer", upd))
    only = _timed(lambda: update_customer(conn, b, top.code), runs)
    print(_fmt("update_customer alone", only))
    with transaction(conn):
        conn.execute("DELETE FROM rentals WHERE ref LIKE 'BENCH%'")
    f = b.figures
    print(f"active customers {f.active_customers}, profit {f.profit / 100:,.2f}, "
          f"top-20% share {f.top_share_of_profit:.1%}")
    conn.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/tmp/rentrack-bench.db")
    parser.add_argument("--rebuild", action="store_true", help="build the file even if it exists")
    parser.add_argument("--build-only", action="store_true", help="build and stop")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    path = Path(args.path)
    if args.rebuild or not path.exists() or path.stat().st_size == 0:
        build(path)
    if not args.build_only:
        measure(path, args.runs)


if __name__ == "__main__":
    main()
