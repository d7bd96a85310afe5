"""The day's list: tasks and promises due, follow-ups due, complaints waiting, returns due, return visits
due, unpaid rentals and contacts' birthdays in the coming week, in one list, most urgent first
(:mod:`tracker.rules.tasks`)."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from db import task_queries as tq
from db.schema import TIERS
from tracker.board import Board, current_board
from tracker.cents import cents_to_text
from tracker.rules.tasks import TodayItem, most_urgent_first, next_birthday
from tracker.settings import Settings

#: Birthdays this many days ahead (today included) are on the day's list.
BIRTHDAY_DAYS = 7


def _late(day: date, today: date) -> str:
    days = (today - day).days
    if days <= 0:
        return "today" if days == 0 else f"in {-days} day{'' if days == -1 else 's'}"
    return f"{days} day{'' if days == 1 else 's'} late"


def today_items(conn: sqlite3.Connection, as_of: date | None = None, *, board: Board | None = None) -> list[TodayItem]:
    """Everything due by *as_of* (default today), most urgent first; *board* is the board as of that day if at hand."""
    as_of = as_of or date.today()
    board = board or current_board(conn, as_of)
    settings: Settings = board.settings
    t = as_of.isoformat()
    items: list[TodayItem] = []
    for task in tq.tasks(conn, as_of=t, up_by=t):
        up = date.fromisoformat(task["comes_up"])
        woke = f", snoozed until {task['snoozed_until']}" if task["snoozed_until"] else ""
        items.append(TodayItem(task["kind"], up, task["customer"], task["name"], task["ref"],
                               f"{task['what']} (due {task['due']}{woke}; {_late(up, as_of)})"))
    for row in board.rows:
        if row.next_follow_up <= as_of:
            items.append(TodayItem("follow-up", row.next_follow_up, row.code, row.name, "",
                                   f"follow-up due {row.next_follow_up} ({row.tier}, {row.band};"
                                   f" {_late(row.next_follow_up, as_of)})", TIERS.index(row.tier)))
    for k in tq.complaints_waiting(conn, as_of=t):
        opened = date.fromisoformat(k["opened_on"])
        days = (as_of - opened).days
        items.append(TodayItem("complaint", opened, k["customer"], k["name"], k["ref"],
                               f"complaint {k['ref']} ({k['category']}, severity {k['severity']})"
                               f" open {days} day{'' if days == 1 else 's'}", -k["severity"]))
    for r in tq.returns_due(conn, as_of=t):
        end = date.fromisoformat(r["end_date"])
        unit = f" ({r['unit_name'] or r['equipment']})" if r["equipment"] else ""
        items.append(TodayItem("return", end, r["customer"], r["name"], r["ref"],
                               f"{r['ref']}{unit} due back {end} ({_late(end, as_of)})"))
    ended_before = (as_of - timedelta(days=settings.unpaid_after_days)).isoformat()
    for r in tq.unpaid_rentals(conn, as_of=t, ended_before=ended_before):
        since = date.fromisoformat(r["end_date"]) + timedelta(days=settings.unpaid_after_days)
        items.append(TodayItem("unpaid", since, r["customer"], r["name"], r["ref"],
                               f"{r['ref']} ended {r['end_date']}, {cents_to_text(r['owed'], thousands=True)} owed"))
    since = (as_of - timedelta(days=settings.return_visit_days)).isoformat()
    for r in tq.visits_due(conn, as_of=t, returned_since=since):
        back = date.fromisoformat(r["back"])
        due = back + timedelta(days=settings.return_visit_days)
        items.append(TodayItem("return-visit", due, r["customer"], r["name"], r["ref"],
                               f"return visit on {r['ref']} (back {back}), due by {due}"))
    for b in tq.birthdays(conn):
        when = next_birthday(date.fromisoformat(b["birthday"]), as_of)
        if (when - as_of).days < BIRTHDAY_DAYS:
            role = f", {b['role']}" if b["role"] else ""
            items.append(TodayItem("birthday", when, b["customer"], b["name"], b["ref"],
                                   f"{b['contact']}{role}: birthday {when} ({_late(when, as_of)})"))
    return most_urgent_first(items)


def item_dict(item: TodayItem, as_of: date) -> dict[str, object]:
    """One item as plain JSON values."""
    return {"kind": item.kind, "day": item.day.isoformat(), "days_late": (as_of - item.day).days,
            "customer": item.customer, "name": item.name, "ref": item.ref or None, "what": item.what}
