"""Tasks and promises: the services, the board's follow-up date, `rentrack task` and `rentrack today`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.board import compute_board
from tracker.cli import cli
from tracker.records import ValidationError
from tracker.rules.tasks import TodayItem, add_months, most_urgent_first, next_birthday, period, snooze_until
from tracker.services import add, add_task, done_task, open_store, snooze_task

T = date(2025, 6, 30)


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    db = tmp_path / "t.db"
    assert run(db, "demo", "--as-of", T.isoformat()).exit_code == 0
    return db


# --- the rules ------------------------------------------------------------------------------------

def test_snoozes_count_from_the_later_of_today_and_the_day_it_comes_up():
    assert period("1w") == (1, "w") and period("2W") == (2, "w") and period("1m") == (1, "m")
    assert period("0w") is None and period("soon") is None and period("2025-07-01") is None
    overdue = T - timedelta(days=3)
    assert snooze_until((1, "w"), overdue, None, T) == T + timedelta(days=7)
    assert snooze_until((2, "w"), T + timedelta(days=10), None, T) == T + timedelta(days=24)
    assert snooze_until((1, "m"), date(2025, 1, 31), None, date(2025, 1, 31)) == date(2025, 2, 28)
    assert snooze_until((1, "w"), overdue, T + timedelta(days=2), T) == T + timedelta(days=9)  # snoozed again
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)


def test_the_days_list_is_most_urgent_first():
    def item(kind: str, ago: int, weight: int = 0, name: str = "A") -> TodayItem:
        return TodayItem(kind, T - timedelta(days=ago), "C", name, "", "", weight)

    items = [item("follow-up", 400, weight=3), item("unpaid", 90), item("follow-up", 2, weight=0),
             item("complaint", 1, weight=-5), item("complaint", 20, weight=-2), item("promise", 0),
             item("task", 5), item("return", 1), item("birthday", -3)]
    got = [(i.kind, (T - i.day).days) for i in most_urgent_first(items)]
    assert got == [("promise", 0), ("task", 5), ("complaint", 1), ("complaint", 20), ("return", 1),
                   ("follow-up", 2), ("follow-up", 400), ("unpaid", 90), ("birthday", -3)]


def test_next_birthday():
    assert next_birthday(date(1980, 7, 2), T) == date(2025, 7, 2)
    assert next_birthday(date(1980, 6, 30), T) == T
    assert next_birthday(date(1980, 6, 1), T) == date(2026, 6, 1)
    assert next_birthday(date(1984, 2, 29), date(2025, 2, 1)) == date(2025, 2, 28)


# --- the services and the board -------------------------------------------------------------------

def test_add_done_snooze_and_the_follow_up_date(tmp_path: Path) -> None:
    conn = open_store(tmp_path / "s.db")
    add(conn, "customers", {"code": "C1", "name": "Harbor Steel", "created_on": "2025-06-01"})
    # lead, no contact: its follow-up is created + 90 days
    assert compute_board(conn, T).row("C1").next_follow_up == date(2025, 8, 30)
    saved = add_task(conn, "C1", "Call about the boom lift", "2025-07-03", kind="promise")
    ref = saved.record.ref
    assert (ref, saved.record.kind, saved.customer) == ("T0001", "promise", "C1")
    row = compute_board(conn, T).row("C1")
    assert (row.next_follow_up, row.follow_up_overdue) == (date(2025, 7, 3), False)  # the task is earlier
    snooze_task(conn, ref, "1w", today=T)
    assert conn.execute("SELECT snoozed_until FROM tasks").fetchone()[0] == "2025-07-10"
    assert compute_board(conn, T).row("C1").next_follow_up == date(2025, 7, 10)
    snooze_task(conn, ref, "2025-07-20", today=T)
    with pytest.raises(ValidationError, match="not after it is due"):
        snooze_task(conn, ref, "2025-07-01", today=T)
    with pytest.raises(ValidationError, match="1w, 2w, 1m"):
        snooze_task(conn, ref, "whenever", today=T)
    done_task(conn, ref, T)
    assert compute_board(conn, T).row("C1").next_follow_up == date(2025, 8, 30)
    assert compute_board(conn, T - timedelta(days=1)).row("C1").next_follow_up == date(2025, 7, 20)  # open then
    with pytest.raises(ValidationError, match="is done"):
        snooze_task(conn, ref, "1w", today=T)
    with pytest.raises(ValidationError, match="no customer"):
        add_task(conn, "NOPE", "x", "2025-07-01")
    with pytest.raises(ValidationError, match="what: is required"):
        add_task(conn, "C1", "  ", "2025-07-01")


# --- the commands ---------------------------------------------------------------------------------

def test_task_commands(demo: Path) -> None:
    added = run(demo, "task", "add", "C001", "Send the quote", "--due", "2025-06-28", "--promise")
    assert added.exit_code == 0, added.output
    ref = added.stdout.strip()
    assert ref == "T0001"
    assert run(demo, "task", "add", "C001", "Visit the site", "--due", "2025-07-15").exit_code == 0
    listed = json.loads(run(demo, "task", "list", "--as-of", T.isoformat(), "--format", "json").stdout)
    assert [(t["ref"], t["kind"], t["what"]) for t in listed["tasks"]] == [
        ("T0001", "promise", "Send the quote"), ("T0002", "task", "Visit the site")]
    assert run(demo, "task", "snooze", "T0002", "2w").exit_code == 0
    assert run(demo, "task", "done", ref, "--on", T.isoformat()).exit_code == 0
    listed = json.loads(run(demo, "task", "list", "--as-of", T.isoformat(), "--format", "json").stdout)
    assert [t["ref"] for t in listed["tasks"]] == ["T0002"]
    table = run(demo, "task", "list", "--all", "--as-of", T.isoformat()).stdout
    assert "Send the quote" in table and "Visit the site" in table
    bad = run(demo, "task", "snooze", "T0002", "someday")
    assert bad.exit_code == 1 and "1w, 2w, 1m" in bad.output and "Traceback" not in bad.output
    assert run(demo, "task", "done", "T9999").exit_code == 1


def test_today_lists_every_kind_most_urgent_first(demo: Path) -> None:
    assert run(demo, "task", "add", "C002", "Bring the spare battery", "--due", "2025-06-29", "--promise").exit_code == 0
    assert run(demo, "task", "add", "C002", "Later", "--due", "2025-07-29").exit_code == 0
    doc = json.loads(run(demo, "today", "--as-of", T.isoformat(), "--format", "json").stdout)
    items = doc["items"]
    kinds = [i["kind"] for i in items]
    assert kinds[0] == "promise" and items[0]["what"].startswith("Bring the spare battery")
    assert {"promise", "complaint", "return", "follow-up", "unpaid"} <= set(kinds)
    assert all("Later" not in i["what"] for i in items)  # not due yet
    order = ["promise", "task", "complaint", "return", "follow-up", "return-visit", "unpaid", "birthday"]
    assert kinds == sorted(kinds, key=order.index)
    complaints = [i for i in items if i["kind"] == "complaint"]
    assert complaints == sorted(complaints, key=lambda i: -int(i["what"].split("severity ")[1][0]))
    table = run(demo, "today", "--as-of", T.isoformat()).stdout
    assert "Bring the spare battery" in table and f"{len(items)} to do" in table


def test_tasks_round_trip_through_export_and_import(demo: Path, tmp_path: Path) -> None:
    assert run(demo, "task", "add", "C001", "=HYPERLINK(\"x\")", "--due", "2025-06-28", "--note", "上海, 浦东").exit_code == 0
    out = tmp_path / "tasks.csv"
    assert run(demo, "export", "tasks", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "ref,customer,kind,what,due,done_on,snoozed_until,note"
    assert "'=HYPERLINK" in text  # no formula
    again = run(demo, "import", "tasks", str(out))
    assert again.exit_code == 0 and "unchanged 1" in again.output


def test_today_as_a_process(demo: Path) -> None:
    assert run(demo, "task", "add", "C001", "Send the quote", "--due", "2025-06-28").exit_code == 0
    done = subprocess.run([sys.executable, "-m", "tracker.cli", "--db", str(demo), "today", "--as-of", "2025-06-30",
                           "--format", "json"], capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["items"][0]["ref"] == "T0001"
