"""``rentrack board`` and ``rentrack explain``: through Click's runner and as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures import DEMO_AS_OF
from tests.reliability_support import rentrack
from tracker.cli import cli
from tracker.services import open_store

AS_OF = DEMO_AS_OF.isoformat()
TIER_ORDER = {"platinum": 0, "gold": 1, "iron": 2, "lead": 3}


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "demo", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return path


def test_board_json_has_rows_in_board_order_figures_and_alerts(demo_db: Path) -> None:
    result = run(demo_db, "board", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    rows = doc["customers"]
    assert doc["as_of"] == AS_OF
    assert {r["tier"] for r in rows} == set(TIER_ORDER)
    keys = [(TIER_ORDER[r["tier"]], -r["current_value"], r["code"]) for r in rows]
    assert keys == sorted(keys)
    for key in ("active_customers", "profit", "top_share_of_profit", "value_at_risk", "repeat_rate",
                "complaints_per_100_rentals", "open_complaints", "average_emotion", "units_on_rent",
                "complaints_by_category"):
        assert key in doc["figures"]
    assert doc["figures"]["active_customers"] == len(rows)
    assert doc["alerts"] and all(a["reason"].startswith(a["name"] + ": ") for a in doc["alerts"])
    assert sum(len(r["alerts"]) for r in rows) == len(doc["alerts"])
    assert all(r["emotion"] == round(r["emotion"], 1) and 0 <= r["emotion"] <= 100 for r in rows)


def test_board_csv_has_the_spec_columns(demo_db: Path) -> None:
    result = run(demo_db, "board", "--as-of", AS_OF, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["code", "name", "tier", "current_value", "potential", "emotion", "band", "stage",
                             "next_follow_up", "alerts"]
    as_json = json.loads(run(demo_db, "board", "--as-of", AS_OF, "--format", "json").output)["customers"]
    assert [r["code"] for r in rows] == [r["code"] for r in as_json]
    assert [float(r["current_value"]) for r in rows] == [r["current_value"] for r in as_json]
    assert any(r["alerts"] for r in rows)


def test_board_tier_filter(demo_db: Path) -> None:
    result = run(demo_db, "board", "--as-of", AS_OF, "--format", "csv", "--tier", "gold")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {r["tier"] for r in rows} == {"gold"}
    assert run(demo_db, "board", "--tier", "bronze").exit_code == 2


def test_board_table_is_readable(demo_db: Path) -> None:
    result = run(demo_db, "board", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Tier board as of " + AS_OF in out
    for word in ("platinum", "gold", "iron", "lead", "current_value", "next_follow_up"):
        assert word in out
    assert out.index("platinum") < out.index(" gold ") < out.index(" iron ") < out.index(" lead ")


def test_board_is_deterministic(demo_db: Path) -> None:
    a = run(demo_db, "board", "--as-of", AS_OF, "--format", "json").output
    assert a == run(demo_db, "board", "--as-of", AS_OF, "--format", "json").output


def test_board_past_date_ignores_later_records(demo_db: Path) -> None:
    early = (DEMO_AS_OF - timedelta(days=400)).isoformat()
    doc = json.loads(run(demo_db, "board", "--as-of", early, "--format", "json").output)
    now = json.loads(run(demo_db, "board", "--as-of", AS_OF, "--format", "json").output)
    assert doc["as_of"] == early and doc["figures"]["active_customers"] <= now["figures"]["active_customers"]
    assert doc["figures"]["profit"] != now["figures"]["profit"]


def test_bad_date_and_missing_database(demo_db: Path, tmp_path: Path) -> None:
    bad = run(demo_db, "board", "--as-of", "not a date")
    assert bad.exit_code == 2 and "--as-of" in bad.output
    missing = run(tmp_path / "none.db", "board")
    assert missing.exit_code == 1 and "no such database" in missing.output
    assert not (tmp_path / "none.db").exists()


def test_explain_tier_emotion_stage_and_alerts(demo_db: Path) -> None:
    doc = json.loads(run(demo_db, "board", "--as-of", AS_OF, "--format", "json").output)
    row = next(r for r in doc["customers"] if r["alerts"] and r["tier"] == "platinum")
    result = run(demo_db, "explain", row["code"], "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Tier: {row['tier']}" in out and f"rank {row['rank']} of {len(doc['customers'])}" in out
    assert f"Emotion score: {row['emotion']:.1f} ({row['band']})" in out
    assert f"Stage: {row['stage']} — " in out
    assert f"Next follow-up: {row['next_follow_up']}" in out
    for alert in row["alerts"]:
        assert alert["reason"] in out
    # the breakdown's lines add up to the printed sum, which is the score before the clamp
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("baseline"))
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("sum"))
    parts = [float(line.split()[-1]) for line in lines[start:end]]
    total = float(lines[end].split()[-1])
    assert round(sum(parts), 2) == total
    assert round(total, 1) == row["emotion"] or "held within 0..100" in out


def test_explain_unknown_code_is_one_line_and_non_zero(demo_db: Path) -> None:
    result = run(demo_db, "explain", "NOPE", "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no customer with code or name 'NOPE'"


def test_config_set_changes_the_board_and_bad_values_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert run(db, "demo", "--as-of", AS_OF).exit_code == 0

    def board() -> dict:
        return {r["code"]: r for r in json.loads(run(db, "board", "--as-of", AS_OF, "--format", "json").output)["customers"]}

    before = board()
    assert run(db, "config", "set", "weight_friction", "-40").exit_code == 0
    assert run(db, "config", "set", "cadence_lead", "1000").exit_code == 0
    after = board()
    assert any(after[c]["emotion"] < before[c]["emotion"] for c in before)
    leads = [c for c, r in after.items() if r["tier"] == "lead"]
    assert leads and all(after[c]["next_follow_up"] > before[c]["next_follow_up"] for c in leads
                         if before[c]["tier"] == "lead" and after[c]["band"] not in ("cool", "cold"))
    for key, value, message in (
        ("emotion_half_life_days", "0", "must be greater than 0"),
        ("cadence_gold", "-7", "must be greater than 0"),
        ("top_share", "1.5", "must be at most 1"),
        ("value_basis", "turnover", "must be one of profit, revenue"),
        ("weight_visit", "lots", "must be a number"),
        ("band_warm", "85", "band_warm must be at most band_close (80)"),
        ("repair_month_days", "5", "repair_month_days must be at least repair_week_days (7)"),
    ):
        result = run(db, "config", "set", key, value)
        assert result.exit_code == 1 and message in result.output, (key, result.output)
        assert len(result.output.strip().splitlines()) == 1
    assert board() == after


# --- as a real process -------------------------------------------------------------------------

def test_board_and_explain_as_a_process(demo_db: Path) -> None:
    proc = rentrack(demo_db, "board", "--as-of", AS_OF, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["customers"]
    table = rentrack(demo_db, "board", "--as-of", AS_OF)
    assert table.returncode == 0 and "platinum" in table.stdout and table.stderr == ""
    unknown = rentrack(demo_db, "explain", "NOPE")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert unknown.stderr.strip() == "Error: no customer with code or name 'NOPE'"
    assert "Traceback" not in unknown.stderr


def test_board_today_records_tier_history(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    assert run(db, "demo").exit_code == 0
    proc = rentrack(db, "board", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    conn = open_store(db)
    (n,) = conn.execute("SELECT count(*) FROM tier_history WHERE changed_on = ?",
                        (date.today().isoformat(),)).fetchone()
    assert n == len(proc.stdout.strip().splitlines()) - 1


def test_board_does_not_import_textual() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from tracker.cli import cli;"
        "r = CliRunner().invoke(cli, ['--db', sys.argv[1], 'board', '--format', 'json']);"
        "assert r.exit_code == 0, r.output;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'sqlite_utils', 'screens')))"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "x.db"
        open_store(db).close()
        proc = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True,
                              env={**os.environ}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_the_next_board_is_read_back_until_something_changes(tmp_path: Path) -> None:
    from db.writes import transaction

    db = tmp_path / "s.db"
    assert run(db, "demo", "--as-of", AS_OF).exit_code == 0
    first = rentrack(db, "board", "--as-of", AS_OF, "--format", "json")
    assert first.returncode == 0, first.stderr
    conn = open_store(db)
    try:
        stored = "SELECT as_of, changes = (SELECT n FROM change_count) FROM board_cache"
        assert [tuple(r) for r in conn.execute(stored)] == [(AS_OF, 1)]
        second = rentrack(db, "board", "--as-of", AS_OF, "--format", "json")
        assert second.stdout == first.stdout
        with transaction(conn):
            conn.execute("UPDATE customers SET name = 'Renamed Lifts Ltd' WHERE code = 'C001'")
        assert [tuple(r) for r in conn.execute(stored)] == [(AS_OF, 0)]  # no longer the board of the data
    finally:
        conn.close()
    third = rentrack(db, "board", "--as-of", AS_OF, "--format", "json")
    assert "Renamed Lifts Ltd" in third.stdout and "Renamed Lifts Ltd" not in first.stdout


def test_explain_and_alerts_say_the_windows_the_settings_hold(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run(db, "demo", "--as-of", AS_OF).exit_code == 0
    board = json.loads(run(db, "board", "--as-of", AS_OF, "--format", "json").output)
    top = board["customers"][0]
    three_days_ago = (DEMO_AS_OF - timedelta(days=3)).isoformat()
    conn = open_store(db)
    with conn:
        conn.execute("INSERT INTO tier_history VALUES (?, ?, ?, 'lead')", (top["code"], three_days_ago, top["tier"]))
    conn.close()
    assert run(db, "config", "set", "tier_change_days", "7").exit_code == 0
    assert run(db, "config", "set", "spend_drop_recent_days", "60").exit_code == 0
    explained = run(db, "explain", top["code"], "--as-of", AS_OF).output
    assert f"Tier: {top['tier']} (up in the last 7 days)" in explained
    assert f"  moved from lead to {top['tier']} on {three_days_ago}" in explained
    assert "  top 8 of 39 by value (20% of the count): rank 1, " in explained and " above the cut (" in explained
    assert "it moves as customers are added or leave" in explained
    reasons = [a["reason"] for a in json.loads(run(db, "board", "--as-of", AS_OF, "--format", "json").output)["alerts"]
               if a["kind"] == "spend-drop"]
    assert reasons and all("vs its usual 60 days" in r for r in reasons)


def test_explain_names_the_rentals_owing_and_keeps_compensation_off_the_balance(demo_db: Path) -> None:
    out = run(demo_db, "explain", "C007", "--as-of", AS_OF).output
    assert "Balance owed: 150.00 (amounts less payments)\n  R0295  ended 2026-10-18  150.00 of 300.00\n" in out
    assert ("Compensation: 300.00 (K022): taken off value, not off the balance owed"
            " (a credit against a rental is a payment)") in out
