"""``rentrack report``: each report against figures worked out by hand from the demo's own files."""

from __future__ import annotations

import csv
import json
import math
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from fixtures import DEMO_AS_OF
from tracker.cli import cli
from tracker.rules.trends import migration, months_back, pareto, quarter_of, spark

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
COUNTING = {"booked", "on-rent", "returned"}


def table(name: str) -> list[dict[str, str]]:
    with (FIXTURES / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def cents(text: str) -> int:
    return int(Decimal(text or "0") * 100)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app_helpers import demo_db

    return demo_db(tmp_path_factory.mktemp("reports") / "demo.db")


def report(demo: Path, *args: str) -> Any:
    got = CliRunner().invoke(cli, ["--db", str(demo), "report", *args, "--format", "json"])
    assert got.exit_code == 0, got.output
    return json.loads(got.output)


def test_monthly_profit_and_rentals_match_the_files(demo: Path) -> None:
    doc = report(demo, "monthly", "--to", DEMO_AS_OF.isoformat())
    months = {m["month"]: m for m in doc["months"]}
    assert list(months) == months_back(DEMO_AS_OF, 24)
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in table("rentals"):
        if r["status"] in COUNTING and r["start_date"] <= DEMO_AS_OF.isoformat():
            m = by_month[r["start_date"][:7]]
            m[0] += 1
            m[1] += cents(r["amount"])
            m[2] += cents(r["cost"])
    for k in table("complaints"):
        by_month[k["opened_on"][:7]][3] += cents(k["compensation"])
    for month, got in months.items():
        n, revenue, cost, given_back = by_month[month]
        assert (got["rentals"], round(got["revenue"] * 100), round(got["cost"] * 100)) == (n, revenue, cost), month
        assert round(got["compensation"] * 100) == given_back, month
        assert round(got["profit"] * 100) == revenue - cost - given_back, month


def test_the_pareto_curve_and_its_80_20_point_match_the_files(demo: Path) -> None:
    """Current value by hand (SPEC 4.1: the year to the day, amount less cost, less compensation)."""
    since = (DEMO_AS_OF - timedelta(days=365)).isoformat()
    day = DEMO_AS_OF.isoformat()
    active = [c["code"] for c in table("customers") if not c["archived_on"]]
    value = dict.fromkeys(active, 0)
    for r in table("rentals"):
        if r["customer"] in value and r["status"] in COUNTING and since < r["start_date"] <= day:
            value[r["customer"]] += cents(r["amount"]) - cents(r["cost"])
    for k in table("complaints"):
        if k["customer"] in value and since < k["opened_on"] <= day:
            value[k["customer"]] -= cents(k["compensation"])
    ranked = sorted(value.values(), reverse=True)
    total = sum(v for v in ranked if v > 0)
    top = math.ceil(len(ranked) / 5)
    running, for_eighty = 0, 0
    for i, v in enumerate(ranked, start=1):
        running += max(v, 0)
        if running >= 0.8 * total:
            for_eighty = i
            break

    doc = report(demo, "pareto", "--as-of", day)
    assert doc["top_fifth_share"] == round(sum(v for v in ranked[:top] if v > 0) / total, 4)
    assert doc["for_eighty"] == for_eighty
    assert len(doc["points"]) == len(active)
    assert doc["points"][-1]["profit_share"] == 1.0
    # The board's own "Top 20% share" says the same.
    board = CliRunner().invoke(cli, ["--db", str(demo), "board", "--as-of", day, "--format", "json"])
    figures = json.loads(board.output)["figures"]
    assert doc["top_fifth_share"] == figures["top_share_of_profit"]


def test_tier_moves_count_every_customer_of_both_boards(demo: Path) -> None:
    doc = report(demo, "tiers", "--from", "2026-05-20", "--to", DEMO_AS_OF.isoformat())
    moves = {row.pop("from"): row for row in doc["moves"]}
    on_later = sum(row[t] for row in moves.values() for t in ("platinum", "gold", "iron", "lead"))
    assert on_later == len([c for c in table("customers") if not c["archived_on"]])
    # Customers added after 2026-05-20 were on no earlier board.
    added = [c for c in table("customers") if c["created_on"] > "2026-05-20" and not c["archived_on"]]
    assert sum(moves["new"].values()) == len(added)


def test_complaints_by_cause_a_quarter_match_the_files(demo: Path) -> None:
    doc = report(demo, "complaints", "--to", DEMO_AS_OF.isoformat())
    since = date.fromisoformat(doc["from"]).isoformat()
    expected: dict[str, Counter[str]] = defaultdict(Counter)
    for k in table("complaints"):
        if since <= k["opened_on"] <= DEMO_AS_OF.isoformat():
            expected[quarter_of(k["opened_on"])][k["category"]] += 1
    got = {q.pop("quarter"): q for q in doc["quarters"]}
    assert got == {q: dict(c) for q, c in sorted(expected.items())}


def test_a_report_as_a_table_and_as_csv(demo: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", str(demo), "report", "monthly", "--to", DEMO_AS_OF.isoformat()])
    assert out.exit_code == 0 and "2026-11" in out.output and "profit" in out.output
    rows = list(csv.reader(runner.invoke(cli, ["--db", str(demo), "report", "monthly", "--to",
                                               DEMO_AS_OF.isoformat(), "--format", "csv"]).output.splitlines()))
    assert rows[0] == ["month", "rentals", "revenue", "cost", "compensation", "profit"] and len(rows) == 25
    bad = runner.invoke(cli, ["--db", str(demo), "report", "tiers", "--from", "2026-12-01", "--to", "2026-11-01"])
    assert bad.exit_code != 0 and "is after --to" in bad.output and "Traceback" not in bad.output


@given(st.lists(st.integers(min_value=-10**9, max_value=10**9), min_size=1, max_size=60))
def test_the_pareto_curve_rises_to_all_the_profit(values: list[int]) -> None:
    curve = pareto(values)
    shares = [p.profit_share for p in curve.points]
    assert shares == sorted(shares)
    if any(v > 0 for v in values):
        assert shares[-1] == pytest.approx(1.0)
        assert 1 <= curve.for_eighty <= len(values)
        assert curve.points[curve.for_eighty - 1].profit_share >= 0.8
        assert curve.for_eighty == 1 or curve.points[curve.for_eighty - 2].profit_share < 0.8
    else:
        assert shares[-1] == 0 and curve.for_eighty == 0


@given(st.dictionaries(st.text("abc", min_size=1, max_size=3), st.sampled_from(["platinum", "gold", "iron", "lead"])),
       st.dictionaries(st.text("abc", min_size=1, max_size=3), st.sampled_from(["platinum", "gold", "iron", "lead"])))
def test_tier_migration_counts_each_customer_once(before: dict[str, str], after: dict[str, str]) -> None:
    table_ = migration(before, after)
    assert sum(sum(row.values()) for row in table_.values()) == len(before.keys() | after.keys())
    for tier in ("platinum", "gold", "iron", "lead"):
        assert sum(table_[tier].values()) == list(before.values()).count(tier)


def test_months_and_bars() -> None:
    assert months_back(date(2026, 2, 14), 3) == ["2025-12", "2026-01", "2026-02"]
    assert spark([0, 5, 10]) == "▁▅█" and spark([3, 3]) == "▁▁" and spark([]) == ""
    assert quarter_of("2026-10-01") == "2026-Q4" and quarter_of("2026-03-31") == "2026-Q1"


def test_a_tiers_emotion_a_month_ends_on_the_boards_average(demo: Path) -> None:
    """The last point is today's board: the average emotion of the tier's customers on it."""
    doc = report(demo, "emotion", "--tier", "iron", "--to", DEMO_AS_OF.isoformat(), "--months", "6")
    days = [p["day"] for p in doc["points"]]
    assert days == ["2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-20"]
    board = json.loads(CliRunner().invoke(cli, ["--db", str(demo), "board", "--as-of", DEMO_AS_OF.isoformat(),
                                                "--format", "json", "--tier", "iron"]).output)
    scores = [c["emotion"] for c in board["customers"]]
    assert doc["points"][-1]["emotion"] == pytest.approx(sum(scores) / len(scores), abs=0.06)


@pytest.fixture(scope="module")
def visited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with return visits of every rating on some of its returned rentals."""
    from app_helpers import demo_db

    from tracker.services import log_visit, open_store

    path = demo_db(tmp_path_factory.mktemp("visited") / "demo.db")
    conn = open_store(path)
    back = conn.execute(
        "SELECT ref, coalesce(returned_on, end_date) FROM rentals WHERE status = 'returned'"
        " AND coalesce(returned_on, end_date) <= ? ORDER BY ref", ((DEMO_AS_OF - timedelta(days=3)).isoformat(),)
    ).fetchall()
    ratings = ("not-satisfied", "ok", "satisfied", "very-satisfied")
    for n, (ref, day) in enumerate(back[::3]):
        log_visit(conn, ref, ratings[n % 4], on=(date.fromisoformat(day) + timedelta(days=n % 3)).isoformat())
    conn.close()
    return path


def _trend_event_by_event(conn: Any, tier: str, as_of: date, months: int) -> list[tuple[date, float]]:
    """The emotion trend as it was first computed: every event of the tier's customers read and scored."""
    from db import board_queries as q
    from tracker.board import current_board, load_facts
    from tracker.board.trend import month_ends
    from tracker.rules.emotion import EmotionEvent, satisfaction_scale, score_trend

    board = current_board(conn, as_of)
    members = [r.code for r in board.rows if r.tier == tier]
    days = month_ends(as_of, months)
    events: dict[str, list[EmotionEvent]] = defaultdict(list)
    for code, kind, on, subject, note, rating in q.customers_events(conn, members, as_of=as_of.isoformat()):
        events[code].append(EmotionEvent(kind, date.fromisoformat(on), kind,
                                         satisfaction_scale(rating) if rating else 1.0))
    facts = load_facts(conn, as_of, board.settings)
    totals = [0.0] * len(days)
    for code in members:
        for i, score in enumerate(score_trend(events[code], facts[code].complaints, days, board.settings)):
            totals[i] += score
    return [(d, t / len(members) if members else 0.0) for d, t in zip(days, totals)]


@pytest.mark.parametrize("months", [1, 6, 12, 30])
def test_a_tiers_emotion_summed_a_month_at_a_time_is_the_event_by_event_one(visited: Path, months: int) -> None:
    from tracker.board.trend import tier_emotion_trend
    from tracker.services import open_store

    conn = open_store(visited)
    try:
        for tier in ("platinum", "gold", "iron", "lead"):
            for as_of in (DEMO_AS_OF, DEMO_AS_OF - timedelta(days=200)):
                want = _trend_event_by_event(conn, tier, as_of, months)
                got = tier_emotion_trend(conn, tier, as_of, months)
                assert [d for d, _ in got] == [d for d, _ in want]
                assert [e for _, e in got] == pytest.approx([e for _, e in want], rel=1e-12, abs=1e-9)
    finally:
        conn.close()


def test_the_tiers_of_an_earlier_day_are_those_of_its_whole_board(visited: Path) -> None:
    from tracker.board import board_tiers, compute_board
    from tracker.services import open_store

    conn = open_store(visited)
    try:
        for back in (0, 30, 90, 365, 700, 900):
            day = DEMO_AS_OF - timedelta(days=back)
            assert board_tiers(conn, day) == {r.code: r.tier for r in compute_board(conn, day).rows}
    finally:
        conn.close()
