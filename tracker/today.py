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
from tracker.i18n import _, ngettext
from tracker.rules.tasks import TodayItem, most_urgent_first, next_birthday
from tracker.settings import Settings
from tracker.words import shown

#: Birthdays this many days ahead (today included) are on the day's list.
BIRTHDAY_DAYS = 7


def _late(day: date, today: date) -> str:
    days = (today - day).days
    if days == 0:
        return _("today")
    if days < 0:
        return ngettext("in {n} day", "in {n} days", -days).format(n=-days)
    return ngettext("{n} day late", "{n} days late", days).format(n=days)


def today_items(conn: sqlite3.Connection, as_of: date | None = None, *, board: Board | None = None) -> list[TodayItem]:
    """Everything due by *as_of* (default today), most urgent first; *board* is the board as of that day if at hand."""
    as_of = as_of or date.today()
    board = board or current_board(conn, as_of)
    settings: Settings = board.settings
    t = as_of.isoformat()
    items: list[TodayItem] = []
    for task in tq.tasks(conn, as_of=t, up_by=t):
        up = date.fromisoformat(task["comes_up"])
        if task["snoozed_until"]:
            what = _("{what} (due {due}, snoozed until {until}; {late})")
        else:
            what = _("{what} (due {due}; {late})")
        items.append(TodayItem(task["kind"], up, task["customer"], task["name"], task["ref"],
                               what.format(what=task["what"], due=task["due"], until=task["snoozed_until"],
                                           late=_late(up, as_of))))
    for row in board.rows:
        if row.next_follow_up <= as_of:
            items.append(TodayItem("follow-up", row.next_follow_up, row.code, row.name, "",
                                   _("follow-up due {due} ({tier}, {band}; {late})").format(
                                       due=row.next_follow_up, tier=shown(row.tier), band=shown(row.band),
                                       late=_late(row.next_follow_up, as_of)), TIERS.index(row.tier)))
    for k in tq.complaints_waiting(conn, as_of=t):
        opened = date.fromisoformat(k["opened_on"])
        days = (as_of - opened).days
        items.append(TodayItem("complaint", opened, k["customer"], k["name"], k["ref"],
                               ngettext("complaint {ref} ({category}, severity {severity}) open {n} day",
                                        "complaint {ref} ({category}, severity {severity}) open {n} days",
                                        days).format(ref=k["ref"], category=shown(k["category"]),
                                                     severity=k["severity"], n=days), -k["severity"]))
    for r in tq.returns_due(conn, as_of=t):
        end = date.fromisoformat(r["end_date"])
        if r["equipment"]:
            what = _("{ref} ({unit}) due back {end} ({late})")
        else:
            what = _("{ref} due back {end} ({late})")
        items.append(TodayItem("return", end, r["customer"], r["name"], r["ref"],
                               what.format(ref=r["ref"], unit=r["unit_name"] or r["equipment"], end=end,
                                           late=_late(end, as_of))))
    ended_before = (as_of - timedelta(days=settings.unpaid_after_days)).isoformat()
    for r in tq.unpaid_rentals(conn, as_of=t, ended_before=ended_before):
        since = date.fromisoformat(r["end_date"]) + timedelta(days=settings.unpaid_after_days)
        items.append(TodayItem("unpaid", since, r["customer"], r["name"], r["ref"],
                               _("{ref} ended {end}, {owed} owed").format(
                                   ref=r["ref"], end=r["end_date"], owed=cents_to_text(r["owed"], thousands=True))))
    since = (as_of - timedelta(days=settings.return_visit_days)).isoformat()
    for r in tq.visits_due(conn, as_of=t, returned_since=since):
        back = date.fromisoformat(r["back"])
        due = back + timedelta(days=settings.return_visit_days)
        items.append(TodayItem("return-visit", due, r["customer"], r["name"], r["ref"],
                               _("return visit on {ref} (back {back}), due by {due}").format(
                                   ref=r["ref"], back=back, due=due)))
    for b in tq.birthdays(conn):
        when = next_birthday(date.fromisoformat(b["birthday"]), as_of)
        if (when - as_of).days < BIRTHDAY_DAYS:
            if b["role"]:
                what = _("{contact}, {role}: birthday {day} ({late})")
            else:
                what = _("{contact}: birthday {day} ({late})")
            items.append(TodayItem("birthday", when, b["customer"], b["name"], b["ref"],
                                   what.format(contact=b["contact"], role=b["role"], day=when,
                                               late=_late(when, as_of))))
    return most_urgent_first(items)


def item_dict(item: TodayItem, as_of: date) -> dict[str, object]:
    """One item as plain JSON values."""
    return {"kind": item.kind, "day": item.day.isoformat(), "days_late": (as_of - item.day).days,
            "customer": item.customer, "name": item.name, "ref": item.ref or None, "what": item.what}
